"""Golden text dumps of page layouts: one line per placed line or object, for regression tests.

The format is meant to be diffed: a moved line shows as one changed line, with its kind, its
position (pt, origin top-left), its measure, its width and its adjustment ratio, then its text.
"""

from __future__ import annotations

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
