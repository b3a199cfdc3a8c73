"""The digital edition: page images, pages.json (schema, hot zones), article pages, the archive,
re-rendering only changed pages and the atomic swap of the web package (issue #7)."""

from __future__ import annotations

import dataclasses
import io
import json
import math
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject

from layout import style as house
from layout.display import TextRun, display_page
from layout.edition.web import site as webmod
from layout.edition.build import BuildOptions, build
from layout.edition.web.site import read_edition, write_archive
from layout.edition.web.html import article_html, viewer_html
from layout.edition.web.images import checked, gray_profile, render_trim, srgb_profile
from layout.edition.web.tiles import TileGrid
from layout.errors import OutputError
from layout.fonts import FontSet
from layout.pipeline import open_issue
from layout.render.raster import render_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "yunchuan-2026-11-24"
SCHEMA = ROOT / "schema" / "pages.schema.json"
THUMB, WIDTHS, TILES = 120, (300, 600), (1024, 256)
"""Small renditions keep the suite fast; the pipeline is the same as for 240/1200 and 4096/512
tiles."""
CLOSING = "，。、；：？！）》」』”’〉】"
"""Marks set half-width at a line end, their ink in the left half of the em box (clreq §3.1.6)."""
OPENING = "（《「『“‘〈【"


def small_style(body_size: float = 9.0) -> house.HouseStyle:
    style = house.default_style(body_size)
    return dataclasses.replace(style, web=house.WebSettings(
        thumb_width=THUMB, page_widths=WIDTHS, formats=("jpeg", "webp"), tile_width=TILES[0],
        tile_size=TILES[1]))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample issue built once with small web images; its model and page layouts."""
    out = tmp_path_factory.mktemp("web-out")
    cache = tmp_path_factory.mktemp("web-cache")
    report = build(SAMPLE, BuildOptions(out=out, cache=cache, style=small_style))
    opened = open_issue(SAMPLE, small_style)
    issue, fonts, layouts = opened.issue, opened.fonts, opened.lay_out()
    web = out / SAMPLE.name / "web"
    return {"out": out, "cache": cache, "web": web, "report": report, "issue": issue,
            "fonts": fonts,
            "layouts": layouts, "edition": json.loads((web / "pages.json").read_text("utf-8"))}


def test_default_image_settings_are_house_style():
    settings = checked(house.default_style().web, "default")
    assert settings.thumb_width == 240 and settings.page_widths == (1200,)
    assert (settings.tile_width, settings.tile_size) == (4096, 512)
    assert settings.formats == ("jpeg",)
    with pytest.raises(ValueError, match="web formats"):
        checked(house.WebSettings(formats=("gif",)), "default")


def test_image_sizes_formats_and_srgb(sample):
    edition, web = sample["edition"], sample["web"]
    assert len(edition["pages"]) == 4
    for page in edition["pages"]:
        widths = [(im["role"], im["width"]) for im in page["images"]]
        assert widths == [("thumb", THUMB)] + [("page", w) for w in WIDTHS]
        for image in page["images"]:
            assert set(image["files"]) == {"jpeg", "webp"}
            for fmt, rel in image["files"].items():
                with Image.open(web / rel) as img:
                    assert img.format == {"jpeg": "JPEG", "webp": "WEBP"}[fmt]
                    assert img.size == (image["width"], image["height"])
                    gray = page["color"] == "gray" and fmt == "jpeg"  # WebP has no gray mode
                    assert img.mode == ("L" if gray else "RGB")
                    profile = gray_profile() if gray else srgb_profile()
                    assert img.info.get("icc_profile") == profile, f"{rel} is tagged"
                ratio = image["height"] / image["width"]
                assert ratio == pytest.approx(page["height_pt"] / page["width_pt"], rel=0.01)


def fresh_render(pdf: bytes, size: tuple[int, int], gray: bool = False) -> Image.Image:
    """An independent render: the whole page (layout.render.raster), cut to the trim box that
    pypdf reads, scaled to `size`."""
    width = size[0]
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    crop, trim = page.cropbox, page.trimbox
    image = render_page(pdf, round(width * float(crop.width) / float(trim.width)), gray=gray)
    s = image.width / float(crop.width)
    box = (float(trim.left - crop.left) * s, float(crop.top - trim.top) * s,
           float(trim.right - crop.left) * s, float(crop.top - trim.bottom) * s)
    image = image.crop((math.floor(box[0]), math.floor(box[1]), math.ceil(box[2]),
                        math.ceil(box[3])))  # pdfium rounds bitmap sizes up too
    assert abs(image.height * width / image.width - size[1]) <= 1
    if image.width >= size[0] and image.height >= size[1]:
        return image.crop((0, 0, *size))
    return image.resize(size)


def test_thumbnail_matches_a_fresh_render_of_the_pdf(sample):
    web = sample["web"]
    printed = {p.folio: Path(p.files["pdf"]) for p in sample["report"].pages}
    for page in sample["edition"]["pages"]:
        pdf = (web / page["pdf"]).read_bytes()
        assert pdf == printed[page["folio"]].read_bytes(), "the web renders the print PDF"
        with Image.open(web / page["images"][0]["files"]["jpeg"]) as thumb:
            fresh = fresh_render(pdf, thumb.size, gray=thumb.mode == "L")
            diff = ImageStat.Stat(ImageChops.difference(thumb, fresh)).mean
        assert max(diff) < 4.0, f"page {page['folio']}: mean difference {diff}"


def test_page_images_show_the_trim_box_only(sample):
    """With bleed and marks around the page (a larger MediaBox) the web still shows the trim box."""
    pdf = (sample["web"] / sample["edition"]["pages"][0]["pdf"]).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    writer.append(reader)
    page = writer.pages[0]
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    page.trimbox = RectangleObject((0, 0, w, h))
    page.mediabox = page.cropbox = RectangleObject((-30, -30, w + 30, h + 30))
    buf = io.BytesIO()
    writer.write(buf)
    plain, bled = render_trim(pdf, THUMB), render_trim(buf.getvalue(), THUMB)
    assert bled.size == plain.size
    assert max(ImageStat.Stat(ImageChops.difference(plain, bled)).mean) < 2.0


def glyph_box(run: TextRun, fonts: FontSet) -> tuple[float, float, float, float]:
    """The run's ink extent: em boxes of its glyphs, half-width marks at either end trimmed."""
    width = sum(fonts.advance(run.role, c, run.size) for c in run.text) * run.hscale
    x0, x1 = run.x, run.x + width
    if run.text[-1] in CLOSING:
        x1 -= run.size / 2
    if run.text[0] in OPENING:
        x0 += run.size / 2
    top = run.y - fonts.ascent(run.role, run.size)
    return x0, top, x1, top + run.size


