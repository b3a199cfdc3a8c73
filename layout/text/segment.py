"""Character classes (clreq), unbreakable clusters and break opportunities between units.

A paragraph is cut into *units*: one Han character or punctuation mark, or a cluster that never
breaks inside (——, ……, a Latin word, a number with its % or ℃). Between two units there is either
a break opportunity or not; that decision lives here, widths do not.

Break opportunities follow UAX #14 (Unicode line breaking, computed by ICU: `uax14.py`) where
both sides are Western — Latin, Greek and Cyrillic words, numbers, other scripts, ASCII marks —
and the clreq rules of the article's kinsoku level elsewhere. The deliberate differences from
UAX #14 (each measured in tests/test_text_uax14.py against Unicode's LineBreakTest.txt):

| where | UAX #14 | here | why |
|---|---|---|---|
| next to a Chinese mark or character | classes ID, OP, CL, QU, NS, EX, IS… | clreq §3.1.4 sets (`NO_LINE_START`, `NO_LINE_END`) at the article's level | Chinese kinsoku; “ ” ‘ ’ are opening/closing marks, not ambiguous QU (as Typst's CJ segmenter) |
| ID + `%` `°` `℃` `‰` `′` `″` | break allowed (ID ÷ PO) | no break | units stay with their number (OOXML zh-CN kinsoku) |
| `¥ $ £` + ID | break allowed | no break | a currency sign does not end a line |
| around `/` `／` at gb/strict | break after SY | no break | GB/T 15834 §5.1.9 (分隔号 starts and ends no line) |
| single `—` U+2014 (B2) | break before and after | no break before | clreq: a connector does not start a line |
| `——` `……` | B2 B2 no break; IN IN no break | one unit; at gb a break before costs `SOFT_BREAK_COST`, strict forbids it | GB/T 15834 §5.1.4–5.1.5, clreq §3.1.4 |
| number + 年 月 日 万 亿 元 … | break allowed (NU ÷ ID) | costs `NUMBER_UNIT_COST` | house rule (clreq-rules §7) |
| after a hyphen inside a word (`Wi-|Fi`) | break allowed (HY ÷ AL) | allowed inside the unit (`compound_breaks`), costs `HYPHEN_BREAK_COST` | as TeX's `exhyphenpenalty`; the hyphen at the line's end is redrawn (itemize) |
| before small kana, ー (CJ) | no break (CJ as NS) | allowed, except at `strict` | CSS `line-break: normal`; jlreq cl-11 at strict |
| kinsoku across a space (`A —`, `x ）`) | break after the space (LB18) | the mark's clreq rule still holds | clreq §3.1.4 |
| a break control (ZWSP) next to a Chinese mark | break after ZW (LB8) | also kinsoku | a comma never starts a line |
| kinsoku level `none` | — | only units and Western pairs constrain breaks | clreq: TW/HK newspaper style |
| a Latin word next to a Han character | ID ÷ AL, AL ÷ ID | allowed, with ¼ em (clreq §3.2.2) | — |
| spaces | break after the spaces (LB18) | break at the space; the space is dropped | same opportunities |
| a space between two words that read as one without it (`screen reader`) | break | costs `WORD_SPACE_BREAK_COST` | in Chinese text nothing shows the words were apart |
| a web or e-mail address | breaks after `/`, before and after some marks | one unit; breaks only after `/ . - @` (`url_breaks`) | an address stays readable; a line never starts with `.` |
| a number range or compound (`1—10`, `5%～8%`, `9·27`, `27∶25`) | break after `—` `～` (B2, …) | one unit; a range breaks only after its dash (`range_breaks`), at `NUMBER_UNIT_COST` | GB/T 15835: a number stays whole |

Full-width digits and letters, and ．：％ inside a number, are read as their half-width forms
first when the house rule says so (`halfwidth`, `lang.LatinRules.halfwidth_alnum`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from layout.text.uax14 import break_offsets, word_breaks


class Cls(Enum):
    """Unit classes after clreq §3.1.6.1 (punctuation adjustment space) and §3.1.4."""

    HAN = "han"          # ideographs, kana, full-width symbols: one em, no adjustable space
    OPEN = "open"        # opening brackets and quotes: adjustable space on the left
    CLOSE = "close"      # closing brackets and quotes: adjustable space on the right
    STOP = "stop"        # pause and stop marks 、，。：；？！: adjustable space on the right
    MIDDLE = "middle"    # interpuncts · ・: adjustable space on both sides
    DASH = "dash"        # 破折号 —— (2 em, one unit; GB/T 15834 §5.1.4)
    ELLIPSIS = "ellipsis"  # 省略号 …… (2 em, one unit; GB/T 15834 §5.1.5)
    CONNECTOR = "connector"  # ～ － – and a single —
    SOLIDUS = "solidus"  # / ／ (GB/T 15834 §5.1.9)
    LATIN = "latin"      # a Latin word or a number (never split: clreq §3.2.4, GB/T 15835)
    SPACE = "space"      # an ASCII space between Latin words
    OTHER = "other"      # anything else, set at its advance
    COMBINING = "combining"  # a combining mark or ZWJ: part of the unit before it (UAX #14 LB9)
    CONTROL = "control"  # an invisible break control: ZWSP, word joiner, hard line break

    __hash__ = object.__hash__  # members are singletons; Enum's own hash is Python code (slow)


# clreq §3.1.4 `#prohibition_rules_for_line_start_end`, "basic" sets (clreq-rules §1.2).
NO_LINE_START = frozenset(
    "、，．。：；！？‼⁇⁈⁉" "”’」』" "）》〉】〗〕］｝\u232a" "～-－–—" "·・‧" "々〻ゝゞヽヾ"
    # Word/OOXML extras worth adopting (clreq-rules §1.2 note 1): units and postfixes.
    "%％‰℃°′″〃" ",.:;?!)]}"
)
NO_LINE_END = frozenset("“‘「『（《〈【〖〔［｛\u2329" "([{" "￥¥$＄£")
GB_SOLIDUS = frozenset("/／")
"""GB-style: a solidus neither ends nor starts a line (GB/T 15834 §5.1.9)."""
STRICT_NO_LINE_START = frozenset("⸺—…⋯‥")
"""strict: two-em dashes and ellipses do not start a line (clreq §3.1.4)."""
SMALL_KANA = frozenset("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
                       "ーｧｨｩｪｫｬｭｮｯｰ")
"""strict: small kana and the prolonged sound mark do not start a line (jlreq cl-11; CSS Text 3
`line-break: strict`; UAX #14 CJ)."""
ITERATION_MARKS = frozenset("々〻ゝゞヽヾ")
"""Iteration marks do not start a line (jlreq cl-09; CSS Text 3 `line-break: normal`)."""

OPEN_MARKS = frozenset("“‘「『（《〈【〖〔［｛\u2329")
CLOSE_MARKS = frozenset("”’」』）》〉】〗〕］｝\u232a")
STOP_MARKS = frozenset("、，．。：；！？")
MIDDLE_MARKS = frozenset("·・‧")
CONNECTORS = frozenset("～－–—")
KEEP_AFTER_NUMBER = frozenset("年月日时分秒万亿元岁个名人次件项天周%％‰℃")
"""House rule: a number keeps its following 年/月/日/万/亿/元… (clreq-rules §7)."""

CONTROLS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029" "\u200b" "\u2060\ufeff" "\u00ad")
"""Invisible characters that only say where a line may or must break (UAX #14 BK, CR, LF, NL,
ZW, WJ; and the soft hyphen, BA): set at zero width, and UAX #14 decides next to them."""
GLUE_CHARS = frozenset("\u00a0\u2007\u2011\u202f\u180e\u034f\u0f08\u0f0c\u0f12")
"""No-break spaces and hyphens (UAX #14 GL): visible, and UAX #14 decides next to them."""
AMBIGUOUS_QUOTES = frozenset("\"'«»\u200d")
"""Quotes that may open or close (UAX #14 QU; with ZWJ): UAX #14 keeps them with both
neighbours, and so do we. The Chinese “ ” ‘ ’ are opening and closing marks instead."""
EMOJI_MODIFIERS = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
"""Skin tones (UAX #14 EM): they stay with the emoji before them (LB30b)."""
UAX14_DECIDES = CONTROLS | GLUE_CHARS | AMBIGUOUS_QUOTES | EMOJI_MODIFIERS
_HARD_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029\u200b"
"""After these nothing attaches (UAX #14 LB9: BK CR LF NL ZW; and SP)."""

KINSOKU_LEVELS = ("none", "basic", "gb", "strict")
DEFAULT_KINSOKU = "strict"
"""The level used when none is given: zh-Hans's (`lang.ZH_HANS`): gb, and —— …… never start a
line, as xeCJK and pdfcheck expect (gb lets them, at `SOFT_BREAK_COST`)."""


@dataclass(frozen=True, slots=True)
class Unit:
    """An unbreakable piece of text with its class."""

    text: str
    cls: Cls

    @property
    def is_punct(self) -> bool:
        return self.cls in (Cls.OPEN, Cls.CLOSE, Cls.STOP, Cls.MIDDLE)


def classify(char: str) -> Cls:
    """The class of a single character."""
    if char in OPEN_MARKS:
        return Cls.OPEN
    if char in CLOSE_MARKS:
        return Cls.CLOSE
    if char in STOP_MARKS:
        return Cls.STOP
    if char in MIDDLE_MARKS:
        return Cls.MIDDLE
    if char in CONNECTORS:
        return Cls.CONNECTOR
    if char in GB_SOLIDUS:
        return Cls.SOLIDUS
    if char == " ":
        return Cls.SPACE
    if char in CONTROLS:
        return Cls.CONTROL
    if _is_wide(char):
        return Cls.HAN
    if _is_combining(char):
        return Cls.COMBINING
    return Cls.OTHER


def _is_combining(char: str) -> bool:
    """UAX #14 CM and ZWJ: they stay with the character before."""
    category = unicodedata.category(char)
    return category[0] == "M" or char == "\u200d" or (category == "Cc" and char != "\t")


def base_last(text: str) -> str:
    """The last character of a unit that is not a combining mark (what kinsoku looks at)."""
    i = len(text) - 1
    while i > 0 and _is_combining(text[i]):
        i -= 1
    return text[i]


def _is_wide(char: str) -> bool:
    cp = ord(char)
    return (0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF01 <= cp <= 0xFF60
            or 0x20000 <= cp <= 0x3FFFF or 0x2460 <= cp <= 0x24FF or 0x3000 <= cp <= 0x303F
            or 0x2100 <= cp <= 0x214F or 0x25A0 <= cp <= 0x27BF or 0xFFE0 <= cp <= 0xFFE6)


def units(text: str) -> list[Unit]:
    """Cut `text` into units: clusters (—— ……), Latin words/numbers (split where UAX #14 lets
    them break), single characters."""
    texts, classes, _ = segment(text)
    return [Unit(t, c) for t, c in zip(texts, classes)]


_GREEK_CYRILLIC = "\u0386\u0388-\u03F5\u03F7-\u03FF\u0400-\u0481\u048A-\u04FF"  # letters
_LATIN_CHARS = "0-9A-Za-z\u00C0-\u024F\u0300-\u036F" + _GREEK_CYRILLIC  # with combining accents
_URL = (r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#@!$&*+,;=%]*[A-Za-z0-9/_#=%~\-]"
        r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
"""A web address or an e-mail address: one unit, which breaks only after its / . - @
(`url_breaks`), and never takes in a sentence mark that follows it."""
_RANGE = r"(?:(?<=[0-9%％])[—～·∶][0-9]+(?:[.,:][0-9]+)*[%％‰℃°]?)*"
"""A number range or compound number (1—10, 5%～8%, the date 9·27, the score 27∶25): one unit, as
GB/T 15835 keeps a number whole; clreq's connector rule alone would allow 1—|10."""
_SCAN_RE = re.compile(
    r"(——|⸺|……|⋯⋯|…|⋯|‥‥|‥)"                              # 1: an unbreakable cluster
    # 2: a URL or e-mail address; a Latin (Greek, Cyrillic) word or number. A word starts with a
    # currency sign, an ASCII letter or digit or an accented letter ("état"; × and ÷ are not
    # letters). It breaks only where UAX #14 allows (after a hyphen: `compound_breaks`; after a
    # slash: `segment`), never elsewhere (clreq §3.2.4).
    rf"|({_URL}|[¥￥$＄][{_LATIN_CHARS}]+(?:[.,:'’+\-_&@#/][{_LATIN_CHARS}]+)*[%％‰℃°]?{_RANGE}"
    rf"|[0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F{_GREEK_CYRILLIC}][{_LATIN_CHARS}]*"
    rf"(?:[.,:'’+\-_&@#/][{_LATIN_CHARS}]+)*[%％‰℃°]?{_RANGE}|%)"
    r"|( +)"                                                  # 3: a run of spaces, one unit
    rf"|([^ —⸺…⋯‥¥￥$＄%{_LATIN_CHARS}]+)"                    # 4: characters that start nothing
    r"|(.)",                                                  # 5: a starter that starts nothing
    re.DOTALL)
_URL_RE = re.compile(_URL)


def is_url(text: str) -> bool:
    """Is this Latin unit a web or e-mail address?"""
    return (text.startswith(("http", "ftp", "www.")) or "@" in text) and \
        _URL_RE.fullmatch(text) is not None


def url_breaks(text: str) -> tuple[int, ...]:
    """Where an address may break: after a / (not inside //), a dot, a hyphen or an @, with at
    least 3 characters before and 2 after; nothing is added (a hyphen there is the address's
    own, redrawn at the line's end: itemize.HYPHEN_MARK)."""
    return tuple(k + 1 for k, ch in enumerate(text[:-2])
                 if ch in "/.-@" and k >= 2 and text[k + 1] != "/" and not (ch == "/" and
                                                                            text[k - 1] == ":"))


def compound_breaks(text: str) -> tuple[int, ...]:
    """Where a word with hyphens (`Wi-Fi`, `end-to-end`, `García-López`) may break: after a
    hyphen where UAX #14 allows it, with 2 characters or more either side."""
    if "-" not in text or len(text) < 5:
        return ()
    return tuple(p for p in word_breaks(text) if text[p - 1] == "-" and 2 < p < len(text) - 1)


_RANGE_BREAK_RE = re.compile(r"(?<=[0-9%％])[-—～](?=[0-9])")


def range_breaks(text: str) -> tuple[int, ...]:
    """Where a number range (2020-2022, 1—10, 5%～8%) may break: after its connector (which
    never starts a line: clreq §3.1.4); never inside a number, nor after · or ∶ (9·27, 3∶1)."""
    if not any(ch in text for ch in "-—～"):
        return ()
    return tuple(m.end() for m in _RANGE_BREAK_RE.finditer(text))


def inner_breaks(text: str) -> tuple[int, ...]:
    """Where a Latin unit breaks inside itself, bare or at its own hyphen (not hyphenation)."""
    if is_url(text):
        return url_breaks(text)
    return range_breaks(text) or compound_breaks(text)


_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                            *range(0xFF41, 0xFF5B))}
_FULLWIDTH_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_NUMBER_MARK_RE = re.compile(r"(?<=[0-9])[．：](?=[0-9])|(?<=[0-9])％")
_HALF = {"．": ".", "：": ":", "％": "%"}


