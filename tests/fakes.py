"""Fake metrics with round numbers: Han and full-width marks = 1 em, Latin = ½ em."""

from __future__ import annotations


class FakeMetrics:
    """Implements layout.fonts.Metrics; `missing` lists characters no face has."""

    def __init__(self, missing: str = ""):
        self.missing = set(missing)

    def face_for(self, role: str, char: str) -> str | None:
        return None if char in self.missing else role

    def advance(self, role: str, char: str, size: float) -> float:
        if char.isascii() or char == "\u2011":  # U+2011: the hyphen's glyph
            return size / 2
        if char in "—":
            return size * 0.89
        if char in "·":
            return size * 0.3
        return float(size)

    def ascent(self, role: str, size: float) -> float:
        return size * 0.88

    def em_box(self, role: str, size: float) -> tuple[float, float]:
        return size * 0.88, size * -0.12


def itemize_config(lang: str = "zh-Hans", kinsoku: str = "gb", squeeze_em: float = 0.0,
                   hyphenate: bool = False, punctuation: str = "quanjiao", indent_em: float = 2.0,
                   tracking_em: float = 0.0, keep_number_units: bool = True,
                   hang: bool = False):
    """An ItemizeConfig with `lang`'s rules adjusted as given (defaults: gb kinsoku, no squeeze,
    no hyphenation, no hanging marks: the plain rules most unit tests pin down)."""
    from dataclasses import replace

    from layout.text.itemize import ItemizeConfig
    from layout.text.lang import rules_for

    base = rules_for(lang)
    rules = replace(base, kinsoku=kinsoku, squeeze_em=squeeze_em, punctuation=punctuation,
                    keep_number_units=keep_number_units,
                    hang_marks=base.hang_marks if hang else frozenset(),
                    latin=replace(base.latin, hyphenate=hyphenate))
    return ItemizeConfig(rules=rules, indent_em=indent_em, tracking_em=tracking_em)
