"""What ``python -m manifest package`` needs to know, checked before anything is written.

Values come from the command line, then the environment (``MANIFEST_*``), then
the template itself: the template holds the defaults so that it stays a
complete manifest for the Teams Toolkit / Microsoft 365 Agents Toolkit too.
"""
from __future__ import annotations

import re
import uuid
from importlib import metadata
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

from .paths import TEMPLATE

GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HOST = re.compile(rf"^(?=.{{1,253}}$){LABEL}(\.{LABEL})*$")
# Derived app ids live in this namespace: the same bot id always gives the same
# app id, so re-packaging updates the app in Teams instead of adding a second one.
APP_ID_NAMESPACE = uuid.UUID("6f1c2a7e-4b7d-5e0a-9c4e-2f5d8b1a3c90")
# (field in the manifest's developer block, CLI flag, environment variable)
DEVELOPER_FIELDS = (
    ("name", "--developer-name", "MANIFEST_DEVELOPER_NAME"),
    ("websiteUrl", "--website-url", "MANIFEST_WEBSITE_URL"),
    ("privacyUrl", "--privacy-url", "MANIFEST_PRIVACY_URL"),
    ("termsOfUseUrl", "--terms-url", "MANIFEST_TERMS_URL"),
)
MAX_DEVELOPER_NAME = 32  # the schema's limit, checked here to fail before writing


class PackageError(ValueError):
    """Bad input to ``package``; the message is one line saying what to fix."""


@dataclass(frozen=True)
class PackageSettings:
    bot_id: str
    app_id: str
    out_dir: Path
    domain: str = ""
    name_suffix: str = ""
    version: str | None = None  # None keeps the template's
    developer: tuple[tuple[str, str], ...] = ()  # (manifest field, value) overriding the template's
    template: Path = TEMPLATE

    @classmethod
    def from_inputs(cls, *, bot_id: str, out_dir: Path, app_id: str | None = None, domain: str | None = None,
                    name_suffix: str | None = None, version: str | None = None,
                    developer: Mapping[str, str | None] | None = None, template: Path | None = None,
                    env: Mapping[str, str] | None = None) -> "PackageSettings":
        """Check and normalise every input; ``developer`` is keyed by CLI flag, ``env`` fills the gaps.

        Raises:
            PackageError: naming the first input that is wrong.
        """
        bot = guid("--bot-id", bot_id)
        return cls(
            bot_id=bot,
            app_id=guid("--app-id", app_id) if app_id else derived_app_id(bot),
            out_dir=Path(out_dir),
            domain=host("--domain", domain or ""),
            name_suffix=name_suffix or "",
            version=semver("--version", version) if version is not None else None,
            developer=developer_overrides(developer or {}, env or {}),
            template=Path(template) if template else TEMPLATE,
        )


DISTRIBUTION = "recording-troubleshooter"


def project_version() -> str:
    """The Python package's version, which the Teams app shares: one number to bump, in pyproject.toml."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise PackageError(f"{DISTRIBUTION} is not installed, so its version is unknown: "
                           "pip install it (make does), or pass --version X.Y.Z") from None


def derived_app_id(bot_id: str) -> str:
    """The Teams app id for a bot when none is given: stable across runs and machines."""
    return str(uuid.uuid5(APP_ID_NAMESPACE, bot_id.lower()))


def guid(flag: str, value: str) -> str:
    """A GUID in the form Teams expects (8-4-4-4-12 hex digits), lower-cased."""
    text = (value or "").strip()
    if not GUID.match(text):
        raise PackageError(f"{flag} {value!r} is not a GUID (like 00000000-0000-0000-0000-000000000000)")
    return text.lower()


def semver(flag: str, value: str) -> str:
    if not SEMVER.match(value.strip()):
        raise PackageError(f"{flag} {value!r} is not a version of the form X.Y.Z (like 1.0.0)")
    return value.strip()


def host(flag: str, value: str) -> str:
    """A bare host name: Teams' validDomains takes no scheme, port or path."""
    text = value.strip().lower().rstrip(".")
    if not text:
        return ""
    if "://" in text or "/" in text or ":" in text:
        raise PackageError(f"{flag} {value!r} must be a host name only, like bot.contoso.com "
                           "(no https://, port or path)")
    if not HOST.match(text):
        raise PackageError(f"{flag} {value!r} is not a valid host name")
    return text


def developer_overrides(flags: Mapping[str, str | None], env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The developer fields given by flag or environment, each checked; the rest keep the template's."""
    chosen = []
    for field, flag, variable in DEVELOPER_FIELDS:
        value = flags.get(flag)
        source = flag
        if value is None and env.get(variable, "").strip():
            value, source = env[variable], variable
        if value is None:
            continue
        chosen.append((field, _developer_value(field, source, value.strip())))
    return tuple(chosen)


def _developer_value(field: str, source: str, value: str) -> str:
    if field == "name":
        if not value or len(value) > MAX_DEVELOPER_NAME:
            raise PackageError(f"{source}: the developer name must be 1 to {MAX_DEVELOPER_NAME} characters")
        return value
    parts = urlsplit(value)
    if parts.scheme != "https" or "." not in (parts.hostname or "") or any(c.isspace() for c in value):
        raise PackageError(f"{source} {value!r} is not an https:// URL")
    return value
