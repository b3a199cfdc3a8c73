"""Breaks → positioned lines: justification, alignment, the paragraph's last line.

Justification follows clreq §3.5 `#line_adjustment`: a tight line gives up the adjustable space
of punctuation, word spaces and Han–Western spacing first, then (the house's squeeze) the gaps
between characters (`_squeeze`); a loose line opens the spaces around Latin words first, then
the gaps between characters (`_spread`). The last line of a paragraph is set at its natural
width (clreq §3.4.3). A line that breaks at a hanging mark ends past the measure by the mark's
box; a word's own hyphen is drawn where its line does not break there (`Glue.payload`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from layout.fonts import Metrics
from layout.text.emergency import unjam
from layout.text.fastinit import maker
from layout.text.itemize import Glyphs, ItemizeConfig, Itemized, itemize
from layout.text.linebreak import (
    Box,
    BreakConfig,
    Breaks,
    BreakTable,
    Glue,
    Item,
    Penalty,
    first_fit,
    total_fit,
)

HANG_ROOM = 0.55
"""How far (em) a line may reach past its measure: a hanging mark's half em, and no more."""


@dataclass(frozen=True, slots=True)
class Placed:
    """Glyphs at `x` pt from the line's left edge."""

    x: float
    glyphs: Glyphs


@dataclass(frozen=True, slots=True)
class Line:
    """One composed line: placed glyphs, the measure it was set to and how it was adjusted."""

    runs: tuple[Placed, ...]
    measure: float
    width: float
    """Where the last glyph box ends (= measure for a justified line)."""
    ratio: float
    last: bool
    """The paragraph's last line (not justified)."""

    @property
    def text(self) -> str:
        return "".join(p.glyphs.text for p in self.runs)


@dataclass(frozen=True, slots=True)
class ComposeConfig:
    """How a paragraph is set: alignment, breaker and its settings."""

    align: str = "justify"
    breaker: str = "total-fit"
    itemize: ItemizeConfig = ItemizeConfig()
    breaking: BreakConfig = BreakConfig()


@dataclass(frozen=True, slots=True)
class Composed:
    """A composed paragraph."""

    lines: tuple[Line, ...]
    missing: tuple = ()
    runt_unavoidable: bool = False
    forced: tuple[str, ...] = ()
    """Runs wider than the measure that had to be broken where no rule allows (emergency.py)."""


def compose(text: str, role: str, size: float, metrics: Metrics,
            measure: Callable[[int], float], config: ComposeConfig = ComposeConfig(),
            indent: bool = True) -> Composed:
    """Set one paragraph: 1. itemize 2. break 3. place the lines."""
    itemized: Itemized = itemize(text, role, size, metrics, config.itemize, indent)
    items = itemized.items
    table = itemized.table or BreakTable(items)
    breaks = _break(items, table, measure, config)
    if config.align == "center" and len(breaks.positions) > 1:
        breaks = _balanced(items, table, measure(0), len(breaks.positions), config, breaks)
    lines = place_lines(items, breaks, measure, config.align)
    forced: tuple[str, ...] = ()
    if any(line.width > line.measure + HANG_ROOM * size for line in lines):
        fixed = unjam(items, measure(0), metrics)  # a run wider than the measure: see there
        if fixed is not None:
            items, table, forced = fixed.items, BreakTable(fixed.items), fixed.runs
            breaks = _break(items, table, measure, config)
            lines = place_lines(items, breaks, measure, config.align)
    return Composed(lines, itemized.missing, breaks.runt_unavoidable, forced)


def _break(items: Sequence[Item], table: BreakTable, measure: Callable[[int], float],
           config: ComposeConfig) -> Breaks:
    if config.breaker == "total-fit":
        return total_fit(items, measure, config.breaking, table)
    return first_fit(items, measure, table)


def _balanced(items: Sequence[Item], table: BreakTable, width: float, count: int,
              config: ComposeConfig, breaks: Breaks) -> Breaks:
    """Centred text (headlines, subheads) with lines of similar length: the narrowest measure
    that needs no more lines (like CSS `text-wrap: balance`), so no lone last character."""
    lo, hi, best = width / 2, width, breaks
    for _ in range(12):
        mid = (lo + hi) / 2
        trial = _break(items, table, lambda n, mid=mid: mid, config)
        if len(trial.positions) <= count and all(r >= -1 for r in trial.ratios):
            hi, best = mid, trial
        else:
            lo = mid
    return best


_new_placed = maker(Placed)


