"""The served bot runs on uvloop where it is installed, and on asyncio's loop where it is not."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from bot.web.app import new_event_loop
from tests.support.server import BotServer, loopback_activity, post_json

uvloop = pytest.importorskip("uvloop", reason="uvloop is not installed on Windows (pyproject.toml)")


def test_the_server_loop_is_uvloop_when_installed():
    loop = new_event_loop()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()


def test_without_uvloop_the_server_loop_is_asyncio(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvloop", None)  # what an interpreter without the package sees: ImportError
    loop = new_event_loop()
    try:
        assert not isinstance(loop, uvloop.Loop)
        assert isinstance(loop, asyncio.AbstractEventLoop)
    finally:
        loop.close()


@pytest.mark.parametrize("sdk", ["botbuilder", "agents"])
def test_a_served_bot_answers_on_uvloop(tmp_path: Path, sdk: str):
    bot = BotServer({"BOT_STORAGE": "sqlite", "BOT_STATE_PATH": str(tmp_path / "state.db"), "BOT_SDK": sdk},
                    tmp_path / "bot.log").start()
    try:
        status, answer = post_json(bot, loopback_activity(text="the record button is greyed out"))
        assert status == 200, bot.log_tail()
        assert answer["activities"], answer
        maps = Path(f"/proc/{bot.process.pid}/maps").read_text()
        assert "uvloop/loop." in maps  # the extension module the served process loaded
    finally:
        bot.kill()
