"""Units, classes and break opportunities (clreq §3.1.4 kinsoku, GB/T 15834, house rules)."""

from __future__ import annotations

import pytest

from layout.text.segment import (NO_LINE_END, NO_LINE_START, SOFT_BREAK_COST, Cls, Unit,
                                 break_cost, can_break, classify, compound_breaks, units)

HAN = Unit("好", Cls.HAN)
LEVELS = ("basic", "gb", "strict")

# clreq §3.1.4 "basic" sets: marks that may not start a line / may not end a line.
LINE_START_FORBIDDEN = "、，。：；！？”’」』）》〉】〕～·"
LINE_END_FORBIDDEN = "“‘（《〈【〔「『"


def u(text: str) -> Unit:
    """The single unit `text` is cut into."""
    (unit,) = units(text)
    return unit


def texts(text: str) -> list[str]:
    return [x.text for x in units(text)]


# --- units and clusters ---------------------------------------------------------------------

@pytest.mark.parametrize("cluster, cls", [("——", Cls.DASH), ("……", Cls.ELLIPSIS)])
def test_two_em_marks_are_one_unit(cluster, cls):
    assert units(cluster) == [Unit(cluster, cls)]
    assert texts(f"他说{cluster}好") == ["他", "说", cluster, "好"]


def test_four_dashes_are_two_units_never_one_and_a_half():
    assert texts("————") == ["——", "——"]
    assert texts("…………") == ["……", "……"]


@pytest.mark.parametrize("token", ["12.5%", "3000", "PM2.5", "COVID-19", "2026-2028", "￥100",
                                   "don’t", "état", "Привет", "e\u0301te\u0301"])
def test_latin_words_and_numbers_are_one_unit(token):
    assert units(f"涨{token}了") == [Unit("涨", Cls.HAN), Unit(token, Cls.LATIN), Unit("了", Cls.HAN)]


def test_a_word_may_break_after_its_hyphen_as_uax14_allows():
    # One unit, which breaks inside itself after the hyphen (itemize redraws the hyphen there).
    assert texts("用Wi-Fi上网") == ["用", "Wi-Fi", "上", "网"]
    assert compound_breaks("Wi-Fi") == (3,) and compound_breaks("end-to-end") == (4, 7)
    assert compound_breaks("COVID-19") == ()  # HY × NU: the number stays whole
    assert break_cost(Unit("Wi-", Cls.LATIN), Unit("Fi", Cls.LATIN), "gb", True, True) == 50.0


def test_latin_words_are_cut_at_spaces_and_runs_of_spaces_collapse():
    # One space unit for the run, keeping its characters so that offsets stay true.
    assert [(x.text, x.cls) for x in units("Hello   world")] == [
        ("Hello", Cls.LATIN), ("   ", Cls.SPACE), ("world", Cls.LATIN)]


@pytest.mark.parametrize("text", [
    "“他说——PM2.5超标12.5%……”（《人民日报》）Wi-Fi，￥100/年", "  a  b   好  ", "———…"])
def test_every_character_is_kept_in_order(text):
    assert "".join(texts(text)) == text


@pytest.mark.parametrize("char, cls", [
    ("好", Cls.HAN), ("“", Cls.OPEN), ("《", Cls.OPEN), ("”", Cls.CLOSE), ("）", Cls.CLOSE),
    ("，", Cls.STOP), ("。", Cls.STOP), ("、", Cls.STOP), ("·", Cls.MIDDLE), ("～", Cls.CONNECTOR),
    ("/", Cls.SOLIDUS), ("／", Cls.SOLIDUS), (" ", Cls.SPACE),
])
def test_classes(char, cls):
    assert classify(char) is cls


def test_punctuation_classes_are_punct_and_others_not():
    assert all(u(c).is_punct for c in "“”，。·")
    assert not any(x.is_punct for x in units("好——……～/A"))


# --- kinsoku (clreq §3.1.4) -----------------------------------------------------------------

@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("mark", LINE_START_FORBIDDEN)
def test_no_break_before_line_start_forbidden_marks(mark, level):
    assert mark in NO_LINE_START
    assert not can_break(HAN, u(mark), level)
    assert break_cost(HAN, u(mark), level) is None
    assert can_break(u(mark), HAN, level)  # after the mark is fine


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("mark", LINE_END_FORBIDDEN)
def test_no_break_after_line_end_forbidden_marks(mark, level):
    assert mark in NO_LINE_END
    assert not can_break(u(mark), HAN, level)
    assert can_break(HAN, u(mark), level)  # before an opening bracket is fine


@pytest.mark.parametrize("a, b", [("好", "，"), ("“", "好"), ("”", "。"), ("《", "“")])
def test_level_none_allows_everything(a, b):
    assert can_break(u(a), u(b), "none")


def test_plain_han_breaks_anywhere():
    assert all(can_break(HAN, HAN, level) for level in ("none",) + LEVELS)
    assert break_cost(HAN, HAN) == 0.0


@pytest.mark.parametrize("solidus", "/／")
def test_gb_solidus_neither_starts_nor_ends_a_line(solidus):
    s = u(solidus)
    for level in ("gb", "strict"):
        assert not can_break(HAN, s, level) and not can_break(s, HAN, level)
    # basic: it may end a line, never start one (UAX #14 LB13, × SY)
    assert not can_break(HAN, s, "basic") and can_break(s, HAN, "basic")


@pytest.mark.parametrize("cluster", ["——", "……"])
def test_two_em_marks_at_line_start_strict_forbids_gb_discourages(cluster):
    c = u(cluster)
    assert break_cost(HAN, c, "strict") is None
    assert break_cost(HAN, c, "gb") == SOFT_BREAK_COST > 0
    assert break_cost(HAN, c, "basic") == 0.0
    assert break_cost(c, c, "strict") is None  # nor between two of them
    assert break_cost(c, c, "gb") == SOFT_BREAK_COST
    for level in LEVELS:
        assert can_break(c, HAN, level)  # a line may end with one
        assert not can_break(u("“"), c, level)  # but never after an opening quote


def test_single_em_dash_is_a_connector_that_does_not_start_a_line():
    assert units("—") == [Unit("—", Cls.CONNECTOR)]
    assert not can_break(HAN, u("—"), "basic")


# --- house rule: numbers keep their unit; Latin words never split ----------------------------

@pytest.mark.parametrize("unit", "年月日万亿元")
def test_number_keeps_its_unit(unit):
    number, han = units(f"2024{unit}")
    assert number == Unit("2024", Cls.LATIN)
    assert not can_break(number, han)
    cost = break_cost(number, han)
    assert cost is None or cost > 0  # forbidden, or at least strongly discouraged
    assert can_break(number, han, keep_units=False)
    assert break_cost(number, han, keep_units=False) == 0.0


def test_only_numbers_keep_units():
    word, han = units("ABC年")
    assert can_break(word, han)
    number, other = units("2024是")
    assert can_break(number, other)


def test_currency_sign_is_not_separated_from_its_amount():
    assert texts("￥100") == ["￥100"]
    assert not can_break(Unit("￥", Cls.HAN), Unit("100", Cls.LATIN))


def test_latin_words_never_split():
    a, b = Unit("Wi", Cls.LATIN), Unit("Fi", Cls.LATIN)
    for level in ("none",) + LEVELS:
        assert not can_break(a, b, level)


def test_a_word_space_is_a_break_before_the_space_only():
    hello, space, world = units("Hello world")
    assert can_break(hello, space)
    assert not can_break(space, world)
