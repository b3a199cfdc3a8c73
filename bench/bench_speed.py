"""Benchmark: Banmian against Typst on the same pages, every command a fresh process (`make bench`).

    python bench/bench_speed.py [--runs 3] [--jobs N] [--json FILE] [--keep DIR]

Generates a 24-page issue (280 × 400 mm, 6 columns × 11 字, 9.5 pt on a 14 pt pitch, one
headline and ~4,600 characters of body text a page, no images), a 1-page issue of its first page
and the same text as Typst documents set with the same font files, then measures, each the
median of --runs runs:

  typst 24 pages / 1 page     `typst.compile` to PDF (Python start-up and import included)
  banmian --no-web 24 pages   print PDFs only, cold
  banmian full 24 pages       print PDFs and web edition, cold
  banmian full 1 page         cold
  banmian rebuild after edit  one sentence appended to page 7, built into the cold build's folder
  sample issue cold / warm    issues/yunchuan-2026-11-24; warm: the same build again, unchanged

Cold: the output folder and $BANMIAN_CACHE/build are removed first; $BANMIAN_CACHE/fonts stays
warm (an untimed warm-up build fills it; Typst gets an untimed warm-up run too). Figures: wall
time, CPU time (user + system of the process and its descendants), peak RSS of the largest single
process and peak PSS of the whole process tree (bench/proctree.py). The rebuild's PDFs and
web/pages.json must be byte-identical to a cold build of the edited issue, else the exit code is 1.
The targets are goals to read, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from proctree import Run, run_measured  # siblings: the script's folder is on sys.path
from speed_issue import FORMAT, SEED, SpeedIssue, content, write_speed_issue
from synthetic import sentence

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "fonts"
SAMPLE = REPO / "issues" / "yunchuan-2026-11-24"
EDIT_FOLIO = 7
TARGETS = ("targets: print-only ≤ 2.0 × Typst, full ≤ 4.0 × Typst, peak memory ≤ 250 MB, "
           "rebuild ≤ 20 % of cold")
TYPST_SCRIPT = ("import sys, typst\n"
                "typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], "
                "ignore_system_fonts=True)\n")


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the benchmark works and how it runs the builds."""

    runs: int
    jobs: int | None
    work: Path

    @property
    def cache(self) -> Path:
        return self.work / "cache"

    def env(self) -> dict[str, str]:
        return {**os.environ, "BANMIAN_CACHE": str(self.cache)}


@dataclass(frozen=True, slots=True)
class Build:
    """One `banmian build` command line."""

    issue: Path
    out: Path
    web: bool = True

    def argv(self, jobs: int | None) -> list[str]:
        argv = [sys.executable, "-m", "layout", "build", str(self.issue), "-o", str(self.out)]
        argv += [] if self.web else ["--no-web"]
        return argv + ([] if jobs is None else ["--jobs", str(jobs)])

    @property
    def issue_out(self) -> Path:
        return self.out / self.issue.name

    @property
    def report(self) -> Path:
        return self.issue_out / "report.json"


@dataclass(frozen=True, slots=True)
class Figures:
    """The medians of a case's runs."""

    wall_s: float
    cpu_s: float
    max_rss_mb: float
    tree_pss_mb: float

    @classmethod
    def median_of(cls, runs: list[Run]) -> Figures:
        return cls(*(statistics.median(getattr(r, name) for r in runs)
                     for name in ("wall_s", "cpu_s", "max_rss_mb", "tree_pss_mb")))


