"""The synthetic issue's body text, shared by bench_build.py and bench_compose.py; it imports
nothing but the standard library, so the composer benchmark depends only on `layout.text`."""

from __future__ import annotations

import random

WORDS = ("职工 工会 服务 技能 培训 企业 岗位 城市 发展 建设 工作 项目 社区 群众 保障 创新 安全 "
         "生产 劳动 模范 工匠 精神 帮扶 困难 家庭 医疗 教育 交通 文化 活动 组织 推进 落实 完善 "
         "机制 提升 能力 质量 效率 数字 平台 网络 数据 智能 制造 产业 工人 队伍 改革").split()
MARKS = ("，", "，", "，", "、", "；", "：")


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