def halfwidth(text: str) -> str:
    """The house rule `LatinRules.halfwidth_alnum`: full-width digits and letters as half-width
    ones (GB/T 15835: Arabic numerals are set half-width), and ．：％ inside and after a number
    too (８７．５％ → 87.5%, 10：30 → 10:30). One character for one, so offsets stay."""
    if _FULLWIDTH_RE.search(text):
        text = text.translate(_FULLWIDTH_ALNUM)
    if "．" in text or "：" in text or "％" in text:
        text = _NUMBER_MARK_RE.sub(lambda m: _HALF[m.group()], text)
    return text


_CLASS_OF: dict[str, Cls] = {}


def scan(text: str) -> tuple[list[str], list[Cls]]:
    """`units` as parallel lists of texts and classes (one regex pass; the composer's fast path)."""
    texts: list[str] = []
    classes: list[Cls] = []
    cls_of = _CLASS_OF
    for m in _SCAN_RE.finditer(text):
        kind = m.lastindex
        if kind == 4 or kind == 5:
            for char in m.group(kind):
                cls = cls_of.get(char)
                if cls is None:
                    cls = cls_of.setdefault(char, classify(char))
                if cls is Cls.COMBINING:
                    if texts and classes[-1] is not Cls.SPACE and texts[-1][-1] not in _HARD_BREAKS:
                        texts[-1] += char  # UAX #14 LB9: a mark stays with its base
                        continue
                    cls = Cls.OTHER  # LB10: after a space or a break, a letter of its own
                texts.append(char)
                classes.append(cls)
        elif kind == 1:
            cluster = m.group(1)
            texts.append(cluster)
            classes.append(Cls.DASH if cluster[0] in "—⸺" else Cls.ELLIPSIS)
        else:
            texts.append(m.group(kind))
            classes.append(Cls.LATIN if kind == 2 else Cls.SPACE)
    return texts, classes


