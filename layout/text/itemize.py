"""Units → Box / Glue / Penalty items: punctuation widths and compression, CJK–Latin spacing, kinsoku.

A full-width mark is split into its glyph half (a box) and its adjustable half (glue), after
clreq §3.1.6.1 `#h-punctuation_adjustment_space`. Glue vanishes at a line break, so a mark at a
line end is set half-width (GB/T 15834 §5.1.10) and an opening bracket at a line start loses its
leading half em (clreq §3.1.6.3) without any special case. Adjacent marks give up ½ em between
them (clreq §3.1.6.2, 2 em → 1.5 em). Forbidden breaks (clreq §3.1.4) are +∞ penalties.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from layout.fonts import MISSING_MARK, Metrics
from layout.text.fastinit import maker
from layout.text.linebreak import INF, Box, Glue, Item, Penalty
from layout.text.segment import Cls, Unit, break_cost, edge_keys, scan

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


_new_glyphs = maker(Glyphs)
_new_box = maker(Box)

PUNCT = frozenset((Cls.OPEN, Cls.CLOSE, Cls.STOP, Cls.MIDDLE))
"""Classes with adjustable space (clreq §3.1.6.1): adjacent ones compress (§3.1.6.2)."""

Run = tuple[int, str, str, float, float]
"""A run of a unit's glyphs: (offset in the unit, text, face role, dx, hscale)."""


@dataclass(frozen=True, slots=True)
class _Shape:
    """A unit's geometry in pt: space before, glyph box, space after, shrinkable parts; its glyph
    runs and missing characters relative to the unit; and the ids its gaps are memoized by."""

    before: float
    width: float
    after: float
    shrink_before: float
    shrink_after: float
    runs: tuple[Run, ...]
    missing: tuple[tuple[int, str], ...]
    content: float
    cls: Cls
    edges: tuple[str, str]
    """What `break_cost` sees of the unit's first and last characters (`edge_keys`)."""
    start_id: int
    """Id of (class, first edge, space before, its shrink), shifted for the gap key."""
    end_id: int
    """Id of (class, last edge, space after, its shrink), shifted for the gap key."""
    run: Run | None
    """The only run, if there is one (the common case)."""


_KEY_IDS: dict[tuple, int] = {}
_ID_BITS = 20


def _key_id(key: tuple) -> int:
    """A small int for a gap key half, so that a gap is looked up by one int."""
    found = _KEY_IDS.get(key)
    if found is None:
        if len(_KEY_IDS) >= 1 << _ID_BITS:  # never in practice; stay collision-free anyway
            _KEY_IDS.clear()
            _KITS.clear()
        found = _KEY_IDS[key] = len(_KEY_IDS)
    return found


def _make_shape(text: str, cls: Cls, before: float, width: float, after: float,
                shrink_before: float, shrink_after: float, runs: tuple[Run, ...],
                missing: tuple[tuple[int, str], ...] = ()) -> _Shape:
    """A _Shape with its content (for the runt rule) and gap ids filled in."""
    content = 0.0 if cls in PUNCT else max(1.0, len(text) / 2) if cls is Cls.LATIN else 1.0
    edges = edge_keys(text, cls)
    return _respace(_Shape(before, width, after, shrink_before, shrink_after, runs, missing,
                           content, cls, edges, 0, 0, runs[0] if len(runs) == 1 else None),
                    before, after, shrink_before, shrink_after)


def _respace(s: _Shape, before: float, after: float, shrink_before: float,
             shrink_after: float) -> _Shape:
    """`s` with other space around its glyph box (gap ids updated)."""
    start = _key_id((s.cls, s.edges[0], before, shrink_before)) << 1
    end = _key_id((s.cls, s.edges[1], after, shrink_after)) << (_ID_BITS + 1)
    return _Shape(before, s.width, after, shrink_before, shrink_after, s.runs, s.missing,
                  s.content, s.cls, s.edges, start, end, s.run)


