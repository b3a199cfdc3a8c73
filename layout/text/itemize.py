"""Units → Box / Glue / Penalty items: punctuation widths and compression, CJK–Latin spacing, kinsoku.

A full-width mark is split into its glyph half (a box) and its adjustable half (glue), after
clreq §3.1.6.1 `#h-punctuation_adjustment_space`. Glue vanishes at a line break, so a mark at a
line end is set half-width (GB/T 15834 §5.1.10) and an opening bracket at a line start loses its
leading half em (clreq §3.1.6.3) without any special case. Adjacent marks give up ½ em between
them (clreq §3.1.6.2, 2 em → 1.5 em). Forbidden breaks (clreq §3.1.4) are +∞ penalties.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from layout.fonts import MISSING_MARK, Metrics
from layout.text.linebreak import INF, Box, Glue, Item, Penalty
from layout.text.segment import Cls, Unit, break_cost, units

HAN_STRETCH_EM = 0.1
"""Stretch of each inter-character gap (clreq §3.5.4 step 3: spread evenly over the gaps)."""
CJK_LATIN_EM = 0.25
"""Han–Western spacing (clreq §3.2.2), shrinkable to ⅛ em (clreq §3.5.3 step 6)."""
WORD_SPACE_STRETCH_EM = 0.25
PARAGRAPH_END_STRETCH = 100_000.0


@dataclass(frozen=True, slots=True)
class Glyphs:
    """What a box draws: `text` in `role` at `size`, shifted by `dx` and scaled by `hscale`."""

    text: str
    role: str
    size: float
    dx: float = 0.0
    hscale: float = 1.0
    src: int = -1
    """Offset of the first character in the paragraph's text (-1: generated, e.g. an indent)."""


@dataclass(frozen=True, slots=True)
class ItemizeConfig:
    """Composition settings from the house style and the article's language."""

    kinsoku: str = "gb"
    punctuation: str = "quanjiao"
    keep_number_units: bool = True
    indent_em: float = 2.0
    cjk_latin_em: float = CJK_LATIN_EM


@dataclass(frozen=True, slots=True)
class MissingChar:
    """A character no face in the role's fallback chain can set; printed as 〓."""

    char: str
    offset: int
    """Position of the character in the paragraph text."""


@dataclass(frozen=True, slots=True)
class Itemized:
    """A paragraph as items, plus the characters that had to be replaced."""

    items: tuple[Item, ...]
    missing: tuple[MissingChar, ...] = ()


@dataclass(frozen=True, slots=True)
class _Shape:
    """A unit's geometry in pt: space before, glyph box, space after, shrinkable parts."""

    before: float
    width: float
    after: float
    shrink_before: float
    shrink_after: float
    glyphs: tuple[Glyphs, ...]


@dataclass
class _Ctx:
    metrics: Metrics
    role: str
    size: float
    config: ItemizeConfig
    missing: list[MissingChar] = field(default_factory=list)


def itemize(text: str, role: str, size: float, metrics: Metrics,
            config: ItemizeConfig = ItemizeConfig(), indent: bool = True) -> Itemized:
    """Itemize one paragraph: 1. units 2. shapes 3. gaps between units 4. paragraph end."""
    ctx = _Ctx(metrics, role, size, config)
    all_units = units(text)
    offsets = _offsets(all_units)
    spaced = [k > 0 and all_units[k - 1].cls is Cls.SPACE for k in range(len(all_units))]
    keep = [k for k, u in enumerate(all_units) if u.cls is not Cls.SPACE]
    us = [all_units[k] for k in keep]
    shapes = [_shape(all_units[k], offsets[k], ctx) for k in keep]
    spaced = [spaced[k] for k in keep]
    _compress_adjacent(us, shapes, size)
    items: list[Item] = []
    if indent and config.indent_em:
        items.append(Box(config.indent_em * size, None, 0.0))
    for k, (unit, shape) in enumerate(zip(us, shapes)):
        if k == 0 and shape.before:
            if items:  # no break between the indent and an opening bracket: an indent alone
                items.append(Penalty(0, INF))  # would make an empty line (clreq §3.4.1)
            items.append(Glue(shape.before, 0.0, shape.shrink_before))
        items.extend(_boxes(unit, shape))
        if k + 1 < len(us):
            items.extend(_gap(unit, shape, us[k + 1], shapes[k + 1], ctx, spaced[k + 1]))
    items += [Penalty(0, INF), Glue(0, PARAGRAPH_END_STRETCH, 0), Penalty(0, -INF)]
    return Itemized(tuple(items), tuple(ctx.missing))


