"""The display list → a print-ready PDF page (PDF/X keys included), written directly.

Text is set with Type 0 fonts (Identity-H, CIDFontType2) whose programs are TrueType subsets of
the glyphs the page draws (render/sfnt.py), one per font role; each line's characters go into
one `TJ` array whose numbers carry the justification (PDF 32000-1 §9.4.3), so a page is a few
hundred text operators rather than one per character. ToUnicode maps every code back to its
character (UTF-16BE, beyond the BMP too, §9.10.3), so text extracts, searches and copies.
Colour is DeviceGray on gray pages and DeviceCMYK otherwise; 100 % black text and rules
overprint. Operations are painted in display-list order (a stretch of text runs is one
BT … ET), so what flow put on top is on top. The same display list gives the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from layout.display import Box, Ink, PageDisplay, Picture, Rule, TextRun
from layout.render.content import Ops, num
from layout.render.images import ImageData
from layout.render.pdfobj import Document, Name, Ref
from layout.render.pdfx import DocInfo, pdfx_keys
from layout.sfnt import FaceInfo, Subset, open_face
from layout.render.sheet import REGISTRATION, SLUG_SIZE, Sheet

FontFile = Path | tuple[Path, int]
"""A role's TrueType file, or (collection, face index)."""

PreparedImage = Callable[[Picture, bool], ImageData]
"""Picture, gray page? → the image as the press gets it (render/images.py `prepare`)."""


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """How a page PDF is made: its description, the press (PDF/X, boxes, marks) and images."""

    info: DocInfo
    sheet: Sheet
    image: PreparedImage
    slug_role: str = "hei"


class _Run(NamedTuple):
    """Text to draw in PDF space: the display's runs and the slug line (a tuple: thousands
    are made per page)."""

    x: float
    y: float
    text: str
    role: str
    size: float
    fill: str
    """The fill colour operator (`0 0 0 1 k`, `0 g`, …)."""
    overprint: bool
    hscale: float = 1.0


@dataclass
class _Font:
    """A role's subset on this page (mutable while the page is written)."""

    resource: str
    subset: Subset
    face: FaceInfo
    glyphs: dict[str, tuple[str, float]]
    """Character → (the 4-hex-digit CID that draws it, its advance in 1/1000 em)."""


def page_pdf(page: PageDisplay, fonts: Mapping[str, FontFile], settings: PdfSettings) -> bytes:
    """One page as a PDF/X file: 1. text runs and fonts 2. content stream, painted in the
    display list's order 3. objects 4. file."""
    sheet = settings.sheet
    runs = _runs(page)
    slug = _slug(page, sheet, settings.slug_role if settings.slug_role in fonts else None)
    subsets = _subsets([r for rs in runs.values() for r in rs] + slug, fonts)
    gray = page.color == "gray"
    doc = Document(sheet.press.pdf_version)
    images: dict[str, Ref] = {}
    ops = Ops()
    sheet.draw_marks(ops, page)
    ops.save()
    if sheet.margin:
        ops.transform(1, 0, 0, 1, sheet.margin, sheet.margin)  # the display is trim-box space
    if not gray:
        ops.state("GSopm")
    for start, op in enumerate(page.ops):
        if start in runs:  # a stretch of text runs starts here
            _text(ops, runs[start], subsets, gray)
        elif not isinstance(op, TextRun):
            _graphic(ops, op, page.height, gray, _Images(doc, images, settings))
    ops.restore()
    _text(ops, slug, subsets, gray)
    content = ops.data()
    resources = _resources(doc, subsets, images, gray, sheet)
    return _file(doc, page, content, resources, settings)


# ------------------------------------------------------------------------------ text

