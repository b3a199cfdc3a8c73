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
| last-resort squeeze of Han gaps | house: 0.1 em | house: 0.1 em | none (jlreq) |
| hanging marks, a last resort (clreq §3.1.7) | 、，。：； | none (CNS hangs only in vertical text) | 、。，． (jlreq ぶら下げ) |
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
    """Han–Western spacing (clreq §3.2.2: up to ¼ em; none at a line's edges)…"""
    cjk_latin_min_em: float = 0.125
    """…shrinkable to ⅛ em (clreq §3.5.3 step 6)…"""
    cjk_latin_max_em: float = 0.65
    """…and expandable: to about ⅜ em before any Han gap opens (clreq §3.5.4 expands Western
    spaces first), then, once the Han gaps are open by 0.1 em, up to this
    (`lines.EARLY_SHARE`). Beyond clreq's "practically ⅓ em" and the ½ em of its grid
    alignment (§3.2.3), on purpose: a wider space beside a number or a Latin word shows less
    than Chinese text spread apart, and in narrow columns of figures it is often the only
    other way. Not beyond 0.65 em: a wider space reads as a hole in the line (and a PDF
    checker cuts the line there as at a gutter)."""
    word_space_min_em: float = 0.25
    """A word space shrinks to ¼ em (clreq §3.5.3 step 2)…"""
    word_space_max_em: float = 0.65
    """…and expands first (clreq §3.5.4 step 1), then as Han–Western spacing, to this."""
    hyphenate: bool = True
    """Long words (`HYPHENATE_MIN` letters, not camel-case) may break at pyphen's points, with a
    hyphen (clreq §3.2.4: words never break "except where hyphenation is allowed"); a break
    costs `itemize.HYPHEN_PENALTY`, so it is taken only where it beats spreading a line."""
    hyphen_lang: str = "en_US"
    halfwidth_alnum: bool = True
    """House rule: full-width digits and letters (０-９ Ａ-Ｚ ａ-ｚ) are set as half-width ones,
    and so are ．：％ inside and after a number (８７．５％ → 87.5%): GB/T 15835 wants Arabic
    numerals half-width, as most Chinese papers set them. A number is then one unit that never
    splits and never sticks out of the column (`segment.halfwidth`)."""


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
    """Last-resort closing of each inter-character gap (`HAN_SQUEEZE_EM` explains)."""
    hang_marks: frozenset[str] = frozenset()
    """Marks that may hang past the line's end (one a line, the break right after it) as a
    last resort before a loose line (clreq §3.1.7; `itemize.HANG_COST`)."""
    keep_number_units: bool = True
    """A number keeps its following 年/月/日/万/亿/元… (house rule, clreq-rules §7)."""
    latin: LatinRules = LatinRules()
    jump_notes: tuple[str, str] = ("（下转第{}版）", "（上接第{}版）")
    """The lines where an article jumps to another page and goes on there (`str.format`ted
    with the page), in the language's script."""

    @property
    def overrides(self) -> dict[str, Cls]:
        """`class_overrides` as a mapping."""
        return dict(self.class_overrides)

    def squeeze_at(self, chars: float) -> float:
        """The squeeze in a column `chars` 字 wide: the house's, or, in a column narrower than
        10 字, as much as lets a line hold one character more than its measure (1/chars em a
        gap, "缩一字"; at most `NARROW_SQUEEZE_EM`). A column of 8 字 has no other way to take
        up a character that does not fit; a wider one does with the house's 0.1 em."""
        if not self.squeeze_em or chars <= 0:
            return self.squeeze_em
        return max(self.squeeze_em, min(1 / chars, NARROW_SQUEEZE_EM))


JLREQ_CLASSES: tuple[tuple[str, Cls], ...] = (
    ("：", Cls.MIDDLE), ("；", Cls.MIDDLE),
    ("！", Cls.HAN), ("？", Cls.HAN), ("‼", Cls.HAN), ("⁇", Cls.HAN), ("⁈", Cls.HAN),
    ("⁉", Cls.HAN))
"""Japanese (JIS X 4051 after jlreq §3.1, appendix A): colon and semicolon are middle dots
(cl-05, centred, ¼ em each side) and ！？ dividing marks (cl-04: a full em, nothing adjusted);
the rest map as in Chinese: cl-01 opening, cl-02 closing, cl-06 full stops and cl-07 commas
(half em adjustable on the right), cl-08 —— …… ‥‥ inseparable. Their kinsoku is the same
(`segment.NO_LINE_START`), plus cl-11 small kana at strict."""

NARROW_SQUEEZE_EM = 0.125
"""The most `LangRules.squeeze_at` closes a gap, in the narrowest columns (8 字)."""
HAN_SQUEEZE_EM = 0.1
"""The house's last-resort squeeze: once clreq's reductions (§3.5.3: line-end marks, word spaces,
punctuation, Han–Western space) are used up, each gap between Han characters may close by up
to 0.1 em, as much as the breaker lets it open (`itemize.HAN_STRETCH_EM`). A deliberate
deviation from clreq, whose reductions stop at punctuation: it lets a line take one character
more than its measure at 11 字 and wider (1/11 em a gap), the usual newspaper remedy, where the
alternative is a line opened by 0.1–0.3 em because the next character drags a 。 or a number
with it — the most visible flaw of narrow columns. lines.py applies it last."""

ZH_HANS = LangRules("zh-Hans", squeeze_em=HAN_SQUEEZE_EM, hang_marks=frozenset("、，。：；"))
"""Simplified Chinese, GB style (clreq; GB/T 15834). Hanging deviates from the mainland default
("most Chinese publications do not use hanging punctuation", clreq §3.1.7): it is a last
resort, taken only where every other set of breaks spreads a line by more than 0.1 em — in
11-字 columns a paragraph that opens with 8 characters and a number followed by a colon has
no other way. clreq names 、，。 as the marks that may hang; ：； sit in the same (left) half of
their em in GB-style faces and hang as cleanly, so they may too; closing brackets and quotes
never do (a succession of marks: clreq §3.1.7)."""
ZH_HANT = LangRules("zh-Hant", kinsoku="basic", centred_marks=True, compress_adjacent=False,
                    squeeze_em=HAN_SQUEEZE_EM, jump_notes=("（下轉第{}版）", "（上接第{}版）"))
"""Traditional Chinese, CNS style (clreq §3.1.6.1): centred marks, no punctuation compressed;
the house squeeze is its only reduction (without it most lines of figures would open)."""
JA = LangRules("ja", kinsoku="strict", class_overrides=JLREQ_CLASSES, protect_full_stop=True,
               hang_marks=frozenset("、。，．"), jump_notes=("（{}面へ続く）", "（{}面から続く）"))
"""Japanese after jlreq (JIS X 4051); 、。，． may hang (jlreq: ぶら下げ組, hanging punctuation)."""

LANGS: dict[str, LangRules] = {r.lang: r for r in (ZH_HANS, ZH_HANT, JA)}
"""The rule sets by language tag (the manifest's `lang` values)."""


def rules_for(lang: str) -> LangRules:
    """The default rule set of a language (a house style may adjust it: `HouseStyle.rules`)."""
    return LANGS[lang]
