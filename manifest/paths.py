"""Where the package's inputs live; kept apart so nothing is computed at import time but paths."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
TEMPLATE = PACKAGE_DIR / "manifest.template.json"
COLOR_ICON = PACKAGE_DIR / "color.png"
OUTLINE_ICON = PACKAGE_DIR / "outline.png"
# The official schemas sit beside the project (../shared in a checkout and in CI);
# they are read where they are, never copied into the project.
SHARED_SCHEMA_DIR = PROJECT_ROOT.parent / "shared" / "schemas" / "teams"
