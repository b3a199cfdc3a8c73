"""Units → Box / Glue / Penalty items: punctuation widths and compression, CJK–Latin spacing, kinsoku.

A full-width mark is split into its glyph half (a box) and its adjustable half (glue), after
clreq §3.1.6.1 `#h-punctuation_adjustment_space`. Glue vanishes at a line break, so a mark at a
line end is set half-width (GB/T 15834 §5.1.10) and an opening bracket at a line start loses its
leading half em (clreq §3.1.6.3) without any special case. Adjacent marks give up ½ em between
them (clreq §3.1.6.2, 2 em → 1.5 em). Forbidden breaks (clreq §3.1.4) are +∞ penalties.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise

from layout.fonts import MISSING_MARK, Metrics
from layout.text.fastinit import maker
from layout.text.lang import ZH_HANS, LangRules
from layout.text.linebreak import INF, Box, BreakTable, Glue, Item, Penalty
from layout.text.segment import (HYPHEN_BREAK_COST, NUMBER_UNIT_COST, WESTERN, Cls, Unit,
                                 break_cost, compound_breaks, edge_keys, halfwidth, is_url,
                                 range_breaks, segment, uax14_pair, uax14_verdict, url_breaks)

HAN_STRETCH_EM = 0.1
"""Stretch of each inter-character gap (clreq §3.5.4 step 3: spread evenly over the gaps). At
the breaker's tolerance (ratio 1) a gap opens by at most 0.1 em: no line is loose."""
PUNCT_STRETCH_EM = 0.2
"""Stretch of a gap that holds a mark's adjustable space (after ，。、 or a closing bracket,
before an opening one): twice a Han gap's. clreq §3.5.4 spreads all gaps alike; opening the
pause after a comma by 0.2 em shows less than opening the characters around it, and a line
with a comma can then take up what a line of Han characters alone cannot."""
PARAGRAPH_END_STRETCH = 100_000.0
HANG_COST = 400.0
"""Cost of a line that ends with a mark hanging past the measure (`LangRules.hang_marks`): a
last resort, taken only where every other set of breaks has a line spread by more than 0.1 em
(a loose line costs `BreakConfig.loose_demerits`, 1,000,000, against 400² here) or a kept
number unit broken (800²)."""


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
    """Composition settings: the language's rules (`lang.LangRules`, with the house style's
    choices in them) and the text style's indent and tracking."""

    rules: LangRules = ZH_HANS
    indent_em: float = 2.0
    tracking_em: float = 0.0
    """Added to every gap between CJK units (copyfit: ±0.05 em at most); not inside Western
    words, whose letters are never spaced (clreq §3.2.4)."""


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
    table: BreakTable | None = field(default=None, compare=False, repr=False)
    """`BreakTable(items)` without its hanging breaks (those are in `table.hangs`), built
    alongside the items (the itemizer knows where its breaks are)."""


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
    """The only run, if there is one and the unit cannot break inside (the common case)."""
    split: _Split | None = None
    """How the unit breaks inside itself (a hyphenated word, an address, a range), if it does."""
    hang: float = 0.0
    """Width that may hang past a line's end after this mark (0: it never hangs)."""


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
                missing: tuple[tuple[int, str], ...] = (), content: float = 1.0) -> _Shape:
    """A _Shape with its content (for the runt rule: 0 for marks, `content` else) and gap ids
    filled in."""
    if cls in PUNCT or cls is Cls.CONTROL:
        content = 0.0
    edges = edge_keys(text, cls)
    return _respace(_Shape(before, width, after, shrink_before, shrink_after, runs, missing,
                           content, cls, edges, 0, 0, runs[0] if len(runs) == 1 else None),
                    before, after, shrink_before, shrink_after)


def _respace(s: _Shape, before: float, after: float, shrink_before: float,
             shrink_after: float, hang: float | None = None) -> _Shape:
    """`s` with other space around its glyph box, or another hang (gap ids updated)."""
    hang = s.hang if hang is None else hang
    start = _key_id((s.cls, s.edges[0], before, shrink_before)) << 2
    end = _key_id((s.cls, s.edges[1], after, shrink_after, hang)) << (_ID_BITS + 2)
    return _Shape(before, s.width, after, shrink_before, shrink_after, s.runs, s.missing,
                  s.content, s.cls, s.edges, start, end, s.run, s.split, hang)


