"""Who can start a meeting recording, as the guide's "Review audio and video policies" states it.

Two conditions, both from the guide: "Allow cloud recording" must be on for the
meeting's organizer (a per-organizer policy) and for the participant who starts
the recording (a per-user policy), and that participant must be an
authenticated user of the organizer's organization. Each reason names the
knowledge entries that say so, so answers can quote and cite them.
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
}


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
    blocking, unknown = [], []
    if recorder.joins_as != "member":
        blocking.append("recorder_not_member")
    if not same_person:
        _judge(organizer.allow_cloud_recording, "organizer_policy", blocking, unknown)
    if recorder.joins_as == "member":
        _judge(recorder.allow_cloud_recording, "recorder_policy", blocking, unknown)
    codes = blocking or unknown or ["requirements_met"]
    allowed = False if blocking else (None if unknown else True)
    return Verdict(allowed, tuple(Reason(code, EVIDENCE[code]) for code in codes))


def verdict_for_answers(organizer_allows: bool | None, recorder_allows: bool | None,
                        joins_as: str = "member", recorder_is_organizer: bool = False) -> Verdict:
    """The same rule from a troubleshooting session's answers rather than named people."""
    recorder = Participant("recorder", recorder_allows, joins_as)
    organizer = recorder if recorder_is_organizer else Participant("organizer", organizer_allows)
    return can_start_recording(organizer, recorder)


def _judge(setting: bool | None, who: str, blocking: list, unknown: list) -> None:
    if setting is False:
        blocking.append(f"{who}_off")
    elif setting is None:
        unknown.append(f"{who}_unknown")
