"""Integrity under hostile input and faults (issue #12): one file per page, one generation at a
time, locked output folders, limits with clear messages, never a traceback or a hang."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

from layout.cli.main import parse_pages
from layout.edition.build import BuildOptions, build
from layout.edition.generation import _repair
from layout.errors import OutputError
from layout.manifest import ManifestError, load_issue

ROOT = Path(__file__).resolve().parent.parent

BODY = "云川市总工会今天召开会议，部署冬季送温暖工作。会议要求各级工会把困难职工的冷暖放在心上。\n"


def write_issue(root: Path, pages: list[str] | None = None, printing: str = "",
                body: str = BODY, height: int = 30) -> Path:
    """An issue with one short article per page, folios as given (default 1 and 2)."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    lines = ['newspaper: {name: 测试报, serial: CN99-0001, host: 测试单位, address: 测试路1号, '
             'postcode: "100000"}', "issue: {date: 2026-11-24, number: 7}", printing, "pages:"]
    for n, folio in enumerate(pages or ["1", "2"]):
        (root / "articles" / f"a{n}.txt").write_text(body, encoding="utf-8")
        lines += [f"  - folio: {folio}", "    section: 要闻", "    articles:",
                  f"      - id: a{n}", "        headline: 测试标题", f"        body: articles/a{n}.txt",
                  f"        place: {{columns: 1-2, top: 0, height: {height}}}"]
    (root / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def cli(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "layout", *args], capture_output=True, text=True,
                          timeout=timeout, check=False, env={**os.environ, **(env or {})})


def checksums_pass(print_dir: Path) -> bool:
    for line in (print_dir / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ")
        if hashlib.sha256((print_dir / name).read_bytes()).hexdigest() != digest:
            return False
    return True


# ------------------------------------------------------------------------------ 1. one file a page

def test_folios_that_print_alike_are_one_page_too_many(tmp_path):
    issue = write_issue(tmp_path / "iss", pages=["1", '"01"'])
    with pytest.raises(ManifestError) as info:
        load_issue(issue)
    text = str(info.value)
    assert "issue.yaml:" in text and "page folio 01 is the same page as 1 (first at line" in text
    result = cli("validate", str(issue))
    assert result.returncode == 2 and "is the same page as 1" in result.stderr


@pytest.mark.parametrize("pattern", ["x_{page:.0}.pdf", "{page:>999999999}.pdf",
                                     "{page!r}.pdf", "a" * 300 + "{page}.pdf"])
def test_file_patterns_cannot_merge_pages_or_grow_without_bound(tmp_path, pattern):
    issue = write_issue(tmp_path / "iss", printing=f"print: {{file_pattern: '{pattern}'}}")
    started = time.monotonic()
    with pytest.raises(ManifestError, match="file pattern"):
        load_issue(issue)
    assert time.monotonic() - started < 5


def test_a_pattern_may_not_name_a_page_like_the_issue_pdf(tmp_path):
    issue = write_issue(tmp_path / "x01", printing="print: {file_pattern: 'x{page}.pdf'}")
    with pytest.raises(ManifestError, match="the same file as the whole-issue PDF"):
        load_issue(issue)


def test_huge_page_ranges_are_refused_at_once():
    started = time.monotonic()
    with pytest.raises(click.BadParameter, match="goes past page 999"):
        parse_pages("1-999999999")
    with pytest.raises(click.BadParameter, match="longer than"):
        parse_pages("1," * 5000)
    assert time.monotonic() - started < 1
    assert parse_pages("A1-A3,7") == {"A1", "A2", "A3", "7"}


# ------------------------------------------------------------------------------ 5. locked output

def test_a_second_build_waits_then_refuses_with_a_message(tmp_path):
    issue = write_issue(tmp_path / "iss")
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".iss.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        told = []
        with pytest.raises(OutputError, match="another build is writing"):
            build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1, lock_wait=0.3),
                  lambda event, payload: told.append(payload) if event == "waiting" else None)
        assert told and "waiting" in told[0]
    finally:
        os.close(fd)
    assert not (out / "iss").exists()