def place_lines(items: Sequence[Item], breaks: Breaks, measure: Callable[[int], float],
                align: str = "justify") -> tuple[Line, ...]:
    """Position every box of every line."""
    lines: list[Line] = []
    start = 0
    for n, (end, ratio) in enumerate(zip(breaks.positions, breaks.ratios)):
        last = n == len(breaks.positions) - 1
        start = _skip_discardable(items, start)
        tail = items[end] if type(items[end]) is Penalty and items[end].payload else None
        lines.append(_place(items[start:end], measure(n), ratio, last, align, tail))
        start = end + 1
    return tuple(lines)


def _skip_discardable(items: Sequence[Item], i: int) -> int:
    while i < len(items) and type(items[i]) is not Box:
        i += 1
    return i


def _place(items: Sequence[Item], measure: float, ratio: float, last: bool, align: str,
           tail: Penalty | None = None) -> Line:
    """One line's glyphs at their x; `tail` is the penalty the line breaks at if it draws
    something there (the hyphen of a hyphenated word, which then ends the line)."""
    justify = align == "justify" and not last
    r = ratio if justify else min(ratio, 0.0) if ratio < 0 else 0.0
    r = max(r, -1.0)
    if r < 0:
        first, second = _squeeze(items, r)
    else:
        first, second = _spread(items, r) if r > 0 and not math.isinf(r) else (r, r)
    x = end = 0.0
    runs: list[Placed] = []
    new_placed = _new_placed
    for item in items:
        kind = type(item)
        if kind is Box:
            if item.payload is not None:
                runs.append(new_placed(x, item.payload))
            x += item.width
            end = x
        elif kind is Glue:
            if item.payload is not None:  # a word's own hyphen, where the line does not break
                runs.append(new_placed(x, item.payload))
            # A line without stretch has ratio inf: its glue stays natural (inf × 0 would be
            # NaN); such an underfull line is set flush left (clreq §3.5, no other adjustment).
            if r < 0:
                x += item.width - item.shrink * (first if item.width > 0 else second)
            elif item.stretch:
                x += item.width + item.stretch * (first if item.early else second)
            else:
                x += item.width
    if tail is not None:
        runs.append(new_placed(end, tail.payload))
        end += tail.width
    offset = _align_offset(align, measure, end, last)
    if offset:
        runs = [Placed(p.x + offset, p.glyphs) for p in runs]
    return Line(tuple(runs), measure, end + offset, ratio, last)


def _squeeze(items: Sequence[Item], ratio: float) -> tuple[float, float]:
    """The shares of their shrink that a tight line's glues give up, in clreq's order (§3.5.3):
    first the space of punctuation, Western word spaces and Han–Western spacing (glue with a
    natural width), then, only for what is left, the inter-character gaps (zero-width glue)."""
    spaced = gaps = 0.0
    for g in items:
        if type(g) is Glue:
            if g.width > 0:
                spaced += g.shrink
            else:
                gaps += g.shrink
    need = -ratio * (spaced + gaps)
    first = min(1.0, need / spaced) if spaced else 0.0
    rest = need - first * spaced
    return first, (min(1.0, rest / gaps) if gaps else 0.0)


EARLY_SHARE = 1 / 3
"""The share of its stretch that early glue takes before the gaps between CJK characters open
at all: with the default Latin rules (`lang.LatinRules`), Han–Western spacing opens from ¼ em
to about ⅜ em first, then the Han gaps open (to 0.1 em at ratio 1), then the rest of the
early glue's stretch is used (to 0.65 em)."""


def _spread(items: Sequence[Item], ratio: float) -> tuple[float, float]:
    """The shares of their stretch that a loose line's early and other glues take, in clreq's
    order (§3.5.4): first the early glue (Western word spaces, Han–Western spacing, an
    address's break points) up to `EARLY_SHARE` of its stretch, then the gaps between CJK
    characters up to theirs, then the rest of the early glue. The breaker keeps the ratio
    within 1, where no Han gap opens by more than its stretch (0.1 em) and no space by more
    than its maximum. Beyond (a line no set of breaks avoids) the gaps between CJK characters
    take what is left: a space wider than `lang.LatinRules.cjk_latin_max_em` would read as a
    hole in the line, or a gutter; without such gaps, every glue takes the same share."""
    early = late = 0.0
    for g in items:
        if type(g) is Glue:
            if g.early:
                early += g.stretch
            else:
                late += g.stretch
    if not early or not late:
        return ratio, ratio
    need = ratio * (early + late)
    if need <= EARLY_SHARE * early:
        return need / early, 0.0
    if need <= EARLY_SHARE * early + late:
        return EARLY_SHARE, (need - EARLY_SHARE * early) / late
    if need <= early + late:
        return (need - late) / early, 1.0
    return 1.0, (need - early) / late


def _align_offset(align: str, measure: float, width: float, last: bool) -> float:
    if align == "center":
        return max(0.0, (measure - width) / 2)
    if align == "right":
        return max(0.0, measure - width)
    return 0.0