def _runs(page: PageDisplay) -> dict[int, list[_Run]]:
    """The page's text in trim-box PDF space (y up), as stretches of consecutive text runs by
    the index of the display op each stretch starts at."""
    gray = page.color == "gray"
    top = page.height
    inks: dict[int, tuple[str, bool]] = {}  # by identity: hashing an Ink costs more than this
    stretches: dict[int, list[_Run]] = {}
    current: list[_Run] | None = None
    for n, r in enumerate(page.ops):
        if type(r) is not TextRun:
            current = None
            continue
        if current is None:
            current = stretches[n] = []
        if r.text:
            ink = inks.get(id(r.ink))
            if ink is None:
                ink = inks[id(r.ink)] = (_fill(r.ink, gray), not gray and _overprints(r.ink))
            current.append(_Run(r.x, top - r.y, r.text, r.role, r.size, ink[0], ink[1],
                                r.hscale))
    return stretches


def _slug(page: PageDisplay, sheet: Sheet, slug_role: str | None) -> list[_Run]:
    """The slug line below the marks (sheet space), if the press wants marks."""
    if not sheet.press.marks or slug_role is None:
        return []
    x, y = sheet.slug_origin(page)
    fill = "0 g" if page.color == "gray" else f"/{REGISTRATION} cs 1 scn"
    return [_Run(x, y, sheet.slug_text(page), slug_role, SLUG_SIZE, fill, False)]


def _subsets(runs: list[_Run], fonts: Mapping[str, FontFile]) -> dict[str, _Font]:
    """One subset per role, its glyphs in the order the page first uses the characters."""
    wanted: dict[str, dict[str, None]] = {}
    for run in runs:
        chars = wanted.get(run.role)
        if chars is None:
            chars = wanted[run.role] = {}
        if run.text not in chars:
            chars.update(dict.fromkeys(run.text))
    out = {}
    for n, (role, chars) in enumerate(wanted.items(), 1):
        path, index = (fonts[role] if isinstance(fonts[role], tuple) else (fonts[role], 0))
        face = open_face(path, index)
        subset = face.subset(tuple(map(ord, chars)))
        glyphs = {ch: (f"{i:04X}", subset.widths[i]) for i, ch in enumerate(chars, 1)}
        out[role] = _Font(f"F{n}", subset, face.info, glyphs)
    return out


def _text(ops: Ops, runs: list[_Run], fonts: dict[str, _Font], gray: bool) -> None:
    """A stretch of text in one BT … ET: a `TJ` per stretch of runs that share baseline, font,
    size, colour and scale; the numbers inside move each run to its exact x (§9.4.3: a number
    n moves the next glyph by −n/1000 × size × horizontal scale). The graphics drawn before
    may have left any overprint state, so the first run sets its own (CMYK pages)."""
    if not runs:
        return
    out = ["BT"]
    font = fill = scale = None
    overprint: bool | None = False if gray else None
    group: list[str] = []
    key = None
    x_now = 0.0
    for run in runs:
        f = fonts[run.role]
        if (run.role, run.size) != font:
            _flush(out, group)
            out.append(f"/{f.resource} {num(run.size)} Tf")
            font, key = (run.role, run.size), None
        if run.fill != fill or run.overprint != overprint:
            _flush(out, group)
            out.append(run.fill + (" /GSop gs" if run.overprint else
                                   " /GSko gs" if overprint is not False else ""))
            fill, overprint, key = run.fill, run.overprint, None
        if run.hscale != scale:
            _flush(out, group)
            out.append(f"{num(run.hscale * 100)} Tz")
            scale, key = run.hscale, None
        unit = run.size * run.hscale / 1000
        if key != run.y or not group:
            _flush(out, group)
            out.append(f"1 0 0 1 {num(run.x)} {num(run.y)} Tm")
            key, x_now = run.y, run.x
        else:
            shift = round((x_now - run.x) / unit, 1)
            if shift:
                group.append(num(shift))
                x_now -= shift * unit
        glyph = f.glyphs.get(run.text)  # most runs are one character
        if glyph is not None:
            group.append(f"<{glyph[0]}>")
            x_now += glyph[1] * unit
        else:
            parts = [f.glyphs[c] for c in run.text]
            group.append("<" + "".join(p[0] for p in parts) + ">")
            x_now += sum(p[1] for p in parts) * unit
    _flush(out, group)
    out.append("ET")
    ops.add(*out)