WESTERN = frozenset((Cls.LATIN, Cls.OTHER))
"""Classes between which UAX #14 decides (see the table in the module docstring)."""
_NOT_CJK = WESTERN | {Cls.CONTROL}


def segment(text: str) -> tuple[list[str], list[Cls], frozenset[int] | None]:
    """`scan`, with Latin words split where UAX #14 allows a break inside them (`and/|or`) but
    after a hyphen (`Wi-|Fi` is a break inside one unit: `compound_breaks`), and the UAX #14
    opportunities of the text (code-point offsets) if it has Western neighbours, else None
    (then nothing needs them: the common case of Chinese copy)."""
    texts, classes = scan(text)
    if not _needs_uax14(text, texts, classes) and not _DECIDES_RE.search(text):
        return texts, classes, None
    icu = break_offsets(text)
    out_texts: list[str] = []
    out_classes: list[Cls] = []
    pos = 0
    for t, c in zip(texts, classes):
        if c is Cls.LATIN and "/" in t and not is_url(t):
            # after a hyphen the unit breaks itself (`compound_breaks`: the hyphen is redrawn)
            cuts = [p - pos for p in icu if pos < p < pos + len(t) and t[p - pos - 1] != "-"]
            for a, b in zip([0] + sorted(cuts), sorted(cuts) + [len(t)]):
                out_texts.append(t[a:b])
                out_classes.append(c)
        else:
            out_texts.append(t)
            out_classes.append(c)
        pos += len(t)
    return out_texts, out_classes, icu


