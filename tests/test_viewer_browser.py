"""The e-paper viewer in a real browser: headless Chromium (Debian's `chromium`) driven by
Playwright, opening the two sample issues from file:// (issues #7 and #16) — hot zones, 版面翻页,
整版/适宽/放大/缩小, 上一篇/下一篇, 上一期/下一期, 往期, 本期目录, search in one issue and across
the archive, swipe, pinch and double tap on a touch phone, deep zoom to 800 % (tile requests,
sharp type), the share link, the view without JavaScript, axe-core (0 violations), no console
errors, and the live preview updating the open viewer.

Skipped when Chromium or Playwright is missing (.ci/run installs both); conftest.py then says so
in one line at the end of the run."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageFilter, ImageStat

from layout import style as house
from layout.edition.build import BuildOptions, build
from layout.edition.web.search import tokenize

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "yunchuan-2026-11-24"
NEXT = ROOT / "issues" / "yunchuan-2026-11-25"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True,
         "has_touch": True}

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Both issues built into one output root with the default house style (4096 px tiles)."""
    out = tmp_path_factory.mktemp("site")
    build(NEXT, BuildOptions(out=out))
    build(SAMPLE, BuildOptions(out=out))
    return out


def small_style(body_size: float = 9.0) -> house.HouseStyle:
    """Smaller images and tiles for the live preview's builds (the same code paths)."""
    style = house.default_style(body_size)
    return dataclasses.replace(style, web=dataclasses.replace(style.web, tile_width=1024,
                                                              tile_size=256))


def viewer_url(site: Path, issue: Path = SAMPLE, hash_: str = "") -> str:
    return (site / issue.name / "web" / "index.html").as_uri() + hash_


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A page and everything it reported: console errors, page errors, failed requests."""

    def __init__(self, browser, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.on("console", lambda m: self.errors.append(
            f"console: {m.text} ({m.location.get('url')})") if m.type == "error" else None)
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def close(self) -> None:
        self.context.close()
        assert self.errors == [], "no console errors, page errors or failed requests"


@pytest.fixture
def desktop(browser):
    tab = Tab(browser, viewport=DESKTOP)
    yield tab.page
    tab.close()


@pytest.fixture
def phone(browser):
    tab = Tab(browser, **PHONE)
    tab.page.tab = tab
    yield tab.page
    tab.close()


def ready(page, url: str) -> None:
    """Open the viewer and wait until the page's tiles are drawn."""
    page.goto(url)
    page.wait_for_function("window.BanmianViewer && BanmianViewer.osd().world.getItemCount() > 0"
                           " && BanmianViewer.osd().world.getItemAt(0).getFullyLoaded()")


def image_box(page) -> dict:
    """The page image's box on screen (OpenSeadragon's tiled image)."""
    return page.evaluate("""() => { const v = BanmianViewer.osd(), t = v.world.getItemAt(0);
        const r = v.viewport.viewportToViewerElementRectangle(t.getBounds(true));
        const c = v.container.getBoundingClientRect();
        return {x: r.x + c.x, y: r.y + c.y, width: r.width, height: r.height}; }""")


def settle(page) -> None:
    """Wait until the zoom and pan animation has ended and the view's tiles are drawn."""
    page.wait_for_function("""() => { const v = BanmianViewer.osd(), vp = v.viewport;
        const a = vp.getCenter(true), b = vp.getCenter(false);
        return Math.abs(vp.getZoom(true) / vp.getZoom(false) - 1) < 1e-4
            && Math.abs(a.x - b.x) + Math.abs(a.y - b.y) < 1e-6
            && v.world.getItemAt(0).getFullyLoaded(); }""")
    page.wait_for_timeout(100)  # one more frame drawn


# --------------------------------------------------------------------------- desktop


