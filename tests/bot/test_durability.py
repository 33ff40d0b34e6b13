"""Durable conversation state, end to end: the real server in its own process, real SQLite files, real Azurite.

What a user would notice: a crash or a restart of the bot loses no answer; with
several instances behind a load balancer, a conversation may hop between them
and even send two messages at once without an answer silently disappearing;
and while the store is down the bot says "please try again" and carries on
where it was once the store is back.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3

import aiohttp
import pytest

from bot.settings import Settings
from bot.storage import CREATE_ONLY, open_storage
from bot.errors import StateConflictError
from tests.support.server import TeamsChat, button, pending, text_of, value_of, wait_for_ready
from tests.support.server import bot_server  # noqa: F401  (a fixture)

ROUNDS = 20  # pairs of simultaneous messages per conversation
# Stream is asked about only when the person says it; someone who can't start a recording is not asked
# about the consent prompt
SAYS_STREAM = "no record button, we save recordings to Microsoft Stream"
STREAM_PATH_CHECKS = {
    "check_meeting_type": "meeting", "check_meeting_role": "presenter", "check_auth_type": "member",
    "check_organizer_policy": "on",
    "check_policy": "on", "check_storage_location": "stream", "check_stream_license": "yes",
    "check_stream_upload": "allowed", "check_stream_consent": "not_required", "check_stream_storage": "no",
}
# how each answer came: the two typed ones below, the others clicked
STREAM_PATH_PROVENANCE = {check: "typed" if check in ("check_policy", "check_stream_license") else "clicked"
                          for check in STREAM_PATH_CHECKS}
BOTH_ANSWERS = {"check_meeting_type": "meeting", "check_meeting_role": "presenter"}  # the first two questions


@pytest.fixture
async def http():
    """A client with no keep-alive: a connection to a killed bot is never reused after its restart."""
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as session:
        yield session


@pytest.fixture
def try_again(engine) -> list[str]:
    """What the user reads when a turn could not be saved."""
    return [engine.try_again().text]


def texts(replies: list[dict]) -> list[str]:
    return [reply.get("text") for reply in replies]


def blob_settings(azurite, container: str) -> dict[str, str]:
    return {"BOT_STORAGE": "blob", "AZURE_STORAGE_CONNECTION_STRING": azurite.connection_string,
            "BOT_STATE_CONTAINER": container}


async def answer_the_first_two_questions(chat: TeamsChat, bot) -> list[dict]:
    """Welcome card, Start, "no record option", "a meeting": the bot then asks the recorder's role."""
    replies = await chat.added(bot)
    replies = await chat.click(bot, button(replies, "welcome", "start"))
    replies = await chat.click(bot, button(replies, "triage", "no_record_option"))
    replies = await chat.click(bot, button(replies, "check_meeting_type", "meeting"))
    assert pending(replies) == "check_meeting_role"
    return replies


# --- 1. a crash ---------------------------------------------------------------------------------


async def test_a_conversation_survives_a_crash_of_the_bot(sdk, bot_server, http, tmp_path):
    bot = bot_server(BOT_STORAGE="sqlite", BOT_STATE_PATH=str(tmp_path / "state.db"))
    chat = TeamsChat(http)
    card = await answer_the_first_two_questions(chat, bot)

    bot.kill()  # SIGKILL: no shutdown code runs
    assert bot.health() == (None, {})
    bot.start()

    summary = await chat.say(bot, "summary")
    assert value_of(summary) == {
        "causes": [], "checks": {"check_meeting_type": "meeting"}, "unverified": [], "state": "check_meeting_role",
        "provenance": {"check_meeting_type": "clicked"},
        "ticket": {"reported": None, "upn": None, "reference": None, "status": "open", "topic": None, "also": [], "noted": []}}
    assert pending(summary) == "check_meeting_role"
    moved_on = await chat.click(bot, button(card, "check_meeting_role", "presenter"))
    assert pending(moved_on) == "check_auth_type"
    assert value_of(await chat.say(bot, "summary"))["checks"] == BOTH_ANSWERS
    assert await chat.added(bot) == []  # Teams resending the join does not start the user over


# --- 2. several instances --------------------------------------------------------------------------


