"""The troubleshooting conversation, declared as data.

States, choices, transitions and the knowledge each step rests on live here and
nowhere else; :mod:`dialogs.engine` builds one ``transitions`` machine from them
and attaches a session to it for each turn. Behaviour lives in the named
conditions and callbacks of :class:`dialogs.session.Session`.

The engine appends every answer to the session's trail before it fires the
answer's trigger, so conditions already see it. ``NEXT`` as a destination means "the next check this session
still needs"
(see ``Session.next_check``): it expands into one conditional transition per
candidate, so the machine, the diagram and the tests all see every edge.
"""
from __future__ import annotations

NEXT = "<next check>"

CHECKS = (
    "check_meeting_type",
    "check_meeting_role",
    "check_organizer",
    "check_auth_type",
    "check_consent",
    "check_calling_policy",
    "check_events_policy",
    "check_organizer_policy",
    "check_policy",
    "check_storage_location",
    "check_onedrive",
    "check_stream_license",
    "check_stream_upload",
    "check_stream_consent",
    "check_stream_storage",
    "run_diagnostic",
)
"""The order of the checks, which is the order they are asked in.

Cheapest and most common first, and each answer settles what it can for the rest:

1. ``check_meeting_type``: anyone knows whether it is a meeting, a call or a town hall or
   webinar, and the answer decides which policy governs recording at all (Microsoft's
   current troubleshooting page asks it first). A call has no organizer's meeting policy, no
   roles, no joining from outside and no consent prompt; an event has the events policy
   instead of the meeting policies.
2. ``check_meeting_role``: the person can see their own role in the meeting, and an
   attendee is today's most common reason, told at once with no admin and no policy check.
   A presenter is told the organizer may have limited recording, then the checks go on.
3. ``check_organizer``: asked only when the role is unknown (a role says who organized).
4. ``check_auth_type``: the person knows which account they joined with; a guest,
   federated or anonymous participant can't record, whatever any policy says.
5. ``check_consent``: the person saw (or didn't see) the prompt to agree to recording;
   declining it makes them view-only. Meetings only: the setting is a meeting policy's.
6. The policy that governs this kind of recording, which only an admin can see:
   ``check_calling_policy`` for calls, ``check_events_policy`` for town halls and webinars,
   and for meetings the guide's two checks, ``check_organizer_policy`` (skipped when the
   person organizes the meeting) then ``check_policy`` (also asked for calls, because the
   meeting policy covers group calls; not for a call the person says is 1:1).
7. ``check_storage_location``: where recordings go. Only "Microsoft Stream (Classic)"
   leads to the guide's four Stream checks, after the update that new recordings have gone
   to OneDrive and SharePoint since 2021; anything else leads to ``check_onedrive``, the
   organizer's (for calls the recorder's) OneDrive and its space.
8. ``run_diagnostic``, always last: it needs an admin and tests the account as a whole.

When a first message goes straight to a later check ("I'm a guest and can't record"), the
flow goes on forward from there and comes back for the checks it skipped; a check that
matters only for some kinds of recording waits until the kind is known, so then
``check_meeting_type`` comes first.

``unsure`` never blocks: the check is marked unverified and the next one comes. An unsure
meeting type is treated as a meeting, the most common case. The guide's own cases (Alex,
Adele, Bianca) come out as the guide says whatever is answered before them, because nothing
asked earlier changes the two policies and the join rule they rest on.
"""
STREAM_CHECKS = ("check_stream_license", "check_stream_upload", "check_stream_consent", "check_stream_storage")

