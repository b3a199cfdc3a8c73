"""Checks on composed lines equivalent to an independent PDF checker's, applied to `Line`s
directly: kinsoku, split numbers and words, overflow, ragged and loose lines, runts.

The rules (the character sets follow clreq §3.1.4 `#prohibition_rules_for_line_start_end` at
the "basic" level, GB/T 15834 §5.1, jlreq cl-10/cl-11 and the units of OOXML's kinsoku list):

- kinsoku: no line starts with a `NO_START` mark (a whole —— or …… may: GB/T 15834 §5.1.4–5
  only forbids splitting them) nor ends with a `NO_END` mark;
- split: a line does not end with a digit when the next starts with one, nor with a letter when
  the next starts with a lower-case one (or both are capitals) and neither word is set apart
  by a space on its line; a hyphen or an address's `/` at the line end is not a split. Where
  the break dropped a space between the words (screen|reader) it is a break between words,
  which a checker of the page counts as a split all the same (it cannot see the space): it is
  reported apart (`spaced_split`), not as a defect;
- overflow: a line reaches past the measure only by a hanging mark (`HANGABLE`, ≤ 1 em);
- ragged: a justified line (not a paragraph's last) ends at the measure, within `EPS`;
- loose: the median distance between neighbouring Han characters of a justified line exceeds
  the natural 1 em by at most 0.1 em (compared at 3 decimals), over at least 3 such pairs;
- runt: the last line of a paragraph of several lines holds at least 2 characters' worth of
  content besides punctuation (a Han character counts 1, a letter or digit its advance in em);
- hole: no two neighbouring glyphs of a line set within the breaker's tolerance are more than
  0.7 em apart (a checker reading the page cuts a line there, as at a gutter: the line's first
  part then looks ragged).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from layout.text.lines import Line

NO_START = frozenset(
    "，。、；：？！．‼⁇⁈⁉,.;:?!"                 # pause and stop marks
    "）］｝〕〉》」』】〙〗〛〟’”｠»›)]}"        # closing brackets and quotes
    "…‥—―–～〜·・･‧"                          # ellipsis, dashes, connectors, interpuncts
    "%％‰‱℃℉°′″"                              # units that belong to their number
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯ"
    "ーｰ々〻ゝゞヽヾ")                          # small kana, iteration marks (jlreq)
NO_END = frozenset("（［｛〔〈《「『【〘〖〚〝‘“｟«‹([{")
HANGABLE = frozenset("，。、；：！？）］｝〕〉》」』】〙〗〛’”,.;:!?)]}")
LOOSE_EM = 0.10
HOLE_EM = 0.7
RUNT_CHARS = 1.95
EPS = 0.01
"""pt: how far a justified line's end may be from the measure."""
KINDS = ("kinsoku", "split", "overflow", "ragged", "loose", "runt", "hole", "forced_hole",
         "spaced_split")
"""`spaced_split` is not a defect: a break at the space between two Latin words that a checker
of the printed page counts as a split word, because it cannot see the space (screen|reader).
`forced_hole` is a hole in a line no set of breaks could keep within the breaker's tolerance
(a line of an address or of Latin words alone in a narrow column)."""


def is_han(ch: str) -> bool:
    """A Han ideograph (the characters whose spacing the loose check measures)."""
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or o == 0x3007)


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum() or "\u00c0" <= ch <= "\u024f"


@dataclass(slots=True)
class Report:
    """Defects found, by kind, with the lines they were found on."""

    lines: int = 0
    checked_loose: int = 0
    defects: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    max_loose_em: float = 0.0
    hung: int = 0
    """Lines that end with a mark hanging past the measure."""

    def add(self, kind: str, where: str) -> None:
        self.defects[kind].append(where)

    def counts(self) -> Counter:
        return Counter({k: len(v) for k, v in self.defects.items()})

    def merge(self, other: Report) -> None:
        self.lines += other.lines
        self.checked_loose += other.checked_loose
        self.hung += other.hung
        self.max_loose_em = max(self.max_loose_em, other.max_loose_em)
        for k, v in other.defects.items():
            self.defects[k] += v


def han_pitch_em(line: Line) -> list[float]:
    """Origin-to-origin distances (em) of neighbouring Han characters set in one size."""
    out = []
    runs = line.runs
    for p, q in pairwise(runs):
        a, b = p.glyphs, q.glyphs
        if (a.text and b.text and is_han(a.text[-1]) and is_han(b.text[0]) and a.size == b.size
                and a.src >= 0 and b.src >= 0 and b.src == a.src + len(a.text)):
            qx = q.x + b.dx
            px = p.x + a.dx + (len(a.text) - 1) * a.size * a.hscale
            out.append((qx - px) / (a.size * a.hscale))
    return out


