"""Content-stream operators (PDF 32000-1 §8 graphics, §9.4 text) written as bytes, in PDF space
(pt, origin bottom-left, y up). The page writer and the sheet's marks both draw with `Ops`."""

from __future__ import annotations

KAPPA = 0.5522847498
"""Control-point distance of a quarter circle drawn with one cubic Bézier, as a share of the radius."""


def num(value: float) -> str:
    """A number for a content stream: at most 3 decimals, no trailing zeros, no exponent."""
    if value == int(value):
        return str(int(value))
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class Ops:
    """An append-only content stream."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, *operators: str) -> None:
        self.parts.extend(operators)

    def data(self) -> bytes:
        return "\n".join(self.parts).encode("latin-1")

    # graphics state
    def save(self) -> None:
        self.parts.append("q")

    def restore(self) -> None:
        self.parts.append("Q")

    def transform(self, a: float, b: float, c: float, d: float, e: float, f: float) -> None:
        self.parts.append(" ".join(map(num, (a, b, c, d, e, f))) + " cm")

    def line_width(self, width: float) -> None:
        self.parts.append(f"{num(width)} w")

    def state(self, name: str) -> None:
        """Select an ExtGState resource (`/GSop gs`)."""
        self.parts.append(f"/{name} gs")

    # paths
    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.parts.append(f"{num(x0)} {num(y0)} m {num(x1)} {num(y1)} l S")

    def rect(self, x: float, y: float, w: float, h: float, paint: str) -> None:
        """A rectangle painted with `paint`: f (fill), S (stroke) or B (both)."""
        self.parts.append(f"{num(x)} {num(y)} {num(w)} {num(h)} re {paint}")

    def circle(self, cx: float, cy: float, r: float) -> None:
        """A stroked circle from four Bézier quarters."""
        k = r * KAPPA
        self.parts.append(
            f"{num(cx + r)} {num(cy)} m "
            f"{num(cx + r)} {num(cy + k)} {num(cx + k)} {num(cy + r)} {num(cx)} {num(cy + r)} c "
            f"{num(cx - k)} {num(cy + r)} {num(cx - r)} {num(cy + k)} {num(cx - r)} {num(cy)} c "
            f"{num(cx - r)} {num(cy - k)} {num(cx - k)} {num(cy - r)} {num(cx)} {num(cy - r)} c "
            f"{num(cx + k)} {num(cy - r)} {num(cx + r)} {num(cy - k)} {num(cx + r)} {num(cy)} c S")

    def image(self, name: str, x: float, y: float, w: float, h: float) -> None:
        """Image XObject `name` scaled into the rectangle (x, y) – (x + w, y + h)."""
        self.parts.append(f"q {num(w)} 0 0 {num(h)} {num(x)} {num(y)} cm /{name} Do Q")