@pytest.mark.slow
def test_concurrent_builds_into_one_folder_both_succeed_whole(tmp_path):
    issue = write_issue(tmp_path / "iss")
    out = tmp_path / "out"
    env = {"BANMIAN_CACHE": str(tmp_path / "cache")}
    procs = [subprocess.Popen([sys.executable, "-m", "layout", "build", str(issue), "-o", str(out),
                               "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, **env}) for _ in range(3)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [r[1] for r in results]
    assert checksums_pass(out / "iss" / "print")
    json.loads((out / "iss" / "web" / "pages.json").read_text(encoding="utf-8"))
    assert not [p for p in out.iterdir() if ".staging-" in p.name or ".old-" in p.name]


# ------------------------------------------------------------------------------ 6. one generation

def test_a_failed_write_leaves_the_published_generation_whole(tmp_path, monkeypatch):
    issue = write_issue(tmp_path / "iss")
    out = tmp_path / "out"
    build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1))
    before = {p.relative_to(out): p.read_bytes() for p in (out / "iss").rglob("*") if p.is_file()}
    (issue / "articles" / "a0.txt").write_text(BODY.replace("会议", "大会"), encoding="utf-8")
    from layout.edition import build as buildmod

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(buildmod, "write_atomic", full)
    with pytest.raises(OutputError, match="No space left on device"):
        build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1))
    after = {p.relative_to(out): p.read_bytes() for p in (out / "iss").rglob("*") if p.is_file()}
    assert after == before
    assert checksums_pass(out / "iss" / "print")
    assert {p.name for p in out.iterdir()} == {".iss.lock", "iss", "index.html", "archive.js"}


def test_a_build_killed_between_the_two_renames_is_repaired(tmp_path):
    out = tmp_path / "out"
    (out / ".iss.old-4242" / "print").mkdir(parents=True)
    (out / ".iss.old-4242" / "print" / "SHA256SUMS").write_text("")
    (out / ".iss.staging-4243").mkdir()
    _repair(out, "iss")
    assert (out / "iss" / "print" / "SHA256SUMS").exists()
    assert sorted(p.name for p in out.iterdir()) == ["iss"]


@pytest.mark.slow
def test_a_killed_build_leaves_the_last_generation_and_the_next_one_recovers(tmp_path):
    issue = write_issue(tmp_path / "iss", pages=[str(n) for n in range(1, 7)])
    out = tmp_path / "out"
    env = {"BANMIAN_CACHE": str(tmp_path / "cache")}
    assert cli("build", str(issue), "-o", str(out), env=env).returncode == 0
    before = (out / "iss" / "print" / "SHA256SUMS").read_bytes()
    for n in range(6):  # every page changes: the next build has real work to do
        (issue / "articles" / f"a{n}.txt").write_text(BODY * 2, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "layout", "build", str(issue), "-o", str(out),
                             "--jobs", "1"], env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(out.glob(".iss.staging-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (out / "iss" / "print" / "SHA256SUMS").read_bytes() == before
    assert checksums_pass(out / "iss" / "print")
    assert cli("build", str(issue), "-o", str(out), env=env).returncode == 0
    assert checksums_pass(out / "iss" / "print")
    assert not [p for p in out.iterdir() if ".staging-" in p.name]


def test_a_build_with_errors_publishes_nothing_unless_asked(tmp_path):
    issue = write_issue(tmp_path / "iss")
    out = tmp_path / "out"
    build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1))
    good = (out / "iss" / "print" / "SHA256SUMS").read_bytes()
    (issue / "articles" / "a1.txt").write_text(BODY * 60, encoding="utf-8")  # overflows
    report = build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1))
    assert report.errors and not report.published
    assert (out / "iss" / "print" / "SHA256SUMS").read_bytes() == good
    proof = out / "iss.proof"
    assert json.loads((proof / "report.json").read_text("utf-8"))["summary"]["errors"] >= 1
    assert checksums_pass(proof / "print")
    report = build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1,
                                       publish_with_errors=True))
    assert report.published and (out / "iss" / "print" / "SHA256SUMS").read_bytes() != good
    assert not proof.exists(), "a published build replaces the old proofs"


