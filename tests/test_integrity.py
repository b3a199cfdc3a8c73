"""Integrity under hostile input and faults (issue #12): one file per page, one generation at a
time, locked output folders, limits with clear messages, never a traceback or a hang."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

from layout.cli import parse_pages
from layout.edition.build import BuildOptions, build
from layout.edition.generation import _repair
from layout.errors import OutputError
from layout.manifest import ManifestError, load_issue

ROOT = Path(__file__).resolve().parent.parent

BODY = "云川市总工会今天召开会议，部署冬季送温暖工作。会议要求各级工会把困难职工的冷暖放在心上。\n"


def write_issue(root: Path, pages: list[str] | None = None, printing: str = "",
                body: str = BODY, height: int = 30) -> Path:
    """An issue with one short article per page, folios as given (default 1 and 2)."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    lines = ['newspaper: {name: 测试报, serial: CN99-0001, host: 测试单位, address: 测试路1号, '
             'postcode: "100000"}', "issue: {date: 2026-11-24, number: 7}", printing, "pages:"]
    for n, folio in enumerate(pages or ["1", "2"]):
        (root / "articles" / f"a{n}.txt").write_text(body, encoding="utf-8")
        lines += [f"  - folio: {folio}", "    section: 要闻", "    articles:",
                  f"      - id: a{n}", "        headline: 测试标题", f"        body: articles/a{n}.txt",
                  f"        place: {{columns: 1-2, top: 0, height: {height}}}"]
    (root / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def cli(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "layout", *args], capture_output=True, text=True,
                          timeout=timeout, check=False, env={**os.environ, **(env or {})})


def checksums_pass(print_dir: Path) -> bool:
    for line in (print_dir / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ")
        if hashlib.sha256((print_dir / name).read_bytes()).hexdigest() != digest:
            return False
    return True


# ------------------------------------------------------------------------------ 1. one file a page

def test_folios_that_print_alike_are_one_page_too_many(tmp_path):
    issue = write_issue(tmp_path / "iss", pages=["1", '"01"'])
    with pytest.raises(ManifestError) as info:
        load_issue(issue)
    text = str(info.value)
    assert "issue.yaml:" in text and "page 01 would print to iss_20261124_01.pdf" in text
    assert "the same file as page 1" in text
    result = cli("validate", str(issue))
    assert result.returncode == 2 and "would print to" in result.stderr


@pytest.mark.parametrize("pattern", ["x_{page:.0}.pdf", "{page:>999999999}.pdf",
                                     "{page!r}.pdf", "a" * 300 + "{page}.pdf"])
def test_file_patterns_cannot_merge_pages_or_grow_without_bound(tmp_path, pattern):
    issue = write_issue(tmp_path / "iss", printing=f"print: {{file_pattern: '{pattern}'}}")
    started = time.monotonic()
    with pytest.raises(ManifestError, match="file pattern"):
        load_issue(issue)
    assert time.monotonic() - started < 5


def test_a_pattern_may_not_name_a_page_like_the_issue_pdf(tmp_path):
    issue = write_issue(tmp_path / "x01", printing="print: {file_pattern: 'x{page}.pdf'}")
    with pytest.raises(ManifestError, match="the same file as the whole-issue PDF"):
        load_issue(issue)


def test_huge_page_ranges_are_refused_at_once():
    started = time.monotonic()
    with pytest.raises(click.BadParameter, match="goes past page 999"):
        parse_pages("1-999999999")
    with pytest.raises(click.BadParameter, match="longer than"):
        parse_pages("1," * 5000)
    assert time.monotonic() - started < 1
    assert parse_pages("A1-A3,7") == {"A1", "A2", "A3", "7"}


# ------------------------------------------------------------------------------ 5. locked output

def test_a_second_build_waits_then_refuses_with_a_message(tmp_path):
    issue = write_issue(tmp_path / "iss")
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".iss.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        told = []
        with pytest.raises(OutputError, match="another build is writing"):
            build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1, lock_wait=0.3),
                  lambda event, payload: told.append(payload) if event == "waiting" else None)
        assert told and "waiting" in told[0]
    finally:
        os.close(fd)
    assert not (out / "iss").exists()