async def test_a_conversation_can_hop_between_instances_sharing_blob_storage(sdk, bot_server, azurite, blob_container,
                                                                            http):
    instances = [bot_server(**blob_settings(azurite, blob_container)) for _ in range(2)]
    chat, turn = TeamsChat(http), 0

    async def next_instance_says(step) -> list[dict]:
        nonlocal turn
        bot, turn = instances[turn % 2], turn + 1
        return await (chat.say(bot, step) if isinstance(step, str) else chat.click(bot, step))

    replies = await chat.added(instances[1])
    for step, asked_next in [
        (("welcome", "start"), "triage"),
        (SAYS_STREAM, "check_meeting_type"),  # typed on the triage card
        (("check_meeting_type", "meeting"), "check_meeting_role"),
        ("how long are recordings kept in AMS?", "check_meeting_role"),  # answered, then asked again
        (("check_meeting_role", "presenter"), "check_auth_type"),
        (("check_auth_type", "member"), "check_organizer_policy"),
        (("check_organizer_policy", "on"), "check_policy"),
        ("it's on", "check_storage_location"),  # a typed answer
        (("check_storage_location", "stream"), "check_stream_license"),
        ("yes", "check_stream_upload"),
        (("check_stream_upload", "allowed"), "check_stream_consent"),
        (("check_stream_consent", "not_required"), "check_stream_storage"),
        (("check_stream_storage", "no"), "diagnosis"),
    ]:
        replies = await next_instance_says(step if isinstance(step, str) else button(replies, *step))
        assert pending(replies) == asked_next, f"after {step}: {text_of(replies)}"

    ticket = {"reported": SAYS_STREAM, "upn": None, "reference": None, "status": "open", "topic": "start",
              "also": [], "noted": []}
    assert value_of(replies) == {"causes": ["stream_storage"], "checks": STREAM_PATH_CHECKS, "unverified": [],
                                 "state": "diagnosis", "provenance": STREAM_PATH_PROVENANCE, "ticket": ticket}
    resolved = await next_instance_says(button(replies, "diagnosis", "fixed"))
    assert value_of(resolved) == {"causes": ["stream_storage"], "checks": STREAM_PATH_CHECKS, "unverified": [],
                                  "state": "resolved", "provenance": STREAM_PATH_PROVENANCE,
                                  "ticket": {**ticket, "status": "resolved"}}


# --- 3. two messages at once ------------------------------------------------------------------------


@pytest.fixture(params=["blob", "sqlite"])
def shared_store(request, tmp_path, blob_container) -> dict[str, str]:
    """Settings for instances that share one store: a blob container, or one SQLite file on one host."""
    if request.param == "blob":
        return blob_settings(request.getfixturevalue("azurite"), blob_container)
    return {"BOT_STORAGE": "sqlite", "BOT_STATE_PATH": str(tmp_path / "state.db")}


async def test_two_messages_at_once_on_two_instances_never_lose_an_answer(sdk, bot_server, shared_store, http,
                                                                         try_again):
    """Each round, a card click reaches one instance while a typed "troubleshoot for <upn>" reaches the other.

    Both change the saved session (the click the step and the answers, the UPN the account), so
    whichever write silently replaced the other would show in the summary that follows. A reply
    asking to resend is allowed; an acknowledged answer missing from the session is not. The
    first round races to create a conversation that does not exist yet.
    """
    first, second = bot_server(**shared_store), bot_server(**shared_store)
    chat, asked, both_taken = TeamsChat(http), "welcome", 0
    for round_ in range(ROUNDS):
        clicker, typist = (first, second) if round_ % 2 else (second, first)
        answer = {"welcome": "start", "triage": "no_record_option"}.get(asked, ("meeting", "unsure")[round_ % 2])
        upn = f"user{round_}@contoso.com"
        clicked, typed = await asyncio.gather(chat.click(clicker, {"state": asked, "answer": answer}),
                                              chat.say(typist, f"troubleshoot for {upn}"))
        click_taken, upn_taken = texts(clicked) != try_again, texts(typed) != try_again
        assert not click_taken or pending(clicked) not in (asked, None), f"round {round_}: {text_of(clicked)}"
        assert not upn_taken or upn in text_of(typed), f"round {round_}: {text_of(typed)}"

        summary = await chat.say(clicker, "summary")
        saved = value_of(summary)
        assert saved["state"] == (pending(clicked) if click_taken else asked), \
            f"round {round_}: the click on {asked}/{answer} was lost: {saved}"
        if click_taken and asked == "check_meeting_type":
            assert saved["checks"] == {"check_meeting_type": answer}, f"round {round_}: {saved}"
        if upn_taken:
            assert upn in text_of(summary), f"round {round_}: {upn} was acknowledged, then lost"
        both_taken += click_taken and upn_taken

        asked = saved["state"]
        if asked == "check_meeting_role":  # undo the answer, so that next round asks it again
            asked = pending(await chat.say(typist, "back"))
            assert asked == "check_meeting_type"
    assert both_taken >= ROUNDS // 2, f"only {both_taken} of {ROUNDS} rounds kept both messages"


