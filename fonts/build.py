#!/usr/bin/env python3
"""Build Banmian's committed TrueType-outline CJK faces (run by hand, not in CI).

    nice .venv/bin/python fonts/build.py            # build all six faces
    .venv/bin/python fonts/build.py --jobs 1        # one process only
    .venv/bin/python fonts/build.py --roles kai     # rebuild some roles only*

(*) --roles rebuilds only the named faces but still rewrites fonts.yaml, the
coverage files and the licence files from *all* faces present in fonts/.

Why: ReportLab can only embed TrueType-outline (``glyf``) fonts, while the Noto
CJK faces Debian ships are CFF-flavoured ``.ttc`` collections.  This script

1. locates the sources through ``dpkg -L`` (Debian packages ``fonts-noto-cjk``,
   ``fonts-noto-cjk-extra``, ``fonts-lxgw-wenkai`` and, for the character list,
   ``unicode-data``) and records the package versions (``dpkg-query``);
2. picks the Simplified-Chinese face of each collection by reading its name
   table, and subsets it (fontTools.subset) to the declared coverage
   (:func:`declared_coverage`) plus the glyphs reached by the kept OpenType
   features;
3. converts CFF outlines to quadratic TrueType outlines with cu2qu
   (``Cu2QuPen``, max error 1.0 font unit per 1000 units-per-em, contours
   reversed to TrueType's clockwise convention), building ``glyf``/``loca``,
   ``maxp`` 1.0 and ``post`` format 3, and dropping ``CFF ``/``VORG``;
4. renames the families (the OFL forbids Modified Versions from using Reserved
   Font Names; we rename every face whether or not its licence declares one)
   while keeping copyright, trademark and licence name records;
5. verifies every output with ReportLab and fontTools;
6. writes ``fonts.yaml``, ``coverage.txt``, ``coverage/declared.txt`` and the
   licence files ``LICENSE-NotoCJK.txt`` / ``LICENSE-LXGWWenKai.txt``.

The output is reproducible: the same source files give the same bytes.  The
``head`` created/modified timestamps are copied from the source face and
fontTools' timestamp recalculation is disabled, so neither the clock nor
``SOURCE_DATE_EPOCH`` influence the result.

Layout features kept: kern, palt, halt, vert, vrt2, fwid, hwid, locl — but only
in the default and ``ZHS`` (Simplified Chinese) language systems.  Noto CJK's SC
face carries ``locl`` lookups for the JAN/KOR/ZHT/ZHH language systems that map
thousands of ideographs to their Japanese, Korean and Traditional-Chinese
glyph variants; keeping those would add ~6,500 glyphs (≈ +70 %) that a
Simplified-Chinese newspaper never uses.  Hinting is not kept (``hinting=False``).
"""

from __future__ import annotations

import argparse
import bz2
import hashlib
import io
import multiprocessing
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent
OUT_YAML = FONTS_DIR / "fonts.yaml"
OUT_COVERAGE_TXT = FONTS_DIR / "coverage.txt"
OUT_DECLARED = FONTS_DIR / "coverage" / "declared.txt"

#: Maximum cu2qu approximation error, in font units for a 1000-unit em (scaled
#: to the source's unitsPerEm).
CU2QU_MAX_ERR_PER_1000_UPEM = 1.0

#: Size target for each face (5 MiB).  A face may exceed it only with a
#: ``size_limit_bytes`` + ``size_limit_reason`` override recorded in fonts.yaml.
SIZE_LIMIT_BYTES = 5 * 1024 * 1024

LAYOUT_FEATURES = ["kern", "palt", "halt", "vert", "vrt2", "fwid", "hwid", "locl"]
#: OpenType language systems kept (see module docstring).
LAYOUT_LANGSYS = ["dflt", "ZHS"]

OFL = "SIL Open Font License 1.1"

NOTO_LICENCE = "LICENSE-NotoCJK.txt"
LXGW_LICENCE = "LICENSE-LXGWWenKai.txt"

