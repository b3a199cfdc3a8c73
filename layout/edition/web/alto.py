"""ALTO XML v4 of one page: every line of type as printed, for library and archive systems.

ALTO (Analyzed Layout and Text Object, Library of Congress, https://www.loc.gov/standards/alto/)
is what newspaper archives ingest beside page images. A scanned page gets its ALTO from OCR; here
the layout engine knows every line exactly, so the file is made from the page layout itself:

- `MeasurementUnit` mm10 (tenths of a millimetre), origin the top-left corner of the trim box,
  like the hot zones; `Page` WIDTH/HEIGHT is the trimmed page;
- one `ComposedBlock TYPE="article"` per article (or continued part) on the page, tagged with a
  `StructureTag` that carries the article's id and headline; page furniture (masthead, folio
  lines) in plain `TextBlock`s;
- a `TextBlock` per run of lines of one kind in one column, tagged with a `LayoutTag` that names
  the kind (`layout-headline`, `layout-body`, `layout-caption`, `layout-jump` for 转/接 lines
  …, the engine's TextLine kinds), its `TextLine`s in reading order, each split into
  `String`s at the spaces of the source text (Chinese runs without spaces make one String per
  line), `SP` between them;
- photos and graphics as `Illustration`s.

A line's box is its em box: from `ASCENT` em above the baseline down to the line's size.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from layout.flow.elements import ArticleLayout, ImageBox, PageLayout, TextLine

NS = "http://www.loc.gov/standards/alto/ns-v4#"
SCHEMA = "http://www.loc.gov/standards/alto/v4/alto-4-4.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MM10_PER_PT = 254 / 72
"""Tenths of a millimetre per PDF point (1 pt = 1/72 inch = 0.3528 mm)."""
ASCENT = 0.88
"""Top of the em box above the baseline, in em (the CJK ideographic em box of the fonts)."""
SERIF_ROLES = ("song", "kai")


@dataclass(frozen=True, slots=True)
class AltoPage:
    """What the file says about its page besides the layout."""

    physical: int
    """1-based position in the issue."""
    pdf_name: str
    """The print PDF the text is in (sourceImageInformation)."""
    headlines: dict[str, str]
    """Article id → headline, for the structure tags."""
    software_version: str


def mm10(pt: float) -> int:
    return round(pt * MM10_PER_PT)


@dataclass
class _Writer:
    """The XML tree being built and its running ids (private to this module)."""

    page: PageLayout
    meta: AltoPage
    styles: dict[tuple[str, float], str] = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)
    """The line kinds used, in order of first use (one LayoutTag each)."""
    count: int = 0

    def next_id(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def style(self, role: str, size: float) -> str:
        return self.styles.setdefault((role, round(size, 2)), f"font{len(self.styles) + 1}")

    def kind(self, kind: str) -> str:
        if kind not in self.kinds:
            self.kinds.append(kind)
        return f"layout-{kind}"


def alto_xml(page: PageLayout, meta: AltoPage) -> bytes:
    """The page as ALTO v4 XML (UTF-8)."""
    ET.register_namespace("", NS)
    writer = _Writer(page, meta)
    root = ET.Element(_q("alto"), {f"{{{XSI}}}schemaLocation": f"{NS} {SCHEMA}"})
    _description(root, meta)
    styles = ET.SubElement(root, _q("Styles"))
    tags = ET.SubElement(root, _q("Tags"))
    layout = ET.SubElement(root, _q("Layout"))
    width, height = mm10(page.width), mm10(page.height)
    page_el = ET.SubElement(layout, _q("Page"), {
        "ID": f"page{meta.physical}", "PHYSICAL_IMG_NR": str(meta.physical),
        "PRINTED_IMG_NR": page.folio, "WIDTH": str(width), "HEIGHT": str(height)})
    space = ET.SubElement(page_el, _q("PrintSpace"), _box(0, 0, width, height))
    for block in _blocks(writer, list(page.furniture)):
        space.append(block)
    for article in page.articles:
        _article(writer, space, tags, article)
    for (role, size), ident in writer.styles.items():
        ET.SubElement(styles, _q("TextStyle"), _font(ident, role, size))
    for n, kind in enumerate(writer.kinds):
        tags.insert(n, ET.Element(_q("LayoutTag"), {"ID": f"layout-{kind}", "LABEL": kind}))
    if not len(tags):
        root.remove(tags)
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _description(root: ET.Element, meta: AltoPage) -> None:
    desc = ET.SubElement(root, _q("Description"))
    ET.SubElement(desc, _q("MeasurementUnit")).text = "mm10"
    source = ET.SubElement(desc, _q("sourceImageInformation"))
    ET.SubElement(source, _q("fileName")).text = meta.pdf_name
    proc = ET.SubElement(desc, _q("Processing"), {"ID": "banmian"})
    ET.SubElement(proc, _q("processingCategory")).text = "contentGeneration"
    ET.SubElement(proc, _q("processingStepDescription")).text = \
        "text and positions from the page layout (no OCR)"
    software = ET.SubElement(proc, _q("processingSoftware"))
    ET.SubElement(software, _q("softwareName")).text = "Banmian"
    ET.SubElement(software, _q("softwareVersion")).text = meta.software_version


def _font(ident: str, role: str, size: float) -> dict[str, str]:
    attrs = {"ID": ident, "FONTFAMILY": role, "FONTSIZE": f"{size:g}",
             "FONTTYPE": "serif" if role.split("-")[0] in SERIF_ROLES else "sans-serif"}
    if role.endswith(("-bold", "-heavy")):
        attrs["FONTSTYLE"] = "bold"
    return attrs


def _box(x: int, y: int, w: int, h: int) -> dict[str, str]:
    return {"HPOS": str(x), "VPOS": str(y), "WIDTH": str(max(1, w)), "HEIGHT": str(max(1, h))}


def _article(writer: _Writer, space: ET.Element, tags: ET.Element,
             article: ArticleLayout) -> None:
    """An article's part on this page: a ComposedBlock of its text blocks and illustrations."""
    tag = f"article-{article.article_id}"
    if tags.find(f"{_q('StructureTag')}[@ID='{tag}']") is None:
        ET.SubElement(tags, _q("StructureTag"), {
            "ID": tag, "TYPE": "article",
            "LABEL": writer.meta.headlines.get(article.article_id, article.article_id)})
    blocks = _blocks(writer, list(article.elements))
    if not blocks:
        return
    x0 = min(int(b.get("HPOS")) for b in blocks)
    y0 = min(int(b.get("VPOS")) for b in blocks)
    x1 = max(int(b.get("HPOS")) + int(b.get("WIDTH")) for b in blocks)
    y1 = max(int(b.get("VPOS")) + int(b.get("HEIGHT")) for b in blocks)
    composed = ET.SubElement(space, _q("ComposedBlock"), {
        "ID": writer.next_id("cb"), **_box(x0, y0, x1 - x0, y1 - y0), "TAGREFS": tag,
        "TYPE": "article"})
    composed.extend(blocks)


