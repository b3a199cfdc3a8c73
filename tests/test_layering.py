"""Layering: composition (layout/text), page flow (layout/flow) and the display list
(layout/display.py) know nothing of the PDF and raster back ends: none imports reportlab or PIL,
directly or through another layout module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = ROOT / "layout"
FORBIDDEN = {"reportlab", "PIL"}
LAYERS = sorted((LAYOUT / "text").glob("*.py")) + sorted((LAYOUT / "flow").glob("*.py")) \
    + [LAYOUT / "display.py"]


def imported(source: str, module: str = "") -> set[str]:
    """Absolute names of every module imported anywhere in `source` (functions included);
    `module` (dotted) resolves relative imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[:-node.level]
                base = ".".join(package + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) \
                in ("import_module", "__import__") and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            names.add(node.args[0].value)
    return names


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _path_of(name: str) -> Path | None:
    """The source file of a `layout.*` module, if there is one."""
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _forbidden(names: set[str]) -> set[str]:
    return {n for n in names if n.split(".")[0] in FORBIDDEN}


def test_scanner_finds_every_kind_of_import():
    src = ("import os\nimport reportlab.pdfgen.canvas as c\n"
           "def f():\n    from PIL import Image\n    importlib.import_module('PIL.ImageDraw')\n"
           "from . import sibling\n")
    names = imported(src, "layout.flow.x")
    assert _forbidden(names) == {"reportlab.pdfgen.canvas", "PIL", "PIL.Image", "PIL.ImageDraw"}
    assert "layout.flow.sibling" in names


def test_the_layers_exist():
    assert len(LAYERS) >= 8 and all(p.is_file() for p in LAYERS)


@pytest.mark.parametrize("path", LAYERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_backend_imports(path):
    assert not _forbidden(imported(path.read_text(encoding="utf-8"), _module_name(path)))


def test_no_backend_imports_through_other_layout_modules():
    seen: dict[str, str] = {}
    todo = [(_module_name(p), p) for p in LAYERS]
    while todo:
        name, path = todo.pop()
        if name in seen:
            continue
        seen[name] = path.read_text(encoding="utf-8")
        names = imported(seen[name], name)
        assert not _forbidden(names), (name, _forbidden(names))
        parts = name.split(".")
        packages = {".".join(parts[:k]) for k in range(1, len(parts))}  # their __init__ runs too
        for dep in names | packages:
            if dep.split(".")[0] == "layout" and (dep_path := _path_of(dep)):
                assert not dep.startswith("layout.render"), (name, dep)
                todo.append((dep, dep_path))
    assert {"layout", "layout.fonts"} <= seen.keys()  # the walk reaches beyond the three layers


MODEL_STAGE = [LAYOUT / "model.py", LAYOUT / "resolve.py", *sorted((LAYOUT / "manifest").glob("*.py"))]
BACK_ENDS = ("layout.render", "layout.edition", "layout.cli")


def _layout_imports(path: Path) -> set[str]:
    """The layout modules (files) `path` imports, anywhere in it, by module name."""
    deps = set()
    for dep in imported(path.read_text(encoding="utf-8"), _module_name(path)):
        if dep.split(".")[0] == "layout" and _path_of(dep) and dep != _module_name(path):
            deps.add(dep)
    return deps


@pytest.mark.parametrize("path", MODEL_STAGE, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_model_stage_knows_no_back_end(path):
    """Manifest and model (resolve reads an image's size through layout.imagefile) are read
    by every later stage; they import no renderer, edition or command module."""
    assert not {d for d in _layout_imports(path) if d.startswith(BACK_ENDS)}


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(LAYOUT.rglob("*.py")):
        name = _module_name(path).removesuffix(".__init__")
        graph[name] = {d.removesuffix(".__init__") for d in _layout_imports(path)}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle in `graph`, as the modules along it, or None (depth-first search)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return path[path.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles():
    """No module imports (at the top or inside a function) one that imports it back: each
    stage can be read, tested and replaced on its own. A package's __init__ counts as the
    package, so a submodule importing its package is not a cycle unless __init__ imports it."""
    graph = _graph()
    assert len(graph) > 60
    assert _cycle(graph) is None, " → ".join(_cycle(graph))
