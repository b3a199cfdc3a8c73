"""The speed benchmark's content: a synthetic issue folder for Banmian and the same text as a Typst
document, on one custom page format (bench_speed.py runs both; tests/test_bench_speed.py checks it).

Standard library only (plus `synthetic`), so it imports without Banmian or Typst installed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from synthetic import Story, stories

MM = 72 / 25.4
"""Points per millimetre."""


@dataclass(frozen=True, slots=True)
class SpeedFormat:
    """The page and grid both engines set: 280 × 400 mm, 6 columns × 11 字, 9.5 pt on 14 pt."""

    width_mm: float = 280
    height_mm: float = 400
    columns: int = 6
    column_chars: int = 11
    lines: int = 74
    body_size: float = 9.5
    leading: float = 1.4737
    """Pitch / body size: 14.0 pt at 9.5 pt."""

    @property
    def pitch(self) -> float:
        return round(self.body_size * self.leading, 2)

    @property
    def type_width(self) -> float:
        """6 columns of 11 字 and 5 one-字 gutters, pt."""
        return (self.columns * self.column_chars + self.columns - 1) * self.body_size

    @property
    def type_height(self) -> float:
        return self.lines * self.pitch

    @property
    def margin_x(self) -> float:
        return (self.width_mm * MM - self.type_width) / 2

    @property
    def margin_y(self) -> float:
        return (self.height_mm * MM - self.type_height) / 2

    def manifest(self) -> str:
        """The `issue.format` mapping, in YAML flow style."""
        return (f"{{width_mm: {self.width_mm}, height_mm: {self.height_mm}, "
                f"columns: {self.columns}, column_chars: {self.column_chars}, "
                f"lines: {self.lines}, body_size: {self.body_size}, leading: {self.leading}}}")


FORMAT = SpeedFormat()
PAGES = 24
PAGE_CELLS = 4862
"""Character cells of text a page (`synthetic.fitted_text`): about 4,590 characters, which
Banmian sets in the 6 columns below the headline with 0–2 lines to spare and Typst in 6 too."""
SEED = 24
NEWSPAPER = "基准测试报"
FOLIO_DATE = "2026年11月24日 星期二"
"""The issue's date as Banmian's folio line prints it."""


@dataclass(frozen=True, slots=True)
class SpeedIssue:
    """A generated issue folder and the Typst document of the same text."""

    issue_dir: Path
    typst_file: Path
    pages: int
    chars: int


def content(pages: int = PAGES, cells: int = PAGE_CELLS, seed: int = SEED) -> tuple[Story, ...]:
    """The benchmark's stories: a 1-page issue is the first page of the 24-page one."""
    return stories(pages, cells, FORMAT.column_chars, seed)


