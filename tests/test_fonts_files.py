"""Checks on the committed Banmian font files (built by hand with fonts/build.py).

Self-contained: reads only fonts/fonts.yaml, fonts/coverage/declared.txt and the
font and licence files in fonts/.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from fontTools.ttLib import TTFont

FONTS_DIR = Path(__file__).resolve().parents[1] / "fonts"
MANIFEST = yaml.safe_load((FONTS_DIR / "fonts.yaml").read_text(encoding="utf-8"))
ROLES = MANIFEST["roles"]
DEFAULT_SIZE_LIMIT = MANIFEST.get("size_limit_bytes", 5 * 1024 * 1024)

EXPECTED_FILES = {
    "song": "BanmianSong-Regular.ttf",
    "song-bold": "BanmianSong-Bold.ttf",
    "song-heavy": "BanmianSong-Heavy.ttf",
    "hei": "BanmianHei-Regular.ttf",
    "hei-bold": "BanmianHei-Bold.ttf",
    "kai": "BanmianKai-Regular.ttf",
}
# Source family names that must not be reused by the Modified Versions.
SOURCE_NAMES = ("Noto", "Source Han", "LXGW", "霞鹜", "WenKai")


def _declared() -> list[int]:
    text = (FONTS_DIR / MANIFEST["declared_coverage"]).read_text(encoding="ascii")
    return [int(line, 16) for line in text.split()]


DECLARED = _declared()


@pytest.fixture(scope="module", params=sorted(ROLES))
def role(request):
    return request.param


@pytest.fixture(scope="module")
def entry(role):
    return ROLES[role]


@pytest.fixture(scope="module")
def font_path(entry) -> Path:
    return FONTS_DIR / entry["file"]


@pytest.fixture(scope="module")
def font(font_path):
    with TTFont(font_path) as f:
        yield f


def test_roles_and_file_names_are_the_contract():
    assert {r: e["file"] for r, e in ROLES.items()} == EXPECTED_FILES


def test_declared_coverage_list_is_sorted_unique_and_counted():
    assert DECLARED == sorted(set(DECLARED))
    assert len(DECLARED) == MANIFEST.get("declared_count", len(DECLARED))
    declared = set(DECLARED)
    assert len(declared) > 8105  # at least all of 通用规范汉字表
    for ch in "国务院，。、《》“”—…①℃№¥￥■●★→":
        assert ord(ch) in declared, ch


def test_licence_files_present():
    for entry in ROLES.values():
        licence_file = entry["licence"].split("(")[-1].rstrip(")")
        text = (FONTS_DIR / licence_file).read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in text
        assert entry["file"] in text


def test_file_exists_and_sha256_matches(entry, font_path):
    assert font_path.is_file()
    data = font_path.read_bytes()
    assert len(data) == entry["size_bytes"]
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_size_within_limit(entry, font_path):
    limit = entry.get("size_limit_bytes", DEFAULT_SIZE_LIMIT)
    if limit > DEFAULT_SIZE_LIMIT:
        assert entry.get("size_limit_reason"), "an exceeded size target must be documented"
    assert font_path.stat().st_size <= limit


def test_truetype_outlines(font, entry):
    assert font.sfntVersion == "\x00\x01\x00\x00"
    assert "glyf" in font and "loca" in font
    assert "CFF " not in font and "CFF2" not in font and "VORG" not in font
    assert font["maxp"].tableVersion == 0x00010000
    assert font["maxp"].numGlyphs == entry["glyphs"]
    assert font["name"].getDebugName(6) == entry["file"].removesuffix(".ttf")


def test_tables_a_pdf_needs(font):
    for tag in ("cmap", "post", "OS/2", "hhea", "hmtx", "head", "name", "maxp"):
        assert tag in font, tag
    assert any((t.platformID, t.platEncID) in ((3, 1), (3, 10)) for t in font["cmap"].tables)
    fs_type = font["OS/2"].fsType
    assert fs_type & 0x000F in (0, 8) and not fs_type & 0x0300, f"fsType {fs_type:#x}"


def test_renamed_family_keeps_copyright(font, entry):
    name = font["name"]
    assert name.getDebugName(1).startswith(entry["family"])
    for name_id in (1, 3, 4, 6, 16, 17):
        for rec in name.names:
            if rec.nameID == name_id:
                text = rec.toUnicode()
                assert not any(s in text for s in SOURCE_NAMES), (name_id, text)
    assert name.getDebugName(0)  # original copyright notice kept
    assert "Open Font License" in (name.getDebugName(13) or "")


def test_cmap_covers_declared_minus_missing(font, entry):
    declared = set(DECLARED)
    missing = {int(m.removeprefix("U+"), 16) for m in entry["missing"]}
    assert missing <= declared
    assert len(missing) < 0.01 * len(declared)
    cmap = set(font.getBestCmap())
    lacking = declared - missing - cmap
    assert not lacking, sorted(f"U+{cp:04X}" for cp in lacking)[:20]
    assert entry["covered"] == len(declared) - len(missing)
    assert not (missing & cmap), "a code point listed as missing is in the cmap"


def test_pdf_writer_reads_the_face(role, font_path):
    """The PDF writer's own reader (render/sfnt.py) sees the cmap and advances fontTools sees."""
    from layout.sfnt import open_face

    face = open_face(font_path)
    reference = TTFont(font_path, lazy=True)
    assert len(face.cmap) == len(reference.getBestCmap())
    for ch in "国，。《》A1":
        gid = face.cmap[ord(ch)]
        assert face.metric(gid)[0] == reference["hmtx"][reference.getGlyphName(gid)][0], ch
    assert face.info.ps_name == reference["name"].getDebugName(6)