# Each face: the role name used by the layout engine, the output file (a
# contract with the rest of the project), new names, and candidate sources in
# order of preference: (Debian package, source file basename, full name (name
# ID 4) of the wanted face inside the file).
FACES: list[dict] = [
    {
        "role": "song",
        "file": "BanmianSong-Regular.ttf",
        "family": "Banmian Song",
        "style": "Regular",
        "licence_file": NOTO_LICENCE,
        "sources": [("fonts-noto-cjk", "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC")],
    },
    {
        "role": "song-bold",
        "file": "BanmianSong-Bold.ttf",
        "family": "Banmian Song",
        "style": "Bold",
        "licence_file": NOTO_LICENCE,
        "sources": [("fonts-noto-cjk", "NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC Bold")],
    },
    {
        "role": "song-heavy",
        "file": "BanmianSong-Heavy.ttf",
        "family": "Banmian Song",
        "style": "Heavy",
        "licence_file": NOTO_LICENCE,
        "sources": [
            ("fonts-noto-cjk-extra", "NotoSerifCJK-Black.ttc", "Noto Serif CJK SC Black"),
            ("fonts-noto-cjk-extra", "NotoSerifCJK-Heavy.ttc", "Noto Serif CJK SC Heavy"),
            ("fonts-noto-cjk-extra", "NotoSerifCJK-ExtraBold.ttc", "Noto Serif CJK SC ExtraBold"),
        ],
    },
    {
        "role": "hei",
        "file": "BanmianHei-Regular.ttf",
        "family": "Banmian Hei",
        "style": "Regular",
        "licence_file": NOTO_LICENCE,
        "sources": [("fonts-noto-cjk", "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC")],
    },
    {
        "role": "hei-bold",
        "file": "BanmianHei-Bold.ttf",
        "family": "Banmian Hei",
        "style": "Bold",
        "licence_file": NOTO_LICENCE,
        "sources": [("fonts-noto-cjk", "NotoSansCJK-Bold.ttc", "Noto Sans CJK SC Bold")],
    },
    {
        "role": "kai",
        "file": "BanmianKai-Regular.ttf",
        "family": "Banmian Kai",
        "style": "Regular",
        "licence_file": LXGW_LICENCE,
        "sources": [("fonts-lxgw-wenkai", "LXGWWenKai-Regular.ttf", "LXGW WenKai")],
    },
]

LICENCE_SOURCES = {
    NOTO_LICENCE: ["fonts-noto-cjk", "fonts-noto-cjk-extra"],
    LXGW_LICENCE: ["fonts-lxgw-wenkai"],
}


def log(*args) -> None:
    print(*args, flush=True)


# --------------------------------------------------------------------------
# Debian package helpers
# --------------------------------------------------------------------------


def dpkg_files(package: str) -> list[str]:
    out = subprocess.run(["dpkg", "-L", package], check=True, capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line.strip()]


def dpkg_version(package: str) -> str:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def package_file(package: str, basename: str) -> str | None:
    for path in dpkg_files(package):
        if os.path.basename(path) == basename and os.path.isfile(path):
            return path
    return None


def package_copyright(package: str) -> str:
    for path in dpkg_files(package):
        if path.endswith(f"/doc/{package}/copyright") and os.path.isfile(path):
            return path
    raise SystemExit(f"{package}: no copyright file in dpkg -L output")


# --------------------------------------------------------------------------
# Declared coverage — defined here, once.
# --------------------------------------------------------------------------


