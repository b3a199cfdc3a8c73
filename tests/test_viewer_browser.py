"""The e-paper viewer in a real browser: headless Chromium (Debian's `chromium`) driven by
Playwright, opening the sample issue from file:// — hot zones, 版面翻页, 放大/缩小/默认, the
article panel, the article page on a phone and the archive's 按日期检索 (issue #7).

Skipped when Chromium or Playwright is missing (.ci/run installs both)."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest

from layout import style as house
from layout.edition.build import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "yunchuan-2026-11-24"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")]


def small_style(body_size: float = 9.0) -> house.HouseStyle:
    return dataclasses.replace(house.default_style(body_size), web_page_widths=(600, 1200))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample issue's output root (built once) and its pages.json."""
    out = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(house.STYLES, "default", small_style)
        build(SAMPLE, BuildOptions(out=out))
    web = out / SAMPLE.name / "web"
    return out, json.loads((web / "pages.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert errors == [], "the page raised JavaScript errors"


def sheet_width(tab) -> float:
    return tab.eval_on_selector("#sheet", "el => el.getBoundingClientRect().width")


def test_click_a_hot_zone_shows_the_article(site, page):
    out, edition = site
    page.goto((out / SAMPLE.name / "web" / "index.html").as_uri())
    assert page.inner_text("#page-title") == "第1版：要闻"
    assert page.locator("#thumbs .thumb").count() == 4
    warmth = next(a for a in edition["articles"] if a["id"] == "warmth")
    zone = page.locator('#zones .zone[data-article="warmth"]').first
    zone.hover()
    assert "hover" in zone.get_attribute("class")
    zone.click()
    assert page.inner_text("#article h2") == warmth["headline"]
    assert warmth["byline"] in page.inner_text("#article .byline")
    assert warmth["blocks"][0]["text"][:30] in page.inner_text("#article")
    assert "article=warmth" in page.url
    page.locator('#zones .zone[data-article="app"]').first.focus()
    page.keyboard.press("Enter")
    assert page.inner_text("#article h2").startswith("“云川职工”App")
    page.screenshot(path=str(out / "viewer-page1.png"))


def test_turn_pages_zoom_and_reset(site, page):
    out, _ = site
    page.goto((out / SAMPLE.name / "web" / "index.html").as_uri())
    assert page.is_disabled("#prev-page")
    page.click("#next-page")
    assert page.inner_text("#page-title") == "第2版：综合新闻"
    assert "page-02" in page.get_attribute("#page-image", "src")
    page.locator('#zones .zone[data-article="lead"]').first.click()
    assert page.inner_text("#article h2") == "云川为产业工人铺就“成才快车道”"
    assert page.inner_text("#article .jumps") == "上接第1版"
    page.keyboard.press("ArrowRight")
    assert page.inner_text("#page-title").startswith("第3版")
    page.keyboard.press("ArrowLeft")
    assert page.inner_text("#page-title") == "第2版：综合新闻"
    base = sheet_width(page)
    zone = page.locator("#zones .zone").first
    share = zone.bounding_box()["width"] / base
    page.click("#zoom-in")
    page.click("#zoom-in")
    assert sheet_width(page) == pytest.approx(base * 1.5625, rel=0.02)
    assert zone.bounding_box()["width"] / sheet_width(page) == pytest.approx(share, rel=0.02)
    assert page.inner_text("#zoom-level") == "156%"
    page.click("#zoom-reset")
    assert sheet_width(page) == pytest.approx(base, rel=0.01)
    page.click("#zoom-out")
    assert sheet_width(page) < base
    page.screenshot(path=str(out / "viewer-page2.png"))


def test_archive_by_date_and_the_article_page_on_a_phone(site, page):
    out, _ = site
    page.goto((out / SAMPLE.name / "web" / "index.html").as_uri())
    page.click("#archive-link")
    assert page.inner_text("#by-date") == "按日期检索"
    assert page.locator("table.month td.has a").count() == 1
    page.fill("#date", "2026-11-23")
    page.click("#go")
    assert "没有出版的报纸" in page.inner_text("#message")
    page.fill("#date", "2026-11-24")
    page.click("#go")
    page.wait_for_url("**/web/index.html*")
    assert page.inner_text("#page-title") == "第1版：要闻"
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((out / SAMPLE.name / "web" / "articles" / "union.html").as_uri())
    assert page.inner_text("h1") == "把“娘家”建在职工心坎上"
    assert "录入：许岚" in page.inner_text("article")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"


def test_live_preview_updates_the_open_viewer_in_place(tmp_path, page):
    """`banmian preview`'s live script: a save redraws only the changed page's images and keeps
    the page, zoom and open article; a manifest error shows in the banner over the last pages."""
    pytest.importorskip("watchfiles")
    from layout.edition.preview import Preview, PreviewConfig

    issue = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, issue)
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(house.STYLES, "default", small_style)
        session = Preview(PreviewConfig(issue, tmp_path / "out", port=0, quiet_s=0.05))
        session.start()
        try:
            assert session.first_build.wait(600)
            live_update(session, issue, page)
        finally:
            session.stop(timeout=120)


def live_update(session, issue: Path, page) -> None:
    page.goto(session.url)
    page.wait_for_selector(".bm-live-ok")
    assert "build 1" in page.inner_text(".bm-live")
    page.locator('#zones .zone[data-article="warmth"]').first.click()
    page.click("#zoom-in")
    page.click("#zoom-in")
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
    assert page.inner_text("#zoom-level") == "156%"
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
