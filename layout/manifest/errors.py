"""Manifest problems: the `Problem` and `ManifestError` types, and turning pydantic's
ValidationError into problems a layout editor can act on (pointing at the YAML line)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any, Iterable, get_args, get_origin

from pydantic import BaseModel, ValidationError

from layout.errors import BadInput, printable
from layout.manifest.loader import Marks, NodePath
from layout.manifest.schema import (
    ArticleSpec,
    CustomFormat,
    Editors,
    FontFileSpec,
    ImageSpec,
    IssueInfo,
    IssueSpec,
    JumpSpec,
    Newspaper,
    PageSpec,
    Placement,
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an issue, located in a file (line and column are 1-based)."""

    file: str
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {printable(self.message)}"

    def sort_key(self) -> tuple[int, int]:
        """Problems without a position (a missing folder…) sort first."""
        return (self.line or 0, self.col or 0)


class ManifestError(BadInput):
    """Everything wrong with an issue folder, one problem per line, sorted by line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        unique = dict.fromkeys(problems)  # the same problem reached twice (via an alias) once
        self.problems: tuple[Problem, ...] = tuple(sorted(unique, key=Problem.sort_key))
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class Reporter:
    """Builds problems for one manifest file at the marks of data paths."""

    def __init__(self, file: str, marks: Marks) -> None:
        self.file = file
        self.marks = marks

    def at(self, path: NodePath, message: str) -> Problem:
        """A problem at the value at `path` (or its nearest marked ancestor)."""
        line, col = self.marks.nearest(path) or (None, None)
        return Problem(self.file, line, col, message)

    def at_key(self, path: NodePath, message: str) -> Problem:
        """A problem at the key whose value is at `path`."""
        mark = self.marks.key(path)
        if mark is None:
            return self.at(path, message)
        return Problem(self.file, mark[0], mark[1], message)

    def line_of(self, path: NodePath) -> int | None:
        """The line of the value at `path`, for messages like "(first at line 12)"."""
        mark = self.marks.nearest(path)
        return mark[0] if mark else None


# --------------------------------------------------------------------------- pydantic → paths

# Nouns for "missing required field 'x' in <noun>".
MODEL_NOUNS: dict[type[BaseModel], str] = {
    IssueSpec: "the manifest", Newspaper: "newspaper", IssueInfo: "issue",
    CustomFormat: "format", PageSpec: "page", Editors: "editors", ArticleSpec: "article",
    JumpSpec: "jump", Placement: "place", ImageSpec: "image", FontFileSpec: "font",
}

# Fields typed as a union: one message instead of one per branch pydantic tried.
UNION_MESSAGES: dict[str, str] = {
    "format": "'format' must be tabloid, broadsheet or a custom format mapping",
    "columns": "'columns' must be a column range like 1-4 or a column number, not {value}",
    "height": "'height' must be a whole number of lines or rest, not {value}",
    "body_size": "'body_size' must be a size in pt or a Chinese size name like 小五, not {value}",
}

# Fields with a `pattern=`: say what the pattern means.
PATTERN_MESSAGES: dict[str, str] = {
    "serial": "'serial' must look like CN50-0064",
    "postcode": "'postcode' must be six digits",
    "id": "'id' must be lowercase letters, digits, '-' or '_' (like union-hall), not {value}",
    "continues": "'continues' must be an article id (lowercase letters, digits, '-' or '_'), "
                 "not {value}",
    "folio": "'folio' must be a page number like 18 or A3, not {value}",
    "columns": UNION_MESSAGES["columns"],
}

TYPE_NOUNS: dict[str, str] = {
    "int_parsing": "a whole number", "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number", "float_type": "a number",
    "bool_parsing": "true or false", "bool_type": "true or false",
    "string_type": "text", "tuple_type": "a list", "list_type": "a list",
    "dict_type": "a mapping", "model_type": "a mapping", "model_attributes_type": "a mapping",
}

BOUND_WORDS = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
               "greater_than": ("more than", "gt"), "less_than": ("less than", "lt")}


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[NodePath, bool]:
    """Turn a pydantic `loc` into a path in the YAML data, and say whether a union branch was
    dropped from it.  Walks the data alongside: discriminator tags ('article', 'jump') and union
    branch names ('CustomFormat', 'int', "literal['rest']"…) are not keys of the data."""
    path: list[str | int] = []
    branched = False  # a branch name follows the path's last step: the value is a union
    node = data
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            path.append(step)
            node, branched = node[step], False
        elif isinstance(node, dict) and (step in node or (last and isinstance(step, str)
                                                          and not _is_branch_name(step))):
            path.append(step)
            node, branched = node.get(step), False
        else:
            branched = branched or not _is_discriminator(path, step)
    return tuple(path), branched


def _is_branch_name(step: str) -> bool:
    """Names pydantic puts in a loc for a union branch rather than a field."""
    return step[:1].isupper() or step.startswith(("literal[", "constrained-")) or step in {
        "str", "int", "float", "bool", "none"}


def _is_discriminator(path: list[str | int], step: Any) -> bool:
    """The Tag of a PageItem (after an index in `articles`)."""
    return step in ("article", "jump") and len(path) >= 2 and path[-2] == "articles"


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Model classes an annotation can hold (through Annotated, unions and tuples)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found += _models_in(arg)
    return found


def _is_dict(annotation: Any) -> bool:
    """Is the annotation a dict (possibly optional)?"""
    if get_origin(annotation) is dict:
        return True
    return any(_is_dict(arg) for arg in get_args(annotation))


def model_at(path: NodePath, data: Any) -> type[BaseModel] | None:
    """The schema model of the mapping at `path` (None if the path leaves the schema)."""
    candidates: list[type[BaseModel]] = [IssueSpec]
    node = data
    keyed = False  # the step is a key of a dict field (a role in `fonts:`): keep the value type
    for step in path:
        if isinstance(step, str) and not keyed:  # a field: its type; an index keeps the item type
            model = _pick(candidates, node)
            field = model.model_fields.get(step) if model else None
            candidates = _models_in(field.annotation) if field else []
            keyed = field is not None and _is_dict(field.annotation)
        else:
            keyed = False
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
    return _pick(candidates, node)


def _pick(candidates: list[type[BaseModel]], node: Any) -> type[BaseModel] | None:
    """Of several possible models (article or jump) the one sharing most keys with the data."""
    if len(candidates) <= 1 or not isinstance(node, dict):
        return candidates[0] if candidates else None
    return max(candidates, key=lambda m: len(set(node) & set(m.model_fields)))


# --------------------------------------------------------------------------- messages

def show(value: Any) -> str:
    """A value as an editor wrote it, for "…, not 'abc'"."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"'{value}'"


