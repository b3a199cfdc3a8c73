"""The digital edition's archive formats and navigation data (issue #16): deep-zoom tiles (a flat
folder a page), ALTO XML v4 per page, the IIIF Presentation 3 manifest, the
MiniSearch bigram index and the output root's archive.js — on the sample issue and the second
issue of the same paper, built into one output root."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from layout import style as house
from layout.edition.web.alto import MM10_PER_PT, NS
from layout.edition.build import BuildOptions, build
from layout.edition.web.search import article_doc, minisearch_index, tokenize
from layout.edition.web.images import render_trim
from layout.edition.web.tiles import TileGrid

ROOT = Path(__file__).resolve().parent.parent
ISSUES = (ROOT / "issues" / "yunchuan-2026-11-24", ROOT / "issues" / "yunchuan-2026-11-25")
SCHEMA = ROOT / "schema" / "pages.schema.json"
A = f"{{{NS}}}"
BASE = "https://epaper.example.org/banmian/"


def small_style(body_size: float = 9.0) -> house.HouseStyle:
    style = house.default_style(body_size)
    return dataclasses.replace(style, web=dataclasses.replace(
        style.web, thumb_width=120, page_widths=(600,), tile_width=1024, tile_size=256))


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """Both issues built into one output root (the second with --base-url)."""
    out = tmp_path_factory.mktemp("archive")
    cache = tmp_path_factory.mktemp("archive-cache")
    build(ISSUES[0], BuildOptions(out=out, cache=cache, style=small_style))
    build(ISSUES[1], BuildOptions(out=out, cache=cache, base_url=BASE, style=small_style))
    return out


def edition(root: Path, n: int) -> tuple[Path, dict]:
    web = root / ISSUES[n].name / "web"
    return web, json.loads((web / "pages.json").read_text(encoding="utf-8"))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- tiles


def test_tiles_are_one_flat_folder_a_page_with_every_level(root):
    for n in (0, 1):
        web, data = edition(root, n)
        for page in data["pages"]:
            tiles = page["tiles"]
            grid = TileGrid(tiles["width"], tiles["height"], tiles["tile_size"])
            assert tiles["width"] == 1024 and tiles["scale_factors"] == list(grid.scale_factors)
            assert tiles["height"] == round(1024 * page["height_pt"] / page["width_pt"])
            folder = web / tiles["dir"]
            assert not [p for p in folder.iterdir() if p.is_dir()], "one folder, no tree"
            assert {p.name for p in folder.iterdir()} == {t.name for t in grid.all_tiles()}
            for tile in grid.all_tiles():
                with Image.open(folder / tile.name) as img:
                    assert img.size == (tile.box[2] - tile.box[0], tile.box[3] - tile.box[1])
                    assert img.mode == ("L" if page["color"] == "gray" else "RGB")


def test_a_full_resolution_tile_shows_the_print_pdf(root):
    web, data = edition(root, 0)
    page = data["pages"][0]
    fresh = render_trim((web / page["pdf"]).read_bytes(), 1024).crop((256, 512, 512, 768))
    with Image.open(web / page["tiles"]["dir"] / "t1_1_2.jpg") as tile:  # 256 px tiles
        diff = ImageStat.Stat(ImageChops.difference(tile.convert("RGB"), fresh)).mean
    assert max(diff) < 6.0, diff  # JPEG quality 70 on type: ~4.5 levels


def test_the_pyramid_levels_and_names():
    grid = TileGrid(4096, 5851, 512)
    assert grid.scale_factors == (1, 2, 4, 8, 16)
    names = {t.scale: [] for t in grid.all_tiles()}
    for t in grid.all_tiles():
        names[t.scale].append((t.name, t.box))
    assert names[1][0] == ("t1_0_0.jpg", (0, 0, 512, 512))
    assert names[1][-1] == ("t1_7_11.jpg", (3584, 5632, 4096, 5851))
    assert names[8] == [("t8_0_0.jpg", (0, 0, 512, 512)), ("t8_0_1.jpg", (0, 512, 512, 732))]
    assert names[16] == [("t16_0_0.jpg", (0, 0, 256, 366))]
    assert len(names[1]) == 8 * 12


# --------------------------------------------------------------------------- ALTO


def alto_pages(root: Path, n: int) -> list[tuple[dict, ET.Element]]:
    web, data = edition(root, n)
    return [(page, ET.parse(web / page["alto"]).getroot()) for page in data["pages"]]


def test_alto_is_v4_with_coordinates_inside_the_page(root):
    for n in (0, 1):
        for page, alto in alto_pages(root, n):
            assert alto.tag == f"{A}alto"
            assert alto.find(f"{A}Description/{A}MeasurementUnit").text == "mm10"
            assert alto.find(f"{A}Description/{A}sourceImageInformation/{A}fileName").text == \
                page["pdf"].split("/")[-1]
            layout_page = alto.find(f"{A}Layout/{A}Page")
            width, height = int(layout_page.get("WIDTH")), int(layout_page.get("HEIGHT"))
            assert width == round(page["width_pt"] * MM10_PER_PT)
            assert height == round(page["height_pt"] * MM10_PER_PT)
            assert layout_page.get("PRINTED_IMG_NR") == page["folio"]
            styles = {s.get("ID") for s in alto.iter(f"{A}TextStyle")}
            boxes = 0
            for el in alto.iter():
                name = el.tag.removeprefix(A)
                if name in ("TextBlock", "TextLine", "String", "Illustration", "ComposedBlock"):
                    x, y = float(el.get("HPOS")), float(el.get("VPOS"))
                    w, h = float(el.get("WIDTH")), float(el.get("HEIGHT"))
                    assert 0 <= x and 0 <= y and w > 0 and h > 0, (name, el.attrib)
                    assert x + w <= width and y + h <= height, (name, el.attrib)
                    boxes += 1
                if name == "String":
                    assert el.get("STYLEREFS") in styles and el.get("CONTENT")
            assert boxes > 300


BODY = ("layout-body", "layout-lead", "layout-quote", "layout-subhead", "layout-pullquote")
"""The text blocks of an article's body (not its headings, captions or 转/接 lines)."""


