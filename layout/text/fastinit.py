"""Faster constructors for the composer's frozen dataclasses (one object per character).

A frozen dataclass's generated `__init__` sets each field through `object.__setattr__`, which
costs about twice what the object is worth in the composer's inner loops. `maker(cls)` returns
a function that builds the very same object (same class, same fields; equal, hashable, immutable
afterwards) by writing the slots directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any


def maker(cls: type) -> Callable[..., Any]:
    """A positional constructor for the frozen, slotted dataclass `cls` (all fields, in order)."""
    names = [f.name for f in fields(cls)]
    setters = {f"_set_{n}": getattr(cls, n).__set__ for n in names}
    args = ", ".join(names)
    body = "".join(f"    _set_{n}(o, {n})\n" for n in names)
    source = f"def make({args}):\n    o = _new(_cls)\n{body}    return o\n"
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls, **setters}
    exec(source, scope)  # noqa: S102 — generated from the dataclass's own field names
    make = scope["make"]
    make.__doc__ = f"Build a {cls.__name__} (all fields, positionally)."
    return make
