"""The last resort for text that has no legal break within a line's measure: a 5,000-character
address, a word pyphen cannot split, a run of marks kinsoku keeps together. Rather than let it
run past the column edge (and off the page), such a run may break anywhere — between any two
characters, no hyphen added — at a cost that makes the breaker use it only there; the caller
reports the run, so the editor can mend the copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from layout.fonts import Metrics
from layout.text.linebreak import INF, Box, Glue, Item, Penalty

EMERGENCY_COST = 5_000.0
"""The cost of a break inside an unbreakable run: finite (so it can be taken), but above any
legal break's (a hyphen costs 50, a kept number unit 800)."""
SHOWN = 40
"""Characters of a broken run quoted in the report."""


@dataclass(frozen=True, slots=True)
class Unjammed:
    """The items with breaks allowed inside the runs that were too wide, and those runs' text."""

    items: tuple[Item, ...]
    runs: tuple[str, ...]


def unjam(items: Sequence[Item], measure: float, metrics: Metrics) -> Unjammed | None:
    """None if every run between legal breaks fits `measure`; else the items with breaks
    allowed inside the runs that do not (infinite penalties made finite, wide boxes cut into
    characters)."""
    spans = _wide_runs(items, measure)
    if not spans:
        return None
    out: list[Item] = []
    runs = []
    last = 0
    for start, end in spans:
        out += items[last:start]
        out += _opened(items[start:end], measure, metrics)
        runs.append(_text(items[start:end]))
        last = end
    out += items[last:]
    return Unjammed(tuple(out), tuple(runs))


def _wide_runs(items: Sequence[Item], measure: float) -> list[tuple[int, int]]:
    """(start, end) of each stretch between legal breaks whose natural width exceeds `measure`."""
    spans, start, width = [], 0, 0.0
    for k, item in enumerate(items):
        legal = (isinstance(item, Penalty) and item.cost < INF) or (
            isinstance(item, Glue) and k > 0 and isinstance(items[k - 1], Box))
        if legal:
            if width > measure + 0.01:
                spans.append((start, k))
            start, width = k + 1, 0.0
        elif isinstance(item, (Box, Glue)):
            width += item.width
    return spans


def _opened(run: Sequence[Item], measure: float, metrics: Metrics) -> list[Item]:
    out: list[Item] = []
    for item in run:
        if isinstance(item, Penalty) and item.cost >= INF:
            out.append(replace(item, cost=EMERGENCY_COST))
        elif isinstance(item, Box) and item.width > measure / 2 and _cuttable(item):
            out += _characters(item, metrics)
        else:
            out.append(item)
    return out


def _cuttable(box: Box) -> bool:
    glyphs = box.payload
    return glyphs is not None and len(getattr(glyphs, "text", "")) > 1


def _characters(box: Box, metrics: Metrics) -> list[Item]:
    """A box cut into one box per character, with an emergency break between each two. Each
    character's width is its advance (no kerning is applied inside a run)."""
    glyphs = box.payload
    out: list[Item] = []
    for n, char in enumerate(glyphs.text):
        width = metrics.advance(glyphs.role, char, glyphs.size) * glyphs.hscale
        piece = replace(glyphs, text=char, dx=glyphs.dx if n == 0 else 0.0,
                        src=glyphs.src + n if glyphs.src >= 0 else -1)
        if n:
            out.append(Penalty(0.0, EMERGENCY_COST))
        out.append(Box(width, piece, width))
    return out


def _text(run: Sequence[Item]) -> str:
    text = "".join(getattr(i.payload, "text", "") for i in run if isinstance(i, Box))
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"
