"""Exact items for small paragraphs (FakeMetrics: Han and full-width marks 1 em, ASCII ½ em;
size 10, so 1 em = 10 pt). clreq §3.1.6 punctuation widths and compression, §3.2.2 CJK–Latin
spacing, §3.1.4 kinsoku as +∞ penalties, GB/T 15834 §5.1.4 two-em dash."""

from __future__ import annotations

import pytest

from layout.text.itemize import (Glyphs, MissingChar,
                                  itemize)
from layout.text.lines import compose
from layout.text.linebreak import INF, Box, Glue, Penalty
from tests.fakes import FakeMetrics, itemize_config

SIZE = 10.0
M = FakeMetrics()
END = [Penalty(0, INF), Glue(0, 100_000.0, 0), Penalty(0, -INF)]
GAP = Glue(0, 1.0, 0)          # between two Han: no width, 0.1 em stretch, no shrink
NOBREAK = Penalty(0, INF)
PUNCT = Glue(5.0, 2.0, 5.0)    # a mark's adjustable ½ em: shrinks to 0, stretches 0.2 em
SPACE = Glue(5.0, 1.5, 2.5, True)
"""A word space (½ em in FakeMetrics): shrinks to ¼ em, stretches to 0.65 em, early."""
HAN_LATIN = Glue(2.5, 4.0, 1.25, True)
"""¼ em, shrinkable to ⅛ em, expandable to 0.65 em, early (clreq §3.2.2, §3.5.3–3.5.4)."""


def g(text: str, src: int, dx: float = 0.0, hscale: float = 1.0) -> Glyphs:
    return Glyphs(text, "song", SIZE, dx, hscale, src)


def han(text: str, src: int) -> Box:
    return Box(10.0, g(text, src), 1.0)


def items(text: str, metrics=M, indent: bool = False, **config):
    return list(itemize(text, "song", SIZE, metrics, itemize_config(**config), indent).items)


def widths_between(its, first: int, last: int) -> float:
    """Natural width from item `first` to item `last` inclusive."""
    return sum(i.width for i in its[first:last + 1] if not isinstance(i, Penalty))


def test_han_and_a_comma():
    # The comma: glyph half (box 5) and adjustable half (glue 5, shrinkable to 0), breakable
    # after it, not before it.
    assert items("你好，世界") == [
        han("你", 0), GAP, han("好", 1), NOBREAK, GAP,
        Box(5.0, g("，", 2), 0.0), PUNCT,
        han("世", 3), GAP, han("界", 4), *END]


def test_quotes_at_paragraph_start_and_end():
    # The opening quote is drawn 5 pt (½ em) left of its box: its adjustable half is the glue
    # before it. At the paragraph's end the closing quote's adjustable half is dropped.
    assert items("“好”") == [
        Glue(5.0, 0.0, 5.0), Box(5.0, g("“", 0, dx=-5.0), 0.0), NOBREAK, GAP,
        han("好", 1), NOBREAK, GAP, Box(5.0, g("”", 2), 0.0), *END]


def test_quotes_inside_a_paragraph():
    assert items("说“好”吗") == [
        han("说", 0), PUNCT,                      # break before “ allowed
        Box(5.0, g("“", 1, dx=-5.0), 0.0), NOBREAK, GAP,
        han("好", 2), NOBREAK, GAP,
        Box(5.0, g("”", 3), 0.0), PUNCT,         # break after ” allowed
        han("吗", 4), *END]


@pytest.mark.parametrize("pair", ["。”", "，“", "”“", "）。", "》，"])
def test_adjacent_marks_are_compressed_to_one_and_a_half_em(pair):
    its = items(f"好{pair}好")
    assert its[0] == han("好", 0) and its[-4] == han("好", 3)
    assert widths_between(its, 1, len(its) - 5) == 15.0


def test_period_then_closing_quote_exact():
    assert items("好。”好") == [
        han("好", 0), NOBREAK, GAP,
        Box(5.0, g("。", 1), 0.0), NOBREAK, Glue(0.0, 1.0, 0.0),   # 。 gives up its half
        Box(5.0, g("”", 2), 0.0), PUNCT,
        han("好", 3), *END]


def test_comma_then_opening_quote_exact():
    assert items("好，“好") == [
        han("好", 0), NOBREAK, GAP,
        Box(5.0, g("，", 1), 0.0), PUNCT,            # the “'s half remains
        Box(5.0, g("“", 2, dx=-5.0), 0.0), NOBREAK, GAP,
        han("好", 3), *END]


def test_cjk_latin_quarter_em_on_both_sides():
    q = HAN_LATIN
    assert items("中文ABC中文") == [
        han("中", 0), GAP, han("文", 1), q, Box(15.0, g("ABC", 2), 1.5), q,
        han("中", 5), GAP, han("文", 6), *END]