def test_click_a_hot_zone_shows_the_article(site, desktop):
    page = desktop
    ready(page, viewer_url(site))
    assert page.inner_text("#page-title") == "第1版：要闻"
    assert page.locator("#thumbs .thumb").count() == 4
    edition = page.evaluate("BanmianViewer.edition()")
    warmth = next(a for a in edition["articles"] if a["id"] == "warmth")
    zone = page.locator('.zone[data-article="warmth"]').first
    zone.hover()
    assert "hover" in zone.get_attribute("class")
    zone.click()
    page.wait_for_selector("#article h2")
    assert page.inner_text("#article h2") == warmth["headline"]
    assert warmth["byline"] in page.inner_text("#article .byline")
    assert warmth["blocks"][0]["text"][:30] in page.inner_text("#article")
    assert "article=warmth" in page.url and "active" in zone.get_attribute("class")
    page.locator('.zone[data-article="app"]').first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.querySelector('#article h2').textContent.startsWith('“云川职工”App')")
    page.screenshot(path=str(site / "viewer-desktop-article.png"))


def test_turn_pages_zoom_fit_width_and_reset(site, desktop):
    page = desktop
    ready(page, viewer_url(site))
    assert page.is_disabled("#prev-page")
    page.click("#next-page")
    assert page.inner_text("#page-title") == "第2版：综合新闻"
    assert page.get_attribute(".page-pdf", "download") == "yunchuan_20261124_02.pdf"
    page.locator('.zone[data-article="lead"]').first.click()
    page.wait_for_selector("#article .jumps button")
    assert page.inner_text("#article h2") == "云川为产业工人铺就“成才快车道”"
    assert page.inner_text("#article .jumps") == "上接第1版"
    page.keyboard.press("ArrowRight")
    assert page.inner_text("#page-title").startswith("第3版")
    page.keyboard.press("ArrowLeft")
    assert page.inner_text("#page-title") == "第2版：综合新闻"
    settle(page)
    base = image_box(page)["width"]
    zone = page.locator(".zone").first
    share = zone.bounding_box()["width"] / base
    page.click("#zoom-in")
    page.click("#zoom-in")
    settle(page)
    assert image_box(page)["width"] == pytest.approx(base * 1.5625, rel=0.02)
    assert zone.bounding_box()["width"] / image_box(page)["width"] == pytest.approx(share, rel=0.02)
    assert page.inner_text("#zoom-level") == "156%"
    assert page.get_attribute("#zoom-reset", "aria-pressed") == "false"
    page.click("#zoom-reset")
    settle(page)
    assert image_box(page)["width"] == pytest.approx(base, rel=0.01)
    assert page.get_attribute("#zoom-reset", "aria-pressed") == "true"
    page.click("#fit-width")
    settle(page)
    stage = page.locator("#stage").bounding_box()
    box = image_box(page)
    assert box["width"] == pytest.approx(stage["width"], rel=0.01)
    assert box["y"] == pytest.approx(stage["y"], abs=2), "the top of the page in view"
    assert page.get_attribute("#fit-width", "aria-pressed") == "true"
    page.click("#zoom-out")
    page.click("#zoom-reset")
    page.click("#zoom-out")
    settle(page)
    assert image_box(page)["width"] < base
    page.screenshot(path=str(site / "viewer-desktop-page2.png"))


def test_previous_and_next_article_and_issue_contents_and_calendar(site, desktop):
    page = desktop
    ready(page, viewer_url(site, SAMPLE, "#page=1&article=app"))
    assert page.inner_text("#article h2").startswith("“云川职工”App")
    page.click(".next-article")
    assert page.inner_text("#article h2") == "夜1路：载着城市的梦前行"
    assert page.inner_text("#page-title") == "第2版：综合新闻", "the next article's page"
    page.click(".prev-article")
    assert page.inner_text("#article h2").startswith("“云川职工”App")
    assert page.inner_text("#page-title") == "第1版：要闻"
    assert page.is_hidden("#prev-issue") and page.is_visible("#next-issue")
    page.click("#contents-button")
    assert page.locator("#contents .toc-page").count() == 4
    page.locator("#contents .toc-article", has_text="旧厂街的冬天").click()
    assert page.inner_text("#page-title") == "第4版：副刊"
    assert page.inner_text("#article h2") == "旧厂街的冬天"
    page.click("#calendar-button")
    assert page.locator("#calendar td.has a").count() == 2
    assert page.get_attribute('#calendar a[aria-current="date"]', "aria-label").startswith(
        "2026年11月24日")
    page.click("#next-issue")
    page.wait_for_url("**/yunchuan-2026-11-25/web/index.html*")
    page.wait_for_selector("#page-title:has-text('第1版')")
    assert "2026年11月25日" in page.inner_text(".issue-meta")
    assert page.is_hidden("#next-issue") and page.is_visible("#prev-issue")
    assert page.get_attribute("#issue-pdf-link", "href") == "pdf/yunchuan-2026-11-25.pdf"
    assert page.get_attribute(".page-pdf", "download") == "yunchuan_20261125_01.pdf"
    page.click("#prev-issue")
    page.wait_for_url("**/yunchuan-2026-11-24/web/index.html*")


