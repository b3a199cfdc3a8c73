"""The banmian command line: subcommands, exit codes (0 ok / 1 errors / 2 bad input), outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from layout.cli.main import main, parse_pages

SHORT = "云川市总工会今天召开会议，部署冬季送温暖工作。会议要求各级工会把困难职工的冷暖放在心上。\n"


def write_issue(root: Path, body: str = SHORT, height: int | str = 10, extra: str = "") -> Path:
    """A one-page issue with one article (and an image), small enough to build in a second."""
    (root / "articles").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "articles" / "a.txt").write_text(body, encoding="utf-8")
    Image.new("RGB", (300, 200), (200, 40, 40)).save(root / "images" / "p.png")
    (root / "issue.yaml").write_text(f"""\
newspaper: {{name: 测试报, serial: CN99-0001, host: 测试单位, address: 测试路1号, postcode: "100000"}}
issue: {{date: 2026-11-24, number: 1}}
pages:
  - folio: 1
    section: 要闻
    color: gray
    articles:
      - id: a
        headline: 测试标题
        body: articles/a.txt
        images: [{{file: images/p.png, caption: 图片说明, columns: 1}}]
        place: {{columns: 1-2, top: 0, height: {height}}}
{extra}""", encoding="utf-8")
    return root


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "layout", *args], capture_output=True, text=True,
                          timeout=300)


def test_help_for_every_subcommand():
    runner = CliRunner()
    for cmd in ([], ["build"], ["validate"], ["schema"], ["new"], ["check"]):
        result = runner.invoke(main, [*cmd, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output


def test_validate_ok_and_bad(tmp_path):
    good = write_issue(tmp_path / "good")
    assert run("validate", str(good)).returncode == 0
    bad = write_issue(tmp_path / "bad")
    text = (bad / "issue.yaml").read_text(encoding="utf-8").replace("headline:", "headlien:")
    (bad / "issue.yaml").write_text(text, encoding="utf-8")
    result = run("validate", str(bad))
    assert result.returncode == 2
    assert "unknown key 'headlien' (did you mean 'headline'?)" in result.stderr
    assert "issue.yaml:9:9: unknown key" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_ok_writes_pdf_thumbnail_and_report(tmp_path):
    issue = write_issue(tmp_path / "iss")
    out = tmp_path / "out"
    result = run("build", str(issue), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "page 1 要闻: 1 articles, overflow 0" in result.stdout  # one summary line per page
    assert (out / "iss" / "print" / "iss_20261124_01.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "iss" / "print" / "iss.pdf").exists()
    with Image.open(out / "iss" / "web" / "thumbs" / "page-01.jpg") as thumb:
        assert thumb.width == 240
    report = json.loads((out / "iss" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"] == {"pages": 1, "errors": 0, "warnings": 0, "published": True}


def test_build_overflow_exits_1_and_names_article_and_page(tmp_path):
    """A build with errors publishes nothing: its proofs and report go to OUT/<issue>.proof/."""
    issue = write_issue(tmp_path / "iss", body=SHORT * 40, height=12)
    result = run("build", str(issue), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "article `a` overflows by" in result.stdout
    assert "on page 1" in result.stdout and "NOT PUBLISHED" in result.stdout
    assert not (tmp_path / "out" / "iss").exists()
    report = json.loads((tmp_path / "out" / "iss.proof" / "report.json").read_text("utf-8"))
    assert report["summary"]["published"] is False
    over = report["pages"][0]["articles"][0]["overflow"]
    assert over["chars"] > 0 and over["lines"] > 0


def test_build_bad_input_exits_2_without_traceback(tmp_path):
    result = run("build", str(tmp_path / "missing"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    issue = write_issue(tmp_path / "iss")
    result = run("build", str(issue), "--pages", "7", "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "no page 7" in result.stderr


def test_build_strict_turns_missing_glyph_into_error(tmp_path):
    issue = write_issue(tmp_path / "iss", body="这个字𪚥不在字库里，要报告。\n")
    out = tmp_path / "out"
    lax = run("build", str(issue), "-o", str(out))
    assert lax.returncode == 0
    assert "U+2A6A5" in lax.stdout and "〓" in lax.stdout
    strict = run("build", str(issue), "-o", str(out), "--strict")
    assert strict.returncode == 1


def test_schema_is_json_and_matches_committed_copy():
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert "IssueSpec" in json.dumps(schema) or schema["title"]
    committed = Path(__file__).resolve().parent.parent / "schema" / "issue.schema.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == schema, \
        "schema/issue.schema.json is stale: run `make schema`"


def test_new_scaffolds_a_valid_issue(tmp_path):
    target = tmp_path / "fresh"
    result = run("new", str(target))
    assert result.returncode == 0, result.stderr
    assert run("validate", str(target)).returncode == 0
    assert run("new", str(target)).returncode == 2  # never overwrites


@pytest.mark.parametrize("spec, expected", [
    ("1", {"1"}), ("1,3-4", {"1", "3", "4"}), ("A1-A3", {"A1", "A2", "A3"}), (None, None),
])
def test_parse_pages(spec, expected):
    got = parse_pages(spec)
    assert (got if got is None else set(got)) == expected


def test_an_internal_error_is_one_line_and_exit_1_with_the_traceback_only_on_debug(
        tmp_path, monkeypatch):
    """A bug is not the editor's mistake: not exit 2 'bad input', no traceback unless asked."""
    import layout.edition.build as buildmod

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug in the build")

    monkeypatch.setattr(buildmod, "build", broken)
    issue = write_issue(tmp_path / "issue")
    result = CliRunner().invoke(main, ["build", str(issue), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "internal error: ZeroDivisionError: a bug in the build (run with --debug" in \
        result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(main, ["build", str(issue), "-o", str(tmp_path / "out"),
                                       "--debug"])
    assert result.exit_code == 1 and "Traceback" in result.output


def test_a_user_error_from_a_library_layer_keeps_its_exit_code(tmp_path, monkeypatch):
    """Errors of the family carry their exit code through every command (here an OutputError
    raised deep in the build: exit 2 with its message)."""
    import layout.edition.build as buildmod
    from layout.errors import OutputError

    def full(*args, **kwargs):
        raise OutputError("the output folder is on a full disk")

    monkeypatch.setattr(buildmod, "build", full)
    issue = write_issue(tmp_path / "issue")
    result = CliRunner().invoke(main, ["build", str(issue), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "error: the output folder is on a full disk" in result.output
