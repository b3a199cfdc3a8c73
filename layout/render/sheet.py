"""The sheet around a trimmed page: bleed, the page boxes, and the printer's marks (crop and
registration marks, slug line) drawn outside the bleed on an enlarged MediaBox."""

from __future__ import annotations

from dataclasses import dataclass, field

from layout.display import PageDisplay
from layout.press import PressSettings
from layout.render.content import Ops
from layout.units import mm

MARK_GAP = mm(3)
"""Crop marks start this far outside the bleed, so trimming never cuts into them."""
MARK_LENGTH = mm(5)
MARK_WIDTH = 0.25
"""Hairline marks, pt."""
MARKS_SPACE = MARK_GAP + MARK_LENGTH + mm(2)
"""What the marks add around the bleed on each side of the MediaBox."""
TARGET_RADIUS = mm(2.5)
SLUG_SIZE = 6.0
REGISTRATION = "CSall"
"""The registration colour space's resource name: Separation /All marks every plate (PDF 32000-1
§8.6.6.4); the page writer defines it (render/pdf.py)."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """How a page sits on its sheet; boxes are PDF rectangles (x0, y0, x1, y1), y up."""

    press: PressSettings = field(default_factory=PressSettings)
    slug: str = ""
    """The slug line's fixed part (paper, date, build stamp); the page adds folio and colour."""

    @property
    def bleed(self) -> float:
        return mm(self.press.bleed_mm)

    @property
    def margin(self) -> float:
        """From the trim edge to the MediaBox edge: the bleed, plus room for the marks."""
        return self.bleed + (MARKS_SPACE if self.press.marks else 0.0)

    def media_size(self, page: PageDisplay) -> tuple[float, float]:
        return page.width + 2 * self.margin, page.height + 2 * self.margin

    def trim_box(self, page: PageDisplay) -> tuple[float, float, float, float]:
        """TrimBox = the newspaper page (print-standards §3)."""
        m = self.margin
        return m, m, m + page.width, m + page.height

    def bleed_box(self, page: PageDisplay) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = self.trim_box(page)
        b = self.bleed
        return x0 - b, y0 - b, x1 + b, y1 + b

    def slug_text(self, page: PageDisplay) -> str:
        colour = "CMYK" if page.color == "cmyk" else "K only"
        parts = [self.slug, f"page {page.folio}", colour, f"PDF/{self.press.pdfx}"]
        return "   ".join(p for p in parts if p)

    def slug_origin(self, page: PageDisplay) -> tuple[float, float]:
        """Where the slug line's baseline starts, in PDF space (below the bottom-left mark)."""
        box = self.trim_box(page)
        return (box[0] + MARK_LENGTH + mm(4),
                box[1] - self.bleed - MARK_GAP - MARK_LENGTH / 2 - SLUG_SIZE / 3)

    def draw_marks(self, ops: Ops, page: PageDisplay) -> None:
        """Crop marks at the corners and registration targets mid-edge, in PDF space, in the
        registration colour (K on a gray page). The slug line's text is drawn by the page
        writer at `slug_origin`, with the page's fonts."""
        if not self.press.marks:
            return
        ops.save()
        if page.color == "cmyk":
            ops.add(f"/{REGISTRATION} CS 1 SCN")
        else:
            ops.add("0 G")
        ops.line_width(MARK_WIDTH)
        box = self.trim_box(page)
        _crop_marks(ops, box, self.bleed)
        _targets(ops, box, self.bleed)
        ops.restore()


def _crop_marks(ops: Ops, box: tuple[float, float, float, float], bleed: float) -> None:
    """Two hairlines per corner, on the trim lines, starting outside the bleed."""
    x0, y0, x1, y1 = box
    start, end = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            ops.line(x + sx * start, y, x + sx * end, y)
            ops.line(x, y + sy * start, x, y + sy * end)


def _targets(ops: Ops, box: tuple[float, float, float, float], bleed: float) -> None:
    """A circle with a cross in the middle of each side's mark band (registration)."""
    x0, y0, x1, y1 = box
    d = bleed + MARK_GAP + MARK_LENGTH / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    arm = TARGET_RADIUS + mm(1)
    for x, y in ((cx, y1 + d), (cx, y0 - d), (x0 - d, cy), (x1 + d, cy)):
        ops.circle(x, y, TARGET_RADIUS)
        ops.line(x - arm, y, x + arm, y)
        ops.line(x, y - arm, x, y + arm)