def _unihan_tghz2013() -> set[int]:
    """The 8,105 characters of 通用规范汉字表 (Unihan field kTGHZ2013)."""
    pattern = re.compile(r"^U\+([0-9A-F]{4,6})\tkTGHZ2013\t")
    found: set[int] = set()

    def scan(lines) -> None:
        for line in lines:
            m = pattern.match(line)
            if m:
                found.add(int(m.group(1), 16))

    for path in sorted(dpkg_files("unicode-data")):
        base = os.path.basename(path)
        if not base.startswith("Unihan") or not os.path.isfile(path):
            continue
        if base.endswith(".zip"):
            with zipfile.ZipFile(path) as zf:
                for member in sorted(zf.namelist()):
                    if member.endswith(".txt"):
                        scan(io.TextIOWrapper(zf.open(member), encoding="utf-8"))
        elif base.endswith(".txt.bz2"):
            with bz2.open(path, "rt", encoding="utf-8") as fh:
                scan(fh)
        elif base.endswith(".txt"):
            with open(path, encoding="utf-8") as fh:
                scan(fh)
    if len(found) != 8105:
        raise SystemExit(f"kTGHZ2013: expected 8105 characters, found {len(found)}")
    return found


def _gb2312() -> set[int]:
    """Every character of GB 2312, by decoding each valid 2-byte EUC-CN code."""
    chars: set[int] = set()
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    return chars


def _r(first: int, last: int) -> set[int]:
    return set(range(first, last + 1))


def _s(text: str) -> set[int]:
    return {ord(c) for c in text}


def coverage_categories() -> dict[str, set[int]]:
    """The declared coverage, by category (categories may overlap)."""
    return {
        "通用规范汉字表 (Unihan kTGHZ2013)": _unihan_tghz2013(),
        "GB 2312": _gb2312(),
        "ASCII U+0020-U+007E": _r(0x20, 0x7E),
        "Latin-1 U+00A0-U+00FF": _r(0xA0, 0xFF),
        "CJK symbols and punctuation U+3000-U+303F": _r(0x3000, 0x303F),
        "fullwidth/halfwidth forms U+FF01-U+FF65, U+FFE0-U+FFE6": _r(0xFF01, 0xFF65)
        | _r(0xFFE0, 0xFFE6),
        "general punctuation U+2010-U+2027, U+2030-U+203B": _r(0x2010, 0x2027)
        | _r(0x2030, 0x203B),
        "dashes and ellipses ⸺ ⸻ ⋯ and katakana middle dot ・": _s("\u2e3a\u2e3b\u22ef\u30fb"),
        "vertical forms U+FE10-U+FE19 and CJK compatibility forms U+FE30-U+FE4F": _r(
            0xFE10, 0xFE19
        )
        | _r(0xFE30, 0xFE4F),
        "letterlike and reference marks ℃ ℉ № ℡ ™ ‰ § ※ 〓": _s("℃℉№℡™‰§※〓"),
        "enclosed numerals ①-⑳ ⑴-⒇ ⒈-⒛ ❶-❿ ㈠-㈩": _r(0x2460, 0x249B)
        | _r(0x2776, 0x277F)
        | _r(0x3220, 0x3229),
        "Roman numerals Ⅰ-Ⅻ ⅰ-ⅻ": _r(0x2160, 0x216B) | _r(0x2170, 0x217B),
        "currency ¥ ￥ £ € ¢": _s("¥￥£€¢￡￠"),
        "math and units ° ± × ÷ − ∶ ≈ ≠ ≤ ≥ ∞ √ ′ ″ ㎎㎏㎜㎝㎞㎡㏄": _s(
            "°±×÷−∶≈≠≤≥∞√′″㎎㎏㎜㎝㎞㎡㏄"
        ),
        "superscript and subscript digits": _s("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉"),
        "arrows ←↑→↓↔↕↖↗↘↙⇒⇔": _r(0x2190, 0x2199) | _s("⇒⇔"),
        "geometric shapes and dingbats ■□▲△▶▷▼▽◀◁◆◇○◎●◉★☆☎☞♀♂♠♡♣♦♥♪✓": _s(
            "■□▲△▶▷▼▽◀◁◆◇○◎●◉★☆☎☞♀♂♠♡♣♦♥♪✓"
        ),
        "Hanyu Pinyin letters and tone marks": _s(
            "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêḿǹńňɑɡ"
            "ĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛÜÊ"
            "ˇˉˊˋ˙"
        ),
        "Windows-1252 extras for foreign names Œœ Šš Žž Ÿ ƒ ˆ ˜ ‹ ›": _s("ŒœŠšŽžŸƒˆ˜‹›"),
    }


