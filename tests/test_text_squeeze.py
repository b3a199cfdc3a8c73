"""The last-resort squeeze (house style squeeze_em): a 12-字 line closes its gaps a little
rather than opening by half an em, and only after the punctuation space (clreq §3.5.3 order)."""

from __future__ import annotations

from fakes import FakeMetrics, itemize_config
from layout.text.lines import ComposeConfig, compose

M = FakeMetrics()
TEXT = "今天上午市人民代表团。来自各行各业的代表出席会议并审议报告和计划。"


def setting(squeeze: float) -> ComposeConfig:
    return ComposeConfig(itemize=itemize_config(kinsoku="strict", squeeze_em=squeeze))


def gaps(line) -> list[float]:
    xs = [p.x for p in line.runs]
    return [b - a for a, b in zip(xs, xs[1:])]


def test_without_squeeze_a_line_opens_up():
    # indent 2 + 10 characters + "。" cannot fit 12 em: the first line is spread instead
    lines = compose(TEXT, "song", 10, M, lambda n: 120, setting(0.0)).lines
    assert max(gaps(lines[0])) > 10.4


def test_with_squeeze_the_mark_comes_up_and_gaps_close_slightly():
    lines = compose(TEXT, "song", 10, M, lambda n: 120, setting(0.05)).lines
    first = lines[0]
    assert first.text.endswith("。")
    assert abs(first.width - 120) <= 0.01
    assert all(9.5 - 1e-6 <= g <= 10.0 + 1e-6 for g in gaps(first))  # never below 0.95 em


def test_punctuation_space_goes_before_any_gap_closes():
    text = "市总工会今天举行会议，部署冬季送温暖活动和困难职工帮扶工作安排。"
    lines = compose(text, "song", 10, M, lambda n: 120, setting(0.05)).lines
    for line in lines:
        comma = [k for k, p in enumerate(line.runs) if p.glyphs.text == "，"]
        if comma and line.ratio < 0:
            g = gaps(line)
            k = comma[0]
            if k + 1 < len(line.runs):
                assert g[k] < 10.0  # the comma's half em shrank
