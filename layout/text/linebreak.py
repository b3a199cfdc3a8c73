"""Line breaking over abstract items: first-fit and total-fit (Knuth–Plass).

Knuth & Plass, "Breaking Paragraphs into Lines", Software—Practice and Experience 11 (1981).
The breaker knows nothing of CJK or fonts: boxes, glue and penalties with widths in pt.
A legal break is a glue preceded by a box, or a penalty below +∞; glue and penalties at the
start of a line are discarded (so a half-width space before an opening bracket vanishes there).
A penalty may have a negative width (a mark that hangs past the line's end if it breaks there):
such a break is admitted only from the second pass on, and a line that is overfull at a break
is not given up if the next break is one — the one extension to the textbook loop
(tests/reference_breaker.py has it too).

For speed (bench/bench_compose.py) a paragraph becomes a `BreakTable` of prefix sums once, and
total-fit runs in the forward form (each node offers its line to the breaks it can reach, found
by bisection), with exact pruning only: dominated candidates, and in the retry passes a bound
from the first-fit path. tests/reference_breaker.py is the textbook loop it must agree with.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from operator import add, le, mul

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
    early: bool = False
    """Stretches before the line's other glue (placing a line: lines.py). The breaker does not
    look at it: a line's ratio is over all its glue."""
    payload: object = None
    """What it draws where it stays in a line (a word's own hyphen, which a break redraws at
    the line's end: a discretionary), else None; like all glue it vanishes at a break."""


