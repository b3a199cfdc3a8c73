"""The print package (issue #6): PDF/X-1a and X-4, boxes and marks, colour (no RGB, gray pages
K only, black overprints, TAC), file names, checksums, determinism and the preflight."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from iccgen import cmyk_profile
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from layout.cli.main import main
from layout.display import display_page
from layout.edition.print.pdfscan import scan_pdf
from layout.edition.print.preflight import preflight_pdf
from layout.edition.print.package import issue_pdf, page_file, page_pdf, preflight_page
from layout.fontconv import truetype_files
from layout.manifest import ManifestError, load_issue
from layout.pipeline import open_issue
from layout.press import PressSettings, file_name, paper_slug, pattern_problem
from layout.render.images import max_tac, separate
from layout.render.raster import render_page
from layout.units import mm

BODY = "云川市总工会今天召开会议，部署冬季送温暖工作。会议要求各级工会把困难职工的冷暖放在心上。\n"


def write_issue(root: Path, *, color: str = "cmyk", image: Image.Image | None = None,
                image_name: str = "p.png", printing: str = "", body: str = BODY) -> Path:
    """A one-page issue: one article with one image (a red block unless `image` is given)."""
    (root / "articles").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "articles" / "a.txt").write_text(body, encoding="utf-8")
    (image or Image.new("RGB", (600, 400), (200, 40, 40))).save(root / "images" / image_name)
    (root / "issue.yaml").write_text(f"""\
newspaper: {{name: 测试报, serial: CN99-0001, host: 测试单位, address: 测试路1号, postcode: "100000"}}
issue: {{date: 2026-11-24, number: 7}}
{printing}
pages:
  - folio: 1
    section: 要闻
    color: {color}
    articles:
      - id: a
        headline: 测试标题
        body: articles/a.txt
        images: [{{file: images/{image_name}, caption: 图片说明, columns: 1}}]
        place: {{columns: 1-2, top: 0, height: 30}}
