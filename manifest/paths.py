"""Where the package's inputs live; kept apart so nothing is computed at import time but paths."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
TEMPLATE = PACKAGE_DIR / "manifest.template.json"
COLOR_ICON = PACKAGE_DIR / "color.png"
OUTLINE_ICON = PACKAGE_DIR / "outline.png"
# The official schemas come from npm (package.json pins the version); they are read
# where npm put them, never copied into the project.
SCHEMA_NPM_PACKAGE = "@microsoft/app-manifest"
NPM_SCHEMA_DIR = Path("node_modules") / SCHEMA_NPM_PACKAGE / "build" / "json-schemas" / "teams"