class _Kit:
    """Everything about one setting (metrics, role, size, config) that does not depend on where
    a unit stands: unit shapes by (text, class) and the items between two units by their gap
    key (`end_id | start_id | flags`). Han–Han, the common case, is one shared tuple of items.
    Metrics must not change."""

    MAX_SHAPES = 50_000

    def __init__(self, metrics: Metrics, role: str, size: float, config: ItemizeConfig):
        self.metrics, self.role, self.size, self.config = metrics, role, size, config
        self.rules = config.rules
        self.overrides = config.rules.overrides
        self.shapes: dict[tuple[str, Cls], _Shape] = {}
        self.gaps: dict[int, _GapItems] = {}

    def shape(self, text: str, cls: Cls) -> _Shape:
        """The memoized shape of a unit."""
        key = (text, cls)
        found = self.shapes.get(key)
        if found is None:
            if len(self.shapes) > self.MAX_SHAPES:  # Latin words and numbers are unbounded
                self.shapes.clear()
            found = _shape(text, cls, self)
            if cls is Cls.LATIN and found.run is not None:
                found = _breaking(text, found, self)
            elif text in self.rules.hang_marks and cls is Cls.STOP:
                found = _respace(found, found.before, found.after, found.shrink_before,
                                 found.shrink_after, found.width)
            self.shapes[key] = found
        return found

    def gap(self, a: str, sa: _Shape, b: str, sb: _Shape, flags: int) -> _GapItems:
        """The memoized items between units `a` and `b` (their shapes and the gap's flags decide:
        see edge_keys)."""
        key = sa.end_id | sb.start_id | flags
        found = self.gaps.get(key)
        if found is None:
            found = self.gaps[key] = _summed(_gap(Unit(a, sa.cls), sa, Unit(b, sb.cls), sb, self,
                                                  flags))
        return found


_GapItems = tuple
"""The items between two units and what they do to the break table: (items, legal, penalty
width, cost, flagged, width, stretch, shrink, hang). A gap is its glue (one, or two for
Han–Western spacing), after a penalty or not; its first item is its only possible legal break
(a glue after a box, or a penalty below +∞) — except after a mark that may hang: then a zero
glue (or the penalty) comes first, and a second break follows it, a penalty whose width takes
the mark's box back (`hang`: that width)."""