KIND_CHECK = "check_meeting_type"
# The kinds of recording (check_meeting_type's answers) each check matters for; a check not
# listed matters for every kind. An unsure kind counts as a meeting.
KINDS: dict[str, tuple[str, ...]] = {
    "check_meeting_role": ("meeting", "event"),
    "check_organizer": ("meeting", "event"),
    "check_auth_type": ("meeting", "event"),
    "check_consent": ("meeting",),
    "check_calling_policy": ("call",),
    "check_events_policy": ("event",),
    "check_organizer_policy": ("meeting",),
    "check_policy": ("meeting", "call"),
}
UNSURE_KIND = "meeting"
# Of the checks that matter for calls, those that matter only for group calls: the meeting policy covers
# meetings and group calls, the calling policy 1:1 calls (the updates' "Calls follow the calling policy").
# A doubt at a question that offers no "I'm not sure" ("no idea", at "Who organized the meeting?"): the answer it
# most likely means, said as such (the template's `unsure` block). Whoever set a meeting up knows it.
UNSURE_MEANS: dict[str, str] = {"check_organizer": "someone_else"}
# Not asked once the person has said the call is one of two people.
ONLY_GROUP_CALLS = ("check_policy",)
# Guesses about the person and the meeting, which the person knows best, stand when talked past; a setting guessed
# ("on i think") waits for its yes, since a setting is what may be the cause.
GUESSES_THAT_STAND = ("check_meeting_type", "check_meeting_role", "check_organizer", "check_auth_type")
# check -> {other check: the answers to it that make this one moot}. A moot check is not asked,
# and an answer already given to it no longer counts as a finding.
MOOT_WHEN: dict[str, dict[str, tuple[str, ...]]] = {
    "check_organizer": {"check_meeting_role": ("organizer", "co_organizer", "presenter", "attendee")},
    "check_organizer_policy": {"check_organizer": ("me",), "check_meeting_role": ("organizer",)},
    "check_onedrive": {"check_storage_location": ("stream",)},
    # someone from outside the organizer's organization can't start a recording in any role
    "check_meeting_role": {"check_auth_type": ("guest", "federated", "anonymous")},
    **{check: {"check_storage_location": ("onedrive",)} for check in STREAM_CHECKS},
}
# Asked only once the person says recordings go to Stream, or starts from a Stream question: an
# unsure storage location leads to OneDrive, where every new recording has gone since 2021.
ASKED_FOR_STREAM_ONLY = STREAM_CHECKS

# What the person reported decides which checks can matter at all (DESIGN.md: "a check is asked only
# when it can still matter for what the person reported"). Someone who can't start a recording is never
# asked about the consent prompt, which appears only once a recording runs, nor about the organizer's
# OneDrive, which only decides where a finished recording goes; someone whose recording is missing,
# expired or can't be opened is never asked what they are trying to record.
# A question answered, or one the guide doesn't cover: nothing it says fails (until the guided check is asked for)
QUESTION_SYMPTOM = "question"
SYMPTOM_OF_TOPIC: dict[str, str] = {
    "recording_consent": "view_only",
    "storage_location": "recording_missing", "ams_expiry": "recording_missing", "onedrive_storage": "recording_missing",
    "not_captured": "content",
    "other": QUESTION_SYMPTOM,
}
DEFAULT_SYMPTOM = "cant_start"  # a generic "I can't record", and every topic not listed above


def symptom_of(topic: str | None) -> str:
    """What the person sees go wrong, for a topic: a recording that won't start, one gone missing, view-only..."""
    return SYMPTOM_OF_TOPIC.get(topic or "", DEFAULT_SYMPTOM)


POLICIES = ("check_calling_policy", "check_events_policy", "check_organizer_policy", "check_policy")
SYMPTOM_CHECKS: dict[str, tuple[str, ...]] = {
    "cant_start": tuple(c for c in CHECKS if c not in ("check_consent", "check_onedrive")),
    "view_only": ("check_meeting_type", "check_consent"),
    "recording_missing": ("check_storage_location", "check_onedrive", *STREAM_CHECKS),
    "content": (),
    # a policy found off stops recording whatever was asked; a role or an account said in passing answers nothing
    QUESTION_SYMPTOM: POLICIES,
}
# Asked only when something points to Stream (Classic), retired in 2024: a Stream topic, the word
# "Stream" in a message, or an earlier answer about it.
ASKED_WHEN_STREAM_MENTIONED = ("check_storage_location",)

