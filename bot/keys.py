"""Typed keys for what the app and each request carry, in one place so every module agrees."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from .settings import Settings

if TYPE_CHECKING:  # the runtime imports would be circular: app -> routes -> keys
    from botbuilder.core import ConversationState, Storage

    from dialogs.engine import Engine

    from .adapter import TeamsAdapter
    from .teams_bot import TroubleshooterBot

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", "Engine")
STORE = web.AppKey("store", "Storage")
CONVERSATION_STATE = web.AppKey("conversation_state", "ConversationState")
ADAPTER = web.AppKey("adapter", "TeamsAdapter")
BOT = web.AppKey("bot", "TroubleshooterBot")

ACTIVITY_BODY = web.RequestKey("activity_body", dict[str, Any])
