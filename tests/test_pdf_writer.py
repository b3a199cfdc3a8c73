"""The PDF writer (layout/render/pdf.py, sfnt.py, pdfobj.py): subsets keep the glyphs they were
cut from, every glyph lands where the display list put it, text extracts exactly, and subsets
of different glyph sets never share a name."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2 as pdfium
import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from layout.display import BLACK, PageDisplay, Rule, TextRun
from layout.fonts import FONTS_DIR
from layout.press import PressSettings
from layout.render.images import prepare
from layout.render.pdf import PdfSettings, page_pdf, to_unicode_cmap
from layout.render.pdfobj import Name, number, serialise, text_string
from layout.render.pdfx import DocInfo
from layout.sfnt import Face, SfntError, open_face, subset_tag
from layout.render.sheet import Sheet

SONG = FONTS_DIR / "BanmianSong-Regular.ttf"
KAI = FONTS_DIR / "BanmianKai-Regular.ttf"
FONTS = {"song": SONG, "kai": KAI, "hei": FONTS_DIR / "BanmianHei-Regular.ttf"}


def outlines(font: TTFont, cp: int) -> list:
    """The drawing commands of the glyph that `font` maps `cp` to, components drawn out."""
    glyphs = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyphs)
    glyphs[font.getBestCmap()[cp]].draw(pen)
    return pen.value


def test_cmap_matches_fonttools():
    face = open_face(KAI)
    reference = TTFont(KAI, lazy=True)
    order = reference.getGlyphOrder()
    assert {cp: order[g] for cp, g in face.cmap.items()} == reference.getBestCmap()


@pytest.mark.parametrize("path", [SONG, KAI])
def test_subset_draws_the_same_glyphs(path):
    """Han, punctuation, Latin, an astral character and (in Kai) composite glyphs: each glyph of
    the subset has the outline and advance of the original."""
    reference = TTFont(path)
    astral = next(cp for cp in sorted(reference.getBestCmap()) if cp > 0xFFFF)
    cps = tuple(map(ord, "国，。“”《Ag5〓")) + (astral, 0xA8, 0xB4, 0x2212)
    subset = open_face(path).subset(cps)
    font = TTFont(io.BytesIO(subset.data))
    assert font["maxp"].numGlyphs >= len(cps) + 1
    for cp in cps:
        if cp not in reference.getBestCmap():
            continue
        assert outlines(font, cp) == outlines(reference, cp), hex(cp)
        name = reference.getBestCmap()[cp]
        assert font["hmtx"][font.getBestCmap()[cp]][0] == reference["hmtx"][name][0]
    assert subset.widths[0] == reference["hmtx"][".notdef"][0] * 1000 / reference["head"].unitsPerEm


def test_subset_tags_differ_with_the_glyphs_and_stay_put():
    face = open_face(SONG)
    a, b = face.subset(tuple(map(ord, "国家"))), face.subset(tuple(map(ord, "国庆")))
    assert a.tag != b.tag and len(a.tag) == 6 and a.tag.isupper()
    assert face.subset(tuple(map(ord, "国家"))).tag == a.tag
    assert subset_tag("x") == subset_tag("x") != subset_tag("y")


def test_not_a_truetype_face_is_an_error(tmp_path):
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"OTTO" + b"\0" * 100)
    with pytest.raises(SfntError):
        Face(bad.read_bytes())
    with pytest.raises(SfntError):
        Face(SONG.read_bytes()[:200])


def test_pdf_objects_serialise_exactly():
    assert number(1.0) == b"1" and number(0.12345) == b"0.1235" and number(-0.00001) == b"0"
    assert text_string("a(b)") == rb"(a\(b\))"
    assert text_string("云") == b"<FEFF4E91>"
    assert serialise({"A": Name("B c"), "L": [1, 2.5, True, None]}) == \
        b"<< /A /B#20c /L [1 2.5 true null] >>"


def test_to_unicode_beyond_the_bmp():
    cmap = to_unicode_cmap((0x4E91, 0x2A6A5)).decode("ascii")
    assert "<0001> <4E91>" in cmap and "<0002> <D869DEA5>" in cmap


def page(runs: list[TextRun], color: str = "gray") -> PageDisplay:
    return PageDisplay("1", "要闻", 300.0, 200.0, color, tuple(runs) + (
        Rule(10, 190, 290, 190, 0.5, BLACK),), ())


def write(display: PageDisplay, press: PressSettings = PressSettings()) -> bytes:
    settings = PdfSettings(DocInfo("测试", dt.date(2026, 11, 24)), Sheet(press, "slug"),
                           lambda pic, gray: prepare(pic, gray, press=press))
    return page_pdf(display, FONTS, settings)


RUNS = [TextRun(20.0, 30.0, "云", "song", 9.0), TextRun(29.4, 30.0, "川", "song", 9.0),
        TextRun(39.123, 30.0, "2026", "song", 9.0), TextRun(61.5, 30.0, "年", "song", 9.0),
        TextRun(20.0, 44.0, "楷体", "kai", 12.0), TextRun(50.0, 44.0, "——", "kai", 12.0, BLACK, 2.0),
        TextRun(20.0, 60.0, "\U00020164", "kai", 10.0)]


def test_every_glyph_lands_where_the_display_list_put_it():
    pdf = write(page(RUNS))
    doc = pdfium.PdfDocument(pdf)
    text = doc[0].get_textpage()
    chars = [(text.get_text_range(i, 1), text.get_charbox(i, loose=True))
             for i in range(text.count_chars())]
    chars = [(c, box) for c, box in chars if c.strip()]
    expected = []
    for run in RUNS[:-1]:  # the last run's astral character is checked by extraction below
        x = run.x
        face = open_face(FONTS[run.role])
        for ch in run.text:
            expected.append((ch, x, 200.0 - run.y))
            x += face.metric(face.cmap[ord(ch)])[0] / face.units_per_em * run.size * run.hscale
    assert "".join(c for c, _ in chars).startswith("".join(c for c, _, _ in expected))
    for (ch, box), (_, x, _) in zip(chars, expected):
        assert box[0] == pytest.approx(x, abs=0.02), ch


def test_text_extracts_and_the_file_is_pdfx():
    pdf = write(page(RUNS))
    reader = PdfReader(io.BytesIO(pdf))
    assert "云川2026年" in reader.pages[0].extract_text().replace(" ", "").replace("\n", "")
    assert "\U00020164" in reader.pages[0].extract_text()
    assert pdf.startswith(b"%PDF-1.4")
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-1:2003"
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {fonts[f]["/BaseFont"] for f in fonts}
    assert len(names) == 2 and all(n[7] == "+" for n in names)


def test_same_display_same_bytes_and_marks_in_registration_colour():
    press = PressSettings(bleed_mm=3, marks=True)
    pdf = write(page(RUNS, "cmyk"), press)
    assert pdf == write(page(RUNS, "cmyk"), press)
    reader = PdfReader(io.BytesIO(pdf))
    assert "slug" in reader.pages[0].extract_text()
    assert "/CSall" in reader.pages[0]["/Resources"]["/ColorSpace"]
    assert b"/DeviceRGB" not in pdf


# ------------------------------------------------------------------------------ supplied pages

def placed(form_doc_page: bytes, name: str = "Ad") -> bytes:
    """A page that draws page 1 of `form_doc_page` as a form, twice (shared objects: once)."""
    import pikepdf

    from layout.render.pdfimport import import_page
    from layout.render.pdfobj import Document

    doc = Document()
    form, box = import_page(doc, pikepdf.open(io.BytesIO(form_doc_page)), 0)
    content = doc.stream(b"q 1 0 0 1 0 0 cm /Ad Do Q q 0.5 0 0 0.5 200 0 cm /Ad Do Q")
    pages = doc.reserve()
    page = doc.add({"Type": Name("Page"), "Parent": pages, "MediaBox": [0, 0, 500, 300],
                    "Resources": {"XObject": {name: form}}, "Contents": content})
    doc.put(pages, {"Type": Name("Pages"), "Kids": [page], "Count": 1})
    root = doc.add({"Type": Name("Catalog"), "Pages": pages})
    return doc.write(root, doc.add({}), b"0" * 16)


def test_a_supplied_page_is_placed_as_vectors_with_its_fonts_and_text():
    from tests_support import one_page_pdf

    from layout.edition.print.pdfscan import scan_pdf

    out = placed(one_page_pdf())
    text = PdfReader(io.BytesIO(out)).pages[0].extract_text()
    assert text.count("云川工人报") == 2, "drawn twice, text kept as text"
    scan = scan_pdf(out).pages[0]
    assert not scan.images, "no raster: the supplied page stays vectors"
    assert all(f.embedded for f in scan.fonts.values()) and len(scan.fonts) == 2
    assert "DeviceCMYK" in scan.colour_spaces and "DeviceRGB" not in scan.colour_spaces
    assert out.count(b"/FontFile2") == 2, "each font program copied once"


def test_a_supplied_page_that_is_missing_or_encrypted_is_a_clear_error(tmp_path):
    import pikepdf
    from tests_support import one_page_pdf

    from layout.render.pdfimport import SuppliedPdfError, open_supplied, page_box

    path = tmp_path / "ad.pdf"
    path.write_bytes(one_page_pdf())
    with pytest.raises(SuppliedPdfError, match="has 1 page"):
        page_box(open_supplied(path), 3, "ad.pdf")
    locked = tmp_path / "locked.pdf"
    pikepdf.open(path).save(locked, encryption=pikepdf.Encryption(owner="o", user="u"))
    with pytest.raises(SuppliedPdfError, match="encrypted"):
        open_supplied(locked)
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4 nothing")
    with pytest.raises(SuppliedPdfError, match="not a readable PDF"):
        open_supplied(tmp_path / "junk.pdf")
