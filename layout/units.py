"""Units: points, millimetres, 字 (the em of the body face) and Chinese point sizes (号数制)."""

from __future__ import annotations

EPS = 0.01
"""Geometric tolerance in pt: two lengths closer than this are equal."""

PT_PER_MM = 72.0 / 25.4


def mm(value: float) -> float:
    """Millimetres → points."""
    return value * PT_PER_MM


def to_mm(points: float) -> float:
    """Points → millimetres."""
    return points / PT_PER_MM


# Chinese type sizes, clreq-rules §8 (Adobe CCJK Type table).
HAO_SIZES: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
    "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
    "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5,
}


def font_size(value: float | str) -> float:
    """A size in pt from a number or a Chinese size name (`小五` → 9.0)."""
    if isinstance(value, (int, float)):
        return float(value)
    if value in HAO_SIZES:
        return float(HAO_SIZES[value])
    return float(value.removesuffix("pt"))
