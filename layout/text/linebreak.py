"""Line breaking over abstract items: first-fit and total-fit (Knuth–Plass).

Knuth & Plass, "Breaking Paragraphs into Lines", Software—Practice and Experience 11 (1981).
The breaker knows nothing of CJK or fonts: boxes, glue and penalties with widths in pt.
A legal break is a glue preceded by a box, or a penalty below +∞; glue and penalties at the
start of a line are discarded (so a half-width space before an opening bracket vanishes there).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

INF = 10_000
"""Penalty at or above this forbids a break; at or below -INF forces one (Knuth–Plass §2)."""


@dataclass(frozen=True, slots=True)
class Box:
    """Unbreakable material of fixed width; `payload` is whatever the caller draws."""

    width: float
    payload: object = None
    content: float = 0.0
    """How much this box counts towards a line's content, for the runt rule (Han = 1)."""


@dataclass(frozen=True, slots=True)
class Glue:
    """Space that may stretch or shrink; a legal break when it follows a box."""

    width: float
    stretch: float
    shrink: float


@dataclass(frozen=True, slots=True)
class Penalty:
    """A possible break with a cost (±INF forces or forbids); `width` is added if broken here."""

    width: float
    cost: float
    flagged: bool = False


Item = Box | Glue | Penalty


@dataclass(frozen=True, slots=True)
class BreakConfig:
    """Tuning of the breaker (defaults after Knuth–Plass and Typst's constants)."""

    tolerance: float = 1.0
    """Largest stretch ratio accepted in the first pass: at 0.1 em of stretch per gap, no
    inter-character gap opens by more than 0.1 em (a "loose" line)."""
    retry_tolerance: float = 2.5
    """Second pass, when the first finds no feasible breaks."""
    max_ratio: float = 10.0
    """Emergency pass: the largest stretch ratio accepted at all."""
    line_penalty: float = 10.0
    flagged_demerits: float = 3000.0
    fitness_demerits: float = 100.0
    runt_chars: float = 2.0
    """A last line with less content than this is a runt (clreq §3.4.4)."""
    runt_demerits: float = 200_000.0


@dataclass(frozen=True, slots=True)
class Breaks:
    """The result: item indices where lines end, each line's adjustment ratio, and notes."""

    positions: tuple[int, ...]
    ratios: tuple[float, ...]
    runt_unavoidable: bool = False
    """True when the last line is a runt and no break sequence within the limits avoids it."""


@dataclass(slots=True)
class _Node:
    position: int
    line: int
    fitness: int
    demerits: float
    ratio: float
    runt: bool
    previous: "_Node | None"


def _is_legal(items: Sequence[Item], i: int) -> bool:
    item = items[i]
    if isinstance(item, Penalty):
        return item.cost < INF
    return isinstance(item, Glue) and i > 0 and isinstance(items[i - 1], Box)


class _Sums:
    """Prefix sums of width, stretch, shrink and content, for O(1) line measurement."""

    def __init__(self, items: Sequence[Item]):
        w = s = k = c = 0.0
        self.width, self.stretch, self.shrink, self.content = [0.0], [0.0], [0.0], [0.0]
        for item in items:
            if isinstance(item, Box):
                w += item.width
                c += item.content
            elif isinstance(item, Glue):
                w += item.width
                s += item.stretch
                k += item.shrink
            self.width.append(w)
            self.stretch.append(s)
            self.shrink.append(k)
            self.content.append(c)


def _line_start(items: Sequence[Item], after: int) -> int:
    """First item of a line that follows a break at `after` (discardables skipped)."""
    i = after + 1 if after >= 0 else 0
    while i < len(items) and not isinstance(items[i], Box):
        if isinstance(items[i], Penalty) and items[i].cost <= -INF:
            break
        i += 1
    return i


def _ratio(sums: _Sums, start: int, end: int, items: Sequence[Item], measure: float) -> float:
    width = sums.width[end] - sums.width[start]
    if isinstance(items[end], Penalty):
        width += items[end].width
    if width < measure:
        stretch = sums.stretch[end] - sums.stretch[start]
        return (measure - width) / stretch if stretch > 0 else math.inf
    if width > measure:
        shrink = sums.shrink[end] - sums.shrink[start]
        return (measure - width) / shrink if shrink > 0 else -math.inf
    return 0.0


def _fitness(ratio: float) -> int:
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    if ratio <= 1.0:
        return 2
    return 3


