"""Mixed-script composition (FakeMetrics: Han and full-width forms 1 em = 10 pt, ASCII ½ em):
numbers, ranges, dates, addresses, full-width forms, Latin words and runs of them inside
Chinese text (clreq §3.2, GB/T 15835, UAX #14)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout.text.itemize import HYPHEN_MARK, RANGE_BREAK_COST, URL_BREAK, ItemizeConfig, itemize
from layout.text.linebreak import Box, Glue, Penalty
from layout.text.lines import ComposeConfig, compose
from layout.text.segment import halfwidth, is_url, range_breaks, units, url_breaks
from tests.fakes import FakeMetrics, itemize_config

SIZE = 10.0
M = FakeMetrics()
HOUSE = ComposeConfig()  # zh-Hans as the house sets it


def lines(text: str, measure: float, config: ComposeConfig = HOUSE, indent: bool = False):
    return compose(text, "song", SIZE, M, lambda n: measure, config, indent).lines


def kept(line) -> str:
    return "".join(p.glyphs.text for p in line.runs if p.glyphs.src >= 0)


def own_hyphens(ls, text: str) -> list[int]:
    """Offsets of a word's own hyphens that a line broke at (drawn as HYPHEN_MARK there)."""
    out = []
    for line, nxt in pairwise(ls):
        placed = [p.glyphs for p in line.runs if p.glyphs.src >= 0]
        if line.runs and line.runs[-1].glyphs.text == HYPHEN_MARK and placed and nxt.runs:
            end = placed[-1].src + len(placed[-1].text)
            if nxt.runs[0].glyphs.src == end + 1 and text[end] == "-":
                out.append(end)
    return out


def set_text(ls, text: str) -> str:
    """The text the lines set: their glyphs, and the own hyphens at their ends."""
    chars = {p.glyphs.src + k: ch for line in ls for p in line.runs if p.glyphs.src >= 0
             for k, ch in enumerate(p.glyphs.text)}
    chars.update({k: "-" for k in own_hyphens(ls, text)})
    return "".join(chars[k] for k in sorted(chars))


# --- the half-width house rule (LatinRules.halfwidth_alnum) ----------------------------------

@pytest.mark.parametrize("typed, set_as", [
    ("完成预算数的８７．５％", "完成预算数的87.5%"),
    ("１９８０年", "1980年"),
    ("ＣＰＩ上涨０．４％", "CPI上涨0.4%"),
    ("10：30开始", "10:30开始"),
    ("比分３：１，", "比分3:1，"),
    ("他说：“好。”", "他说：“好。”"),  # a colon not between digits is a Chinese colon
    ("第一．第二", "第一．第二"),
])
def test_fullwidth_digits_and_letters_are_set_half_width(typed, set_as):
    assert halfwidth(typed) == set_as and len(set_as) == len(typed)  # offsets stay


def test_a_fullwidth_number_is_one_unit_that_never_overflows():
    text = "全市一般公共预算收入完成预算数的８７．５％，税收收入２９４．１０亿元。"
    for measure in (80.0, 90.0, 110.0, 120.0):
        ls = lines(text, measure)
        for line, nxt in zip(ls, list(ls[1:]) + [None]):
            hang = SIZE / 2 if line.text[-1] in "、，。：；" else 0.0  # clreq §3.1.7
            assert line.width <= measure + hang + 0.01
            assert nxt is None or not (line.text[-1].isdigit() and nxt.text[0].isdigit())
    itemized = itemize(text, "song", SIZE, M)
    assert "87.5%" in [i.payload.text for i in itemized.items if type(i) is Box and i.payload]


# --- numbers, ranges, dates --------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1—10月", ["1—10", "月"]),
    ("“9·27”事故", ["“", "9·27", "”", "事", "故"]),
    ("上涨5%～8%。", ["上", "涨", "5%～8%", "。"]),
    ("（2020-2022年）", ["（", "2020-2022", "年", "）"]),
    ("比分27∶25领先", ["比", "分", "27∶25", "领", "先"]),
    ("以2:23:48获得", ["以", "2:23:48", "获", "得"]),
    ("1,268,400人次", ["1,268,400", "人", "次"]),
])
def test_numbers_ranges_dates_and_scores_are_units(text, expected):
    assert [u.text for u in units(text)] == expected


def test_a_range_breaks_only_after_its_connector_and_dearly():
    assert range_breaks("2020-2022") == (5,) and range_breaks("1—10") == (2,)
    assert range_breaks("9·27") == range_breaks("27∶25") == range_breaks("Wi-Fi") == ()
    its = itemize("（2020-2022年）", "song", SIZE, M).items
    pens = [i for i in its if type(i) is Penalty and i.payload is not None]
    assert [(p.width, p.cost, p.payload.text) for p in pens] == [(5.0, RANGE_BREAK_COST,
                                                                   HYPHEN_MARK)]
    own = next(i for i in its if type(i) is Glue and i.payload is not None)
    assert own == Glue(5.0, 0.0, 0.0, False, own.payload) and own.payload.text == "-"
    assert Penalty(0.0, RANGE_BREAK_COST) in itemize("1—10月", "song", SIZE, M).items  # bare


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(list("的一是在不了有和人这中年月日万元，。、“”")),
                          st.from_regex(r"[1-9][0-9]{0,5}(\.[0-9]{1,2})?%?", fullmatch=True)),
                min_size=1, max_size=50).map("".join),
       st.integers(12, 34).map(lambda h: h * SIZE / 2))