class _Kit:
    """Everything about one setting (metrics, role, size, config) that does not depend on where
    a unit stands: unit shapes by (text, class) and the items between two units by their gap
    key (`end_id | start_id | spaced`). Han–Han, the common case, is one shared tuple of items.
    Metrics must not change."""

    MAX_SHAPES = 50_000

    def __init__(self, metrics: Metrics, role: str, size: float, config: ItemizeConfig):
        self.metrics, self.role, self.size, self.config = metrics, role, size, config
        self.shapes: dict[tuple[str, Cls], _Shape] = {}
        self.gaps: dict[int, tuple[Item, ...]] = {}

    def shape(self, text: str, cls: Cls) -> _Shape:
        """The memoized shape of a unit."""
        key = (text, cls)
        found = self.shapes.get(key)
        if found is None:
            if len(self.shapes) > self.MAX_SHAPES:  # Latin words and numbers are unbounded
                self.shapes.clear()
            found = self.shapes[key] = _shape(text, cls, self)
        return found

    def gap(self, a: str, sa: _Shape, b: str, sb: _Shape, spaced: int) -> tuple[Item, ...]:
        """The memoized items between units `a` and `b` (their shapes decide: see edge_keys)."""
        key = sa.end_id | sb.start_id | spaced
        found = self.gaps.get(key)
        if found is None:
            found = self.gaps[key] = tuple(_gap(Unit(a, sa.cls), sa, Unit(b, sb.cls), sb, self,
                                                bool(spaced)))
        return found


_KITS: dict[tuple, tuple[Metrics, _Kit]] = {}


def _kit(metrics: Metrics, role: str, size: float, config: ItemizeConfig) -> _Kit:
    """The kit of a setting (metrics by identity; the entry holds them, so the id stays theirs)."""
    key = (id(metrics), role, size, config)
    entry = _KITS.get(key)
    if entry is None or entry[0] is not metrics:
        if len(_KITS) > 64:
            _KITS.clear()
        entry = _KITS[key] = (metrics, _Kit(metrics, role, size, config))
    return entry[1]


def clear_caches() -> None:
    """Forget every memoized shape and gap (tests use it to check the memoization)."""
    _KITS.clear()


def itemize(text: str, role: str, size: float, metrics: Metrics,
            config: ItemizeConfig = ItemizeConfig(), indent: bool = True) -> Itemized:
    """Itemize one paragraph: 1. units 2. shapes 3. adjacent compression 4. boxes and the gaps
    between them 5. paragraph end."""
    kit = _kit(metrics, role, size, config)
    texts, classes, offsets, spaced = _words(text)
    get, shape = kit.shapes.get, kit.shape
    shapes = [get((t, c)) or shape(t, c) for t, c in zip(texts, classes)]
    _compress_adjacent(classes, shapes, size)
    items: list[Item] = []
    missing: list[MissingChar] = []
    if indent and config.indent_em:
        items.append(Box(config.indent_em * size, None, 0.0))
    if shapes and shapes[0].before:
        if items:  # no break between the indent and an opening bracket: an indent alone
            items.append(Penalty(0, INF))  # would make an empty line (clreq §3.4.1)
        items.append(Glue(shapes[0].before, 0.0, shapes[0].shrink_before))
    append, extend, gaps = items.append, items.extend, kit.gaps.get
    new_box, new_glyphs = _new_box, _new_glyphs
    last = len(texts) - 1
    for k, (sh, offset) in enumerate(zip(shapes, offsets)):
        if sh.missing:
            missing += [MissingChar(char, offset + at) for at, char in sh.missing]
        run = sh.run
        if run is not None:
            append(new_box(sh.width, new_glyphs(run[1], run[2], size, run[3], run[4],
                                                offset + run[0]), sh.content))
        else:
            extend(_run_boxes(sh, offset, size))
        if k < last:
            after = shapes[k + 1]
            found = gaps(sh.end_id | after.start_id | spaced[k + 1])
            extend(found if found is not None else
                   kit.gap(texts[k], sh, texts[k + 1], after, spaced[k + 1]))
    items += PARAGRAPH_END
    return Itemized(tuple(items), tuple(missing))


PARAGRAPH_END = (Penalty(0, INF), Glue(0, PARAGRAPH_END_STRETCH, 0), Penalty(0, -INF))
"""The last line is set at its natural width (clreq §3.4.3): infinite stretch, forced break."""


