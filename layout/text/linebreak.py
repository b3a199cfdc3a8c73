"""Line breaking over abstract items: first-fit and total-fit (Knuth–Plass).

Knuth & Plass, "Breaking Paragraphs into Lines", Software—Practice and Experience 11 (1981).
The breaker knows nothing of CJK or fonts: boxes, glue and penalties with widths in pt.
A legal break is a glue preceded by a box, or a penalty below +∞; glue and penalties at the
start of a line are discarded (so a half-width space before an opening bracket vanishes there).
"""

from __future__ import annotations

import math
from bisect import insort
from dataclasses import dataclass
from heapq import heappop, heappush
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


class BreakTable:
    """A paragraph's legal breaks as parallel arrays, built once (Knuth–Plass §"the algorithm":
    prefix sums make every line's width, stretch and shrink two subtractions).

    For legal break k at item `position[k]`: the width, stretch, shrink and content of the
    items before it; its penalty width, cost and flag; and the same sums at the start of the
    line that follows it (glue and penalties after a break are discarded, so a line starts at
    its first box or forced break). `start_*[-1]` entries of `first_*` are for the paragraph's
    first line.
    """

    __slots__ = ("n_items", "position", "width", "stretch", "shrink", "content", "pen_width",
                 "cost", "flagged", "next_width", "next_stretch", "next_shrink", "next_content",
                 "first", "last_flagged")

    def __init__(self, items: Sequence[Item]):
        self.n_items = len(items)
        self.position: list[int] = []
        self.width: list[float] = []
        self.stretch: list[float] = []
        self.shrink: list[float] = []
        self.content: list[float] = []
        self.pen_width: list[float] = []
        self.cost: list[float] = []
        self.flagged: list[bool] = []
        starts: list[tuple[float, float, float, float]] = []
        self._scan(items, starts)
        self.first = starts.pop(0)
        """Sums at the start of the paragraph's first line."""
        self.next_width = [s[0] for s in starts]
        self.next_stretch = [s[1] for s in starts]
        self.next_shrink = [s[2] for s in starts]
        self.next_content = [s[3] for s in starts]
        last = items[-1] if items else None
        self.last_flagged = type(last) is Penalty and last.flagged
        """`items[-1]` is what the original formulation saw "before" the first line."""

    def _scan(self, items: Sequence[Item], starts: list) -> None:
        """One pass: prefix sums, legal breaks (a penalty below +∞, or a glue after a box), and
        the line-start sums of every break (plus one for the paragraph start)."""
        w = s = k = c = 0.0
        pending = 1  # breaks (and the paragraph start) still waiting for their line start
        after_box = False
        for index, item in enumerate(items):
            kind = type(item)
            if kind is Box:
                starts.extend([(w, s, k, c)] * pending)
                pending = 0
                w += item.width
                c += item.content
                after_box = True
                continue
            if kind is Glue:
                if after_box:
                    self._add(index, w, s, k, c, 0.0, 0.0, False)
                    pending += 1
                w += item.width
                s += item.stretch
                k += item.shrink
            elif item.cost < INF:
                if item.cost <= -INF:  # a forced break starts the line after the breaks before it
                    starts.extend([(w, s, k, c)] * pending)
                    pending = 0
                self._add(index, w, s, k, c, item.width, item.cost, item.flagged)
                pending += 1
            after_box = False
        starts.extend([(w, s, k, c)] * pending)

    def _add(self, index, w, s, k, c, pen_width, cost, flagged) -> None:
        self.position.append(index)
        self.width.append(w)
        self.stretch.append(s)
        self.shrink.append(k)
        self.content.append(c)
        self.pen_width.append(pen_width)
        self.cost.append(cost)
        self.flagged.append(flagged)


