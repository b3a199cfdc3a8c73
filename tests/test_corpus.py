"""The typography corpus (tests/corpus/: original copy in the styles of a Chinese paper's tech,
finance, government, sports and culture pages, a pure-Chinese feature, and zh-Hant and ja pieces
with Latin) set as body text at 8, 11, 12, 13 and 17 字 with the committed fonts, and checked
line by line with the rules of tests/linecheck.py, which an independent PDF checker applies to
printed pages:

- no kinsoku violation, split number or word, overflow past the measure (a hanging 、，。 is
  not one), ragged justified line or runt last line, at any width;
- loose lines (Han characters spread by more than 0.1 em) at most 0.5 % of all lines, and none
  in pure Chinese copy at 11 字 and wider;
- golden dumps per text (tests/golden/corpus/), rewritten by `--update-golden`.

`python tests/corpus.py --list` prints the same report with every defect found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import PURE, WIDTHS, check, dump, texts
from linecheck import Report, check_paragraph

from layout.text.itemize import Glyphs
from layout.text.lines import Line, Placed

GOLDEN = Path(__file__).resolve().parent / "golden" / "corpus"
TEXTS = texts()
STRICT_KINDS = ("kinsoku", "split", "overflow", "ragged", "runt", "hole")
LOOSE_SHARE = 0.005


@pytest.fixture(scope="module")
def reports() -> dict[tuple[str, int], Report]:
    return {(t.name, w): check(t, w) for t in TEXTS for w in WIDTHS}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", [t.name for t in TEXTS])
def test_no_kinsoku_split_overflow_ragged_or_runt(reports, name, width):
    report = reports[(name, width)]
    found = {k: report.defects[k] for k in STRICT_KINDS if report.defects[k]}
    assert not found, found


def test_loose_lines_and_forced_holes_are_rare_and_absent_from_pure_chinese_copy(reports):
    lines = sum(r.lines for r in reports.values())
    for kind in ("loose", "forced_hole"):
        found = [d for r in reports.values() for d in r.defects[kind]]
        assert len(found) <= LOOSE_SHARE * lines, found
    for (name, width), report in reports.items():
        if name in PURE and width >= 11:
            assert not report.defects["loose"], (name, width, report.defects["loose"])


def test_the_corpus_exercises_what_it_is_for(reports):
    """Every style is there, and the hard cases happen: marks hang, Latin words hyphenate,
    addresses break."""
    assert {t.lang for t in TEXTS} == {"zh-Hans", "zh-Hant", "ja"}
    assert sum(r.hung for r in reports.values()) > 0
    dumped = "".join(dump(t) for t in TEXTS if t.name == "tech")
    assert "\u2011|" in dumped and "/|" in dumped and "@|" in dumped


@pytest.mark.parametrize("name", [t.name for t in TEXTS])
def test_corpus_golden(name, golden):
    golden(GOLDEN / f"{name}.txt", dump(next(t for t in TEXTS if t.name == name)))


# --- the checker itself finds what it looks for -----------------------------------------------

def _line(text: str, pitch: float = 10.0, measure: float | None = None, last: bool = False,
          start: int = 0) -> Line:
    """A line of 10-pt glyphs, one per character, `pitch` apart (Latin letters 5 pt)."""
    runs, x = [], 0.0
    for k, ch in enumerate(text):
        runs.append(Placed(x, Glyphs(ch, "song", 10.0, 0.0, 1.0, start + k)))
        x += pitch if not ch.isascii() else 5.0
    end = x - pitch + 10.0 if text and not text[-1].isascii() else x
    return Line(tuple(runs), measure if measure is not None else end, end, 0.0, last)


def _advance(role: str, ch: str, size: float) -> float:
    return size / 2 if ch.isascii() else size


def test_linecheck_finds_planted_defects():
    report = Report()
    check_paragraph((_line("好好好好好“"), _line("，好好好好好", last=True, start=6)), _advance,
                    report)
    check_paragraph((_line("好好好好12"), _line("34好好好好好", last=True, start=6)), _advance,
                    report)  # 1234 split
    check_paragraph((_line("好好好好好好好好", pitch=11.5, measure=90.5),
                     _line("好好好好", measure=50.0), _line("用。", last=True)), _advance, report)
    check_paragraph((_line("好好好", measure=20.0), _line("好好", last=True)), _advance, report)
    holed = _line("好好好好")
    holed = Line((*holed.runs[:3], Placed(38.0, holed.runs[3].glyphs)), 48.0, 48.0, 0.5, False)
    check_paragraph((holed, _line("好好好", last=True, start=4)), _advance, report)
    check_paragraph((_line("对screen"), _line("reader的支持", last=True, start=8)), _advance,
                    report)  # a break at a word space: reported apart
    assert +report.counts() == {"kinsoku": 2, "split": 1, "loose": 1, "ragged": 1, "runt": 1,
                                "overflow": 1, "hole": 1, "spaced_split": 1}