_DECIDES_RE = re.compile("[" + "".join(sorted(UAX14_DECIDES)) + "]")


def uax14_pair(a: Unit, b: Unit) -> bool:
    """Does UAX #14 decide between `a` and `b` (both Western, or a break control between)?"""
    return ((a.cls in WESTERN and b.cls in WESTERN) or base_last(a.text) in UAX14_DECIDES
            or b.text[0] in UAX14_DECIDES)


def _needs_uax14(text: str, texts: list[str], classes: list[Cls]) -> bool:
    """Whether a Latin word might be split at a UAX #14 break (after a `/`: UAX #14 keeps
    `.,:'’+_&@#` between letters and digits, and a word breaks after its own hyphens by
    itself), or a Western unit neighbours another that is not a plain word or number (two
    words always break at a space)."""
    if Cls.OTHER not in classes and "/" not in text:
        return False  # the common case, decided in C
    prev = None
    for t, c in zip(texts, classes):
        if c is Cls.SPACE:
            continue
        if c is Cls.LATIN and "/" in t and not is_url(t):
            return True
        if c in WESTERN and prev in WESTERN and (c is Cls.OTHER or prev is Cls.OTHER):
            return True
        prev = c
    return False


def uax14_verdict(a: Unit, b: Unit, offset: int, spaced: bool,
                  icu: frozenset[int] | None) -> bool | None:
    """UAX #14's verdict on a break between `a` and `b` (at `offset`, after any spaces), where it
    decides (`uax14_pair`); None where the clreq rules decide."""
    if icu is not None:
        return (offset in icu) if uax14_pair(a, b) else None
    if a.cls in WESTERN and b.cls in WESTERN:
        return spaced  # without ICU there are only plain words: they break at spaces
    return None