def test_hot_zones_cover_every_glyph_run_and_stay_inside_the_page(sample):
    """Each article's text, as drawn (the display list's TextRuns), lies inside its zones."""
    edition, fonts, tol = sample["edition"], sample["fonts"], 1.0
    zones = {(z["page"], a["id"]): z for a in edition["articles"] for z in a["zones"]}
    checked = 0
    for page in edition["pages"]:
        layout = sample["layouts"][page["folio"]]
        for art in layout.articles:
            zone = zones[(page["folio"], art.article_id)]
            assert zone["continuation"] == art.continuation
            alone = display_page(dataclasses.replace(layout, furniture=(), articles=(art,)))
            for run in (op for op in alone.ops if isinstance(op, TextRun) and op.text.strip()):
                x0, y0, x1, y1 = glyph_box(run, fonts)
                assert any(r["x"] - tol <= x0 and x1 <= r["x"] + r["w"] + tol and
                           r["y"] - tol <= y0 and y1 <= r["y"] + r["h"] + tol
                           for r in zone["rects_pt"]), (art.article_id, run.text, (x0, y0, x1, y1))
                checked += 1
            for r, n in zip(zone["rects_pt"], zone["rects_norm"]):
                assert 0 <= r["x"] and r["x"] + r["w"] <= page["width_pt"] + 1e-6
                assert 0 <= r["y"] and r["y"] + r["h"] <= page["height_pt"] + 1e-6
                assert n["x"] == pytest.approx(r["x"] / page["width_pt"], abs=5e-5)
                assert n["h"] == pytest.approx(r["h"] / page["height_pt"], abs=5e-5)
                assert n["x"] + n["w"] <= 1 + 1e-6 and n["y"] + n["h"] <= 1 + 1e-6
    assert checked > 1000


