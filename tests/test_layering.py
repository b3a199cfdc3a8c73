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
