"""Every package the project's code imports is one it declares in pyproject.toml (a base dependency or an extra).

A package that only arrives as another's dependency can vanish or change under us with that
other package's next release; importing it directly means declaring it.
"""
from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys

from tests.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGES = ("bot", "dialogs", "knowledge", "manifest")


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    return {normalised(re.match(r"[A-Za-z0-9_.\-]+", r).group(0)) for r in requirements}


def imported_top_levels() -> dict[str, str]:
    """Each third-party top-level module the packages import, with one file that imports it."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else []
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in PACKAGES and top != "__future__":
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_imported_package_is_declared():
    distributions = metadata.packages_distributions()
    ours = declared()
    undeclared = {}
    for module, where in imported_top_levels().items():
        if module == "async_timeout" and sys.version_info >= (3, 11):
            continue  # declared for Python 3.10 only, where it is imported
        candidates = {normalised(d) for d in distributions.get(module, [module.replace("_", "-")])}
        if not candidates & ours:
            undeclared[module] = where
    assert undeclared == {}
