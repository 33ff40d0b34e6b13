"""A group chat and a team channel in the Agents Playground: the bot answers when @mentioned.

In a channel the welcome is a post of its own, and the conversation goes on in its thread.
"""
from __future__ import annotations

import pytest

from tests.e2e.client import Step, TeamsClient
from tests.e2e.conftest import SHOTS, bot_and_playground

BOT_NAME = "Test Bot"  # what the Playground calls the bot in its @mention list

GROUP_CHAT = [
    Step(type="I'm a guest and can't record", mention=False),  # not @mentioned: not for the bot
    Step(type="summary", expect="Recording troubleshooting ticket"),
    Step(type="I'm a guest and can't record", expect="Did that fix it?"),
]

# Today's checks in a group chat: a group call follows the calling policy, not the meeting policies.
GROUP_CALL = [
    Step(type="restart", expect="What goes wrong?"),
    Step(click="I can't start a recording", expect="What are you trying to record?"),
    Step(click="A 1:1 or group call", expect="Cloud recording for calling"),
    Step(click="No, it's off", expect="Did that fix it?"),
]

CHANNEL_THREAD = [
    Step(type="I'm a guest and can't record", expect="Did that fix it?"),
    Step(click="Yes, it's fixed", expect="Glad that's sorted"),
]


@pytest.fixture(scope="module")
def group_started(tmp_path_factory):
    """One bot and one Playground for the group chat's tests; yields ``[(bot, playground)]`` and the URL."""
    started: list = []
    with bot_and_playground(tmp_path_factory.mktemp("group"), started=started) as url:
        yield started, url


@pytest.fixture(autouse=True)
def logs_on_failure(request):
    """A failed test of the shared bot prints what it and the Playground logged last, as ``playground`` does."""
    yield
    report = getattr(request.node, "report_call", None)
    started = request.getfixturevalue("group_started")[0] if "group_started" in request.fixturenames else []
    if report is not None and report.failed:
        for bot, client in started:
            print(f"--- the bot's last lines:\n{bot.tail(40)}\n--- the Playground's last lines:\n{client.tail(40)}")


@pytest.fixture(scope="module")
def module_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def teams(module_page, group_started) -> TeamsClient:
    client = TeamsClient(module_page, SHOTS / "group-and-channel", mention=BOT_NAME)
    client.block_outside_requests()
    client.open(group_started[1], chat=None)
    return client


def test_a_group_chat_answers_only_when_the_bot_is_mentioned(teams):
    teams.switch_to("Group Chat")
    teams.wait_for("Start troubleshooting")
    teams.run(GROUP_CHAT, "group")
    assert teams.count("Did that fix it?") == 1  # the message without @mention got no answer
    assert teams.problems() == [] and teams.overflowing_buttons() == []


def test_a_group_chat_recording_a_call_is_told_about_the_calling_policy(teams):
    teams.switch_to("Group Chat")
    teams.wait_for("Start troubleshooting")
    teams.run(GROUP_CALL, "group-call")
    assert teams.count("Cause: Cloud recording for calling is off in your calling policy.") == 1
    assert teams.card_buttons("What are you trying to record?") == [
        "A meeting", "A 1:1 or group call", "A town hall or webinar", "I'm not sure"]
    assert teams.problems() == [] and teams.overflowing_buttons() == []


def test_a_channel_welcome_is_a_post_and_the_conversation_stays_in_its_thread(playground, page):
    """A bot and a Playground of its own (with their logs if it fails): once, in CI, the welcome never came
    after the group chat's tests on the shared pair, and nothing said which side had dropped it."""
    teams = TeamsClient(page, SHOTS / "channel", mention=BOT_NAME)
    teams.block_outside_requests()
    teams.open(playground(), chat="My Team - General")
    teams.wait_for("Start troubleshooting")
    teams.run(CHANNEL_THREAD, "channel")
    thread = teams.thread_of("Start troubleshooting")
    for text in ("I'm a guest and can't record", "Did that fix it?", "Glad that's sorted"):
        assert thread.get_by_text(text).count() >= 1, f"{text!r} is not in the welcome post's thread"
    assert teams.problems() == [] and teams.overflowing_buttons() == []
