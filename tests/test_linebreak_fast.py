"""The optimized breaker against the textbook one (tests/reference_breaker.py) on random items:
same breaks, same ratios, same runt verdict — ties included, so widths are small integers."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout.text import linebreak
from layout.text.linebreak import INF, Box, BreakConfig, BreakTable, Glue, Penalty
from tests import reference_breaker as ref

SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
END = [Penalty(0, INF), Glue(0, 100_000.0, 0), Penalty(0, -INF)]

box = st.builds(Box, st.integers(0, 12).map(float), st.none(), st.sampled_from([0.0, 0.5, 1.0]))
glue = st.builds(Glue, st.integers(0, 3).map(float), st.integers(0, 3).map(float),
                 st.integers(0, 2).map(float))
penalty = st.builds(Penalty, st.integers(-2, 2).map(float),  # < 0: a mark hanging
                    st.sampled_from([0, 50, 800, 3000, INF, INF, -50, -INF]), st.booleans())
items_lists = st.lists(st.one_of(box, box, box, glue, glue, penalty), min_size=0, max_size=60)
measures = st.one_of(
    st.integers(8, 60).map(lambda m: (lambda n: float(m))),
    st.tuples(st.integers(8, 40), st.integers(8, 60)).map(
        lambda ms: (lambda n: float(ms[0] if n < 2 else ms[1]))))
configs = st.sampled_from([BreakConfig(), BreakConfig(runt_chars=0),
                           BreakConfig(tolerance=2.0, fitness_demerits=0.0),
                           BreakConfig(line_penalty=0.0, flagged_demerits=0.0)])


@SETTINGS
@given(items_lists, measures, configs, st.booleans())
def test_total_fit_agrees_with_the_textbook_loop(body, measure, config, end):
    items = body + END if end else body
    assert linebreak.total_fit(items, measure, config) == ref.total_fit(items, measure, config)


@SETTINGS
@given(items_lists, measures)
def test_first_fit_agrees_with_the_textbook_loop(body, measure):
    items = body + END
    assert linebreak.first_fit(items, measure) == ref.first_fit(items, measure)


def test_han_like_paragraphs_with_many_ties():
    # Equal boxes and glue: many break sequences tie, and the first in the classic active
    # list's order must win.
    rng = random.Random(4)
    for _ in range(300):
        items = []
        for k in range(rng.randint(1, 80)):
            if k:
                items += rng.choice([[], [], [Penalty(0, rng.choice([INF, 800]))]])
                items.append(Glue(0.0, 1.0, rng.choice([0.0, 0.0, 5.0])))
            items.append(Box(rng.choice([10.0, 10.0, 5.0]), None, 1.0))
        items += END
        for m in (60.0, 85.0, 120.0):
            measure = lambda n, m=m: m
            assert linebreak.total_fit(items, measure) == ref.total_fit(items, measure), (m, items)


def test_break_table_matches_the_items():
    items = [Box(12), Penalty(0, INF), Glue(5, 0, 5), Box(5), Glue(0, 1, 0), Box(10),
             Penalty(3, 50, True), Glue(5, 1, 5), Box(10)] + END
    t = BreakTable(items)
    assert t.position == (4, 6, 11)
    assert t.width == (22.0, 32.0, 47.0)
    assert t.pen_width == (0.0, 3, 0)
    assert t.first == (0.0, 0.0, 0.0, 0.0)
    assert t.next_width == (22.0, 37.0, 47.0)  # after a break, the glue is discarded
    assert [t.next_forced(k) for k in range(4)] == [2, 2, 2, 3]