def _words(text: str) -> tuple[list[str], list[Cls], list[int], list[int]]:
    """Units without spaces: texts, classes, offsets, and whether (1) or not (0) a space
    preceded each."""
    texts, classes = scan(text)
    if Cls.SPACE not in classes:  # the common case in Chinese copy
        offsets = list(accumulate(map(len, texts[:-1]), initial=0)) if texts else []
        return texts, classes, offsets, [0] * len(texts)
    kept_texts, kept_classes, offsets, spaced = [], [], [], []
    pos, space = 0, 0
    for t, c in zip(texts, classes):
        if c is Cls.SPACE:
            space = 1
        else:
            kept_texts.append(t)
            kept_classes.append(c)
            offsets.append(pos)
            spaced.append(space)
            space = 0
        pos += len(t)
    return kept_texts, kept_classes, offsets, spaced


def _shape(text: str, cls: Cls, kit: _Kit) -> _Shape:
    """Geometry of one unit (punctuation classes after clreq §3.1.6.1)."""
    em = kit.size
    runs, missing = _glyphs(text, kit)
    advance = kit.metrics.advance
    natural = sum(advance(face, ch, em) for _, run, face, _, _ in runs for ch in run)
    squeeze = kit.config.punctuation != "quanjiao"
    if cls is Cls.STOP or cls is Cls.CLOSE:
        return _closing(text, cls, runs, missing, natural, em, squeeze, kit.config.punctuation)
    if cls is Cls.OPEN:
        return _opening(text, runs, missing, natural, em, squeeze)
    if cls is Cls.MIDDLE:
        pad = max(0.0, (em - natural) / 2)  # centred in one em, ¼ em adjustable each side
        return _make_shape(text, cls, pad, natural, pad, min(pad, em / 4), min(pad, em / 4),
                           runs, missing)
    if cls is Cls.DASH:
        # —— is exactly 2 em (GB/T 15834 §5.1.4): scale the two dashes to meet.
        return _make_shape(text, cls, 0, 2 * em, 0, 0, 0, (_scaled(runs[0], 2 * em, natural),),
                           missing)
    if cls is Cls.ELLIPSIS:
        width = (2 if len(text) == 2 else 1) * em  # …… is exactly 2 em (GB/T 15834 §5.1.5)
        return _make_shape(text, cls, 0, width, 0, 0, 0, (_scaled(runs[0], width, natural),),
                           missing)
    return _make_shape(text, cls, 0, natural, 0, 0, 0, runs, missing)


def _closing(text: str, cls: Cls, runs: tuple[Run, ...], missing, natural: float, em: float,
             squeeze: bool, style: str) -> _Shape:
    """A mark with its adjustable space on the right (，。、：；？！ and closing brackets).

    A full-width glyph is its left half plus ½ em of space; a proportional one (the curly quotes
    of many Kai faces) is its advance plus the space that makes it one em. Either way the mark
    may shrink to ½ em (clreq §3.5.3) and its space vanishes at a line end (GB/T 15834 §5.1.10).
    """
    half = em / 2
    box = half if natural >= em * 0.99 else min(natural, half)
    if style == "banjiao" or (squeeze and (cls is Cls.CLOSE or text not in "。？！．")):
        return _make_shape(text, cls, 0, box, max(0.0, half - box), 0, 0, runs, missing)
    return _make_shape(text, cls, 0, box, em - box, 0, half, runs, missing)  # 半角 / 开明 above


def _opening(text: str, runs: tuple[Run, ...], missing, natural: float, em: float,
             squeeze: bool) -> _Shape:
    """A mark with its adjustable space on the left (opening brackets and quotes); a full-width
    glyph is drawn ½ em left of its box, so only its right half (the ink) is in the box."""
    half = em / 2
    if natural >= em * 0.99:
        runs = tuple((at, run, face, -half, 1.0) for at, run, face, _, _ in runs)
        box = half
    else:
        box = min(natural, half)
    if squeeze:
        return _make_shape(text, Cls.OPEN, max(0.0, half - box), box, 0, 0, 0, runs, missing)
    return _make_shape(text, Cls.OPEN, em - box, box, 0, half, 0, runs, missing)


