"""The troubleshooting conversation, declared as data.

States, choices, transitions and the knowledge each step rests on live here and
nowhere else; :mod:`dialogs.engine` builds one ``transitions`` machine from them
and attaches a session to it for each turn. Behaviour lives in the named
conditions and callbacks of :class:`dialogs.session.Session`.

The engine appends every answer to the session's trail before it fires the
answer's trigger, so conditions already see it. ``NEXT`` as a destination means "the next check this session still needs"
(see ``Session.next_check``): it expands into one conditional transition per
candidate, so the machine, the diagram and the tests all see every edge.
"""
from __future__ import annotations

NEXT = "<next check>"

# The checks in the order the guide walks them; run_diagnostic always comes last.
CHECKS = (
    "check_auth_type",
    "check_organizer",
    "check_organizer_policy",
    "check_policy",
    "check_storage_location",
    "check_stream_license",
    "check_stream_upload",
    "check_stream_consent",
    "check_stream_storage",
    "run_diagnostic",
)
STREAM_CHECKS = ("check_stream_license", "check_stream_upload", "check_stream_consent", "check_stream_storage")

# state -> its choice ids, in button order (words for them live in the templates)
CHOICES: dict[str, tuple[str, ...]] = {
    "welcome": ("start",),
    "triage": ("no_record_option", "cant_find_recording", "recording_deleted", "missing_content", "other"),
    "check_auth_type": ("member", "guest", "federated", "anonymous", "unsure"),
    "check_organizer": ("me", "someone_else"),
    "check_organizer_policy": ("on", "off", "unsure"),
    "check_policy": ("on", "off", "unsure"),
    "check_storage_location": ("onedrive", "stream", "unsure"),
    "check_stream_license": ("yes", "no", "unsure"),
    "check_stream_upload": ("allowed", "restricted", "unsure"),
    "check_stream_consent": ("yes", "no", "not_required", "unsure"),
    "check_stream_storage": ("yes", "no", "unsure"),
    "run_diagnostic": ("teams_license", "tenant_config", "user_not_enabled", "all_passed"),
    "diagnosis": ("fixed", "not_fixed"),
    "offer": ("start_check", "stream_upload_check", "diagnostic", "escalate", "done"),
    "resolved": ("restart",),
    "escalate": ("restart",),
}
STATES = tuple(CHOICES)
END_STATES = ("resolved", "escalate")

# (state, answer) -> the cause it proves. Causes are topic ids, except the two
# the diagnostic alone reports.
FINDINGS: dict[tuple[str, str], str] = {
    ("triage", "missing_content"): "not_captured",
    ("check_auth_type", "guest"): "auth_external",
    ("check_auth_type", "federated"): "auth_external",
    ("check_auth_type", "anonymous"): "auth_external",
    ("check_organizer_policy", "off"): "policy_organizer",
    ("check_policy", "off"): "policy_user",
    ("check_stream_license", "no"): "stream_license",
    ("check_stream_upload", "restricted"): "stream_upload",
    ("check_stream_consent", "no"): "stream_consent",
    ("check_stream_storage", "no"): "stream_storage",
    ("run_diagnostic", "teams_license"): "teams_license",
    ("run_diagnostic", "tenant_config"): "tenant_config",
    ("run_diagnostic", "user_not_enabled"): "policy_user",
}
CAUSES = tuple(dict.fromkeys(FINDINGS.values()))

# Topics of a first free-text message (see dialogs.understand.triage).
TOPICS = ("start", "policy_organizer", "policy_user", "auth_external", "stream_license", "stream_upload",
          "stream_consent", "stream_storage", "storage_location", "ams_expiry", "not_captured",
          "run_diagnostic", "other")
# A cause topic jumps to its check; an informational topic is answered, then the check is offered.
TOPIC_CHECK: dict[str, str] = {
    "start": "check_auth_type",
    "policy_organizer": "check_organizer_policy",
    "policy_user": "check_policy",
    "auth_external": "check_auth_type",
    "stream_license": "check_stream_license",
    "stream_upload": "check_stream_upload",
    "stream_consent": "check_stream_consent",
    "stream_storage": "check_stream_storage",
}
INFO_TOPICS = ("storage_location", "ams_expiry", "not_captured", "run_diagnostic", "other")
# What the bot offers after answering an informational topic, by choice id of `offer`.
TOPIC_OFFERS: dict[str, tuple[str, ...]] = {
    "storage_location": ("start_check", "done"),
    "ams_expiry": ("stream_upload_check", "start_check", "done"),
    "not_captured": ("start_check", "done"),
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
    # How the recorder joins; who organized; the two policies
    *T("member", "check_auth_type", NEXT),
    *T(["guest", "federated", "anonymous"], "check_auth_type", "diagnosis"),
    *T(["me", "someone_else"], "check_organizer", NEXT),
    *T("on", ["check_organizer_policy", "check_policy"], NEXT),
    *T("off", ["check_organizer_policy", "check_policy"], "diagnosis"),
    # Where recordings go, then the Stream requirements
    *T(["onedrive", "stream"], "check_storage_location", NEXT),
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
    *T("stream_upload_check", "offer", "check_stream_upload"),
    *T("diagnostic", "offer", "run_diagnostic"),
    *T("escalate", "offer", "escalate"),
    *T("done", "offer", "resolved"),
    # Jumps made by triage of a first message, and global commands (fallbacks from anywhere)
    *[row for state in STATES for row in T(f"jump_{state}", "*", state)],
    *T("restart", "*", "triage"),
]

# Which guide entries explain why a question matters (the `why` command).
WHY: dict[str, tuple[str, ...]] = {
    "triage": ("troubleshoot-meeting-recording/paragraph-1",),
    "check_auth_type": ("review-audio-and-video-policies/list-2.2", "review-audio-and-video-policies/callout-2"),
    "check_organizer": ("review-audio-and-video-policies/paragraph-3", "review-audio-and-video-policies/paragraph-6"),
    "check_organizer_policy": ("review-audio-and-video-policies/paragraph-3",
                               "review-audio-and-video-policies/paragraph-6"),
    "check_policy": ("review-audio-and-video-policies/paragraph-3", "review-audio-and-video-policies/list-2.1"),
    "check_storage_location": ("verify-the-user-meets-the-requirements-for-recording/paragraph-1",
                               "run-the-meeting-recording-support-diagnostic/callout-1"),
    "check_stream_license": ("verify-user-prerequisites/list-1.1",
                             "verify-the-user-meets-the-requirements-for-recording/procedure-1.1"),
    "check_stream_upload": ("verify-the-user-meets-the-requirements-for-recording/procedure-1.2",
                            "verify-stream-upload-permissions-for-a-user/callout-1"),
    "check_stream_consent": ("verify-user-prerequisites/list-1.2",
                             "verify-the-user-meets-the-requirements-for-recording/callout-2"),
    "check_stream_storage": ("verify-user-prerequisites/list-1.3",),
    "run_diagnostic": ("verify-user-prerequisites/paragraph-2", "run-the-meeting-recording-support-diagnostic/paragraph-1"),
    "diagnosis": ("troubleshoot-meeting-recording/paragraph-1",),
    "offer": ("troubleshoot-meeting-recording/paragraph-1",),
}


def expand(table: list[dict] = TABLE) -> list[dict]:
    """Replace each ``NEXT`` destination by conditional rows, one per state it can lead to."""
    rows = []
    for row in table:
        if row["dest"] != NEXT:
            rows.append(row)
            continue
        for dest in (*CHECKS, "escalate"):
            rows.append({**row, "dest": dest, "conditions": "leads_to_next"})
    return rows
