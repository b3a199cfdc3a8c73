"""Golden text dump of a dozen newspaper paragraphs composed at 12 字 (9 pt, 108 pt) with fake
metrics (Han 1 em, ASCII ½ em), as body text is set: the house style's settings, total-fit.

Each line is dumped with its ratio, its width and the x of its first glyph, so a diff shows
which line moved and how it was spaced. After an intended change, rewrite the dump with
`pytest tests/test_text_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from layout.flow.story import compose_config
from layout.style import TABLOID, house_style
from layout.text.lines import compose
from tests.fakes import FakeMetrics

GOLDEN = Path(__file__).resolve().parent / "golden" / "paragraphs.txt"
SIZE = 9.0
MEASURE = 12 * SIZE

PARAGRAPHS = (
    ("本报讯（记者 杨群）11月23日上午，云川市第十二届职工技能大赛在市会展中心闭幕。经过为期三天的"
    "激烈角逐，来自全市87家企业的612名选手中，共有18人获得“云川市技术能手”称号，其中年龄最小的"
    "仅23岁。"),
    ("“我们车间的老师傅常说：‘手上有活，心里不慌。’”获得焊工组一等奖的李明说，这句话他记了整整"
    "十年。"),
    ("据市统计局发布的数据，前三季度全市规模以上工业增加值同比增长6.8%，高于全省平均水平1.2个百分"
    "点；城镇新增就业3.46万人，完成全年目标的92.3%。"),
    ("在《云川市产业工人队伍建设改革实施方案（2026—2028年）》中，“技能提升”被列为首要任务——"
    "今后三年，全市将新建50个技能大师工作室，培训职工不少于10万人次。"),
    ("夜幕降临，老城区的街巷渐渐安静下来……只有环卫工人的扫帚声，沙沙地，一下又一下，像是在为这座"
    "城市数着心跳。"),
    ("他打开手机里的App，熟练地点开“职工之家”页面：“以前办个会员卡要跑好几趟，现在点一点就行了，"
    "Wi-Fi信号好的时候，几秒钟就办完。”"),
    ("项目负责人介绍，这套系统采用了被称为digital twin（数字孪生）的技术，能在虚拟空间中实时还原"
    "整条生产线，internationalization团队也同步完成了英文界面的开发。"),
    ("会上，市总工会发布了《关于做好2027年元旦春节期间困难职工帮扶工作的通知》，要求各级工会在1月"
    "15日前完成走访慰问，确保“应帮尽帮、不漏一人”。"),
    ("来信读者王女士说：“我今年58岁了，在纺织厂干了三十多年。每次看到报纸上写我们这些普通工人的"
    "故事，心里都暖洋洋的。”"),
    ("截至10月底，全市已建成“暖心驿站”326个，覆盖户外劳动者约12.5万人；驿站内配备饮水机、微波"
    "炉、应急药箱等设施，24小时免费开放。"),
    ("比赛现场，选手们需要在90分钟内完成PLC编程、机器人示教和故障排除三项任务。“题目里埋了个"
    "‘坑’——网络时延突然变大，机械臂就会‘手抖’。”一位裁判透露。"),
    ("从“能干”到“会干”，再到“干得好”，一代代产业工人用汗水诠释着工匠精神。正如一位老劳模所言："
    "“活儿要一件一件地干，日子要一天一天地过。”"),
)
VARIANTS = (  # (label, paragraph index or text, language, hyphenate)
    ("zh-Hans", None, "zh-Hans", False),
    ("zh-Hant CNS", 1, "zh-Hant", False),
    ("ja", "「きょうは東京で、しゅっちょうの準備をしました。」と、ちょうど電話がありました。", "ja",
     False),
    ("zh-Hans, hyphenation", 6, "zh-Hans", True),
)


def dump() -> str:
    """The dump: a header per paragraph, then one line per composed line."""
    style = house_style("default", TABLOID)
    out: list[str] = []
    for label, which, lang, hyphenate in VARIANTS:
        rules = style.rules(lang)
        rules = replace(rules, latin=replace(rules.latin, hyphenate=hyphenate))
        config = compose_config(replace(style, langs={lang: rules}), style.body, lang)
        texts = PARAGRAPHS if which is None else (
            [PARAGRAPHS[which]] if isinstance(which, int) else [which])
        for n, text in enumerate(texts, 1):
            out.append(f"## {label} {n:02d} — {MEASURE:g} pt, kinsoku {config.itemize.rules.kinsoku}")
            composed = compose(text, style.body.role, SIZE, FakeMetrics(), lambda k: MEASURE,
                               config)
            for line in composed.lines:
                x = line.runs[0].x + line.runs[0].glyphs.dx if line.runs else 0.0
                mark = "last" if line.last else "    "
                out.append(f"  {mark} r={line.ratio:+7.3f} w={line.width:6.2f} x={x:5.2f} "
                           f"|{line.text}|")
    return "\n".join(out) + "\n"


def test_paragraphs_golden(golden):
    golden(GOLDEN, dump())


def test_golden_paragraphs_keep_the_rules():
    """The dump itself obeys what the composer promises: no prohibited line start or end,
    justified lines at the measure."""
    for line in dump().splitlines():
        if not line.startswith("  "):
            continue
        body = line.split("|")[1]
        if "last" not in line[:8]:
            assert float(line.split("w=")[1].split()[0]) == pytest.approx(MEASURE, abs=0.01)
        assert body[:1] not in "，。、：；！？”’）》"
        assert body[-1:] not in "“‘（《"