""", encoding="utf-8")
    return root


def render(issue_dir: Path):
    """(issue, page display, page PDF bytes) without the rest of the build (fast)."""
    opened = open_issue(issue_dir)
    issue, fonts = opened.issue, opened.fonts
    display = display_page(opened.lay_out({"1"})["1"])
    return issue, display, page_pdf(issue, display, truetype_files(fonts, [display]))


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """The default settings: PDF/X-1a, no bleed, no marks, a CMYK page."""
    return render(write_issue(tmp_path_factory.mktemp("plain") / "yunchuan-2026-11-24"))


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def box(page, name: str) -> list[float]:
    return [round(float(v), 2) for v in page[name]]


# ------------------------------------------------------------------------------ PDF/X

def test_pdfx1a_version_info_and_output_intent(plain):
    _, _, pdf = plain
    assert pdf.startswith(b"%PDF-1.4")  # PDF/X-1a:2003: at most 1.4
    doc = reader(pdf)
    info = doc.metadata
    assert info["/GTS_PDFXVersion"] == "PDF/X-1:2003"
    assert info["/GTS_PDFXConformance"] == "PDF/X-1a:2003"
    assert info["/Trapped"] == "/False"
    assert info["/Title"] == "测试报 2026-11-24 第1版"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261124000000+00'00'"
    assert len(doc.trailer["/ID"]) == 2
    intents = doc.trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "IFRA26"
    assert intent["/RegistryName"] == "http://www.color.org"
    assert "/DestOutputProfile" not in intent  # IFRA26 is a registered condition
    assert b"ASCII85Decode" not in pdf and b"/LZWDecode" not in pdf


def test_boxes_default_to_the_page(plain):
    _, display, pdf = plain
    page = reader(pdf).pages[0]
    size = [0.0, 0.0, round(display.width, 2), round(display.height, 2)]
    assert box(page, "/MediaBox") == box(page, "/TrimBox") == box(page, "/BleedBox") == size


def test_fonts_embedded_truetype_subsets(plain):
    """One Type 0 font per role on the page: Identity-H, a CIDFontType2 descendant whose
    TrueType subset is embedded (FontFile2), named with a subset tag, with a ToUnicode map."""
    fonts = reader(plain[2]).pages[0]["/Resources"]["/Font"]
    assert len(fonts) >= 2
    for name in fonts:
        font = fonts[name].get_object()
        assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
        assert "/ToUnicode" in font
        cid = font["/DescendantFonts"][0].get_object()
        assert cid["/Subtype"] == "/CIDFontType2" and cid["/CIDToGIDMap"] == "/Identity"
        assert "/FontFile2" in cid["/FontDescriptor"]
        assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"])


def test_cmyk_page_no_rgb_and_black_overprints(plain):
    page = reader(plain[2]).pages[0]
    content = page.get_contents().get_data()
    assert not re.search(rb"\b(rg|RG)\b", content), "no DeviceRGB colour operators"
    states = [s.get_object() for s in page["/Resources"]["/ExtGState"].values()]
    assert {"/OPM": 1} in [{k: v for k, v in s.items() if k != "/Type"} for s in states]
    assert any(getattr(s.get("/op"), "value", False) for s in states)  # fill overprint
    assert any(getattr(s.get("/OP"), "value", False) for s in states)  # stroke overprint
    images = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
    assert [x["/ColorSpace"] for x in images] == ["/DeviceCMYK"]


def test_gray_page_is_k_only(tmp_path):
    _, _, pdf = render(write_issue(tmp_path / "g", color="gray"))
    scan = scan_pdf(pdf).pages[0]
    assert scan.colour_spaces == {"DeviceGray"}
    assert not scan.overprint  # one plate: nothing to overprint
    assert b"/DeviceCMYK" not in pdf


def test_page_pdf_and_issue_pdf_are_deterministic(tmp_path, plain):
    issue, _, pdf = plain
    again = render(write_issue(tmp_path / "yunchuan-2026-11-24"))[2]
    assert again == pdf
    assert issue_pdf(issue, [pdf, pdf]) == issue_pdf(issue, [again, again])
    merged = reader(issue_pdf(issue, [pdf, pdf]))
    assert len(merged.pages) == 2 and "/OutputIntents" in merged.trailer["/Root"]
    assert merged.metadata["/GTS_PDFXConformance"] == "PDF/X-1a:2003"


# ------------------------------------------------------------------------------ boxes and marks

def test_bleed_and_marks_enlarge_the_mediabox(tmp_path):
    issue_dir = write_issue(tmp_path / "m", printing="print: {bleed_mm: 3, marks: true}")
    _, display, pdf = render(issue_dir)
    page = reader(pdf).pages[0]
    trim, bleed, media = box(page, "/TrimBox"), box(page, "/BleedBox"), box(page, "/MediaBox")
    assert trim[2] - trim[0] == pytest.approx(display.width, abs=0.01)
    assert [b - t for b, t in zip(bleed, trim)] == pytest.approx([-mm(3), -mm(3), mm(3), mm(3)],
                                                                abs=0.02)
    assert media[0] == 0 and media[2] - bleed[2] > mm(8)
    assert media[2] == pytest.approx(trim[2] + trim[0], abs=0.02)  # marks all round
    text = page.extract_text()
    assert "page 1" in text and "CMYK" in text and "2026-11-24" in text  # the slug line
    assert "Separation(All)" in scan_pdf(pdf).pages[0].colour_spaces  # registration colour
    thumb = render_page(pdf, 200)  # the web sees the trimmed page, not the marks
    assert thumb.height == pytest.approx(200 * display.height / display.width, abs=1)


# ------------------------------------------------------------------------------ colour

def gradient() -> Image.Image:
    """Every hue and darkness: pure colours, their mixes with black, and neutral greys."""
    img = Image.new("RGB", (64, 64))
    img.putdata([(255 - 4 * y if x < 32 else 4 * x, 4 * y if x % 2 else 0, 255 - 4 * x)
                 for y in range(64) for x in range(64)])
    return img


@pytest.mark.parametrize("limit", [220.0, 180.0, 150.0])
def test_builtin_separation_keeps_tac_under_the_limit(limit):
    cmyk = separate(gradient(), PressSettings(tac_limit=limit))
    assert cmyk.mode == "CMYK"
    assert max_tac(cmyk) <= limit


def test_icc_profile_x4_embeds_profile_xmp_and_limits_tac(tmp_path):
    profile = cmyk_profile(tmp_path / "press.icc")
    dark = Image.new("RGB", (600, 400), (10, 10, 12))  # 4 × 100 % in the raw profile
    issue_dir = write_issue(tmp_path / "x4", image=dark, printing=(
        f"print: {{pdfx: X-4, icc_profile: {profile}}}"))
    _, _, pdf = render(issue_dir)
    assert pdf.startswith(b"%PDF-1.6")
    doc = reader(pdf)
    assert doc.metadata["/GTS_PDFXVersion"] == "PDF/X-4"
    assert "/GTS_PDFXConformance" not in doc.metadata
    intent = doc.trailer["/Root"]["/OutputIntents"][0].get_object()
    icc = intent["/DestOutputProfile"].get_object()
    assert icc["/N"] == 4 and icc.get_data() == profile.read_bytes()
    xmp = doc.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    for needle in ("<pdfxid:GTS_PDFXVersion>PDF/X-4<", "<xmpMM:DocumentID>uuid:",
                   "<xmpMM:VersionID>", "<xmpMM:RenditionClass>", "<dc:title>",
                   "<xmp:CreateDate>2026-11-24T00:00:00+00:00<"):
        assert needle in xmp, needle
    scan = scan_pdf(pdf).pages[0]
    assert next(i.tac for i in scan.images) <= 220
    assert raw_profile_tac(profile, dark) > 350  # the limiter did the work
    assert preflight_pdf(pdf, PressSettings(), "x4.pdf")[0].errors == []


def raw_profile_tac(profile: Path, img: Image.Image) -> float:
    return max_tac(separate(img, PressSettings(icc_profile=profile, tac_limit=400 + 3)))


def test_x4_without_a_profile_is_bad_input(tmp_path):
    issue_dir = write_issue(tmp_path / "bad", printing="print: {pdfx: X-4}")
    with pytest.raises(ManifestError, match="X-4 needs icc_profile"):
        load_issue(issue_dir)


def test_print_block_problems_name_the_line(tmp_path):
    issue_dir = write_issue(tmp_path / "bad", printing=(
        "print: {icc_profile: nope.icc, file_pattern: '{paper}_{day}.pdf'}"))
    with pytest.raises(ManifestError) as info:
        load_issue(issue_dir)
    text = str(info.value)
    assert "issue.yaml:3:" in text and "ICC profile not found: nope.icc" in text
    assert "unknown field {day}" in text
    (issue_dir / "fake.icc").write_bytes(b"\0" * 200)
    yaml = (issue_dir / "issue.yaml").read_text(encoding="utf-8")
    (issue_dir / "issue.yaml").write_text(yaml.replace("nope.icc", "fake.icc").replace(
        "'{paper}_{day}.pdf'", "'x_{page}.pdf'"), encoding="utf-8")
    with pytest.raises(ManifestError, match="fake.icc is not an ICC profile"):
        load_issue(issue_dir)


# ------------------------------------------------------------------------------ images

@pytest.mark.parametrize("width, level", [(120, "error"), (210, "warning"), (600, None)])
def test_image_resolution_at_placed_size(tmp_path, width, level):
    img = Image.new("RGB", (width, width * 2 // 3), (90, 120, 200))
    issue, display, pdf = render(write_issue(tmp_path / "r", image=img))
    result = preflight_page(issue, display, pdf, "r.pdf")
    found = [f for f in result.findings if f.check == "images"]
    assert [f.level for f in found] == ([level] if level else [])
    if level:
        assert "images/p.png has" in found[0].message and "ppi at its placed size" in found[0].message
    across = width / display_width_in(display)  # `fill` may crop the other axis further
    assert 0.8 * across <= result.images[0]["ppi"] <= across + 0.1


def display_width_in(display) -> float:
    from layout.display import Picture

    return next(op.w for op in display.ops if isinstance(op, Picture)) / 72


def test_rgb_png_with_alpha_is_flattened_to_cmyk(tmp_path):
    img = Image.new("RGBA", (600, 400), (0, 120, 255, 0))
    img.paste((255, 0, 0, 255), (100, 100, 500, 300))
    issue, display, pdf = render(write_issue(tmp_path / "a", image=img))
    page = reader(pdf).pages[0]
    xobj = next(x.get_object() for x in page["/Resources"]["/XObject"].values())
    assert xobj["/ColorSpace"] == "/DeviceCMYK" and "/SMask" not in xobj
    result = preflight_page(issue, display, pdf, "a.pdf")
    assert result.errors == []
    assert any("transparent; flattened onto white" in w for w in result.warnings)
    assert "transparency" not in json.dumps(result.colour_spaces)


# ------------------------------------------------------------------------------ preflight of foreign PDFs

def defective_pdf(tmp_path: Path) -> bytes:
    """A PDF with the classic faults: RGB text and image with alpha, Helvetica not embedded,
    a character the embedded font lacks, a 40 ppi image, and no PDF/X keys at all. Made by
    another program (ReportLab, a test dependency), as files sent to `banmian check` are."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from layout.fonts import FONTS_DIR

    pdfmetrics.registerFont(TTFont("Banmian-song", str(FONTS_DIR / "BanmianSong-Regular.ttf")))
    png = Image.new("RGBA", (40, 40), (0, 200, 0, 128))
    png.save(tmp_path / "alpha.png")
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    canvas.setFillColorRGB(1, 0, 0)
    canvas.drawString(72, 700, "Helvetica in RGB")
    canvas.setFont("Banmian-song", 12)
    canvas.drawString(72, 650, "字\U0002a6a5")  # 𪚥 is not in the font
    canvas.drawImage(str(tmp_path / "alpha.png"), 72, 400, 72, 72, mask="auto")
    canvas.save()
    return buf.getvalue()


