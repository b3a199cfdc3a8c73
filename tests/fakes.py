"""Fake metrics with round numbers: Han and full-width marks = 1 em, Latin = ½ em."""

from __future__ import annotations


class FakeMetrics:
    """Implements layout.fonts.Metrics; `missing` lists characters no face has."""

    def __init__(self, missing: str = ""):
        self.missing = set(missing)

    def face_for(self, role: str, char: str) -> str | None:
        return None if char in self.missing else role

    def advance(self, role: str, char: str, size: float) -> float:
        if char.isascii():
            return size / 2
        if char in "—":
            return size * 0.89
        if char in "·":
            return size * 0.3
        return float(size)

    def ascent(self, role: str, size: float) -> float:
        return size * 0.88
