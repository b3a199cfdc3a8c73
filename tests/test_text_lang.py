"""Per-article languages (zh-Hant CNS style, ja after jlreq) and Latin hyphenation, with fake
metrics (Han and full-width marks 1 em = 10 pt, ASCII ½ em)."""

from __future__ import annotations

import dataclasses

import pytest

from layout.flow.story import compose_config
from layout.style import TABLOID, house_style
from layout.text.itemize import Glyphs, ItemizeConfig, itemize
from layout.text.linebreak import INF, Box, Glue, Penalty
from layout.text.lines import ComposeConfig, compose
from layout.text.segment import SMALL_KANA, Cls, Unit, break_cost
from tests.fakes import FakeMetrics, itemize_config

SIZE = 10.0
M = FakeMetrics()


def items(text: str, **config) -> list:
    return list(itemize(text, "song", SIZE, M, itemize_config(**config), False).items)


def natural(its) -> float:
    return sum(i.width for i in its if not isinstance(i, Penalty))


def lines(text: str, measure: float, **config) -> list[str]:
    cfg = ComposeConfig(itemize=itemize_config(**config))
    return [l.text for l in compose(text, "song", SIZE, M, lambda n: measure, cfg, False).lines]


# --- zh-Hant: CNS style, marks centred in their em box --------------------------------------

def test_cns_marks_are_a_whole_em_with_nothing_to_trim():
    assert items("好，好", lang="zh-Hant")[:4] == [
        Box(10.0, Glyphs("好", "song", SIZE, 0.0, 1.0, 0), 1.0), Penalty(0, INF),
        Glue(0, 1.0, 0), Box(10.0, Glyphs("，", "song", SIZE, 0.0, 1.0, 1), 0.0)]


@pytest.mark.parametrize("pair", ["。”", "，“", "）（"])
def test_cns_adjacent_marks_are_not_compressed(pair):
    assert natural(items(f"好{pair}好", lang="zh-Hant")) == 40.0
    assert natural(items(f"好{pair}好", lang="zh-Hans")) == 35.0


def test_cns_line_end_mark_keeps_its_full_width():
    # GB: seven Han + a half-width comma fill 7.5 em; CNS: the comma keeps its em.
    assert lines("好好好好好好好，好好", 75.0, lang="zh-Hans")[0] == "好好好好好好好，"
    assert lines("好好好好好好好，好好", 80.0, lang="zh-Hant")[0] == "好好好好好好好，"
    line = compose("好好好好好好好，好好", "song", SIZE, M, lambda n: 80.0,
                   ComposeConfig(itemize=itemize_config(lang="zh-Hant")), False).lines[0]
    assert line.width == 80.0 and line.ratio == 0.0


def test_cns_opening_bracket_at_line_start_keeps_its_space():
    first = items("“好”", lang="zh-Hant")[0]
    assert first == Box(10.0, Glyphs("“", "song", SIZE, 0.0, 1.0, 0), 0.0)


# --- ja: JIS X 4051 classes after jlreq ------------------------------------------------------

@pytest.mark.parametrize("kana", sorted("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー"))
def test_small_kana_do_not_start_a_line_under_strict(kana):
    assert kana in SMALL_KANA
    han, small = Unit("日", Cls.HAN), Unit(kana, Cls.HAN)
    assert break_cost(han, small, "strict") is None
    assert break_cost(han, small, "gb") == 0.0  # CSS line-break: normal (zh default)


def test_small_kana_never_start_a_composed_japanese_line():
    text = "きょうはとうきょうでしゅっちょうのじゅんびをしました。" * 3
    for measure in (50.0, 60.0, 70.0, 80.0):
        for line in lines(text, measure, lang="ja", kinsoku="strict")[1:]:
            assert line[0] not in SMALL_KANA, (measure, line)


def test_japanese_colon_is_a_middle_dot_with_a_quarter_em_each_side():
    its = items("日：日", lang="ja")
    colon = next(i for i in its if isinstance(i, Box) and i.payload.text == "：")
    assert colon.width == 5.0 and colon.payload.dx == -2.5  # its middle half is the box
    assert natural(its) == 30.0
    assert Glue(2.5, 2.0, 2.5) in its  # ¼ em adjustable on each side (jlreq cl-05)
    assert natural(items("日：日", lang="zh-Hans")) == 30.0  # GB: a stop, space on the right