def _flush(out: list[str], group: list[str]) -> None:
    if group:
        out.append("[" + " ".join(group) + "] TJ")
        group.clear()


def _fill(ink: Ink, gray: bool) -> str:
    """Gray pages: DeviceGray (K only). CMYK pages: DeviceCMYK."""
    if gray:
        return f"{num(round(1 - ink.k, 4))} g"
    return f"{num(ink.c)} {num(ink.m)} {num(ink.y)} {num(ink.k)} k"


def _overprints(ink: Ink) -> bool:
    """100 % K text and rules overprint (/OP /op true), so misregistration never shows a white
    hairline around them (print-standards §2.1); everything else knocks out."""
    return ink.k >= 1 and ink.c == ink.m == ink.y == 0


# ------------------------------------------------------------------------------ graphics

@dataclass(frozen=True, slots=True)
class _Images:
    """Where a page's pictures go: the document, its XObject resources, how to prepare one."""

    doc: Document
    names: dict[str, Ref]
    settings: PdfSettings

    def add(self, pic: Picture, gray: bool) -> str:
        name = f"Im{len(self.names) + 1}"
        self.names[name] = _image(self.doc, self.settings.image(pic, gray))
        return name


def _graphic(ops: Ops, op: Box | Rule | Picture, h: float, gray: bool, images: _Images) -> None:
    """A tint, rule or picture (trim-box space, y up from a page `h` pt high)."""
    if isinstance(op, Box):
        paint = "B" if op.fill and op.stroke else "f" if op.fill else "S"
        if op.fill:
            _colour(ops, op.fill, gray, stroke=False)
        if op.stroke:
            _colour(ops, op.stroke, gray, stroke=True)
            ops.line_width(op.stroke_width)
        ops.rect(op.x, h - op.y - op.h, op.w, op.h, paint)
    elif isinstance(op, Rule):
        _colour(ops, op.ink, gray, stroke=True)
        ops.line_width(op.width)
        ops.line(op.x0, h - op.y0, op.x1, h - op.y1)
    elif isinstance(op, Picture):
        name = images.add(op, gray)
        if not gray:
            ops.state("GSko")
        ops.image(name, op.x, h - op.y - op.h, op.w, op.h)
    else:
        raise TypeError(f"no PDF painter for display op {op!r}")


def _colour(ops: Ops, ink: Ink, gray: bool, stroke: bool) -> None:
    fill = _fill(ink, gray)
    ops.add(fill.upper() if stroke else fill)
    if not gray:
        ops.state("GSop" if _overprints(ink) else "GSko")


def _image(doc: Document, image: ImageData) -> Ref:
    entries = {"Type": Name("XObject"), "Subtype": Name("Image"), "Width": image.width,
               "Height": image.height,
               "ColorSpace": Name("DeviceCMYK" if image.cmyk else "DeviceGray"),
               "BitsPerComponent": 8, "Filter": Name("DCTDecode")}
    if image.cmyk and image.adobe_inverted:
        entries["Decode"] = [1, 0, 1, 0, 1, 0, 1, 0]
    return doc.stream(image.jpeg, entries)


# ------------------------------------------------------------------------------ objects

def _resources(doc: Document, fonts: dict[str, _Font], images: dict[str, Ref], gray: bool,
               sheet: Sheet) -> dict:
    resources: dict = {"Font": {f.resource: _font(doc, f.subset, f.face) for f in fonts.values()}}
    if images:
        resources["XObject"] = images
    if not gray:
        resources["ExtGState"] = {
            "GSopm": {"Type": Name("ExtGState"), "OPM": 1},
            "GSop": {"Type": Name("ExtGState"), "OP": True, "op": True},
            "GSko": {"Type": Name("ExtGState"), "OP": False, "op": False}}
        if sheet.press.marks:
            resources["ColorSpace"] = {REGISTRATION: [
                Name("Separation"), Name("All"), Name("DeviceCMYK"),
                {"FunctionType": 2, "Domain": [0, 1], "C0": [0, 0, 0, 0], "C1": [1, 1, 1, 1],
                 "N": 1}]}
    return resources


