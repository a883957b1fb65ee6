"""The tests' own layout: shared code lives in helper modules, never in a
test module another one imports (a test module imported by another would run
its tests' module-level setup twice and hide where a helper lives)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_test_module_imports_another():
    modules = sorted(TESTS.rglob("test_*.py"))
    assert len(modules) > 40
    offenders = {
        str(path.relative_to(TESTS)): sorted(
            name for name in _imported_modules(path) if name.split(".")[-1].startswith("test_")
        )
        for path in modules
    }
    assert {k: v for k, v in offenders.items() if v} == {}