def _blocks(writer: _Writer, elements: list) -> list[ET.Element]:
    """Text blocks (consecutive lines of one kind in one column) and illustrations, in order."""
    out: list[ET.Element] = []
    run: list[TextLine] = []
    for el in elements:
        if isinstance(el, TextLine) and el.line.runs:
            if run and (el.kind != run[-1].kind or abs(el.x - run[-1].x) > 0.5
                        or el.baseline < run[-1].baseline):
                out.append(_text_block(writer, run))
                run = []
            run.append(el)
        elif isinstance(el, ImageBox):
            r = el.rect
            out.append(ET.Element(_q("Illustration"), {
                "ID": writer.next_id("il"), **_rect(r.x, r.y, r.x + r.w, r.y + r.h, writer)}))
    if run:
        out.append(_text_block(writer, run))
    return out


def _rect(x0: float, y0: float, x1: float, y1: float, writer: _Writer) -> dict[str, str]:
    """A rectangle in pt → ALTO position and size in mm10, rounded outwards, inside the page."""
    left, top = max(0, math.floor(x0 * MM10_PER_PT)), max(0, math.floor(y0 * MM10_PER_PT))
    right = min(mm10(writer.page.width), math.ceil(x1 * MM10_PER_PT))
    bottom = min(mm10(writer.page.height), math.ceil(y1 * MM10_PER_PT))
    return _box(left, top, right - left, bottom - top)


def _text_block(writer: _Writer, lines: list[TextLine]) -> ET.Element:
    boxes = [_line_box(line) for line in lines]
    block = ET.Element(_q("TextBlock"), {
        "ID": writer.next_id("tb"), "TAGREFS": writer.kind(lines[0].kind),
        **_rect(min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes), writer)})
    for line, box in zip(lines, boxes):
        line_el = ET.SubElement(block, _q("TextLine"), {
            "ID": writer.next_id("tl"), **_rect(*box, writer)})
        _strings(writer, line_el, line, box)
    return block


def _line_box(line: TextLine) -> tuple[float, float, float, float]:
    """The line's em box in pt: from its first glyph to where its last glyph box ends."""
    size = max(p.glyphs.size for p in line.line.runs)
    first = line.line.runs[0]
    left = line.x + first.x + first.glyphs.dx
    top = line.baseline - ASCENT * size
    return left, top, max(left + 0.1, line.x + line.line.width), top + size


def _strings(writer: _Writer, line_el: ET.Element, line: TextLine,
             box: tuple[float, float, float, float]) -> None:
    """The line's words (runs of glyphs split where the source text had a space), `SP` between."""
    words = _words(line)
    previous = None
    for n, word in enumerate(words):
        left = line.x + word[0].x + word[0].glyphs.dx
        right = box[2] if n + 1 == len(words) else min(
            line.x + words[n + 1][0].x, _word_end(line, word))
        rect = _rect(left, box[1], max(right, left + 0.1), box[3], writer)
        if previous is not None:
            gap = int(rect["HPOS"]) - previous
            ET.SubElement(line_el, _q("SP"), {"HPOS": str(previous), "VPOS": rect["VPOS"],
                                              "WIDTH": str(max(1, gap))})
        first = word[0].glyphs
        ET.SubElement(line_el, _q("String"), {
            "ID": writer.next_id("s"), "CONTENT": "".join(p.glyphs.text for p in word), **rect,
            "STYLEREFS": writer.style(first.role, first.size)})
        previous = int(rect["HPOS"]) + int(rect["WIDTH"])


def _words(line: TextLine) -> list[list]:
    """The line's placed glyphs in words: a new word where source text was skipped (a space)."""
    words: list[list] = [[]]
    end = None
    for placed in line.line.runs:
        g = placed.glyphs
        if words[-1] and end is not None and g.src > end:
            words.append([])
        words[-1].append(placed)
        if g.src >= 0:
            end = g.src + len(g.text)
    return words


def _word_end(line: TextLine, word: list) -> float:
    """Where a word followed by a space ends: its last glyph's start plus an em a character (a
    CJK character) or about half of one (Latin); the next word's start bounds it anyway."""
    last = word[-1].glyphs
    per_char = last.size * (0.55 if last.text.isascii() else 1.0) * last.hscale
    return line.x + word[-1].x + last.dx + per_char * max(1, len(last.text))