def break_opportunities(text: str, level: str = DEFAULT_KINSOKU,
                        keep_units: bool = True) -> list[int]:
    """Offsets p (0 < p < len) where a line may break before `text[p]`, as the composer sees it:
    between units where `break_cost` allows it; at a space run, after the spaces (as UAX #14
    counts them; the composer drops the spaces there); inside an address or a number range
    where it breaks bare (`url_breaks`, `range_breaks`; hyphenation points are not listed)."""
    texts, classes, icu = segment(text)
    out: list[int] = []
    pos, prev = 0, None
    for k, (t, c) in enumerate(zip(texts, classes)):
        if c is not Cls.SPACE and pos:
            unit = Unit(t, c)
            if prev is None:  # only spaces before: nothing to end a line with (UAX #14 LB18)
                allowed = icu is not None and pos in icu
            else:
                verdict = uax14_verdict(prev, unit, pos, classes[k - 1] is Cls.SPACE, icu)
                allowed = break_cost(prev, unit, level, keep_units, verdict) is not None
            if allowed:
                out.append(pos)
        elif c is Cls.SPACE and prev is not None and base_last(prev.text) in _HARD_BREAKS[:-1]:
            out.append(pos)  # a hard line break (UAX #14 LB4, LB5): spaces do not hold it
        if c is Cls.LATIN:
            out += [pos + p for p in inner_breaks(t)]
        if c is not Cls.SPACE:
            prev = Unit(t, c)
        pos += len(t)
    return out


