"""The issue manifest: loading an issue folder's `issue.yaml` into a validated `IssueSpec`,
with every problem (YAML, schema, files, grid, jumps) reported at its line in one error."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from layout.manifest.errors import ManifestError, Problem, Reporter, schema_problems
from layout.manifest.loader import Loaded, Marks, NodePath, YamlFatal, load_yaml
from layout.manifest.schema import IssueSpec, partial_spec
from layout.manifest.validate import check_issue

__all__ = ["LoadedIssue", "ManifestError", "Marks", "Problem", "load_issue", "MANIFEST_NAME"]

MANIFEST_NAME = "issue.yaml"
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
"""A manifest is a few kilobytes; anything near this is a mistake."""


@dataclass(frozen=True)
class LoadedIssue:
    """A validated issue: its folder, manifest file, spec and the source position of its values."""

    root: Path
    manifest: Path
    spec: IssueSpec
    marks: Marks

    def where(self, *path: str | int) -> str:
        """`issues/x/issue.yaml:14:7` for the value at `path` (or its nearest marked ancestor)."""
        mark = self.marks.nearest(path)
        shown = display_path(self.manifest)
        return f"{shown}:{mark[0]}:{mark[1]}" if mark else shown


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it lies below it, else as given."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd().resolve()) \
            else str(path)
    except (OSError, ValueError):
        return str(path)


def load_issue(issue_dir: str | Path) -> LoadedIssue:
    """Load and check the issue in `issue_dir`; raises ManifestError listing every problem."""
    folder = Path(issue_dir)
    manifest = folder / MANIFEST_NAME
    shown = display_path(manifest)
    text = _read_manifest(folder, manifest, shown)
    try:
        loaded = load_yaml(text)
    except YamlFatal as fatal:  # a syntax error: nothing else can be checked
        raise ManifestError([Problem(shown, fatal.issue.line, fatal.issue.col,
                                     fatal.issue.message)]) from None
    report = Reporter(shown, loaded.marks)
    problems = [Problem(shown, i.line, i.col, i.message) for i in loaded.issues]
    spec, found = _validate(loaded, report, folder.resolve())
    problems += found
    if problems or spec is None:
        raise ManifestError(problems)
    return LoadedIssue(folder.resolve(), folder.resolve() / MANIFEST_NAME, spec, loaded.marks)


def _read_manifest(folder: Path, manifest: Path, shown: str) -> str:
    """The manifest's text; a missing folder, a directory, an unreadable or non-UTF-8 file,
    each raise ManifestError."""
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise _fail(display_path(folder), f"issue folder {what}")
    if not manifest.exists():
        raise _fail(display_path(folder), f"no {MANIFEST_NAME} in this folder")
    if not manifest.is_file():
        raise _fail(shown, "this is not a file")
    try:
        with manifest.open("rb") as stream:
            data = stream.read(MAX_MANIFEST_BYTES + 1)
    except OSError as error:
        raise _fail(shown, f"cannot read the file: {error.strerror or error}") from None
    if len(data) > MAX_MANIFEST_BYTES:
        raise _fail(shown, f"the file is larger than {MAX_MANIFEST_BYTES // 2**20} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise _fail(shown, f"not UTF-8 text (invalid byte 0x{data[error.start]:02x})",
                    line, col) from None


def _fail(file: str, message: str, line: int | None = None,
          col: int | None = None) -> ManifestError:
    return ManifestError([Problem(file, line, col, message)])


def _validate(loaded: Loaded, report: Reporter,
              root: Path) -> tuple[IssueSpec | None, list[Problem]]:
    """Schema problems, then (only if the schema passed) reference and layout problems."""
    data = loaded.data
    if not isinstance(data, dict):
        return None, [_top_level_problem(data, report)]
    try:
        spec = IssueSpec.model_validate(data)
    except ValidationError as error:
        problems = schema_problems(error, data, report)
        found = [p for p, path in problems if not _under(path, loaded.tainted)]
        partial = partial_spec(data)  # every other check, on the parts that are valid
        return None, found + (check_issue(partial, root, report) if partial else [])
    return spec, check_issue(spec, root, report)


def _under(path: NodePath, tainted: set[NodePath]) -> bool:
    """True if `path` is at or below a value the loader already complained about."""
    return any(path[:len(t)] == t for t in tainted)


def _top_level_problem(data: Any, report: Reporter) -> Problem:
    if data is None:
        return Problem(report.file, None, None, "the file is empty")
    kind = "a list" if isinstance(data, list) else "a single value"
    return report.at((), f"the manifest must be a mapping with newspaper, issue and pages, "
                     f"not {kind}")
