"""The first stages in one call: manifest → model → fonts → page flow.

The build, `validate`, `fonts`, the benches and the tests all start an issue here, so "open an
issue" means the same everywhere: the manifest read and checked (errors at file:line:col), the
model resolved, the issue's fonts loaded (once a process), and pages laid out on request."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from layout.flow.elements import PageLayout
from layout.flow.page import layout_issue
from layout.fonts import FontRole, FontSet, default_roles, font_set
from layout.manifest import LoadedIssue, load_issue
from layout.model import Issue
from layout.resolve import resolve
from layout.style import StyleFactory


@dataclass(frozen=True, slots=True)
class OpenIssue:
    """An issue ready to lay out."""

    source: LoadedIssue
    """The manifest as read, with the positions of its values (for messages)."""
    issue: Issue
    roles: tuple[FontRole, ...]
    """The font roles: the committed faces with the issue's own fonts over them."""

    @property
    def fonts(self) -> FontSet:
        """The issue's fonts, loaded once per process (fonts.font_set)."""
        return font_set(self.roles)

    def lay_out(self, folios: set[str] | None = None) -> dict[str, PageLayout]:
        """The pages (all, or `folios`) laid out, by folio."""
        return layout_issue(self.issue, self.fonts, folios)


def open_issue(folder: Path, style: StyleFactory | None = None) -> OpenIssue:
    """Read, check and resolve the issue in `folder` (with `style` instead of the house style
    it names, if given); raises ManifestError on bad input."""
    source = load_issue(folder)
    issue = resolve(source.spec, source.root, style)
    return OpenIssue(source, issue, default_roles(issue.fonts))
