"""The packing search of automatic page layout (layout/flow/autolayout.py) on synthetic
articles: every article placed, no overlap, the region filled, the lead on top and widest,
deterministic, fast."""

from __future__ import annotations

import random
import time

import pytest

from layout.flow.autolayout import Candidate, Region, Variant, propose

REGION = Region(1, 6, 0, 70)


def candidate(n: int, chars: int, head: int = 4, widths=range(1, 7)) -> Candidate:
    """An article of `chars` characters at 11 字 a column line, with a head of `head` lines."""
    variants = tuple(Variant(w, -(-chars // (11 * w)) + head, shrink=2, grow=1) for w in widths
                     if -(-chars // (11 * w)) + head <= REGION.lines)
    return Candidate(f"a{n}", n + 1, variants)


def page(n: int, seed: int, fill: float = 0.93) -> tuple[Candidate, ...]:
    rng = random.Random(seed)
    shares = sorted((rng.random() + 0.3 for _ in range(n)), reverse=True)
    total = 6 * 11 * 60 * fill
    return tuple(candidate(i, int(total * s / sum(shares))) for i, s in enumerate(shares))


def cells(placements) -> list[tuple[int, int]]:
    return [(c, line) for p in placements for c in range(p.region.first, p.region.last + 1)
            for line in range(p.region.top, p.region.bottom)]


@pytest.mark.parametrize("count, seed", [(3, 1), (4, 2), (5, 3), (6, 4), (7, 5)])
def test_every_article_placed_without_overlap_and_the_region_filled(count, seed):
    started = time.monotonic()
    proposal = propose(page(count, seed), REGION)
    assert time.monotonic() - started < 2.0
    assert proposal is not None
    placed = cells(proposal.placements)
    assert len(placed) == len(set(placed)) == REGION.columns * REGION.lines, "no gap, no overlap"
    assert {p.article_id for p in proposal.placements} == {f"a{i}" for i in range(count)}
    for p in proposal.placements:
        assert p.variant.lines - p.variant.shrink <= p.region.lines <= p.variant.lines + 1
        assert p.underflow <= 1, "at most one empty line"
    lead = next(p for p in proposal.placements if p.article_id == "a0")
    assert lead.region.top == REGION.top
    assert lead.region.columns == max(p.region.columns for p in proposal.placements)


def test_the_same_articles_give_the_same_layout():
    first = propose(page(6, 9), REGION)
    assert first == propose(tuple(reversed(page(6, 9))), REGION)


def test_no_layout_when_the_copy_cannot_fit():
    assert propose(page(4, 1, fill=1.4), REGION) is None


def test_a_top_hint_is_kept_and_tombstones_are_counted():
    articles = page(4, 2)
    hinted = articles[:3] + (Candidate(articles[3].article_id, 4, articles[3].variants,
                                       top_only=True),)
    proposal = propose(hinted, REGION)
    if proposal is not None:
        top = next(p for p in proposal.placements if p.article_id == articles[3].article_id)
        assert top.region.top == REGION.top
        assert proposal.tombstones >= 1, "two modules start on the first line side by side"
