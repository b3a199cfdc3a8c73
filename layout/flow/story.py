"""An article's body as a story: composed rows (lines, subheads) measured in grid lines."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from layout.fonts import Metrics
from layout.model import Article, Block, PullQuote, Subhead
from layout.style import HouseStyle, TextStyle
from layout.text.itemize import ItemizeConfig, MissingChar
from layout.text.lang import LangRules
from layout.text.lines import ComposeConfig, Line, compose


@dataclass(frozen=True, slots=True)
class Resume:
    """Where a story continues: block index and character offset inside that block."""

    block: int
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Row:
    """A unit of flow, `height` grid lines tall: one body line, or a whole subhead."""

    kind: str
    """body | lead | quote | subhead | byline"""
    lines: tuple[Line, ...]
    height: int
    block: int
    start: int
    """Character offset in the block where this row's text starts."""
    end: int
    style: TextStyle
    keep_with_next: int = 0
    """Rows of the following paragraph that must stay in the same frame as this one."""
    para_first: bool = False
    para_last: bool = False


@dataclass(frozen=True, slots=True)
class MissingInBlock:
    """A missing character, located in the article: block (paragraph) index and offset."""

    block: int
    char: str
    offset: int


@dataclass(frozen=True, slots=True)
class Story:
    rows: tuple[Row, ...]
    missing: tuple[MissingInBlock, ...]
    runts: int = 0
    """Paragraphs whose runt last line the breaker could not avoid."""
    forced: tuple[str, ...] = ()
    """Runs wider than the column, broken where no rule allows (text/emergency.py)."""


@dataclass(frozen=True, slots=True)
class BlockRows:
    """One block composed: its rows, the characters no font has, whether its runt was
    unavoidable, and the runs that had to be broken anywhere."""

    rows: tuple[Row, ...]
    missing: tuple[MissingInBlock, ...]
    runts: int = 0
    forced: tuple[str, ...] = ()


def compose_config(style: HouseStyle, ts: TextStyle, lang: str, tracking: float = 0.0,
                   measure: float = 0.0) -> ComposeConfig:
    """The composition settings for a text style in a language (`lang.LangRules`, as the house
    style has them), in a column `measure` pt wide (0: any): every composed line of an
    article, head to jump line, comes from here. Text that is not justified (headings,
    credits) is never squeezed: its lines are set at their natural width, and centred ones are
    balanced instead (lines.py); justified text in a narrow column may be squeezed more
    (`LangRules.squeeze_at`)."""
    rules = style.rules(lang)
    if ts.align != "justify":
        squeeze = 0.0
    else:
        squeeze = rules.squeeze_at(measure / ts.size) if measure else rules.squeeze_em
    item = ItemizeConfig(rules=_squeezed(rules, squeeze), indent_em=ts.indent_em,
                         tracking_em=tracking)
    return ComposeConfig(align=ts.align, breaker=style.breaker, itemize=item)


@lru_cache(maxsize=64)
def _squeezed(rules: LangRules, squeeze: float) -> LangRules:
    """`rules` with another squeeze (the same object if it is the same)."""
    return rules if rules.squeeze_em == squeeze else replace(rules, squeeze_em=squeeze)


def compose_story(article: Article, style: HouseStyle, metrics: Metrics, measure: float,
                  pitch: float, start: Resume = Resume(0), tracking: float = 0.0) -> Story:
    """Compose the article's blocks from `start` at `measure`; every row is whole grid lines.
    `tracking` (em) opens or closes the body text for copyfitting."""
    parts = [_block_rows(article.blocks[b], b, start.offset if b == start.block else 0, style,
                         metrics, _Setting(measure, pitch, article.lang, tracking))
             for b in range(start.block, len(article.blocks))]
    return Story(tuple(r for p in parts for r in p.rows), tuple(m for p in parts for m in p.missing),
                 sum(p.runts for p in parts), tuple(f for p in parts for f in p.forced))


@dataclass(frozen=True, slots=True)
class _Setting:
    """How a story's blocks are set: column measure, grid pitch, language, copyfit tracking."""

    measure: float
    pitch: float
    lang: str
    tracking: float


def _block_rows(block: Block, b: int, offset: int, style: HouseStyle, metrics: Metrics,
                setting: _Setting) -> BlockRows:
    measure, pitch, lang, tracking = setting.measure, setting.pitch, setting.lang, \
        setting.tracking
    if isinstance(block, (Subhead, PullQuote)):
        return _display_row(block, b, style, metrics, measure, pitch, lang)
    ts = {"lead": style.lead, "quote": style.quote}.get(block.kind, style.body)
    text = block.text[offset:]
    composed = compose(text, ts.role, ts.size, metrics, lambda n: measure,
                       compose_config(style, ts, lang, tracking, measure), indent=offset == 0)
    rows = []
    n = len(composed.lines)
    for k, line in enumerate(composed.lines):
        lo, hi = _span(line, offset, len(block.text))
        rows.append(Row(block.kind, (line,), 1, b, lo, hi, ts, para_first=k == 0 and offset == 0,
                        para_last=k == n - 1))
    rows = _fix_spans(rows, offset, len(block.text))
    return BlockRows(tuple(rows), tuple(_missing(composed.missing, b, offset)),
                     int(composed.runt_unavoidable), composed.forced)


def _display_row(block: Subhead | PullQuote, b: int, style: HouseStyle, metrics: Metrics,
                 measure: float, pitch: float, lang: str) -> BlockRows:
    """A subhead (kept with the 2 lines after it) or a pull quote, as one row of whole grid
    lines with half a line of air above and below."""
    quote = isinstance(block, PullQuote)
    ts = style.pullquote if quote else style.subhead
    composed = compose(block.text, ts.role, ts.size, metrics, lambda n: measure,
                       compose_config(style, ts, lang), indent=False)
    height = max(2, math.ceil(len(composed.lines) * ts.size * ts.leading / pitch) + 1)
    row = Row("pullquote" if quote else "subhead", composed.lines, height, b, 0, len(block.text),
              ts, keep_with_next=0 if quote else 2, para_first=True, para_last=True)
    return BlockRows((row,), tuple(_missing(composed.missing, b, 0)), 0, composed.forced)


def _span(line: Line, offset: int, length: int) -> tuple[int, int]:
    srcs = [p.glyphs.src for p in line.runs if p.glyphs.src >= 0]
    if not srcs:
        return offset, offset
    last = max(line.runs, key=lambda p: p.glyphs.src)
    return offset + min(srcs), offset + last.glyphs.src + len(last.glyphs.text)


def _fix_spans(rows: list[Row], offset: int, length: int) -> list[Row]:
    """Make row spans contiguous (spaces dropped at breaks belong to the row before)."""
    out = []
    for k, row in enumerate(rows):
        start = offset if k == 0 else out[-1].end
        end = rows[k + 1].start if k + 1 < len(rows) else length
        out.append(Row(row.kind, row.lines, row.height, row.block, start, end, row.style,
                       row.keep_with_next, row.para_first, row.para_last))
    return out


def _missing(found: tuple[MissingChar, ...], block: int, offset: int) -> list[MissingInBlock]:
    return [MissingInBlock(block, m.char, m.offset + offset) for m in found]