@dataclass(frozen=True, slots=True)
class Penalty:
    """A possible break with a cost (±INF forces or forbids); `width` is added if broken here."""

    width: float
    cost: float
    flagged: bool = False
    payload: object = None
    """What to draw at the line's end if it breaks here (a hyphen), else None."""


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
    """Third pass: the largest stretch ratio accepted for choice. A last pass accepts any
    (`math.inf`, with badness counted as at `RATIO_CAP`), so that a line that cannot stretch
    at all (a bare piece of a long address) is set only where no other breaks exist."""
    line_penalty: float = 50.0
    flagged_demerits: float = 3000.0
    fitness_demerits: float = 100.0
    runt_chars: float = 2.0
    """A last line with less content than this is a runt (clreq §3.4.4)."""
    runt_demerits: float = 10_000_000.0
    """Worse than a loose line (`loose_demerits`) and a kept number unit broken (800²)."""
    loose_demerits: float = 1_000_000.0
    """Added for each line looser than `tolerance` (so only in the retry passes): with a large
    value the breaker first sets as few loose lines as it can, then the best of those."""


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
    line that follows it (`next_*`: glue and penalties after a break are discarded, so a line
    starts at its first box or forced break). `first` holds the sums where the paragraph's
    first line starts.
    """

    __slots__ = ("n_items", "position", "width", "stretch", "shrink", "content", "pen_width",
                 "cost", "flagged", "next_width", "next_stretch", "next_shrink", "next_content",
                 "first", "last_flagged", "forced", "width_pen", "pen2", "_forced_at", "_rows",
                 "_plain", "_full", "hangs")

    def __init__(self, items: Sequence[Item], scanned: tuple[list, list] | None = None):
        """The table of `items`; `scanned` is what `_scan(items)` returns, if the caller (the
        itemizer, which knows where its breaks are) has it already."""
        self.n_items = len(items)
        last = items[-1] if items else None
        self.last_flagged = type(last) is Penalty and last.flagged
        """Whether `items[-1]` is flagged: the classic formulation looks "before" the first
        line there (position −1), and we keep its answers."""
        self._build(scanned or _scan(items))
        self.hangs: list[tuple[int, tuple]] = []
        """Breaks left out of the rows that hang a mark (a negative penalty width), as the
        itemizer gives them: (index of the row they follow + 1, row); see `with_hangs`."""

    def _build(self, rows: tuple[list, list]) -> None:
        """The columns of the table from its rows (`_scan`'s)."""
        self._rows = rows
        self._full: BreakTable | None = None
        breaks, starts = rows
        (self.position, self.width, self.stretch, self.shrink, self.content, self.pen_width,
         self.cost, self.flagged) = _columns(breaks, 8)
        self.first = starts[0]
        (self.next_width, self.next_stretch, self.next_shrink,
         self.next_content) = _columns(starts[1:], 4)
        self.width_pen = list(map(add, self.width, self.pen_width))
        """Width of the items before each break plus its penalty's width."""
        self.forced = list(compress(range(len(self.cost)), map(le, self.cost, repeat(-INF))))
        """The forced breaks, in order."""
        self._forced_at: list[int] | None = None
        self._plain: BreakTable | None = None
        self.pen2 = list(map(mul, self.cost, map(abs, self.cost)))
        """Each break's penalty as Knuth–Plass add it to the demerits (eq. 4): ±cost², and
        nothing for a forced break."""
        for k in self.forced:
            self.pen2[k] = 0.0

    def without_hangs(self) -> BreakTable:
        """The table without the breaks whose penalty has a negative width (a mark hanging past
        the line's end), which the first pass does not admit; itself if it has none."""
        if self._plain is None:
            if min(self.pen_width, default=0.0) >= 0:
                self._plain = self
            else:
                breaks, starts = self._rows
                keep = [k for k, w in enumerate(self.pen_width) if w >= 0]
                self._plain = self._derived(([breaks[k] for k in keep],
                                             [starts[0]] + [starts[k + 1] for k in keep]))
        return self._plain

    def with_hangs(self) -> BreakTable:
        """The table with the breaks `hangs` holds put back in (built on first use): every legal
        break of the items. Itself if there are none."""
        if not self.hangs:
            return self
        if self._full is None:
            breaks, starts = list(self._rows[0]), list(self._rows[1])
            for shift, (at, row) in enumerate(self.hangs):
                breaks.insert(at + shift, row)  # right after the break it shares its place with
                starts.insert(at + shift + 1, starts[at + shift])
            self._full = self._derived((breaks, starts))
        return self._full

    def _derived(self, rows: tuple[list, list]) -> BreakTable:
        """A table of the same items with other rows."""
        table = object.__new__(BreakTable)
        table.n_items, table.last_flagged, table.hangs = self.n_items, self.last_flagged, []
        table._build(rows)
        return table

    def next_forced(self, k: int) -> int:
        """The first forced break at or after break `k` (the number of breaks: none)."""
        found = bisect_left(self.forced, k)
        return self.forced[found] if found < len(self.forced) else len(self.cost)

    def forced_at(self) -> list[int]:
        """`next_forced(k)` for every break k, as a list (built on first use, then kept)."""
        if self._forced_at is None and len(self.forced) == 1 and self.forced[0] == \
                len(self.cost) - 1:  # the usual case: only the paragraph's end
            self._forced_at = [self.forced[0]] * len(self.cost)
        if self._forced_at is None:
            out = []
            n = len(self.cost)
            for k in reversed(range(n)):
                n = k if self.cost[k] <= -INF else n
                out.append(n)
            out.reverse()
            self._forced_at = out
        return self._forced_at


def _columns(rows: list[tuple], n: int) -> list[tuple]:
    """Rows of n values as n tuples (columns)."""
    return list(zip(*rows)) if rows else [() for _ in range(n)]


def _scan(items: Sequence[Item]) -> tuple[list[tuple], list[tuple]]:
    """One pass over the items: the legal breaks (a penalty below +∞, or a glue after a box) as
    (index, width, stretch, shrink, content, penalty width, cost, flagged), and the sums at the
    start of the paragraph's first line and of the line after each break."""
    breaks: list[tuple] = []
    starts: list[tuple[float, float, float, float]] = []
    add, extend = breaks.append, starts.extend
    w = s = k = c = 0.0
    pending = 1  # breaks (and the paragraph start) still waiting for their line start
    after_box = False
    for index, item in enumerate(items):
        kind = type(item)
        if kind is Box:
            if pending:
                extend([(w, s, k, c)] * pending)
                pending = 0
            w += item.width
            c += item.content
            after_box = True
            continue
        if kind is Glue:
            if after_box:
                add((index, w, s, k, c, 0.0, 0.0, False))
                pending += 1
            w += item.width
            s += item.stretch
            k += item.shrink
        elif item.cost < INF:
            if item.cost <= -INF:  # a forced break starts the line after the breaks before it
                extend([(w, s, k, c)] * pending)
                pending = 0
            add((index, w, s, k, c, item.width, item.cost, item.flagged))
            pending += 1
        after_box = False
    extend([(w, s, k, c)] * pending)
    return breaks, starts


def _ratio(width: float, stretch: float, shrink: float, measure: float) -> float:
    """Adjustment ratio of a line of natural `width` (Knuth–Plass eq. 2)."""
    if width < measure:
        return (measure - width) / stretch if stretch > 0 else math.inf
    if width > measure:
        return (measure - width) / shrink if shrink > 0 else -math.inf
    return 0.0


RATIO_CAP = 100.0
"""Badness is counted as if no ratio exceeded this: a line without stretch (ratio ∞) still has
finite demerits, larger than any line with some."""


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

    Passes with `config.tolerance` (no hanging marks), `config.retry_tolerance`,
    `config.max_ratio` and ∞; if even the last finds no feasible sequence (a box wider than the
    measure), first-fit sets it overfull. `table` is `BreakTable(items)` if the caller has it
    already, or that table without its hanging breaks and with them in `hangs`.
    """
    table = table or BreakTable(items)
    plain = table.without_hangs()
    measures = _Measures(measure)
    greedy = None
    for tolerance in (config.tolerance, config.retry_tolerance, config.max_ratio, math.inf):
        # The retries admit far more lines: bound them by the first-fit path's demerits. The
        # first pass does not hang marks: a hang is a last resort (`Penalty.width` < 0).
        bound = math.inf
        passed = plain
        if tolerance > config.tolerance:
            table = passed = table.with_hangs()
            greedy = greedy or _greedy_path(table, measures, config)
            bound = greedy.bound(tolerance)
        result = _knuth_plass(passed, measures, config, tolerance, bound)
        if bound < math.inf and not measures.uniform:
            result = _knuth_plass(passed, measures, config, tolerance, math.inf)
        if result is not None and not (result.runt_unavoidable and tolerance == config.tolerance):
            return result
        # A runt the first pass leaves is worse than a loose line (`runt_demerits`): the
        # retry, which admits loose lines, keeps it only if it cannot do better.
    # No feasible sequence at all, so a runt the greedy breaks leave is unavoidable and must be
    # reported as such (clreq §3.4.4; `Breaks.runt_unavoidable`).
    greedy = first_fit(items, measure, table)
    if len(greedy.positions) > 1:
        k = table.position.index(greedy.positions[-2])
        last = table.position.index(greedy.positions[-1])
        content = table.content[last] - table.next_content[k]
        greedy = Breaks(greedy.positions, greedy.ratios, content < config.runt_chars)
    return greedy


class _Measures(dict):
    """`measure(line)` memoized (`measures[line]`): the breaker asks for the same few lines
    again and again. `uniform` stays true while every line asked for had line 0's measure."""

    def __init__(self, measure: Callable[[int], float]):
        super().__init__()
        self.measure = measure
        self.uniform = True

    def __missing__(self, line: int) -> float:
        found = self[line] = self.measure(line)
        if line and found != self[0]:
            self.uniform = False
        return found


@dataclass(frozen=True, slots=True)
class _Greedy:
    """The first-fit breaks scored as Knuth–Plass scores a path: their demerits bound the
    optimum of any pass whose tolerance admits all their lines."""

    demerits: float
    worst: float
    """The largest ratio of its lines (inf: none admissible)."""

    def bound(self, tolerance: float) -> float:
        """An upper bound on the optimum's demerits at `tolerance` (inf: none known)."""
        if self.worst > tolerance:
            return math.inf
        return self.demerits * (1 + 1e-9) + 1e-6  # above any difference in rounding


def _greedy_path(table: BreakTable, measures: _Measures, config: BreakConfig) -> _Greedy:
    """Score the first-fit breaks with eqs. 4–5 of Knuth–Plass, as `_offer` would. No bound
    when a negative penalty could lower the demerits along a path, or a line is overfull."""
    if any(-INF < c < 0 for c in table.cost):
        return _Greedy(math.inf, math.inf)
    last_item = table.n_items - 1
    breaks = _first_fit_breaks(table, measures.__getitem__)
    if not breaks or table.position[breaks[-1]] != last_item:
        return _Greedy(math.inf, math.inf)  # not a whole paragraph: no bound
    node = _start(table, measures)
    worst = 0.0
    for k in breaks:
        width = table.width[k] - node[7]
        if table.pen_width[k]:
            width += table.pen_width[k]
        ratio = _ratio(width, table.stretch[k] - node[8], table.shrink[k] - node[9], node[11])
        if ratio < -1:
            return _Greedy(math.inf, math.inf)
        worst = max(worst, ratio)
        demerits, fitness, runt = _demerits(table, k, node, ratio, config, last_item)
        node = (node[0] + demerits, node[1] + 1, fitness, k, ratio, runt, node,
                table.next_width[k], table.next_stretch[k], table.next_shrink[k],
                table.next_content[k], measures[node[1] + 1], table.flagged[k])
    return _Greedy(node[0], worst)


def _start(table: BreakTable, measures: _Measures) -> tuple:
    """The node before the paragraph's first line."""
    w0, s0, k0, c0 = table.first
    return (0.0, 0, 1, -1, 0.0, False, None, w0, s0, k0, c0, measures[0], table.last_flagged)


def _demerits(table: BreakTable, j: int, node: tuple, ratio: float, config: BreakConfig,
              last_item: int) -> tuple[float, int, bool]:
    """Demerits, fitness class and runt flag of the line from `node` to break `j` (Knuth–Plass
    eqs. 4–5; runts: clreq §3.4.4). `_offer` inlines the same arithmetic."""
    cost = table.cost[j]
    demerits = (config.line_penalty + 100 * min(abs(ratio), RATIO_CAP) ** 3) ** 2
    if cost >= 0:
        demerits += cost ** 2
    elif cost > -INF:
        demerits -= cost ** 2
    if node[12] and table.flagged[j]:
        demerits += config.flagged_demerits
    fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1.0 else 3
    if abs(fitness - node[2]) > 1:
        demerits += config.fitness_demerits
    runt = (table.position[j] == last_item and node[1] > 0
            and table.content[j] - node[10] < config.runt_chars)
    if runt:
        demerits += config.runt_demerits
    if ratio > config.tolerance:
        demerits += config.loose_demerits
    return demerits, fitness, runt


# A node is a tuple (the inner loop indexes it; no attribute lookups):
# (demerits, line, fitness, k, ratio, runt, previous, width, stretch, shrink, content, measure,
#  flagged) — k is the node's legal break (-1: paragraph start), width…content the sums at the
# start of the line that follows it, measure that line's width, flagged its penalty's flag.
_SLACK = 1e-6
"""pt: a line is skipped as too short only when it is short of the measure by more than this
at the tolerance, far beyond rounding; closer than that its ratio is computed exactly."""


def _knuth_plass(table: BreakTable, measures: _Measures, config: BreakConfig,
                 tolerance: float, bound: float = math.inf) -> Breaks | None:
    """One pass of the algorithm at `tolerance`: None if no feasible break sequence.

    The forward form of Knuth–Plass's loop: breaks are taken in order; at each, the best
    candidate per fitness class becomes a node, and the node at once offers the line that
    starts after it to every break it can reach (from where the line stops being too short to
    where it becomes overfull or meets a forced break). Nodes offer in the order the classic
    active list holds them, so ties are broken alike and the result is the classic one.

    A candidate whose demerits exceed `bound` (a known path's, see `_Greedy`) is dropped: with
    no negative penalties demerits only grow along a path, so it cannot lead to the optimum.
    """
    run = _Pass(table, config, tolerance, bound)
    _offer(run, _start(table, measures))
    last_item = table.n_items - 1
    offers, position, margin = run.offers, table.position, config.fitness_demerits
    next_width, next_stretch = table.next_width, table.next_stretch
    next_shrink, next_content, flags = table.next_shrink, table.next_content, table.flagged
    for k, offered in enumerate(offers):  # offers only go forward: take the breaks in order
        if offered is None:
            continue
        cands = [c for c in offered if c is not None]
        if len(cands) == 2:  # the two usual cases (one, two) without a call
            a, b = cands
            if a[1] == b[1]:
                if a[0] + margin < b[0]:
                    del cands[1]
                elif b[0] + margin < a[0]:
                    del cands[0]
        elif len(cands) > 2:
            cands = _undominated(cands, config)
        # The candidates become nodes, with the sums and measure of the line after them.
        after = (next_width[k], next_stretch[k], next_shrink[k], next_content[k])
        flagged = flags[k]
        if position[k] == last_item:
            nodes = [c + after + (measures[c[1]], flagged) for c in cands]
            return _unwind(table, min(nodes, key=lambda n: n[0]))
        for c in cands:
            _offer(run, c + after + (measures[c[1]], flagged))
    return None  # no line reaches the paragraph's end


class _Pass:
    """The state of one pass: offers per break (the best candidate per fitness class)."""

    __slots__ = ("table", "tolerance", "reach", "offers", "arrays", "consts", "forced_at")

    def __init__(self, table: BreakTable, config: BreakConfig, tolerance: float, bound: float):
        self.table, self.tolerance = table, tolerance
        self.reach = None if math.isinf(tolerance) else list(accumulate(map(
            add, table.width_pen, map(mul, table.stretch, repeat(tolerance))), max))
        """For each break, the most any line ending at or before it reaches at the tolerance
        (width + tolerance × stretch, as a running maximum so that it can be bisected); None
        in the last pass, where every line reaches."""
        self.offers: list[list | None] = [None] * len(table.position)
        """Per break, the best candidate of each fitness class offered so far (None: none)."""
        self.forced_at = table.forced_at()
        last = len(table.position) - 1
        self.arrays = (table.width_pen, table.stretch, table.shrink, table.pen_width,
                       table.pen2, table.flagged, table.content, len(table.position),
                       last if last >= 0 and table.position[last] == table.n_items - 1 else -2)
        """What `_offer` reads, in one tuple (and the index of the break at the last item)."""
        self.consts = (config.line_penalty, config.flagged_demerits, config.fitness_demerits,
                       config.runt_chars, config.runt_demerits, config.tolerance,
                       config.loose_demerits, bound)


def _offer(run: _Pass, node: tuple) -> None:
    """Offer the line after `node` to each break it can end at within the tolerance, keeping
    per break the best candidate of each fitness class (Knuth–Plass eqs. 4–5). The line dies
    (the node is deactivated) where it becomes overfull or at a forced break; past an overfull
    break it lives on only if the next break hangs a mark (a negative penalty width)."""
    tolerance = run.tolerance
    width_pen, stretches, shrinks, pen_widths, pen2, flags, contents, end, last = run.arrays
    line_penalty, flagged_demerits, fitness_demerits, runt_chars, runt_demerits, loose_at, \
        loose_demerits, bound = run.consts
    first = node[3] + 1
    d0, lines, fit0, flagged0, content0 = node[0], node[1], node[2], node[12], node[10]
    measure, width0, stretch0, shrink0 = node[11], node[7], node[8], node[9]
    offers = run.offers
    reach = run.reach
    stop = run.forced_at[first] if first < end else end  # the line dies at a forced break
    if reach is not None:  # skip where surely too short, never past a forced break
        j = bisect_left(reach, measure + width0 + tolerance * stretch0 - _SLACK, first)
        if stop < j:  # noqa: PLR1730 — min() is a call, and this runs once a node
            j = stop
    else:
        j = first
    cap, inf = RATIO_CAP, math.inf
    while j < end:
        width = width_pen[j] - width0
        if width < measure:
            stretch = stretches[j] - stretch0
            ratio = (measure - width) / stretch if stretch > 0 else inf
            if ratio > tolerance:  # too short yet
                if j == stop:
                    return
                j += 1
                continue
            a = ratio if ratio < cap else cap  # noqa: FURB136 — the inner loop: no calls
        elif width > measure:
            shrink = shrinks[j] - shrink0
            ratio = (measure - width) / shrink if shrink > 0 else -inf
            if ratio < -1:  # overfull: deactivate, unless the next break hangs a mark
                if j + 1 < end and pen_widths[j + 1] < 0 and j != stop:
                    j += 1
                    continue
                return
            a = -ratio
        else:
            ratio = a = 0.0
        demerits = line_penalty + 100 * a * a * a  # multiplications: ** is slower here
        demerits = demerits * demerits + pen2[j] + d0
        if flagged0 and flags[j]:
            demerits += flagged_demerits
        fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1.0 else 3
        if fitness - fit0 > 1 or fit0 - fitness > 1:
            demerits += fitness_demerits
        if j == last:
            runt = lines > 0 and contents[j] - content0 < runt_chars
            if runt:
                demerits += runt_demerits  # clreq §3.4.4: an orphan does not make a line
        else:
            runt = False
        if ratio > loose_at:
            demerits += loose_demerits  # a retry pass: fewer loose lines first
        if demerits <= bound:
            best = offers[j]
            if best is None:
                best = offers[j] = [None, None, None, None]
            found = best[fitness]
            if found is None or demerits < found[0]:
                best[fitness] = (demerits, lines + 1, fitness, j, ratio, runt, node)
        if j == stop:
            return
        j += 1


def _undominated(best: list, config: BreakConfig) -> list:
    """The candidates at one break (in fitness order) worth keeping. A candidate is dropped when
    another one with the same line count is better by more than `fitness_demerits`: the two
    lead to the same lines at the same measures, and fitness can cost the other at most that,
    so the dropped one can never win (the optimum is unchanged; ties are kept)."""
    if len(best) < 2:  # the usual case
        return best
    cands = best
    margin = config.fitness_demerits
    if len(cands) == 2:  # the next most usual
        a, b = cands
        if a[1] == b[1]:
            if a[0] + margin < b[0]:
                return [a]
            if b[0] + margin < a[0]:
                return [b]
        return cands
    line, least = cands[0][1], cands[0][0]
    for c in cands:  # the usual case: one line count, so one bar for all
        if c[1] != line:
            break
        if c[0] < least:
            least = c[0]
    else:
        bar = least + margin
        return [c for c in cands if not bar < c[0]]
    return [c for c in cands
            if not any(o[1] == c[1] and o[0] + margin < c[0] for o in cands)]


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
    breaks = _first_fit_breaks(t, measure)
    ratios = [_line_ratio(t, start, k, measure(n))
              for n, (start, k) in enumerate(zip([-1] + breaks, breaks))]
    return Breaks(tuple(t.position[k] for k in breaks), tuple(max(r, -1e6) for r in ratios))


def _first_fit_breaks(t: BreakTable, measure: Callable[[int], float]) -> list[int]:
    """The legal breaks (indices into `t`) where first-fit ends its lines."""
    breaks: list[int] = []
    start, last_legal = -1, None
    for k in range(len(t.position)):
        if _line_ratio(t, start, k, measure(len(breaks))) < -1 and last_legal is not None:
            breaks.append(last_legal)  # this line would be overfull: end it at the last break
            start = last_legal
        last_legal = k
        if t.cost[k] <= -INF:
            breaks.append(k)
            start, last_legal = k, None
    return breaks


def _line_ratio(t: BreakTable, start: int, k: int, measure: float) -> float:
    """The ratio of the line from after break `start` (-1: paragraph start) to break `k`."""
    w, s, sh, _ = t.first if start < 0 else (t.next_width[start], t.next_stretch[start],
                                             t.next_shrink[start], 0.0)
    width = t.width[k] - w
    if t.pen_width[k]:
        width += t.pen_width[k]
    return _ratio(width, t.stretch[k] - s, t.shrink[k] - sh, measure)
