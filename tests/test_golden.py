"""Golden text dumps of small scenario issues, laid out with fake metrics (Han = 1 em).

A failing comparison shows which line moved. After an intended change, rewrite them with
`pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from fakes import FakeMetrics
from layout.flow.page import layout_issue
from layout.pipeline import open_issue
from layout.display import display_page
from layout.render.textdump import dump_display, dump_pages

HERE = Path(__file__).resolve().parent
SCENARIOS = sorted(p.name for p in (HERE / "data" / "golden").iterdir() if p.is_dir())


def scenario_issue(name: str, tmp_path: Path):
    """The scenario copied into tmp, with its (generated) images."""
    root = tmp_path / name
    shutil.copytree(HERE / "data" / "golden" / name, root)
    (root / "images").mkdir(exist_ok=True)
    Image.new("RGB", (300, 200), (90, 140, 200)).save(root / "images" / "wide.png")
    return open_issue(root).issue


@pytest.mark.parametrize("name", SCENARIOS)
def test_golden_dump(name, tmp_path, golden):
    issue = scenario_issue(name, tmp_path)
    layouts = layout_issue(issue, FakeMetrics())
    golden(HERE / "golden" / f"{name}.txt", dump_pages([layouts[p.folio] for p in issue.pages]))


@pytest.mark.parametrize("name", SCENARIOS)
def test_golden_display(name, tmp_path, golden):
    """The display list of each scenario: painting order, inks, text runs at their positions
    (what the renderers get; a change in display.py that moves or recolours anything shows)."""
    issue = scenario_issue(name, tmp_path)
    layouts = layout_issue(issue, FakeMetrics())
    golden(HERE / "golden" / "display" / f"{name}.txt",
           "".join(dump_display(display_page(layouts[p.folio])) for p in issue.pages))


def _head_lines(issue, lang: str) -> dict[str, list]:
    """The kicker, headline, caption and jump lines of the `hant` scenario's article set in
    `lang`, by kind."""
    from dataclasses import replace

    from layout.flow.elements import TextLine

    pages = tuple(replace(p, articles=tuple(replace(a, lang=lang) for a in p.articles))
                  for p in issue.pages)
    layouts = layout_issue(replace(issue, pages=pages), FakeMetrics())
    out: dict[str, list] = {}
    for folio in ("1", "2"):
        for article in layouts[folio].articles:
            for e in article.elements:
                if isinstance(e, TextLine):
                    out.setdefault(e.kind, []).append(e.line)
    return out


def test_zh_hant_heads_and_captions_follow_zh_hant_rules(tmp_path):
    """A zh-Hant article's kicker, headline, caption and jump head are set in CNS style like its
    body: marks centred in a whole em, nothing compressed nor trimmed (clreq §3.1.6.1); the same
    article in zh-Hans has them compressed (GB style). Its jump lines are in its own script."""
    issue = scenario_issue("hant", tmp_path)

    def natural(line) -> float:  # glyph extent, from the first box to the end of the last
        return line.width - line.runs[0].x

    hant, hans = _head_lines(issue, "zh-Hant"), _head_lines(issue, "zh-Hans")
    kicker_size = issue.style.kicker.size
    assert hant["kicker"][0].text == "「臺灣」，好。"
    assert natural(hant["kicker"][0]) == pytest.approx(7 * kicker_size)  # 7 units of 1 em
    assert natural(hans["kicker"][0]) == pytest.approx(5.5 * kicker_size)  # 「」，。 compressed
    for line in hant["headline"]:  # page 1's head and the jump head on page 2: whole ems
        assert natural(line) == pytest.approx(len(line.text) * line.runs[0].glyphs.size)
    assert "".join(l.text for l in hant["headline"][-2:]) == "「臺灣」，好。老街「重生」記"
    caption_size = issue.style.caption.size
    cap = hant["caption"][0]
    assert cap.text == "「老街」入口，清晨。"
    assert natural(cap) == pytest.approx(10 * caption_size)
    assert natural(hans["caption"][0]) < natural(cap)
    assert [l.text for l in hant["jump"]] == ["（下轉第2版）", "（上接第1版）"]  # its script
    assert [l.text for l in hans["jump"]] == ["（下转第2版）", "（上接第1版）"]
    for line in hant["caption"] + hant["kicker"] + hant["headline"]:
        for run in line.runs:  # CNS: a mark's glyph sits centred in its own em, never shifted
            assert run.glyphs.dx >= 0


@pytest.mark.parametrize("lines", [4, 6, 9, 12, 14])
@pytest.mark.parametrize("name", ["日报", "测试晚报", "长名字的都市早报"])
def test_masthead_text_stays_in_its_space(lines, name, tmp_path):
    """On any masthead height the name and the date block sit between the masthead's top and
    the thick rule over the band, and the information line between the band's two rules (a
    short masthead once set the weekday line across the thick rule)."""
    from dataclasses import replace

    from layout.flow.elements import RuleLine, TextLine

    issue = scenario_issue("front", tmp_path)
    fmt = replace(issue.format, masthead_lines=lines)
    pages = (replace(issue.pages[0], articles=()),)
    issue = replace(issue, format=fmt, pages=pages,
                    newspaper=replace(issue.newspaper, name=name))
    metrics = FakeMetrics()
    furniture = layout_issue(issue, metrics)["1"].furniture
    thick, thin = [e for e in furniture if isinstance(e, RuleLine) and e.y0 > fmt.margin_top]
    top = fmt.line_top(0)

    def em(e: TextLine) -> tuple[float, float]:
        size = max(r.glyphs.size for r in e.line.runs)
        return e.baseline - 0.88 * size, e.baseline + 0.12 * size

    heads = [e for e in furniture if isinstance(e, TextLine) and e.kind == "masthead-name"]
    texts = [e for e in furniture if isinstance(e, TextLine) and e.kind == "masthead"]
    assert len(heads) == 1 and len(texts) == 3
    for e in heads + texts[:2]:  # name, date, weekday
        y0, y1 = em(e)
        assert top - 0.01 <= y0 and y1 <= thick.y0 - thick.width / 2 + 0.01, (e.line.text, y1)
    y0, y1 = em(texts[2])  # the information line
    assert thick.y0 + thick.width / 2 <= y0 and y1 <= thin.y0 - thin.width / 2 + 0.01
    name_right = heads[0].x + heads[0].line.width
    for e in texts[:2]:  # right-aligned: the ink starts at its first run
        assert name_right < e.x + e.line.runs[0].x, (name, e.line.text)