def content_em(line: Line, advance) -> float:
    """A line's content in Han-character units (punctuation and spaces count 0)."""
    total = 0.0
    for p in line.runs:
        g = p.glyphs
        for ch in g.text:
            if is_han(ch) or "\u3040" <= ch <= "\u30ff" or ch == "〓":  # 〓: a missing glyph
                total += 1.0
            elif ch.isalnum():
                total += advance(g.role, ch, g.size) / g.size
    return total


def check_paragraph(lines: tuple[Line, ...], advance, report: Report, label: str = "") -> None:
    """Check one composed paragraph's lines; `advance(role, char, size)` measures glyphs."""
    for n, line in enumerate(lines):
        report.lines += 1
        text = line.text
        where = f"{label} line {n + 1}: |{text}|"
        if not text:
            continue
        if n and text[0] in NO_START and not (text[:2] in ("——", "……")):
            report.add("kinsoku", where + " starts with " + text[0])
        if not line.last and text[-1] in NO_END:
            report.add("kinsoku", where + " ends with " + text[-1])
        if not line.last:
            _split(line, lines[n + 1], report, where)
        _width(line, report, where)
        _holes(line, advance, report, where)
        if not line.last:
            _loose(line, report, where)
    if len(lines) > 1 and content_em(lines[-1], advance) < RUNT_CHARS:
        report.add("runt", f"{label} last line: |{lines[-1].text}|")


def _edge_run(line: Line, from_end: bool) -> tuple[str, str]:
    """The letters and digits at one end of a line, and what bounds them on the inner side:
    "space" (a space was dropped there), "other" (a mark or ideograph) or "edge" (the line)."""
    chars = [(p.glyphs.src + k if p.glyphs.src >= 0 else -1, ch) for p in line.runs
             for k, ch in enumerate(p.glyphs.text)]
    if from_end:
        chars.reverse()
    run, prev = "", None
    for src, ch in chars:
        if not _alnum(ch):
            return run, "other"
        if prev is not None and src >= 0 and prev >= 0 and abs(src - prev) > 1:
            return run, "space"
        run, prev = run + ch, src
    return run, "edge"


def _split(line: Line, nxt: Line, report: Report, where: str) -> None:
    """A number or a word split across lines, as a checker of the printed page sees it: digits
    either side, or letters either side where the word is set solid in Chinese text and the
    case goes on (`screen|reader` counts even though a space was dropped there: the reader
    cannot see it; `New|York` does not)."""
    if not line.runs or not nxt.runs:
        return
    a, c = line.text[-1], nxt.text[0]
    if not (_alnum(a) and _alnum(c)):
        return
    bounds = (_edge_run(line, True)[1], _edge_run(nxt, False)[1])
    last, first = line.runs[-1].glyphs, nxt.runs[0].glyphs
    spaced = last.src >= 0 and first.src > last.src + len(last.text)  # a space was dropped
    solid_word = "space" not in bounds and a.isalpha() and c.isalpha() and (
        c.islower() or (a.isupper() and c.isupper()))
    if (a.isdigit() and c.isdigit()) or solid_word:
        report.add("spaced_split" if spaced else "split", where + " | " + nxt.text[:8])


def _width(line: Line, report: Report, where: str) -> None:
    end = line.width
    if end > line.measure + EPS:
        last = line.text[-1]
        em = line.runs[-1].glyphs.size
        if last in HANGABLE and end - line.measure <= em + EPS:
            report.hung += 1
        else:
            report.add("overflow", where + f" {end - line.measure:+.2f} pt")
    elif not line.last and end < line.measure - EPS:
        report.add("ragged", where + f" {end - line.measure:+.2f} pt")


def _holes(line: Line, advance, report: Report, where: str) -> None:
    """One hole at most per line: the widest gap, if it is one."""
    widest, after = 0.0, ""
    for p, q in pairwise(line.runs):
        g = p.glyphs
        end = p.x + g.dx + sum(advance(g.role, ch, g.size) for ch in g.text) * g.hscale
        gap = (q.x + q.glyphs.dx - end) / g.size
        if gap > widest:
            widest, after = gap, g.text
    if widest > HOLE_EM:
        kind = "hole" if line.ratio <= 1 else "forced_hole"
        report.add(kind, where + f" after {after} {widest:.2f} em")


def _loose(line: Line, report: Report, where: str) -> None:
    pitches = han_pitch_em(line)
    if len(pitches) < 3:
        return
    report.checked_loose += 1
    extra = statistics.median(pitches) - 1.0
    report.max_loose_em = max(report.max_loose_em, extra)
    if round(extra, 3) > LOOSE_EM:
        report.add("loose", where + f" +{extra:.3f} em")
