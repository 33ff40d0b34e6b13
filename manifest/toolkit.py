"""The Microsoft 365 Agents Toolkit's ``appPackage/``, copied from this package's template and icons.

The toolkit zips ``appPackage/manifest.json`` and the icons beside it, filling
the ``${{NAME}}`` placeholders from ``env/.env.<environment>``. Those files are
copies, byte for byte, of ``manifest/manifest.template.json`` and the drawn
icons, so the toolkit and ``python -m manifest package`` start from one source;
``python -m manifest toolkit --check`` fails when a copy is stale.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .paths import COLOR_ICON, OUTLINE_ICON, PROJECT_ROOT, TEMPLATE
from .render import PLACEHOLDER

APP_PACKAGE_DIR = PROJECT_ROOT / "appPackage"
# The toolkit's names, by the file they are copied from.
SOURCES = {"manifest.json": TEMPLATE, "color.png": COLOR_ICON, "outline.png": OUTLINE_ICON}
ENV_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def write_app_package(folder: Path = APP_PACKAGE_DIR) -> list[Path]:
    """Copy the template and icons into ``folder`` under the toolkit's names; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in SOURCES.items():
        target = folder / name
        target.write_bytes(source.read_bytes())
        os.chmod(target, 0o644)
        written.append(target)
    return written


def stale_app_package(folder: Path = APP_PACKAGE_DIR) -> list[str]:
    """The names in ``folder`` that are missing or differ from their source."""
    return [name for name, source in SOURCES.items()
            if not (folder / name).is_file() or (folder / name).read_bytes() != source.read_bytes()]


def read_env_file(path: Path) -> dict[str, str]:
    """``NAME=value`` lines of a toolkit ``.env`` file (comments and blank lines skipped, quotes removed)."""
    values = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = ENV_LINE.match(line)
        if match and not line.lstrip().startswith("#"):
            value = match.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            values[match.group(1)] = value
    return values


def placeholders(text: str) -> set[str]:
    """Every ``${{NAME}}`` the toolkit would fill in ``text``."""
    return set(PLACEHOLDER.findall(text))
