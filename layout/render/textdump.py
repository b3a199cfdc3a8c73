"""Golden text dumps of page layouts: one line per placed line or object, for regression tests.

The format is meant to be diffed: a moved line shows as one changed line, with its kind, its
position (pt, origin top-left), its measure, its width and its adjustment ratio, then its text.
"""

from __future__ import annotations

from layout.display import Box, Ink, PageDisplay, Picture, Rule, TextRun
from layout.flow.elements import (
    ArticleLayout,
    Element,
    ImageBox,
    PageLayout,
    Panel,
    RuleLine,
    TextLine,
)


def dump_page(page: PageLayout) -> str:
    """The text dump of one page."""
    out = [f"page {page.folio} {page.section} {page.width:.2f}x{page.height:.2f} {page.color}"]
    out += ["  " + _element(e) for e in page.furniture]
    for art in page.articles:
        out.append(_article_head(art))
        out += ["    " + _element(e) for e in art.elements]
    return "\n".join(out) + "\n"


def dump_pages(pages: list[PageLayout]) -> str:
    return "".join(dump_page(p) for p in pages)


def _article_head(art: ArticleLayout) -> str:
    rects = " ".join(f"[{r.x:.2f},{r.y:.2f} {r.w:.2f}x{r.h:.2f}]" for r in art.rects)
    notes = []
    if art.continuation:
        notes.append("continuation")
    if art.overflow:
        notes.append(f"overflow={art.overflow.lines}l/{art.overflow.chars}c")
    if art.underflow_lines:
        notes.append(f"underflow={art.underflow_lines}l")
    if art.resume:
        notes.append(f"resume={art.resume.block}:{art.resume.offset}")
    return f"  article {art.article_id} {rects} {' '.join(notes)}".rstrip()


def _element(e: Element) -> str:
    if isinstance(e, TextLine):
        line = e.line
        return (f"{e.kind:<8} x={e.x:7.2f} y={e.baseline:7.2f} m={line.measure:6.2f} "
                f"w={line.width:6.2f} r={line.ratio:+.2f} |{line.text}|")
    if isinstance(e, RuleLine):
        return f"rule     ({e.x0:.2f},{e.y0:.2f})-({e.x1:.2f},{e.y1:.2f}) {e.width:.2f}"
    if isinstance(e, Panel):
        r = e.rect
        return f"panel    [{r.x:.2f},{r.y:.2f} {r.w:.2f}x{r.h:.2f}] stroke={e.stroke} tint={e.tint}"
    if isinstance(e, ImageBox):
        r = e.rect
        crop = ",".join(f"{c:.3f}" for c in e.crop)
        return f"image    [{r.x:.2f},{r.y:.2f} {r.w:.2f}x{r.h:.2f}] {e.figure.path.name} crop={crop}"
    return repr(e)


def dump_display(page: PageDisplay) -> str:
    """The text dump of a page's display list: one line per operation in painting order, then
    the hot zones. Text runs show their ink unless black."""
    out = [f"display {page.folio} {page.section} {page.width:.2f}x{page.height:.2f} {page.color}"]
    out += ["  " + _op(op) for op in page.ops]
    for zone in page.hot_zones:
        rects = " ".join(f"[{r.x:.2f},{r.y:.2f} {r.w:.2f}x{r.h:.2f}]" for r in zone.rects)
        out.append(f"  zone {zone.article_id}{' continuation' if zone.continuation else ''} "
                   f"{rects}")
    return "\n".join(out) + "\n"


def _ink(ink: Ink | None) -> str:
    return "none" if ink is None else f"cmyk({ink.c:g},{ink.m:g},{ink.y:g},{ink.k:g})"


def _op(op) -> str:
    if isinstance(op, TextRun):
        ink = "" if op.ink == Ink() else f" ink={_ink(op.ink)}"
        scale = "" if op.hscale == 1.0 else f" hscale={op.hscale:.3f}"
        return (f"text  x={op.x:7.2f} y={op.y:7.2f} {op.role} {op.size:.2f}{ink}{scale} "
                f"|{op.text}|")
    if isinstance(op, Rule):
        return (f"rule  ({op.x0:.2f},{op.y0:.2f})-({op.x1:.2f},{op.y1:.2f}) {op.width:.2f} "
                f"{_ink(op.ink)}")
    if isinstance(op, Box):
        return (f"box   [{op.x:.2f},{op.y:.2f} {op.w:.2f}x{op.h:.2f}] fill={_ink(op.fill)} "
                f"stroke={_ink(op.stroke)} {op.stroke_width:.2f}")
    if isinstance(op, Picture):
        crop = ",".join(f"{c:.3f}" for c in op.crop)
        return f"image [{op.x:.2f},{op.y:.2f} {op.w:.2f}x{op.h:.2f}] {op.path.name} crop={crop}"
    return repr(op)