def test_alto_holds_every_articles_text_in_its_tagged_blocks(root):
    for n in (0, 1):
        _, data = edition(root, n)
        heads: dict[str, str] = {}
        bodies: dict[str, str] = {}
        for _, alto in alto_pages(root, n):
            tags = {t.get("ID"): t for t in alto.iter(f"{A}StructureTag")}
            assert {t.get("ID") for t in alto.iter(f"{A}LayoutTag")} >= {"layout-body"}
            for composed in alto.iter(f"{A}ComposedBlock"):
                tag = tags[composed.get("TAGREFS")]
                assert tag.get("TYPE") == "article" and composed.get("TYPE") == "article"
                article = tag.get("ID").removeprefix("article-")
                for block in composed.iter(f"{A}TextBlock"):
                    words = "".join(s.get("CONTENT") for s in block.iter(f"{A}String"))
                    if block.get("TAGREFS") in BODY:
                        bodies[article] = bodies.get(article, "") + words
                    else:
                        heads[article] = heads.get(article, "") + words
        for article in data["articles"]:
            assert squash(article["headline"]) in heads[article["id"]], article["id"]
            text = "".join(squash(b["text"]) for b in article["blocks"])
            assert bodies[article["id"]] == text, article["id"]


# --------------------------------------------------------------------------- IIIF


def test_iiif_manifest_has_a_canvas_per_page_and_the_articles_as_annotations(root):
    for n in (0, 1):
        web, data = edition(root, n)
        manifest = json.loads((web / data["iiif"]).read_text(encoding="utf-8"))
        base = "" if n == 0 else f"{BASE}{ISSUES[1].name}/web/"
        assert manifest["@context"] == "http://iiif.io/api/presentation/3/context.json"
        assert manifest["type"] == "Manifest" and manifest["id"] == base + "iiif/manifest.json"
        assert manifest["navDate"] == data["issue"]["date"] + "T00:00:00Z"
        assert manifest["rendering"][0]["id"] == base + data["issue"]["pdf"]
        assert len(manifest["items"]) == len(data["pages"])
        for canvas, page in zip(manifest["items"], data["pages"]):
            assert canvas["type"] == "Canvas"
            assert (canvas["width"], canvas["height"]) == (page["tiles"]["width"],
                                                          page["tiles"]["height"])
            painting = canvas["items"][0]["items"][0]
            assert painting["motivation"] == "painting" and painting["target"] == canvas["id"]
            body = painting["body"]
            assert body["type"] == "Image" and body["width"] == 600  # the largest page image
            assert body["id"] == base + page["images"][-1]["files"]["jpeg"]
            assert canvas["seeAlso"][0]["id"] == base + page["alto"]
            assert canvas["seeAlso"][0]["format"] == "application/xml"
            for ref in (painting["body"]["id"], canvas["seeAlso"][0]["id"],
                        canvas["rendering"][0]["id"]):
                assert (web / ref.removeprefix(base)).is_file(), ref
            zones = canvas["annotations"][0]["items"]
            expected = sum(len(z["rects_norm"]) for a in data["articles"] for z in a["zones"]
                           if z["page"] == page["folio"])
            assert len(zones) == expected > 0
            for note in zones:
                target, frag = note["target"].split("#xywh=")
                x, y, w, h = map(int, frag.split(","))
                assert target == canvas["id"] and note["motivation"] == "describing"
                assert 0 <= x and 0 <= y and x + w <= canvas["width"] and y + h <= canvas["height"]
                assert note["body"][0]["type"] == "TextualBody" and note["body"][0]["value"]