def _scaled(run: Run, target: float, natural: float) -> Run:
    at, text, face, dx, _ = run
    return (at, text, face, dx, target / natural if natural else 1.0)


def _glyphs(text: str, kit: _Kit) -> tuple[tuple[Run, ...], tuple[tuple[int, str], ...]]:
    """Runs of the text by the face that sets them; uncovered characters become 〓."""
    runs: list[list] = []
    missing: list[tuple[int, str]] = []
    face_for = kit.metrics.face_for
    for i, ch in enumerate(text):
        face = face_for(kit.role, ch)
        if face is None:
            missing.append((i, ch))
            ch, face = MISSING_MARK, face_for(kit.role, MISSING_MARK) or kit.role
        if runs and runs[-1][2] == face:
            runs[-1][1] += ch
        else:
            runs.append([i, ch, face, 0.0, 1.0])
    return tuple(tuple(r) for r in runs), tuple(missing)


def _run_boxes(shape: _Shape, offset: int, size: float) -> list[Item]:
    """A unit set in several faces: one box per run, glued without a break."""
    out: list[Item] = []
    n = len(shape.runs)
    for k, (at, run, face, dx, hscale) in enumerate(shape.runs):
        if k:
            out += [Penalty(0, INF), Glue(0, 0, 0)]
        out.append(Box(shape.width / n, Glyphs(run, face, size, dx, hscale, offset + at),
                       shape.content / n))
    return out


def _compress_adjacent(classes: list[Cls], shapes: list[_Shape], size: float) -> None:
    """Two adjacent marks give up ½ em: first the left mark's trailing space, then the right
    mark's leading space (clreq §3.1.6.2 `#h-adjustment_of_adjacent_punctuation_marks`)."""
    for k, (left, right) in enumerate(zip(classes, classes[1:])):
        if left not in PUNCT or right not in PUNCT:
            continue
        a, b = shapes[k], shapes[k + 1]
        take = size / 2
        cut_a = min(a.after, take)
        cut_b = min(b.before, take - cut_a)
        shapes[k] = _respace(a, a.before, a.after - cut_a, a.shrink_before,
                             min(a.shrink_after, a.after - cut_a))
        shapes[k + 1] = _respace(b, b.before - cut_b, b.after,
                                 min(b.shrink_before, b.before - cut_b), b.shrink_after)


def _gap(a: Unit, sa: _Shape, b: Unit, sb: _Shape, kit: _Kit, spaced: bool) -> list[Item]:
    """The glue between two units, with a +∞ penalty where clreq forbids a break."""
    em = kit.size
    width = sa.after + sb.before
    shrink = sa.shrink_after + sb.shrink_before
    stretch = HAN_STRETCH_EM * em
    if spaced:  # a word space: a break opportunity, stretch up to ½ em (clreq §3.5.4 step 1)
        space = max(kit.metrics.advance(kit.role, " ", em), em / 4)
        width, stretch, shrink = width + space, WORD_SPACE_STRETCH_EM * em, space - em / 4
        # Kinsoku holds across a space (clreq §3.1.4): "（ ABC" must not leave （ at a line end
        # nor "ABC ）" start a line with ）. Only "never split a word" gives way to the space.
        if a.cls is Cls.LATIN and b.cls is Cls.LATIN:
            return [Glue(width, stretch, shrink)]
    elif _cjk_latin(a, b):
        extra = kit.config.cjk_latin_em * em  # clreq §3.2.2: up to ¼ em, not at line edges
        width, shrink = width + extra, shrink + extra / 2
    elif a.cls in (Cls.DASH, Cls.ELLIPSIS) and a.cls is b.cls:
        stretch = 0.0
    cost = break_cost(a, b, kit.config.kinsoku, kit.config.keep_number_units)
    glue = Glue(width, stretch, shrink)
    if cost is None:
        return [Penalty(0, INF), glue]
    return [Penalty(0, cost), glue] if cost else [glue]


def _cjk_latin(a: Unit, b: Unit) -> bool:
    """Han next to a Latin word or number (no space next to punctuation: clreq §3.2.4)."""
    return (a.cls is Cls.HAN and b.cls is Cls.LATIN) or (a.cls is Cls.LATIN and b.cls is Cls.HAN)
