"""Typed keys for what the app and each request carry, in one place so every module agrees."""
from __future__ import annotations

from typing import Any

from aiohttp import web
from dialogs.engine import Engine

from bot.hosts.turn import Host
from bot.settings import Settings
from bot.storage.base import StateStore

# Real types, so aiohttp and the type checker both know what ``app[ENGINE]`` holds.
SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", Engine)
STORE = web.AppKey("store", StateStore)
HOST = web.AppKey("host", Host)

ACTIVITY_BODY = web.RequestKey("activity_body", dict[str, Any])