def total_fit(items: Sequence[Item], measure: Callable[[int], float],
              config: BreakConfig = BreakConfig()) -> Breaks:
    """Knuth–Plass optimum breaks; `measure(line_index)` gives each line's width.

    A pass with `config.tolerance`, then one accepting ratios up to `config.max_ratio`; if even
    that finds no feasible sequence (a box wider than the measure), first-fit sets it overfull.
    """
    for tolerance in (config.tolerance, config.retry_tolerance, config.max_ratio):
        result = _knuth_plass(items, measure, config, tolerance)
        if result is not None:
            return result
    # No feasible sequence at all, so a runt the greedy breaks leave is unavoidable and must be
    # reported as such (clreq §3.4.4; `Breaks.runt_unavoidable`).
    greedy = first_fit(items, measure)
    if len(greedy.positions) > 1:
        sums = _Sums(items)
        start = _line_start(items, greedy.positions[-2])
        content = sums.content[greedy.positions[-1]] - sums.content[start]
        greedy = Breaks(greedy.positions, greedy.ratios, content < config.runt_chars)
    return greedy


def _knuth_plass(items: Sequence[Item], measure: Callable[[int], float],
                 config: BreakConfig, tolerance: float) -> Breaks | None:
    sums = _Sums(items)
    active: list[_Node] = [_Node(-1, 0, 1, 0.0, 0.0, False, None)]
    for i in range(len(items)):
        if _is_legal(items, i):
            active = _try_break(items, i, active, sums, measure, config, tolerance)
            if not active:
                return None
    final = [n for n in active if n.position == len(items) - 1]
    return _unwind(min(final, key=lambda n: n.demerits)) if final else None


def _try_break(items, i, active, sums, measure, config, tolerance) -> list[_Node]:
    """Consider a break at item `i` from every active node (the main loop of Knuth–Plass)."""
    item = items[i]
    cost = item.cost if isinstance(item, Penalty) else 0.0
    forced = cost <= -INF
    survivors: list[_Node] = []
    best: dict[int, _Node] = {}
    for node in active:
        start = _line_start(items, node.position)
        ratio = _ratio(sums, start, i, items, measure(node.line))
        if -1 <= ratio <= tolerance:
            cand = _candidate(items, i, node, start, ratio, cost, sums, config)
            if cand.fitness not in best or cand.demerits < best[cand.fitness].demerits:
                best[cand.fitness] = cand
        if ratio >= -1 and not forced:
            survivors.append(node)  # else deactivate: the line from `node` is already overfull
    return survivors + sorted(best.values(), key=lambda n: n.fitness)


def _candidate(items, i, node, start, ratio, cost, sums, config) -> _Node:
    badness = 100 * abs(ratio) ** 3
    demerits = (config.line_penalty + badness) ** 2
    if cost >= 0:
        demerits += cost ** 2
    elif cost > -INF:
        demerits -= cost ** 2
    flagged = isinstance(items[i], Penalty) and items[i].flagged
    if flagged and isinstance(items[node.position], Penalty) and items[node.position].flagged:
        demerits += config.flagged_demerits
    fitness = _fitness(ratio)
    if abs(fitness - node.fitness) > 1:
        demerits += config.fitness_demerits
    content = sums.content[i] - sums.content[start]
    runt = i == len(items) - 1 and node.line > 0 and content < config.runt_chars
    if runt:
        demerits += config.runt_demerits  # clreq §3.4.4: an orphan does not make a line
    return _Node(i, node.line + 1, fitness, node.demerits + demerits, ratio, runt, node)


def _unwind(best: _Node) -> Breaks:
    positions, ratios = [], []
    node: _Node | None = best
    while node is not None and node.position >= 0:
        positions.append(node.position)
        ratios.append(node.ratio)
        node = node.previous
    return Breaks(tuple(reversed(positions)), tuple(reversed(ratios)), best.runt)


def first_fit(items: Sequence[Item], measure: Callable[[int], float]) -> Breaks:
    """Greedy breaking: each line takes as much as fits (shrinking allowed), then breaks."""
    sums = _Sums(items)
    positions: list[int] = []
    ratios: list[float] = []
    start, last_legal = _line_start(items, -1), None
    for i in range(len(items)):
        if not _is_legal(items, i):
            continue
        ratio = _ratio(sums, start, i, items, measure(len(positions)))
        forced = isinstance(items[i], Penalty) and items[i].cost <= -INF
        if ratio < -1 and last_legal is not None:
            positions.append(last_legal)
            ratios.append(_ratio(sums, start, last_legal, items, measure(len(positions) - 1)))
            start = _line_start(items, last_legal)
            ratio = _ratio(sums, start, i, items, measure(len(positions)))
        last_legal = i
        if forced:
            positions.append(i)
            ratios.append(ratio)
            start, last_legal = _line_start(items, i), None
    return Breaks(tuple(positions), tuple(max(r, -1e6) for r in ratios))
