"""The Chinese lunar date (农历) for mastheads and folios, e.g. 农历丙午年十月十六."""

from __future__ import annotations

import datetime as dt

from lunardate import LunarDate

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
MONTHS = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")
DIGITS = "一二三四五六七八九十"


def ganzhi_year(year: int) -> str:
    """The sexagenary name of a lunar year: 1984 was 甲子."""
    return STEMS[(year - 4) % 10] + BRANCHES[(year - 4) % 12]


def lunar_day(day: int) -> str:
    """初一 … 初十, 十一 … 二十, 廿一 … 三十."""
    if day <= 10:
        return "初" + DIGITS[day - 1]
    if day < 20:
        return "十" + DIGITS[day - 11]
    if day == 20:
        return "二十"
    if day < 30:
        return "廿" + DIGITS[day - 21]
    return "三十"


FIRST, LAST = dt.date(1900, 1, 31), dt.date(2099, 12, 31)
"""The dates the lunar tables (lunardate) know: outside them it fails or is wrong (2101 would
print 己未 for 辛酉), so no lunar date is printed there."""


def lunar_date(date: dt.date) -> str | None:
    """农历丙午年十月十六 (闰 before a leap month); None outside 1900-01-31 … 2099-12-31."""
    if not FIRST <= date <= LAST:
        return None
    lunar = LunarDate.from_solar_date(date.year, date.month, date.day)
    leap = "闰" if lunar.isLeapMonth else ""
    return f"农历{ganzhi_year(lunar.year)}年{leap}{MONTHS[lunar.month - 1]}月{lunar_day(lunar.day)}"
