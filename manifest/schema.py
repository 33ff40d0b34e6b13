"""The official Teams manifest schema for a manifest's version, and validation against it.

The schemas are read from a folder laid out as Microsoft publishes them
(``v1.30/MicrosoftTeams.schema.json``), by default the one npm installs from
``@microsoft/app-manifest``; they are never copied into the project.
Validation never touches the network: the schemas only use local ``#/...``
references, and any other reference is refused rather than fetched.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Mapping, Sequence

from jsonschema import exceptions, validators
from referencing import Registry
from referencing.exceptions import NoSuchResource, Unresolvable

from .paths import NPM_SCHEMA_DIR, PROJECT_ROOT, SCHEMA_NPM_PACKAGE
from .problems import Problem, json_path

SCHEMA_FILE = "MicrosoftTeams.schema.json"
SCHEMA_DIR_VARIABLE = "TEAMS_SCHEMA_DIR"
MANIFEST_VERSION = re.compile(r"^(\d+\.\d+|devPreview)$")
MAX_MESSAGE = 200  # schema messages quote the offending value, which can be a whole object


class SchemaUnavailable(Exception):
    """No usable schema to validate against: not a fault of the package, so reported apart."""


class NoSchemaForVersion(SchemaUnavailable):
    """The folder has no schema for the manifest's version: most likely a typo in the manifest."""


HOW_TO_GET_SCHEMAS = (f"run 'npm install {SCHEMA_NPM_PACKAGE}' in this folder, or pass --schema-dir DIR "
                      f"or set {SCHEMA_DIR_VARIABLE} (a folder holding v1.xx/{SCHEMA_FILE})")


def installed_schema_dirs(cwd: Path) -> list[Path]:
    """Where npm puts the schemas: in this checkout (``make test`` installs them), else where the command runs."""
    return list(dict.fromkeys([PROJECT_ROOT / NPM_SCHEMA_DIR, cwd / NPM_SCHEMA_DIR]))


def schema_dir(flag: Path | None, env: Mapping[str, str], installed: Sequence[Path] | None = None) -> Path | None:
    """``--schema-dir``, else ``$TEAMS_SCHEMA_DIR``, else npm's ``@microsoft/app-manifest``; None when none is there.

    Raises:
        SchemaUnavailable: the folder named by the flag or the variable does not exist.
    """
    if flag is not None:
        return _existing(Path(flag), "--schema-dir")
    if env.get(SCHEMA_DIR_VARIABLE, "").strip():
        return _existing(Path(env[SCHEMA_DIR_VARIABLE].strip()), SCHEMA_DIR_VARIABLE)
    candidates = installed_schema_dirs(Path.cwd()) if installed is None else installed
    return next((folder for folder in candidates if folder.is_dir()), None)


def _existing(path: Path, source: str) -> Path:
    if not path.is_dir():
        raise SchemaUnavailable(f"{source}: {path} is not a folder")
    return path


def available_versions(folder: Path) -> list[str]:
    return sorted((p.parent.name[1:] for p in folder.glob(f"v*/{SCHEMA_FILE}")),
                  key=lambda v: [int(n) if n.isdigit() else -1 for n in v.split(".")])


def schema_path(folder: Path, manifest_version: str) -> Path:
    """Microsoft's layout: ``v1.25/`` for a release, ``vDevPreview/`` for the developer preview."""
    name = "vDevPreview" if manifest_version == "devPreview" else f"v{manifest_version}"
    return folder / name / SCHEMA_FILE


def load_schema(folder: Path, manifest_version: str) -> dict:
    """The schema for ``manifest_version``.

    Raises:
        NoSchemaForVersion: the folder has no schema for that version.
        SchemaUnavailable: the schema is there but unreadable.
    """
    path = schema_path(folder, manifest_version)
    if not path.is_file():
        have = ", ".join(available_versions(folder)) or "none"
        raise NoSchemaForVersion(f"no schema for manifestVersion {manifest_version!r} in {folder} (it has: {have})")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SchemaUnavailable(f"cannot use the schema {path}: {error}") from None


def _refuse(uri: str):
    """A remote ``$ref`` would mean a network fetch at validation time: refuse it instead."""
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # an attrs class: its stubs miss the field


def schema_problems(manifest: dict, schema: dict) -> list[Problem]:
    """Every place the manifest breaks the schema, with the most specific reason for each.

    Raises:
        SchemaUnavailable: the schema needs a reference from elsewhere, or is itself broken.
    """
    cls = validators.validator_for(schema)  # the draft named by the schema's $schema (draft-04 here)
    registry: Registry = Registry(retrieve=_refuse)  # type: ignore[call-arg]  # attrs fields the stubs miss
    validator = cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
    try:
        errors = sorted(validator.iter_errors(manifest), key=lambda e: [str(p) for p in e.absolute_path])
    except Unresolvable as error:
        raise SchemaUnavailable(f"the schema refers to {error.ref!r}, "
                                "which is not in it (nothing is fetched)") from None
    except exceptions.SchemaError as error:
        raise SchemaUnavailable(f"the schema itself is invalid: {error.message}") from None
    problems = []
    for found in errors:
        best = exceptions.best_match(found.context) if found.context else found
        problems.append(Problem(json_path(best.absolute_path), _message(best)))
    return problems


def version_problem(manifest: dict) -> Problem | None:
    """Why the manifest's ``manifestVersion`` cannot pick a schema, if it cannot."""
    version = manifest.get("manifestVersion")
    if version is None:
        return Problem("manifestVersion", "missing; it names the schema version the manifest follows")
    if not isinstance(version, str) or not MANIFEST_VERSION.match(version):
        return Problem("manifestVersion", f"{version!r} is not a manifest version like '1.25'")
    return None


def _message(error: exceptions.ValidationError) -> str:
    """The schema's message, except where it would quote a whole list or a long text back."""
    limit = error.validator_value
    if error.validator in ("maxItems", "minItems") and isinstance(error.instance, list):
        bound = "at most" if error.validator == "maxItems" else "at least"
        return f"has {len(error.instance)} item(s); the schema allows {bound} {limit}"
    if error.validator in ("maxLength", "minLength") and isinstance(error.instance, str):
        bound = "at most" if error.validator == "maxLength" else "at least"
        return f"is {len(error.instance)} characters; the schema allows {bound} {limit}"
    return _short(error.message)


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 3] + "..."
