"""Dependencies point one way: no module of the project imports, however indirectly, one that imports it.

Every import counts, type-only ones too (``if TYPE_CHECKING:``): a circle there is still a
circle to a reader, and the first runtime use would close it. Read from the source with ``ast``,
so nothing is imported.
"""
from __future__ import annotations

import ast

from tests.conftest import ROOT

PACKAGES = ("bot", "dialogs", "knowledge", "manifest")


def module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, ast.Module]:
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8"))
            for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def imports_of(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The project modules a module imports: ``from a.b import c`` is a.b.c when that is a module, else a.b."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                found.add(target if target in known else node.module)
    return {m for m in found if m in known and m != name}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle once, as the path that closes it."""
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    return found


def test_the_packages_have_no_import_circle():
    modules = project_modules()
    known = set(modules)
    graph = {name: imports_of(name, tree, known) for name, tree in modules.items()}
    assert circles(graph) == []


def test_a_circle_is_found_when_there_is_one():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c", "a"]]


def test_the_errors_module_imports_nothing_from_bot():
    tree = project_modules()["bot.errors"]
    assert imports_of("bot.errors", tree, set(project_modules())) == set()
