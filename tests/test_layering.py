"""The pure packages never import Django or the web layer: Django calls them, not the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "projectboard"
PURE = ("engine", "planfile", "interop", "finance")
FORBIDDEN = ("django", "ninja", "projectboard.web")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


PURE_FILES = sorted(p for package in PURE for p in (SRC / package).glob("**/*.py"))


def test_there_are_pure_modules_to_check() -> None:
    assert {p.parent.name for p in PURE_FILES} >= {"engine", "planfile"}


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_pure_module_imports_no_web_code(path: Path) -> None:
    bad = sorted(
        name
        for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    )
    assert bad == []
