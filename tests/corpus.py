"""The typography corpus (tests/corpus/*.txt, original copy in the styles of real newspaper
pages) set as body text in columns of 8, 11, 12, 13 and 17 字 with the committed fonts and the
default house style, and checked line by line (tests/linecheck.py).

A file's language is in its name (`hant.zh-Hant.txt`, `ja.ja.txt`; otherwise zh-Hans). Run it
as a script for a report: `python tests/corpus.py [--width 11] [--list]`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
if __name__ == "__main__":
    sys.path[:0] = [str(HERE.parent), str(HERE)]

from linecheck import Report, check_paragraph

from layout.flow.story import compose_config
from layout.fonts import FontSet
from layout.style import TABLOID, house_style
from layout.text.lines import Composed, compose

CORPUS_DIR = HERE / "corpus"
WIDTHS = (8, 11, 12, 13, 17)
PURE = ("plain",)
"""Texts of pure Chinese copy (no Latin letters): no loose line at 11 字 and wider."""
STYLE = house_style("default", TABLOID)
BODY = STYLE.body


@dataclass(frozen=True, slots=True)
class Text:
    """One corpus file: its name, language and body paragraphs (subheads left out)."""

    name: str
    lang: str
    paragraphs: tuple[str, ...]


def _read(path: Path) -> Text:
    stem, _, lang = path.stem.partition(".")
    blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n")]
    return Text(stem, lang or "zh-Hans", tuple(b for b in blocks if b and not b.startswith("#")))


@lru_cache(maxsize=1)
def texts() -> tuple[Text, ...]:
    return tuple(_read(p) for p in sorted(CORPUS_DIR.glob("*.txt")))


@lru_cache(maxsize=1)
def fonts() -> FontSet:
    return FontSet.load()


def composed(text: Text, width: int) -> list[Composed]:
    """Every paragraph of `text` set in a column of `width` 字."""
    measure = width * BODY.size
    config = compose_config(STYLE, BODY, text.lang, measure=measure)
    return [compose(p, BODY.role, BODY.size, fonts(), lambda n: measure, config)
            for p in text.paragraphs]


def check(text: Text, width: int) -> Report:
    report = Report()
    for k, c in enumerate(composed(text, width)):
        check_paragraph(c.lines, fonts().advance, report, f"{text.name}@{width} ¶{k + 1}")
    return report


def dump(text: Text) -> str:
    """The golden dump of a text: every line at every width, with its ratio and where it ends
    relative to the measure (a hanging mark shows as a positive overhang)."""
    out = []
    for width in WIDTHS:
        out.append(f"## {text.name} ({text.lang}) — {width} 字")
        for k, c in enumerate(composed(text, width), 1):
            for line in c.lines:
                end = line.width - line.measure
                mark = "last" if line.last else f"{end:+5.2f}" if abs(end) > 0.005 else "    "
                out.append(f"{k:3d} {mark} r={line.ratio:+7.3f} |{line.text}|")
    return "\n".join(out) + "\n"


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--width", type=int, action="append")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    total = Report()
    for width in args.width or WIDTHS:
        for text in texts():
            r = check(text, width)
            total.merge(r)
            counts = {k: v for k, v in r.counts().items() if v}
            print(f"{text.name:8} {width:2d} 字 {r.lines:4d} lines, {r.hung:3d} hung, "
                  f"max loose {r.max_loose_em:+.3f} {counts}")
            if args.list:
                for kind, found in r.defects.items():
                    for where in found:
                        print(f"    {kind:8} {where}")
    counts = {k: v for k, v in total.counts().items() if v}
    print(f"TOTAL {total.lines} lines, {total.hung} hung, {counts}")


if __name__ == "__main__":
    main()