def _label(path: NodePath) -> str:
    """How to name the value at `path`: 'top', or 'articles' item 3 for a list entry."""
    if not path:
        return "the manifest"
    if isinstance(path[-1], int):
        return f"{_label(path[:-1])} item {path[-1] + 1}"
    return f"'{path[-1]}'"


def _expected_literals(error: dict[str, Any]) -> str:
    """"'cmyk' or 'gray'" → "cmyk, gray"."""
    return ", ".join(re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", ""))))


def _type_message(kind: str, label: str, value: Any) -> str:
    message = f"{label} must be {TYPE_NOUNS[kind]}, not {show(value)}"
    # a YAML number or true/false where text is wanted: quoting it makes it text
    if kind == "string_type" and isinstance(value, (int, float, bool, dt.date)):
        message += " (put it in quotes)"
    return message


def message_for(error: dict[str, Any], path: NodePath, branched: bool, data: Any) -> str:
    """The editor-facing text of one pydantic error at data path `path`."""
    kind, value, label = error["type"], error.get("input"), _label(path)
    field = path[-1] if path and isinstance(path[-1], str) else ""
    if kind == "extra_forbidden":
        return _unknown_key(path, data)
    if kind == "missing":
        model = model_at(path[:-1], data)
        return f"missing required field '{field}' in {MODEL_NOUNS.get(model, 'this mapping')}"
    if branched and field in UNION_MESSAGES:
        return UNION_MESSAGES[field].format(value=show(value))
    if kind == "string_pattern_mismatch":
        template = PATTERN_MESSAGES.get(field, "{label} does not have the expected form: {value}")
        return template.format(value=show(value), label=label)
    if kind in TYPE_NOUNS:
        return _type_message(kind, label, value)
    if kind.startswith("date_"):
        shown = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
        return f"{label} is not a valid date (YYYY-MM-DD): {shown}"
    return _other_message(error, label, value)


def _other_message(error: dict[str, Any], label: str, value: Any) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "literal_error":
        return f"{label} must be one of: {_expected_literals(error)}"
    if kind in BOUND_WORDS:
        words, key = BOUND_WORDS[kind]
        return f"{label} must be {words} {ctx.get(key)}, not {show(value)}"
    if kind == "string_too_short":
        return f"{label} must not be empty"
    if kind == "too_short" and ctx.get("min_length") == 1:
        return f"{label} must not be empty"
    if kind == "too_short":
        return f"{label} must have at least {ctx.get('min_length')} items"
    if kind == "too_long":
        return f"{label} must have at most {ctx.get('max_length')} items"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{label}: {message}"


def _unknown_key(path: NodePath, data: Any) -> str:
    """`unknown key 'headlien' (did you mean 'headline'?)`, offering the closest field name."""
    key = path[-1]
    model = model_at(path[:-1], data)
    message = f"unknown key '{key}'"
    if model is not None:
        close = difflib.get_close_matches(str(key), list(model.model_fields), n=1, cutoff=0.6)
        if close:
            message += f" (did you mean '{close[0]}'?)"
        else:
            message += f" in {MODEL_NOUNS.get(model, 'this mapping')}"
    return message


# --------------------------------------------------------------------------- translation

def schema_problems(error: ValidationError, data: Any,
                    report: Reporter) -> list[tuple[Problem, NodePath]]:
    """Problems (with the data path each is about) for a ValidationError of
    `IssueSpec.model_validate(data)`."""
    located = [(e, *_data_path(e["loc"], data)) for e in error.errors()]
    paths = {path for _, path, _ in located}
    misspelt = _misspelt_fields(located, data)
    problems = []
    for e, path, branched in located:
        if e["type"] == "missing" and path in misspelt:
            continue  # `headlien:` is reported once, as an unknown key with its suggestion
        # knock-on noise: an error about a container whose contents already failed
        # (too_short on a list of bad items; the literal branch of `format: {…}`)
        if e["type"] not in ("missing", "extra_forbidden") and _has_inner(path, paths):
            continue
        problems.append((_locate(e, path, branched, data, report), path))
    return problems


def _misspelt_fields(located, data: Any) -> set[NodePath]:
    """Paths of required fields that an unknown key right beside them is a misspelling of."""
    out = set()
    for e, path, _ in located:
        if e["type"] == "extra_forbidden" and path:
            model = model_at(path[:-1], data)
            if model is not None:
                close = difflib.get_close_matches(str(path[-1]), list(model.model_fields), n=1,
                                                  cutoff=0.6)
                out.update(path[:-1] + (c,) for c in close)
    return out


def _has_inner(path: NodePath, paths: set[NodePath]) -> bool:
    return any(len(p) > len(path) and p[:len(path)] == path for p in paths)


def _locate(error: dict[str, Any], path: NodePath, branched: bool, data: Any,
            report: Reporter) -> Problem:
    """The problem for one error, at the key (unknown key), the parent (missing) or the value."""
    message = message_for(error, path, branched, data)
    if error["type"] == "extra_forbidden":
        return report.at_key(path, message)
    if error["type"] == "missing":
        return report.at(path[:-1], message)
    if not path and error["type"] == "value_error":
        return _model_level(error, data, report, message)
    return report.at(path, message)


def _model_level(error: dict[str, Any], data: Any, report: Reporter, message: str) -> Problem:
    """A check of the whole manifest (a model validator): at the top of the file."""
    return report.at((), message)