"""A Teams conversation against the real app: activities posted to /api/messages on loopback,
replies collected by a fake Bot Connector service (see tests/support/teams_fakes.py)."""
from __future__ import annotations

import sqlite3

import pytest
from tests.support.teams_fakes import FakeConnector, TeamsUser

from bot.web.app import create_app
from bot.settings import SDKS, Settings
from dialogs.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()


@pytest.fixture(params=SDKS)
def sdk(request) -> str:
    """The host under test: every test that uses the app's settings runs on botbuilder and on the Agents SDK."""
    return request.param


@pytest.fixture
def settings(tmp_path, sdk) -> Settings:
    """In-memory state; replies retried for a second at most (a turn's budget is 10 s when served). Reading
    from Teams is off: the fake connector knows no meetings or members unless a test says
    (tests/bot/test_teams_read.py turns it on)."""
    return Settings(storage="memory", state_path=tmp_path / "state.db", sdk=sdk, reply_timeout_s=2.0,
                    reply_budget_s=1.0, teams_read_timeout_s=0)


@pytest.fixture
async def connector(aiohttp_server):
    fake = FakeConnector()
    server = await aiohttp_server(fake.app())
    fake.url = str(server.make_url("/")).rstrip("/") + "/"
    yield fake
    fake.hung_conversations.clear()  # the POSTs it still holds are answered, so the server stops at once


@pytest.fixture
async def bot_client(aiohttp_client, settings, engine):
    return await aiohttp_client(create_app(settings, engine=engine))


@pytest.fixture
def teams(bot_client, connector):
    """``teams()`` opens a new conversation of the given type with the bot."""
    return lambda conversation_type="personal": TeamsUser(bot_client, connector.url, connector, conversation_type)


@pytest.fixture
def lock_database():
    """``lock_database(path)`` takes SQLite's write lock from another connection, as another process would."""
    held = []

    def lock(path) -> sqlite3.Connection:
        connection = sqlite3.connect(path, isolation_level=None, timeout=10)
        connection.execute("BEGIN EXCLUSIVE")
        held.append(connection)
        return connection

    yield lock
    for connection in held:
        connection.close()

