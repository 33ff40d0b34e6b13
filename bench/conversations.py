"""The conversations the benchmark drives: scripts of user turns, and the Teams activities that carry them.

A script is what one user does in one troubleshooting conversation: an
opening, card clicks, typed answers and free-text questions. Clicks name the
button by the question it belongs to and the answer id; against our bot the
driver sends the ``data`` of that button as found in the card it last
received (what Teams does), so a script that no longer matches the flow fails
loudly instead of measuring something else. The baselines understand none of
it, but get activities of the same shapes and sizes, turn for turn.
"""
from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

TEAMS_SERVICE_URL = "https://smba.trafficmanager.net/amer/"
TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
BOT = {"id": "28:5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", "name": "Recording Troubleshooter"}
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


@dataclass(frozen=True)
class Step:
    """One user turn. ``kind`` is opening, click, typed or question (typed and question are both text)."""

    kind: str
    text: str = ""
    state: str = ""
    answer: str = ""

    @property
    def is_click(self) -> bool:
        return self.kind == "click"


def opening(text: str) -> Step:
    return Step("opening", text=text)


def click(state: str, answer: str) -> Step:
    return Step("click", state=state, answer=answer)


def typed(text: str) -> Step:
    return Step("typed", text=text)


def question(text: str) -> Step:
    return Step("question", text=text)


@dataclass(frozen=True)
class Script:
    """A conversation, and the state our bot must be in after its last turn."""

    name: str
    steps: tuple[Step, ...]
    end: str

    @property
    def turns(self) -> int:
        return len(self.steps)


SCRIPTS: tuple[Script, ...] = (
    Script("organizer whose own policy is off, fixed", (
        opening("I can't record my meetings"),
        question("how long are recordings kept in AMS?"),
        click("check_meeting_role", "organizer"),
        typed("with my work account"),
        typed("not sure"),
        click("run_diagnostic", "user_not_enabled"),
        click("diagnosis", "fixed"),
    ), end="resolved"),
    Script("guest, then every other check, escalated", (
        opening("I'm a guest and can't record"),
        click("diagnosis", "not_fixed"),
        click("check_meeting_type", "meeting"),
        click("check_organizer", "me"),  # (a guest's role is never asked: no role lets one record)
        question("why does the organizer's policy matter?"),
        click("check_policy", "on"),
        typed("everything passed"),
        typed("summary"),
    ), end="escalate"),
    Script("recording vanished after three weeks", (
        opening("my recording vanished after three weeks"),
        question("where do meeting recordings get saved?"),
        click("offer", "onedrive_check"),
        click("check_onedrive", "full"),
        question("do whiteboards get recorded?"),
        click("diagnosis", "fixed"),
    ), end="resolved"),
    Script("the whole Stream path from the welcome card", (
        click("welcome", "start"),
        typed("no record button in our town hall, and we record to Stream"),
        typed("it's on"),
        click("check_storage_location", "stream"),
        typed("yes"),
        click("check_stream_upload", "allowed"),
        click("check_stream_consent", "not_required"),
        click("check_stream_storage", "no"),
        click("diagnosis", "fixed"),
    ), end="resolved"),
)


def script_for(index: int, scripts: tuple[Script, ...] = SCRIPTS) -> Script:
    """Conversations take the scripts in turn, so any run of N mixes them evenly."""
    return scripts[index % len(scripts)]


class Conversation:
    """One simulated user in one personal chat with the bot: the ids Teams would send, unique per run."""

    _serial = itertools.count(1)

    def __init__(self, run_id: str, service_url: str = TEAMS_SERVICE_URL):
        n = next(self._serial)
        self.id = f"a:1bench{run_id}{n:07d}"
        self.service_url = service_url
        aad = str(uuid.uuid4())
        self.user = {"id": f"29:1bench{run_id}{n:07d}", "aadObjectId": aad, "name": f"Bench User {n}"}
        self.turn = 0

    def activity(self, step: Step, value: dict | None = None, reply_to: str | None = None,
                 delivery_mode: str | None = "expectReplies") -> dict:
        """A message activity as Teams posts it for this step; a click carries the button's data as ``value``."""
        self.turn += 1
        activity = {
            "type": "message",
            "id": f"1{self.turn:03d}{self.id[-10:]}",
            "timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": self.user,
            "recipient": BOT,
            "conversation": {"id": self.id, "conversationType": "personal", "tenantId": TENANT_ID},
            "channelData": {"tenant": {"id": TENANT_ID}},
            "text": "" if step.is_click else step.text,
            "textFormat": "plain",
            "locale": "en-US",
        }
        if step.is_click:
            activity["value"] = value if value is not None else {"state": step.state, "answer": step.answer}
            activity["replyToId"] = reply_to or f"1{self.turn:03d}{self.id[-10:]}"
        if delivery_mode:
            activity["deliveryMode"] = delivery_mode
        return activity


def card_actions(activities: list[dict]) -> list[dict]:
    """The ``data`` of every Action.Submit in the Adaptive Cards of these replies, last card first."""
    found = []
    for activity in reversed(activities):
        for attachment in activity.get("attachments") or ():
            if attachment.get("contentType") != ADAPTIVE_CARD:
                continue
            for action in (attachment.get("content") or {}).get("actions") or ():
                if action.get("type") == "Action.Submit" and isinstance(action.get("data"), dict):
                    found.append(action["data"])
    return found


def find_button(actions: list[dict], step: Step) -> dict | None:
    """The button a user would click for this step: same question and answer, else the same answer."""
    for data in actions:
        if data.get("state") == step.state and data.get("answer") == step.answer:
            return data
    for data in actions:
        if data.get("answer") == step.answer:
            return data
    return None


def state_after(activities: list[dict]) -> str | None:
    """Where the bot says the conversation is: an outcome's ``value.state``, else the state its card asks about."""
    for activity in reversed(activities):
        value = activity.get("value")
        if isinstance(value, dict) and isinstance(value.get("state"), str):
            return value["state"]
    for data in card_actions(activities):
        if isinstance(data.get("state"), str):
            return data["state"]
    return None


if __name__ == "__main__":  # python -m bench.conversations: how well whole conversations go
    from bench.dialogue_quality import main

    raise SystemExit(main())
