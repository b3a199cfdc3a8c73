"""layout/fonts.py at run time: roles, fallback, the metrics cache, user fonts (CFF converted on
demand), the missing-glyph report and 〓, `banmian fonts`, and fonts embedded in the PDFs.

Test fonts are generated here with fontTools' FontBuilder: a few box glyphs, one mapped to
U+2A6A5 (𪚥), which none of the committed faces has.
"""

from __future__ import annotations

import json
import marshal
import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.ttCollection import TTCollection
from pypdf import PdfReader

from layout import fontconv, fonts
from layout.cli.main import main
from layout.edition.build import BuildOptions, build
from layout.fonts import MISSING_MARK, FontRole, FontSet, default_roles

ROOT = Path(__file__).resolve().parent.parent
LISTING = yaml.safe_load((ROOT / "fonts" / "fonts.yaml").read_text(encoding="utf-8"))
RARE = "\U0002A6A5"  # 𪚥: in none of the committed faces


# --------------------------------------------------------------------------- test fonts

def _draw_box(pen, cubic: bool) -> None:
    """A frame with a curved inner contour (cubic for CFF, so cu2qu has work to do)."""
    pen.moveTo((100, -100))
    pen.lineTo((100, 800))
    pen.lineTo((900, 800))
    pen.lineTo((900, -100))
    pen.closePath()
    pen.moveTo((200, 0))
    if cubic:
        pen.curveTo((200, 300), (500, 700), (800, 700))
    else:
        pen.qCurveTo((200, 500), (800, 700))
    pen.lineTo((800, 0))
    pen.closePath()


def make_font(path: Path, *, cff: bool = False, chars: str = RARE, advance: int = 1000,
              name: str = "BanmianTestBox", fs_type: int = 0) -> Path:
    """A small font: .notdef, space and a box glyph for each of `chars`."""
    order = [".notdef", "space"] + [f"g{ord(c):X}" for c in chars]
    fb = FontBuilder(1000, isTTF=not cff)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({0x20: "space", **{ord(c): f"g{ord(c):X}" for c in chars}})
    advances = {g: (500 if g == "space" else advance) for g in order}
    if cff:
        charstrings = {}
        for g in order:
            pen = T2CharStringPen(advances[g], None)
            if g != "space":
                _draw_box(pen, cubic=True)
            charstrings[g] = pen.getCharString()
        fb.setupCFF(f"{name}-Regular", {"FullName": name}, charstrings, {})
    else:
        glyphs = {}
        for g in order:
            pen = TTGlyphPen(None)
            if g != "space":
                _draw_box(pen, cubic=False)
            glyphs[g] = pen.glyph()
        fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({g: (advances[g], 0 if g == "space" else 100) for g in order})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": name, "styleName": "Regular", "psName": f"{name}-Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120,
                fsType=fs_type)
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