def declared_coverage() -> set[int]:
    """The set of code points every Banmian face is built to cover."""
    result: set[int] = set()
    for chars in coverage_categories().values():
        result |= chars
    return result


def write_coverage_files(categories: dict[str, set[int]], declared: set[int]) -> None:
    OUT_DECLARED.parent.mkdir(parents=True, exist_ok=True)
    OUT_DECLARED.write_text("".join(f"{cp:04X}\n" for cp in sorted(declared)), encoding="utf-8")
    lines = [
        "# Declared coverage of the Banmian faces (generated by fonts/build.py; do not edit).",
        "# Categories overlap; the exact, sorted list of code points is coverage/declared.txt.",
        "# count  category",
    ]
    for name, chars in categories.items():
        lines.append(f"{len(chars):6d}  {name}")
    lines.append(f"{len(declared):6d}  TOTAL (union)")
    OUT_COVERAGE_TXT.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------
# Source selection
# --------------------------------------------------------------------------


def _english_name(font, name_id: int) -> str | None:
    rec = font["name"].getName(name_id, 3, 1, 0x409) or font["name"].getName(name_id, 1, 0, 0)
    return rec.toUnicode() if rec is not None else None


def locate_source(face: dict) -> dict:
    """Find the source file and face index for *face* (reading name tables)."""
    from fontTools.ttLib import TTCollection, TTFont

    tried = []
    for package, basename, full_name in face["sources"]:
        path = package_file(package, basename)
        tried.append(f"{package}:{basename}")
        if path is None:
            continue
        if basename.lower().endswith((".ttc", ".otc")):
            collection = TTCollection(path, lazy=True)
            candidates = list(enumerate(collection.fonts))
        else:
            candidates = [(-1, TTFont(path, lazy=True))]
        for index, font in candidates:
            if _english_name(font, 4) == full_name:
                return {
                    "package": package,
                    "version": dpkg_version(package),
                    "path": path,
                    "basename": basename,
                    "index": index,
                    "full_name": full_name,
                }
        names = [_english_name(f, 4) for _, f in candidates]
        raise SystemExit(f"{basename}: no face named {full_name!r} (have {names})")
    raise SystemExit(f"{face['role']}: no source found (tried {', '.join(tried)})")


# --------------------------------------------------------------------------
# Building one face
# --------------------------------------------------------------------------


def _check_fstype(font, label: str) -> None:
    fs_type = font["OS/2"].fsType
    usage = fs_type & 0x000F
    # 0 = installable, 4 = preview & print, 8 = editable; 2 = restricted.
    if usage not in (0, 8) or fs_type & 0x0300:
        raise SystemExit(f"{label}: OS/2.fsType {fs_type:#06x} does not allow embedding/editing")


def _layout_scripts(font) -> list[str]:
    scripts: set[str] = set()
    for tag in ("GSUB", "GPOS"):
        if tag in font and font[tag].table.ScriptList:
            scripts.update(r.ScriptTag.strip() for r in font[tag].table.ScriptList.ScriptRecord)
    return [f"{s}.{lang}" for s in sorted(scripts) for lang in LAYOUT_LANGSYS]