@pytest.mark.slow
def test_concurrent_builds_into_one_folder_both_succeed_whole(tmp_path):
    issue = write_issue(tmp_path / "iss")
    out = tmp_path / "out"
    env = {"BANMIAN_CACHE": str(tmp_path / "cache")}
    procs = [subprocess.Popen([sys.executable, "-m", "layout", "build", str(issue), "-o", str(out),
                               "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, **env}) for _ in range(3)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [r[1] for r in results]
    assert checksums_pass(out / "iss" / "print")
    json.loads((out / "iss" / "web" / "pages.json").read_text(encoding="utf-8"))
    assert not [p for p in out.iterdir() if ".staging-" in p.name or ".old-" in p.name]


# ------------------------------------------------------------------------------ 6. one generation

def test_a_failed_write_leaves_the_published_generation_whole(tmp_path, monkeypatch):
    issue = write_issue(tmp_path / "iss")
    out = tmp_path / "out"
    build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1))
    before = {p.relative_to(out): p.read_bytes() for p in (out / "iss").rglob("*") if p.is_file()}
    (issue / "articles" / "a0.txt").write_text(BODY.replace("会议", "大会"), encoding="utf-8")
    from layout.edition import build as buildmod

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(buildmod, "write_atomic", full)
    with pytest.raises(OutputError, match="No space left on device"):
        build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1))
    after = {p.relative_to(out): p.read_bytes() for p in (out / "iss").rglob("*") if p.is_file()}
    assert after == before
    assert checksums_pass(out / "iss" / "print")
    assert {p.name for p in out.iterdir()} == {".iss.lock", "iss", "index.html"}


def test_a_build_killed_between_the_two_renames_is_repaired(tmp_path):
    out = tmp_path / "out"
    (out / ".iss.old-4242" / "print").mkdir(parents=True)
    (out / ".iss.old-4242" / "print" / "SHA256SUMS").write_text("")
    (out / ".iss.staging-4243").mkdir()
    _repair(out, "iss")
    assert (out / "iss" / "print" / "SHA256SUMS").exists()
    assert sorted(p.name for p in out.iterdir()) == ["iss"]


@pytest.mark.slow
def test_a_killed_build_leaves_the_last_generation_and_the_next_one_recovers(tmp_path):
    issue = write_issue(tmp_path / "iss", pages=[str(n) for n in range(1, 7)])
    out = tmp_path / "out"
    env = {"BANMIAN_CACHE": str(tmp_path / "cache")}
    assert cli("build", str(issue), "-o", str(out), env=env).returncode == 0
    before = (out / "iss" / "print" / "SHA256SUMS").read_bytes()
    for n in range(6):  # every page changes: the next build has real work to do
        (issue / "articles" / f"a{n}.txt").write_text(BODY * 2, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "layout", "build", str(issue), "-o", str(out),
                             "--jobs", "1"], env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(out.glob(".iss.staging-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (out / "iss" / "print" / "SHA256SUMS").read_bytes() == before
    assert checksums_pass(out / "iss" / "print")
    assert cli("build", str(issue), "-o", str(out), env=env).returncode == 0
    assert checksums_pass(out / "iss" / "print")
    assert not [p for p in out.iterdir() if ".staging-" in p.name]


def test_a_build_with_errors_publishes_nothing_unless_asked(tmp_path):
    issue = write_issue(tmp_path / "iss")
    out = tmp_path / "out"
    build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1))
    good = (out / "iss" / "print" / "SHA256SUMS").read_bytes()
    (issue / "articles" / "a1.txt").write_text(BODY * 60, encoding="utf-8")  # overflows
    report = build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1))
    assert report.errors and not report.published
    assert (out / "iss" / "print" / "SHA256SUMS").read_bytes() == good
    proof = out / "iss.proof"
    assert json.loads((proof / "report.json").read_text("utf-8"))["summary"]["errors"] >= 1
    assert checksums_pass(proof / "print")
    report = build(issue, BuildOptions(out=out, cache=tmp_path / "c", jobs=1,
                                       publish_with_errors=True))
    assert report.published and (out / "iss" / "print" / "SHA256SUMS").read_bytes() != good
    assert not proof.exists(), "a published build replaces the old proofs"


def test_an_unwritable_output_is_a_plain_message_exit_2(tmp_path):
    issue = write_issue(tmp_path / "iss")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = cli("build", str(issue), "-o", str(blocker / "out"),
                 env={"BANMIAN_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 2, result.stderr
    assert "cannot create the output folder" in result.stderr and "Traceback" not in result.stderr
