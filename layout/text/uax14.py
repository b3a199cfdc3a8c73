"""UAX #14 line-break opportunities from ICU (icu4py), as code-point offsets.

Used for non-CJK text only: where both sides of a boundary are Western (Latin words, numbers,
other scripts, ASCII punctuation), the Unicode Line Breaking Algorithm decides; around CJK
characters and marks the clreq rules in `segment.py` decide (see its tailoring table).
ICU's root locale is used: its line rules are UAX #14 with the number tailoring of UAX #14
§8.2 example 7, which is also what Unicode's `LineBreakTest.txt` assumes.
"""

from __future__ import annotations

from functools import lru_cache

from icu4py.breakers import LineBreaker


def break_offsets(text: str) -> frozenset[int]:
    """Offsets p (0 < p < len(text), in code points) where UAX #14 allows a line break before
    `text[p]`, mandatory breaks included."""
    if not text:
        return frozenset()
    ends = [end for _, end in LineBreaker(text, "").segments()]
    if len(text.encode("utf-16-le")) != 2 * len(text):  # astral characters: 2 code units each
        ends = _to_code_points(text, ends)
    return frozenset(p for p in ends if 0 < p < len(text))


def _to_code_points(text: str, ends: list[int]) -> list[int]:
    """ICU's `segments()` offsets are UTF-16 code units; map them to code-point offsets."""
    units_before: dict[int, int] = {}
    unit = 0
    for index, char in enumerate(text):
        units_before[unit] = index
        unit += 2 if ord(char) > 0xFFFF else 1
    units_before[unit] = len(text)
    return [units_before[end] for end in ends]


@lru_cache(maxsize=4096)
def word_breaks(word: str) -> tuple[int, ...]:
    """`break_offsets` of a short word on its own (memoized: words recur)."""
    return tuple(sorted(break_offsets(word)))