def test_pages_json_validates_against_its_schema(sample):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(sample["edition"])
    broken = json.loads(json.dumps(sample["edition"]))
    del broken["articles"][0]["zones"][0]["rects_norm"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_article_data_text_jumps_and_photos(sample):
    edition, web = sample["edition"], sample["web"]
    assert edition["paper"]["name"] == "云川工人报" and edition["issue"]["date"] == "2026-11-24"
    articles = {a["id"]: a for a in edition["articles"]}
    model = {a.id: a for a in sample["issue"].articles()}
    assert set(articles) == set(model)
    for aid, art in articles.items():
        assert [b["text"] for b in art["blocks"]] == [b.text for b in model[aid].blocks]
        assert art["zones"], f"{aid} has hot zones"
        assert (web / art["html"]).is_file()
        for image in art["images"]:
            with Image.open(web / image["file"]) as img:
                assert img.size == (image["width"], image["height"]) and img.width <= 1200
    lead = articles["lead"]
    assert lead["pages"] == ["1", "2"] and lead["continued_on"] == "2"
    assert [(z["page"], z["continued_on"], z["continued_from"]) for z in lead["zones"]] == \
        [("1", "2", None), ("2", None, "1")]
    union = articles["union"]
    assert union["entered_by"] == "许岚" and union["credit"] == "市总工会供图"
    assert any(b["type"] == "subhead" for b in articles["union"]["blocks"])
    assert "lead" in edition["pages"][1]["articles"]


def test_article_page_is_semantic_escaped_and_has_the_imprint(sample):
    edition = json.loads(json.dumps(sample["edition"]))
    art = next(a for a in edition["articles"] if a["id"] == "union")
    page = (sample["web"] / art["html"]).read_text(encoding="utf-8")
    for needle in ("<article>", "<header>", "<h1>把“娘家”建在职工心坎上</h1>", "录入：许岚",
                   'name="viewport"', "主办单位：云川市总工会", "邮编：650031",
                   "国内统一刊号：CN99-0217", "地址：云川市解放路88号", "第3版", "2026年11月24日",
                   'rel="next" href="essay.html">下一篇：旧厂街的冬天</a>', 'rel="prev"'):
        assert needle in page, needle
    art["headline"] = '<script>alert("x")</script> & “引号”'
    art["blocks"] = [{"type": "paragraph", "kind": "body", "text": "a<b>c</b>"}]
    hostile = article_html(edition, art)
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile
    assert "a&lt;b&gt;c&lt;/b&gt;" in hostile
    edition["paper"]["name"] = "</title><script>x</script>"
    assert "<script>x" not in viewer_html(edition)


def test_viewer_and_data_script_are_self_contained(sample):
    web = sample["web"]
    index = (web / "index.html").read_text(encoding="utf-8")
    for needle in ("版面导航", "版面翻页", "放大", "缩小", "整版", "适宽", "往期", "本期目录",
                   "检索", "上一期", "下一期", "本版PDF", "全期PDF", "分享", "打印",
                   'src="pages.js"', 'src="../../archive.js"', 'src="vendor/openseadragon.min.js"',
                   'src="viewer.js"', 'href="viewer.css"'):
        assert needle in index, needle
    assert "http://" not in index and "https://" not in index, "no external CDN"
    script = (web / "pages.js").read_text(encoding="utf-8")
    prefix = "window.BANMIAN_EDITION = "
    assert script.startswith(prefix)
    assert json.loads(script[len(prefix):].rstrip().rstrip(";")) == sample["edition"]
    for name in ("viewer.js", "viewer-extras.js", "viewer.css", "article.css"):
        text = (web / name).read_text(encoding="utf-8")
        assert "http" not in text.replace("http://iiif.io/api/", ""), name
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text, name
    for name in ("vendor/openseadragon.min.js", "vendor/LICENSE-openseadragon.txt",
                 "vendor/minisearch.js", "vendor/LICENSE-minisearch.txt"):
        assert (web / name).is_file(), name


def copy_of(sample, tmp_path: Path) -> Path:
    """A copy of the sample's output (tests that rebuild the web package must not share it)."""
    shutil.copytree(sample["out"] / SAMPLE.name, tmp_path / SAMPLE.name)
    return tmp_path / SAMPLE.name / "web"


def rebuild(sample, out: Path, **options) -> object:
    """The sample built again (small images) into `out`, with the fixture's build cache."""
    return build(SAMPLE, BuildOptions(out=out, cache=sample["cache"], style=small_style,
                                      **options))


def test_unchanged_pages_come_from_the_cache_as_links(sample, tmp_path):
    report = rebuild(sample, tmp_path)
    assert report.cache == {"built": 0, "cached": 4}
    web = tmp_path / SAMPLE.name / "web"
    for name in ("pages/page-01-300.jpg", "pdf/yunchuan_20261124_02.pdf", "alto/page-02.xml",
                 "tiles/page-01/t1_0_0.jpg"):
        assert (web / name).read_bytes() == (sample["web"] / name).read_bytes()
        assert (web / name).stat().st_nlink >= 2, "linked from the cache, not copied"
    assert read_edition(web) == sample["edition"]


def test_a_pages_build_carries_the_other_pages_over(sample, tmp_path):
    web = copy_of(sample, tmp_path)
    report = rebuild(sample, tmp_path, pages=frozenset({"2"}))
    assert report.cache == {"built": 0, "cached": 1}, "page 2 was asked for, and is cached"
    assert [p.folio for p in report.pages] == ["1", "2", "3", "4"], "the others as cached"
    edition = read_edition(web)
    assert [p["folio"] for p in edition["pages"]] == ["1", "2", "3", "4"]
    assert edition["articles"] == sample["edition"]["articles"]
    carried = edition["pages"][0]
    assert carried["tiles"] == sample["edition"]["pages"][0]["tiles"]
    assert (web / carried["alto"]).is_file()
    grid = TileGrid(carried["tiles"]["width"], carried["tiles"]["height"], TILES[1])
    assert all((web / carried["tiles"]["dir"] / t.name).is_file() for t in grid.all_tiles())
    assert edition["issue"]["pdf"], "every page is there (from the cache): the issue PDF too"


@pytest.mark.parametrize("step", ["_write_documents", "_tiles"])
def test_a_failed_web_build_leaves_the_site_as_it_was(sample, tmp_path, monkeypatch, step):
    """Whether it fails making the tiles or writing the documents: the published generation is
    never touched before the swap."""
    web = copy_of(sample, tmp_path)
    before = {p.relative_to(web): p.stat().st_size for p in web.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(webmod, step, broken)
    with pytest.raises(OutputError, match="disk full"):
        rebuild(sample, tmp_path)
    after = {p.relative_to(web): p.stat().st_size for p in web.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(f".{SAMPLE.name}.staging")], \
        "no staged generation left behind"


def test_a_rebuild_links_the_same_tiles_from_the_cache(sample, tmp_path):
    web = copy_of(sample, tmp_path)
    tile = web / "tiles/page-03/t1_0_0.jpg"
    before = tile.read_bytes()
    rebuild(sample, tmp_path)
    assert tile.read_bytes() == before and tile.stat().st_nlink >= 2, "a link into the cache"
    assert read_edition(web) == sample["edition"]


def test_archive_lists_every_issue_by_date(sample, tmp_path):
    archive = (sample["out"] / "index.html").read_text(encoding="utf-8")
    assert "按日期检索" in archive and 'href="yunchuan-2026-11-24/web/index.html"' in archive
    assert "2026年11月" in archive and 'type="date"' in archive
    other = tmp_path / "other" / "web"
    other.mkdir(parents=True)
    edition = json.loads(json.dumps(sample["edition"]))
    edition["issue"]["date"], edition["issue"]["number"] = "2026-12-01", 6219
    (other / "pages.json").write_text(json.dumps(edition, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "junk" / "web").mkdir(parents=True)
    (tmp_path / "junk" / "web" / "pages.json").write_text("{not json", encoding="utf-8")
    text = write_archive(tmp_path).read_text(encoding="utf-8")
    assert "2026年12月" in text and "总第6219期" in text and "junk" not in text
    assert '"2026-12-01":[{"href":"other/web/index.html"' in text