def test_search_finds_the_article_in_the_issue_and_across_the_archive(site, desktop):
    page = desktop
    ready(page, viewer_url(site, NEXT))
    samples = ["工友夜校", "“云川职工”App 3.0上线", "ＡＢＣ１２ 亿", "車間書屋"]
    for text in samples:
        assert page.evaluate("t => BanmianSearch.tokenize(t, false)", text) == tokenize(text)
    page.fill("#search-input", "车间书屋")
    page.click("#search-go")
    page.wait_for_selector("#search-results .result")
    first = page.locator("#search-results .result").first
    assert first.get_attribute("data-article") == "library"
    assert "车间书屋" in first.locator("mark").first.inner_text() or \
        first.locator("mark").count() >= 1
    first.click()
    assert page.inner_text("#page-title") == "第2版：综合新闻"
    assert page.inner_text("#article h2").startswith("车间书屋")
    assert "active" in page.get_attribute('.zone[data-article="library"]', "class")
    assert page.locator("#article .story-body mark").count() >= 1
    page.fill("#search-input", "工友夜校")
    page.select_option("#search-scope", "all")
    page.click("#search-go")
    page.wait_for_selector("#search-results .result")
    hit = page.locator("#search-results .result").first
    assert hit.get_attribute("data-issue") == "yunchuan-2026-11-24"
    assert hit.get_attribute("data-article") == "nightschool"
    hit.click()
    page.wait_for_url("**/yunchuan-2026-11-24/web/index.html#page=2&article=nightschool*")
    page.wait_for_selector("#article .story-body mark")
    assert page.inner_text("#article h2") == "下了夜班 来上“夜校”"
    assert page.locator("#article .story-body mark").first.inner_text() == "工友夜校"
    page.fill("#search-input", "这个词不在任何稿件里")
    page.click("#search-go")
    page.wait_for_selector("#search-results .search-summary")
    assert "共 0 篇" in page.inner_text("#search-results")


def edges(image: Image.Image) -> float:
    """Mean edge strength: crisp strokes have steep edges, soft ones gentle slopes."""
    return ImageStat.Stat(image.convert("L").filter(ImageFilter.FIND_EDGES)).mean[0]


def quartiles(image: Image.Image) -> float:
    """The share of pixels between dark and light: the grey fringe of soft type."""
    histogram = image.convert("L").histogram()
    return sum(histogram[64:192]) / max(1, sum(histogram))


