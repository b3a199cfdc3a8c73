"""Checks of a schema-valid manifest against itself, the issue folder and the page grid:
unique article ids, body and image files (inside the folder, present, readable), module
placements (inside the grid, clear of the masthead and of each other) and jump references."""

from __future__ import annotations

import difflib
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePath

from PIL import Image

from layout.flow.grid import text_columns
from layout.fonts import font_file_problem, load_face_metrics, user_font_path
from layout.manifest.errors import Problem, Reporter
from layout.manifest.loader import NodePath
from layout.manifest.printcheck import print_problems
from layout.manifest.schema import FONT_ROLES, ArticleSpec, IssueSpec, JumpSpec, Placement, Rejected
from layout.press import (
    CHECKSUMS,
    PressSettings,
    file_name,
    page_label,
    pattern_problem,
    with_overrides,
)
from layout.style import STYLES, PageFormat, page_format

MAX_IMAGE_PIXELS = 200_000_000
"""Largest image (in pixels) accepted; Pillow's own limit applies if it is lower."""
MAX_IMAGE_BYTES = 256 << 20
"""Largest image file accepted (a press photo is a few MB; a full-page scan under 100 MB)."""


@dataclass(frozen=True)
class Module:
    """An article or jump's rectangle on the grid: columns first..last, lines top..bottom-1."""

    name: str
    path: NodePath
    first: int
    last: int
    top: int
    bottom: int

    def overlap(self, other: "Module") -> tuple[int, int, int, int] | None:
        """(first, last, top, bottom) of the shared area, or None."""
        first, last = max(self.first, other.first), min(self.last, other.last)
        top, bottom = max(self.top, other.top), min(self.bottom, other.bottom)
        return (first, last, top, bottom) if first <= last and top < bottom else None


def check_issue(spec: IssueSpec, root: Path, report: Reporter) -> list[Problem]:
    """Every reference and layout problem of `spec`, whose files live under `root`."""
    problems = _duplicate_ids(spec, report)
    problems += _files(spec, root, report)
    problems += _fonts(spec, root, report)
    fmt, format_problems = _format(spec, report)
    problems += format_problems
    if fmt is not None:
        for index in range(len(spec.pages)):
            problems += _placements(spec, index, fmt, report)
    names = _page_names(spec, root, report)
    problems += names
    if not names:  # with two pages of one folio, every jump to it would look wrong too
        problems += _jumps(spec, report)
    return problems


def _page_names(spec: IssueSpec, root: Path, report: Reporter) -> list[Problem]:
    """Every page prints to a file of its own: folios `1` and `01` are one page label, and a
    file pattern must give each page a different name, none taken by the issue PDF."""
    press = with_overrides(PressSettings(), spec.print, root)
    if pattern_problem(press.file_pattern):
        return []  # reported with the print block
    taken = {f"{root.name}.pdf": "the whole-issue PDF", CHECKSUMS: "the checksum list"}
    problems = _folio_labels(spec, report)
    for index, page in enumerate(spec.pages):
        if page.folio is None or problems:
            continue  # a page the schema rejected, or folios already reported
        name = file_name(press, root.name, spec.issue.date, spec.issue.number, page.folio)
        if name in taken:
            problems.append(report.at(("pages", index, "folio"), (
                f"page {page.folio} would print to {name}, the same file as {taken[name]}")))
        else:
            taken[name] = f"page {page.folio} (line {report.line_of(('pages', index))})"
    return problems


def _folio_labels(spec: IssueSpec, report: Reporter) -> list[Problem]:
    """A folio names one page; `1` and `01` are the same page (page_label)."""
    first: dict[str, tuple[str, NodePath]] = {}
    problems = []
    for index, page in enumerate(spec.pages):
        if page.folio is None:
            continue
        label = page_label(page.folio)
        if label in first:
            folio, where = first[label]
            same = "appears twice" if folio == page.folio else f"is the same page as {folio}"
            problems.append(report.at(("pages", index, "folio"), (
                f"page folio {page.folio} {same} (first at line {report.line_of(where)})")))
        else:
            first[label] = (page.folio, ("pages", index, "folio"))
    return problems


def _items(spec: IssueSpec) -> list[tuple[NodePath, int, ArticleSpec | JumpSpec]]:
    """(path, page index, entry) of every article and jump in the issue (entries the schema
    rejected are None in a partly valid manifest, and skipped)."""
    return [(("pages", p, "articles", a), p, item)
            for p, page in enumerate(spec.pages) for a, item in enumerate(page.articles)
            if not isinstance(item, Rejected)]


def _articles(spec: IssueSpec) -> list[tuple[NodePath, int, ArticleSpec]]:
    return [(path, p, item) for path, p, item in _items(spec) if isinstance(item, ArticleSpec)]