@pytest.mark.parametrize("kind", ["memory", "sqlite", "blob"])
async def test_every_store_creates_a_new_conversation_only_once(kind, tmp_path, blob_container, request):
    """What the host relies on for the first round above: a second "create" of one key is a conflict."""
    settings = Settings(storage=kind, state_path=tmp_path / "state.db", blob_container=blob_container,
                        blob_connection_string=request.getfixturevalue("azurite").connection_string
                        if kind == "blob" else "")
    store = await open_storage(settings)
    key = "msteams/conversations/a:1new"
    try:
        await store.write({key: {"session": "first", "e_tag": CREATE_ONLY}})
        with pytest.raises(StateConflictError):
            await store.write({key: {"session": "second", "e_tag": CREATE_ONLY}})
        saved = (await store.read([key]))[key]
        assert saved["session"] == "first" and saved["e_tag"] not in (None, "*", CREATE_ONLY)
        await store.write({key: dict(saved, session="next")})  # the e_tag read back works as any other
        assert (await store.read([key]))[key]["session"] == "next"
    finally:
        await store.close()


# --- 4. the store goes down --------------------------------------------------------------------------


async def test_while_blob_storage_is_down_the_user_is_asked_to_try_again_and_nothing_is_lost(
        sdk, bot_server, private_azurite, blob_container, http, try_again):
    bot = bot_server(**blob_settings(private_azurite, blob_container))
    chat = TeamsChat(http)
    card = await answer_the_first_two_questions(chat, bot)
    presenter = button(card, "check_meeting_role", "presenter")

    private_azurite.stop()
    assert texts(await chat.click(bot, presenter)) == try_again  # and HTTP 200: TeamsChat checks it
    assert bot.ready() == (503, {"status": "unavailable", "reason": "storage_unavailable", "storage": "blob"})
    assert bot.health()[0] == 200  # alive: restarting it would not bring the store back
    assert bot.running

    private_azurite.start()  # same port, same data folder
    wait_for_ready(bot, 200)
    moved_on = await chat.click(bot, presenter)
    assert pending(moved_on) == "check_auth_type"
    assert value_of(await chat.say(bot, "summary"))["checks"] == BOTH_ANSWERS


async def test_while_the_database_is_locked_the_user_is_asked_to_try_again_and_nothing_is_lost(
        sdk, bot_server, lock_database, tmp_path, http, try_again):
    """The bot waits its busy timeout (5 s) for the lock, then answers; it never hangs."""
    path = tmp_path / "state.db"
    bot = bot_server(BOT_STORAGE="sqlite", BOT_STATE_PATH=str(path))
    chat = TeamsChat(http)
    card = await answer_the_first_two_questions(chat, bot)
    presenter = button(card, "check_meeting_role", "presenter")

    other = lock_database(path)
    assert texts(await chat.click(bot, presenter)) == try_again
    assert bot.ready() == (503, {"status": "unavailable", "reason": "storage_unavailable", "storage": "sqlite"})

    other.execute("ROLLBACK")
    wait_for_ready(bot, 200)
    moved_on = await chat.click(bot, presenter)
    assert pending(moved_on) == "check_auth_type"
    assert value_of(await chat.say(bot, "summary"))["checks"] == BOTH_ANSWERS


# --- 5. the state file changed under the running bot -------------------------------------------------------


async def test_a_backup_restored_under_the_running_bot_is_served_and_survives_its_sigterm(bot_server, http, tmp_path):
    """The admin renames a copy of last night's backup over BOT_STATE_PATH while the bot serves, then restarts it."""
    path = tmp_path / "state.db"
    bot = bot_server(BOT_STORAGE="sqlite", BOT_STATE_PATH=str(path))
    before, after = TeamsChat(http), TeamsChat(http)
    await answer_the_first_two_questions(before, bot)
    with sqlite3.connect(path) as live, sqlite3.connect(tmp_path / "backup.db") as backup:
        live.backup(backup)
    await answer_the_first_two_questions(after, bot)  # not in the backup

    shutil.copy(tmp_path / "backup.db", tmp_path / "restoring.db")
    os.replace(tmp_path / "restoring.db", path)
    assert value_of(await before.say(bot, "summary"))["state"] == "check_meeting_role"
    assert value_of(await after.say(bot, "summary"))["checks"] == {}, "served from the file the backup replaced"
    bot.process.send_signal(signal.SIGTERM)
    assert bot.process.wait(timeout=30) == 0

    with sqlite3.connect(path) as restored:
        assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    bot.start()
    assert value_of(await before.say(bot, "summary"))["checks"] == {"check_meeting_type": "meeting"}
    assert value_of(await after.say(bot, "summary"))["checks"] == {}


async def test_a_deleted_wal_then_a_crash_loses_no_answer(bot_server, http, tmp_path):
    path = tmp_path / "state.db"
    bot = bot_server(BOT_STORAGE="sqlite", BOT_STATE_PATH=str(path))
    chat = TeamsChat(http)
    card = await answer_the_first_two_questions(chat, bot)
    os.unlink(f"{path}-wal")  # a clean-up script that thought it a temporary file
    assert pending(await chat.click(bot, button(card, "check_meeting_role", "presenter"))) == "check_auth_type"

    bot.kill()
    bot.start()
    assert value_of(await chat.say(bot, "summary"))["checks"] == BOTH_ANSWERS
