"""Typed keys for what the app and each request carry, in one place so every module agrees."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from .settings import Settings

if TYPE_CHECKING:  # the runtime imports would be circular: app -> routes -> keys
    from dialogs.engine import Engine

    from .host import Host
    from .storage_base import StateStore

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", "Engine")
STORE = web.AppKey("store", "StateStore")
HOST = web.AppKey("host", "Host")

ACTIVITY_BODY = web.RequestKey("activity_body", dict[str, Any])