SOFT_BREAK_COST = 3000.0
"""Cost of a break before —— or …… under GB style. clreq §3.1.4 allows it there (only `strict`
forbids it), but many mainland publishers and xeCJK keep them off the line start; we avoid it
unless the alternative is a badly spaced line."""


def break_cost(a: Unit, b: Unit, level: str = DEFAULT_KINSOKU, keep_units: bool = True,
               uax14: bool | None = None) -> float | None:
    """Cost of a break between `a` and `b`: None if forbidden, else 0 or a soft penalty.
    `uax14` is UAX #14's verdict when both are Western (classes in WESTERN), else None."""
    if uax14 is not None:
        if not (base_last(a.text) in UAX14_DECIDES or b.text[0] in UAX14_DECIDES):
            return _western_cost(a, b, level, uax14)
        if not uax14:
            return None  # a no-break control or glue (WJ, NBSP, QU…): as UAX #14 says
        if a.cls in _NOT_CJK and b.cls in _NOT_CJK:
            return 0.0
        # A break control (ZWSP) next to Chinese text: kinsoku still holds, as below.
    if not can_break(a, b, level, keep_units=False):
        return None
    if keep_units and _number_unit(a, b):
        return NUMBER_UNIT_COST
    if level == "gb" and b.cls in (Cls.DASH, Cls.ELLIPSIS):
        return SOFT_BREAK_COST
    return 0.0


HYPHEN_BREAK_COST = 50.0
"""A break after a hyphen inside a word (`Wi-|Fi`), as TeX's `exhyphenpenalty`."""