def test_deep_zoom_at_800_percent_loads_full_resolution_tiles(site, browser):
    for name, context in (("desktop", {"viewport": DESKTOP}), ("phone", PHONE)):
        tab = Tab(browser, **context)
        page = tab.page
        ready(page, viewer_url(site))
        page.evaluate("""() => { const vp = BanmianViewer.osd().viewport;
            vp.zoomTo(vp.getHomeZoom() * 8, new OpenSeadragon.Point(0.62, 0.62), true); }""")
        settle(page)
        assert page.inner_text("#zoom-level") == "800%"
        drawn = page.evaluate("BanmianViewer.osd().world.getItemAt(0).lastDrawn"
                              ".map(t => t.level)")
        top = page.evaluate("BanmianViewer.osd().world.getItemAt(0).source.maxLevel")
        assert drawn and set(drawn) == {top}, "only the full-resolution level on screen"
        full = [u for u in tab.requests if re.search(r"/tiles/page-01/t1_\d+_\d+\.jpg", u)]
        assert full, "full-resolution tiles were requested"
        ratio = page.evaluate("""() => { const v = BanmianViewer.osd(), t = v.world.getItemAt(0);
            return v.viewport.viewportToViewerElementRectangle(t.getBounds(true)).width
                   / t.source.width; }""")
        assert ratio <= 1.0 if name == "phone" else ratio <= 1.1, "≤ 1.1 screen px per tile px"
        shot = site / f"zoom-800-{name}.png"
        page.locator("#stage").screenshot(path=str(shot))
        with Image.open(shot) as img:
            # the same view from the 1200 px page image (the sharpest before tiles): each of
            # its pixels covers 4096 / 1200 tile pixels
            scale = ratio * 4096 / 1200
            small = (max(1, round(img.width / scale)), max(1, round(img.height / scale)))
            blurred = img.resize(small, Image.Resampling.BOX).resize(img.size,
                                                                     Image.Resampling.BICUBIC)
            assert ImageStat.Stat(img.convert("L")).mean[0] < 245, "type on screen"
            assert edges(img) > 1.5 * edges(blurred), (edges(img), edges(blurred))
            assert quartiles(img) < 0.75 * quartiles(blurred), (quartiles(img), quartiles(blurred))
        tab.close()


def test_share_link_round_trip(site, browser):
    tab = Tab(browser, viewport=DESKTOP)
    page = tab.page
    ready(page, viewer_url(site))
    page.click("#next-page")
    page.locator('.zone[data-article="safety"]').first.click()
    page.wait_for_selector("#article h2")
    page.click("#share-button")
    url = page.input_value("#share-url")
    assert url.endswith("#page=2&article=safety")
    page.click("#share-copy")
    page.wait_for_function("document.getElementById('share-status').textContent !== ''")
    other = tab.context.new_page()
    other.goto(url)
    other.wait_for_selector("#article h2")
    assert other.inner_text("#page-title") == "第2版：综合新闻"
    assert other.inner_text("#article h2") == page.inner_text("#article h2")
    tab.close()


# --------------------------------------------------------------------------- phone


def touch(cdp, kind: str, points: list[tuple[float, float]]) -> None:
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
        {"x": x, "y": y, "id": n} for n, (x, y) in enumerate(points)]})


def swipe(page, cdp, start: tuple[float, float], end: tuple[float, float]) -> None:
    touch(cdp, "touchStart", [start])
    for i in range(1, 9):
        touch(cdp, "touchMove", [(start[0] + (end[0] - start[0]) * i / 8,
                                  start[1] + (end[1] - start[1]) * i / 8)])
        page.wait_for_timeout(16)
    touch(cdp, "touchEnd", [])
    page.wait_for_timeout(400)


def pinch(page, cdp, center: tuple[float, float], d0: float, d1: float) -> None:
    x, y = center
    touch(cdp, "touchStart", [(x - d0, y), (x + d0, y)])
    for i in range(1, 11):
        d = d0 + (d1 - d0) * i / 10
        touch(cdp, "touchMove", [(x - d, y), (x + d, y)])
        page.wait_for_timeout(16)
    touch(cdp, "touchEnd", [])


