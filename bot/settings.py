"""Typed settings, read once from the environment when the process starts.

Nothing else in the project reads ``os.environ``: the app factory, the CLI and
the tests all receive a :class:`Settings`.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit
from types import MappingProxyType
from typing import Any, Mapping

STORAGE_KINDS = ("sqlite", "memory", "blob")
APP_TYPES = ("SingleTenant", "MultiTenant", "UserAssignedMSI")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
SDKS = ("botbuilder", "agents")  # botbuilder 4.17.1 (default), or the Microsoft 365 Agents SDK
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
MIN_BODY_BYTES = 4096  # a Teams message activity with its entities and channelData is 1.5 to 3 KB
MAX_TEAMS_READ_S = 10.0  # what reading from Teams may add to a turn, at most; the user waits meanwhile
LOCAL_HOST = "127.0.0.1"
ALL_INTERFACES = "0.0.0.0"
# The endpoints botbuilder's ConfigurationBotFrameworkAuthentication reads, under the SDK's own names:
# a sovereign cloud or a test's stand-in identity provider is configured here, never by patching.
IDENTITY_ENDPOINTS = (
    "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL",
    "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER",
    "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL",
    "TO_CHANNEL_FROM_BOT_LOGIN_URL",
    "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE",
    "VALIDATE_AUTHORITY",
)
# The standard proxy variables, honoured by every outbound call (bot/outbound.py); read here to check them.
PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY")


class SettingsError(ValueError):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_type: str = "SingleTenant"
    app_tenant_id: str = ""
    host: str = LOCAL_HOST
    port: int = 3978
    storage: str = "sqlite"
    state_path: Path = Path("data/state.db")
    blob_connection_string: str = field(default="", repr=False)
    blob_container: str = "bot-state"
    state_ttl_days: float = 30.0
    max_body_bytes: int = 1_000_000
    log_level: str = "INFO"
    log_format: str = "text"
    read_timeout_s: float = 5.0
    identity_timeout_s: float = 5.0
    teams_read_timeout_s: float = 2.0  # reading the meeting and the member record from Teams; 0: never read
    identity_endpoints: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    appinsights_connection_string: str = field(default="", repr=False)  # telemetry on when set
    sdk: str = "botbuilder"
    ca_bundles: tuple[str, ...] = ()  # PEM files of the CAs every outbound TLS call trusts; none: the system's
    proxies: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), repr=False)  # may hold a password
    reply_timeout_s: float = 5.0
    reply_budget_s: float = 10.0
    shutdown_timeout_s: float = 8.0

    @property
    def authenticated(self) -> bool:
        """With no app id the bot runs in local anonymous mode (Emulator, tests)."""
        return bool(self.app_id)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> "Settings":
        """Read the standard Bot Framework variables plus ours; ``overrides`` win (CLI flags)."""
        env = os.environ if env is None else env
        app_id = env.get("MicrosoftAppId", "").strip()
        values: dict[str, Any] = dict(
            app_id=app_id,
            app_password=env.get("MicrosoftAppPassword", ""),
            app_type=env.get("MicrosoftAppType", "").strip() or "SingleTenant",
            app_tenant_id=env.get("MicrosoftAppTenantId", "").strip(),
            host=env.get("HOST", "").strip() or (ALL_INTERFACES if app_id else LOCAL_HOST),
            port=_int(env, "PORT", 3978),
            storage=env.get("BOT_STORAGE", "sqlite").strip().lower() or "sqlite",
            state_path=Path(env.get("BOT_STATE_PATH", "data/state.db")),
            blob_connection_string=env.get("AZURE_STORAGE_CONNECTION_STRING", ""),
            blob_container=env.get("BOT_STATE_CONTAINER", "bot-state").strip() or "bot-state",
            state_ttl_days=_float(env, "BOT_STATE_TTL_DAYS", 30.0),
            max_body_bytes=_int(env, "BOT_MAX_BODY_BYTES", 1_000_000),
            log_level=env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO",
            log_format=env.get("LOG_FORMAT", "text").strip().lower() or "text",
            read_timeout_s=_float(env, "BOT_READ_TIMEOUT_S", 5.0),
            identity_timeout_s=_float(env, "BOT_IDENTITY_TIMEOUT_S", 5.0),
            teams_read_timeout_s=_float(env, "BOT_TEAMS_READ_TIMEOUT_S", 2.0),
            identity_endpoints=MappingProxyType({k: env[k].strip() for k in IDENTITY_ENDPOINTS
                                                 if env.get(k, "").strip()}),
            appinsights_connection_string=env.get("APPLICATIONINSIGHTS_CONNECTION_STRING", "").strip(),
            sdk=env.get("BOT_SDK", "").strip().lower() or "botbuilder",
            ca_bundles=_ca_bundles(env),
            proxies=MappingProxyType({name: value for name in PROXY_VARIABLES if (value := _either_case(env, name))}),
            reply_timeout_s=_float(env, "BOT_REPLY_TIMEOUT_S", 5.0),
            reply_budget_s=_float(env, "BOT_REPLY_BUDGET_S", 10.0),
            shutdown_timeout_s=_float(env, "BOT_SHUTDOWN_TIMEOUT_S", 8.0),
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.validate()
        return settings

    def with_(self, **changes) -> "Settings":
        """A copy with some fields changed (tests), validated like the original."""
        settings = replace(self, **changes)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Fail at start, with one line naming the setting and the fix, rather than on the first turn."""
        for problem in (self._storage_problem(), self._identity_problem(), self._server_problem(),
                        self._network_problem()):
            if problem:
                raise SettingsError(problem)

    def _storage_problem(self) -> str | None:
        if self.storage not in STORAGE_KINDS:
            return f"BOT_STORAGE={self.storage!r} is not supported; use one of: {', '.join(STORAGE_KINDS)}"
        if self.storage == "blob" and not self.blob_connection_string:
            return "BOT_STORAGE=blob needs AZURE_STORAGE_CONNECTION_STRING (the storage account's connection string)"
        if self.state_ttl_days <= 0:
            return "BOT_STATE_TTL_DAYS must be a positive number of days"
        return None

    def _identity_problem(self) -> str | None:
        if self.app_type not in APP_TYPES:
            return f"MicrosoftAppType={self.app_type!r} is not supported; use one of: {', '.join(APP_TYPES)}"
        if not self.app_id:
            return ("MicrosoftAppPassword is set but MicrosoftAppId is empty; set the app id too, "
                    "or unset the password for local anonymous mode") if self.app_password else None
        if not GUID.match(self.app_id):
            return (f"MicrosoftAppId={self.app_id!r} is not a GUID; copy the Microsoft App ID from the Azure Bot's "
                    "Configuration page (like 00000000-0000-0000-0000-000000000000)")
        if self.app_type != "UserAssignedMSI" and not self.app_password:
            return (f"MicrosoftAppType={self.app_type} needs MicrosoftAppPassword "
                    "(a client secret of the app registration)")
        if self.app_type != "MultiTenant" and not self.app_tenant_id:
            return (f"MicrosoftAppType={self.app_type} needs MicrosoftAppTenantId "
                    "(the directory (tenant) id of the Azure Bot's app registration)")
        return None

    def _server_problem(self) -> str | None:
        if not 0 < self.port < 65536:
            return f"PORT={self.port} is not a TCP port (1-65535)"
        if self.max_body_bytes < MIN_BODY_BYTES:
            return (f"BOT_MAX_BODY_BYTES={self.max_body_bytes} cannot hold a Teams activity; "
                    f"use at least {MIN_BODY_BYTES} (default 1000000)")
        if self.sdk not in SDKS:
            return f"BOT_SDK={self.sdk!r} is not a host; use one of: {', '.join(SDKS)} (or serve --sdk)"
        if self.log_level not in LOG_LEVELS:
            return f"LOG_LEVEL={self.log_level!r} is not a level; use one of: {', '.join(LOG_LEVELS)}"
        if self.log_format not in LOG_FORMATS:
            return f"LOG_FORMAT={self.log_format!r} is not supported; use one of: {', '.join(LOG_FORMATS)}"
        for name, value in (("BOT_READ_TIMEOUT_S", self.read_timeout_s),
                            ("BOT_IDENTITY_TIMEOUT_S", self.identity_timeout_s)):
            if not 0 < value <= 300:
                return f"{name}={value:g} must be a number of seconds above 0 and at most 300"
        if not 0 <= self.teams_read_timeout_s <= MAX_TEAMS_READ_S:
            return (f"BOT_TEAMS_READ_TIMEOUT_S={self.teams_read_timeout_s:g} must be a number of seconds from 0 "
                    f"(never read from Teams) to {MAX_TEAMS_READ_S:g}: a turn waits that long at most")
        return None


    def _network_problem(self) -> str | None:
        for bundle in self.ca_bundles:
            if not Path(bundle).is_file():
                return (f"the CA bundle {bundle!r} (SSL_CERT_FILE or REQUESTS_CA_BUNDLE) is not a file; "
                        "point it at a PEM file holding your proxy's root and the public roots")
        for name in ("HTTPS_PROXY", "HTTP_PROXY"):
            url = urlsplit(self.proxies.get(name, ""))
            if self.proxies.get(name) and (url.scheme not in ("http", "https") or not url.hostname):
                return f"{name} is not a proxy URL; use http://host:port (or http://user:password@host:port)"
        for name, value in (("BOT_REPLY_TIMEOUT_S", self.reply_timeout_s), ("BOT_REPLY_BUDGET_S", self.reply_budget_s),
                            ("BOT_SHUTDOWN_TIMEOUT_S", self.shutdown_timeout_s)):
            if not 0 < value <= 300:
                return f"{name}={value:g} must be a number of seconds above 0 and at most 300"
        return None


def _ca_bundles(env: Mapping[str, str]) -> tuple[str, ...]:
    """The CA bundles every outbound call trusts: ``SSL_CERT_FILE`` (OpenSSL's name) and ``REQUESTS_CA_BUNDLE``
    (requests'). Either alone covers every call; both (say, the system's bundle in one, by the machine's image,
    and the proxy's root in the other) are trusted together, wherever the library would have read only one."""
    named = (env.get("SSL_CERT_FILE", "").strip(), env.get("REQUESTS_CA_BUNDLE", "").strip())
    return tuple(dict.fromkeys(name for name in named if name))


def _either_case(env: Mapping[str, str], name: str) -> str:
    """A proxy variable as curl and the HTTP libraries read it: the lowercase name wins over the uppercase."""
    return (env.get(name.lower(), "") or env.get(name, "")).strip()


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number") from None


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number") from None
