"""Knuth–Plass and first-fit on hand-built items with round widths."""

from __future__ import annotations

import math

import pytest

from layout.text.linebreak import (INF, Box, BreakConfig, Breaks, Glue, Penalty, first_fit,
                                   total_fit)
from layout.text.lines import compose
from tests.fakes import FakeMetrics

END = [Penalty(0, INF), Glue(0, 100_000.0, 0), Penalty(0, -INF)]


def paragraph(n: int, glue: Glue, word: Box, indent: Box | None = None) -> list:
    """[indent] word glue word glue … word END: word k (1-based) is at index 2k-1 (+1 with an
    indent), the glue after it at 2k (+1)."""
    out = [indent] if indent else []
    for k in range(n):
        if k:
            out.append(glue)
        out.append(word)
    return out + END


def at(m: float):
    return lambda line: m


# --- exact breaks and ratios -------------------------------------------------------------

def test_total_fit_two_words_per_line():
    # 10 + 10 + 10 = 30 exactly; three words would need 50 − 10 shrink = 40 > 30.
    items = paragraph(5, Glue(10, 5, 5), Box(10, content=2))
    b = total_fit(items, at(30))
    assert b.positions == (3, 7, 11)
    assert b.ratios == (0.0, 0.0, pytest.approx(20 / 100_000))
    assert not b.runt_unavoidable


def test_ratios_stretch_and_shrink():
    # Lines of 3 words: natural 3*10 + 2*2 = 34; at 40 the ratio is 6/(2*3) = 1, at 32 −2/(2*1) = −1.
    items = paragraph(6, Glue(2, 3, 1), Box(10, content=2))
    assert total_fit(items, at(40)).positions[:1] == (5,)
    assert total_fit(items, at(40)).ratios[0] == 1.0
    assert first_fit(items, at(32)).positions == (5, 11 + 2)
    assert first_fit(items, at(32)).ratios[0] == -1.0


# Han-like runs: an indent box of 12, words of 10 (content 1) with glue (2, 4, 1); measure 58.
# Line 1 holds the indent and 4 words (12 + 40 + 6 = 58, ratio 0); later lines hold 5 words
# (50 + 8 = 58, ratio 0) or 4 words (46: ratio 12/12 = 1). Ten words: first-fit sets 4 + 5 + 1
# and leaves a runt; Knuth–Plass sets 4 + 4 + 2 (clreq §3.4.4).
HAN_GLUE, HAN_WORD, INDENT = Glue(2, 4, 1), Box(10, content=1), Box(12)


def test_first_fit_makes_a_runt():
    items = paragraph(10, HAN_GLUE, HAN_WORD, INDENT)
    b = first_fit(items, at(58))
    assert b.positions == (8, 18, 22)
    assert b.ratios == (0.0, 0.0, pytest.approx(48 / 100_000))


def test_total_fit_avoids_the_runt():
    items = paragraph(10, HAN_GLUE, HAN_WORD, INDENT)
    b = total_fit(items, at(58))
    assert b.positions == (8, 16, 22)
    assert b.ratios == (0.0, 1.0, pytest.approx(36 / 100_004))
    assert not b.runt_unavoidable


def test_runts_are_ignored_when_they_are_not_counted():
    items = paragraph(10, HAN_GLUE, HAN_WORD, INDENT)
    assert total_fit(items, at(58), BreakConfig(runt_chars=0)).positions == (8, 18, 22)


def test_runt_unavoidable_when_there_is_a_single_legal_break():
    # Six words, breakable only after the fifth: the last line must hold one word.
    items = [INDENT]
    for k in range(6):
        if k:
            items += ([] if k == 5 else [Penalty(0, INF)]) + [HAN_GLUE]
        items.append(HAN_WORD)
    items += END
    b = total_fit(items, at(70))
    assert len(b.positions) == 2 and b.runt_unavoidable


def test_runt_not_reported_for_a_one_line_paragraph():
    b = total_fit(paragraph(1, HAN_GLUE, HAN_WORD), at(58))
    assert b.positions == (3,) and not b.runt_unavoidable


def test_runt_unavoidable_reported_after_an_overfull_line():
    # No feasible sequence (a box wider than the measure): first-fit sets it, and the runt it
    # leaves is unavoidable. (Was: the fallback never reported it.)
    items = [Box(100, content=10), HAN_GLUE, HAN_WORD] + END
    b = total_fit(items, at(58))
    assert b.positions == (1, 5)
    assert b.runt_unavoidable


def test_varying_measure_per_line():
    items = paragraph(9, Glue(0, 1, 0), Box(10, content=1))
    b = total_fit(items, lambda line: 20.0 if line == 0 else 40.0)
    lines, start = [], 0
    for p in b.positions:
        lines.append(sum(1 for i in items[start:p] if isinstance(i, Box)))
        start = p + 1
    assert lines == [2, 4, 3]


def test_forced_break_ends_a_line():
    items = [Box(10), Glue(0, 1, 0), Box(10), Penalty(0, -INF), Box(10)] + END
    assert total_fit(items, at(100)).positions == (3, 7)
    assert first_fit(items, at(100)).positions == (3, 7)


def test_forbidden_breaks_are_never_taken():
    items = [Box(10), Penalty(0, INF), Glue(0, 1, 0), Box(10), Glue(0, 1, 0), Box(10)] + END
    for breaker in (total_fit, first_fit):
        assert 2 not in breaker(items, at(20)).positions


# --- overfull ----------------------------------------------------------------------------

@pytest.mark.parametrize("breaker", [total_fit, first_fit])
def test_box_wider_than_the_measure_does_not_crash(breaker):
    items = [Box(10), Glue(0, 1, 0), Box(100), Glue(0, 1, 0), Box(10)] + END
    b = breaker(items, at(50))
    assert isinstance(b, Breaks)
    assert b.positions[-1] == len(items) - 1
    assert len(b.positions) == len(b.ratios)
    assert any(r < -1 for r in b.ratios)  # the overfull line


def test_overfull_word_composes():
    lines = compose("好ABCDEFGHIJKLMNOPQRSTUVWXYZ好", "song", 10, FakeMetrics(),
                    lambda n: 80.0, indent=False).lines
    assert "".join(l.text for l in lines) == "好ABCDEFGHIJKLMNOPQRSTUVWXYZ好"
    assert all(not math.isnan(p.x) for l in lines for p in l.runs)


def test_line_without_stretch_is_not_nan():
    # Was: ratio inf × stretch 0 = NaN positions for a line of dashes before an overfull word.
    # The word, wider than the measure, is now broken between letters (text/emergency.py).
    composed = compose("——————ABCDEFGHIJKLMNOPQRSTUVWXYZ", "song", 10, FakeMetrics(),
                       lambda n: 80.0, indent=False)
    assert composed.lines[0].text.startswith("——————")
    assert all(math.isfinite(p.x) for line in composed.lines for p in line.runs)
    assert all(line.width <= 80.0 + 1e-9 for line in composed.lines)
    assert composed.forced and "".join(l.text for l in composed.lines).endswith("XYZ")