def test_phone_first_paint_swipe_pinch_double_tap_and_article_sheet(site, phone):
    page = phone
    ready(page, viewer_url(site))
    box, stage = image_box(page), page.locator("#stage").bounding_box()
    assert box["width"] == pytest.approx(390, abs=1), "the page fills the width"
    assert stage["y"] < 60 and box["y"] == pytest.approx(stage["y"], abs=2)
    page.screenshot(path=str(site / "viewer-phone.png"))
    cdp = page.context.new_cdp_session(page)
    swipe(page, cdp, (330, 420), (60, 430))
    assert page.inner_text("#page-title") == "第2版：综合新闻"
    swipe(page, cdp, (60, 420), (330, 415))
    assert page.inner_text("#page-title") == "第1版：要闻"
    pinch(page, cdp, (195, 400), 30, 120)
    settle(page)
    assert page.evaluate("BanmianViewer.zoomPercent()") > 300
    assert page.inner_text("#page-title") == "第1版：要闻", "a pinch is not a swipe"
    swipe(page, cdp, (330, 420), (60, 430))
    assert page.inner_text("#page-title") == "第1版：要闻", "a zoomed page pans, it does not turn"
    page.click("#zoom-reset", force=True) if page.is_visible("#zoom-reset") else \
        page.evaluate("BanmianViewer.applyFit(true)")
    settle(page)
    before = page.evaluate("BanmianViewer.zoomPercent()")
    page.touchscreen.tap(200, 300)
    page.wait_for_timeout(80)
    page.touchscreen.tap(200, 300)
    settle(page)
    assert page.evaluate("BanmianViewer.zoomPercent()") > 1.5 * before, "double tap zooms"
    assert page.is_hidden("#panel"), "a double tap on a zone does not open the article"
    page.evaluate("BanmianViewer.applyFit(true)")
    settle(page)
    zone = page.locator('.zone[data-article="warmth"]').first.bounding_box()
    page.touchscreen.tap(zone["x"] + zone["width"] / 2, zone["y"] + zone["height"] / 2)
    page.wait_for_selector("#article h2")
    panel = page.locator("#panel").bounding_box()
    assert (panel["width"], panel["height"]) == (390, 844), "a full-screen sheet"
    page.click("#article .larger")
    assert page.evaluate("getComputedStyle(document.documentElement)"
                         ".getPropertyValue('--story-scale').trim()") == "1.125"
    page.screenshot(path=str(site / "viewer-phone-article.png"))
    page.click("#article .next-article")
    assert page.inner_text("#article h2").startswith("“云川职工”App")
    page.click("#panel-back")
    assert page.is_hidden("#panel") and page.inner_text("#page-title") == "第1版：要闻"
    page.click("#menu-button")
    page.wait_for_timeout(300)
    page.locator("#thumbs .thumb").nth(2).click()
    assert page.inner_text("#page-title").startswith("第3版")
    assert page.locator('#thumbs [aria-current="page"]').count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"


# --------------------------------------------------------------------------- a11y, no JS


def axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations'], preload: false})")
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]]


def test_axe_finds_no_violations_on_desktop_and_phone(site, browser):
    for context in ({"viewport": DESKTOP}, PHONE):
        tab = Tab(browser, **context)
        page = tab.page
        ready(page, viewer_url(site))
        assert axe(page) == []
        page.evaluate("BanmianViewer.showArticle('union', false)")
        assert axe(page) == []
        page.evaluate("document.getElementById('calendar-button').click()")
        assert axe(page) == []
        page.evaluate("BanmianViewer.closePanel()")
        page.evaluate("document.getElementById('search-input').value = '职工';"
                      "document.getElementById('search-form').requestSubmit()")
        page.wait_for_selector("#search-results .result", state="attached")
        assert axe(page) == []
        tab.close()
    tab = Tab(browser, viewport=DESKTOP)
    tab.page.goto((site / "index.html").as_uri())
    assert axe(tab.page) == []
    tab.page.goto((site / SAMPLE.name / "web" / "articles" / "union.html").as_uri())
    assert axe(tab.page) == []
    tab.close()


