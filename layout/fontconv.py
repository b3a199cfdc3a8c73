"""CFF faces → TrueType subsets of just the glyphs a build draws, made on demand and cached.

The PDF writer embeds only TrueType (`glyf`) outlines, while the good free CJK faces (Noto CJK, any
`.otf`) ship as CFF. A user face that is not TrueType is subset to the code points the pages set
in it and its outlines converted with fontTools' cu2qu, so rare characters print from a full face
without converting 65,000 glyphs. The committed faces are TrueType already and pass through as is.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from layout.display import PageDisplay, TextRun
from layout.fonts import FaceMetrics, FontSet, cache_dir, write_cache

CU2QU_MAX_ERR_PER_1000_EM = 1.0
"""Largest distance between a cubic curve and its quadratic approximation, in font units per
1000 units of em (the same tolerance fonts/build.py uses for the committed faces)."""

FontFile = Path | tuple[Path, int]
"""What the PDF renderer registers: a TrueType file, or (collection, face index)."""


def chars_by_role(pages: Iterable[PageDisplay]) -> dict[str, set[int]]:
    """The code points each role draws on `pages` (TextRun.role is the face after fallback)."""
    found: dict[str, set[int]] = {}
    for page in pages:
        for op in page.ops:
            if isinstance(op, TextRun):
                found.setdefault(op.role, set()).update(map(ord, op.text))
    return found


def truetype_files(fonts: FontSet, pages: Iterable[PageDisplay]) -> dict[str, FontFile]:
    """A TrueType file per role that covers what `pages` draw in it.

    TrueType faces are used as they are (no work, `pages` not even read); other faces get a
    converted subset of the characters drawn in them (see `truetype_subset`)."""
    if all(face.truetype for face in fonts.faces.values()):
        return {role: _as_is(face) for role, face in fonts.faces.items()}
    drawn = chars_by_role(pages)
    shared: dict[tuple[str, int], set[int]] = {}  # one conversion for roles sharing a face
    for role, face in fonts.faces.items():
        shared.setdefault((face.digest, face.index), set()).update(drawn.get(role, ()))
    return {role: _as_is(face) if face.truetype
            else truetype_subset(face, shared[face.digest, face.index])
            for role, face in fonts.faces.items()}


def _as_is(face: FaceMetrics) -> FontFile:
    return face.path if face.index == 0 else (face.path, face.index)


def subset_key(face: FaceMetrics, codepoints: Iterable[int]) -> str:
    """The cache key of a converted subset: (file hash, face index, sorted code points)."""
    cps = ",".join(f"{cp:X}" for cp in sorted(set(codepoints)))
    return hashlib.sha256(f"{face.digest}:{face.index}:{cps}".encode("ascii")).hexdigest()


def truetype_subset(face: FaceMetrics, codepoints: Iterable[int]) -> Path:
    """A TrueType font holding the glyphs of `codepoints` (those the face has) from `face`,
    converted once and cached under the cache dir by (file hash, face index, code points)."""
    wanted = {cp for cp in codepoints if cp in face.advances}
    wanted |= {0x20} & face.advances.keys()  # never an empty cmap
    target = cache_dir() / "fonts" / "truetype" / f"{subset_key(face, wanted)}.ttf"
    if _sound(target):
        return target
    data = convert(face.path, face.index, wanted)
    if write_cache(target, data):
        return target
    fallback = Path(tempfile.gettempdir()) / "banmian-fonts" / target.name  # read-only cache
    if not write_cache(fallback, data):
        raise OSError(f"cannot write a converted font to {target.parent} or {fallback.parent}")
    return fallback


def _sound(path: Path) -> bool:
    """True if `path` looks like a complete TrueType file (the cache is written atomically, so
    this only guards against a damaged cache)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"\x00\x01\x00\x00" and path.stat().st_size > 12
    except OSError:
        return False


def convert(path: Path, index: int, codepoints: set[int]) -> bytes:
    """Face `index` of `path` subset to `codepoints`, with TrueType outlines, as font bytes.

    1. subset with fontTools (layout tables dropped: the engine shapes, the PDF writer only maps);
    2. CFF → quadratic outlines with cu2qu; 3. serialise."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "GSUB", "GPOS", "GDEF", "MATH"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    with TTFont(path, fontNumber=index) as font:
        font.flavor = None
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(codepoints))
        subsetter.subset(font)
        if "glyf" not in font:
            upem = font["head"].unitsPerEm
            cff_to_glyf(font, CU2QU_MAX_ERR_PER_1000_EM * upem / 1000)
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def cff_to_glyf(font, max_err: float,
                progress: Callable[[int, int], None] | None = None) -> None:
    """Replace `font`'s CFF (or CFF2 default-instance) outlines by TrueType ones, in place:
    cu2qu within `max_err` font units, side bearings (and vertical metrics, if the font has
    them) recomputed from the new boxes. `progress(done, total)` is told every 2000 glyphs.
    The one conversion of the project: fonts/build.py uses it for the committed faces."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    vorg = font["VORG"] if "VORG" in font else None
    glyphs = {}
    for i, name in enumerate(order, 1):
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType ones clockwise (OpenType spec, glyf).
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
        if progress and (i % 2000 == 0 or i == len(order)):
            progress(i, len(order))
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0
    _truetype_maxp(font["maxp"], glyphs)
    _post_format_3(font)
    _side_bearings(font, glyphs, vorg)


def _side_bearings(font, glyphs: dict, vorg) -> None:
    """lsb = xMin for TrueType; top side bearings from the vertical origin when there are
    vertical metrics."""
    glyf, hmtx = font["glyf"], font["hmtx"]
    vmtx = font["vmtx"] if "vmtx" in font else None
    for name, glyph in glyphs.items():
        glyph.recalcBounds(glyf)
        if not getattr(glyph, "numberOfContours", 0):
            continue
        hmtx[name] = (hmtx[name][0], glyph.xMin)
        if vmtx is not None and vorg is not None:
            origin_y = vorg.VOriginRecords.get(name, vorg.defaultVertOriginY)
            vmtx[name] = (vmtx[name][0], origin_y - glyph.yMax)


def _truetype_maxp(maxp, glyphs: dict) -> None:
    """maxp version 1.0 (TrueType): no hinting programs, no composites made by cu2qu."""
    maxp.tableVersion = 0x00010000
    maxp.maxZones, maxp.maxTwilightPoints, maxp.maxStorage = 1, 0, 0
    maxp.maxFunctionDefs = maxp.maxInstructionDefs = 0
    maxp.maxStackElements = maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max(
        (len(g.components) for g in glyphs.values() if g.isComposite()), default=0)
    maxp.maxComponentDepth = 1 if maxp.maxComponentElements else 0


def _post_format_3(font) -> None:
    """A format-3 `post` table (no glyph names), which every PDF reader accepts."""
    from fontTools.ttLib import newTable

    post = font["post"] if "post" in font else newTable("post")
    post.formatType = 3.0
    for attr in ("extraNames", "mapping", "glyphOrder"):
        if hasattr(post, attr):
            delattr(post, attr)
    if "post" not in font:
        post.italicAngle = post.underlinePosition = post.underlineThickness = 0
        post.isFixedPitch = post.minMemType42 = post.maxMemType42 = 0
        post.minMemType1 = post.maxMemType1 = 0
        font["post"] = post
