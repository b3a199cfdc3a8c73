"""Automatic page layout: articles, each with the widths it can take and the lines it needs at
each, packed into rectangles on the page grid.

The method is a search over guillotine layouts — the shape of a modular newspaper page: a
region is filled by one article, or cut across under an article that spans it (that article on
top), or cut down between columns into two regions filled side by side. Every (region, articles
left) pair is solved once (memoised), so the search is exhaustive over these layouts and the
result deterministic. An article fits a region when the region's height lies between the lines
it needs minus what copyfitting may absorb and the lines it needs plus the one line of
underflow allowed.

The score (lower is better), in order of weight:
1. every article placed (a layout that leaves one out is not a layout);
2. tombstoning: two headlines side by side at the same height (heavy);
3. reading order: an article of higher rank placed after one of lower rank (top to bottom,
   then left to right), and the lead story not at the top or not the widest;
4. copyfitting used (lines tracked in or out), images not at the width the editor gave;
5. empty lines (underflow), so the page is as full as the copy allows.
Research on automatic newspaper layout scores the same things (fill, rank order, tombstoning;
Strecker & Hennig, Hurst, Li & Marriott); the guillotine restriction keeps it fast and close to
how a layout editor draws a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

TOMBSTONE = 1000
ORDER = 100
LEAD = 200
COPYFIT_LINE = 5
IMAGE_WIDTH = 3
EMPTY_LINE = 1


@dataclass(frozen=True, slots=True)
class Variant:
    """One way to set an article: its width in grid columns and the lines it needs there."""

    columns: int
    lines: int
    """Lines the article needs at this width (no overflow)."""
    shrink: int = 0
    """Lines copyfitting may take out (it absorbs up to that much overflow)."""
    grow: int = 1
    """Empty lines it may leave (underflow allowed)."""
    cost: int = 0
    """What this variant gives up (an image at another width than the editor's)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An article to place: its id, its rank (1 = lead) and its variants."""

    article_id: str
    rank: int
    variants: tuple[Variant, ...]
    top_only: bool = False
    """The editor's hint `position: top`: the article starts at the region's top."""


@dataclass(frozen=True, slots=True)
class Region:
    """Grid columns first..last (1-based, inclusive) and lines top..bottom-1."""

    first: int
    last: int
    top: int
    bottom: int

    @property
    def columns(self) -> int:
        return self.last - self.first + 1

    @property
    def lines(self) -> int:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an article goes: its rectangle and the variant chosen."""

    article_id: str
    region: Region
    variant: Variant

    @property
    def underflow(self) -> int:
        return max(0, self.region.lines - self.variant.lines)

    @property
    def copyfit(self) -> int:
        return max(0, self.variant.lines - self.region.lines)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A layout of every article, with its score and the share of the region it fills."""

    placements: tuple[Placement, ...]
    score: int
    fill: float
    tombstones: int


@dataclass(frozen=True, slots=True)
class _Tiling:
    placements: tuple[Placement, ...]
    cost: int


def propose(candidates: tuple[Candidate, ...], region: Region) -> Proposal | None:
    """The best layout of all `candidates` filling `region`, or None if there is none. The
    lead story (rank order first) starts at the region's top; `top_only` articles too."""
    ranked = sorted(candidates, key=lambda c: (c.rank, c.article_id))
    order = {c.article_id: n for n, c in enumerate(ranked)}
    search = _Search({c.article_id: c for c in candidates}, order, region)
    best = search.solve(region.first, region.last, region.top, frozenset(order))
    if best is None:
        return None
    placements = tuple(sorted(best.placements, key=lambda p: (p.region.top, p.region.first)))
    used = sum(p.region.columns * min(p.region.lines, p.variant.lines) for p in placements)
    return Proposal(placements, best.cost, round(used / (region.columns * region.lines), 4),
                    _tombstones(placements))


class _Search:
    """The memoised search (private to `propose`)."""

    def __init__(self, by_id: dict[str, Candidate], order: dict[str, int], region: Region):
        self.by_id, self.order, self.region = by_id, order, region
        self.lead = min(order, key=order.get)
        self.solve = lru_cache(maxsize=None)(self._solve)

    def _solve(self, first: int, last: int, top: int, ids: frozenset[str]) -> _Tiling | None:
        here = Region(first, last, top, self.region.bottom)
        if not self._may_hold(here, ids):
            return None
        options = self._alone(here, ids) + self._across(here, ids) + self._beside(here, ids)
        return min(options, key=lambda t: (t.cost, _key(t)), default=None)

    def _may_hold(self, here: Region, ids: frozenset[str]) -> bool:
        """Cheap pruning: the articles' smallest and largest areas bracket the region's, and
        an article that must start at the page's top is only placed there."""
        if here.top != self.region.top and any(
                self.by_id[a].top_only or a == self.lead for a in ids):
            return False
        low = sum(min(v.columns * (v.lines - v.shrink) for v in self.by_id[a].variants)
                  for a in ids)
        high = sum(max(v.columns * (v.lines + v.grow) for v in self.by_id[a].variants)
                   for a in ids)
        return low <= here.columns * here.lines <= high

    def _alone(self, here: Region, ids: frozenset[str]) -> list[_Tiling]:
        """The region filled by its one article."""
        if len(ids) != 1:
            return []
        (only,) = ids
        return [_Tiling((Placement(only, here, v),), self._cost(only, v, here))
                for v in _fitting(self.by_id[only], here.columns, here.lines)]

    def _across(self, here: Region, ids: frozenset[str]) -> list[_Tiling]:
        """An article spanning the region at its top, the rest filled below it; articles that
        outrank it below it cost reading order."""
        out = []
        for article in sorted(ids):
            rest = ids - {article}
            if not rest:
                continue
            later = sum(1 for a in rest if self.order[a] < self.order[article])
            for variant in self.by_id[article].variants:
                if variant.columns != here.columns:
                    continue
                for lines in range(variant.lines - variant.shrink,
                                   variant.lines + variant.grow + 1):
                    if not 0 < lines < here.lines:
                        continue
                    below = self.solve(here.first, here.last, here.top + lines, rest)
                    if below is None:
                        continue
                    head = Placement(article, Region(here.first, here.last, here.top,
                                                     here.top + lines), variant)
                    cost = below.cost + self._cost(article, variant, head.region) + later * ORDER
                    out.append(_Tiling((head,) + below.placements, cost))
        return out

    def _beside(self, here: Region, ids: frozenset[str]) -> list[_Tiling]:
        """Two regions side by side, split between columns, each with some of the articles.
        Their first headlines stand side by side at the same height: tombstoning, paid for;
        an article on the right that outranks the left side's first costs reading order."""
        members = sorted(ids, key=self.order.get)
        if len(members) < 2:
            return []
        out = []
        first_id, others = members[0], members[1:]
        for mask in range(1 << len(others)):  # the best-ranked article reads first, on the left
            left = frozenset([first_id] + [a for i, a in enumerate(others) if mask >> i & 1])
            right = ids - left
            if not right:
                continue
            for cut in range(here.first, here.last):
                a = self.solve(here.first, cut, here.top, left)
                b = self.solve(cut + 1, here.last, here.top, right) if a else None
                if a is None or b is None:
                    continue
                out.append(_Tiling(a.placements + b.placements, a.cost + b.cost + TOMBSTONE))
        return out

    def _cost(self, article: str, variant: Variant, placed: Region) -> int:
        """Copyfit lines, an image at another width, empty lines; the lead narrower than the
        page costs too (the lead story is the widest)."""
        lines = placed.lines
        cost = (variant.cost * IMAGE_WIDTH + max(0, variant.lines - lines) * COPYFIT_LINE
                + max(0, lines - variant.lines) * variant.columns * EMPTY_LINE)
        if article == self.lead:
            cost += (self.region.columns - variant.columns) * LEAD
        return cost


def _fitting(candidate: Candidate, columns: int, lines: int) -> list[Variant]:
    return [v for v in candidate.variants if v.columns == columns
            and v.lines - v.shrink <= lines <= v.lines + v.grow]


def _key(tiling: _Tiling) -> tuple:
    """A total order for ties: deterministic, whatever the set iteration order."""
    return tuple((p.article_id, p.region.first, p.region.top, p.region.last, p.region.bottom)
                 for p in tiling.placements)


def _tombstones(placements: tuple[Placement, ...]) -> int:
    """Pairs of modules that start on the same line in touching columns."""
    count = 0
    for i, a in enumerate(placements):
        for b in placements[i + 1:]:
            if a.region.top == b.region.top and (
                    a.region.last + 1 == b.region.first or b.region.last + 1 == a.region.first):
                count += 1
    return count
