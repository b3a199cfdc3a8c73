"""Character classes (clreq), unbreakable clusters and break opportunities between units.

A paragraph is cut into *units*: one Han character or punctuation mark, or a cluster that never
breaks inside (——, ……, a Latin word, a number with its % or ℃). Between two units there is either
a break opportunity or not; that decision lives here, widths do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


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

    __hash__ = object.__hash__  # members are singletons; Enum's own hash is Python code (slow)


# clreq §3.1.4 `#prohibition_rules_for_line_start_end`, "basic" sets (clreq-rules §1.2).
NO_LINE_START = frozenset(
    "、，．。：；！？‼⁇⁈⁉" "”’」』" "）》〉】〗〕］｝" "～-－–—" "·・‧"
    # Word/OOXML extras worth adopting (clreq-rules §1.2 note 1): units and postfixes.
    "%％‰℃°′″〃" ",.:;?!)]}"
)
NO_LINE_END = frozenset("“‘「『（《〈【〖〔［｛" "([{" "￥¥$＄£")
GB_SOLIDUS = frozenset("/／")
"""GB-style: a solidus neither ends nor starts a line (GB/T 15834 §5.1.9)."""
STRICT_NO_LINE_START = frozenset("⸺—…⋯")
"""strict: two-em dashes and ellipses do not start a line (clreq §3.1.4)."""

OPEN_MARKS = frozenset("“‘「『（《〈【〖〔［｛")
CLOSE_MARKS = frozenset("”’」』）》〉】〗〕］｝")
STOP_MARKS = frozenset("、，．。：；！？")
MIDDLE_MARKS = frozenset("·・‧")
CONNECTORS = frozenset("～－–—")
KEEP_AFTER_NUMBER = frozenset("年月日时分秒万亿元岁个名人次件项天周%％‰℃")
"""House rule: a number keeps its following 年/月/日/万/亿/元… (clreq-rules §7)."""

KINSOKU_LEVELS = ("none", "basic", "gb", "strict")


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
    if _is_wide(char):
        return Cls.HAN
    return Cls.OTHER


def _is_wide(char: str) -> bool:
    cp = ord(char)
    return (0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF01 <= cp <= 0xFF60
            or 0x20000 <= cp <= 0x3FFFF or 0x2460 <= cp <= 0x24FF or 0x3000 <= cp <= 0x303F
            or 0x2100 <= cp <= 0x214F or 0x25A0 <= cp <= 0x27BF or 0xFFE0 <= cp <= 0xFFE6)


def units(text: str) -> list[Unit]:
    """Cut `text` into units: clusters (—— ……), Latin words/numbers, single characters."""
    texts, classes = scan(text)
    return [Unit(t, c) for t, c in zip(texts, classes)]


_LATIN_CHARS = "0-9A-Za-z\u00C0-\u024F"
_SCAN_RE = re.compile(
    r"(——|⸺|……|⋯⋯|…|⋯)"                                     # 1: an unbreakable cluster
    # 2: a Latin word or number. It starts with a currency sign, an ASCII letter or digit or an
    # accented letter ("état"; × and ÷ are not letters), and is never split (clreq §3.2.4).
    rf"|([¥￥$＄][{_LATIN_CHARS}]+(?:[.,:'’+\-_&@#/][{_LATIN_CHARS}]+)*[%％‰℃°]?"
    rf"|[0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F][{_LATIN_CHARS}]*"
    rf"(?:[.,:'’+\-_&@#/][{_LATIN_CHARS}]+)*[%％‰℃°]?|%)"
    r"|( +)"                                                  # 3: a run of spaces, one unit
    rf"|([^ —⸺…⋯¥￥$＄%{_LATIN_CHARS}]+)"                     # 4: characters that start nothing
    r"|(.)",                                                  # 5: a starter that starts nothing
    re.S)
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


SOFT_BREAK_COST = 3000.0
"""Cost of a break before —— or …… under GB style. clreq §3.1.4 allows it there (only `strict`
forbids it), but many mainland publishers and xeCJK keep them off the line start; we avoid it
unless the alternative is a badly spaced line."""


def break_cost(a: Unit, b: Unit, level: str = "gb", keep_units: bool = True) -> float | None:
    """Cost of a break between `a` and `b`: None if forbidden, else 0 or a soft penalty."""
    if not can_break(a, b, level, keep_units=False):
        return None
    if keep_units and _number_unit(a, b):
        return NUMBER_UNIT_COST
    if level == "gb" and b.cls in (Cls.DASH, Cls.ELLIPSIS):
        return SOFT_BREAK_COST
    return 0.0


NUMBER_UNIT_COST = 800.0
"""House rule (clreq-rules §7): a number keeps its 年/月/日/万/亿/元… — a strong preference, not
a prohibition, so that a column of 12 字 is never forced into a loose line by `2028年`."""


def _number_unit(a: Unit, b: Unit) -> bool:
    return a.cls is Cls.LATIN and a.text[-1].isdigit() and b.text[0] in KEEP_AFTER_NUMBER


_START_SENSITIVE = NO_LINE_START | KEEP_AFTER_NUMBER
"""Every character `break_cost` tests at the start of the unit after a break."""
_END_SENSITIVE = NO_LINE_END | frozenset("¥￥$＄0123456789")
"""Every character `break_cost` tests at the end of the unit before a break."""


def edge_keys(text: str, cls: Cls) -> tuple[str, str]:
    """What `break_cost` sees of a unit besides its class: its first character if the rules
    test it (else ""), and its last likewise. Units with equal classes and keys break alike, so
    the itemizer memoizes the items between two units by these keys."""
    first, last = text[0], text[-1]
    return (first if first in _START_SENSITIVE else "", last if last in _END_SENSITIVE else "")


def can_break(a: Unit, b: Unit, level: str = "gb", keep_units: bool = True) -> bool:
    """May a line break fall between units `a` and `b`? (clreq §3.1.4, §3.1.5; house rules)."""
    if a.cls is Cls.SPACE or b.cls is Cls.SPACE:
        return b.cls is Cls.SPACE  # break at (before) a space, never just after it
    if a.cls is Cls.LATIN and b.cls is Cls.LATIN:
        return False  # never split a Latin word or number (clreq §3.2.4)
    if keep_units and _number_unit(a, b):
        return False
    if a.text[-1] in "¥￥$＄" and b.cls is Cls.LATIN:
        return False
    if level == "none":
        return True
    if a.text[-1] in NO_LINE_END:
        return False  # checked first: “ must not end a line even before —— or …… (clreq §3.1.4)
    if b.cls is Cls.DASH or b.cls is Cls.ELLIPSIS:
        return level != "strict"  # strict: two-em dashes and ellipses do not start a line
        # (gb: allowed, but itemize gives it a high cost; see SOFT_BREAK_COST)
    if b.text[0] in NO_LINE_START or a.text[-1] in NO_LINE_END:
        return False
    if level in ("gb", "strict") and (a.cls is Cls.SOLIDUS or b.cls is Cls.SOLIDUS):
        return False
    return True
