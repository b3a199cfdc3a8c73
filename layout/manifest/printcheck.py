"""Checks of the manifest's `print:` block: the ICC profile file and the file-name pattern."""

from __future__ import annotations

from pathlib import Path

from layout.manifest.errors import Problem, Reporter
from layout.manifest.schema import IssueSpec
from layout.press import icc_problem, pattern_problem, profile_path


def print_problems(spec: IssueSpec, root: Path, report: Reporter) -> list[Problem]:
    """The ICC profile must be a readable CMYK output profile; the pattern must name files."""
    problems = []
    settings = spec.print
    if settings.icc_profile:
        path = profile_path(root, settings.icc_profile)
        if not path.is_file():
            why = f"ICC profile not found: {settings.icc_profile}"
        else:
            why = icc_problem(path)
        if why:
            problems.append(report.at(("print", "icc_profile"), why))
    if settings.file_pattern:
        why = pattern_problem(settings.file_pattern)
        if why:
            problems.append(report.at(("print", "file_pattern"), why))
    return problems