def make_collection(path: Path, *members: Path) -> Path:
    ttc = TTCollection()
    ttc.fonts = [TTFont(m) for m in members]
    ttc.save(str(path))
    return path


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache directory for this test."""
    root = tmp_path / "cache"
    monkeypatch.setenv("BANMIAN_CACHE", str(root))
    return root


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("font-cache")


@pytest.fixture
def warm_cache(shared_cache, monkeypatch) -> Path:
    """A cache shared by the tests that build (the committed faces' metrics are read once)."""
    monkeypatch.setenv("BANMIAN_CACHE", str(shared_cache))
    return shared_cache


class Calls:
    """Counts calls of a module function (monkeypatched)."""

    def __init__(self, monkeypatch, module, name: str) -> None:
        self.n = 0
        original = getattr(module, name)

        def counted(*args, **kwargs):
            self.n += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


# --------------------------------------------------------------------------- roles and fallback

def test_default_roles_resolve_to_the_committed_faces(warm_cache):
    roles = {r.role: r for r in default_roles()}
    assert list(roles) == ["song", "song-bold", "song-heavy", "hei", "hei-bold", "kai"]
    for role, info in LISTING["roles"].items():
        assert roles[role].path == ROOT / "fonts" / info["file"] and roles[role].index == 0
    fs = FontSet.load()
    assert fs.chain("kai") == ("kai", "song", "hei")
    assert fs.faces["song"].glyph_count == LISTING["roles"]["song"]["glyphs"]
    assert fs.faces["song"].truetype and fs.faces["song"].em_box == (880, -120)
    assert fs.ascent("song", 10) == pytest.approx(fs.faces["song"].ascent / 100)


def test_user_font_takes_its_role_and_keeps_the_chain(tmp_path, warm_cache):
    box = make_font(tmp_path / "box.ttf")
    roles = default_roles([FontRole("kai", box)])
    assert [r.role for r in roles] == [r.role for r in default_roles()]
    assert {r.role: r.path for r in roles}["kai"] == box
    assert {r.role: r.path for r in roles}["song"] == default_roles()[0].path
    fs = FontSet.load(roles)
    assert fs.face_for("kai", RARE) == "kai"  # the user face has it
    assert fs.face_for("kai", "国") == "song"  # it lacks 国: the chain goes on to Song
    assert fs.face_for("song", RARE) == "kai"  # song → hei → kai
    assert fs.face_for("song-bold", RARE) is None  # song-bold → song → hei-bold → hei: no kai


def test_kai_falls_back_to_song_for_a_character_kai_lacks(warm_cache):
    fs = FontSet.load()
    lacking = chr(int(LISTING["roles"]["kai"]["missing"][-1].removeprefix("U+"), 16))  # ￦
    assert not fs.faces["kai"].has(lacking) and fs.faces["song"].has(lacking)
    assert fs.face_for("kai", lacking) == "song"
    assert fs.advance("kai", lacking, 10) == fs.advance("song", lacking, 10)
    assert fs.face_for("kai", "国") == "kai"


def test_a_character_no_face_has(warm_cache):
    fs = FontSet.load()
    assert all(fs.face_for(role, RARE) is None for role in fs.faces)
    assert not fs.settable(RARE) and fs.settable("国")
    # it is measured as the 〓 that replaces it
    assert fs.advance("song", RARE, 10) == fs.advance("song", MISSING_MARK, 10)


# --------------------------------------------------------------------------- the metrics cache

def test_metrics_cache_miss_then_hit_without_rehashing(tmp_path, cache, monkeypatch):
    font = make_font(tmp_path / "box.ttf", advance=900)
    reads = Calls(monkeypatch, fonts, "read_metrics")
    hashes = Calls(monkeypatch, fonts, "file_digest")
    first = fonts.load_face_metrics(font)
    assert (reads.n, hashes.n) == (1, 1)  # miss: hashed and read with fontTools
    second = fonts.load_face_metrics(font)
    assert (reads.n, hashes.n) == (1, 1)  # hit: the stat index gives the hash, no re-read
    assert first == second and second.advances[ord(RARE)] == 900
    assert second.digest == fonts.file_digest(font) and second.outlines == "glyf"


def test_metrics_cache_invalidated_when_the_file_changes(tmp_path, cache, monkeypatch):
    font = make_font(tmp_path / "box.ttf", advance=900)
    assert fonts.load_face_metrics(font).advances[ord(RARE)] == 900
    make_font(font, advance=800)
    st = font.stat()
    os.utime(font, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a later write, whatever the clock
    reads = Calls(monkeypatch, fonts, "read_metrics")
    assert fonts.load_face_metrics(font).advances[ord(RARE)] == 800
    assert reads.n == 1


def test_metrics_cache_same_content_elsewhere_is_a_hit(tmp_path, cache, monkeypatch):
    """The metrics are keyed by content: a copy hashes again but is not re-read."""
    a = make_font(tmp_path / "a.ttf")
    fonts.load_face_metrics(a)
    b = tmp_path / "b.ttf"
    b.write_bytes(a.read_bytes())
    reads = Calls(monkeypatch, fonts, "read_metrics")
    hashes = Calls(monkeypatch, fonts, "file_digest")
    fonts.load_face_metrics(b)
    assert (reads.n, hashes.n) == (0, 1)


@pytest.mark.parametrize("garbage", [b"", b"not marshal data", marshal.dumps([1, 2, 3]),
                                     marshal.dumps({"version": 1, "advances": {}}),
                                     marshal.dumps({"version": fonts.CACHE_VERSION})])
def test_corrupt_cache_entry_is_ignored_and_rewritten(tmp_path, cache, monkeypatch, garbage):
    font = make_font(tmp_path / "box.ttf", advance=700)
    good = fonts.load_face_metrics(font)
    entry = fonts._entry_path(good.digest, 0)
    entry.write_bytes(garbage)
    reads = Calls(monkeypatch, fonts, "read_metrics")
    assert fonts.load_face_metrics(font) == good
    assert reads.n == 1
    assert marshal.loads(entry.read_bytes())["advances"][ord(RARE)] == 700  # rewritten


def test_corrupt_stat_index_entry_means_hashing_again(tmp_path, cache, monkeypatch):
    font = make_font(tmp_path / "box.ttf")
    fonts.load_face_metrics(font)
    (index_entry,) = (cache / "fonts" / "stat").iterdir()
    index_entry.write_text("zz", encoding="ascii")
    hashes = Calls(monkeypatch, fonts, "file_digest")
    assert fonts.load_face_metrics(font).advances[ord(RARE)] == 1000
    assert hashes.n == 1
    assert re.fullmatch(r"[0-9a-f]{64}", index_entry.read_text(encoding="ascii"))


def test_unwritable_cache_still_loads(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("BANMIAN_CACHE", str(blocker / "cache"))  # under a file: cannot be made
    font = make_font(tmp_path / "box.ttf")
    assert fonts.load_face_metrics(font).advances[ord(RARE)] == 1000


# --------------------------------------------------------------------------- user font files

def test_font_file_problems(tmp_path, cache):
    ttf = make_font(tmp_path / "a.ttf")
    other = make_font(tmp_path / "b.ttf", name="BanmianTestOther")
    ttc = make_collection(tmp_path / "ab.ttc", ttf, other)
    text = tmp_path / "not-a-font.ttf"
    text.write_text("hello", encoding="utf-8")
    restricted = make_font(tmp_path / "r.ttf", fs_type=0x0002)
    assert fonts.font_file_problem(ttf) is None
    assert fonts.font_file_problem(ttc, 1) is None
    assert fonts.font_file_problem(tmp_path / "nope.ttf") == ("file", "file not found")
    assert fonts.font_file_problem(ttc, 2) == (
        "index", "face index 2 is out of range (the collection has 2 faces: 0-1)")
    assert fonts.font_file_problem(ttf, 1)[0] == "index"
    assert "fontTools" in fonts.font_file_problem(text)[1]
    assert "forbid embedding" in fonts.font_file_problem(restricted)[1]
    assert fonts.font_file_problem(tmp_path)[1].startswith("cannot read it")


ISSUE = """\
newspaper: {{name: 测试报, serial: CN99-0001, host: 测试单位, address: 测试路1号,
             postcode: "100000"}}
issue:
  date: 2026-11-24
  number: 1
{fonts}pages:
  - folio: 1
    section: 要闻
    color: gray
    articles:
      - id: a
        headline: 字体测试
        body: articles/a.txt
        place: {{columns: 1-3, top: 0, height: 16}}
"""


def write_issue(root: Path, body: str, fonts_yaml: str = "") -> Path:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "articles" / "a.txt").write_text(body, encoding="utf-8")
    (root / "issue.yaml").write_text(ISSUE.format(fonts=fonts_yaml), encoding="utf-8")
    return root


def test_manifest_fonts_are_validated_at_their_lines(tmp_path, cache):
    make_font(tmp_path / "iss" / "fonts" / "box.ttf")
    absolute = make_font(tmp_path / "elsewhere" / "abs.otf", cff=True)
    issue = write_issue(tmp_path / "iss", "正文。\n", f"""\
  fonts:
    kai: {{file: fonts/box.ttf}}
    hei: {{file: {absolute}}}
    sonng: {{file: fonts/box.ttf}}
    song-bold: {{file: fonts/missing.ttf}}
    song-heavy: {{file: fonts/box.ttf, index: 3}}
""")
    result = CliRunner().invoke(main, ["validate", str(issue)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any(re.search(r"issue.yaml:9:5: unknown font role 'sonng' \(did you mean 'song'\?\)",
                         line) for line in lines), lines
    assert any(re.search(r"issue.yaml:10:23: font for 'song-bold', fonts/missing.ttf: "
                         r"file not found", line) for line in lines), lines
    assert any(re.search(r"issue.yaml:11:46: .*face index 3 is out of range", line)
               for line in lines), lines
    assert len([line for line in lines if "issue.yaml:" in line]) == 3  # kai and hei are fine


def test_schema_lists_the_font_roles():
    from layout.manifest.schema import FONT_ROLES, json_schema

    assert FONT_ROLES == tuple(r.role for r in default_roles()) == fonts.ROLE_NAMES
    info = json_schema()["$defs"]["IssueInfo"]["properties"]["fonts"]
    assert info["propertyNames"]["enum"] == list(FONT_ROLES)


# --------------------------------------------------------------------------- CFF on demand

def test_cff_subset_is_truetype_within_a_unit(tmp_path, cache, monkeypatch):
    otf = make_font(tmp_path / "box.otf", cff=True, chars=RARE + "丂")
    face = fonts.load_face_metrics(otf)
    assert face.outlines == "CFF " and not face.truetype
    path = fontconv.truetype_subset(face, {ord(RARE)})
    with TTFont(path) as ttf, TTFont(otf) as src:
        assert "glyf" in ttf and "CFF " not in ttf and ttf.sfntVersion == "\x00\x01\x00\x00"
        assert set(ttf.getBestCmap()) == {0x20, ord(RARE)}  # just what was asked (and space)
        name = ttf.getBestCmap()[ord(RARE)]
        glyph = ttf["glyf"][name]
        bounds = src.getGlyphSet()[src.getBestCmap()[ord(RARE)]]
        from fontTools.pens.boundsPen import BoundsPen

        pen = BoundsPen(src.getGlyphSet())
        bounds.draw(pen)
        for got, want in zip((glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax), pen.bounds,
                             strict=True):
            assert abs(got - want) <= 1  # cu2qu max error 1 unit per 1000 em
        assert ttf["hmtx"][name][0] == 1000
    # cached by (file hash, face index, code points): the same request is not converted again
    other = fontconv.truetype_subset(face, {ord(RARE), ord("丂")})
    assert other != path
    monkeypatch.setattr(fontconv, "convert", lambda *a: pytest.fail("converted again"))
    assert fontconv.truetype_subset(face, [ord(RARE)]) == path
    assert fontconv.truetype_subset(face, [ord("丂"), ord(RARE), 0x20]) == other


def test_truetype_faces_pass_through_without_reading_the_pages(warm_cache):
    def pages():
        raise AssertionError("the display lists are only needed for a CFF face")
        yield

    files = fontconv.truetype_files(FontSet.load(), pages())
    assert files == {r.role: r.path for r in default_roles()}


# --------------------------------------------------------------------------- end to end

def _pdf_fonts(pdf: Path) -> list[dict]:
    """Every font dictionary of every page (descendant fonts of Type0 fonts included)."""
    found = []
    for page in PdfReader(pdf).pages:
        resources = page.get("/Resources") or {}
        font_dict = resources.get("/Font") or {}
        for name in font_dict:
            font = font_dict[name].get_object()
            found.append(font)
            found += [d.get_object() for d in font.get("/DescendantFonts", [])]
    return found


def assert_only_embedded_truetype_subsets(pdf: Path) -> None:
    """Fonts embedded as TrueType subsets (FontFile2, AAAAAA+ names); no standard-14 font."""
    assert b"Helvetica" not in pdf.read_bytes()
    for font in _pdf_fonts(pdf):
        if font.get("/Subtype") == "/Type0":
            continue  # its descendant is checked
        assert font.get("/Subtype") in ("/TrueType", "/CIDFontType2"), font
        assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), font["/BaseFont"]
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor and "/FontFile3" not in descriptor, font["/BaseFont"]


def glyph_warnings(report) -> list[str]:
    return [w for p in report.pages for w in p.warnings if "no font has" in w]


def test_missing_glyph_is_reported_and_printed_as_geta(tmp_path, warm_cache):
    issue = write_issue(tmp_path / "iss", f"第一段。\n\n第二段里有一个字库都没有的字{RARE}。\n")
    report = build(issue, BuildOptions(out=tmp_path / "out"))
    assert report.errors == 0
    (warning,) = glyph_warnings(report)
    assert warning == (f"article `a` on page 1, paragraph 2: no font has “{RARE}” (U+2A6A5); "
                       f"printed 〓")
    data = json.loads((tmp_path / "out" / "iss" / "report.json").read_text(encoding="utf-8"))
    page = data["pages"][0]
    assert page["folio"] == "1" and page["articles"][0]["id"] == "a"
    assert page["articles"][0]["missing_glyphs"] == [
        {"char": RARE, "codepoint": "U+2A6A5", "paragraph": 2}]
    pdf = Path(report.pages[0].files["pdf"])
    text = PdfReader(pdf).pages[0].extract_text()
    assert "字库都没有的字〓" in re.sub(r"\s+", "", text) and RARE not in text


def test_cff_user_font_prints_a_rare_character_end_to_end(tmp_path, warm_cache):
    """A CFF face in the house style's kai role, and a TrueType face from a collection for hei."""
    root = tmp_path / "iss"
    make_font(root / "fonts" / "box.otf", cff=True, chars=RARE + "丂")
    ttc = make_collection(root / "fonts" / "pair.ttc", make_font(tmp_path / "x.ttf", chars="丄"),
                          make_font(tmp_path / "y.ttf", chars="丅", name="BanmianTestY"))
    issue = write_issue(root, f"> 导语有生僻字{RARE}。\n\n正文用宋体，丅用黑体。\n", """\
  fonts:
    kai: {file: fonts/box.otf}
    hei: {file: fonts/pair.ttc, index: 1}
""")
    report = build(issue, BuildOptions(out=tmp_path / "out"))
    assert report.errors == 0 and not glyph_warnings(report)
    pdf = Path(report.pages[0].files["pdf"])
    text = re.sub(r"\s+", "", PdfReader(pdf).pages[0].extract_text())
    assert f"导语有生僻字{RARE}。" in text  # 𪚥 from the user face, the rest from Song
    assert "正文用宋体，丅用黑体。" in text  # 丅 from face 1 of the collection (song → hei)
    assert_only_embedded_truetype_subsets(pdf)
    names = {str(f["/BaseFont"]).split("+", 1)[1] for f in _pdf_fonts(pdf)}
    assert any(n.startswith("BanmianTestBox-Regular") for n in names)  # the converted CFF face
    assert any(n.startswith("BanmianTestY-Regular") for n in names)  # the collection's face 1
    assert list((warm_cache / "fonts" / "truetype").glob("*.ttf"))  # converted into the cache
    assert ttc.exists()


@pytest.mark.slow
def test_sample_pdfs_embed_only_truetype_subsets(tmp_path, warm_cache):
    sample = ROOT / "issues" / "yunchuan-2026-11-24"
    report = build(sample, BuildOptions(out=tmp_path))
    pdfs = [Path(p.files["pdf"]) for p in report.pages] + [Path(report.files["issue_pdf"])]
    assert len(pdfs) == 5  # four pages and the issue
    for pdf in pdfs:
        assert_only_embedded_truetype_subsets(pdf)


# --------------------------------------------------------------------------- banmian fonts

def test_banmian_fonts_lists_roles_glyphs_and_coverage(warm_cache):
    result = CliRunner().invoke(main, ["fonts"])
    assert result.exit_code == 0, result.output
    declared = LISTING["declared_count"]
    for role, info in LISTING["roles"].items():
        line = next(x for x in result.output.splitlines() if x.startswith(role + " "))
        assert info["file"] in line and f"{info['glyphs']:,}" in line
        assert f"{info['covered']:,}/{declared:,}" in line
    assert "fallback kai: kai → song → hei" in result.output


def test_banmian_fonts_with_an_issue_shows_its_fonts(tmp_path, warm_cache):
    make_font(tmp_path / "iss" / "fonts" / "box.otf", cff=True)
    issue = write_issue(tmp_path / "iss", "正文。\n", "  fonts:\n    kai: {file: fonts/box.otf}\n")
    result = CliRunner().invoke(main, ["fonts", "--issue", str(issue)])
    assert result.exit_code == 0, result.output
    kai = next(x for x in result.output.splitlines() if x.startswith("kai "))
    assert "box.otf" in kai and "CFF (converted)" in kai


def test_banmian_fonts_check(tmp_path, warm_cache):
    text = tmp_path / "a.txt"
    text.write_text(f"全都有。\n第二行{RARE}和{RARE}\n\t\U0002B820\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fonts", "--check", str(text)])
    assert result.exit_code == 1
    rows = [line.split() for line in result.output.splitlines()[1:3]]
    assert rows == [[RARE, "U+2A6A5", "2", "2"], ["\U0002B820", "U+2B820", "1", "3"]]
    clean = tmp_path / "b.txt"
    clean.write_text("国务院，。《》“”——……①℃№\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["fonts", "--check", str(clean)]).exit_code == 0
    bad = tmp_path / "c.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    result = CliRunner().invoke(main, ["fonts", "--check", str(bad)])
    assert result.exit_code == 2 and "not UTF-8" in result.output
    result = CliRunner().invoke(main, ["fonts", "--check", str(tmp_path / "none.txt")])
    assert result.exit_code == 2 and "cannot read" in result.output