def _offsets(us: list[Unit]) -> list[int]:
    out, pos = [], 0
    for u in us:
        out.append(pos)
        pos += len(u.text)
    return out


def _shape(unit: Unit, offset: int, ctx: _Ctx) -> _Shape:
    """Geometry of one unit (punctuation classes after clreq §3.1.6.1)."""
    em = ctx.size
    glyphs = _glyphs(unit.text, offset, ctx)
    natural = sum(ctx.metrics.advance(g.role, ch, em) for g in glyphs for ch in g.text)
    half = em / 2
    squeeze = ctx.config.punctuation != "quanjiao"
    if unit.cls is Cls.STOP or unit.cls is Cls.CLOSE:
        return _closing(unit, glyphs, natural, em, squeeze, ctx.config.punctuation)
    if unit.cls is Cls.OPEN:
        return _opening(glyphs, natural, em, squeeze)
    if unit.cls is Cls.MIDDLE:
        pad = max(0.0, (em - natural) / 2)  # centred in one em, ¼ em adjustable each side
        return _Shape(pad, natural, pad, min(pad, em / 4), min(pad, em / 4), glyphs)
    if unit.cls is Cls.DASH:
        # —— is exactly 2 em (GB/T 15834 §5.1.4): scale the two dashes to meet.
        return _Shape(0, 2 * em, 0, 0, 0, (_scaled(glyphs[0], 2 * em, natural),))
    if unit.cls is Cls.ELLIPSIS:
        return _Shape(0, 2 * em if len(unit.text) == 2 else em, 0, 0, 0,
                      (_scaled(glyphs[0], (2 if len(unit.text) == 2 else 1) * em, natural),))
    return _Shape(0, natural, 0, 0, 0, glyphs)


def _closing(unit: Unit, glyphs, natural: float, em: float, squeeze: bool, style: str) -> _Shape:
    """A mark with its adjustable space on the right (，。、：；？！ and closing brackets).

    A full-width glyph is its left half plus ½ em of space; a proportional one (the curly quotes
    of many Kai faces) is its advance plus the space that makes it one em. Either way the mark
    may shrink to ½ em (clreq §3.5.3) and its space vanishes at a line end (GB/T 15834 §5.1.10).
    """
    half = em / 2
    box = half if natural >= em * 0.99 else min(natural, half)
    if style == "banjiao" or (squeeze and (unit.cls is Cls.CLOSE or unit.text not in "。？！．")):
        return _Shape(0, box, max(0.0, half - box), 0, 0, glyphs)  # 半角 / 开明: half-width
    return _Shape(0, box, em - box, 0, half, glyphs)


def _opening(glyphs, natural: float, em: float, squeeze: bool) -> _Shape:
    """A mark with its adjustable space on the left (opening brackets and quotes); a full-width
    glyph is drawn ½ em left of its box, so only its right half (the ink) is in the box."""
    half = em / 2
    if natural >= em * 0.99:
        glyphs = tuple(Glyphs(g.text, g.role, g.size, -half, 1.0, g.src) for g in glyphs)
        box = half
    else:
        box = min(natural, half)
    if squeeze:
        return _Shape(max(0.0, half - box), box, 0, 0, 0, glyphs)
    return _Shape(em - box, box, 0, half, 0, glyphs)


def _scaled(g: Glyphs, target: float, natural: float) -> Glyphs:
    return Glyphs(g.text, g.role, g.size, g.dx, target / natural if natural else 1.0, g.src)


