"""The display list: a page as positioned drawing operations (pt, origin top-left of the trim box,
y down) plus each article's hot zones. Translation only: the decisions were made by flow."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from layout.flow.elements import ImageBox, PageLayout, Panel, RuleLine, TextLine
from layout.flow.grid import Rect


@dataclass(frozen=True, slots=True)
class Ink:
    """A process colour, 0–1 per separation. Gray pages use K only."""

    c: float = 0.0
    m: float = 0.0
    y: float = 0.0
    k: float = 1.0


BLACK = Ink()
MASTHEAD_RED = Ink(0.0, 1.0, 1.0, 0.0)
"""报头红: the paper's name in process red (M 100 Y 100)."""
INKS = {"masthead-name": MASTHEAD_RED}
"""The ink of a kind of text line, where it is not black; a gray page prints all in black."""


@dataclass(frozen=True, slots=True)
class TextRun:
    """Glyphs from `x`, baseline `y`; `hscale` stretches them horizontally (—— to 2 em)."""

    x: float
    y: float
    text: str
    role: str
    size: float
    ink: Ink = BLACK
    hscale: float = 1.0


@dataclass(frozen=True, slots=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    ink: Ink = BLACK


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle, filled with `fill` and/or outlined with `stroke`."""

    x: float
    y: float
    w: float
    h: float
    fill: Ink | None = None
    stroke: Ink | None = None
    stroke_width: float = 0.5


@dataclass(frozen=True, slots=True)
class Picture:
    """An image file drawn into a rectangle, showing the normalised window `crop` of it."""

    path: Path
    x: float
    y: float
    w: float
    h: float
    crop: tuple[float, float, float, float]


Op = TextRun | Rule | Box | Picture


@dataclass(frozen=True, slots=True)
class HotZone:
    """The rectangles an article occupies on a page (for the web edition's image map)."""

    article_id: str
    rects: tuple[Rect, ...]
    continuation: bool = False


@dataclass(frozen=True, slots=True)
class PageDisplay:
    folio: str
    section: str
    width: float
    height: float
    color: str
    """cmyk | gray"""
    ops: tuple[Op, ...]
    hot_zones: tuple[HotZone, ...]


def display_page(layout: PageLayout) -> PageDisplay:
    """Flatten a page layout into drawing operations, in the order flow gave them (furniture,
    then each article's elements; flow puts a module's tint first), which is painting order."""
    elements = list(layout.furniture)
    zones = []
    for art in layout.articles:
        elements += art.elements
        if art.rects:
            zones.append(HotZone(art.article_id, art.rects, art.continuation))
    gray = layout.color == "gray"
    ops: list[Op] = []
    for el in elements:
        ops += _ops(el, gray)
    return PageDisplay(layout.folio, layout.section, layout.width, layout.height, layout.color,
                       tuple(ops), tuple(zones))


def _ops(el, gray: bool) -> list[Op]:
    if isinstance(el, TextLine):
        ink = BLACK if gray else INKS.get(el.kind, BLACK)
        return [TextRun(el.x + p.x + p.glyphs.dx, el.baseline, p.glyphs.text, p.glyphs.role,
                        p.glyphs.size, ink, p.glyphs.hscale) for p in el.line.runs]
    if isinstance(el, RuleLine):
        return [Rule(el.x0, el.y0, el.x1, el.y1, el.width)]
    if isinstance(el, Panel):
        r = el.rect
        fill = Ink(0, 0, 0, el.tint) if el.tint else None
        return [Box(r.x, r.y, r.w, r.h, fill, BLACK if el.stroke else None, el.stroke)]
    if isinstance(el, ImageBox):
        r = el.rect
        return [Picture(el.figure.path, r.x, r.y, r.w, r.h, el.crop)]
    raise TypeError(f"unknown element {el!r}")