def _ratio(width: float, stretch: float, shrink: float, measure: float) -> float:
    """Adjustment ratio of a line of natural `width` (Knuth–Plass eq. 2)."""
    if width < measure:
        return (measure - width) / stretch if stretch > 0 else math.inf
    if width > measure:
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
              config: BreakConfig = BreakConfig(), table: BreakTable | None = None) -> Breaks:
    """Knuth–Plass optimum breaks; `measure(line_index)` gives each line's width.

    Passes with `config.tolerance`, `config.retry_tolerance` and `config.max_ratio`; if even the
    last finds no feasible sequence (a box wider than the measure), first-fit sets it overfull.
    `table` is `BreakTable(items)` if the caller has it already.
    """
    table = table or BreakTable(items)
    measures = _Measures(measure)
    for tolerance in (config.tolerance, config.retry_tolerance, config.max_ratio):
        result = _knuth_plass(table, measures, config, tolerance)
        if result is not None:
            return result
    # No feasible sequence at all, so a runt the greedy breaks leave is unavoidable and must be
    # reported as such (clreq §3.4.4; `Breaks.runt_unavoidable`).
    greedy = first_fit(items, measure, table)
    if len(greedy.positions) > 1:
        k = table.position.index(greedy.positions[-2])
        last = table.position.index(greedy.positions[-1])
        content = table.content[last] - table.next_content[k]
        greedy = Breaks(greedy.positions, greedy.ratios, content < config.runt_chars)
    return greedy


class _Measures:
    """`measure(line)` memoized: the breaker asks for the same few lines again and again."""

    __slots__ = ("measure", "known")

    def __init__(self, measure: Callable[[int], float]):
        self.measure = measure
        self.known: dict[int, float] = {}

    def __call__(self, line: int) -> float:
        found = self.known.get(line)
        if found is None:
            found = self.known[line] = self.measure(line)
        return found


# An active node is a tuple (the inner loop unpacks it; no attribute lookups):
# (demerits, line, fitness, k, ratio, runt, previous, width, stretch, shrink, content, measure,
#  flagged, seq) — k is the node's legal break (-1: paragraph start), width…content the sums at
# the start of the line that follows it, measure that line's width, flagged its penalty's flag,
# seq its creation order (the order of the classic active list, which breaks ties).
_SEQ = 13
_SLACK = 1e-6
"""pt: a node waits only while its line is short of the measure by more than this at the
tolerance, far beyond rounding; closer than that it is checked exactly."""


def _knuth_plass(table: BreakTable, measures: _Measures, config: BreakConfig,
                 tolerance: float) -> Breaks | None:
    """One pass of the algorithm at `tolerance`: None if no feasible break sequence.

    The classic loop tries every active node at every break, though nearly all of them have a
    line that is still too short (ratio > tolerance). Here such nodes wait in a heap keyed by
    the least `reach` (width + tolerance × stretch, a prefix sum) at which their line could stop
    being too short; the others, "ready", are tried exactly and in creation order, so the result
    is the classic one, tie for tie.
    """
    reach = [(w + p) + tolerance * s
             for w, p, s in zip(table.width, table.pen_width, table.stretch)]
    w0, s0, k0, c0 = table.first
    node = (0.0, 0, 1, -1, 0.0, False, None, w0, s0, k0, c0, measures(0), table.last_flagged, 0)
    waiting = [(_wake(node, tolerance), 0, node)]
    ready: list = []
    seq, last_item, cost = 1, table.n_items - 1, table.cost
    for k in range(len(table.position)):
        if cost[k] <= -INF:  # a forced break ends every line: all nodes are tried
            ready = sorted(ready + [w[2] for w in waiting], key=_by_seq)
            waiting = []
        else:
            while waiting and waiting[0][0] <= reach[k]:
                insort(ready, heappop(waiting)[2], key=_by_seq)
        ready, new = _try_break(table, k, ready, config, tolerance,
                                table.position[k] == last_item)
        for cand in new:
            node = _activate(table, cand, measures, seq)
            heappush(waiting, (_wake(node, tolerance), seq, node))
            seq += 1
        if not ready and not waiting:
            return None
    nodes = sorted(ready + [w[2] for w in waiting], key=_by_seq)
    final = [n for n in nodes if n[3] >= 0 and table.position[n[3]] == last_item]
    return _unwind(table, min(final, key=lambda n: n[0])) if final else None


def _by_seq(node: tuple) -> int:
    return node[_SEQ]


def _wake(node: tuple, tolerance: float) -> float:
    """The least reach at which the line after `node` may stop being too short."""
    return node[11] + node[7] + tolerance * node[8] - _SLACK


