"""What page flow produces: positioned elements and per-article results (plain frozen data)."""

from __future__ import annotations

from dataclasses import dataclass

from layout.flow.grid import Rect
from layout.flow.story import MissingInBlock, Resume
from layout.model import Figure
from layout.text.lines import Line


@dataclass(frozen=True, slots=True)
class TextLine:
    """A composed line with its left edge at `x` and its baseline at `baseline` (page pt)."""

    x: float
    baseline: float
    line: Line
    kind: str
    """body | lead | quote | subhead | pullquote | byline | kicker | headline | deck | caption |
    credit | jump | folio | masthead | masthead-name (the paper's name, printed in red)"""


@dataclass(frozen=True, slots=True)
class ImageBox:
    """A figure drawn into `rect`, showing the normalised source window `crop` (x0, y0, x1, y1)."""

    figure: Figure
    rect: Rect
    crop: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class RuleLine:
    """A straight rule from (x0, y0) to (x1, y1), `width` pt thick."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5


@dataclass(frozen=True, slots=True)
class Panel:
    """A rectangle: an outline of `stroke` pt (0 = none) and a tint (0 = none … 1 = solid)."""

    rect: Rect
    stroke: float = 0.5
    tint: float = 0.0


Element = TextLine | ImageBox | RuleLine | Panel


@dataclass(frozen=True, slots=True)
class Overflow:
    """Text that did not fit its module and has nowhere to go."""

    lines: int
    chars: int
    first_words: str
    """The start of the text that is over, so an editor can find it."""


@dataclass(frozen=True, slots=True)
class ArticleLayout:
    """One article's module on a page (or its continuation)."""

    article_id: str
    rects: tuple[Rect, ...]
    """Hot zones: the rectangles the article occupies on this page."""
    elements: tuple[Element, ...]
    overflow: Overflow | None = None
    underflow_lines: int = 0
    resume: Resume | None = None
    """Where the text goes on, if it jumps to another page."""
    missing: tuple[MissingInBlock, ...] = ()
    runts: int = 0
    continuation: bool = False
    """True for the part set under a jump head (上接第N版)."""
    tracking: float = 0.0
    """Copyfit tracking applied to the body text, in em (0: none)."""
    forced: tuple[str, ...] = ()
    """Runs wider than the column that were broken where no rule allows (reported)."""
    head_overflow: int = 0
    """Grid lines the head (kicker, headline, deck) needs beyond its module: the lines that do
    not fit are not drawn, and the build reports it as an error."""


@dataclass(frozen=True, slots=True)
class PageLayout:
    """Everything placed on one page."""

    folio: str
    section: str
    width: float
    height: float
    color: str
    furniture: tuple[Element, ...]
    articles: tuple[ArticleLayout, ...]