def test_japanese_question_mark_is_a_full_em_never_adjusted():
    its = items("日？「日", lang="ja")
    assert Box(10.0, Glyphs("？", "song", SIZE, 0.0, 1.0, 1), 1.0) in its
    assert natural(its) == 40.0  # 日, ？ (1 em), ½ em before 「, 「 ½, 日


@pytest.mark.parametrize("pair, between", [
    ("」「", 5.0),    # cl-02 + cl-01: ½ em between (jlreq fig. 2_13 ④)
    ("。」", 0.0),    # cl-06 + cl-02: set solid
    ("、「", 5.0),    # cl-07 + cl-01: ½ em between (③)
    ("（「", 0.0),    # cl-01 + cl-01: solid, ½ em before the first (⑤)
    ("・「", 2.5),    # cl-05 + cl-01: ¼ em between (⑦)
    ("」・", 2.5),    # cl-02 + cl-05: the dot keeps its ¼ em
])
def test_japanese_adjacent_marks(pair, between):
    its = items(f"日{pair}日", lang="ja")
    boxes = [k for k, i in enumerate(its) if isinstance(i, Box)]
    assert natural(its[boxes[1] + 1:boxes[2]]) == between
    assert natural(its) == 35.0  # two marks of 2 em take 1.5 em (clreq §3.1.6.2, jlreq §3.1)


def test_japanese_full_stop_space_is_not_squeezed_mid_line():
    def after_stop(its):
        return its[next(k for k, i in enumerate(its)
                        if isinstance(i, Box) and i.payload.text == "。") + 1]
    assert after_stop(items("日。日", lang="ja")) == Glue(5.0, 2.0, 0.0)  # jlreq §3.8
    assert after_stop(items("日。日", lang="zh-Hans")) == Glue(5.0, 2.0, 5.0)


def test_language_and_hyphenation_flow_from_the_house_style():
    style = house_style("default", TABLOID)
    ja = style.rules("ja")
    style = dataclasses.replace(style, langs={**style.langs, "ja": dataclasses.replace(
        ja, latin=dataclasses.replace(ja.latin, hyphenate=True))})
    rules = compose_config(style, style.body, "ja").itemize.rules
    assert (rules.lang, rules.kinsoku, rules.latin.hyphenate) == ("ja", "strict", True)
    assert compose_config(style, style.body, "zh-Hant").itemize.rules.lang == "zh-Hant"


# --- Latin hyphenation (pyphen, en_US) -------------------------------------------------------

TEXT = "我们讨论了internationalization和typesetting的问题。"


def composed(measure: float, hyphenate: bool):
    cfg = ComposeConfig(itemize=itemize_config(hyphenate=hyphenate))
    return compose(TEXT, "song", SIZE, M, lambda n: measure, cfg, False)


@pytest.mark.parametrize("measure", [60.0, 75.0, 100.0])
def test_long_words_break_with_a_hyphen_drawn_at_the_line_end(measure):
    c = composed(measure, True)
    hyphenated = [l for l in c.lines if l.runs[-1].glyphs.src == -1]
    assert hyphenated, [l.text for l in c.lines]
    for line in hyphenated:
        hyphen = line.runs[-1]
        assert hyphen.glyphs.text == "\u2011" and line.text.endswith("\u2011")  # HYPHEN_MARK
        assert hyphen.x + 5.0 == pytest.approx(line.width)  # the hyphen ends the line
        assert abs(line.width - measure) <= 0.01  # and the line is justified
    kept = "".join(p.glyphs.text for l in c.lines for p in l.runs if p.glyphs.src >= 0)
    assert kept == TEXT


def test_no_hyphenation_unless_the_house_style_allows_it():
    """Without hyphenation a word is never hyphenated; one wider than the column is broken
    between letters without a hyphen, and reported (it would otherwise leave the column)."""
    for measure in (60.0, 75.0, 100.0):
        c = composed(measure, False)
        texts = [l.text for l in c.lines]
        assert not any(t.endswith(("-", "\u2011")) for t in texts)
        word_fits = M.advance("song", "i", SIZE) * len("internationalization") <= measure
        assert any("internationalization" in t for t in texts) == word_fits
        assert bool(c.forced) != word_fits