def _summed(items: list[Item]) -> _GapItems:
    glues = [i for i in items if type(i) is Glue]
    first = items[0]
    if type(first) is Penalty:
        legal, pen = first.cost < INF, first
    else:
        legal, pen = True, Penalty(0.0, 0.0)
    hang = -min((i.width for i in items if type(i) is Penalty), default=0.0)
    return (tuple(items), legal, pen.width, pen.cost, pen.flagged, sum(g.width for g in glues),
            sum(g.stretch for g in glues), sum(g.shrink for g in glues), hang)


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
    between them, and the break table alongside 5. paragraph end."""
    kit = _kit(metrics, role, size, config)
    rules = config.rules
    if rules.latin.halfwidth_alnum:
        text = halfwidth(text)
    texts, classes, offsets, flags = _words(text)
    if rules.class_overrides:
        overrides = kit.overrides
        classes = [overrides.get(t, c) for t, c in zip(texts, classes)]
    get, shape = kit.shapes.get, kit.shape
    shapes = [get((t, c)) or shape(t, c) for t, c in zip(texts, classes)]
    if rules.compress_adjacent:  # not in CNS style (clreq §3.1.6.1)
        _compress_adjacent(classes, shapes, size)
    items, first, (w, st, sk, c) = _opening_items(shapes, config, size, indent)
    if not shapes:
        items += PARAGRAPH_END
        return Itemized(tuple(items), (), BreakTable(items))
    missing: list[MissingChar] = []
    # The break table's rows, as linebreak._scan would find them but for the breaks that hang
    # a mark, which go to `hangs`: the first pass does without them (a test checks).
    breaks: list[tuple] = []
    hangs: list[tuple[int, tuple]] = []
    starts = [first]
    add_break, add_start = breaks.append, starts.append
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
            w += sh.width
            c += sh.content
        else:  # several faces, a hyphenated word, an invisible control
            w, st, sk, c = _unit_items(sh, offset, size, items, (w, st, sk, c), breaks, starts)
        if k < last:
            after = shapes[k + 1]
            found = gaps(sh.end_id | after.start_id | flags[k + 1])
            if found is None:
                found = kit.gap(texts[k], sh, texts[k + 1], after, flags[k + 1])
            gap, legal, pen_width, cost, flagged, gw, gs, gk, hang = found
            if legal:
                add_break((len(items), w, st, sk, c, pen_width, cost, flagged))
                if hang:  # the same break with the mark hanging (see _GapItems)
                    hangs.append((len(breaks), (len(items) + 1, w, st, sk, c, -hang,
                                                cost + HANG_COST, False)))
            w += gw
            st += gs
            sk += gk
            if legal:
                add_start((w, st, sk, c))  # the next line starts at the next box
            extend(gap)
    w += PARAGRAPH_END[1].width  # the paragraph's end: only its forced break is legal
    st += PARAGRAPH_END[1].stretch
    add_break((len(items) + 2, w, st, sk, c, 0, -INF, False))
    add_start((w, st, sk, c))
    items += PARAGRAPH_END
    table = BreakTable(items, (breaks, starts))
    table.hangs = hangs
    return Itemized(tuple(items), tuple(missing), table)


def _opening_items(shapes: list[_Shape], config: ItemizeConfig, size: float,
                   indent: bool) -> tuple[list[Item], tuple[float, float, float, float],
                                          tuple[float, float, float, float]]:
    """The items before the first unit (the indent, an opening bracket's space); the sums
    where the first line starts (the space before a bracket is discarded there, the indent is
    not); and the sums after these items."""
    items: list[Item] = []
    first = total = (0.0, 0.0, 0.0, 0.0)
    if indent and config.indent_em:
        items.append(Box(config.indent_em * size, None, 0.0))
        total = (config.indent_em * size, 0.0, 0.0, 0.0)
    if shapes and shapes[0].before:
        if items:  # no break between the indent and an opening bracket: an indent alone
            items.append(Penalty(0, INF))  # would make an empty line (clreq §3.4.1)
        items.append(Glue(shapes[0].before, 0.0, shapes[0].shrink_before))
        total = (total[0] + shapes[0].before, 0.0, shapes[0].shrink_before, 0.0)
        if len(items) == 1:
            first = total
    return items, first, total


PARAGRAPH_END = (Penalty(0, INF), Glue(0, PARAGRAPH_END_STRETCH, 0), Penalty(0, -INF))
"""The last line is set at its natural width (clreq §3.4.3): infinite stretch, forced break."""


def _words(text: str) -> tuple[list[str], list[Cls], list[int], list[int]]:
    """Units without spaces: texts, classes, offsets, and flags for the gap before each:
    SPACED (a space preceded it) and UAX14_BREAK (both it and the unit before are Western and
    UAX #14 allows a break between them)."""
    texts, classes, uax14 = segment(text)
    if Cls.SPACE not in classes and uax14 is None:  # the common case in Chinese copy
        offsets = list(accumulate(map(len, texts[:-1]), initial=0)) if texts else []
        return texts, classes, offsets, [0] * len(texts)
    kept_texts, kept_classes, offsets, flags = [], [], [], []
    pos, space = 0, 0
    for t, c in zip(texts, classes):
        if c is Cls.SPACE:
            space = SPACED
        else:
            if kept_classes and uax14_verdict(Unit(kept_texts[-1], kept_classes[-1]),
                                              Unit(t, c), pos, bool(space), uax14):
                space |= UAX14_BREAK
            kept_texts.append(t)
            kept_classes.append(c)
            offsets.append(pos)
            flags.append(space)
            space = 0
        pos += len(t)
    return kept_texts, kept_classes, offsets, flags


SPACED, UAX14_BREAK = 1, 2
"""Flags of the gap before a unit (the low bits of its memo key)."""


def _shape(text: str, cls: Cls, kit: _Kit) -> _Shape:
    """Geometry of one unit (punctuation classes after clreq §3.1.6.1)."""
    em = kit.size
    if cls is Cls.CONTROL:  # invisible: a zero-width box that draws nothing
        return _make_shape(text, cls, 0, 0.0, 0, 0, 0, ())
    runs, missing = _glyphs(text, kit)
    advance = kit.metrics.advance
    natural = sum(advance(face, ch, em) for _, run, face, _, _ in runs for ch in run)
    rules = kit.rules
    squeeze = rules.punctuation != "quanjiao"
    if cls in PUNCT and rules.centred_marks:
        return _centred(text, cls, runs, missing, natural, em)
    if cls is Cls.STOP or cls is Cls.CLOSE:
        shape = _closing(text, cls, runs, missing, natural, em, squeeze, rules.punctuation)
        if rules.protect_full_stop and text in "。．":  # jlreq §3.8: the space after a full
            shape = _respace(shape, 0, shape.after, 0, 0)  # stop is not squeezed mid-line
        return shape
    if cls is Cls.OPEN:
        return _opening(text, runs, missing, natural, em, squeeze)
    if cls is Cls.MIDDLE:
        return _middle(text, runs, missing, natural, em)
    if cls is Cls.DASH:
        # —— is exactly 2 em (GB/T 15834 §5.1.4): scale the two dashes to meet.
        return _make_shape(text, cls, 0, 2 * em, 0, 0, 0, (_scaled(runs[0], 2 * em, natural),),
                           missing)
    if cls is Cls.ELLIPSIS:
        width = (2 if len(text) == 2 else 1) * em  # …… is exactly 2 em (GB/T 15834 §5.1.5)
        return _make_shape(text, cls, 0, width, 0, 0, 0, (_scaled(runs[0], width, natural),),
                           missing)
    if cls is Cls.LATIN or cls is Cls.OTHER:  # letters and digits count their advance in em
        content = sum(advance(face, ch, em) for _, run, face, _, _ in runs for ch in run
                      if ch.isalnum()) / em
        return _make_shape(text, cls, 0, natural, 0, 0, 0, runs, missing, content)
    return _make_shape(text, cls, 0, natural, 0, 0, 0, runs, missing)


def _middle(text: str, runs: tuple[Run, ...], missing, natural: float, em: float) -> _Shape:
    """An interpunct (· ・, and ： ； in Japanese): centred in one em with ¼ em adjustable on
    each side (clreq §3.1.6.1, jlreq cl-05). A full-width glyph keeps its middle half in the box."""
    if natural >= em * 0.99:
        runs = tuple((at, run, face, -em / 4, 1.0) for at, run, face, _, _ in runs)
        return _make_shape(text, Cls.MIDDLE, em / 4, em / 2, em / 4, em / 4, em / 4, runs,
                           missing)
    pad = max(0.0, (em - natural) / 2)
    return _make_shape(text, Cls.MIDDLE, pad, natural, pad, min(pad, em / 4), min(pad, em / 4),
                       runs, missing)


def _centred(text: str, cls: Cls, runs: tuple[Run, ...], missing, natural: float,
             em: float) -> _Shape:
    """A mark in CNS style (zh-Hant, clreq §3.1.6.1): centred in its own em box, which is never
    trimmed at a line edge nor shared with a neighbour (no adjacent compression)."""
    if natural < em * 0.99:
        runs = tuple((at, run, face, (em - natural) / 2, 1.0) for at, run, face, _, _ in runs)
    return _make_shape(text, cls, 0, max(em, natural), 0, 0, 0, runs, missing)


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


def _unit_items(sh: _Shape, offset: int, size: float, items: list[Item],
                sums: tuple[float, float, float, float], breaks: list[tuple],
                starts: list[tuple]) -> tuple[float, float, float, float]:
    """Append the items of a unit that is not one plain box, with the legal breaks inside it
    (a hyphenated word's, an address's) in the break table's rows; the sums after it."""
    w, st, sk, c = sums
    pending = 0  # breaks whose next line starts at the next box
    made = _split_items(sh, offset, size) if sh.split else _run_boxes(sh, offset, size)
    for item in made:
        kind = type(item)
        if kind is Box:
            if pending:
                starts.extend([(w, st, sk, c)] * pending)
                pending = 0
            w += item.width
            c += item.content
        elif kind is Glue:
            w += item.width
            st += item.stretch
            sk += item.shrink
        elif item.cost < INF:
            breaks.append((len(items), w, st, sk, c, item.width, item.cost, item.flagged))
            pending += 1
        items.append(item)
    return w, st, sk, c


HYPHEN_PENALTY = 50.0
"""Cost of a break at a hyphenation point (TeX's `hyphenpenalty`); such breaks are flagged, so
two in a row cost `BreakConfig.flagged_demerits` more."""
URL_BREAK = (50.0, 0.5)
"""A break inside a web or e-mail address (after / . - @; nothing is added, its own hyphen is
redrawn as `HYPHEN_MARK`) costs 50, and where it may break its characters may move apart by
up to ½ em (early, with word spaces): a line holding only part of an address has no other way
to reach the measure, and a ragged line is worse."""
RANGE_BREAK_COST = NUMBER_UNIT_COST
"""A number range (2020-2022, 1—10) may break after its connector, at the cost of breaking a
number from its unit: the numbers stay whole (GB/T 15835)."""
HYPHENATE_MIN = 6
"""Only words of at least this many letters are hyphenated (and never within 2 letters of the
start or 3 of the end, as TeX's lefthyphenmin and righthyphenmin)."""


@lru_cache(maxsize=4)
def _hyphenator(lang: str):
    import pyphen  # imported on first use: only house styles that hyphenate need it
    return pyphen.Pyphen(lang=lang, left=2, right=3)


@dataclass(frozen=True, slots=True)
class _Split:
    """How a unit breaks inside itself: after each of `cuts` (offsets), where the text before
    is `widths` wide, at `cost`. A hyphenated word sets `mark` (a hyphen) at the line's end;
    a word's own hyphen (`own`: Wi-Fi, 2020-2022, an address's) is drawn as `mark` there and
    as itself elsewhere (a discretionary, as TeX's); other cuts (an address's / . @, a range's
    — ～) break bare, and an address may open by `stretch` pt at a cut it does not break at."""

    cuts: tuple[int, ...]
    widths: tuple[float, ...]
    cost: float
    mark: str = ""
    mark_width: float = 0.0
    own: float = 0.0
    """The width of the word's own hyphen before each cut (0: no own hyphen)."""
    stretch: float = 0.0


HYPHEN_MARK = "\u2011"
"""The hyphen drawn where a line breaks inside a word: U+2011 has the glyph of `-`, and PDF
readers keep it in the text they extract (they drop a line-final U+002D as a soft hyphen, so
`Wi-|Fi` would be copied as `WiFi`, and checkers see a word split without a hyphen)."""


def _breaking(text: str, shape: _Shape, kit: _Kit) -> _Shape:
    """A Latin unit's shape with the breaks inside it: an address's (after / . - @), a range's
    (after its dash), a word's own hyphens, or else its hyphenation points."""
    if is_url(text):
        cost, stretch = URL_BREAK
        return _with_split(shape, url_breaks(text), (cost, "-" in text, stretch * kit.size), kit)
    cuts = range_breaks(text)
    if cuts:
        return _with_split(shape, cuts, (RANGE_BREAK_COST, "-" in text, 0.0), kit)
    cuts = compound_breaks(text)
    if cuts:
        return _with_split(shape, cuts, (HYPHEN_BREAK_COST, True, 0.0), kit)
    if kit.rules.latin.hyphenate:
        return _hyphenated(text, shape, kit)
    return shape


def _hyphenated(text: str, shape: _Shape, kit: _Kit) -> _Shape:
    """A long English word's shape with its hyphenation points (pyphen's patterns). A camel-case
    name (JavaScript, WebAssembly) breaks only where its parts meet, 3 letters or more either
    side; acronyms (NASA) and short words stay whole."""
    if len(text) < HYPHENATE_MIN or not (text.isascii() and text.isalpha()):
        return shape
    if text[1:].islower():
        cuts = tuple(_hyphenator(kit.rules.latin.hyphen_lang).positions(text))
    else:
        cuts = tuple(k for k in range(3, len(text) - 2)
                     if text[k - 1].islower() and text[k].isupper())
    return _with_split(shape, cuts, (HYPHEN_PENALTY, None, 0.0), kit)


def _with_split(shape: _Shape, cuts: tuple[int, ...], how: tuple[float, bool | None, float],
                kit: _Kit) -> _Shape:
    """`shape` (one run) breakable after offsets `cuts`; `how` is (cost, whether the break is at
    the word's own hyphen — None: at a hyphenation point, with a hyphen added —, stretch)."""
    if not cuts:
        return shape
    cost, own, stretch = how
    _, run, face, _, _ = shape.run
    advance = kit.metrics.advance
    widths = tuple(sum(advance(face, ch, kit.size) for ch in run[:cut]) for cut in cuts)
    mark, mark_width = "", 0.0
    if own is not False:  # a hyphen at the line's end: U+2011 if the face has it
        mark = HYPHEN_MARK if kit.metrics.face_for(face, HYPHEN_MARK) == face else "-"
        mark_width = advance(face, mark, kit.size)
    own_width = advance(face, "-", kit.size) if own else 0.0
    split = _Split(cuts, widths, cost, mark, mark_width, own_width, stretch)
    return dataclasses.replace(shape, run=None, split=split)


def _split_items(sh: _Shape, offset: int, size: float) -> list[Item]:
    """A unit that breaks inside: its pieces as boxes with a penalty between them — a flagged
    one with a hyphen's width and glyph, drawn if the line breaks there; at a word's own hyphen
    also a glue that draws the hyphen if it does not; a bare one (an address, a range) with,
    for an address, a little early stretch. No other glue: letters never spread."""
    (_, run, face, dx, hscale), = sh.runs
    sp = sh.split
    out: list[Item] = []
    start, done = 0, 0.0
    for cut, width in zip(sp.cuts + (len(run),), sp.widths + (sh.width,)):
        own = sp.own if cut < len(run) and run[cut - 1] == "-" else 0.0
        end = cut - 1 if own else cut  # the own hyphen leaves the box
        box = width - own - done
        out.append(Box(box, Glyphs(run[start:end], face, size, dx, hscale, offset + start),
                       sh.content * box / sh.width if sh.width else 0.0))
        if cut == len(run):
            break
        if sp.mark and (own or not sp.own):  # a hyphen at the line's end
            out.append(Penalty(sp.mark_width, sp.cost, True,
                               Glyphs(sp.mark, face, size, 0.0, 1.0, -1)))
        else:
            out.append(Penalty(0.0, sp.cost))
        if own:
            out.append(Glue(own, sp.stretch, 0.0, bool(sp.stretch),
                            Glyphs(run[end], face, size, dx, hscale, offset + end)))
        elif sp.stretch:
            out.append(Glue(0.0, sp.stretch, 0.0, True))
        start, done = cut, width
    return out


def _run_boxes(shape: _Shape, offset: int, size: float) -> list[Item]:
    """A unit set in several faces: one box per run, glued without a break (or no run)."""
    if not shape.runs:
        return [Box(shape.width, None, shape.content)]  # an invisible control
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
    marks = [k for k, c in enumerate(classes) if c in PUNCT]
    for k, n in pairwise(marks):
        if n != k + 1:
            continue
        a, b = shapes[k], shapes[n]
        take = size / 2
        cut_a = min(a.after, take)
        cut_b = min(b.before, take - cut_a)
        shapes[k] = _respace(a, a.before, a.after - cut_a, a.shrink_before,
                             min(a.shrink_after, a.after - cut_a))
        shapes[n] = _respace(b, b.before - cut_b, b.after,
                             min(b.shrink_before, b.before - cut_b), b.shrink_after, 0.0)
        # ↑ a mark after another never hangs: "in the case of a succession of punctuation
        # marks, punctuation hanging should not be applied" (clreq §3.1.7)


def _gap(a: Unit, sa: _Shape, b: Unit, sb: _Shape, kit: _Kit, flags: int) -> list[Item]:
    """The glue between two units, with a +∞ penalty where clreq (or, between Western units,
    UAX #14) forbids a break, and a second break after a mark that may hang."""
    glues = _spacing(a, sa, b, sb, kit, flags)
    cost = break_cost(a, b, kit.rules.kinsoku, kit.rules.keep_number_units,
                      bool(flags & UAX14_BREAK) if uax14_pair(a, b) else None)
    if cost is None:
        return [Penalty(0, INF), *glues]
    if sa.hang:  # the mark may hang past the line's end (clreq §3.1.7) as a second break here
        return [Penalty(0, cost) if cost else Glue(0.0, 0.0, 0.0),
                Penalty(-sa.hang, cost + HANG_COST), *glues]
    return [Penalty(0, cost), *glues] if cost else glues


def _spacing(a: Unit, sa: _Shape, b: Unit, sb: _Shape, kit: _Kit, flags: int) -> list[Glue]:
    """The space between two units as glue (clreq §3.2, §3.5): a word space, nothing inside
    Western text, Han–Western spacing, or an inter-character gap with the marks' adjustable
    space in it. Han–Western spacing is two glues: the part that shrinks with punctuation,
    and a last ⅛ em that closes only with the squeeze (zero width: lines.py shrinks it with
    the Han gaps)."""
    em = kit.size
    latin, squeeze = kit.rules.latin, kit.rules.squeeze_em * em
    width = sa.after + sb.before
    shrink = sa.shrink_after + sb.shrink_before
    stretch = HAN_STRETCH_EM * em
    western = a.cls in WESTERN and b.cls in WESTERN
    early, last = False, 0.0
    if flags & SPACED:  # a word space, stretching and shrinking as in Latin justification
        low, high = latin.word_space_min_em * em, latin.word_space_max_em * em
        space = max(kit.metrics.advance(kit.role, " ", em), low)
        width, stretch, shrink, early = width + space, high - space, space - low, True
        # Kinsoku holds across a space (clreq §3.1.4): "（ ABC" must not leave （ at a line end
        # nor "ABC ）" start a line with ）. Between Western units UAX #14 decides.
    elif western:
        stretch = 0.0  # no letter-spacing inside Western text (clreq §3.2.4)
    elif _cjk_latin(a, b):  # clreq §3.2.2: ¼ em, none at line edges (the glue goes there)
        extra, low = latin.cjk_latin_em * em, latin.cjk_latin_min_em * em
        width, shrink, early = width + extra, shrink + extra - low, True
        stretch = (latin.cjk_latin_max_em - latin.cjk_latin_em) * em
        last = min(low, squeeze)
    elif a.cls in (Cls.DASH, Cls.ELLIPSIS) and a.cls is b.cls:
        stretch = 0.0
    elif width > 0:  # a mark's adjustable space: it may open a little more than a Han gap, and
        stretch = PUNCT_STRETCH_EM * em  # close to nothing (squeezed too), never beyond
        shrink = min(width, shrink + squeeze)
    else:
        shrink += squeeze  # last-resort squeeze (lang.HAN_SQUEEZE_EM)
    if not western and not flags & SPACED:
        width += kit.config.tracking_em * em  # copyfit tracking
    if b.cls is Cls.CONTROL:
        stretch = 0.0  # the gap after it stretches
    glue = Glue(width, stretch, shrink, early)
    return [glue, Glue(0.0, 0.0, last)] if last else [glue]


def _cjk_latin(a: Unit, b: Unit) -> bool:
    """Han next to a Latin word or number (no space next to punctuation: clreq §3.2.4)."""
    return (a.cls is Cls.HAN and b.cls is Cls.LATIN) or (a.cls is Cls.LATIN and b.cls is Cls.HAN)