def cff_to_glyf(font, max_err: float, role: str) -> None:
    """Replace the CFF outlines of *font* by quadratic TrueType outlines: the engine's own
    conversion (layout/fontconv.py), with progress in the log."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
    from layout.fontconv import cff_to_glyf as convert

    started = time.monotonic()
    convert(font, max_err, lambda done, total: log(
        f"  [{role}] cu2qu {done}/{total} glyphs ({time.monotonic() - started:.0f}s)"))


def set_names(font, face: dict, source: dict) -> None:
    """Rename the family; keep copyright, trademark, licence and credit records."""
    name = font["name"]
    family, style = face["family"], face["style"]
    ribbi = style in ("Regular", "Bold", "Italic", "Bold Italic")
    ps_name = f"{family.replace(' ', '')}-{style.replace(' ', '')}"
    version = _english_name(font, 5) or "Version 1.000"
    version_number = re.sub(r"^Version\s+", "", version).split(";")[0].strip()

    replaced = {1, 2, 3, 4, 5, 6, 16, 17, 18, 21, 22, 25}
    name.names = [n for n in name.names if n.nameID not in replaced]
    records = {
        1: family if ribbi else f"{family} {style}",
        2: style if ribbi else "Regular",
        3: f"{version_number};BANMIAN;{ps_name}",
        4: f"{family} {style}" if style != "Regular" else family,
        5: f"{version}; Banmian subset (TrueType outlines) of {source['full_name']}",
        6: ps_name,
    }
    if not ribbi:
        records[16] = family
        records[17] = style
    for name_id, text in sorted(records.items()):
        name.setName(text, name_id, 3, 1, 0x409)
    # Keep only Windows-platform and Mac Roman records; sort for stable output.
    name.names = [n for n in name.names if (n.platformID, n.platEncID) in ((3, 1), (1, 0))]
    name.names.sort(key=lambda n: (n.platformID, n.platEncID, n.langID, n.nameID))


def build_face(job: tuple[dict, dict, list[int]]) -> dict:
    face, source, declared = job
    from fontTools import subset
    from fontTools.ttLib import TTFont

    role = face["role"]
    out_path = FONTS_DIR / face["file"]
    started = time.monotonic()
    log(f"[{role}] {source['basename']} face #{source['index']} ({source['full_name']})")

    font = TTFont(source["path"], fontNumber=source["index"], recalcTimestamp=False)
    _check_fstype(font, source["basename"])
    created, modified = font["head"].created, font["head"].modified

    options = subset.Options()
    options.layout_features = list(LAYOUT_FEATURES)
    options.layout_scripts = _layout_scripts(font)
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.glyph_names = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.drop_tables = sorted(set(options.drop_tables) | {"DSIG"})
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=declared)
    subsetter.subset(font)
    log(f"[{role}] subset to {len(font.getGlyphOrder())} glyphs "
        f"({time.monotonic() - started:.0f}s)")

    if "CFF " in font:
        upem = font["head"].unitsPerEm
        cff_to_glyf(font, CU2QU_MAX_ERR_PER_1000_UPEM * upem / 1000.0, role)

    post = font["post"]
    post.formatType = 3.0
    for attr in ("extraNames", "mapping", "glyphOrder"):
        if hasattr(post, attr):
            delattr(post, attr)

    set_names(font, face, source)
    font["head"].created = created
    font["head"].modified = modified
    font.recalcTimestamp = False
    font.save(out_path, reorderTables=True)
    font.close()

    elapsed = time.monotonic() - started
    log(f"[{role}] wrote {out_path.name}: {out_path.stat().st_size:,} bytes ({elapsed:.0f}s)")
    return {"role": role, "seconds": round(elapsed, 1)}


# --------------------------------------------------------------------------
# Verification and metadata
# --------------------------------------------------------------------------


def verify_face(face: dict, declared: set[int]) -> dict:
    from fontTools.ttLib import TTFont
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

    path = FONTS_DIR / face["file"]
    data = path.read_bytes()
    font = TTFont(io.BytesIO(data))
    problems = []
    if "glyf" not in font or "CFF " in font or "CFF2" in font:
        problems.append("outlines are not TrueType")
    for table in ("cmap", "post", "OS/2", "hhea", "hmtx", "loca", "maxp", "name", "head"):
        if table not in font:
            problems.append(f"missing table {table}")
    if not any((t.platformID, t.platEncID) in ((3, 1), (3, 10)) for t in font["cmap"].tables):
        problems.append("no (3,1)/(3,10) cmap")
    if font["OS/2"].fsType not in (0, 8):
        problems.append(f"fsType {font['OS/2'].fsType:#x}")
    cmap = font.getBestCmap()
    missing = sorted(declared - set(cmap))
    glyphs = font["maxp"].numGlyphs
    copyright_notice = _english_name(font, 0) or ""
    trademark = _english_name(font, 7) or ""
    font.close()

    rl_name = face["family"].replace(" ", "") + "-" + face["style"]
    rl_font = RLTTFont(rl_name, str(path))
    pdfmetrics.registerFont(rl_font)
    rl_cmap = rl_font.face.charToGlyph
    rl_missing = [cp for cp in cmap if cp not in rl_cmap]
    if rl_missing:
        problems.append(f"ReportLab cmap lacks {len(rl_missing)} code points")
    if len(data) > SIZE_LIMIT_BYTES:
        log(f"WARNING {face['file']}: {len(data):,} bytes exceeds the "
            f"{SIZE_LIMIT_BYTES:,}-byte target by {len(data) - SIZE_LIMIT_BYTES:,}")
    if problems:
        raise SystemExit(f"{face['file']}: " + "; ".join(problems))
    return {
        "glyphs": glyphs,
        "size_bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "covered": len(declared) - len(missing),
        "missing": [f"U+{cp:04X}" for cp in missing],
        "copyright": copyright_notice,
        "trademark": trademark,
    }


def _ofl_text(copyright_file: str) -> str:
    """The OFL text from a Debian machine-readable copyright file."""
    text = Path(copyright_file).read_text(encoding="utf-8")
    out: list[str] = []
    # The standalone "License:" paragraph (the one in "Files:" has no body).
    for para in text.split("\n\n"):
        head, _, body = para.partition("\n")
        if re.match(r"^License:\s*(SIL-1\.1|OFL-1\.1)\s*$", head) and body.strip():
            for line in body.splitlines():
                line = line[1:] if line.startswith(" ") else line
                out.append("" if line.strip() == "." else line)
            break
    text = "\n".join(out).strip("\n")
    if "SIL OPEN FONT LICENSE Version 1.1" not in text:
        raise SystemExit(f"{copyright_file}: OFL 1.1 text not found")
    return text


def _debian_header(copyright_file: str) -> list[str]:
    """Upstream fields and the font files' Copyright/Comment stanza."""
    text = Path(copyright_file).read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    keep: list[str] = []
    for para in paragraphs:
        if para.startswith("Format:"):
            keep += [ln for ln in para.splitlines() if ln.startswith(("Upstream-Name:", "Source:"))]
        elif para.startswith("Files: *"):
            keep += para.splitlines()
    return keep