def test_hyphenation_points_are_flagged_penalties_with_a_hyphens_width():
    its = items("typesetting", hyphenate=True)
    assert [i.payload.text for i in its if isinstance(i, Box)] == ["type", "set", "ting"]
    pens = [i for i in its if isinstance(i, Penalty) and i.cost < INF and i.cost > 0]
    assert [(p.width, p.cost, p.flagged) for p in pens] == [(5.0, 50.0, True)] * 2
    first = next(i for i in items("Knuth typeset", hyphenate=True) if isinstance(i, Box))
    assert first.payload.text == "Knuth"  # short words are left whole


# --- one place for a language's rules (layout/text/lang.py) -----------------------------------

def test_every_manifest_language_has_one_rule_set_and_the_defaults_agree():
    from typing import get_args

    from layout.manifest.schema import ArticleSpec
    from layout.text.lang import LANGS, ZH_HANS
    from layout.text.segment import DEFAULT_KINSOKU

    langs = get_args(ArticleSpec.model_fields["lang"].annotation)
    assert set(langs) == set(LANGS)
    style = house_style("default", TABLOID)
    assert all(style.rules(lang) is LANGS[lang] for lang in langs)
    assert ItemizeConfig().rules is ZH_HANS and ZH_HANS.kinsoku == DEFAULT_KINSOKU


def test_flow_code_names_no_language():
    """Every composed line takes its rules from its article's `lang` (or the paper's, for page
    furniture): no language tag is written into flow code."""
    from pathlib import Path

    flow = Path(__file__).resolve().parent.parent / "layout" / "flow"
    for path in flow.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for tag in ("zh-Hans", "zh-Hant", '"ja"'):
            assert tag not in source, (path.name, tag)


# --- hanging punctuation (clreq §3.1.7), a last resort ----------------------------------------

HANG_TEXT = "在扩大工会组织方面，市总工会加强非公有制经济组织建设。"


def test_a_comma_hangs_where_the_line_would_otherwise_open():
    # 11 em, indent 2: nine characters and the comma need 11.5 em; without squeeze the first
    # line would hold eight characters opened by 1/7 em. The comma hangs instead.
    cfg = ComposeConfig(itemize=itemize_config(hang=True))
    first = compose(HANG_TEXT, "song", SIZE, M, lambda n: 110.0, cfg).lines[0]
    assert first.text == "在扩大工会组织方面，"
    assert first.width == pytest.approx(115.0) and first.ratio == pytest.approx(0.0)
    assert first.runs[-1].x == pytest.approx(110.0)  # the comma's box starts at the measure
    plain = compose(HANG_TEXT, "song", SIZE, M, lambda n: 110.0,
                    ComposeConfig(itemize=itemize_config())).lines[0]
    assert plain.text == "在扩大工会组织方" and plain.ratio > 1


def test_hanging_is_a_last_resort():
    # When the squeeze can fit the comma, nothing hangs; a mark never hangs in zh-Hant.
    squeezed = compose(HANG_TEXT, "song", SIZE, M, lambda n: 110.0, ComposeConfig()).lines[0]
    assert squeezed.text == "在扩大工会组织方面，" and squeezed.width == pytest.approx(110.0)
    for line in compose(HANG_TEXT, "song", SIZE, M, lambda n: 110.0, ComposeConfig(
            itemize=itemize_config("zh-Hant", hang=True))).lines:
        assert line.width <= 110.0 + 1e-6


def hangs(text: str) -> list:
    return [i for i in items(text, hang=True) if isinstance(i, Penalty) and i.width < 0]


def test_only_a_lone_pause_mark_hangs():
    assert hangs("好，好") == [Penalty(-5.0, 400.0)]  # the comma's half-em box may hang
    assert hangs("好，“好") == [Penalty(-5.0, 400.0)]  # the line would end at the comma
    assert hangs("好”，好") == []  # a succession of marks: none hangs (clreq §3.1.7)
    assert hangs("好，”好") == []  # no break after ，there at all
    assert hangs("好；好") == [Penalty(-5.0, 400.0)]  # ：； sit where ，。 do (lang.ZH_HANS)
    assert hangs("好”好") == hangs("好！好") == []  # no closing mark, no ！？
