"""End to end: the sample issue builds cleanly, and its PDFs hold every article's text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from layout.edition.build import BuildOptions, build
from layout.manifest import load_issue
from layout.model import parse_body

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "yunchuan-2026-11-24"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    report = build(SAMPLE, BuildOptions(out=out))
    return report, out / SAMPLE.name


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(pdf: Path) -> list[str]:
    return [squash(p.extract_text() or "") for p in PdfReader(pdf).pages]


def article_bodies() -> dict[str, tuple[str, str | None]]:
    """id → (body text without whitespace, continuation folio)."""
    loaded = load_issue(SAMPLE)
    out = {}
    for page in loaded.spec.pages:
        for art in page.articles:
            if hasattr(art, "body"):
                text = (SAMPLE / art.body).read_text(encoding="utf-8")
                out[art.id] = ("".join(squash(b.text) for b in parse_body(text)), art.continued_on)
    return out


def test_sample_builds_without_errors_or_overflow(built):
    report, out = built
    assert report.errors == 0, [p.errors for p in report.pages]
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["summary"]["pages"] == 4
    for page in data["pages"]:
        for art in page["articles"]:
            assert art["overflow"] is None
            assert art["missing_glyphs"] == []


def test_every_article_text_is_in_the_pdfs(built):
    """Every character of every article is printed: extracted with pypdf from the issue PDF."""
    _, out = built
    pages = page_texts(out / "print" / f"{SAMPLE.name}.pdf")
    folios = [p.folio for p in load_issue(SAMPLE).spec.pages]
    for aid, (body, jump) in article_bodies().items():
        if jump is None:
            assert any(body in text for text in pages), f"article {aid} not found intact"
            continue
        target = pages[folios.index(jump)]
        cut = next(k for k in range(len(body), -1, -1) if any(body[:k] in t for t in pages))
        assert cut > 0, f"article {aid}: its start is not printed"
        assert body[cut:] in target, f"article {aid}: the jumped part is not on page {jump}"


def test_sample_is_realistic_copy():
    """The sample has the things real copy has (issue #2): dates, %, money, quotes, marks, Latin."""
    text = "".join(body for body, _ in article_bodies().values())
    assert len(text) > 12_000
    for needle in ("年", "%", "亿元", "“", "‘", "《", "……", "——", "GDP", "5G", "App"):
        assert needle in text, needle


def test_page_pdfs_thumbnails_and_fonts(built):
    _, out = built
    pdfs = sorted((out / "print").glob("yunchuan_*.pdf"))
    assert [p.name for p in pdfs] == [f"yunchuan_20261124_0{n}.pdf" for n in range(1, 5)]
    for pdf in pdfs:
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1
        page = reader.pages[0]
        assert "/TrimBox" in page and "/BleedBox" in page
        for font in _fonts(page):
            descriptor = font["/DescendantFonts"][0]["/FontDescriptor"] if "/DescendantFonts" in font \
                else font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor, font.get("/BaseFont")
            assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), "fonts are embedded as subsets"
        content = page.get_contents().get_data()
        assert not re.search(rb"\brg\b|\bRG\b", content), "no DeviceRGB colour operators"
    colours = {p["folio"]: p["color"] for p in json.loads(
        (out / "web" / "pages.json").read_text(encoding="utf-8"))["pages"]}
    for folio, colour in colours.items():
        with Image.open(out / "web" / "thumbs" / f"page-0{folio}.jpg") as img:
            assert img.width == 240 and img.mode == ("L" if colour == "gray" else "RGB")


def _fonts(page):
    fonts = page["/Resources"].get("/Font", {})
    return [fonts[name].get_object() for name in fonts]


def _images(resources, seen=None):
    """Every image XObject reachable from `resources`, through Form XObjects too."""
    xobjects = resources.get("/XObject", {}) if resources else {}
    for name in xobjects:
        xo = xobjects[name].get_object()
        if xo.get("/Subtype") == "/Image":
            yield xo
        elif xo.get("/Subtype") == "/Form":
            yield from _images(xo.get("/Resources"))


def test_images_are_cmyk_or_gray(built):
    _, out = built
    spaces = []
    for pdf in sorted((out / "print").glob("yunchuan_*.pdf")):
        page = PdfReader(pdf).pages[0]
        for xo in _images(page["/Resources"]):
            spaces.append((pdf.name, xo["/ColorSpace"]))
    assert len(spaces) >= 5  # the sample's photos, chart and illustration
    assert all(cs in ("/DeviceCMYK", "/DeviceGray") for _, cs in spaces), spaces
    assert ("yunchuan_20261124_02.pdf", "/DeviceGray") in spaces
    assert ("yunchuan_20261124_01.pdf", "/DeviceCMYK") in spaces


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_pdfs_pass_qpdf_check(built):
    _, out = built
    for pdf in sorted((out / "print").glob("*.pdf")):
        result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_every_page_passes_the_print_preflight(built):
    """PDF/X-1a, fonts, colour, ink and image resolution (issue #6): no preflight errors."""
    _, out = built
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for page in data["pages"]:
        pre = page["preflight"]
        assert pre["pdfx"] == "PDF/X-1a:2003" and pre["pdfx_ok"], page["errors"]
        assert pre["max_tac"] <= 220 and not any("RGB" in s for s in pre["colour_spaces"])
    assert (out / "print" / "SHA256SUMS").exists() and (out / "report.html").exists()


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript not installed")
def test_ghostscript_renders_every_page_without_errors(built):
    _, out = built
    for pdf in sorted((out / "print").glob("*.pdf")):
        result = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                                 "-sDEVICE=nullpage", str(pdf)],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Error" not in result.stdout + result.stderr, pdf.name
