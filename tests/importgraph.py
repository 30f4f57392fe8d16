"""The import graph of a Python package, read from its source with ``ast`` (nothing is imported).

Every import counts: at module level, inside functions and under ``TYPE_CHECKING``, because
each one is a dependency a reader of the code has to know about. Importing ``a.b.c`` also
depends on the packages ``a`` and ``a.b`` (their ``__init__`` runs first).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path


def module_names(package_dir: Path) -> dict[str, Path]:
    """Every module under ``package_dir`` by dotted name (a package by its own name)."""
    root = package_dir.name
    modules: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [root, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imported(module: str, path: Path, tree: ast.AST, modules: Mapping[str, Path]) -> Iterable[str]:
    """The dotted names a module's imports need, relative imports resolved."""
    is_package = path.name == "__init__.py"
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            for alias in node.names:
                submodule = f"{stem}.{alias.name}"
                # ``from pkg import sub`` needs module ``sub``; ``from pkg import name``, ``pkg``.
                yield submodule if submodule in modules else stem


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    """Module → the package's own modules it imports, with the parent packages each import runs.

    A module's own parent packages are left out as implied parents (they are always loaded
    before it), but kept when the module imports a name from one of them: that is a real
    dependency on the package's ``__init__``.
    """
    modules = module_names(package_dir)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        own_parents = set(_parents(module))
        targets: set[str] = set()
        for name in _imported(module, path, tree, modules):
            if name in modules:  # not another package (numpy, ipywidgets, ...)
                targets.add(name)
                targets.update(parent for parent in _parents(name) if parent not in own_parents)
        targets.discard(module)
        graph[module] = targets
    return graph


def _parents(module: str) -> list[str]:
    """The packages a dotted module name lies in, outermost first."""
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One import cycle (as a closed path), or None when the graph has none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def longest_chain(graph: Mapping[str, set[str]]) -> list[str]:
    """The longest import chain (a → b → c …) in an acyclic graph."""

    @cache
    def from_node(node: str) -> tuple[str, ...]:
        best: tuple[str, ...] = ()
        for target in graph.get(node, ()):
            chain = from_node(target)
            if len(chain) > len(best):
                best = chain
        return (node, *best)

    return list(max((from_node(node) for node in graph), key=len, default=()))