# state -> its choice ids, in button order (words for them live in the templates)
CHOICES: dict[str, tuple[str, ...]] = {
    "welcome": ("start",),
    "triage": ("no_record_option", "cant_find_recording", "recording_deleted", "missing_content", "other"),
    # "Is it one of these?": a first message the triage was unsure about; the buttons are its candidates
    # (saved in the session) and "Something else" (``other``). Defined below from TOPICS.
    "clarify": (),
    "check_meeting_type": ("meeting", "call", "event", "unsure"),
    "check_meeting_role": ("organizer", "co_organizer", "presenter", "attendee", "unsure"),
    "check_organizer": ("me", "someone_else"),
    "check_auth_type": ("member", "guest", "federated", "anonymous", "unsure"),
    "check_consent": ("agreed", "declined", "not_asked", "unsure"),
    "check_calling_policy": ("on", "off", "unsure"),
    "check_events_policy": ("on", "off", "unsure"),
    "check_organizer_policy": ("on", "off", "unsure"),
    "check_policy": ("on", "off", "unsure"),
    "check_storage_location": ("onedrive", "stream", "unsure"),
    "check_onedrive": ("yes", "no", "full", "unsure"),
    "check_stream_license": ("yes", "no", "unsure"),
    "check_stream_upload": ("allowed", "restricted", "unsure"),
    "check_stream_consent": ("yes", "no", "not_required", "unsure"),
    "check_stream_storage": ("yes", "no", "unsure"),
    "run_diagnostic": ("teams_license", "tenant_config", "user_not_enabled", "all_passed"),
    "diagnosis": ("fixed", "not_fixed"),
    "offer": ("onedrive_check", "start_check", "diagnostic", "escalate", "done"),
    "resolved": ("restart",),
    "escalate": ("restart",),
}
STATES = tuple(CHOICES)
END_STATES = ("resolved", "escalate")

# (state, answer) -> the cause it proves. Causes are topic ids, except the two
# the diagnostic alone reports.
FINDINGS: dict[tuple[str, str], str] = {
    ("triage", "missing_content"): "not_captured",
    ("check_meeting_role", "attendee"): "meeting_role",
    ("check_auth_type", "guest"): "auth_external",
    ("check_auth_type", "federated"): "auth_external",
    ("check_auth_type", "anonymous"): "auth_external",
    ("check_consent", "declined"): "recording_consent",
    ("check_calling_policy", "off"): "calls_policy",
    ("check_events_policy", "off"): "events_policy",
    ("check_organizer_policy", "off"): "policy_organizer",
    ("check_policy", "off"): "policy_user",
    ("check_onedrive", "no"): "onedrive_storage",
    ("check_onedrive", "full"): "onedrive_storage",
    ("check_stream_license", "no"): "stream_license",
    ("check_stream_upload", "restricted"): "stream_upload",
    ("check_stream_consent", "no"): "stream_consent",
    ("check_stream_storage", "no"): "stream_storage",
    ("run_diagnostic", "teams_license"): "teams_license",
    ("run_diagnostic", "tenant_config"): "tenant_config",
    ("run_diagnostic", "user_not_enabled"): "policy_user",
}
CAUSES = tuple(dict.fromkeys(FINDINGS.values()))
# An answer that proves a cause only with a fact told beside it: (state, answer) -> (the flag, the cause). A
# presenter can't record where the organizer's "Who can record and transcribe" leaves presenters out.
FLAGGED_FINDINGS: dict[tuple[str, str], tuple[str, str]] = {
    ("check_meeting_role", "presenter"): ("presenters_left_out", "meeting_role"),
}

# Causes whose fix is a policy change, which takes hours to reach people (a fix made is no verdict yet).
SLOW_FIXES = ("policy_user", "policy_organizer", "calls_policy", "events_policy")

# Pairs of answers that can't both be true: (check, its answers, other check, its answers).
# Whichever was answered later is reported as contradicting the earlier one.
CONTRADICTIONS: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...]], ...] = (
    ("check_policy", ("on",), "run_diagnostic", ("user_not_enabled",)),
    ("check_policy", ("off",), "run_diagnostic", ("all_passed",)),
    ("check_meeting_role", ("organizer",), "check_organizer", ("someone_else",)),
    ("check_meeting_role", ("co_organizer", "presenter", "attendee"), "check_organizer", ("me",)),
)

# Topics of a first free-text message (see dialogs.understand.triage).
TOPICS = ("start", "policy_organizer", "policy_user", "auth_external", "stream_license", "stream_upload",
          "stream_consent", "stream_storage", "storage_location", "ams_expiry", "not_captured",
          "run_diagnostic", "meeting_role", "calls_policy", "events_policy", "recording_consent",
          "onedrive_storage", "other")