@dataclass
class Case:
    """A measured command: its runs' medians, and Banmian's report of the median run."""

    name: str
    baseline: str | None = None
    """The Typst case the wall time is compared with."""
    runs: list[Run] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)
    note: str = ""
    """Why the case has no figures: `n/a …` (an option Banmian lacks) or `failed …`."""
    success: tuple[int, ...] = (0, 1)
    """Exit codes of a finished run; Banmian's 1 means the build has errors (report.json)."""

    def record(self, run: Run, report: Path | None = None) -> bool:
        """Add a run; False (and a note) if it failed, so the caller stops this case."""
        if run.returncode == 2 and "no such option" in run.stderr.lower():
            message = _last_line(run.stderr, "no such option").removeprefix("Error: ").rstrip(".")
            self.note = f"n/a (banmian build: {message})"
        elif run.returncode not in self.success:
            self.note = f"failed (exit {run.returncode}): {_last_line(run.stderr)}"
        if self.note:
            return False
        self.runs.append(run)
        self.reports.append(json.loads(report.read_text("utf-8"))
                            if report and report.exists() else {})
        return True

    @property
    def figures(self) -> Figures | None:
        return Figures.median_of(self.runs) if self.runs and not self.note else None

    @property
    def median_report(self) -> dict:
        """report.json of the run with the median wall time."""
        order = sorted(range(len(self.runs)), key=lambda i: self.runs[i].wall_s)
        return self.reports[order[(len(order) - 1) // 2]] if order else {}

    def to_json(self) -> dict:
        runs = [{k: v for k, v in asdict(r).items() if k not in ("stdout", "stderr")}
                for r in self.runs]
        figures = self.figures
        return {"name": self.name, "note": self.note, "baseline": self.baseline,
                "median": asdict(figures) if figures else None, "runs": runs,
                "timings_s": self.median_report.get("timings_s", {}),
                "summary": self.median_report.get("summary", {})}


def _last_line(text: str, containing: str = "") -> str:
    lines = [ln.strip() for ln in text.splitlines() if containing in ln.lower() and ln.strip()]
    return lines[-1] if lines else "(no message)"


def clean(build: Build, settings: Settings) -> None:
    """Make the next build cold: no output folder, no build cache (font metrics stay)."""
    shutil.rmtree(build.out, ignore_errors=True)
    shutil.rmtree(settings.cache / "build", ignore_errors=True)


def run_build(build: Build, settings: Settings) -> Run:
    return run_measured(build.argv(settings.jobs), REPO, settings.env())


def measure(case: Case, argv: list[str], settings: Settings,
            before: Callable[[], None] | None = None, report: Path | None = None) -> Case:
    """Run `argv` --runs times into `case` (calling `before()` first each time)."""
    for i in range(settings.runs):
        if before:
            before()
        run = run_measured(argv, REPO, settings.env())
        if not case.record(run, report):
            break
        _progress(f"{case.name}: run {i + 1}/{settings.runs} {run.wall_s:.2f} s")
    if case.note:
        _progress(f"{case.name}: {case.note}")
    return case


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def typst_case(name: str, issue: SpeedIssue, settings: Settings) -> Case:
    """`typst.compile` of the issue's Typst document, after one untimed warm-up run."""
    pdf = settings.work / "out" / "typst" / f"{issue.typst_file.stem}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-c", TYPST_SCRIPT, str(issue.typst_file), str(pdf), str(FONTS)]
    run_measured(argv, REPO, settings.env())
    case = measure(Case(name, success=(0,)), argv, settings)
    if case.figures and (pages := pdf_pages(pdf)) != issue.pages:
        case.note = f"failed: Typst set {pages} pages, not {issue.pages} (the text overflowed)"
    return case


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader  # a Banmian dependency

    return len(PdfReader(pdf).pages)


def cold_case(name: str, build: Build, settings: Settings, baseline: str | None) -> Case:
    """Banmian builds from nothing: output folder and build cache removed before each run."""
    return measure(Case(name, baseline), build.argv(settings.jobs), settings,
                   before=lambda: clean(build, settings), report=build.report)


def warm_case(name: str, build: Build, settings: Settings) -> Case:
    """The same build again, nothing changed (run after a cold case into the same folder)."""
    return measure(Case(name), build.argv(settings.jobs), settings, report=build.report)


def warm_up(issue: SpeedIssue, settings: Settings) -> None:
    """One untimed build, so the font metric cache is filled before any timed build."""
    build = Build(issue.issue_dir, settings.work / "out" / "warm-up")
    run = run_build(build, settings)
    if run.returncode not in (0, 1):
        _progress(f"warm-up build failed (exit {run.returncode}): {_last_line(run.stderr)}")
    shutil.rmtree(build.out, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class Identity:
    """Whether a rebuild's output equals a cold build's, file by file."""

    identical: bool
    files: int
    differing: list[str]


@dataclass(frozen=True, slots=True)
class Rebuild:
    """The cold full builds, the rebuilds after an edit, and the comparison of their output."""

    cold: Case
    rebuild: Case
    identity: Identity | None


def full_and_rebuild(issue: SpeedIssue, settings: Settings) -> Rebuild:
    """Each run: a cold full build, then one sentence appended to page 7 and a rebuild into the
    same folder (build cache kept); then a cold build of the edited issue to compare with."""
    article = issue.issue_dir / "articles" / f"p{EDIT_FOLIO}.txt"
    original = article.read_text("utf-8")
    edited = original.rstrip("\n") + sentence(random.Random(SEED + EDIT_FOLIO)) + "\n"
    build = Build(issue.issue_dir, settings.work / "out" / "full-24")
    cold = Case(f"banmian full {issue.pages} pages", f"typst {issue.pages} pages")
    rebuild = Case(f"banmian rebuild after edit, {issue.pages} pp", f"typst {issue.pages} pages")
    for i in range(settings.runs):
        article.write_text(original, "utf-8")
        clean(build, settings)
        if not cold.record(run_build(build, settings), build.report):
            break
        article.write_text(edited, "utf-8")
        if not rebuild.record(run_build(build, settings), build.report):
            break
        _progress(f"{cold.name} + rebuild: run {i + 1}/{settings.runs} "
                  f"{cold.runs[-1].wall_s:.2f} s + {rebuild.runs[-1].wall_s:.2f} s")
    if cold.note and not rebuild.runs:
        rebuild.note = cold.note
    for case in (cold, rebuild):
        if case.note:
            _progress(f"{case.name}: {case.note}")
    identity = compare_with_cold(build, settings) if rebuild.figures else None
    return Rebuild(cold, rebuild, identity)


def compare_with_cold(rebuilt: Build, settings: Settings) -> Identity:
    """Build the (edited) issue cold into a fresh folder and compare its PDFs and pages.json."""
    fresh = Build(rebuilt.issue, settings.work / "out" / "fresh-24")
    clean(fresh, settings)
    run = run_build(fresh, settings)
    if run.returncode not in (0, 1):
        return Identity(False, 0, [f"the cold build failed: {_last_line(run.stderr)}"])
    a, b = rebuilt.issue_out, fresh.issue_out
    names_a, names_b = compared_files(a), compared_files(b)
    differing = sorted(names_a ^ names_b) + sorted(
        n for n in names_a & names_b if (a / n).read_bytes() != (b / n).read_bytes())
    return Identity(bool(names_a) and not differing, len(names_a | names_b), differing)


def compared_files(issue_out: Path) -> set[str]:
    """Every PDF under print/ and web/pdf/, and web/pages.json (not report.json: timings)."""
    names = {p.relative_to(issue_out).as_posix()
             for sub in ("print", "web/pdf") for p in (issue_out / sub).rglob("*.pdf")}
    return names | ({"web/pages.json"} if (issue_out / "web" / "pages.json").exists() else set())


@dataclass(frozen=True, slots=True)
class Environment:
    """What the figures depend on, for the header."""

    date: str
    commit: str
    cpus: int
    usable_cpus: int
    load_avg: list[float]
    python: str
    typst: str
    typst_py: str


def environment(work: Path) -> Environment:
    return Environment(
        date=time.strftime("%Y-%m-%d %H:%M"), commit=_git_commit(), cpus=os.cpu_count() or 0,
        usable_cpus=len(os.sched_getaffinity(0)),
        load_avg=[round(x, 2) for x in os.getloadavg()], python=platform.python_version(),
        typst=typst_version(work), typst_py=metadata.version("typst"))


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                             capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def typst_version(work: Path) -> str:
    """The Typst compiler's own version (the typst package's may differ)."""
    import typst

    probe = work / "version.typ"
    probe.write_text("#metadata(str(sys.version)) <v>\n", encoding="utf-8")
    return json.loads(typst.query(str(probe), "<v>", field="value", one=True))


@dataclass(frozen=True, slots=True)
class Target:
    """A goal and how the measured figure compares."""

    goal: str
    limit: float
    value: float | None
    detail: str

    @property
    def status(self) -> str:
        if self.value is None:
            return "n/a"
        return "PASS" if self.value <= self.limit else "FAIL"


def targets(cases: dict[str, Case], pages: int) -> list[Target]:
    """print-only ≤ 2 × Typst, full ≤ 4 × Typst, peak memory ≤ 250 MB, rebuild ≤ 20 % of cold."""
    typst, full = cases[f"typst {pages} pages"], cases[f"banmian full {pages} pages"]
    print_only = cases[f"banmian --no-web {pages} pages"]
    rebuild = cases[f"banmian rebuild after edit, {pages} pp"]
    out = [_ratio_target("print-only ≤ 2.0 × Typst", 2.0, print_only, typst),
           _ratio_target("full ≤ 4.0 × Typst", 4.0, full, typst)]
    measured = [c for c in cases.values() if c.name.startswith(("banmian", "sample")) and c.figures]
    if measured:
        top = max(measured, key=lambda c: c.figures.tree_pss_mb)
        out.append(Target("peak memory ≤ 250 MB", 250, top.figures.tree_pss_mb,
                          f"{top.figures.tree_pss_mb:.0f} MB tree PSS ({top.name}; "
                          f"largest process {top.figures.max_rss_mb:.0f} MB RSS)"))
    else:
        out.append(Target("peak memory ≤ 250 MB", 250, None, "no Banmian figures"))
    if rebuild.figures and full.figures:
        share = 100 * rebuild.figures.wall_s / full.figures.wall_s
        out.append(Target("rebuild ≤ 20 % of cold", 20, share, f"{share:.0f} % "
                          f"({rebuild.figures.wall_s:.2f} s of {full.figures.wall_s:.2f} s)"))
    else:
        out.append(Target("rebuild ≤ 20 % of cold", 20, None, rebuild.note or full.note))
    return out


def _ratio_target(goal: str, limit: float, case: Case, typst: Case) -> Target:
    if not (case.figures and typst.figures):
        return Target(goal, limit, None, case.note or typst.note)
    ratio = case.figures.wall_s / typst.figures.wall_s
    return Target(goal, limit, ratio, f"{ratio:.2f} × ({case.name} {case.figures.wall_s:.2f} s"
                                      f" / {typst.name} {typst.figures.wall_s:.2f} s)")


@dataclass
class Results:
    """Everything one benchmark run found."""

    env: Environment
    content: dict
    settings: dict
    cases: list[Case]
    identity: Identity | None

    def by_name(self) -> dict[str, Case]:
        return {c.name: c for c in self.cases}

    def to_json(self) -> dict:
        return {"environment": asdict(self.env), "content": self.content,
                "settings": self.settings, "cases": [c.to_json() for c in self.cases],
                "rebuild_identical": asdict(self.identity) if self.identity else None,
                "targets": [{**asdict(t), "status": t.status}
                            for t in targets(self.by_name(), self.content["pages"])]}


def header(results: Results) -> list[str]:
    env, c = results.env, results.content
    jobs = results.settings["jobs"]
    return [f"Banmian speed benchmark · {env.date} · commit {env.commit}",
            (f"{env.cpus} CPUs ({env.usable_cpus} usable, load {env.load_avg[0]:.2f}) · "
             f"Python {env.python} · Typst {env.typst} (typst-py {env.typst_py})"),
            (f"content: {c['pages']} pages × {c['format']}, {c['chars']:,} characters; "
             f"sample issue {SAMPLE.name}"),
            (f"median of {results.settings['runs']} runs, each a fresh process; banmian --jobs "
             f"{jobs if jobs is not None else '(default)'}"), ""]


def case_table(cases: list[Case]) -> list[str]:
    names = {c.name: c for c in cases}
    width = max(len(c.name) for c in cases) + 2
    lines = [(f"{'case':<{width}}{'wall s':>8}{'cpu s':>8}{'peak RSS MB':>13}"
              f"{'tree PSS MB':>13}{'× Typst (wall)':>16}")]
    for case in cases:
        fig = case.figures
        if fig is None:
            lines.append(f"{case.name:<{width}}{'n/a':>8}   {case.note}")
            continue
        base = names.get(case.baseline or case.name)
        ratio = (f"{fig.wall_s / base.figures.wall_s:.2f}"
                 if base and base.figures and case.name.startswith(("typst", "banmian")) else "—")
        lines.append(f"{case.name:<{width}}{fig.wall_s:>8.2f}{fig.cpu_s:>8.2f}"
                     f"{fig.max_rss_mb:>13.0f}{fig.tree_pss_mb:>13.0f}{ratio:>16}")
    return lines + [TARGETS, ""]


def stage_table(cases: list[Case]) -> list[str]:
    """Banmian's own stage timings (report.json `timings_s` of each case's median run)."""
    rows = [(c.name, c.median_report) for c in cases if c.figures and c.median_report]
    if not rows:
        return []
    keys: list[str] = []
    for _, report in rows:
        keys += [k for k in report.get("timings_s", {}) if k not in keys]
    width = max(len(name) for name, _ in rows) + 2
    cols = {k: max(len(k), 6) + 2 for k in keys}
    lines = ["Banmian stage timings, s (report.json of the median run):",
             f"{'case':<{width}}" + "".join(f"{k:>{w}}" for k, w in cols.items())
             + f"{'errors':>8}{'warnings':>10}"]
    for name, report in rows:
        t, summary = report.get("timings_s", {}), report.get("summary", {})
        cells = "".join(f"{t[k]:>{w}.2f}" if k in t else f"{'—':>{w}}" for k, w in cols.items())
        lines.append(f"{name:<{width}}{cells}{summary.get('errors', '?'):>8}"
                     f"{summary.get('warnings', '?'):>10}")
    return lines + [""]


def target_lines(results: Results) -> list[str]:
    found = targets(results.by_name(), results.content["pages"])
    width = max(len(t.goal) for t in found) + 2
    lines = ["targets:"] + [f"  {t.goal:<{width}}{t.status:<6}{t.detail}" for t in found]
    ident = results.identity
    if ident is None:
        lines.append("rebuild output identical to a cold build: not checked (no rebuild)")
    elif ident.identical:
        lines.append(f"rebuild output identical to a cold build: yes ({ident.files} files: "
                     "print and web PDFs, web/pages.json)")
    else:
        lines.append(f"rebuild output identical to a cold build: NO — differing: "
                     f"{', '.join(ident.differing[:8])}{' …' if len(ident.differing) > 8 else ''}")
    return lines


def report(results: Results) -> str:
    return "\n".join(header(results) + case_table(results.cases) + stage_table(results.cases)
                     + target_lines(results))


def generate(work: Path) -> list[SpeedIssue]:
    """The 24-page issue and its 1-page first page, each with its Typst document."""
    items = content()
    root = work / "issues"
    return [write_speed_issue(root, f"speed-{n}", items[:n]) for n in (len(items), 1)]


def run_all(settings: Settings) -> Results:
    """Generate the content, warm the caches up, and measure every case."""
    settings.work.mkdir(parents=True, exist_ok=True)
    env = environment(settings.work)
    big, one = generate(settings.work)
    out = settings.work / "out"
    _progress(f"generated {big.pages} + {one.pages} pages in {settings.work}; warming up")
    warm_up(one, settings)
    cases = [typst_case(f"typst {big.pages} pages", big, settings),
             typst_case("typst 1 page", one, settings),
             cold_case(f"banmian --no-web {big.pages} pages",
                       Build(big.issue_dir, out / "print-24", web=False), settings,
                       f"typst {big.pages} pages")]
    rebuild = full_and_rebuild(big, settings)
    cases += [rebuild.cold, cold_case("banmian full 1 page", Build(one.issue_dir, out / "full-1"),
                                      settings, "typst 1 page"), rebuild.rebuild]
    sample = Build(SAMPLE, out / "sample")
    cases += [cold_case("sample issue, cold", sample, settings, None),
              warm_case("sample issue, warm", sample, settings)]
    content_info = {"pages": big.pages, "chars": big.chars, "chars_1_page": one.chars,
                    "format": f"{FORMAT.width_mm:g}×{FORMAT.height_mm:g} mm, {FORMAT.columns} "
                              f"columns × {FORMAT.column_chars} 字, {FORMAT.body_size} pt / "
                              f"{FORMAT.pitch:g} pt"}
    return Results(env, content_info, {"runs": settings.runs, "jobs": settings.jobs},
                   cases, rebuild.identity)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per case; the median is reported")
    ap.add_argument("--jobs", type=int, help="pass --jobs N to banmian build (default: omit)")
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    ap.add_argument("--keep", type=Path, help="work here and keep the generated issues, Typst "
                    "documents and outputs (page 7 keeps the appended sentence)")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        import typst  # noqa: F401
    except ImportError:
        sys.exit("bench_speed needs Typst: pip install -e '.[bench]' (make bench does)")
    with tempfile.TemporaryDirectory(prefix="banmian-bench-") as tmp:
        work = args.keep.resolve() if args.keep else Path(tmp)
        results = run_all(Settings(args.runs, args.jobs, work))
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results.to_json(), ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    failed = [c.name for c in results.cases if c.note.startswith("failed")]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed or (results.identity and not results.identity.identical) else 0


if __name__ == "__main__":
    sys.exit(main())