def test_no_cjk_latin_space_next_to_punctuation():
    assert items("中，ABC") == [
        han("中", 0), NOBREAK, GAP, Box(5.0, g("，", 1), 0.0), PUNCT,
        Box(15.0, g("ABC", 2), 1.5), *END]
    assert items("“ABC”")[1:5] == [
        Box(5.0, g("“", 0, dx=-5.0), 0.0), NOBREAK, GAP, Box(15.0, g("ABC", 1), 1.5)]


def test_number_keeps_its_unit_with_quarter_em_space():
    # House rule: a break between 3000 and 年 is forbidden or at least penalised.
    its = items("3000年")
    assert its[0] == Box(20.0, g("3000", 0), 2.0)
    assert isinstance(its[1], Penalty) and its[1].cost > 0
    assert its[2:] == [HAN_LATIN, han("年", 4), *END]
    its = items("3000年", keep_number_units=False)
    assert its[1] == HAN_LATIN


def test_every_forbidden_break_is_a_plus_infinity_penalty_before_its_glue():
    its = items("他说：“《人民日报》（2024年）。”")
    for k, item in enumerate(its):
        if isinstance(item, Glue) and k and isinstance(its[k - 1], Box):
            before, after = its[k - 1].payload.text, its[k + 1].payload.text
            assert before[-1] not in "“《（" and after[0] not in "：”》）。年", (before, after)


def test_two_em_dash_is_exactly_two_em():
    its = items("好——好")
    dash = its[3]
    assert dash.width == 20.0 and dash.content == 1.0
    assert dash.payload.text == "——" and dash.payload.src == 1
    assert dash.payload.hscale == pytest.approx(20 / 17.8)  # two 0.89 em dashes meet
    assert its[1] == Penalty(0, 3000.0)  # gb: a break before —— is allowed but costly


def test_ellipsis_is_two_em_and_no_stretch_between_two_of_them():
    its = items("…………")
    assert [i.width for i in its if isinstance(i, Box)] == [20.0, 20.0]
    assert Glue(0, 0.0, 0) in its


def test_missing_characters_become_geta_and_are_reported_with_offsets():
    result = itemize("好龘好𪚥", "song", SIZE, FakeMetrics(missing="龘𪚥"), itemize_config(), False)
    boxes = [i for i in result.items if isinstance(i, Box)]
    assert [b.payload.text for b in boxes] == ["好", "〓", "好", "〓"]
    assert [b.payload.src for b in boxes] == [0, 1, 2, 3]
    assert result.missing == (MissingChar("龘", 1), MissingChar("𪚥", 3))


def test_indent_is_a_two_em_box():
    its = items("你好", indent=True)
    assert its[0] == Box(20.0, None, 0.0)
    assert its[1:] == [han("你", 0), GAP, han("好", 1), *END]
    assert items("你好", indent=True, indent_em=0.0)[0] == han("你", 0)


def test_no_break_between_the_indent_and_an_opening_bracket():
    # Was a legal break: "“" + a long word gave an empty first line holding only the indent.
    its = items("“好", indent=True)
    assert its[:3] == [Box(20.0, None, 0.0), NOBREAK, Glue(5.0, 0.0, 5.0)]
    lines = compose("“ABCDEFGHIJK好", "song", SIZE, M, lambda n: 80.0).lines
    assert lines[0].text == "“ABCDEFGHIJK"


def test_kinsoku_holds_across_a_space():
    # Was: a word space was always a break, so "（ ABC" could end a line with （.
    its = items("好（ ABC ）好")
    assert its[3:5] == [NOBREAK, SPACE]      # after （, then a space
    assert its[6:8] == [NOBREAK, SPACE]      # a space, then ）
    assert items("ab Cd")[1] == SPACE         # between words: a plain break


# --- what the glue does at a line break ---------------------------------------------------

def test_line_end_comma_is_half_width():
    # GB/T 15834 §5.1.10: seven Han + a comma fill 7.5 em exactly; the comma's glue vanishes.
    lines = compose("好好好好好好好，好好", "song", SIZE, M, lambda n: 75.0, indent=False).lines
    assert [l.text for l in lines] == ["好好好好好好好，", "好好"]
    assert lines[0].width == 75.0 and lines[0].ratio == 0.0


def test_line_start_opening_quote_loses_its_leading_half():
    # clreq §3.1.6.3: the line starts with the quote's glyph half, drawn at −½ em.
    lines = compose("好好好好好好好好“好好”", "song", SIZE, M, lambda n: 80.0, indent=False).lines
    assert [l.text for l in lines] == ["好好好好好好好好", "“好好”"]
    first = lines[1].runs[0]
    assert first.x == 0.0 and first.glyphs.dx == -5.0
