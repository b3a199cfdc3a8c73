"""The textbook Knuth–Plass loop (one active list, every node tried at every legal break), kept
as an oracle for the optimized breaker in layout/text/linebreak.py, which must agree with it
break for break and ratio for ratio (tests/test_linebreak_fast.py).

Knuth & Plass, "Breaking Paragraphs into Lines", Software—Practice and Experience 11 (1981).
One extension: a penalty may have a negative width (a mark hanging past the line's end); it is
a legal break only from the second pass on, and then a node stays active past an overfull break
if the next legal break is such a penalty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from layout.text.linebreak import INF, RATIO_CAP, Box, BreakConfig, Breaks, Glue, Penalty


@dataclass
class Node:
    position: int
    line: int
    fitness: int
    demerits: float
    ratio: float
    runt: bool
    previous: Node | None


def legal(items, i: int) -> bool:
    item = items[i]
    if isinstance(item, Penalty):
        return item.cost < INF
    return isinstance(item, Glue) and i > 0 and isinstance(items[i - 1], Box)


def sums(items):
    width, stretch, shrink, content = [0.0], [0.0], [0.0], [0.0]
    for item in items:
        w, s, k, c = width[-1], stretch[-1], shrink[-1], content[-1]
        if isinstance(item, Box):
            w += item.width
            c += item.content
        elif isinstance(item, Glue):
            w += item.width
            s += item.stretch
            k += item.shrink
        width.append(w)
        stretch.append(s)
        shrink.append(k)
        content.append(c)
    return width, stretch, shrink, content


def line_start(items, after: int) -> int:
    i = after + 1 if after >= 0 else 0
    while i < len(items) and not isinstance(items[i], Box):
        if isinstance(items[i], Penalty) and items[i].cost <= -INF:
            break
        i += 1
    return i


def ratio_of(s, start: int, end: int, items, measure: float) -> float:
    width = s[0][end] - s[0][start]
    if isinstance(items[end], Penalty):
        width += items[end].width
    if width < measure:
        stretch = s[1][end] - s[1][start]
        return (measure - width) / stretch if stretch > 0 else math.inf
    if width > measure:
        shrink = s[2][end] - s[2][start]
        return (measure - width) / shrink if shrink > 0 else -math.inf
    return 0.0


def fitness_of(ratio: float) -> int:
    return 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1.0 else 3


def candidate(items, i, node, start, ratio, cost, s, config) -> Node:
    demerits = (config.line_penalty + 100 * min(abs(ratio), RATIO_CAP) ** 3) ** 2
    if cost >= 0:
        demerits += cost ** 2
    elif cost > -INF:
        demerits -= cost ** 2
    flagged = isinstance(items[i], Penalty) and items[i].flagged
    if flagged and isinstance(items[node.position], Penalty) and items[node.position].flagged:
        demerits += config.flagged_demerits
    fitness = fitness_of(ratio)
    if abs(fitness - node.fitness) > 1:
        demerits += config.fitness_demerits
    runt = (i == len(items) - 1 and node.line > 0
            and s[3][i] - s[3][start] < config.runt_chars)
    if runt:
        demerits += config.runt_demerits
    return Node(i, node.line + 1, fitness, node.demerits + demerits, ratio, runt, node)


def one_pass(items, measure, config, tolerance, hangs: bool = True) -> Breaks | None:
    s = sums(items)
    breaks = [i for i in range(len(items)) if legal(items, i)
              and (hangs or not (isinstance(items[i], Penalty) and items[i].width < 0))]
    hangs_next = {a for a, b in zip(breaks, breaks[1:])
                  if isinstance(items[b], Penalty) and items[b].width < 0}
    active = [Node(-1, 0, 1, 0.0, 0.0, False, None)]
    for i in breaks:
        item = items[i]
        cost = item.cost if isinstance(item, Penalty) else 0.0
        forced = cost <= -INF
        survivors, best = [], {}
        for node in active:
            start = line_start(items, node.position)
            ratio = ratio_of(s, start, i, items, measure(node.line))
            if -1 <= ratio <= tolerance:
                cand = candidate(items, i, node, start, ratio, cost, s, config)
                if cand.fitness not in best or cand.demerits < best[cand.fitness].demerits:
                    best[cand.fitness] = cand
            if (ratio >= -1 or i in hangs_next) and not forced:
                survivors.append(node)
        active = survivors + sorted(best.values(), key=lambda n: n.fitness)
        if not active:
            return None
    final = [n for n in active if n.position == len(items) - 1]
    if not final:
        return None
    node = min(final, key=lambda n: n.demerits)
    positions, ratios, best_node = [], [], node
    while node is not None and node.position >= 0:
        positions.append(node.position)
        ratios.append(node.ratio)
        node = node.previous
    return Breaks(tuple(reversed(positions)), tuple(reversed(ratios)), best_node.runt)


def total_fit(items, measure, config: BreakConfig | None = None) -> Breaks:
    config = config or BreakConfig()
    for tolerance in (config.tolerance, config.retry_tolerance, config.max_ratio, math.inf):
        result = one_pass(items, measure, config, tolerance, tolerance > config.tolerance)
        if result is not None and not (result.runt_unavoidable and tolerance == config.tolerance):
            return result
    greedy = first_fit(items, measure)
    if len(greedy.positions) > 1:
        s = sums(items)
        start = line_start(items, greedy.positions[-2])
        content = s[3][greedy.positions[-1]] - s[3][start]
        greedy = Breaks(greedy.positions, greedy.ratios, content < config.runt_chars)
    return greedy


def first_fit(items, measure) -> Breaks:
    s = sums(items)
    positions, ratios = [], []
    start, last_legal = line_start(items, -1), None
    for i in range(len(items)):
        if not legal(items, i):
            continue
        ratio = ratio_of(s, start, i, items, measure(len(positions)))
        forced = isinstance(items[i], Penalty) and items[i].cost <= -INF
        if ratio < -1 and last_legal is not None:
            positions.append(last_legal)
            ratios.append(ratio_of(s, start, last_legal, items, measure(len(positions) - 1)))
            start = line_start(items, last_legal)
            ratio = ratio_of(s, start, i, items, measure(len(positions)))
        last_legal = i
        if forced:
            positions.append(i)
            ratios.append(ratio)
            start, last_legal = line_start(items, i), None
    return Breaks(tuple(positions), tuple(max(r, -1e6) for r in ratios))