def _western_cost(a: Unit, b: Unit, level: str, uax14: bool) -> float | None:
    """Between two Western units UAX #14 decides, with the tailorings of the module table."""
    if not uax14:
        return None
    if level in ("gb", "strict") and (base_last(a.text) in GB_SOLIDUS or b.text[0] in GB_SOLIDUS):
        return None  # GB/T 15834 §5.1.9: a solidus neither ends nor starts a line
    if a.cls is Cls.LATIN and b.cls is Cls.LATIN:
        last, first = base_last(a.text), b.text[0]
        if last in "-\u2010":
            return HYPHEN_BREAK_COST
        if last.isalpha() and (first.islower() or (last.isupper() and first.isupper())):
            return WORD_SPACE_BREAK_COST
    return 0.0


WORD_SPACE_BREAK_COST = 400.0
"""A break at the space between two Latin words that read as one when the space goes (screen
reader → screen|reader, Wi-Fi here → Wi-Fi|here): in Chinese text nothing at the line's end
says the words were apart, so the break looks like a word split without a hyphen. Such a
break costs a little, so that a term stays whole where that is as good."""


NUMBER_UNIT_COST = 800.0
"""House rule (clreq-rules §7): a number keeps its 年/月/日/万/亿/元… — a strong preference, not
a prohibition, so that a column of 12 字 is never forced into a loose line by `2028年`."""


def _number_unit(a: Unit, b: Unit) -> bool:
    return a.cls is Cls.LATIN and base_last(a.text).isdigit() and b.text[0] in KEEP_AFTER_NUMBER


_START_SENSITIVE = (NO_LINE_START | KEEP_AFTER_NUMBER | GB_SOLIDUS | UAX14_DECIDES
                    | SMALL_KANA)
"""Every character `break_cost` tests at the start of the unit after a break."""
_END_SENSITIVE = (NO_LINE_END | GB_SOLIDUS | UAX14_DECIDES
                  | frozenset("¥￥$＄0123456789-\u2010"))
"""Every character `break_cost` tests at the end of the unit before a break."""


def edge_keys(text: str, cls: Cls) -> tuple[str, str]:
    """What `break_cost` sees of a unit besides its class: its first character if the rules
    test it (else ""), and its last likewise. Units with equal classes and keys break alike, so
    the itemizer memoizes the items between two units by these keys."""
    first, last = text[0], base_last(text)
    return (first if first in _START_SENSITIVE else _case(first),
            last if last in _END_SENSITIVE else _case(last))


def _case(char: str) -> str:
    """The case of a letter, which `_western_cost` tests ("" for anything else)."""
    return "a" if char.islower() else "A" if char.isupper() else ""


def can_break(a: Unit, b: Unit, level: str = DEFAULT_KINSOKU, keep_units: bool = True) -> bool:
    """May a line break fall between units `a` and `b`? (clreq §3.1.4, §3.1.5; house rules)."""
    if a.cls is Cls.SPACE or b.cls is Cls.SPACE:
        return b.cls is Cls.SPACE  # break at (before) a space, never just after it
    if a.cls is Cls.LATIN and b.cls is Cls.LATIN:
        return False  # never split a Latin word or number (clreq §3.2.4)
    if keep_units and _number_unit(a, b):
        return False
    last = base_last(a.text)
    if last in "¥￥$＄" and b.cls is Cls.LATIN:
        return False
    if level == "none":
        return True
    if last in NO_LINE_END:
        return False  # checked first: “ must not end a line even before —— or …… (clreq §3.1.4)
    if b.cls is Cls.DASH or b.cls is Cls.ELLIPSIS:
        return level != "strict"  # strict: two-em dashes and ellipses do not start a line
        # (gb: allowed, but itemize gives it a high cost; see SOFT_BREAK_COST)
    if b.text[0] in NO_LINE_START or last in NO_LINE_END:
        return False
    if level == "strict" and b.text[0] in SMALL_KANA:
        return False  # jlreq cl-11 under strict (CSS line-break: strict)
    if b.cls is Cls.SOLIDUS:
        return False  # UAX #14 LB13 (× SY); GB/T 15834 §5.1.9
    # GB/T 15834 §5.1.9: at gb and strict, nor does it end one
    return not (level in ("gb", "strict") and a.cls is Cls.SOLIDUS)
