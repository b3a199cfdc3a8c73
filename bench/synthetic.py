"""The synthetic issues' text, shared by bench_build.py, bench_compose.py and bench_speed.py: word
salad of our own, the same for the same seed. It imports nothing but the standard library, so the
composer benchmark depends only on `layout.text`."""

from __future__ import annotations

import random
from dataclasses import dataclass

WORDS = ("职工 工会 服务 技能 培训 企业 岗位 城市 发展 建设 工作 项目 社区 群众 保障 创新 安全 "
         "生产 劳动 模范 工匠 精神 帮扶 困难 家庭 医疗 教育 交通 文化 活动 组织 推进 落实 完善 "
         "机制 提升 能力 质量 效率 数字 平台 网络 数据 智能 制造 产业 工人 队伍 改革").split()
MARKS = ("，", "，", "，", "、", "；", "：")
SUBHEAD_LINES = 3
"""Lines a subhead takes in Banmian's body columns (Typst is given the same)."""


def sentence(rng: random.Random) -> str:
    """One synthetic sentence with the things real copy has (numbers, quotes, Latin)."""
    parts = []
    for _ in range(rng.randint(3, 7)):
        chunk = "".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
        roll = rng.random()
        if roll < 0.12:
            chunk += f"{rng.randint(2, 98)}.{rng.randint(1, 99)}%"
        elif roll < 0.2:
            chunk = f"“{chunk}”"
        elif roll < 0.26:
            chunk += f"{rng.randint(1, 9999)}万元"
        elif roll < 0.3:
            chunk += rng.choice(("5G", "App", "AI", "GDP"))
        elif roll < 0.33:
            chunk = f"《{chunk}》"
        parts.append(chunk)
    joined = "".join(p + rng.choice(MARKS) for p in parts[:-1]) + parts[-1]
    return joined + rng.choice(("。", "。", "。", "！", "？"))


def article_text(rng: random.Random, chars: int) -> str:
    paras, total = [], 0
    while total < chars:
        para = "".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.08 and paras:
            paras.append("## " + "".join(rng.choice(WORDS) for _ in range(4)))
        paras.append(para)
        total += len(para)
    return "\n\n".join(paras) + "\n"


@dataclass(frozen=True, slots=True)
class Story:
    """One page's article: a headline and its body text in article markup (`## ` subheads)."""

    headline: str
    body: str

    @property
    def chars(self) -> int:
        """Characters of text in the body (paragraphs and subheads, without markup)."""
        return text_chars(self.body)


def text_chars(text: str) -> int:
    """Characters of article text without line breaks and `## ` subhead markers."""
    return sum(len(line.removeprefix("## ")) for line in text.splitlines())


def headline(rng: random.Random, words: tuple[int, int] = (5, 7)) -> str:
    """A synthetic headline of 2-character words, short enough for one line across a page."""
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(*words)))


def fitted_text(rng: random.Random, cells: int, column_chars: int = 11,
                subhead_share: float = 0.08) -> str:
    """Article text that fills about `cells` character cells of `column_chars`-wide columns.

    A paragraph takes whole lines (2 字 first-line indent), a subhead 3 lines; the text ends where
    the next sentence would not fit, so its height, not its length, is what the budget fixes.
    Paragraphs are 2–5 sentences; before one, with probability `subhead_share`, comes a four-word
    subhead (never first, never two in a row).
    """
    def lines(para: str) -> int:
        return -(-(len(para) + 2) // column_chars)

    blocks: list[str] = []
    budget = cells // column_chars
    while True:
        if blocks and not blocks[-1].startswith("## ") and rng.random() < subhead_share:
            if budget <= SUBHEAD_LINES + 1:
                break
            blocks.append("## " + headline(rng, (4, 4)))
            budget -= SUBHEAD_LINES
        para = ""
        for _ in range(rng.randint(2, 5)):
            nxt = sentence(rng)
            if lines(para + nxt) > budget:
                break
            para += nxt
        if not para:
            break
        blocks.append(para)
        budget -= lines(para)
    if blocks and blocks[-1].startswith("## "):
        blocks.pop()
    return "\n\n".join(blocks) + "\n"


def stories(pages: int, cells: int, column_chars: int = 11, seed: int = 24) -> tuple[Story, ...]:
    """`pages` stories, each filling about `cells` character cells (`fitted_text`), the same for
    the same arguments."""
    rng = random.Random(seed)
    return tuple(Story(headline(rng), fitted_text(rng, cells, column_chars)) for _ in range(pages))