def _duplicate_ids(spec: IssueSpec, report: Reporter) -> list[Problem]:
    """An article id names one article in the whole issue."""
    first: dict[str, NodePath] = {}
    problems = []
    for path, _, article in _articles(spec):
        if article.id in first:
            line = report.line_of(first[article.id] + ("id",))
            problems.append(report.at(path + ("id",), f"duplicate article id '{article.id}' "
                                      f"(first used at line {line})"))
        else:
            first[article.id] = path
    return problems


# --------------------------------------------------------------------------- files

def _files(spec: IssueSpec, root: Path, report: Reporter) -> list[Problem]:
    problems = []
    for path, _, article in _articles(spec):
        problems += _text_file(root, article.body, path + ("body",), report)
        for i, image in enumerate(article.images):
            problems += _image_file(root, image.file, path + ("images", i, "file"), report)
    problems += print_problems(spec, root, report)  # the print: block (manifest/printcheck.py)
    return problems


def resolve_inside(root: Path, name: str) -> tuple[Path | None, str | None]:
    """(the file, None) if `name` is a relative path resolving (symlinks too) to a file inside
    `root`; else (None, why not)."""
    if PurePath(name).is_absolute() or Path(name).drive or name.startswith("~"):
        return None, f"file '{name}' must be a path relative to the issue folder"
    try:
        target = (root / name).resolve()
        if not target.is_relative_to(root.resolve()):
            return None, f"file '{name}' is outside the issue folder"
        if not target.exists():
            return None, f"file not found: {name}"
        if not target.is_file():
            return None, f"{name} is not a file"
    except (OSError, RuntimeError, ValueError) as error:  # name too long, symlink loop, NUL…
        reason = getattr(error, "strerror", None) or error
        return None, f"file '{name[:80]}' cannot be used: {reason}"
    return target, None


def _read(root: Path, name: str, path: NodePath,
          report: Reporter) -> tuple[bytes | None, list[Problem]]:
    """The bytes of the file `name`, or the problem with it."""
    target, why = resolve_inside(root, name)
    if target is None:
        return None, [report.at(path, str(why))]
    try:
        return target.read_bytes(), []
    except OSError as error:
        return None, [report.at(path, f"cannot read {name}: {error.strerror or error}")]


def _text_file(root: Path, name: str, path: NodePath, report: Reporter) -> list[Problem]:
    """Body text must be UTF-8."""
    data, problems = _read(root, name, path, report)
    if data is None:
        return problems
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        return [report.at(path, f"{name} is not UTF-8 text "
                          f"(invalid byte 0x{byte:02x} at offset {error.start})")]
    return []


def _image_file(root: Path, name: str, path: NodePath, report: Reporter) -> list[Problem]:
    """Images must open and decode completely (a truncated file fails here, not at render)."""
    target, why = resolve_inside(root, name)
    if target is None:
        return [report.at(path, str(why))]
    if target.stat().st_size > MAX_IMAGE_BYTES:
        return [report.at(path, f"{name} is larger than {MAX_IMAGE_BYTES >> 20} MB")]
    reason = image_error(target)
    if reason is None:
        return []
    reason = reason.replace(f"'{target}'", "").replace(str(target), name).rstrip(" :")
    return [report.at(path, f"{name} is not a readable image: {reason}")]


def image_error(file: Path) -> str | None:
    """Why Pillow cannot fully decode `file`, or None if it can. A file that decoded before
    (the same bytes: its SHA-256, from the stat-keyed index) is not decoded again."""
    from layout.fonts import cache_dir, cached_digest

    try:
        marker = cache_dir() / "images" / "decoded" / cached_digest(file)
        if marker.exists():
            return None
    except OSError:
        marker = None
    reason = _decode_error(file)
    if reason is None and marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass  # a read-only cache only costs time
    return reason


def _decode_error(file: Path) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
                if width * height > _pixel_limit():
                    return f"{width}×{height} pixels is too large"
                image.load()
    except Exception as error:  # Pillow raises many types (OSError, SyntaxError, struct.error…)
        return str(error) or type(error).__name__
    return None


def _pixel_limit() -> int:
    limit = Image.MAX_IMAGE_PIXELS
    return min(limit, MAX_IMAGE_PIXELS) if limit else MAX_IMAGE_PIXELS


# --------------------------------------------------------------------------- fonts

