"""Safe YAML loading with source positions: plain data (dicts, lists, scalars) plus the line and
column of every value and of every mapping key, so later checks can point at the exact spot.

Only the YAML core types are built (no Python object tags); duplicate keys are reported; alias
expansion is bounded so a "billion laughs" document is rejected quickly."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

NodePath = tuple[str | int, ...]
"""Where a value sits in the document: ("pages", 0, "articles", 1, "headline")."""
Mark = tuple[int, int]
"""(line, column), both 1-based."""

MAX_NODES = 100_000
"""Most values a document may expand to, aliases included (billion-laughs guard)."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings a manifest may use."""

YAML_TAG = "tag:yaml.org,2002:"
SCALAR_KINDS = {"null", "bool", "int", "float", "timestamp", "str", "value", "merge"}
"""Scalar tags that are built; every other tag (python/…, binary, custom) is refused."""


class Marks(Mapping[NodePath, Mark]):
    """Positions of values by path; positions of mapping keys via `key()`."""

    def __init__(self, values: dict[NodePath, Mark], keys: dict[NodePath, Mark]) -> None:
        self._values = values
        self._keys = keys

    def __getitem__(self, path: NodePath) -> Mark:
        return self._values[path]

    def __iter__(self) -> Iterator[NodePath]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def key(self, path: NodePath) -> Mark | None:
        """Position of the key whose value is at `path` (None for list items and the root)."""
        return self._keys.get(tuple(path))

    def nearest(self, path: NodePath) -> Mark | None:
        """Position of the value at `path`, or of its nearest marked ancestor."""
        path = tuple(path)
        while path not in self._values and path:
            path = path[:-1]
        return self._values.get(path)


@dataclass(frozen=True)
class YamlIssue:
    """A problem found while loading: position (1-based; line None if unknown) and message."""

    line: int | None
    col: int | None
    message: str


