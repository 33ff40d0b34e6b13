"""Check a built app package the way Teams will, before an admin uploads it.

Three layers: the zip itself (readable, flat, small, nothing extra), the
manifest against Microsoft's JSON schema for its ``manifestVersion``, and the
rules the schema cannot express (icon pixels, GUIDs, X.Y.Z versions, leftover
placeholders, duplicate command titles). Every finding is a :class:`Problem`
naming the field or file, so an admin knows where to look.
"""
from __future__ import annotations

import io
import json
import zipfile
import zlib
from pathlib import Path

from .icons import color32_problems, color_problems, outline_problems
from .problems import Problem
from .rules import icon_names, manifest_problems
from .schema import NoSchemaForVersion, load_schema, schema_problems, version_problem

MANIFEST = "manifest.json"
# Microsoft documents no single size limit for an uploaded app package that we
# could confirm. A bot's package is a manifest and two small icons (ours is
# about 5 KB), so anything past 1 MiB means something else got zipped in.
MAX_PACKAGE_BYTES = 1024 * 1024
MAX_UNPACKED_BYTES = 4 * 1024 * 1024  # refuse to inflate more than this (a zip bomb, or the wrong folder)
MAX_DEPTH = 64  # real manifests nest about 12 levels; far deeper JSON is an attack on the validator
ICON_RULES = {"color": color_problems, "outline": outline_problems, "color32x32": color32_problems}
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError)


def validate_package(path: Path, schema_folder: Path | None) -> list[Problem]:
    """Every problem found in the package at ``path``; an empty list means Teams should accept it.

    With no ``schema_folder`` every check but the schema's runs.

    Raises:
        SchemaUnavailable: the schema for the manifest's version is unreadable or needs a remote file.
    """
    path = Path(path)
    data, problems = _read(path)
    if data is None:
        return problems
    files, found = _unpack(path.name, data)
    problems += found
    if files is None:
        return problems
    if MANIFEST not in files:
        return problems + [Problem(MANIFEST, _missing_manifest_hint(files))]
    manifest, found = parse_manifest(files[MANIFEST])
    if manifest is None:
        return problems + found
    return problems + check_manifest(manifest, schema_folder) + check_files(manifest, files)


def _read(path: Path) -> tuple[bytes | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(path.name, f"cannot read it: {error.strerror or error}")]
    if len(data) > MAX_PACKAGE_BYTES:
        return None, [Problem(path.name, f"is {len(data):,} bytes; an app package over "
                                         f"{MAX_PACKAGE_BYTES:,} bytes holds more than a manifest and icons")]
    return data, []


def _unpack(zip_name: str, data: bytes) -> tuple[dict[str, bytes] | None, list[Problem]]:
    """The zip's files by name, and what is wrong with its layout; None when it is no zip at all."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        return None, [Problem(zip_name, f"is not a zip file, or it is truncated or corrupt ({error})")]
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        return None, [Problem(zip_name, f"unpacks to more than {MAX_UNPACKED_BYTES:,} bytes; "
                                        "an app package holds a manifest and two small icons")]
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for info in infos:
        problem = _entry_problem(info, files)
        if problem:
            problems.append(problem)
            continue
        try:
            files[info.filename] = archive.read(info)
        except READ_ERRORS as error:
            problems.append(Problem(info.filename, f"cannot be read from the zip, it is corrupt ({error})"))
    return files, problems


def _entry_problem(info: zipfile.ZipInfo, files: dict) -> Problem | None:
    """Teams reads the package's root only: no folders, and each name once."""
    name = info.filename
    if info.is_dir() or "/" in name or "\\" in name:
        return Problem(name, "is in a folder; put manifest.json and the icons at the root of the zip "
                             "(zip the files, not the folder holding them)")
    if name in files:
        return Problem(name, "is in the zip twice")
    if info.flag_bits & 0x1:
        return Problem(name, "is encrypted; Teams cannot read it")
    return None


def _missing_manifest_hint(files: dict[str, bytes]) -> str:
    return f"missing at the root of the zip (it has: {', '.join(sorted(files)) or 'no files'})"


def parse_manifest(data: bytes) -> tuple[dict | None, list[Problem]]:
    """manifest.json as a dict, or why it is not one (with the line and column for bad JSON)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(MANIFEST, "starts with a byte order mark; save it as UTF-8 without BOM")]
    try:
        manifest = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return None, [Problem(MANIFEST, f"is not UTF-8 text (byte {error.start})")]
    except json.JSONDecodeError as error:
        return None, [Problem(MANIFEST, f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}")]
    except RecursionError:
        manifest = None
    if manifest is None or _depth(manifest) > MAX_DEPTH:
        return None, [Problem(MANIFEST, f"nests arrays or objects more than {MAX_DEPTH} levels deep")]
    if not isinstance(manifest, dict):
        return None, [Problem(MANIFEST, "must hold a JSON object")]
    return manifest, []


def _depth(node) -> int:
    """How deeply ``node`` nests, counted without recursion (the checks after this one recurse)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if level <= MAX_DEPTH:
            children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
            stack.extend((child, level + 1) for child in children)
    return deepest


def check_manifest(manifest: dict, schema_folder: Path | None) -> list[Problem]:
    """Our rules, then the schema's findings for fields our rules did not already explain."""
    ours = manifest_problems(manifest)
    wrong_version = version_problem(manifest)
    if wrong_version:
        return ours + [wrong_version]
    if schema_folder is None:
        return ours
    try:
        schema = load_schema(schema_folder, manifest["manifestVersion"])
    except NoSchemaForVersion as error:
        return ours + [Problem("manifestVersion", str(error))]
    explained = {problem.field for problem in ours}
    return ours + [p for p in schema_problems(manifest, schema) if p.field not in explained]


def check_files(manifest: dict, files: dict[str, bytes]) -> list[Problem]:
    """Each icon the manifest names is in the zip and follows Teams' rules; nothing else is there."""
    problems, used = [], {MANIFEST}
    for key, name in sorted(icon_names(manifest).items()):
        if not isinstance(name, str):
            continue  # the schema reports the wrong type
        if "/" in name or "\\" in name:
            problems.append(Problem(f"icons.{key}", f"{name!r} is in a folder; icons belong at the root of the zip"))
        elif name not in files:
            problems.append(Problem(f"icons.{key}", f"{name!r} is not in the zip"))
        else:
            used.add(name)
            problems += [Problem(name, message) for message in ICON_RULES.get(key, _no_rule)(files[name])]
    problems += [Problem(name, "is not referenced by manifest.json; remove it from the zip")
                 for name in sorted(files) if name not in used]
    return problems


def _no_rule(data: bytes) -> list[str]:
    return []