def test_digits_of_a_number_never_split(text, measure):
    """GB/T 15835: a number is never broken across lines (nor is a decimal point left at a line's
    end), whatever the measure."""
    ls = lines(text, measure)
    for line, nxt in pairwise(ls):
        assert not (kept(line)[-1] in "0123456789." and kept(nxt)[0] in "0123456789.%"), \
            [l.text for l in ls]


# --- web and e-mail addresses ------------------------------------------------------------------

def test_addresses_are_units_that_break_after_slash_dot_hyphen_at():
    url = "https://lumadb.example.org/docs/zh-cn/getting-started.html"
    assert is_url(url) and is_url("partners@xinghe-data.example.com")
    assert is_url("www.yunchuan-expo.example.cn") and not is_url("Wi-Fi")
    cuts = url_breaks(url)
    assert [url[:c][-1] for c in cuts] == ["/", ".", ".", "/", "/", "-", "/", "-", "."]
    assert [u.text for u in units(f"访问{url}。")] == ["访", "问", url, "。"]


@pytest.mark.parametrize("measure", [80.0, 90.0, 110.0, 130.0])
def test_an_address_breaks_bare_and_its_lines_are_justified(measure):
    text = "项目文档可在https://lumadb.example.org/docs/zh-cn/getting-started.html查阅，" \
           "合作请发邮件至partners@xinghe-data.example.com。"
    ls = lines(text, measure)
    assert set_text(ls, text) == text  # nothing added; the address's own hyphen kept
    for line, nxt in pairwise(ls):
        assert abs(line.width - line.measure) <= 0.01, line.text  # never ragged
        if line.text[-1].isascii() and nxt.text[0].isascii():
            assert line.text[-1] in "/.@", (line.text, nxt.text)
    items = itemize("见https://a.example.org/x", "song", SIZE, M).items
    assert Penalty(0.0, URL_BREAK[0]) in items and Glue(0.0, URL_BREAK[1] * SIZE, 0.0, True) \
        in items


# --- Latin words and runs of them ---------------------------------------------------------------

def test_long_words_hyphenate_and_camel_case_breaks_where_its_parts_meet():
    def pieces(word):
        return [i.payload.text for i in itemize(word, "song", SIZE, M, ItemizeConfig(),
                                                False).items if type(i) is Box]
    assert pieces("internationalization") == ["in", "ter", "na", "tion", "al", "iza", "tion"]
    assert pieces("WebAssembly") == ["Web", "Assembly"]
    assert pieces("JavaScript") == ["Java", "Script"]
    assert pieces("LumaDB") == ["LumaDB"] and pieces("NASA") == ["NASA"]


def test_cjk_latin_space_is_a_quarter_em_that_flexes_before_han_gaps():
    its = itemize("数据库LumaDB的", "song", SIZE, M, itemize_config(squeeze_em=0.1), False).items
    glues = [i for i in its if type(i) is Glue and i.width]
    assert glues[0] == Glue(2.5, 4.0, 1.25, True)  # ¼ em, ⅛ em shrink, to 0.65 em, early
    assert Glue(0.0, 0.0, 1.0) in its  # the last ⅛ em closes only with the squeeze
    # A line with a Latin word, set loose within the tolerance: its Han gaps open by at most
    # 0.1 em (the Han–Western spaces took the rest first).
    for measure in (85.0, 95.0, 105.0, 125.0):
        for line in lines("我们今天使用了LumaDB数据库的新版本进行测试和比较，结果很好。", measure):
            if line.last or line.ratio > 1:
                continue
            xs = [(p.x, p.glyphs.text) for p in line.runs]
            for (x0, a), (x1, b) in pairwise(xs):
                if not a.isascii() and not b.isascii():
                    assert x1 - x0 <= SIZE * 1.1 + 1e-6, (line.text, a, b, x1 - x0)


def test_a_run_of_latin_words_justifies_on_its_spaces():
    text = "论文题为Breaking Paragraphs into Lines，发表于1981年，影响深远。"
    for measure in (90.0, 110.0, 130.0):
        for line in lines(text, measure):
            for a, b in pairwise(line.runs):
                ga, gb = a.glyphs, b.glyphs
                if ga.text.isascii() and gb.text.isascii() and gb.src > ga.src + len(ga.text):
                    gap = b.x - (a.x + 5.0 * len(ga.text))  # a word space between them
                    assert 2.5 - 1e-6 <= gap <= 6.5 + 1e-6, (line.text, gap)


# --- kinsoku holds whatever script precedes or follows a mark -----------------------------------

@pytest.mark.parametrize("text", [
    "这就是为什么我开发了ShelfKit。“这款软件后来被全国三百多家图书馆采用。”",
    "我们使用Pangeo，“Pangeo是第一个把云计算引入地球科学的开源社区”，他说。",
    "访问www.example.cn，或发邮件至news@example.cn。“欢迎来信。”",
    "新品Orion X2 Pro（售价3999元）于“双十一”开售，首发10万台。",
])
@pytest.mark.parametrize("measure", [60.0, 70.0, 80.0, 90.0, 110.0, 120.0])
def test_kinsoku_across_scripts(text, measure):
    ls = lines(text, measure)
    for n, line in enumerate(ls):
        if n:
            assert line.text[0] not in "，。、；：？！”’）》", [l.text for l in ls]
        if not line.last:
            assert line.text[-1] not in "“‘（《", [l.text for l in ls]


def test_the_runt_rule_holds_with_latin_words_in_the_paragraph():
    text = "这款名为ShelfKit的软件后来被全国三百多家图书馆采用。"
    for measure in range(60, 140, 5):
        ls = lines(text, float(measure))
        if len(ls) > 1:
            assert len(kept(ls[-1]).rstrip("。，”")) >= 2, (measure, [l.text for l in ls])
