"""Properties of composed paragraphs over random mixed Chinese/Latin text (FakeMetrics, size 10),
under each language's settings and with hyphenation."""

from __future__ import annotations

import math
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout.text.itemize import HYPHEN_MARK, itemize
from layout.text.linebreak import INF, Box, BreakConfig, Glue, Penalty
from layout.text.lines import HANG_ROOM, Composed, ComposeConfig, compose
from layout.text.segment import (NO_LINE_END, NO_LINE_START, SMALL_KANA, STRICT_NO_LINE_START,
                                 Cls, break_cost, inner_breaks, units)
from tests.fakes import FakeMetrics, itemize_config

SIZE = 10.0
EM = SIZE
MISSING = "龘"
METRICS = FakeMetrics(missing=MISSING)
CONFIGS = {
    "gb": ComposeConfig(itemize=itemize_config()),
    "strict": ComposeConfig(itemize=itemize_config(kinsoku="strict")),
    "zh-Hant": ComposeConfig(itemize=itemize_config(kinsoku="basic", lang="zh-Hant")),
    "ja": ComposeConfig(itemize=itemize_config(kinsoku="strict", lang="ja")),
    "hyphenate": ComposeConfig(itemize=itemize_config(kinsoku="strict", hyphenate=True)),
    "house": ComposeConfig(),  # zh-Hans as the house sets it: squeeze, hanging, hyphenation
}
CONFIG = CONFIGS["gb"]
EPS = 0.01

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也说年月日万亿元ょっー" + MISSING
MARKS = list("、，。：；！？“”‘’《》（）") + ["……", "——"]
token = st.one_of(
    st.sampled_from(HAN), st.sampled_from(HAN), st.sampled_from(MARKS),
    st.text("abcdefghijklmnopqrstuvwxyzABCXYZ", min_size=1, max_size=8),
    st.sampled_from(["typesetting", "international", "newspaper", "Wi-Fi", "end-to-end",
                     "2020-2022"]),
    st.text("0123456789", min_size=1, max_size=5),
    st.just(" "),
)
paragraphs = st.lists(token, min_size=1, max_size=60).map("".join)
measures = st.integers(16, 40).map(lambda half_ems: half_ems * EM / 2)  # 8–20 em
configs = st.sampled_from(sorted(CONFIGS))
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=None)
def setting(text: str, measure: float, config: str = "gb") -> Composed:
    return compose(text, "song", SIZE, METRICS, lambda n: measure, CONFIGS[config])


def line_starts(c: Composed) -> list[int]:
    """Offset in the paragraph of each line's first glyph."""
    return [l.runs[0].glyphs.src for l in c.lines if l.runs]


def kept(line) -> str:
    """A line's text without generated glyphs (a hyphenated word's hyphen)."""
    return "".join(p.glyphs.text for p in line.runs if p.glyphs.src >= 0)


def own_hyphens(c: Composed, text: str) -> set[int]:
    """The lines that end at a word's own hyphen (Wi-|Fi), which they draw as HYPHEN_MARK."""
    out = set()
    for n, (line, nxt) in enumerate(zip(c.lines, c.lines[1:])):
        placed = [p.glyphs for p in line.runs if p.glyphs.src >= 0]
        if hyphenated(line) and placed and nxt.runs:
            end = placed[-1].src + len(placed[-1].text)
            if nxt.runs[0].glyphs.src == end + 1 and text[end] == "-":
                out.add(n)
    return out


def hyphenated(line) -> bool:
    return bool(line.runs) and line.runs[-1].glyphs.src == -1


def unit_offsets(text: str) -> dict[int, int]:
    """Offset → index of the unit starting there."""
    out, pos = {}, 0
    for k, u in enumerate(units(text)):
        out[pos] = k
        pos += len(u.text)
    return out


def overfull(text: str, measure: float, config: str = "gb") -> bool:
    """Some stretch of items between two legal breaks (the indent included on the first line) is
    wider than the measure even fully shrunk: an overfull line is then unavoidable."""
    items = itemize(text, "song", SIZE, METRICS, CONFIGS[config].itemize).items
    width = shrink = 0.0
    for k, item in enumerate(items):
        legal = (isinstance(item, Penalty) and item.cost < INF) or (
            isinstance(item, Glue) and k > 0 and isinstance(items[k - 1], Box))
        if legal:
            if width - shrink > measure + 1e-9:
                return True
            width = shrink = 0.0
        elif isinstance(item, (Box, Glue)):
            width += item.width
            shrink += item.shrink if isinstance(item, Glue) else 0.0
    return False


@SETTINGS
@given(paragraphs, measures, configs)
def test_text_is_conserved(text, measure, config):
    """(a) Every character but spaces comes out once, in order (〓 for a missing one); the only
    glyphs added are hyphens, at the end of lines that break inside a word."""
    c = setting(text, measure, config)
    own = own_hyphens(c, text)
    assert "".join(kept(l) + ("-" if n in own else "") for n, l in enumerate(c.lines)) == \
        text.replace(" ", "").replace(MISSING, "〓")
    assert all(l.text == kept(l) + (HYPHEN_MARK if hyphenated(l) else "") for l in c.lines)
    assert [m.offset for m in c.missing] == [k for k, ch in enumerate(text) if ch == MISSING]


