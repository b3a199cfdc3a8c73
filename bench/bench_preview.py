"""Benchmark: `banmian preview`'s save → update latency on the sample issue (run by hand).

    python bench/bench_preview.py [--saves 5]

Starts the preview (server, watcher, builder: the code `banmian preview` runs) on a copy of the
sample issue, then saves one article N times (each time with a different sentence at the end,
so that the page is new to the build cache) and measures, from the write:
the build event on the event stream, report.json replaced, the page's image replaced, and
build()'s own time; the difference is what the preview adds (watching, debouncing, comparing
pages.json, publishing).
"""

from __future__ import annotations

import argparse
import os
import http.client
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from layout.edition.preview import Outcome, Preview, PreviewConfig

SAMPLE = Path(__file__).resolve().parent.parent / "issues" / "yunchuan-2026-11-24"
ARTICLE, IMAGE = "articles/warmth.txt", "pages/page-01-1200.jpg"
"""The article sits on page 1 alone; its page image at the viewer's main width."""


def stream_events(port: int, seen: dict[int, float]) -> None:
    """Record the arrival time of each build event (by build number) on the event stream."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/__banmian/events")
    fields: dict[str, str] = {}
    for raw in conn.getresponse():
        line = raw.decode("utf-8").strip()
        if line:
            name, _, value = line.partition(": ")
            fields[name] = value
            continue
        if fields.get("event") == "build":
            seen[int(fields["id"])] = time.perf_counter()
        fields = {}


def wait_changed(path: Path, before: int, timeout: float = 120.0) -> float:
    """The time at which `path` is a new file (another inode: build() replaces, never rewrites)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if path.stat().st_ino != before:
                return time.perf_counter()
        except FileNotFoundError:
            pass
        time.sleep(0.002)
    raise TimeoutError(path)


def one_save(work: Path, n: int, original: str, outcomes: list[Outcome], events: dict[int, float]) -> dict:
    out = work / "out" / SAMPLE.name
    report, image = out / "report.json", out / "web" / IMAGE
    ino = (report.stat().st_ino, image.stat().st_ino)
    done = len(outcomes)
    start = time.perf_counter()
    # a new sentence every time: the build cache must not know the page already
    (work / SAMPLE.name / ARTICLE).write_text(original + f"第{n}次补充的一句话。\n",
                                              encoding="utf-8")
    t_report, t_image = wait_changed(report, ino[0]), wait_changed(image, ino[1])
    while len(outcomes) == done or outcomes[-1].number not in events:
        time.sleep(0.002)
    outcome = outcomes[-1]
    return {"build": outcome.seconds, "report": t_report - start, "image": t_image - start,
            "event": events[outcome.number] - start}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["BANMIAN_CACHE"] = str(work / "cache")  # a cold cache: nothing known yet
        shutil.copytree(SAMPLE, work / SAMPLE.name)
        outcomes: list[Outcome] = []
        events: dict[int, float] = {}
        session = Preview(PreviewConfig(work / SAMPLE.name, work / "out", port=0),
                          on_outcome=outcomes.append)
        session.start()
        session.first_build.wait()
        threading.Thread(target=stream_events, args=(session.server.server_address[1], events),
                         daemon=True).start()
        time.sleep(0.5)
        original = (work / SAMPLE.name / ARTICLE).read_text(encoding="utf-8")
        runs = [one_save(work, n, original, outcomes, events) for n in range(1, args.saves + 1)]
        session.stop(timeout=60)
    print(f"first build: {outcomes[0].seconds:.2f} s; {args.saves} saves of {ARTICLE} (page 1):")
    for key, label in (("build", "build() itself"), ("report", "save → report.json"),
                       ("image", "save → page image"), ("event", "save → build event")):
        values = [r[key] for r in runs]
        print(f"  {label:20} median {statistics.median(values):.3f} s, "
              f"min {min(values):.3f}, max {max(values):.3f}")
    overhead = [r["event"] - r["build"] for r in runs]
    print(f"  {'preview overhead':20} median {statistics.median(overhead):.3f} s "
          "(event − build)")


if __name__ == "__main__":
    main()
