"""Break opportunities against Unicode's LineBreakTest.txt (UAX #14, Unicode 15.0.0; see
tests/data/README.md), and the tailorings of layout/text/segment.py (its docstring table).

ICU 78, which icu4py ships, implements Unicode 17: a few v15 cases changed since (LB15 quotes,
LB15c/d `SP ÷ IS NU`), so even raw ICU does not pass all of them. Ours differs further where a
CJK rule of the module table applies; every failing case must fall in one of those families.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from layout.text.segment import Cls, Unit, break_cost, break_opportunities, units
from layout.text.uax14 import break_offsets

DATA = Path(__file__).resolve().parent / "data" / "LineBreakTest.txt"

TAILORED = {
    "18": "kinsoku holds across a space (`# —`, `x %`): clreq §3.1.4",
    "999": "clreq additions where UAX #14 would break: %, ¥, single — or - at line start, solidus",
    "21": "CJ small kana and ー may start a line except at strict (CSS line-break: normal)",
    "16": "the same after closing marks and spaces",
    "22": "…… and … may start a line at gb/basic (clreq), a cost or forbidden at strict",
    "20": "object replacement (CB) next to CJK marks follows clreq",
    "8": "after a break control (ZWSP) next to a Chinese mark, kinsoku still holds",
    "5": "a hard line break before a solidus or mark: never inside a paragraph",
    "4": "the same for BK",
    "15": "Unicode 15.1+ quotation rules (ICU 78 has v17): raw ICU differs too",
    "13": "Unicode 15.1+ LB15c/d (SP ÷ IS NU): raw ICU differs too",
}
"""UAX #14 rule families (the rule numbers LineBreakTest.txt gives) where we may differ."""


@lru_cache(maxsize=1)
def cases() -> list[tuple[str, frozenset[int], tuple[str, ...]]]:
    """(text, interior break offsets, rule number before each character) per test line."""
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        data, _, comment = line.partition("#")
        if not data.strip():
            continue
        chars: list[str] = []
        breaks = set()
        for token in data.split():
            if token == "÷" and chars:
                breaks.add(len(chars))
            elif token not in "÷×":
                chars.append(chr(int(token, 16)))
        rules = tuple(r.split(".")[0] for r in re.findall(r"[÷×] \[([\d.]+)\]", comment))
        text = "".join(chars)
        out.append((text, frozenset(p for p in breaks if p < len(text)), rules))
    return out


def pass_rate(found) -> tuple[float, Counter]:
    """Share of test lines whose interior opportunities `found(text)` gets exactly, and the
    rule family of the first difference of each failing line."""
    families: Counter = Counter()
    ok = 0
    for text, expected, rules in cases():
        got = set(found(text))
        if got == expected:
            ok += 1
        else:
            first = min(got ^ expected)
            families[rules[first] if first < len(rules) else "?"] += 1
    return ok / len(cases()), families


def test_the_data_is_unicode_15_and_complete():
    assert DATA.read_text(encoding="utf-8").startswith("# LineBreakTest-15.0.0.txt")
    assert len(cases()) == 7654


def test_raw_icu_passes_nearly_all_of_it():
    rate, families = pass_rate(break_offsets)
    print(f"\nraw ICU on LineBreakTest 15.0: {rate:.2%}, differing families {dict(families)}")
    assert rate >= 0.99
    assert set(families) <= {"999", "13", "15", "18", "21"}  # rules changed in v15.1–v17


@pytest.mark.parametrize("level, floor", [("gb", 0.93), ("strict", 0.93), ("basic", 0.94)])
def test_our_break_opportunities_pass_rate(level, floor):
    rate, families = pass_rate(lambda text: break_opportunities(text, level))
    print(f"\nours at {level}: {rate:.2%}; differing families {families.most_common()}")
    assert rate >= floor
    assert set(families) <= set(TAILORED), set(families) - set(TAILORED)


@pytest.mark.parametrize("text, expected", [
    ("用Wi-Fi上网", [1, 4, 6, 7]),             # after the hyphen, as UAX #14 (HY ÷ AL)
    ("2026—2028年", [5, 9]),                   # clreq: the connector does not start a line
    ("COVID-19疫情", [8, 9]),                  # HY × NU: the number stays whole
    ("ABC(DEF)好", [8]),                       # AL × OP, × CP: Western text follows UAX #14
    ("Привет мир", [7]),                       # Cyrillic words are words
    ("e\u0301te\u0301好", [5]),                # combining marks stay with their base (LB9)
    ("好\u200b，好", [3]),                      # ZWSP allows a break, but not before ，
    ("好\u2060好", []),                         # a word joiner forbids one (LB11)
    ("好\U00020000好😀好", [1, 2, 3, 4]),       # astral characters: code points, not UTF-16
])
def test_opportunities(text, expected):
    assert break_opportunities(text, "gb") == expected


def test_solidus_rule_depends_on_the_level():
    # GB/T 15834 §5.1.9: a solidus neither ends nor starts a line (gb, strict); UAX #14 lets
    # `and/|or` break (basic, none).
    assert break_opportunities("and/or", "gb") == []
    assert break_opportunities("and/or", "basic") == [4]


def test_icu_offsets_are_converted_from_utf16():
    text = "𠀀𠀁 a"
    assert sorted(break_offsets(text)) == [1, 3]


def test_a_word_split_by_uax14_costs_a_little():
    # A hyphenated compound is one unit that breaks inside (segment.compound_breaks); between
    # two Latin units UAX #14's verdict after a hyphen still costs a little.
    assert [u.text for u in units("Wi-Fi")] == ["Wi-Fi"]
    a, b = Unit("Wi-", Cls.LATIN), Unit("Fi", Cls.LATIN)
    assert break_cost(a, b, "gb", True, True) == 50.0
    assert break_cost(a, b, "gb", True, False) is None