@SETTINGS
@given(paragraphs, measures, configs)
def test_kinsoku(text, measure, config):
    """(b) No line starts with a NO_LINE_START mark nor ends with a NO_LINE_END mark (clreq
    §3.1.4). Under gb, —— and …… may start a line (at a cost), so only their single forms count;
    under strict neither they nor small kana start one (jlreq cl-11)."""
    if overfull(text, measure, config):
        return
    c = setting(text, measure, config)
    strict = CONFIGS[config].itemize.rules.kinsoku == "strict"
    for n, line in enumerate(c.lines):
        if n and (strict or not line.text.startswith(("——", "……"))):
            assert line.text[0] not in NO_LINE_START, (n, [l.text for l in c.lines])
            if strict:
                assert line.text[0] not in STRICT_NO_LINE_START | SMALL_KANA, (n, line.text)
        if not line.last:
            assert kept(line)[-1] not in NO_LINE_END, (n, [l.text for l in c.lines])


@SETTINGS
@given(paragraphs, measures, configs)
def test_no_unit_is_split(text, measure, config):
    """(c) Lines start at unit boundaries (—— …… words and numbers whole), or after a hyphen
    added at a hyphenation point, or where an address, a range or a hyphenated compound breaks
    inside itself, and only where a break is allowed between the units either side (skipping a
    space)."""
    c = setting(text, measure, config)
    if c.forced:
        return  # a unit wider than the measure is broken inside: the property below
    us, offsets = units(text), unit_offsets(text)
    inner = {o + p for o, k in offsets.items() if us[k].cls is Cls.LATIN
             for p in inner_breaks(us[k].text)}  # inside an address, a range, a compound
    level = CONFIGS[config].itemize.rules.kinsoku
    for n, start in enumerate(line_starts(c)[1:]):
        if start in inner:
            continue
        if hyphenated(c.lines[n]):
            assert CONFIGS[config].itemize.rules.latin.hyphenate and start not in offsets
            continue
        assert start in offsets, (start, [l.text for l in c.lines])
        k = offsets[start]
        before = us[k - 1]
        if before.cls is Cls.SPACE:  # a word space: kinsoku still applies across it
            before = us[k - 2]
            if before.cls is Cls.LATIN and us[k].cls is Cls.LATIN:
                continue  # between two words
        assert break_cost(before, us[k], level) is not None, (before, us[k],
                                                               [l.text for l in c.lines])


@SETTINGS
@given(paragraphs, measures, configs)
def test_justified_lines_fill_the_measure(text, measure, config):
    """(d) Every line but the last ends at the measure, unless its ratio is outside the
    breaker's limits [−1, ∞): overfull (< −1, a unit wider than the measure) or a line with no
    stretchable glue at all (ratio inf, e.g. only —— before an overfull word)."""
    c = setting(text, measure, config)
    for line in c.lines[:-1]:
        if line.ratio < -1 or math.isinf(line.ratio):
            continue
        assert abs(line.width - hang(line) - line.measure) <= EPS, (line.text, line.width,
                                                                     line.ratio)
    assert c.lines[-1].width <= measure + EPS or c.lines[-1].ratio < -1


HANG_MARKS = "、，。：；"


def hang(line) -> float:
    """How far a line's last mark hangs past its measure (clreq §3.1.7: one of 、，。, and ：；
    in the house's zh-Hans, by the mark's half-em box at most)."""
    over = line.width - line.measure
    if over > EPS:
        assert line.text[-1] in HANG_MARKS and over <= EM / 2 + EPS, (line.text, over)
        return over
    return 0.0


@SETTINGS
@given(paragraphs, measures, configs)
def test_glyph_positions(text, measure, config):
    """(e) Glyph x positions strictly increase within a line and are drawn within
    [−½ em, measure] (an opening bracket at a line start hangs by its blank half)."""
    c = setting(text, measure, config)
    for line in c.lines:
        xs = [p.x for p in line.runs]
        assert all(not math.isnan(x) for x in xs)
        assert all(a < b for a, b in zip(xs, xs[1:])), (line.text, xs)
        if line.ratio >= -1:
            assert all(p.x + p.glyphs.dx >= -EM / 2 - 1e-9 for p in line.runs)
            assert all(p.x < measure + hang(line) for p in line.runs)
            assert line.width <= measure + hang(line) + EPS


def last_line_content(text: str, c: Composed) -> float:
    """Content of the last line as the breaker counts it (Han 1, words by length, marks 0)."""
    first = line_starts(c)[-1]
    items = itemize(text, "song", SIZE, METRICS, CONFIG.itemize).items
    return sum(i.content for i in items
               if isinstance(i, Box) and i.payload is not None and i.payload.src >= first)


@SETTINGS
@given(paragraphs, measures)
def test_runts_only_when_unavoidable(text, measure):
    """(f) A last line with less than 2 characters of content (clreq §3.4.4) only when the
    breaker reports it could not avoid one."""
    c = setting(text, measure)
    if c.forced:
        return  # a run broken between characters (reported): its last piece may be short
    if len(c.lines) > 1 and last_line_content(text, c) < BreakConfig().runt_chars:
        assert c.runt_unavoidable, [l.text for l in c.lines]


@SETTINGS
@given(paragraphs, measures, configs)
def test_no_line_runs_past_its_measure(text, measure, config):
    """(g) Whatever the text, no line reaches past the measure by more than a hanging mark
    (issue #12: text never leaves its column); runs with no legal break inside a line's width
    are broken between characters, and only those are reported."""
    c = setting(text, measure, config)
    for line in c.lines:
        assert line.width <= line.measure + HANG_ROOM * SIZE + 1e-6, (line.text, line.width)
    if c.forced:
        assert overfull(text, measure, config), (c.forced, [l.text for l in c.lines])


def test_overfull_helper_can_tell():
    assert overfull("好ABCDEFGHIJKLMNOPQRSTUVWXYZ", 80.0)
    assert not overfull("好ABCDEFGHIJ好", 80.0)