# --------------------------------------------------------------------------- search, archive


def test_bigram_tokens_for_chinese_and_words_for_latin():
    assert tokenize("工友夜校") == ["工友", "友夜", "夜校", "校"]
    assert tokenize("“云川职工”App 3.0上线") == ["云川", "川职", "职工", "工", "app", "3", "0",
                                              "上线", "线"]
    assert tokenize("ＡＢＣ１２ 亿") == ["abc12", "亿"]


def test_the_search_index_is_minisearchs_serialisation(root):
    web, data = edition(root, 0)
    script = (web / data["search"]).read_text(encoding="utf-8")
    slug = data["issue"]["slug"]
    prefix = f'(window.BANMIAN_SEARCH = window.BANMIAN_SEARCH || {{}})["{slug}"] = '
    assert script.startswith(prefix)
    index = json.loads(script[len(prefix):].rstrip().rstrip(";"))["index"]
    assert index["serializationVersion"] == 2 and index["fieldIds"] == {"title": 0, "text": 1}
    assert index["documentCount"] == len(data["articles"])
    assert sorted(index["documentIds"].values()) == sorted(a["id"] for a in data["articles"])
    terms = dict(index["index"])
    night = next(k for k, v in index["documentIds"].items() if v == "nightschool")
    for bigram in ("工友", "友夜", "夜校"):
        assert night in terms[bigram]["1"], bigram
    sections = {p["folio"]: p["section"] for p in data["pages"]}
    assert index == json.loads(json.dumps(
        minisearch_index([article_doc(a, sections) for a in data["articles"]]),
        ensure_ascii=False))


def test_archive_js_lists_both_issues_for_the_viewers(root):
    text = (root / "archive.js").read_text(encoding="utf-8")
    prefix = "window.BANMIAN_ARCHIVE = "
    issues = json.loads(text[len(prefix):].rstrip().rstrip(";"))["issues"]
    assert [i["date"] for i in issues] == ["2026-11-24", "2026-11-25"]
    for issue in issues:
        assert (root / issue["href"]).is_file() and (root / issue["search"]).is_file()
        assert issue["paper"] == "云川工人报"
    for n in (0, 1):
        web, data = edition(root, n)
        assert 'src="../../archive.js"' in (web / "index.html").read_text(encoding="utf-8")
        assert (web / data["issue"]["pdf"]).read_bytes() == \
            (root / ISSUES[n].name / "print" / f"{ISSUES[n].name}.pdf").read_bytes()
        yyyymmdd = data["issue"]["date"].replace("-", "")
        assert data["pages"][0]["pdf"] == f"pdf/yunchuan_{yyyymmdd}_01.pdf"


def test_pages_json_of_both_issues_validates(root):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for n in (0, 1):
        jsonschema.Draft202012Validator(schema).validate(edition(root, n)[1])


def test_tiles_rendered_band_by_band_are_the_whole_page():
    """The top level is rendered a band of tiles at a time (memory); its tiles must show what a
    render of the whole page shows (no seams, no shift)."""
    import io

    import pypdfium2 as pdfium
    from PIL import Image, ImageChops, ImageStat
    from tests_support import one_page_pdf

    from layout.edition.web.tiles import TileGrid, render_tiles

    page = pdfium.PdfDocument(one_page_pdf())[0]
    tl, tb, tr, tt = page.get_trimbox()
    grid = TileGrid.for_page(tr - tl, tt - tb, 1000, 128)
    tiles = render_tiles(page, grid, False, 95)
    page.set_cropbox(tl, tb, tr, tt)
    whole = page.render(scale=grid.width / (tr - tl)).to_pil().convert("RGB")
    top = [t for t in tiles if t.tile.scale == 1]
    assert len(top) == len(list(grid.tiles(1))) and len({t.tile.box[1] for t in top}) > 1
    for tile in top:
        got = Image.open(io.BytesIO(tile.data)).convert("RGB")
        want = whole.crop(tile.tile.box)
        assert got.size == want.size
        assert max(ImageStat.Stat(ImageChops.difference(got, want)).mean) < 2.0, tile.tile.box
