"""From the template to the manifest that goes into the zip.

The template uses the Teams Toolkit placeholder syntax, ``${{NAME}}``, for the
values that differ per deployment; everything else is plain JSON that the
settings may override. Placeholders are filled in the parsed tree, not in the
text, so a value can never break the JSON around it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .problems import json_path, walk_strings
from .settings import PackageError, PackageSettings, project_version

PLACEHOLDER = re.compile(r"\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
MAX_SHORT_NAME = 30  # the schema's limits, checked here so a long suffix fails before writing
MAX_FULL_NAME = 100


def load_template(path: Path) -> dict:
    """The template as a dict, or a PackageError saying why it cannot be used."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PackageError(f"cannot read the template {path}: {getattr(error, 'strerror', None) or error}") from None
    try:
        template = json.loads(text)
    except json.JSONDecodeError as error:
        raise PackageError(f"the template {path} is not valid JSON: {error.msg} "
                           f"at line {error.lineno} column {error.colno}") from None
    except RecursionError:
        raise PackageError(f"the template {path} nests too deeply to be a manifest") from None
    if not isinstance(template, dict):
        raise PackageError(f"the template {path} is not a JSON object")
    return template


def placeholder_values(settings: PackageSettings, template: dict) -> dict[str, str]:
    """The Toolkit's names for what the settings hold; the app's version is the installed package's,
    asked for only when the template uses it (ours does: one version number for the project)."""
    values = {"TEAMS_APP_ID": settings.app_id, "BOT_ID": settings.bot_id,
              "BOT_DOMAIN": settings.domain, "APP_NAME_SUFFIX": settings.name_suffix}
    if "${{APP_VERSION}}" in json.dumps(template):
        values["APP_VERSION"] = settings.version or project_version()
    return values


def fill(node, values: dict[str, str]):
    """A copy of ``node`` with every known ``${{NAME}}`` replaced; unknown ones are left as they are."""
    if isinstance(node, str):
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), node)
    if isinstance(node, dict):
        return {fill(k, values): fill(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [fill(v, values) for v in node]
    return node


def unreplaced(node) -> list[tuple[str, str]]:
    """(JSON path, placeholder) for every ``${{...}}`` left anywhere in the document."""
    return [(json_path(parts), match.group(0)) for parts, text in walk_strings(node)
            for match in re.finditer(r"\$\{\{.*?\}\}", text)]


def render(settings: PackageSettings) -> dict:
    """The manifest for these settings: placeholders filled, overrides applied, limits checked."""
    template = load_template(settings.template)
    manifest = fill(template, placeholder_values(settings, template))
    left = unreplaced(manifest)
    if left:
        path, name = left[0]
        raise PackageError(f"the template uses {name} at {path}, which package does not fill")
    if settings.version is not None:
        manifest["version"] = settings.version
    if settings.developer:
        if not isinstance(manifest.setdefault("developer", {}), dict):
            raise PackageError(f"the template's developer is not an object: {settings.template}")
        manifest["developer"].update(dict(settings.developer))
    if isinstance(manifest.get("validDomains"), list):
        manifest["validDomains"] = [d for d in manifest["validDomains"] if d]  # no --domain: no entry
    _check_names(manifest)
    return manifest


def _check_names(manifest: dict) -> None:
    """Teams cuts nothing: a name over the limit is refused at upload, so refuse it here."""
    names: dict = manifest["name"] if isinstance(manifest.get("name"), dict) else {}
    for field, limit in (("short", MAX_SHORT_NAME), ("full", MAX_FULL_NAME)):
        value = names.get(field)
        if isinstance(value, str) and len(value) > limit:
            raise PackageError(f"name.{field} {value!r} is {len(value)} characters; Teams allows {limit} "
                               "(use a shorter --name-suffix)")


def icon_files(manifest: dict, template: Path) -> dict[str, Path]:
    """The icons the manifest names, found beside the template (as the Toolkit expects)."""
    icons: dict = manifest["icons"] if isinstance(manifest.get("icons"), dict) else {}
    files = {}
    for key in sorted(icons):
        name = icons[key]
        if not isinstance(name, str) or "/" in name or "\\" in name or name in ("", ".", ".."):
            raise PackageError(f"icons.{key} in the template must be a file name beside it, not {name!r}")
        path = Path(template).parent / name
        if not path.is_file():
            raise PackageError(f"icons.{key}: {path} does not exist; run 'python -m manifest icons'")
        files[name] = path
    return files
