"""Typed settings, read once from the environment when the process starts.

Nothing else in the project reads ``os.environ``: the app factory, the CLI and
the tests all receive a :class:`Settings`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

STORAGE_KINDS = ("sqlite", "memory", "blob")
APP_TYPES = ("MultiTenant", "SingleTenant", "UserAssignedMSI")


class SettingsError(ValueError):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_type: str = "MultiTenant"
    app_tenant_id: str = ""
    host: str = "0.0.0.0"
    port: int = 3978
    storage: str = "sqlite"
    state_path: Path = Path("data/state.db")
    blob_connection_string: str = field(default="", repr=False)
    blob_container: str = "bot-state"
    state_ttl_days: float = 30.0
    max_body_bytes: int = 1_000_000
    log_level: str = "INFO"
    appinsights_connection_string: str = field(default="", repr=False)  # telemetry on when set

    @property
    def authenticated(self) -> bool:
        """With no app id the bot runs in local anonymous mode (Emulator, tests)."""
        return bool(self.app_id)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> "Settings":
        """Read the standard Bot Framework variables plus ours; ``overrides`` win (CLI flags)."""
        env = os.environ if env is None else env
        values = dict(
            app_id=env.get("MicrosoftAppId", "").strip(),
            app_password=env.get("MicrosoftAppPassword", ""),
            app_type=env.get("MicrosoftAppType", "").strip() or "MultiTenant",
            app_tenant_id=env.get("MicrosoftAppTenantId", "").strip(),
            host=env.get("HOST", "0.0.0.0"),
            port=_int(env, "PORT", 3978),
            storage=env.get("BOT_STORAGE", "sqlite").strip().lower() or "sqlite",
            state_path=Path(env.get("BOT_STATE_PATH", "data/state.db")),
            blob_connection_string=env.get("AZURE_STORAGE_CONNECTION_STRING", ""),
            blob_container=env.get("BOT_STATE_CONTAINER", "bot-state").strip() or "bot-state",
            state_ttl_days=_float(env, "BOT_STATE_TTL_DAYS", 30.0),
            max_body_bytes=_int(env, "BOT_MAX_BODY_BYTES", 1_000_000),
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
            appinsights_connection_string=env.get("APPLICATIONINSIGHTS_CONNECTION_STRING", "").strip(),
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
        """Fail at start, with a message an admin can act on, rather than on the first turn."""
        if self.storage not in STORAGE_KINDS:
            raise SettingsError(
                f"BOT_STORAGE={self.storage!r} is not supported; use one of: {', '.join(STORAGE_KINDS)}"
            )
        if self.storage == "blob" and not self.blob_connection_string:
            raise SettingsError(
                "BOT_STORAGE=blob needs AZURE_STORAGE_CONNECTION_STRING "
                "(the storage account's connection string)"
            )
        if self.app_type not in APP_TYPES:
            raise SettingsError(
                f"MicrosoftAppType={self.app_type!r} is not supported; use one of: {', '.join(APP_TYPES)}"
            )
        if self.app_id and self.app_type == "SingleTenant" and not self.app_tenant_id:
            raise SettingsError(
                "MicrosoftAppType=SingleTenant needs MicrosoftAppTenantId "
                "(the directory (tenant) id of the Azure Bot's app registration)"
            )
        if not 0 < self.port < 65536:
            raise SettingsError(f"PORT={self.port} is not a TCP port (1-65535)")
        if self.max_body_bytes <= 0:
            raise SettingsError("BOT_MAX_BODY_BYTES must be a positive number of bytes")
        if self.state_ttl_days <= 0:
            raise SettingsError("BOT_STATE_TTL_DAYS must be a positive number of days")


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
