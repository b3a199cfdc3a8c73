"""Benchmark: `banmian build-many` on a synthetic archive, on 1 and 2 workers and on a cluster
started separately — scheduler and workers as their own processes, as on real machines.

    python bench/bench_many.py [--issues 40] [--pages 8] [--json FILE] [--keep DIR]

Generates an archive of --issues daily issues of --pages pages each (280 × 400 mm, one headline
and ~4,600 characters of generated copy a page: bench/synthetic.py, bench/speed_issue.py's
format), then builds it, every build a fresh process and cold (its own empty build cache; the
font metric cache is warmed by an untimed build first):

  LocalCluster, 1 worker     banmian build-many ARCHIVE/* --workers 1
  LocalCluster, 2 workers    banmian build-many ARCHIVE/* --workers 2
  separate cluster           `dask scheduler` + 2 × `dask worker --nthreads 1`, then
                             banmian build-many ARCHIVE/* --scheduler ADDRESS
  warm (nothing changed)     the 2-worker build again over its cache: no page is redone

and reports wall time (the whole command, cluster start-up included), the run's own time and
pages per minute (build-many's --report, from the first task to the archive page), the speed-up
over 1 worker, the cost of a page in worker-seconds and an extrapolation to 50 workers. Every
cold run must give the same bytes, and its first issue the same bytes as `banmian build`:
else the exit code is 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from speed_issue import FORMAT, NEWSPAPER, PAGE_CELLS  # siblings: the script's folder
from synthetic import Story, stories

REPO = Path(__file__).resolve().parent.parent
FIRST_DAY = dt.date(2016, 1, 1)
EXTRAPOLATE_TO = 50
ARCHIVE_PAGES = 60_000
"""Ten years of a daily (≈ 3,650 issues), the issue's example of an archive rebuild."""


@dataclass(frozen=True, slots=True)
class Run:
    """One timed build-many run."""

    name: str
    workers: int
    wall_s: float
    """The whole command, cluster start-up included."""
    run_s: float
    """build-many's own time: first task to the archive page."""
    pages: int
    built: int
    pages_per_minute: float
    load: float
    """The machine's 1-minute load average at the end of the run (other work included)."""


# ------------------------------------------------------------------------------ the archive

def write_archive(root: Path, issues: int, pages: int) -> list[Path]:
    """`issues` daily issues of `pages` pages, `root/<yyyy-mm-dd>/`, different copy each."""
    folders = []
    for n in range(issues):
        day = FIRST_DAY + dt.timedelta(days=n)
        items = stories(pages, PAGE_CELLS, FORMAT.column_chars, seed=1000 + n)
        folders.append(write_issue(root / day.isoformat(), items, day, 1000 + n))
    return folders


def write_issue(folder: Path, items: tuple[Story, ...], day: dt.date, number: int) -> Path:
    """One issue folder: issue.yaml and articles/pN.txt, one rank-1 story a page."""
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    lines = [f"newspaper: {{name: {NEWSPAPER}, serial: CN00-0001, host: 基准测试单位,",
             "  address: 测试路1号, postcode: '100000'}",
             f"issue: {{date: {day.isoformat()}, number: {number}, format: {FORMAT.manifest()}}}",
             "pages:"]
    for folio, story in enumerate(items, 1):
        (folder / "articles" / f"p{folio}.txt").write_text(story.body, encoding="utf-8")
        lines += [f"  - folio: {folio}", f"    section: 第{folio}版", "    color: gray",
                  "    articles:", f"      - id: p{folio}",
                  f"        headline: {json.dumps(story.headline, ensure_ascii=False)}",
                  f"        body: articles/p{folio}.txt", "        rank: 1",
                  "        place: {columns: 1-6, top: 0, height: rest}"]
    (folder / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# ------------------------------------------------------------------------------ the runs

def banmian(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "layout", *args], capture_output=True,
                          text=True, check=False, env=env, cwd=REPO)