def test_an_unwritable_output_is_a_plain_message_exit_2(tmp_path):
    issue = write_issue(tmp_path / "iss")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = cli("build", str(issue), "-o", str(blocker / "out"),
                 env={"BANMIAN_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 2, result.stderr
    assert "cannot create the output folder" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------------------ 7, 10. hostile files

def nested_forms_pdf(path: Path, fan: int = 12, depth: int = 8) -> Path:
    """A few KB: each form draws the next `fan` times, each time shifted so that no two paths end
    at the same place (no two draws of a form are alike): fan**depth operators."""
    import pikepdf

    pdf = pikepdf.new()
    inner = pdf.make_stream(b"0 0 1 1 re f", Type=pikepdf.Name.XObject,
                            Subtype=pikepdf.Name.Form, BBox=[0, 0, 1, 1])
    for level in range(depth):
        body = b"".join(b"q 1 0 0 1 %d 0 cm /F Do Q\n" % (i * fan ** level) for i in range(fan))
        inner = pdf.make_stream(body, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                BBox=[0, 0, 100, 100],
                                Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=inner)))
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 100, 100],
                              Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=inner)),
                              Contents=pdf.make_stream(b"/F Do"))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def image_bomb_pdf(path: Path) -> Path:
    """A 40,000 × 40,000 CMYK image (6.4 GB decoded) in a few KB of Flate data."""
    import zlib

    import pikepdf

    pdf = pikepdf.new()
    data = zlib.compress(b"\0" * (40000 * 4), 9)  # one row; the rest is missing on purpose
    image = pdf.make_stream(data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                            Width=40000, Height=40000, ColorSpace=pikepdf.Name.DeviceCMYK,
                            BitsPerComponent=8, Filter=pikepdf.Name.FlateDecode)
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 100, 100],
                              Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(I=image)),
                              Contents=pdf.make_stream(b"q 100 0 0 100 0 0 cm /I Do Q"))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def test_the_scanner_stops_at_its_operator_budget(tmp_path):
    from layout.edition.print.pdfscan import ScanBudget, scan_pdf

    data = nested_forms_pdf(tmp_path / "forms.pdf").read_bytes()
    assert len(data) < 10_000
    started = time.monotonic()
    with pytest.raises(ScanBudget, match="more than 20,000 drawing operators"):
        scan_pdf(data, max_operators=20_000)
    assert time.monotonic() - started < 5


@pytest.mark.slow
def test_check_stops_a_pdf_of_nested_forms(tmp_path):
    """12**8 drawing operators in 3 KB: stopped at the budget (about 10 s), reported, exit 1."""
    path = nested_forms_pdf(tmp_path / "forms.pdf")
    started = time.monotonic()
    result = cli("check", str(path))
    assert time.monotonic() - started < 100
    assert result.returncode == 1 and "too complex to check" in result.stdout, result.stdout