class YamlFatal(Exception):
    """The document cannot be turned into data at all (syntax error, alias bomb, too deep)."""

    def __init__(self, issue: YamlIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue


@dataclass
class Loaded:
    """The data of a document, the marks of its values, and the non-fatal problems found."""

    data: Any
    marks: Marks
    issues: list[YamlIssue] = field(default_factory=list)
    tainted: set[NodePath] = field(default_factory=set)
    """Paths whose value was dropped (a bad tag…): later checks stay quiet about them."""


def _mark(node: Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Composer(yaml.SafeLoader):
    """SafeLoader that gives each alias its own node copy carrying the alias's position, so
    the construction below can count expansions and report them at the alias."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if not self.check_event(AliasEvent):
            return super().compose_node(parent, index)
        event = self.peek_event()
        target = super().compose_node(parent, index)  # raises on an undefined alias
        alias = copy.copy(target)  # shares the target's children: O(1)
        alias.start_mark, alias.end_mark = event.start_mark, event.end_mark
        alias.alias_of = target
        return alias


def compose(text: str) -> Node | None:
    """The YAML node tree of `text` (None for an empty document); raises YamlFatal."""
    loader: _Composer | None = None
    try:
        loader = _Composer(text)
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise YamlFatal(_syntax_issue(error)) from None
    except yaml.YAMLError as error:  # ReaderError: a control character in the text
        raise YamlFatal(_reader_issue(error, text)) from None
    except RecursionError:
        line = loader.line + 1 if loader else None
        raise YamlFatal(YamlIssue(line, None, "YAML syntax error: lists or mappings are "
                                  "nested too deeply")) from None
    finally:
        if loader is not None:
            loader.dispose()


def _syntax_issue(error: yaml.MarkedYAMLError) -> YamlIssue:
    mark = error.problem_mark or error.context_mark
    message = error.problem or error.context or "not valid YAML"
    if error.problem == "second occurrence":  # ComposerError for a duplicate anchor
        message = str(error.context).replace("; first occurrence", " (defined twice)")
    if "expected <block end>" in message:  # PyYAML's way of saying the indentation is off
        message += " (check the indentation)"
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return YamlIssue(line, col, f"YAML syntax error: {message}")


def _reader_issue(error: yaml.YAMLError, text: str) -> YamlIssue:
    position = getattr(error, "position", None)
    if not isinstance(position, int):
        return YamlIssue(None, None, f"YAML syntax error: {error}")
    before = text[:position]
    line, col = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
    character = getattr(error, "character", None)
    shown = f"U+{character:04X}" if isinstance(character, int) else "a special character"
    return YamlIssue(line, col, f"YAML syntax error: control character {shown} is not allowed")


def load_yaml(text: str) -> Loaded:
    """Parse and construct `text`; raises YamlFatal if there is no data to check."""
    root = compose(text)
    builder = _Builder()
    data = builder.build(root, ()) if root is not None else None
    return Loaded(data, Marks(builder.values, builder.keys), builder.issues, builder.tainted)


class _Builder:
    """Constructs plain data from a node tree, recording marks and counting every value made
    (aliases re-expand their target each time, which is what the count bounds)."""

    def __init__(self) -> None:
        self.values: dict[NodePath, Mark] = {}
        self.keys: dict[NodePath, Mark] = {}
        self.issues: list[YamlIssue] = []
        self.tainted: set[NodePath] = set()
        self._made = 0
        self._aliases: list[Mark] = []  # aliases being expanded, outermost first
        self._open: set[int] = set()  # ids of the nodes being built (to catch self-reference)
        self._scalars = yaml.SafeLoader("")  # only for its scalar constructors

    def build(self, node: Node, path: NodePath) -> Any:
        """The data of `node`; raises YamlFatal past the size and depth limits."""
        return self._node(node, path)

    def _node(self, node: Node, path: NodePath) -> Any:
        self._count(node, path)
        original = getattr(node, "alias_of", node)
        if original is not node:
            self._enter_alias(node, original)
        self._open.add(id(original))
        try:
            self.values[path] = _mark(node)
            return self._dispatch(node, path)
        finally:
            self._open.discard(id(original))
            if original is not node:
                self._aliases.pop()

    def _enter_alias(self, alias: Node, target: Node) -> None:
        """An alias inside the value it names would expand forever."""
        line, col = _mark(alias)
        if id(target) in self._open:
            raise YamlFatal(YamlIssue(line, col, "alias refers to a value that contains it"))
        self._aliases.append((line, col))

    def _count(self, node: Node, path: NodePath) -> None:
        """Raise YamlFatal past MAX_NODES values or MAX_DEPTH levels."""
        self._made += 1
        if self._made > MAX_NODES:
            line, col = self._aliases[0] if self._aliases else _mark(node)
            raise YamlFatal(YamlIssue(line, col, f"aliases expand to more than {MAX_NODES:,} "
                                    "values; the manifest is too large (alias bomb?)"))
        if len(path) > MAX_DEPTH:
            line, col = _mark(node)
            raise YamlFatal(YamlIssue(line, col, f"nested more than {MAX_DEPTH} levels deep"))

    def _dispatch(self, node: Node, path: NodePath) -> Any:
        tag = node.tag
        if isinstance(node, MappingNode) and tag == YAML_TAG + "map":
            return self._mapping(node, path)
        if isinstance(node, SequenceNode) and tag == YAML_TAG + "seq":
            return [self._node(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode) and tag.removeprefix(YAML_TAG) in SCALAR_KINDS:
            return self._scalar(node)
        # !!python/object, !!binary, !!set, custom !tags…: never constructed
        self._bad_tag(node, path)
        return None

    def _bad_tag(self, node: Node, path: NodePath) -> None:
        tag = node.tag.replace(YAML_TAG, "!!")
        line, col = _mark(node)
        self.issues.append(YamlIssue(line, col, f"YAML tag '{tag}' is not allowed here "
                                     "(only plain text, numbers, dates, lists and mappings)"))
        self.tainted.add(path)

    def _scalar(self, node: ScalarNode) -> Any:
        """Core-schema scalars; anything odd (2026-13-01 as a date) stays text."""
        kind = node.tag.removeprefix(YAML_TAG)
        constructor = {
            "null": self._scalars.construct_yaml_null, "bool": self._scalars.construct_yaml_bool,
            "int": self._scalars.construct_yaml_int, "float": self._scalars.construct_yaml_float,
            "timestamp": self._scalars.construct_yaml_timestamp,
        }.get(kind)
        if constructor is None:  # str, and the odd 'value'/'merge' tags outside a key
            return node.value
        try:
            return constructor(node)
        except (ValueError, OverflowError):
            return node.value

    def _mapping(self, node: MappingNode, path: NodePath) -> dict[Any, Any]:
        """A dict; explicit keys win over `<<:` merged ones, a key given twice is a problem."""
        result: dict[Any, Any] = {}
        explicit = [(k, v) for k, v in node.value if k.tag != YAML_TAG + "merge"]
        for key_node, value_node in node.value:
            if key_node.tag == YAML_TAG + "merge":
                self._merge(value_node, path, result)
        self.values[path] = _mark(node)  # merging marked the sources at this path
        first_lines: dict[Any, int] = {}
        for key_node, value_node in explicit:
            key = self._key(key_node, path)
            if key is None:
                continue
            if key in first_lines:  # duplicate key: keep the first, report the second
                line, col = _mark(key_node)
                self.issues.append(YamlIssue(line, col, f"duplicate key '{key}' "
                                             f"(first at line {first_lines[key]})"))
                continue
            first_lines[key] = _mark(key_node)[0]
            self.keys[path + (key,)] = _mark(key_node)
            result[key] = self._node(value_node, path + (key,))
        return result

    def _key(self, node: Node, path: NodePath) -> str | None:
        """A mapping key: plain scalars only (no lists, mappings or tags as keys)."""
        if isinstance(node, ScalarNode) and node.tag.removeprefix(YAML_TAG) in SCALAR_KINDS:
            return node.value  # keys stay as written: `yes:` is the key 'yes', not True
        line, col = _mark(node)
        self.issues.append(YamlIssue(line, col, "a mapping key must be a plain name"))
        self.tainted.add(path)
        return None

    def _merge(self, node: Node, path: NodePath, into: dict[Any, Any]) -> None:
        """`<<: *defaults` or `<<: [*a, *b]`: copy keys not already there (earlier wins)."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                line, col = _mark(source)
                self.issues.append(YamlIssue(line, col, "'<<' must merge a mapping"))
                self.tainted.add(path)
                continue
            merged = self._node(source, path)
            for key, value in merged.items():
                into.setdefault(key, value)