def _font(doc: Document, subset: Subset, face: FaceInfo) -> Ref:
    """A Type 0 font: Identity-H codes are CIDs, which are the subset's glyph ids (§9.7.4)."""
    base = f"{subset.tag}+{face.ps_name}"
    scale = 1000 / face.units_per_em
    program = doc.stream(subset.data, {"Length1": len(subset.data)})
    descriptor = doc.add({
        "Type": Name("FontDescriptor"), "FontName": Name(base), "Flags": 4,
        "FontBBox": [round(v * scale) for v in face.bbox], "ItalicAngle": face.italic_angle,
        "Ascent": round(face.ascent * scale), "Descent": round(face.descent * scale),
        "CapHeight": round(face.cap_height * scale), "StemV": 80, "FontFile2": program})
    cid_font = doc.add({
        "Type": Name("Font"), "Subtype": Name("CIDFontType2"), "BaseFont": Name(base),
        "CIDSystemInfo": {"Registry": "Adobe", "Ordering": "Identity", "Supplement": 0},
        "FontDescriptor": descriptor, "DW": 1000, "W": [0, list(subset.widths)],
        "CIDToGIDMap": Name("Identity")})
    cmap = doc.stream(to_unicode_cmap(subset.codepoints))
    return doc.add({"Type": Name("Font"), "Subtype": Name("Type0"), "BaseFont": Name(base),
                    "Encoding": Name("Identity-H"), "DescendantFonts": [cid_font],
                    "ToUnicode": cmap})


def to_unicode_cmap(codepoints: tuple[int, ...]) -> bytes:
    """CID i (i ≥ 1) → the UTF-16BE of codepoints[i − 1], in bfchar blocks of at most 100."""
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    pairs = [(cid, cp) for cid, cp in enumerate(codepoints, 1)]
    for start in range(0, len(pairs), 100):
        chunk = pairs[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{cid:04X}> <{chr(cp).encode('utf-16-be').hex().upper()}>"
                  for cid, cp in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _file(doc: Document, page: PageDisplay, content: bytes, resources: dict,
          settings: PdfSettings) -> bytes:
    """Page, page tree, catalog, output intent and Info around the content; then the bytes."""
    sheet = settings.sheet
    width, height = sheet.media_size(page)
    content_ref = doc.stream(content)
    pages = doc.reserve()
    page_ref = doc.add({"Type": Name("Page"), "Parent": pages, "MediaBox": [0, 0, width, height],
                        "TrimBox": list(sheet.trim_box(page)),
                        "BleedBox": list(sheet.bleed_box(page)),
                        "Resources": resources, "Contents": content_ref})
    doc.put(pages, {"Type": Name("Pages"), "Kids": [page_ref], "Count": 1})
    digest = hashlib.sha256(b"".join(b for b in doc.bodies if b is not None)).digest()
    keys = pdfx_keys(settings.info, sheet.press, digest)
    intent = dict(keys.intent)
    if keys.profile is not None:
        intent["DestOutputProfile"] = doc.stream(keys.profile, {"N": 4})
    catalog: dict = {"Type": Name("Catalog"), "Pages": pages, "OutputIntents": [intent]}
    if keys.xmp is not None:
        catalog["Metadata"] = doc.stream(keys.xmp, {"Type": Name("Metadata"),
                                                    "Subtype": Name("XML")}, compress=False)
    root = doc.add(catalog)
    info = doc.add(keys.info)
    return doc.write(root, info, keys.file_id)
