"""Who can start a meeting recording, as the guide's "Review audio and video policies" states it.

Two conditions, both from the guide: "Allow cloud recording" must be on for the
meeting's organizer (a per-organizer policy) and for the participant who starts
the recording (a per-user policy), and that participant must be an
authenticated user of the organizer's organization. Each reason names the
knowledge entries that say so, so answers can quote and cite them.

Today's rules, from the updates document, come on top (:func:`verdict_for_answers`):
attendees can't record, declining explicit recording consent makes a participant
view-only, calls follow the calling policy and town halls and webinars the events
policy. None of them changes the guide's verdict for its own example.
"""
from __future__ import annotations

from dataclasses import dataclass

JOIN_KINDS = ("member", "guest", "federated", "anonymous")

# reason code -> the entries of the guide that justify it
EVIDENCE: dict[str, tuple[str, ...]] = {
    "organizer_policy_off": ("review-audio-and-video-policies/paragraph-3",
                             "review-audio-and-video-policies/paragraph-6"),
    "organizer_policy_unknown": ("review-audio-and-video-policies/paragraph-3",),
    "recorder_policy_off": ("review-audio-and-video-policies/list-2.1",
                            "review-audio-and-video-policies/paragraph-3"),
    "recorder_policy_unknown": ("review-audio-and-video-policies/list-2.1",),
    "recorder_not_member": ("review-audio-and-video-policies/list-2.2",
                            "review-audio-and-video-policies/callout-2"),
    "requirements_met": ("review-audio-and-video-policies/list-2",),
    "recorder_is_attendee": ("attendees-cant-start-a-recording/paragraph-1",),
    "consent_declined": ("explicit-recording-consent-makes-some-people-view-only/paragraph-1",),
    "calling_policy_off": ("calls-follow-the-calling-policy/paragraph-1",),
    "calling_policy_unknown": ("calls-follow-the-calling-policy/paragraph-1",),
    "events_policy_off": ("town-halls-and-webinars-follow-the-events-policy/paragraph-1",),
    "events_policy_unknown": ("town-halls-and-webinars-follow-the-events-policy/paragraph-1",),
}
KINDS = ("meeting", "call", "event")


@dataclass(frozen=True)
class Participant:
    """Someone in a meeting; ``allow_cloud_recording`` is None when unknown or not applicable."""

    name: str
    allow_cloud_recording: bool | None = None
    joins_as: str = "member"
    policy: str | None = None

    def __post_init__(self):
        if self.joins_as not in JOIN_KINDS:
            raise ValueError(f"joins_as must be one of {', '.join(JOIN_KINDS)}, not {self.joins_as!r}")


@dataclass(frozen=True)
class Reason:
    code: str
    entries: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    """``allowed`` is True or False when the guide decides it, None when a setting is unknown."""

    allowed: bool | None
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    @property
    def entries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e for r in self.reasons for e in r.entries))


def can_start_recording(organizer: Participant, recorder: Participant) -> Verdict:
    """Can ``recorder`` start recording a meeting that ``organizer`` organized?"""
    same_person = organizer == recorder
    blocking: list[str] = []
    unknown: list[str] = []
    if recorder.joins_as != "member":
        blocking.append("recorder_not_member")
    if not same_person:
        _judge(organizer.allow_cloud_recording, "organizer_policy", blocking, unknown)
    if recorder.joins_as == "member":
        _judge(recorder.allow_cloud_recording, "recorder_policy", blocking, unknown)
    return _verdict(blocking, unknown)


def verdict_for_answers(organizer_allows: bool | None, recorder_allows: bool | None,
                        joins_as: str = "member", recorder_is_organizer: bool = False, *,
                        kind: str = "meeting", role: str | None = None, consent: str | None = None,
                        calls_allowed: bool | None = None, events_allowed: bool | None = None) -> Verdict:
    """The guide's rule and today's, from a troubleshooting session's answers rather than named people.

    Args:
        kind: ``meeting``, ``call`` (1:1 or group) or ``event`` (town hall, webinar).
        role: the recorder's role in the meeting (``attendee`` can't record), None when unknown.
        consent: ``declined`` when the recorder declined explicit recording consent.
        calls_allowed, events_allowed: the calling policy's and the events policy's recording setting.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "call":  # the calling policy, and the meeting policy, which covers group calls
        blocking, unknown = [], []  # type: list[str], list[str]
        _judge(calls_allowed, "calling_policy", blocking, unknown)
        if recorder_allows is False:
            blocking.append("recorder_policy_off")
        return _verdict(blocking, unknown)
    today = ["recorder_is_attendee"] if role == "attendee" else []
    if kind == "meeting" and consent == "declined":
        today.append("consent_declined")
    if kind == "event":
        blocking, unknown = today + (["recorder_not_member"] if joins_as != "member" else []), []
        _judge(events_allowed, "events_policy", blocking, unknown)
        return _verdict(blocking, unknown)
    recorder = Participant("recorder", recorder_allows, joins_as)
    organizer = recorder if recorder_is_organizer else Participant("organizer", organizer_allows)
    guide = can_start_recording(organizer, recorder)
    if not today:
        return guide
    return _verdict(today + (list(guide.codes) if guide.allowed is False else []), [])


def _verdict(blocking: list[str], unknown: list[str]) -> Verdict:
    codes = blocking or unknown or ["requirements_met"]
    allowed = False if blocking else (None if unknown else True)
    return Verdict(allowed, tuple(Reason(code, EVIDENCE[code]) for code in codes))


def _judge(setting: bool | None, who: str, blocking: list, unknown: list) -> None:
    if setting is False:
        blocking.append(f"{who}_off")
    elif setting is None:
        unknown.append(f"{who}_unknown")