def write_licence(licence_file: str, faces: list[dict], results: dict, sources: dict) -> None:
    packages = LICENCE_SOURCES[licence_file]
    copyright_file = package_copyright(packages[0])
    ofl = _ofl_text(copyright_file)
    for other in packages[1:]:
        if _ofl_text(package_copyright(other)) != ofl:
            raise SystemExit(f"{other}: licence text differs from {packages[0]}")
    header = _debian_header(copyright_file)
    header_text = "\n".join(header)
    rfn = re.findall(r"Reserved Font Names?\s+(.+?)\.", header_text + " " + ofl.split("PREAMBLE")[0])
    mine = [f for f in faces if f["licence_file"] == licence_file]
    lines = [
        "Licence of the Banmian fonts built from "
        + ", ".join(sorted({sources[f['role']]['full_name'] for f in mine})),
        "",
        "The following files are Modified Versions (subset, CFF outlines converted",
        "to TrueType outlines where needed, families renamed) made by fonts/build.py:",
    ]
    for f in mine:
        src = sources[f["role"]]
        where = f"face index {src['index']}" if src["index"] >= 0 else "single face"
        lines.append(f"  {f['file']}  <-  {src['basename']}, {where} ({src['full_name']}),")
        lines.append(f"      Debian package {src['package']} {src['version']}")
    lines += ["", "Copyright notices carried in the source fonts (kept in the name table):"]
    for notice in sorted({results[f["role"]]["copyright"] for f in mine}):
        lines += ["  " + ln for ln in notice.splitlines()]
    trademarks = sorted({results[f["role"]]["trademark"] for f in mine} - {""})
    if trademarks:
        lines += ["", "Trademark notices carried in the source fonts:"]
        lines += ["  " + t for t in trademarks]
    lines += [
        "",
        "Reserved Font Names: "
        + ("; ".join(rfn) if rfn else "none declared in the licence shipped with the fonts")
        + ".",
        "The Banmian faces use their own family names (Banmian Song / Banmian Hei /",
        "Banmian Kai) and none of the source family names.",
        "",
        f"From the Debian copyright file of {', '.join(packages)}:",
        "",
    ]
    lines += ["  " + ln if ln else "" for ln in header]
    lines += ["", "-" * 59, ""]
    text = "\n".join(lines) + "\n" + ofl + "\n"
    (FONTS_DIR / licence_file).write_text(text, encoding="utf-8")


