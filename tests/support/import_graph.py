"""The import graph of the project's own modules, and its cycles.

Every import counts: at the top of a module, inside a function, and under
`TYPE_CHECKING`. Run it to see the graph and any cycle (exit status 1 when
there is one):

    .venv/bin/python -m tests.support.import_graph            # cycles, and a summary
    .venv/bin/python -m tests.support.import_graph --edges    # every module's imports
    .venv/bin/python -m tests.support.import_graph --rooms    # imports between rooms
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "projections", "api")


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the project's packages, by dotted name."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: Iterable[str]) -> set[str]:
    """The project modules that module `name` imports, wherever the import stands."""
    known = set(known)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a.b import c` imports the module a.b.c when there is one, else a.b.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for imported in targets:
            target = imported
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Each project module and the project modules it imports."""
    found = modules(root)
    return {name: imports_of(name, path, found) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def room(module: str) -> str:
    """The room a module stands in: `api.http`, `api.cli`, `domain`, ..."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "api" and len(parts) > 2 else parts[0]


def main(argv: list[str] | None = None) -> int:
    """Print the graph's cycles (and, if asked, its edges); exit 1 when there is a cycle."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", action="store_true", help="print every module's imports")
    parser.add_argument("--rooms", action="store_true", help="print the imports between rooms")
    args = parser.parse_args(argv)
    edges = graph()
    if args.edges:
        for name in sorted(edges):
            print(f"{name} -> {', '.join(sorted(edges[name])) or '(nothing)'}")
    if args.rooms:
        between: dict[str, set[str]] = {}
        for name, targets in edges.items():
            for target in targets:
                if room(name) != room(target):
                    between.setdefault(room(name), set()).add(room(target))
        for name in sorted(between):
            print(f"{name} -> {', '.join(sorted(between[name]))}")
    found = cycles(edges)
    for group in found:
        print("CYCLE: " + " <-> ".join(group))
    count = sum(len(targets) for targets in edges.values())
    print(f"{len(edges)} modules, {count} imports between them, {len(found)} cycles")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
