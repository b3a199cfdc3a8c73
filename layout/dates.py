"""Dates as a Chinese newspaper prints them (2026年11月24日 星期二), for the page furniture and
the digital edition alike. The lunar date is layout/lunar.py."""

from __future__ import annotations

import datetime as dt

WEEKDAYS = "一二三四五六日"
"""The weekday numerals, Monday first (date.weekday() order): 星期一 … 星期日."""


def weekday(date: dt.date) -> str:
    """星期二"""
    return f"星期{WEEKDAYS[date.weekday()]}"


def date_text(date: dt.date) -> str:
    """2026年11月24日 (no leading zeros, as printed)."""
    return f"{date.year}年{date.month}月{date.day}日"


def chinese_date(date: dt.date) -> str:
    """2026年11月24日 星期二"""
    return f"{date_text(date)} {weekday(date)}"