def test_preflight_finds_planted_defects(tmp_path):
    result = preflight_pdf(defective_pdf(tmp_path), PressSettings(), "bad.pdf")[0]
    text = "\n".join(result.errors)
    for needle in ("output intents", "GTS_PDFXVersion", "no TrimBox", "RGB colour",
                   "font Helvetica is not embedded", "with no glyph in", "transparency",
                   "has 40 ppi"):
        assert needle in text, needle
    assert not result.pdfx_ok


def test_check_command_exit_codes(tmp_path, plain):
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(plain[2])
    bad.write_bytes(defective_pdf(tmp_path))
    runner = CliRunner()
    ok = runner.invoke(main, ["check", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "PDF/X-1a:2003 conforms" in ok.output
    failed = runner.invoke(main, ["check", str(good), str(bad)])
    assert failed.exit_code == 1 and "error: page 1: RGB colour" in failed.output
    missing = runner.invoke(main, ["check", str(tmp_path / "nope.pdf")])
    assert missing.exit_code == 2 and "cannot read" in missing.output


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "layout", *args], capture_output=True, text=True,
                          timeout=300, check=False)


# ------------------------------------------------------------------------------ files

def test_file_names_from_the_pattern():
    press = PressSettings()
    date = dt.date(2026, 11, 24)
    assert file_name(press, "yunchuan-2026-11-24", date, 7, "1") == "yunchuan_20261124_01.pdf"
    assert file_name(press, "yunchuan-2026-11-24", date, 7, "A3") == "yunchuan_20261124_A3.pdf"
    assert paper_slug("云川-2026", PressSettings(paper="YC Daily")) == "yc-daily"
    assert paper_slug("云川-2026", press) == "paper"  # no ASCII in the folder's first word
    custom = PressSettings(file_pattern="{paper}-{number}-{page}.pdf", paper="yc")
    assert file_name(custom, "x", date, 7, "2") == "yc-7-02.pdf"
    assert pattern_problem("{paper}.pdf") and pattern_problem("a/{page}.pdf")
    assert pattern_problem("{paper}_{yyyymmdd}_{page}.pdf") is None


