"""build-many on a Dask LocalCluster (issue #17): two small issues built byte-identical to
`banmian build` and a bad one reported; a second run does no work; a worker that dies mid-task
is replaced and the bytes are the same; nothing half-written is left in OUT."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layout.edition.build import BuildOptions, build
from layout.edition.many import (
    ClusterError,
    IssueOutcome,
    ManyOptions,
    ManySummary,
    build_many,
    cluster,
    issue_folders,
)
from layout.errors import BadInput

distributed = pytest.importorskip(
    "distributed", reason="build-many needs Dask: pip install -e '.[cluster]' (the test extra has it)")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "yunchuan-2026-11-24"
BODY = "云川市总工会今天召开会议，部署冬季送温暖工作。会议要求各级工会把困难职工的冷暖放在心上。\n"


def write_issue(root: Path, folios: int, day: int, jump: bool = False) -> Path:
    """A small issue: one article a page; with `jump`, page 1's article continues on page 2."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    lines = [('newspaper: {name: 测试报, serial: CN99-0001, host: 测试单位, address: 测试路1号, '
              'postcode: "100000"}'), f"issue: {{date: 2026-11-{day:02d}, number: {day}}}",
             "pages:"]
    for n in range(1, folios + 1):
        body = BODY * (12 if jump and n == 1 else 1)
        (root / "articles" / f"a{n}.txt").write_text(body, encoding="utf-8")
        lines += [f"  - folio: {n}", "    section: 要闻", "    articles:", f"      - id: a{n}",
                  "        headline: 测试标题", f"        body: articles/a{n}.txt",
                  "        place: {columns: 1-2, top: 0, height: 12}"]
        if jump and n == 1:
            lines.append("        continued_on: 2")
        if jump and n == 2:
            lines.append("      - {continues: a1, place: {columns: 3-4, top: 0, height: 30}}")
    (root / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def outputs(issue_out: Path) -> dict[str, bytes]:
    """Every published file that equal builds write alike (the reports hold timings)."""
    files = {p.relative_to(issue_out).as_posix(): p.read_bytes() for p in issue_out.rglob("*")
             if p.is_file() and p.name not in ("report.json", "report.html")}
    assert any(n.startswith("print/") for n in files) and "web/pages.json" in files
    return files


def leftovers(out: Path) -> list[str]:
    """Anything in OUT that is not a published issue, a proof, a lock or the archive page."""
    return [p.name for p in out.iterdir() if p.name.startswith(".") and not
            p.name.endswith(".lock")]


@pytest.fixture(scope="module")
def client():
    with cluster(None, 2) as c:
        yield c


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("archive")
    bad = base / "issues" / "bad-0"
    bad.mkdir(parents=True)
    (bad / "issue.yaml").write_text("newspaper: {name: 测试报}\nheadlien: 1\n", encoding="utf-8")
    return {"jump-22": write_issue(base / "issues" / "jump-22", 3, 22, jump=True),
            "plain-23": write_issue(base / "issues" / "plain-23", 2, 23), "bad-0": bad,
            "base": base}


@pytest.fixture(scope="module")
def reference(archive) -> dict[str, dict[str, bytes]]:
    """The good issues built by `build`, one process, a cache of their own."""
    out, cache = archive["base"] / "ref", archive["base"] / "ref-cache"
    refs = {}
    for name in ("jump-22", "plain-23"):
        report = build(archive[name], BuildOptions(out=out, cache=cache, jobs=1))
        assert report.published
        refs[name] = outputs(out / name)
    return refs


@pytest.fixture(scope="module")
def first_run(client, archive) -> tuple[ManySummary, ManyOptions]:
    options = ManyOptions(out=archive["base"] / "out", cache=archive["base"] / "cache")
    folders = [archive[n] for n in ("jump-22", "bad-0", "plain-23")]
    return build_many(client, folders, options), options


def test_two_issues_built_like_build_and_the_bad_one_reported(first_run, reference):
    summary, options = first_run
    by_slug = {o.slug: o for o in summary.issues}
    assert [o.slug for o in summary.issues] == ["jump-22", "bad-0", "plain-23"]
    for name in ("jump-22", "plain-23"):
        assert by_slug[name].published and by_slug[name].built == by_slug[name].pages
        assert outputs(options.out / name) == reference[name], name
    bad = by_slug["bad-0"]
    assert not bad.published and bad.pages == 0
    assert any("unknown key 'headlien'" in p for p in bad.problems)
    assert not (options.out / "bad-0").exists() and leftovers(options.out) == []
    assert summary.pages == 5 and [o.slug for o in summary.failed] == ["bad-0"]
    archive_page = (options.out / "index.html").read_text("utf-8")
    assert "jump-22/web/index.html" in archive_page and "plain-23/web/index.html" in archive_page
    data = summary.as_json()
    assert data["summary"]["failed"] == 1 and data["failures"][0]["issue"] == "bad-0"
    assert data["summary"]["pages_per_minute"] > 0


def test_a_second_run_does_no_layout_or_rendering(client, first_run, reference):
    summary, options = first_run
    again = build_many(client, [Path(o.folder) for o in summary.issues if o.published], options)
    assert again.built == 0 and again.cached == 5 and not again.failed
    for name in ("jump-22", "plain-23"):
        assert outputs(options.out / name) == reference[name]


class DieOnce(distributed.WorkerPlugin):
    """Makes the first page task of the cluster kill its worker process (os._exit), once."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def setup(self, worker) -> None:
        from layout.edition import pages

        original, marker = pages.render_page, self.marker

        def render_page(job, laid, event):
            try:
                os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                return original(job, laid, event)
            os._exit(1)  # the worker dies mid-task; its nanny starts a new one

        pages.render_page = render_page


def test_a_worker_that_dies_mid_task_is_replaced_and_the_bytes_are_the_same(
        client, archive, reference, tmp_path):
    marker = tmp_path / "died"
    client.register_plugin(DieOnce(str(marker)), name="die-once")
    try:
        options = ManyOptions(out=tmp_path / "out", cache=tmp_path / "cache")
        summary = build_many(client, [archive["jump-22"], archive["plain-23"]], options)
    finally:
        client.unregister_worker_plugin("die-once")
    assert marker.exists(), "no worker died"
    assert not summary.failed
    for name in ("jump-22", "plain-23"):
        assert outputs(options.out / name) == reference[name]
    assert leftovers(options.out) == []
    client.wait_for_workers(2, timeout=60)


def test_the_sample_issue_is_the_same_bytes_as_build(client, tmp_path):
    issue = shutil.copytree(SAMPLE, tmp_path / SAMPLE.name)
    build(issue, BuildOptions(out=tmp_path / "ref", cache=tmp_path / "ref-cache", jobs=1))
    options = ManyOptions(out=tmp_path / "out", cache=tmp_path / "cache")
    summary = build_many(client, [issue], options)
    assert summary.published == 1 and summary.built == 4
    assert outputs(options.out / SAMPLE.name) == outputs(tmp_path / "ref" / SAMPLE.name)


test_the_sample_issue_is_the_same_bytes_as_build = pytest.mark.slow(
    test_the_sample_issue_is_the_same_bytes_as_build)


# ------------------------------------------------------------------------------ the command line

def cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "layout", *args], capture_output=True,
                          text=True, timeout=300, check=False, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_cli_reports_each_issue_the_summary_and_json(archive, tmp_path):
    shutil.copytree(archive["base"] / "issues", tmp_path / "issues")
    result = cli("build-many", "issues/*", "-o", "out", "--workers", "1", "--cache", "cache",
                 "--report", "run.json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "published      jump-22: 3 pages (3 built, 0 from the cache)" in out
    assert "FAILED         bad-0: issues/bad-0/issue.yaml:1:1: missing required field" in out
    assert "               issues/bad-0/issue.yaml:2:1: unknown key 'headlien'" in out
    assert "2 of 3 issues published, 1 failed; 5 pages in" in out and "pages/min" in out
    assert "failed: issues/bad-0: " in out and "Traceback" not in result.stderr
    report = json.loads((tmp_path / "run.json").read_text("utf-8"))
    assert report["summary"]["published"] == 2 and report["summary"]["pages"] == 5
    assert (tmp_path / "out" / "index.html").is_file()
    again = cli("build-many", "issues/jump-22", "issues/plain-23", "-o", "out", "--workers", "1",
                "--cache", "cache", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "nothing to lay out or render: all 5 pages came whole from the build cache" in again.stdout


def test_without_dask_build_many_says_how_to_install_it(tmp_path):
    code = ("import sys; sys.modules['distributed'] = None; from layout.cli.main import main; "
            "main(['build-many', 'x'])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2
    assert "pip install 'banmian[cluster]'" in result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_scheduler_is_a_plain_error(monkeypatch):
    from layout.edition import many

    monkeypatch.setattr(many, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"), \
            cluster("tcp://127.0.0.1:9"):
        pass


# ------------------------------------------------------------------------------ the issue list

def test_issue_folders_from_arguments_globs_and_a_list(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("2016-01-01", "2016-01-02", "2017-01-01"):
        write_issue(tmp_path / "arch" / name, 1, 1)
    (tmp_path / "arch" / "2016-notes").mkdir()  # no issue.yaml: not an issue
    listing = tmp_path / "list.txt"
    listing.write_text("# the rest\narch/2017-01-01\n\narch/2016-01-01\n", encoding="utf-8")
    found = issue_folders(["arch/2016-*"], listing)
    assert [f.name for f in found] == ["2016-01-01", "2016-01-02", "2017-01-01"]
    assert all(f.is_absolute() for f in found)
    with pytest.raises(BadInput, match="matches"):
        issue_folders(["arch/1999-*"])
    with pytest.raises(BadInput, match="no issue folders"):
        issue_folders([])
    write_issue(tmp_path / "other" / "2016-01-01", 1, 1)
    with pytest.raises(BadInput, match="both would be published"):
        issue_folders(["arch/2016-01-01", "other/2016-01-01"])


def test_an_outcome_names_its_first_problem():
    outcome = IssueOutcome("x", "x", problems=("a", "b"))
    assert outcome.first_problem == "a" and not outcome.published
    summary = ManySummary((outcome,), 60.0, 2)
    assert summary.pages_per_minute == 0 and summary.as_json()["failures"][0]["problem"] == "a"