CHOICES["clarify"] = TOPICS
# A cause topic jumps to its check; an informational topic is answered, then the check is offered.
TOPIC_CHECK: dict[str, str] = {
    "start": CHECKS[0],
    "policy_organizer": "check_organizer_policy",
    "policy_user": "check_policy",
    "auth_external": "check_auth_type",
    "stream_license": "check_stream_license",
    "stream_upload": "check_stream_upload",
    "stream_consent": "check_stream_consent",
    "stream_storage": "check_stream_storage",
    "meeting_role": "check_meeting_role",
    "calls_policy": "check_calling_policy",
    "events_policy": "check_events_policy",
    "recording_consent": "check_consent",
    "onedrive_storage": "check_onedrive",
}
INFO_TOPICS = ("storage_location", "ams_expiry", "not_captured", "run_diagnostic", "other")
# What the bot offers after answering an informational topic, by choice id of `offer`.
# A lost or vanished recording leads to the organizer's OneDrive, where recordings go today.
TOPIC_OFFERS: dict[str, tuple[str, ...]] = {
    "storage_location": ("onedrive_check", "escalate", "done"),
    "ams_expiry": ("onedrive_check", "escalate", "done"),
    "not_captured": ("start_check", "escalate", "done"),
    "run_diagnostic": ("diagnostic", "start_check", "done"),
    "other": ("start_check", "escalate", "done"),
}
# Triage-card choices that are answered like an informational topic.
TRIAGE_TOPIC = {"cant_find_recording": "storage_location", "recording_deleted": "ams_expiry",
                "missing_content": "not_captured", "other": "other"}


def T(trigger, source, dest, **extra) -> list[dict]:
    """One row of the table; several triggers or sources make several rows."""
    triggers = [trigger] if isinstance(trigger, str) else trigger
    sources = [source] if isinstance(source, str) else source
    return [{"trigger": t, "source": s, "dest": dest, **extra} for t in triggers for s in sources]


TABLE: list[dict] = [
    *T("start", "welcome", "triage"),
    # What goes wrong
    *T("no_record_option", "triage", NEXT),
    *T("missing_content", "triage", "diagnosis"),
    *T(["cant_find_recording", "recording_deleted", "other"], "triage", "offer"),
    # What is recorded, the recorder's role, who organized, how the recorder joins, consent
    *T(["meeting", "call", "event"], "check_meeting_type", NEXT),
    *T("presenter", "check_meeting_role", "diagnosis", conditions="presenters_left_out"),
    *T(["organizer", "co_organizer", "presenter"], "check_meeting_role", NEXT),
    *T("attendee", "check_meeting_role", "diagnosis"),
    *T(["me", "someone_else"], "check_organizer", NEXT),
    *T("member", "check_auth_type", NEXT),
    *T(["guest", "federated", "anonymous"], "check_auth_type", "diagnosis"),
    *T(["agreed", "not_asked"], "check_consent", NEXT),
    *T("declined", "check_consent", "diagnosis"),
    # The policy that governs this kind of recording
    *T("on", POLICIES, NEXT),
    *T("off", POLICIES, "diagnosis"),
    # Where recordings go: OneDrive and its space, or the Stream requirements
    *T(["onedrive", "stream"], "check_storage_location", NEXT),
    *T("yes", "check_onedrive", NEXT),
    *T(["no", "full"], "check_onedrive", "diagnosis"),
    *T("yes", ["check_stream_license", "check_stream_consent", "check_stream_storage"], NEXT),
    *T("not_required", "check_stream_consent", NEXT),
    *T("allowed", "check_stream_upload", NEXT),
    *T("no", ["check_stream_license", "check_stream_consent", "check_stream_storage"], "diagnosis"),
    *T("restricted", "check_stream_upload", "diagnosis"),
    # `unsure` never blocks: the check is marked unverified and the flow moves on
    *T("unsure", [s for s in CHOICES if "unsure" in CHOICES[s]], NEXT),
    # The diagnostic, and what it reports
    *T(["teams_license", "tenant_config", "user_not_enabled"], "run_diagnostic", "diagnosis"),
    *T("all_passed", "run_diagnostic", "escalate"),
    *T("fixed", "diagnosis", "resolved"),
    *T("not_fixed", "diagnosis", NEXT),
    # After an informational answer
    *T("start_check", "offer", NEXT),
    *T("onedrive_check", "offer", "check_onedrive"),
    *T("diagnostic", "offer", "run_diagnostic"),
    *T("escalate", "offer", "escalate"),
    *T("done", "offer", "resolved"),
    # Jumps made by triage of a first message, and global commands (fallbacks from anywhere)
    *[row for state in STATES for row in T(f"jump_{state}", "*", state)],
    *T("restart", "*", "triage"),
]

# The check each of "What next?"'s buttons runs ("onedrive_check": check_onedrive)
CHECK_OF_OFFER = {t["trigger"]: t["dest"] for t in TABLE if t["source"] == "offer" and t["dest"] in CHECKS}

