"""Each language's composition rules in one place: one frozen rule set per language.

An article's `lang` picks its `LangRules` once (`HouseStyle.rules`); every line composed for the
article — body, lead, subheads, pull quotes, kicker, headline, deck, byline, captions, credits
and jump lines — is set with it (through `ItemizeConfig.rules`), so a zh-Hant headline follows
the same CNS rules as its body.

| rule | zh-Hans | zh-Hant | ja |
|---|---|---|---|
| kinsoku (clreq §3.1.4) | house: `strict` | `basic` | `strict` (jlreq cl-11 small kana) |
| marks (clreq §3.1.6.1) | GB: glyph in one half of the em, the other half adjustable | CNS: centred in a whole em, never trimmed | JIS: as GB, with jlreq's classes |
| adjacent marks (clreq §3.1.6.2) | compressed to 1.5 em | not compressed | compressed (jlreq §3.1) |
| class overrides | — | — | ：； middle dots (cl-05), ！？ whole em (cl-04) |
| space after 。 mid-line | may shrink | — | never shrinks (jlreq §3.8) |
| last-resort squeeze of Han gaps | house: 0.05 em | none | none (jlreq) |
| Latin inside the text | `LatinRules` (the same for all three) |||
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from layout.text.segment import DEFAULT_KINSOKU, Cls

Kinsoku = Literal["none", "basic", "gb", "strict"]
"""clreq §3.1.4 `#prohibition_rules_for_line_start_end` strictness levels."""
PunctStyle = Literal["quanjiao", "kaiming", "banjiao"]
"""Widths of GB-style marks (xeCJK's names): 全角 every mark 1 em (compressed where marks meet
and at line edges), 开明 sentence-final marks 1 em and the rest ½ em, 半角 every mark ½ em."""


@dataclass(frozen=True, slots=True)
class LatinRules:
    """Latin words, numbers and URLs inside CJK text (clreq §3.2, GB/T 15835)."""

    cjk_latin_em: float = 0.25
    """Han–Western spacing (clreq §3.2.2: up to ¼ em; none at a line's edges)."""
    hyphenate: bool = False
    """Long words may break at pyphen's hyphenation points (en_US), with a hyphen."""


@dataclass(frozen=True, slots=True)
class LangRules:
    """How text in one language is composed (see the module's table)."""

    lang: str
    kinsoku: Kinsoku = DEFAULT_KINSOKU
    punctuation: PunctStyle = "quanjiao"
    centred_marks: bool = False
    """CNS style (zh-Hant): a mark is centred in its own em, never trimmed nor shared."""
    compress_adjacent: bool = True
    """Two adjacent marks give up ½ em between them (clreq §3.1.6.2)."""
    class_overrides: tuple[tuple[str, Cls], ...] = ()
    """Marks whose class differs from Chinese (jlreq's for Japanese)."""
    protect_full_stop: bool = False
    """The space after a full stop never shrinks mid-line (jlreq §3.8)."""
    squeeze_em: float = 0.0
    """Last-resort closing of each inter-character gap (itemize.HAN_SHRINK_EM explains)."""
    keep_number_units: bool = True
    """A number keeps its following 年/月/日/万/亿/元… (house rule, clreq-rules §7)."""
    latin: LatinRules = LatinRules()

    @property
    def overrides(self) -> dict[str, Cls]:
        """`class_overrides` as a mapping."""
        return dict(self.class_overrides)


JLREQ_CLASSES: tuple[tuple[str, Cls], ...] = (
    ("：", Cls.MIDDLE), ("；", Cls.MIDDLE),
    ("！", Cls.HAN), ("？", Cls.HAN), ("‼", Cls.HAN), ("⁇", Cls.HAN), ("⁈", Cls.HAN),
    ("⁉", Cls.HAN))
"""Japanese (JIS X 4051 after jlreq §3.1, appendix A): colon and semicolon are middle dots
(cl-05, centred, ¼ em each side) and ！？ dividing marks (cl-04: a full em, nothing adjusted);
the rest map as in Chinese: cl-01 opening, cl-02 closing, cl-06 full stops and cl-07 commas
(half em adjustable on the right), cl-08 —— …… ‥‥ inseparable. Their kinsoku is the same
(`segment.NO_LINE_START`), plus cl-11 small kana at strict."""

HAN_SQUEEZE_EM = 0.05
"""The house's last-resort squeeze (see itemize.HAN_SHRINK_EM)."""

ZH_HANS = LangRules("zh-Hans", squeeze_em=HAN_SQUEEZE_EM)
"""Simplified Chinese, GB style (clreq; GB/T 15834)."""
ZH_HANT = LangRules("zh-Hant", kinsoku="basic", centred_marks=True, compress_adjacent=False)
"""Traditional Chinese, CNS style (clreq §3.1.6.1): centred marks, nothing compressed."""
JA = LangRules("ja", kinsoku="strict", class_overrides=JLREQ_CLASSES, protect_full_stop=True)
"""Japanese after jlreq (JIS X 4051)."""

LANGS: dict[str, LangRules] = {r.lang: r for r in (ZH_HANS, ZH_HANT, JA)}
"""The rule sets by language tag (the manifest's `lang` values)."""


def rules_for(lang: str) -> LangRules:
    """The default rule set of a language (a house style may adjust it: `HouseStyle.rules`)."""
    return LANGS[lang]
