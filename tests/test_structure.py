"""The package's shape: no import cycle, no private name imported across modules, and the linters clean.

The imports are read from the source (every ``import`` and ``from ... import``, also inside functions:
a lazy import that closes a cycle is still a cycle).
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "mkba_xl"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or path.is_dir()


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import of the package in ``path``."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names if alias.name.startswith("mkba_xl")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if target.startswith("mkba_xl"):
                names = [alias.name for alias in node.names]
                submodules = [n for n in names if is_module(f"{target}.{n}")]
                found += [(f"{target}.{n}", []) for n in submodules]
                found.append((target, [n for n in names if n not in submodules]))
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {target for target, _ in imports(path) if target in modules and target != name}
            for name, path in modules.items()}


def test_the_package_has_no_import_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert not cycles, [" -> ".join(c) for c in cycles]


def test_no_private_name_is_imported_from_another_module() -> None:
    private = [(module_name(path), target, name) for path in PACKAGE.rglob("*.py")
               for target, names in imports(path) for name in names
               if name.startswith("_") and not name.endswith("__")]  # __version__ is public
    assert not private


def test_the_walk_sees_the_imports() -> None:
    """The two tests above would pass on an empty graph: check it knows a few real edges."""
    edges = graph()
    assert "mkba_xl.xlsx.load" in edges["mkba_xl.reader"]
    assert "mkba_xl.input_sheets" in edges["mkba_xl.template"]
    assert "mkba_xl.engine" in edges["mkba_xl.pipeline"]  # a lazy import counts


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@pytest.mark.skipif(not installed("ruff"), reason="ruff is not installed (it is in the test extra)")
def test_ruff_is_clean() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "mkba_xl", "tests", "benchmarks", "scripts"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(not installed("mypy"), reason="mypy is not installed (it is in the test extra)")
def test_mypy_is_clean_on_the_library() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_input_sheet_has_a_reader_and_a_writer() -> None:
    from mkba_xl.input_sheets import HANDLERS
    from mkba_xl.schema import INPUT_SHEETS

    assert {sheet.key for sheet in INPUT_SHEETS} == set(HANDLERS)
    assert len({sheet.name for sheet in INPUT_SHEETS}) == len(INPUT_SHEETS)