def test_check_does_not_decode_an_image_bomb(tmp_path):
    path = image_bomb_pdf(tmp_path / "bomb.pdf")
    proc = subprocess.Popen([sys.executable, "-m", "layout", "check", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, _, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read().decode()
    peak_mb = usage.ru_maxrss / 1024  # the largest process of the tree, in KB on Linux
    assert peak_mb < 600, f"{peak_mb:.0f} MB"
    assert "page 1" in out

def test_check_refuses_devices_fifos_and_folders_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for target in ("/dev/zero", str(fifo)):
        result = cli("check", target, timeout=60)
        assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr


# ------------------------------------------------------------------------------ 3. images

def with_image(root: Path, image, name: str = "p.png", columns: int = 2, color: str = "cmyk") -> Path:
    """A one-page issue whose article shows `image` (a Pillow image)."""
    issue = write_issue(root, pages=["1"])
    (issue / "images").mkdir(exist_ok=True)
    image.save(issue / "images" / name)
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    text = text.replace("        place:", f"        images: [{{file: images/{name}, columns: {columns}}}]\n        place:")
    text = text.replace("    section: 要闻", f"    section: 要闻\n    color: {color}")
    (issue / "issue.yaml").write_text(text, encoding="utf-8")
    return issue


def test_a_16_bit_gray_png_prints_as_a_gradient_not_a_blank_box(tmp_path):
    import io

    import numpy as np
    import pikepdf
    from PIL import Image

    ramp = np.tile(np.linspace(0, 65535, 1200), (800, 1)).astype("uint16")
    issue = with_image(tmp_path / "iss", Image.fromarray(ramp), color="gray")
    report = build(issue, BuildOptions(out=tmp_path / "out", cache=tmp_path / "c", jobs=1))
    pdf = pikepdf.open(Path(report.pages[0].files["pdf"]))
    image = next(iter(pdf.pages[0].get_images().values()))
    with Image.open(io.BytesIO(image.read_raw_bytes())) as printed:
        low, high = printed.convert("L").getextrema()
    assert low < 30 and high > 225, (low, high)


def test_an_exif_rotated_photo_is_upright_on_the_web_as_in_print(tmp_path):
    from PIL import Image

    photo = Image.new("RGB", (800, 400), (200, 40, 40))
    exif = photo.getexif()
    exif[0x0112] = 6  # stored sideways: shown rotated 90°
    issue = with_image(tmp_path / "iss", photo, name="p.jpg")
    (issue / "images" / "p.jpg").unlink()
    photo.save(issue / "images" / "p.jpg", exif=exif.tobytes())
    build(issue, BuildOptions(out=tmp_path / "out", cache=tmp_path / "c", jobs=1,
                              publish_with_errors=True))
    edition = json.loads((tmp_path / "out" / "iss" / "web" / "pages.json").read_text("utf-8"))
    figure = edition["articles"][0]["images"][0]
    assert figure["height"] > figure["width"], "portrait, as the EXIF orientation says"


# ------------------------------------------------------------------------------ 4. subset names

def test_check_finds_subsets_that_share_a_name(tmp_path):
    """ReportLab names every subset of a font AAAAAA+…: two files merged make one name stand
    for two programs. Our own whole-issue PDF never does (tests/test_pdf_writer.py)."""
    from pypdf import PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from layout.fonts import FONTS_DIR

    pdfmetrics.registerFont(TTFont("IntegritySong", str(FONTS_DIR / "BanmianSong-Regular.ttf")))
    writer = PdfWriter()
    for n, text in enumerate(("云川工人报", "今日四版")):
        path = tmp_path / f"{n}.pdf"
        canvas = Canvas(str(path), invariant=1)
        canvas.setFont("IntegritySong", 12)
        canvas.drawString(72, 700, text)
        canvas.save()
        writer.append(str(path))
    merged = tmp_path / "merged.pdf"
    writer.write(merged)
    result = cli("check", str(merged))
    assert "stands for 2 different font programs" in result.stdout, result.stdout


def test_the_whole_issue_pdf_has_a_name_for_every_subset(tmp_path):
    issue = write_issue(tmp_path / "iss", pages=["1", "2", "3"])
    for n, text in enumerate(("第一版的文字", "第二版有别的字", "第三版又不一样")):
        (issue / "articles" / f"a{n}.txt").write_text(text * 5 + "\n", encoding="utf-8")
    build(issue, BuildOptions(out=tmp_path / "out", cache=tmp_path / "c", jobs=1))
    from layout.edition.print.preflight import preflight_pdf
    from layout.press import PressSettings

    data = (tmp_path / "out" / "iss" / "print" / "iss.pdf").read_bytes()
    findings = [f.message for page in preflight_pdf(data, PressSettings(), "iss.pdf")
                for f in page.findings]
    assert not [m for m in findings if "subset name" in m]


# ------------------------------------------------------------------------------ 9, 11. validation

def problems_of(issue: Path) -> str:
    with pytest.raises(ManifestError) as info:
        load_issue(issue)
    return str(info.value)


@pytest.mark.parametrize("body_size, message", [
    ("0", "body_size 0 pt is outside 5–30 pt"), ("1e308", "body_size 1e+308 pt is outside"),
    ("-9", "body_size -9 pt is outside"), (".nan", "body_size")])
def test_body_sizes_that_cannot_print_are_refused_at_their_line(tmp_path, body_size, message):
    issue = write_issue(tmp_path / "iss")
    text = (issue / "issue.yaml").read_text(encoding="utf-8").replace(
        "number: 7}", f"number: 7, format: {{width_mm: 280, height_mm: 400, columns: 6, "
                      f"column_chars: 11, lines: 70, body_size: {body_size}}}}}")
    (issue / "issue.yaml").write_text(text, encoding="utf-8")
    found = problems_of(issue)
    assert message in found and "issue.yaml:2:" in found, found


def test_an_unknown_house_style_is_a_located_problem(tmp_path):
    issue = write_issue(tmp_path / "iss")
    text = (issue / "issue.yaml").read_text(encoding="utf-8").replace(
        "number: 7}", "number: 7, style: defualt}")
    (issue / "issue.yaml").write_text(text, encoding="utf-8")
    assert "unknown house style 'defualt' (did you mean 'default'?)" in problems_of(issue)


@pytest.mark.parametrize("date, lunar", [("1899-06-01", False), ("2101-03-01", False),
                                         ("2026-11-24", True)])
def test_dates_outside_the_lunar_tables_print_without_a_lunar_date(tmp_path, date, lunar):
    issue = write_issue(tmp_path / "iss", pages=["1"])
    text = (issue / "issue.yaml").read_text(encoding="utf-8").replace("2026-11-24", date)
    text = text.replace("    section: 要闻", "    section: 要闻\n    masthead: true")
    text = text.replace("top: 0,", "top: 12,")
    (issue / "issue.yaml").write_text(text, encoding="utf-8")
    report = build(issue, BuildOptions(out=tmp_path / "out", cache=tmp_path / "c", jobs=1,
                                       web=False))
    assert not report.errors
    from pypdf import PdfReader

    printed = PdfReader(report.pages[0].files["pdf"]).pages[0].extract_text()
    assert ("农历" in printed) is lunar


def test_one_round_reports_schema_id_and_grid_problems_together(tmp_path):
    issue = write_issue(tmp_path / "iss", pages=["1", "2", "3"])
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    text = text.replace("height: 30}", "height: 300}", 1)  # off the grid (page 1)
    text = text.replace("      - id: a1", "      - id: a0")  # a duplicate id (page 2)
    text = text.replace("headline: 测试标题\n        body: articles/a2.txt",
                        "headline: 测试标题\n        rank: 9\n        body: articles/a2.txt")
    (issue / "issue.yaml").write_text(text, encoding="utf-8")  # rank 9: a schema problem (3)
    found = problems_of(issue)
    for needle in ("'rank' must be at most 4", "duplicate article id 'a0'", "line 300"):
        assert needle in found or needle.replace("line ", "") in found, (needle, found)


def test_an_article_continued_twice_is_refused(tmp_path):
    issue = write_issue(tmp_path / "iss", pages=["1", "2", "3"])
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    text = text.replace("body: articles/a0.txt", "body: articles/a0.txt\n        continued_on: 2")
    for page in ("2", "3"):
        text = text.replace(f"  - folio: {page}\n    section: 要闻\n    articles:",
                            f"  - folio: {page}\n    section: 要闻\n    articles:\n"
                            f"      - continues: a0\n        place: {{columns: 3-4, top: 0, "
                            f"height: 20}}")
    (issue / "issue.yaml").write_text(text, encoding="utf-8")
    assert "article 'a0' already continues at line" in problems_of(issue)


def test_validate_reports_an_image_too_coarse_for_the_press(tmp_path):
    from PIL import Image

    issue = with_image(tmp_path / "iss", Image.new("RGB", (120, 80), (90, 120, 200)))
    result = cli("validate", str(issue), env={"BANMIAN_CACHE": str(tmp_path / "c")})
    assert result.returncode == 2, result.stderr
    assert "issue.yaml:" in result.stderr and "ppi at its placed size" in result.stderr


def test_a_user_font_that_is_a_device_or_fifo_is_refused_not_waited_for(tmp_path):
    issue = write_issue(tmp_path / "iss")
    fifo = tmp_path / "font.ttf"
    os.mkfifo(fifo)
    for target in ("/dev/zero", str(fifo)):
        text = (issue / "issue.yaml").read_text(encoding="utf-8")
        lines = text.splitlines()
        lines[1] = f"issue: {{date: 2026-11-24, number: 7, fonts: {{song: {{file: '{target}'}}}}}}"
        (issue / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = cli("validate", str(issue), timeout=60)
        assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr


def test_a_font_with_a_damaged_glyf_table_is_refused(tmp_path):
    import struct

    from layout.fonts import FONTS_DIR

    data = bytearray((FONTS_DIR / "BanmianHei-Regular.ttf").read_bytes())
    count = struct.unpack_from(">H", data, 4)[0]
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        if tag == b"glyf":
            struct.pack_into(">L", data, 12 + 16 * i + 12, length // 2)  # glyf cut in half
    damaged = tmp_path / "damaged.ttf"
    damaged.write_bytes(bytes(data))
    issue = write_issue(tmp_path / "iss")
    lines = (issue / "issue.yaml").read_text(encoding="utf-8").splitlines()
    lines[1] = f"issue: {{date: 2026-11-24, number: 7, fonts: {{hei: {{file: '{damaged}'}}}}}}"
    (issue / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "damaged font" in problems_of(issue)


# ------------------------------------------------------------------------------ 12. lesser

def test_invisible_and_decomposed_characters_are_cleaned_and_said(tmp_path):
    issue = write_issue(tmp_path / "iss", pages=["1"])
    (issue / "articles" / "a0.txt").write_text(
        "云\u200d川\ufe0f工会\t开会，Cafe\u0301营业。\n", encoding="utf-8")
    report = build(issue, BuildOptions(out=tmp_path / "out", cache=tmp_path / "c", jobs=1,
                                       web=False))
    page = report.pages[0]
    assert not [w for w in page.warnings if "no font has" in w], page.warnings  # no 〓
    assert any("invisible characters" in n and "tabs set as spaces" in n for n in page.notes)
    from pypdf import PdfReader

    text = PdfReader(page.files["pdf"]).pages[0].extract_text()
    assert "Café" in text and "\u200d" not in text


def test_source_date_epoch_changes_nothing(tmp_path):
    issue = write_issue(tmp_path / "iss")
    outs = []
    for n, env in enumerate(({}, {"SOURCE_DATE_EPOCH": "1000000000"})):
        out = tmp_path / f"out{n}"
        assert cli("build", str(issue), "-o", str(out), "--no-web",
                   env={**env, "BANMIAN_CACHE": str(tmp_path / f"c{n}")}).returncode == 0
        outs.append({p.name: p.read_bytes() for p in (out / "iss" / "print").iterdir()})
    assert outs[0] == outs[1]


def test_published_files_are_readable_by_others(tmp_path):
    """A web server running as another user must read report.json and index.html (mkstemp
    makes 0600 files; write_atomic gives the usual 0644 under a 022 umask)."""
    import stat as st

    old = os.umask(0o022)
    try:
        issue = write_issue(tmp_path / "iss", pages=["1"])
        build(issue, BuildOptions(out=tmp_path / "out", cache=tmp_path / "c", jobs=1))
    finally:
        os.umask(old)
    for name in ("iss/report.json", "iss/print/SHA256SUMS", "index.html", "iss/web/pages.json"):
        mode = (tmp_path / "out" / name).stat().st_mode
        assert mode & st.S_IROTH, f"{name}: {oct(mode)}"


# ------------------------------------------------------------------------------ 2. text off the page

def glyph_boxes(pdf_path: Path) -> list[tuple[str, float, float, float, float]]:
    """Every character pdfium finds on page 1, with its box (PDF space)."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(pdf_path))[0]
    text = page.get_textpage()
    out = []
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if char.strip():
            out.append((char, *text.get_charbox(i, loose=True)))
    return out


@pytest.mark.parametrize("body, reported", [
    ("请访问https://example.org/" + "a" * 5000 + "了解详情。", True),
    ("新词" + "Supercalifragilistic" * 30 + "出现了。", False),  # pyphen hyphenates it
    ("好" + "。" * 60 + "好。", True),
    ("词" + "e\u0301\u0302\u0303" * 80 + "完。", False),  # breaks between its letters
])
def test_a_run_wider_than_its_column_stays_inside_it_and_is_reported(tmp_path, body, reported):
    issue = write_issue(tmp_path / "iss", pages=["1"], body=body + "\n", height=70)
    report = build(issue, BuildOptions(out=tmp_path / "out", cache=tmp_path / "c", jobs=1,
                                       web=False, publish_with_errors=True))
    warnings = report.pages[0].warnings
    if reported:
        assert any("is wider than its column" in w and "`a0`" in w for w in warnings), warnings
    from layout.style import TABLOID

    right = TABLOID.column_x(2) + TABLOID.column_width + 0.5  # the module: columns 1-2
    type_top = TABLOID.height - TABLOID.margin_top + 1  # below the folio line (PDF y goes up)
    body = [b for b in glyph_boxes(Path(report.pages[0].files["pdf"])) if b[4] <= type_top]
    assert len(body) > 50
    for char, left, bottom, right_edge, top in body:
        hang = 4.6 if char in "。，、" else 0.0  # a mark may hang half an em into the gutter
        assert right_edge <= right + hang and 0 <= bottom, (char, right_edge, right)


def test_a_headline_taller_than_its_module_is_an_error_and_stays_on_the_page(tmp_path):
    issue = write_issue(tmp_path / "iss", pages=["1"], height=20)
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    (issue / "issue.yaml").write_text(text.replace("headline: 测试标题", "headline: " +
                                                   "很长的标题" * 1020), encoding="utf-8")
    report = build(issue, BuildOptions(out=tmp_path / "out", cache=tmp_path / "c", jobs=1,
                                       web=False))
    assert any("headline needs" in e for e in report.pages[0].errors), report.pages[0].errors
    assert not report.published
    pdf = tmp_path / "out" / "iss.proof" / "print" / "iss_20261124_01.pdf"
    assert all(bottom >= 0 for _, _, bottom, _, _ in glyph_boxes(pdf))