def build_many(name: str, folders: list[Path], work: Path, cluster: list[str],
               env: dict[str, str]) -> Run:
    """One cold (or, with an existing cache, warm) run into `work/name`; its figures."""
    report = work / f"{name}.json"
    t0 = time.perf_counter()
    done = banmian("build-many", *map(str, folders), "-o", str(work / name / "out"),
                   "--cache", str(work / name / "cache"), "--report", str(report), *cluster,
                   env=env)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"{name}: build-many failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    return Run(name, summary["workers"], wall, summary["seconds"], summary["pages"],
               summary["pages_built"], summary["pages_per_minute"], os.getloadavg()[0])


class SeparateCluster:
    """`dask scheduler` and `workers` × `dask worker --nthreads 1`, each its own process, as
    on real machines; stopped (by their process ids) at the end."""

    def __init__(self, work: Path, workers: int, env: dict[str, str]) -> None:
        self.file, self.workers, self.env = work / "scheduler.json", workers, env
        self.procs: list[subprocess.Popen] = []
        self.log = open(work / "cluster.log", "wb")  # noqa: SIM115 - closed in __exit__

    def __enter__(self) -> str:
        dask = [str(Path(sys.executable).with_name("dask"))]
        self._start(dask + ["scheduler", "--scheduler-file", str(self.file), "--port", "0",
                            "--dashboard-address", ":0", "--no-show"])
        self._wait(lambda: self.file.is_file(), "the scheduler file")
        for _ in range(self.workers):
            self._start(dask + ["worker", "--scheduler-file", str(self.file), "--nthreads", "1",
                                "--nworkers", "1", "--no-dashboard"])
        address = json.loads(self.file.read_text(encoding="utf-8"))["address"]
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(self.workers, timeout=120)
        return address

    def _start(self, command: list[str]) -> None:
        self.procs.append(subprocess.Popen(command, stdout=self.log, stderr=self.log,
                                           env=self.env, cwd=REPO))

    def _wait(self, ready, what: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not ready():
            if time.monotonic() > deadline:
                sys.exit(f"the separate cluster did not start: no {what} (see cluster.log)")
            time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.log.close()


# ------------------------------------------------------------------------------ checks

def outputs(out: Path) -> dict[str, bytes]:
    """Every file the run published that equal builds write alike (the reports hold timings)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name not in ("report.json", "report.html")
            and not p.name.startswith(".")}


def same_bytes(work: Path, names: list[str], first: Path, env: dict[str, str]) -> list[str]:
    """What differs: between the cold runs, and between the first issue and `banmian build`."""
    problems = []
    reference = outputs(work / names[0] / "out")
    for name in names[1:]:
        if outputs(work / name / "out") != reference:
            problems.append(f"{name} wrote other bytes than {names[0]}")
    done = banmian("build", str(first), "-o", str(work / "build" / "out"), "--jobs", "1", env=env)
    if done.returncode != 0:
        problems.append(f"banmian build {first.name} failed: {done.stderr}")
    elif outputs(work / "build" / "out" / first.name) != \
            outputs(work / names[0] / "out" / first.name):
        problems.append(f"build-many and build wrote other bytes for {first.name}")
    return problems


# ------------------------------------------------------------------------------ the report

def figures(runs: dict[str, Run]) -> dict:
    """Speed-ups over 1 worker, the cost of a page, the extrapolation to 50 workers."""
    one, cluster = runs["1 worker"], runs["separate cluster"]
    per_page = one.run_s / one.pages
    efficiency = min(1.0, one.run_s / cluster.run_s / cluster.workers)
    at_50 = EXTRAPOLATE_TO * 60 / per_page * efficiency
    return {"per_page_worker_s": round(per_page, 3),
            "speedup_2_workers": round(one.run_s / runs["2 workers"].run_s, 2),
            "speedup_separate_cluster": round(one.run_s / cluster.run_s, 2),
            "efficiency": round(efficiency, 2),
            "pages_per_minute_50_workers": round(at_50),
            "pages_per_minute_50_workers_ideal": round(EXTRAPOLATE_TO * 60 / per_page),
            "archive_minutes_50_workers": round(ARCHIVE_PAGES / at_50, 1),
            "archive_hours_1_worker": round(ARCHIVE_PAGES * per_page / 3600, 1)}


def table(runs: dict[str, Run], result: dict) -> str:
    head = (f"{'run':<26}{'workers':>8}{'wall s':>9}{'run s':>9}{'pages':>7}{'built':>7}"
            f"{'pages/min':>11}{'load':>7}")
    rows = [head] + [f"{r.name:<26}{r.workers:>8}{r.wall_s:>9.1f}{r.run_s:>9.1f}{r.pages:>7}"
                     f"{r.built:>7}{r.pages_per_minute:>11.0f}{r.load:>7.1f}"
                     for r in runs.values()]
    speedups = (f"speed-up on 2 workers: {result['speedup_2_workers']:.2f} × (LocalCluster), "
                f"{result['speedup_separate_cluster']:.2f} × (separate cluster); "
                f"efficiency {result['efficiency']:.0%}")
    at_50 = (f"{EXTRAPOLATE_TO} workers at that efficiency: "
             f"{result['pages_per_minute_50_workers']:,} pages/min (linear: "
             f"{result['pages_per_minute_50_workers_ideal']:,}); {ARCHIVE_PAGES:,} pages in "
             f"{result['archive_minutes_50_workers']:.0f} min "
             f"(1 worker: {result['archive_hours_1_worker']:.1f} h)")
    cost = f"cost of a page: {result['per_page_worker_s']:.3f} worker-seconds (1 worker)"
    return "\n".join([*rows, "", cost, speedups, at_50,
                      "load: the machine's 1-minute load average at the end of the run"])


# ------------------------------------------------------------------------------ main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issues", type=int, default=40)
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--keep", type=Path, help="work here and keep the archive and outputs")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-many-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "BANMIAN_CACHE": str(work / "fontcache")}
    try:
        return run_all(args, work.absolute(), env)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run_all(args: argparse.Namespace, work: Path, env: dict[str, str]) -> int:
    """1. the archive 2. warm the font cache 3. the runs 4. the bytes 5. the figures."""
    folders = write_archive(work / "archive", args.issues, args.pages)
    warm = write_archive(work / "warm-up", 1, 1)
    banmian("build", str(warm[0]), "-o", str(work / "warm-up-out"), "--jobs", "1", env=env)
    print(f"{args.issues} issues × {args.pages} pages; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    runs: dict[str, Run] = {}
    for name, cluster in (("1 worker", ["--workers", "1"]), ("2 workers", ["--workers", "2"])):
        runs[name] = build_many(name, folders, work, cluster, env)
        print(f"  {name}: {runs[name].run_s:.1f} s", flush=True)
    with SeparateCluster(work, 2, env) as address:
        runs["separate cluster"] = build_many("separate cluster", folders, work,
                                              ["--scheduler", address], env)
    warm_run = build_many("2 workers", folders, work, ["--workers", "2"], env)
    runs["warm (nothing changed)"] = replace(warm_run, name="warm (nothing changed)")
    problems = same_bytes(work, ["1 worker", "2 workers", "separate cluster"], folders[0], env)
    result = figures(runs)
    print(table(runs, result))
    for problem in problems:
        print(f"FAIL: {problem}")
    if args.json:
        args.json.write_text(json.dumps({"issues": args.issues, "pages": args.pages,
                                         "runs": [asdict(r) for r in runs.values()], **result},
                                        indent=2), encoding="utf-8")
    return 1 if problems or warm_run.built else 0


if __name__ == "__main__":
    sys.exit(main())
