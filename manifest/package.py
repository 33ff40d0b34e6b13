"""Build the app package: one zip with manifest.json and the icons at its root.

The zip is reproducible: the same inputs give the same bytes (fixed timestamps,
permissions and creator system, sorted entries, stable JSON), so a rebuilt
package can be compared with the one in the admin center by checksum alone.
"""
from __future__ import annotations

import io
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path

from .render import icon_files, render
from .settings import PackageError, PackageSettings

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold
FILE_MODE = 0o100644  # a regular file, rw-r--r--
UNIX = 3  # ZipInfo.create_system; the default depends on the platform building the zip
APP_SLUG = "recording-troubleshooter"


def manifest_bytes(manifest: dict) -> bytes:
    """The JSON Teams reads: UTF-8 without BOM, two-space indent, keys in the template's order."""
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` (name -> content) that depends on nothing but its arguments."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def package_contents(settings: PackageSettings) -> dict[str, bytes]:
    """Every file of the package, by its name in the zip."""
    manifest = render(settings)
    files = {"manifest.json": manifest_bytes(manifest)}
    for name, path in icon_files(manifest, settings.template).items():
        files[name] = _read(path)
    return files


def package_file_name(settings: PackageSettings, version: str) -> str:
    """``recording-troubleshooter[-suffix]-X.Y.Z.zip``: tells packages for different stages apart."""
    suffix = re.sub(r"[^a-z0-9]+", "-", settings.name_suffix.lower()).strip("-")
    version = re.sub(r"[^0-9A-Za-z.]+", "-", version).strip("-.") or "0.0.0"
    return f"{APP_SLUG}{'-' + suffix if suffix else ''}-{version}.zip"


def build_package(settings: PackageSettings) -> Path:
    """Render, zip and write the package into ``settings.out_dir``; return the path written.

    Raises:
        PackageError: bad input, or an output folder that cannot be written.
    """
    files = package_contents(settings)
    version = json.loads(files["manifest.json"]).get("version", "0.0.0")
    target = settings.out_dir / package_file_name(settings, str(version))
    write_atomically(target, zip_bytes(files))
    return target


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target, then rename: a failed run never leaves half a zip behind."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".package-", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise PackageError(f"cannot write to {target.parent}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise PackageError(f"cannot write {target}: {error.strerror or error}") from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise PackageError(f"cannot read {path}: {error.strerror or error}") from None