@pytest.mark.slow
def test_build_twice_identical_files_checksums_and_report(tmp_path):
    """Two builds of the same issue: byte-identical PDFs; SHA256SUMS verifies; report.html."""
    issue_dir = write_issue(tmp_path / "yunchuan-2026-11-24", body="这个字𪚥不在字库里，要报告。\n")
    outs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}" / issue_dir.name
        assert run_cli("build", str(issue_dir), "-o", str(out.parent)).returncode == 0
        outs.append(out)
    first, second = (sorted((o / "print").iterdir()) for o in outs)
    assert [p.name for p in first] == ["SHA256SUMS", "yunchuan-2026-11-24.pdf",
                                       "yunchuan_20261124_01.pdf"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    for line in (outs[0] / "print" / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((outs[0] / "print" / name).read_bytes()).hexdigest() == digest
    report = json.loads((outs[0] / "report.json").read_text(encoding="utf-8"))
    pre = report["pages"][0]["preflight"]
    assert pre["pdfx"] == "PDF/X-1a:2003" and pre["pdfx_ok"] and pre["max_tac"] <= 220
    assert pre["missing_glyphs"] == ["𪚥"] and pre["overflow"] == []
    assert all(f["embedded"] and f["truetype"] for f in pre["fonts"])
    html = (outs[0] / "report.html").read_text(encoding="utf-8")
    assert "PDF/X-1a:2003: conforms" in html and "U+2A6A5" in html


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript not installed")
def test_ghostscript_renders_the_pages_without_errors(tmp_path, plain):
    marked = render(write_issue(tmp_path / "m", printing="print: {bleed_mm: 3, marks: true}"))[2]
    for n, pdf in enumerate((plain[2], marked)):
        path = tmp_path / f"p{n}.pdf"
        path.write_bytes(pdf)
        result = ghostscript(path)
        assert result.returncode == 0 and "Error" not in result.stdout + result.stderr, \
            result.stdout + result.stderr


def ghostscript(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage",
                           str(path)], capture_output=True, text=True, timeout=120, check=False)


def test_page_file_uses_the_issue_folder_word(plain):
    issue = plain[0]
    assert page_file(issue, "1") == "yunchuan_20261124_01.pdf"
