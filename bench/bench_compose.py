"""Benchmark: the line composer alone, on the synthetic issue's body text (run by hand).

    python bench/bench_compose.py [--chars 60000] [--repeat 3] [--profile] [--corpus]

Generates body text with `synthetic.article_text`, the generator bench_build.py uses too
(numbers, quotes, 《》, Latin words), then
composes every paragraph into 12-字 columns at 小五 (9 pt) with the committed fonts, once with
total-fit (the default for body text) and once with first-fit, and prints characters per second
(CPU time of one process, best of `--repeat` runs). `--corpus` does the same with the mixed
copy of tests/corpus/ (tech, finance, government, sports… with Latin words, figures, addresses;
each text in its own language), repeated to about `--chars` characters.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from layout.flow.story import compose_config
from layout.fonts import FontSet
from layout.style import TABLOID, house_style
from layout.text.lines import ComposeConfig, compose
from synthetic import article_text


def paragraphs(chars: int, seed: int = 7) -> list[str]:
    """Body paragraphs (subheads dropped) of about `chars` characters."""
    text = article_text(random.Random(seed), chars)
    return [p for p in text.split("\n\n") if p.strip() and not p.startswith("## ")]


CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"


def corpus_paragraphs(chars: int) -> list[tuple[str, str]]:
    """(language, paragraph) of the test corpus (a file's language is in its name, as
    `hant.zh-Hant.txt`), repeated to about `chars` characters."""
    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        lang = path.stem.partition(".")[2] or "zh-Hans"
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            if block.strip() and not block.startswith("#"):
                found.append((lang, block.strip()))
    out: list[tuple[str, str]] = []
    while found and sum(len(p) for _, p in out) < chars:
        out += found
    return out


def run(paras: list[tuple[str, str]], fonts: FontSet, configs: dict[str, ComposeConfig],
        measure: float) -> float:
    """Seconds to compose every (language, paragraph) once."""
    body = house_style("default", TABLOID).body
    start = time.process_time()
    for lang, para in paras:
        compose(para.strip(), body.role, body.size, fonts, lambda n: measure, configs[lang])
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=60_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="profile one total-fit run")
    ap.add_argument("--corpus", action="store_true", help="the mixed copy of tests/corpus")
    args = ap.parse_args()
    paras = (corpus_paragraphs(args.chars) if args.corpus
             else [("zh-Hans", p) for p in paragraphs(args.chars)])
    chars = sum(len(p) for _, p in paras)
    fonts = FontSet.load()
    style = house_style("default", TABLOID)
    measure = TABLOID.column_chars * TABLOID.body_size
    base = {lang: compose_config(style, style.body, lang, measure=measure)
            for lang in style.langs}
    print(f"{len(paras)} paragraphs, {chars} characters, measure {measure:g} pt "
          f"({TABLOID.column_chars} 字 at {TABLOID.body_size:g} pt)")
    for breaker in ("total-fit", "first-fit"):
        configs = {lang: replace(c, breaker=breaker) for lang, c in base.items()}
        best = min(run(paras, fonts, configs, measure) for _ in range(args.repeat))
        print(f"  {breaker:9}  {best:6.3f} s   {chars / best:10,.0f} chars/s")
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(run, paras, fonts, base, measure)
        pstats.Stats(prof).sort_stats("tottime").print_stats(18)


if __name__ == "__main__":
    main()