def _glyphs(text: str, offset: int, ctx: _Ctx) -> tuple[Glyphs, ...]:
    """Runs of the text by the face that sets them; uncovered characters become 〓."""
    runs: list[Glyphs] = []
    for i, ch in enumerate(text):
        face = ctx.metrics.face_for(ctx.role, ch)
        if face is None:
            ctx.missing.append(MissingChar(ch, offset + i))
            ch, face = MISSING_MARK, ctx.metrics.face_for(ctx.role, MISSING_MARK) or ctx.role
        if runs and runs[-1].role == face:
            runs[-1] = Glyphs(runs[-1].text + ch, face, ctx.size, src=runs[-1].src)
        else:
            runs.append(Glyphs(ch, face, ctx.size, src=offset + i))
    return tuple(runs)


def _compress_adjacent(us: list[Unit], shapes: list[_Shape], size: float) -> None:
    """Two adjacent marks give up ½ em: first the left mark's trailing space, then the right
    mark's leading space (clreq §3.1.6.2 `#h-adjustment_of_adjacent_punctuation_marks`)."""
    for k in range(len(us) - 1):
        a, b = shapes[k], shapes[k + 1]
        if not (us[k].is_punct and us[k + 1].is_punct):
            continue
        take = size / 2
        cut_a = min(a.after, take)
        cut_b = min(b.before, take - cut_a)
        shapes[k] = _Shape(a.before, a.width, a.after - cut_a, a.shrink_before,
                           min(a.shrink_after, a.after - cut_a), a.glyphs)
        shapes[k + 1] = _Shape(b.before - cut_b, b.width, b.after,
                               min(b.shrink_before, b.before - cut_b), b.shrink_after, b.glyphs)


def _boxes(unit: Unit, shape: _Shape) -> list[Item]:
    content = 0.0 if unit.is_punct or unit.cls in (Cls.SPACE,) else \
        (1.0 if unit.cls is not Cls.LATIN else max(1.0, len(unit.text) / 2))
    if len(shape.glyphs) == 1:
        return [Box(shape.width, shape.glyphs[0], content)]
    # A unit set in several faces: one box per run, glued without a break.
    out: list[Item] = []
    for n, g in enumerate(shape.glyphs):
        if n:
            out += [Penalty(0, INF), Glue(0, 0, 0)]
        out.append(Box(shape.width / len(shape.glyphs), g, content / len(shape.glyphs)))
    return out


def _gap(a: Unit, sa: _Shape, b: Unit, sb: _Shape, ctx: _Ctx, spaced: bool) -> list[Item]:
    """The glue between two units, with a +∞ penalty where clreq forbids a break."""
    em = ctx.size
    width = sa.after + sb.before
    shrink = sa.shrink_after + sb.shrink_before
    stretch = HAN_STRETCH_EM * em
    if spaced:  # a word space: a break opportunity, stretch up to ½ em (clreq §3.5.4 step 1)
        space = max(ctx.metrics.advance(ctx.role, " ", em), em / 4)
        width, stretch, shrink = width + space, WORD_SPACE_STRETCH_EM * em, space - em / 4
        # Kinsoku holds across a space (clreq §3.1.4): "（ ABC" must not leave （ at a line end
        # nor "ABC ）" start a line with ）. Only "never split a word" gives way to the space.
        if a.cls is Cls.LATIN and b.cls is Cls.LATIN:
            return [Glue(width, stretch, shrink)]
    elif _cjk_latin(a, b):
        extra = ctx.config.cjk_latin_em * em  # clreq §3.2.2: up to ¼ em, not at line edges
        width, shrink = width + extra, shrink + extra / 2
    elif a.cls in (Cls.DASH, Cls.ELLIPSIS) and a.cls is b.cls:
        stretch = 0.0
    cost = break_cost(a, b, ctx.config.kinsoku, ctx.config.keep_number_units)
    glue = Glue(width, stretch, shrink)
    if cost is None:
        return [Penalty(0, INF), glue]
    return [Penalty(0, cost), glue] if cost else [glue]


def _cjk_latin(a: Unit, b: Unit) -> bool:
    """Han next to a Latin word or number (no space next to punctuation: clreq §3.2.4)."""
    return (a.cls is Cls.HAN and b.cls is Cls.LATIN) or (a.cls is Cls.LATIN and b.cls is Cls.HAN)