# Which knowledge entries explain why a question matters (the `why` command).
WHY: dict[str, tuple[str, ...]] = {
    "triage": ("troubleshoot-meeting-recording/paragraph-1",),
    "clarify": ("troubleshoot-meeting-recording/paragraph-1",),
    "check_meeting_type": ("what-microsofts-troubleshooting-page-checks-today/list-1.1",
                           "town-halls-and-webinars-follow-the-events-policy/paragraph-1"),
    "check_meeting_role": ("attendees-cant-start-a-recording/paragraph-1",),
    "check_auth_type": ("review-audio-and-video-policies/list-2.2", "review-audio-and-video-policies/callout-2"),
    "check_organizer": ("review-audio-and-video-policies/paragraph-3", "review-audio-and-video-policies/paragraph-6"),
    "check_consent": ("explicit-recording-consent-makes-some-people-view-only/paragraph-1",),
    "check_calling_policy": ("calls-follow-the-calling-policy/paragraph-1",),
    "check_events_policy": ("town-halls-and-webinars-follow-the-events-policy/paragraph-1",),
    "check_organizer_policy": ("review-audio-and-video-policies/paragraph-3",
                               "review-audio-and-video-policies/paragraph-6"),
    "check_policy": ("review-audio-and-video-policies/paragraph-3", "review-audio-and-video-policies/list-2.1"),
    "check_storage_location": ("verify-the-user-meets-the-requirements-for-recording/paragraph-1",
                               "run-the-meeting-recording-support-diagnostic/callout-1"),
    "check_onedrive": ("storage-space-for-recordings/paragraph-1",
                       "recordings-that-cant-be-uploaded-are-deleted-after-21-days/paragraph-1"),
    "check_stream_license": ("verify-user-prerequisites/list-1.1",
                             "verify-the-user-meets-the-requirements-for-recording/procedure-1.1"),
    "check_stream_upload": ("verify-the-user-meets-the-requirements-for-recording/procedure-1.2",
                            "verify-stream-upload-permissions-for-a-user/callout-1"),
    "check_stream_consent": ("verify-user-prerequisites/list-1.2",
                             "verify-the-user-meets-the-requirements-for-recording/callout-2"),
    "check_stream_storage": ("verify-user-prerequisites/list-1.3",),
    "run_diagnostic": ("verify-user-prerequisites/paragraph-2",
                       "run-the-meeting-recording-support-diagnostic/paragraph-1"),
    "diagnosis": ("troubleshoot-meeting-recording/paragraph-1",),
    "offer": ("troubleshoot-meeting-recording/paragraph-1",),
}
# A reason for asking that a ticket's Sources list only after some answers: the kind is asked partly
# because town halls follow the events policy, but a meeting's or a call's ticket rests on nothing
# in that section. (state, entry) -> the answers it is listed for.
WHY_LISTED_FOR: dict[tuple[str, str], tuple[str, ...]] = {
    ("check_meeting_type", "town-halls-and-webinars-follow-the-events-policy/paragraph-1"): ("event",),
    # the roles that section says can't record (a presenter, where the organizer leaves presenters out); an
    # organizer's or a co-organizer's ticket rests on nothing in it
    ("check_meeting_role", "attendees-cant-start-a-recording/paragraph-1"): ("attendee", "presenter", "unsure"),
}
# The reminder quoted when answers contradict each other.
CONTRADICTION_REMINDER = "review-audio-and-video-policies/callout-1"


def expand(table: list[dict] = TABLE) -> list[dict]:
    """Replace each ``NEXT`` destination by conditional rows, one per state it can lead to.

    Exactly one of a row's conditions holds, so their order changes nothing but how many the machine tests
    before it finds it: the checks after the row's own come first, since the next check usually follows it.
    """
    rows = []
    for row in table:
        if row["dest"] != NEXT:
            rows.append(row)
            continue
        for dest in likeliest_next_first(row["source"]):
            rows.append({**row, "dest": dest, "conditions": "leads_to_next"})
    return rows


def likeliest_next_first(source: str) -> tuple[str, ...]:
    """Every state a ``NEXT`` row may lead to: the checks after ``source``, then those before it, then escalation."""
    after = CHECKS.index(source) + 1 if source in CHECKS else 0
    return (*CHECKS[after:], *CHECKS[:after], "escalate")