def write_issue(issue_dir: Path, items: tuple[Story, ...], fmt: SpeedFormat = FORMAT) -> Path:
    """Write a Banmian issue folder (issue.yaml + articles/pN.txt), one rank-1 story a page."""
    (issue_dir / "articles").mkdir(parents=True, exist_ok=True)
    lines = [f"newspaper: {{name: {NEWSPAPER}, serial: CN00-0001, host: 基准测试单位,",
             "  address: 测试路1号, postcode: '100000'}",
             f"issue: {{date: 2026-11-24, number: 1, format: {fmt.manifest()}}}", "pages:"]
    for folio, story in enumerate(items, 1):
        (issue_dir / "articles" / f"p{folio}.txt").write_text(story.body, encoding="utf-8")
        lines += [f"  - folio: {folio}", f"    section: 测试{folio}", "    color: gray",
                  "    articles:", f"      - id: p{folio}",
                  f"        headline: {json.dumps(story.headline, ensure_ascii=False)}",
                  f"        body: articles/p{folio}.txt", "        rank: 1",
                  "        place: {columns: 1-6, top: 0, height: rest}"]
    (issue_dir / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return issue_dir


_TYPST_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
"""Every ASCII punctuation character: each has, or may have, a meaning in Typst markup."""


def typst_escape(text: str) -> str:
    """`text` as literal Typst markup: every ASCII punctuation character backslash-escaped."""
    return _TYPST_SPECIAL.sub(r"\\\1", text)



TYPST_FOLIO = (
    'context { set text(font: "Banmian Hei", size: 9.5pt); let n = counter(page).display(); '
    f'grid(columns: (1fr, auto, 1fr), [{FOLIO_DATE} #h(1em) 第#n;版 #h(1em) 测试#n], '
    f'text(font: "Banmian Song", weight: "bold", size: 12pt)[{NEWSPAPER}], []); '
    'v(-1pt); line(length: 100%, stroke: 0.5pt) }')
"""The folio line above the type area, as Banmian prints it: date, page, section, paper."""


def typst_preamble(fmt: SpeedFormat = FORMAT) -> str:
    """Page, columns and body text as Banmian sets them, and the headline and subhead functions.

    As in Banmian's layout the headline takes the first 4 lines of the grid and a subhead 3; the
    line box is 1 em tall, so leading and paragraph spacing of pitch − 1 em keep the 14 pt pitch.
    """
    pitch, size = fmt.pitch, fmt.body_size
    gap = pitch - size
    sub_size = round(size * 4 / 3, 2)
    sub_space = (4 * pitch - sub_size - size) / 2  # previous to next body baseline: 4 lines
    page = (f"#set page(width: {fmt.width_mm}mm, height: {fmt.height_mm}mm, margin: "
            f"(x: {fmt.margin_x:.3f}pt, y: {fmt.margin_y:.3f}pt), columns: {fmt.columns})")
    text = (f'#set text(font: "Banmian Song", size: {size}pt, lang: "zh", region: "cn", '
            "top-edge: 1em, bottom-edge: 0pt)")
    par = (f"#set par(justify: true, first-line-indent: (amount: 2em, all: true), "
           f"leading: {gap:.2f}pt, spacing: {gap:.2f}pt)")
    head = ('#let headline(body) = place(top, scope: "parent", float: true, '
            f"clearance: {gap:.2f}pt, block(width: 100%, height: {4 * pitch - gap:.2f}pt, "
            'align(center + horizon, text(font: "Banmian Song", weight: 900, size: 36pt, body))))')
    sub = (f"#let subhead(body) = block(sticky: true, above: {sub_space:.2f}pt, "
           f"below: {sub_space:.2f}pt, width: 100%, "
           f'align(center, text(font: "Banmian Hei", weight: "bold", size: {sub_size}pt, body)))')
    return "\n".join([page, f"#set columns(gutter: {size}pt)", f"#set page(header: {TYPST_FOLIO})",
                      text, par, head, sub, ""])


def typst_page(story: Story) -> str:
    """One page: the headline float, then the body's paragraphs and subheads."""
    out = [f"#headline[{typst_escape(story.headline)}]", ""]
    for block in story.body.strip().split("\n\n"):
        if block.startswith("## "):
            out += [f"#subhead[{typst_escape(block.removeprefix('## '))}]", ""]
        else:
            out += [typst_escape(block), ""]
    return "\n".join(out)


def typst_source(items: tuple[Story, ...], fmt: SpeedFormat = FORMAT) -> str:
    """The whole Typst document: a page per story."""
    pages = [typst_page(story) for story in items]
    return typst_preamble(fmt) + "\n#pagebreak()\n\n".join(pages)


def write_speed_issue(root: Path, name: str, items: tuple[Story, ...]) -> SpeedIssue:
    """Issue folder `root/name` and Typst document `root/name.typ` of the same stories."""
    issue_dir = write_issue(root / name, items)
    typst_file = root / f"{name}.typ"
    typst_file.write_text(typst_source(items), encoding="utf-8")
    return SpeedIssue(issue_dir, typst_file, len(items), sum(s.chars for s in items))