def write_yaml(faces: list[dict], results: dict, sources: dict, declared: set[int]) -> None:
    import yaml

    doc = {
        "# generated": "by fonts/build.py — do not edit by hand",
        "declared_coverage": "coverage/declared.txt",
        "declared_count": len(declared),
        "size_limit_bytes": SIZE_LIMIT_BYTES,
        "cu2qu_max_err_per_1000_upem": CU2QU_MAX_ERR_PER_1000_UPEM,
        "layout_features": list(LAYOUT_FEATURES),
        "layout_langsys": list(LAYOUT_LANGSYS),
        "hinting": False,
        "roles": {},
    }
    del doc["# generated"]
    for face in faces:
        res, src = results[face["role"]], sources[face["role"]]
        entry = {
            "file": face["file"],
            "family": face["family"],
            "style": face["style"],
            "source_package": src["package"],
            "source_version": src["version"],
            "source_file": src["basename"],
            "source_face_index": max(src["index"], 0),
            "source_face": src["full_name"],
            "licence": f"{OFL} ({face['licence_file']})",
            "glyphs": res["glyphs"],
            "size_bytes": res["size_bytes"],
            "sha256": res["sha256"],
            "covered": res["covered"],
            "missing": res["missing"],
        }
        if face.get("size_limit_bytes"):
            entry["size_limit_bytes"] = face["size_limit_bytes"]
            entry["size_limit_reason"] = face["size_limit_reason"]
        doc["roles"][face["role"]] = entry
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    OUT_YAML.write_text("# Generated by fonts/build.py — do not edit by hand.\n" + text,
                        encoding="utf-8")


# --------------------------------------------------------------------------


def _init_worker() -> None:
    current = os.nice(0)
    if current < 10:
        os.nice(10 - current)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--roles", nargs="*", help="rebuild only these roles")
    args = parser.parse_args(argv)

    started = time.monotonic()
    categories = coverage_categories()
    declared = declared_coverage()
    write_coverage_files(categories, declared)
    log(f"declared coverage: {len(declared)} code points")

    sources = {face["role"]: locate_source(face) for face in FACES}
    wanted = [f for f in FACES if not args.roles or f["role"] in args.roles]
    jobs = [(face, sources[face["role"]], sorted(declared)) for face in wanted]
    # Heaviest jobs (CFF sources) first so the two workers finish together.
    jobs.sort(key=lambda j: (not j[1]["basename"].endswith(".ttc"),))
    if args.jobs > 1 and len(jobs) > 1:
        with multiprocessing.get_context("spawn").Pool(args.jobs, _init_worker) as pool:
            for res in pool.imap_unordered(build_face, jobs):
                log(f"done {res['role']} in {res['seconds']}s")
    else:
        _init_worker()
        for job in jobs:
            build_face(job)

    results = {}
    for face in FACES:
        results[face["role"]] = verify_face(face, declared)
        r = results[face["role"]]
        log(f"verified {face['file']}: {r['glyphs']} glyphs, {r['size_bytes']:,} bytes, "
            f"covers {r['covered']}/{len(declared)}, missing {len(r['missing'])}")
    for licence_file in LICENCE_SOURCES:
        write_licence(licence_file, FACES, results, sources)
    write_yaml(FACES, results, sources, declared)
    log(f"total {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
