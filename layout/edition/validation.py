"""`banmian validate`: every check the build makes before it writes anything — the manifest
(schema, ids, folios as they will be named, files, fonts, grid, jumps, file patterns) and what
needs the pages laid out: each image's resolution at the size it is placed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from layout.display import Picture, display_page
from layout.imagefile import pixel_size
from layout.manifest import LoadedIssue, ManifestError, Problem
from layout.manifest.loader import NodePath
from layout.pipeline import open_issue
from layout.render.images import effective_ppi


@dataclass(frozen=True, slots=True)
class Validation:
    """A manifest that passed, and what is worth a look but does not stop the build."""

    loaded: LoadedIssue
    warnings: tuple[str, ...]


def validate_issue(issue_dir: Path) -> Validation:
    """Check the issue in `issue_dir`; raises ManifestError with every problem, in one round."""
    opened = open_issue(issue_dir)
    loaded, issue = opened.source, opened.issue
    layouts = opened.lay_out()
    press = issue.style.press
    images = _image_entries(loaded)
    problems, warnings = [], []
    for folio, layout in layouts.items():
        for op in display_page(layout).ops:
            if not isinstance(op, Picture):
                continue
            ppi = effective_ppi(op, pixel_size(op.path))
            where = loaded.where(*images.get(op.path.resolve(), ()))
            text = (f"image {op.path.name} on page {folio} has {ppi:.0f} ppi at its placed size")
            if ppi < press.error_ppi:
                file, line, col = _split(where)
                problems.append(Problem(file, line, col,
                                        f"{text} (the press needs {press.error_ppi:.0f})"))
            elif ppi < press.warn_ppi:
                warnings.append(f"{where}: {text} (below {press.warn_ppi:.0f}: looks soft)")
    if problems:
        raise ManifestError(problems)
    return Validation(loaded, tuple(warnings))


def _image_entries(loaded: LoadedIssue) -> dict[Path, NodePath]:
    """Image file → the manifest path of the first entry that places it."""
    out: dict[Path, NodePath] = {}
    for p, page in enumerate(loaded.spec.pages):
        for a, item in enumerate(page.articles):
            for i, image in enumerate(getattr(item, "images", ())):
                out.setdefault((loaded.root / image.file).resolve(),
                               ("pages", p, "articles", a, "images", i, "file"))
    return out


def _split(where: str) -> tuple[str, int | None, int | None]:
    file, _, rest = where.partition(":")
    line, _, col = rest.partition(":")
    return file, int(line) if line.isdigit() else None, int(col) if col.isdigit() else None