def _fonts(spec: IssueSpec, root: Path, report: Reporter) -> list[Problem]:
    """User fonts (issue.fonts): a known role; a file (absolute paths allowed, unlike article
    files) that fontTools opens, with the face index in range and embedding allowed."""
    problems = []
    for role, font in spec.issue.fonts.items():
        path = ("issue", "fonts", role)
        if role not in FONT_ROLES:
            close = difflib.get_close_matches(role, FONT_ROLES, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"roles: {', '.join(FONT_ROLES)}"
            problems.append(report.at_key(path, f"unknown font role '{role}' ({hint})"))
            continue
        found = _font_problem(user_font_path(root, font.file), font.index)
        if found is not None:
            key, message = found
            problems.append(report.at(path + (key,), f"font for '{role}', {font.file}: {message}"))
    return problems


def _font_problem(path: Path, index: int) -> tuple[str, str] | None:
    """font_file_problem, then, for a TrueType face, whether the PDF writer can read it all."""
    found = font_file_problem(path, index)
    if found is None and load_face_metrics(path, index).truetype:
        from layout.sfnt import program_problem

        why = program_problem(path, index)
        found = ("file", why) if why else None
    return found


# --------------------------------------------------------------------------- the grid

BODY_SIZES = (5.0, 30.0)
"""Body text sizes a page can be set in, pt: 5 pt is below any newspaper's agate, 30 pt is a
headline, not a body."""


def _format(spec: IssueSpec, report: Reporter) -> tuple[PageFormat | None, list[Problem]]:
    """The page format, or the problem that keeps it from being built (a bad body_size, a
    house style that does not exist)."""
    problems = []
    if spec.issue.style not in STYLES:
        hint = difflib.get_close_matches(spec.issue.style, list(STYLES), n=1)
        problems.append(report.at(("issue", "style"), (
            f"unknown house style '{spec.issue.style}'"
            + (f" (did you mean '{hint[0]}'?)" if hint else f" (styles: {', '.join(STYLES)})"))))
    try:
        fmt = page_format(spec.issue.format)
    except (ValueError, KeyError, TypeError):
        size = getattr(spec.issue.format, "body_size", None)
        return None, problems + [report.at(("issue", "format", "body_size"), (
            f"'body_size' must be a size in pt or a Chinese size name like 小五, not '{size}'"))]
    low, high = BODY_SIZES
    if not low <= fmt.body_size <= high:
        return None, problems + [report.at(("issue", "format", "body_size"), (
            f"body_size {fmt.body_size:g} pt is outside {low:g}–{high:g} pt"))]
    return (None if problems else fmt), problems


def _name(item: ArticleSpec | JumpSpec) -> str:
    if isinstance(item, ArticleSpec):
        return f"article '{item.id}'"
    return f"jump of '{item.continues}'"


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def _placements(spec: IssueSpec, page_index: int, fmt: PageFormat,
                report: Reporter) -> list[Problem]:
    """Modules of one page: inside the grid, below the masthead, not on top of each other."""
    page = spec.pages[page_index]
    problems: list[Problem] = []
    placed: list[Module] = []
    for a, item in enumerate(page.articles):
        if isinstance(item, Rejected):
            continue
        path = ("pages", page_index, "articles", a)
        module, found = _module(item, path, fmt, report)
        problems += found
        if module is None:
            continue
        problems += _image_widths(item, path, report)
        if page.masthead and module.top < fmt.masthead_lines:
            # the masthead (报头) takes lines 0..masthead_lines-1 across all columns
            problems.append(report.at(path + ("place",), f"{module.name} overlaps the masthead "
                                      f"(lines 0-{fmt.masthead_lines - 1})"))
        problems += [_overlap_problem(module, other, report) for other in placed
                     if module.overlap(other)]
        placed.append(module)
    return problems


def _overlap_problem(module: Module, other: Module, report: Reporter) -> Problem:
    first, last, top, bottom = module.overlap(other)  # type: ignore[misc]
    return report.at(module.path + ("place",), f"{module.name} overlaps {other.name} "
                     f"(columns {_span(first, last)}, lines {top}-{bottom - 1})")


MIN_MEASURE = 6
"""Narrowest text column (in 字) a module may be split into: below it no line can be justified."""


def _text_measure(fmt: PageFormat, first: int, last: int, count: int) -> int:
    """Characters per line of each of `count` text columns across grid columns first..last
    (as the page grid sets them: flow/grid.py)."""
    measure = text_columns(fmt, 0.0, fmt.span_width(first, last), count)[0][1]
    return round(measure / fmt.body_size)


def _module(item: ArticleSpec | JumpSpec, path: NodePath, fmt: PageFormat,
            report: Reporter) -> tuple[Module | None, list[Problem]]:
    """The module's rectangle, or the problems that put it off the grid."""
    place: Placement = item.place
    where = path + ("place",)
    first, last = place.column_span()
    height = fmt.lines - place.top if place.height == "rest" else place.height
    problems = []
    if first < 1 or last > fmt.columns:
        problems.append(report.at(where + ("columns",), f"'columns' {_span(first, last)} is "
                                  f"outside the grid (columns 1-{fmt.columns})"))
    if place.top >= fmt.lines:
        problems.append(report.at(where + ("top",), f"'top' {place.top} is below the last "
                                  f"grid line (lines 0-{fmt.lines - 1})"))
    elif height < 1:
        problems.append(report.at(where + ("height",), "'height' must be at least 1 line"))
    elif place.top + height > fmt.lines:
        problems.append(report.at(where + ("height",), f"'height' {height} from line {place.top} "
                                  f"does not fit the page ({fmt.lines} lines)"))
    if place.text_columns is not None and place.text_columns > 2 * (last - first + 1):
        problems.append(report.at(where + ("text_columns",), f"'text_columns' {place.text_columns} "
                                  f"is more than twice the module's {last - first + 1} column(s)"))
    elif place.text_columns is not None and _text_measure(fmt, first, last,
                                                          place.text_columns) < MIN_MEASURE:
        problems.append(report.at(where + ("text_columns",), f"'text_columns' {place.text_columns} "
                                  f"leaves text columns narrower than {MIN_MEASURE} 字"))
    if problems:
        return None, problems
    return Module(_name(item), path, first, last, place.top, place.top + height), []


def _image_widths(item: ArticleSpec | JumpSpec, path: NodePath, report: Reporter) -> list[Problem]:
    """An image cannot be wider than the article's text columns."""
    if not isinstance(item, ArticleSpec):
        return []
    first, last = item.place.column_span()
    text_columns = item.place.text_columns or (last - first + 1)
    return [report.at(path + ("images", i, "columns"), f"image {image.file} is {image.columns} "
                      f"columns wide, but the article has {text_columns} text column(s)")
            for i, image in enumerate(item.images) if image.columns > text_columns]


# --------------------------------------------------------------------------- jumps

def _jumps(spec: IssueSpec, report: Reporter) -> list[Problem]:
    """转第N版 / 接上版: each article's continued_on and each jump's continues must agree."""
    folios = {page.folio: index for index, page in enumerate(spec.pages)}
    articles = {article.id: (path, p, article) for path, p, article in reversed(_articles(spec))}
    jumps = [(path, p, item) for path, p, item in _items(spec) if isinstance(item, JumpSpec)]
    rejected = _rejected_ids(spec)  # entries the schema rejected: reported already
    problems = [_continued_on(path, spec.pages[p].folio, article, folios, jumps, report)
                for path, p, article in _articles(spec)
                if article.continued_on is not None and article.id not in rejected]
    problems += [_continues(path, spec.pages[p].folio, jump, articles, report)
                 for path, p, jump in jumps if jump.continues not in rejected]
    problems += _one_continuation_each(jumps, report)
    return [p for p in problems if p is not None]


def _rejected_ids(spec: IssueSpec) -> set[str]:
    """Article ids named by page entries the schema rejected (a partly valid manifest)."""
    return {entry.name for page in spec.pages for entry in page.articles
            if isinstance(entry, Rejected) and entry.name}


def _one_continuation_each(jumps: list, report: Reporter) -> list[Problem]:
    """An article continues in one place: two `continues:` modules would print its rest twice."""
    first: dict[str, NodePath] = {}
    problems = []
    for path, _, jump in jumps:
        if jump.continues in first:
            line = report.line_of(first[jump.continues])
            problems.append(report.at(path + ("continues",), (
                f"article '{jump.continues}' already continues at line {line}: "
                f"an article's rest is printed once")))
        else:
            first[jump.continues] = path
    return problems


def _continued_on(path: NodePath, folio: str, article: ArticleSpec, folios: dict[str, int],
                  jumps: list[tuple[NodePath, int, JumpSpec]], report: Reporter) -> Problem | None:
    target = article.continued_on
    where = path + ("continued_on",)
    if target not in folios:
        return report.at(where, f"'continued_on' {target} is not a page of this issue "
                         f"(pages: {', '.join(folios)})")
    if target == folio:
        return report.at(where, f"article '{article.id}' cannot continue on its own page {folio}")
    if not any(p == folios[target] and jump.continues == article.id for _, p, jump in jumps):
        return report.at(where, f"page {target} has no jump entry 'continues: {article.id}'")
    return None


def _continues(path: NodePath, folio: str, jump: JumpSpec,
               articles: dict[str, tuple[NodePath, int, ArticleSpec]],
               report: Reporter) -> Problem | None:
    where = path + ("continues",)
    if jump.continues not in articles:
        return report.at(where, f"jump continues '{jump.continues}', but no article has that id")
    article = articles[jump.continues][2]
    if article.continued_on != folio:
        said = (f"it says continued_on: {article.continued_on}" if article.continued_on
                else "it has no continued_on")
        return report.at(where, f"article '{jump.continues}' does not continue on page {folio} "
                         f"({said})")
    return None