def _try_break(table: BreakTable, k: int, ready: list, config: BreakConfig, tolerance: float,
               at_end: bool) -> tuple[list, list]:
    """Consider a break at legal break `k` from every ready node (the main loop of Knuth–Plass):
    the nodes that stay active, and the best new candidate per fitness class worth keeping.
    A node whose line is already overfull is deactivated."""
    width_k, stretch_k, shrink_k = table.width[k], table.stretch[k], table.shrink[k]
    pen_width, cost = table.pen_width[k], table.cost[k]
    forced = cost <= -INF
    survivors = []
    best: list = [None, None, None, None]
    for node in ready:
        width = width_k - node[7]
        if pen_width:
            width += pen_width
        measure = node[11]
        if width < measure:
            stretch = stretch_k - node[8]
            ratio = (measure - width) / stretch if stretch > 0 else math.inf
            if ratio > tolerance:  # too short yet
                if not forced:
                    survivors.append(node)
                continue
        elif width > measure:
            shrink = shrink_k - node[9]
            ratio = (measure - width) / shrink if shrink > 0 else -math.inf
            if ratio < -1:
                continue  # overfull: deactivate
        else:
            ratio = 0.0
        # Demerits of the line (Knuth–Plass eqs. 4–5) and the fitness class of its ratio.
        demerits = (config.line_penalty + 100 * abs(ratio) ** 3) ** 2
        if cost >= 0:
            demerits += cost ** 2
        elif cost > -INF:
            demerits -= cost ** 2
        if node[12] and table.flagged[k]:
            demerits += config.flagged_demerits
        fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1.0 else 3
        if abs(fitness - node[2]) > 1:
            demerits += config.fitness_demerits
        runt = at_end and node[1] > 0 and table.content[k] - node[10] < config.runt_chars
        if runt:
            demerits += config.runt_demerits  # clreq §3.4.4: an orphan does not make a line
        demerits += node[0]
        if best[fitness] is None or demerits < best[fitness][0]:
            best[fitness] = (demerits, node[1] + 1, fitness, k, ratio, runt, node)
        if not forced:
            survivors.append(node)
    if best[0] or best[1] or best[2] or best[3]:
        return survivors, _undominated(best, config)
    return survivors, []


def _undominated(best: list, config: BreakConfig) -> list:
    """The candidates at one break worth keeping, in fitness order. A candidate is dropped when
    another one with the same line count is better by more than `fitness_demerits`: the two
    lead to the same lines at the same measures, and fitness can cost the other at most that,
    so the dropped one can never win (the optimum is unchanged; ties are kept)."""
    cands = [c for c in best if c is not None]
    if len(cands) < 2:
        return cands
    margin = config.fitness_demerits
    return [c for c in cands
            if not any(o[1] == c[1] and o[0] + margin < c[0] for o in cands)]


def _activate(table: BreakTable, cand: tuple, measures: _Measures, seq: int) -> tuple:
    """A candidate as an active node: with the sums and measure of the line after it."""
    k, line = cand[3], cand[1]
    return cand + (table.next_width[k], table.next_stretch[k], table.next_shrink[k],
                   table.next_content[k], measures(line), table.flagged[k], seq)


def _unwind(table: BreakTable, best: tuple) -> Breaks:
    positions, ratios = [], []
    node = best
    while node is not None and node[3] >= 0:
        positions.append(table.position[node[3]])
        ratios.append(node[4])
        node = node[6]
    return Breaks(tuple(reversed(positions)), tuple(reversed(ratios)), best[5])


def first_fit(items: Sequence[Item], measure: Callable[[int], float],
              table: BreakTable | None = None) -> Breaks:
    """Greedy breaking: each line takes as much as fits (shrinking allowed), then breaks."""
    t = table or BreakTable(items)
    positions: list[int] = []
    ratios: list[float] = []

    def ratio(start: int, k: int, line: int) -> float:
        """The line from after break `start` (-1: paragraph start) to break `k`."""
        w, s, sh, _ = t.first if start < 0 else (t.next_width[start], t.next_stretch[start],
                                                 t.next_shrink[start], 0.0)
        width = t.width[k] - w
        if t.pen_width[k]:
            width += t.pen_width[k]
        return _ratio(width, t.stretch[k] - s, t.shrink[k] - sh, measure(line))

    start, last_legal = -1, None
    for k in range(len(t.position)):
        r = ratio(start, k, len(positions))
        forced = t.cost[k] <= -INF
        if r < -1 and last_legal is not None:
            positions.append(t.position[last_legal])
            ratios.append(ratio(start, last_legal, len(positions) - 1))
            start = last_legal
            r = ratio(start, k, len(positions))
        last_legal = k
        if forced:
            positions.append(t.position[k])
            ratios.append(r)
            start, last_legal = k, None
    return Breaks(tuple(positions), tuple(max(r, -1e6) for r in ratios))
