"""What Teams requires of a manifest that its JSON schema does not say (or says less clearly)."""
from __future__ import annotations

from .problems import Problem, json_path
from .render import unreplaced
from .settings import GUID, SEMVER


def manifest_problems(manifest: dict) -> list[Problem]:
    """The checks on manifest.json alone, in the order an admin would fix them."""
    return [*guid_problems(manifest), *version_problems(manifest), *placeholder_problems(manifest),
            *command_problems(manifest)]


def guid_problems(manifest: dict) -> list[Problem]:
    """The app id and each bot id must be GUIDs: Teams and the Bot Framework key on them."""
    found = []
    for parts, value in [(("id",), manifest.get("id"))] + [
            (("bots", i, "botId"), bot.get("botId")) for i, bot in _bots(manifest)]:
        if value is not None and not (isinstance(value, str) and GUID.match(value)):
            found.append(Problem(json_path(parts), f"{value!r} is not a GUID (8-4-4-4-12 hex digits)"))
    return found


def version_problems(manifest: dict) -> list[Problem]:
    """The schema only limits the length; Teams wants X.Y.Z to tell updates apart."""
    value = manifest.get("version")
    if value is None or (isinstance(value, str) and SEMVER.match(value)):
        return []
    return [Problem("version", f"{value!r} is not a version of the form X.Y.Z (like 1.0.0)")]


def placeholder_problems(manifest: dict) -> list[Problem]:
    """A ``${{NAME}}`` left in means the package was zipped from the template, not built."""
    return [Problem(path, f"unreplaced placeholder {name}; build the package with 'python -m manifest package'")
            for path, name in unreplaced(manifest)]


def command_problems(manifest: dict) -> list[Problem]:
    """Titles within one command list must differ: Teams shows them as one menu."""
    found = []
    for b, bot in _bots(manifest):
        for c, command_list in _items(bot.get("commandLists")):
            seen = set()
            for k, command in _items(command_list.get("commands")):
                title = command.get("title")
                if not isinstance(title, str):
                    continue
                if title.strip().lower() in seen:
                    where = json_path(("bots", b, "commandLists", c, "commands", k, "title"))
                    found.append(Problem(where, f"{title!r} appears twice in this command list"))
                seen.add(title.strip().lower())
    return found


def icon_names(manifest: dict) -> dict[str, object]:
    """``icons`` key -> the file name it refers to (whatever its type: the caller checks)."""
    icons = manifest.get("icons")
    return dict(icons) if isinstance(icons, dict) else {}


def _bots(manifest: dict):
    return _items(manifest.get("bots"))


def _items(value):
    """(index, dict) for each object in a list; anything else is the schema's to report."""
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]
