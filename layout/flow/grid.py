"""The page grid in characters and lines: module rectangles and their text frames."""

from __future__ import annotations

from dataclasses import dataclass

from layout.model import Module
from layout.style import PageFormat


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle in pt, origin at the trim box's top-left, y down."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inset(self, dx: float, dy: float) -> "Rect":
        return Rect(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)


@dataclass(frozen=True, slots=True)
class Frame:
    """One text column of a module: x and measure in pt, grid lines [top, top + lines)."""

    x: float
    measure: float
    top: int
    lines: int

    @property
    def bottom(self) -> int:
        return self.top + self.lines


def module_lines(fmt: PageFormat, module: Module) -> int:
    """Height of a module in grid lines (`rest` = down to the bottom of the type area)."""
    return module.lines if module.lines is not None else fmt.lines - module.top


def module_rect(fmt: PageFormat, module: Module) -> Rect:
    """The module's rectangle on the page."""
    x = fmt.column_x(module.first_column)
    w = fmt.span_width(module.first_column, module.last_column)
    return Rect(x, fmt.line_top(module.top), w, module_lines(fmt, module) * fmt.pitch)


def text_columns(fmt: PageFormat, x: float, width: float, count: int) -> tuple[tuple[float, float], ...]:
    """(x, measure) of `count` text columns across `width`: each measure a whole number of 字,
    the remainder going into the gutters (变栏 keeps the characters on their own grid)."""
    em = fmt.body_size
    chars = int((width - (count - 1) * fmt.gutter) / count / em + 1e-6)
    measure = chars * em
    gutter = (width - count * measure) / (count - 1) if count > 1 else 0.0
    return tuple((x + k * (measure + gutter), measure) for k in range(count))


EmBox = tuple[float, float]
"""Top and bottom of a face's ideographic em box, pt above the baseline (Metrics.em_box; for
the committed faces 0.88 and −0.12 em, from their BASE `idtp`/`ideo`)."""


def baseline_in(top: float, step: float, em_box: EmBox) -> float:
    """The baseline of a line in a band `step` pt tall from `top`: the ideographic em box
    centred in the band (so Han characters sit in the middle of their line, clreq §2.3.2),
    the baseline where the face puts it inside the box. The one formula every line uses."""
    em_top, em_bottom = em_box
    return top + (step - (em_top - em_bottom)) / 2 + em_top


def baseline(fmt: PageFormat, line: int, em_box: EmBox) -> float:
    """Baseline of body grid line `line`."""
    return baseline_in(fmt.line_top(line), fmt.pitch, em_box)