def test_without_javascript_the_issue_contents_show(site, browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(viewer_url(site))
    assert page.is_hidden("#viewer")
    assert page.locator(".static-contents .toc-page").count() == 4
    assert page.locator('.static-contents a[href="articles/union.html"]').count() == 1
    assert page.locator('.static-contents a[href="pdf/yunchuan_20261124_03.pdf"]').count() == 1
    page.screenshot(path=str(site / "viewer-no-js.png"))
    context.close()


def test_archive_by_date_and_the_article_page_on_a_phone(site, desktop):
    page = desktop
    ready(page, viewer_url(site))
    page.click("#archive-link")
    assert page.inner_text("#by-date") == "按日期检索"
    assert page.locator("table.month td.has a").count() == 2
    page.fill("#date", "2026-11-23")
    page.click("#go")
    assert "没有出版的报纸" in page.inner_text("#message")
    page.fill("#date", "2026-11-24")
    page.click("#go")
    page.wait_for_url("**/web/index.html*")
    page.wait_for_selector("#page-title:has-text('第1版')")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((site / SAMPLE.name / "web" / "articles" / "union.html").as_uri())
    assert page.inner_text("h1") == "把“娘家”建在职工心坎上"
    assert "录入：许岚" in page.inner_text("article")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"


# --------------------------------------------------------------------------- live preview


def test_live_preview_updates_the_open_viewer_in_place(tmp_path, desktop):
    """`banmian preview`'s live script: a save redraws only the changed page's images and keeps
    the page, zoom and open article; a manifest error shows in the banner over the last pages."""
    pytest.importorskip("watchfiles")
    from layout.edition.preview import Preview, PreviewConfig

    issue = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, issue)
    session = Preview(PreviewConfig(issue, tmp_path / "out", port=0, quiet_s=0.05,
                                    style=small_style))
    session.start()
    try:
        assert session.first_build.wait(600)
        live_update(session, issue, desktop)
    finally:
        session.stop(timeout=120)


def live_update(session, issue: Path, page) -> None:
    page.goto(session.url)
    page.wait_for_selector(".bm-live-ok")
    assert "build 1" in page.inner_text(".bm-live")
    page.wait_for_function("BanmianViewer.osd().world.getItemCount() > 0")
    page.locator('.zone[data-article="warmth"]').first.click()
    page.wait_for_selector("#article h2")
    page.click("#zoom-in")
    page.click("#zoom-in")
    settle(page)
    width = image_box(page)["width"]
    page.evaluate("window.notReloaded = true")
    first_image = page.get_attribute("#page-image", "src")
    thumbs = page.eval_on_selector_all("#thumbs img", "list => list.map(i => i.src)")
    with open(issue / "articles" / "warmth.txt", "a", encoding="utf-8") as text:
        text.write("各单位加强值班。\n")
    page.wait_for_function("document.getElementById('page-image').src.includes('?v=')",
                           timeout=300_000)
    assert "build 2" in page.inner_text(".bm-live")
    assert page.evaluate("window.notReloaded") is True, "no full page reload"
    assert page.get_attribute("#page-image", "src").startswith(first_image + "?v=")
    page.wait_for_function("BanmianViewer.osd().world.getItemAt(0).getFullyLoaded()")
    tiles = page.evaluate("(s => s.getTileUrl(s.maxLevel, 0, 0))"
                          "(BanmianViewer.osd().world.getItemAt(0).source)")
    assert "?v=" in tiles, "the rebuilt page's tiles get new URLs"
    settle(page)
    assert image_box(page)["width"] == pytest.approx(width, rel=0.01), "the same zoom"
    assert page.inner_text("#page-title") == "第1版：要闻"
    assert "各单位加强值班。" in page.inner_text("#article"), "the new text, still open"
    now = page.eval_on_selector_all("#thumbs img", "list => list.map(i => i.src)")
    assert "?v=" in now[0] and now[1:] == thumbs[1:], "only page 1's thumbnail is new"
    manifest = issue / "issue.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("headline:", "headlien:", 1),
                        encoding="utf-8")
    page.wait_for_selector(".bm-live-error", timeout=300_000)
    assert re.search(r"issue\.yaml:\d+:\d+: unknown key 'headlien'", page.inner_text(".bm-live"))
    assert "?v=" in page.get_attribute("#page-image", "src"), "the last good page stays"
    page.click("#next-page")
    assert page.inner_text("#page-title") == "第2版：综合新闻"
    assert "?v=" not in page.get_attribute("#page-image", "src")
    settle(page)  # its tiles loaded before the tab closes


def test_the_pages_json_the_viewer_reads_is_the_one_on_disk(site, desktop):
    ready(desktop, viewer_url(site, NEXT))
    on_disk = json.loads((site / NEXT.name / "web" / "pages.json").read_text(encoding="utf-8"))
    assert desktop.evaluate("BanmianViewer.edition()") == on_disk
