"""Command output an agent pastes: the settings it shows, read as answers to the checks they settle.

Agents paste what PowerShell prints for the commands the bot shows them: ``Format-List``
(``Name : Value``), ``Format-Table`` (a header, dashes, values), ``ConvertTo-Json``, with or
without the prompt and the command. Every setting the bot knows is read from it, with the line
it was read from, so the bot can quote what it took.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Iterable

# setting -> (the check it answers, how its values map to that check's choices)
_ON_OFF = {"true": "on", "false": "off", "enabled": "on", "disabled": "off", "on": "on", "off": "off"}
SETTINGS: dict[str, tuple[str, dict[str, str]]] = {
    "allowcloudrecording": ("check_policy", _ON_OFF),
    "allowcloudrecordingforcalls": ("check_calling_policy", _ON_OFF),
    "recordingfortownhall": ("check_events_policy", _ON_OFF),
    "recordingforwebinar": ("check_events_policy", _ON_OFF),
}
FULL_AT = 0.98  # a OneDrive this full can't take an hour of recording (about 400 MB)
POLICY_OF_CHECK = {"check_policy": "meeting", "check_organizer_policy": "meeting", "check_calling_policy": "calling",
                   "check_events_policy": "events"}
_ASSIGNED = {"teamsmeetingpolicy": "meeting", "teamscallingpolicy": "calling", "teamseventspolicy": "events"}
INFORMATIVE = ("explicitrecordingconsent", "identity", "userprincipalname", "teamsmeetingpolicy", "teamscallingpolicy",
               "teamseventspolicy", "storageusagecurrent", "storagequota", "skupartnumber", "serviceplanname",
               "provisioningstatus", "newmeetingrecordingexpirationdays")
_LINE = re.compile(r"^\s*\"?(?P<name>[A-Za-z][A-Za-z0-9_.]{2,60})\"?\s*[:=]\s*\"?(?P<value>[^\",]*?)\"?,?\s*$")
# The policy a user has, on a line after other words ("ok connected now. TeamsMeetingPolicy : {}")
_INLINE_ASSIGNED = re.compile(r"(?:^|[.!?;]\s)\s*(?P<name>Teams(?:Meeting|Calling|Events)Policy)\s*:\s*(?P<value>\{\}|"
                              r"(?:Tag:)?[\w.-]+)?\s*$", re.IGNORECASE | re.MULTILINE)
_INLINE = re.compile(r"\b(?P<name>AllowCloudRecording(?:ForCalls)?|RecordingForTownhall|RecordingForWebinar"
                     r"|ExplicitRecordingConsent)\b\s*(?:[:=]|is|to|set to|shows?)?\s*\$?(?P<value>true|false|enabled"
                     r"|disabled|on|off)\b", re.IGNORECASE)

# An assigned policy said in words: "Megan's calling policy is Global", "meeting policy = RestrictedRecording",
# "they assigned her a custom policy "RestrictedMeetings"", "he's on the Sales-NoRecord policy". Without its kind
# ("a custom policy"), a meeting policy.
_NAME = r"[\"'“]?(?P<name>(?:Tag:)?[A-Za-z0-9][\w-]*)"
_KIND = r"(?:(?P<kind>meeting|calling|events?) )?"
_SORT = r"(?:(?:custom|different|separate|special|another|other|new|restrictive|restricted|own) )*"
_WHOM = r"(?:her|him|them|me|us|the user|the person|this user|that user)"
_HAS = r"(?:has|had|have|is on|s on|was on|are on|re on|am on|m on|got|gets|uses|use|is using|is assigned|was assigned)"
ASSIGNED_IN_WORDS = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    # Get-CsOnlineUser's property, told in a sentence: "ran Get-CsOnlineUser, TeamsMeetingPolicy is Tag:NoRecording"
    rf"\bTeams(?P<kind>Meeting|Calling|Events)Policy\s+(?:is|=|shows?|says?|is set to)\s+{_NAME}",
    rf"\b(?P<kind>meeting|calling|events?) policy\b(?: assigned)?(?: (?:to|for) \w+)?"
    rf"[ \t]*(?:is|=|:|shows?|says?|is set to)[ \t]+{_NAME}",  # on one line: "events policy:" over a paste isn't it
    rf"\b(?:assigned|granted|gave|given|applied|put)"
    rf"(?: (?:her|him|them|me|us|the user|the person|this user|that user))?"
    rf"(?: (?:to|on))? (?:an? |the )?{_SORT}{_KIND}policy (?:(?:called|named) )?{_NAME}",
    rf"\b{_HAS} (?:an? |the )?{_SORT}{_KIND}policy (?:called|named) {_NAME}",
    # the assignment itself, pasted: "Grant-CsTeamsMeetingPolicy -Identity sarah@contoso.com -PolicyName Global"
    rf"\bGrant-CsTeams(?P<kind>Meeting|Calling|Events)Policy\b[^\n]*?\s-PolicyName\s+{_NAME}",
    r"\bGrant-CsTeams(?P<kind>Meeting|Calling|Events)Policy\b[^\n]*?\s-PolicyName\s+\$(?P<name>null)\b",  # Global
    # the policy given by its name, then "policy" or "one": "assigned her the Global one", "put him on the Sales policy"
    rf"\b(?:assigned|granted|gave|given|applied)(?: {_WHOM})? (?:the )?{_NAME}[\"'”]? (?:{_KIND}policy|one)\b",
    rf"\b(?:put|moved|switched|changed|set|assigned)(?: {_WHOM})?(?: back)? (?:to|on|onto) (?:the )?"
    rf"{_NAME}[\"'”]? (?:{_KIND}policy|one)\b",
    rf"\b(?:put|moved|switched|changed|set|assigned)(?: {_WHOM})?(?: back)? (?:to|on|onto) (?:the )?(?P<name>global)\b"
    r"(?! admin| administrator| reader)",
    rf"\b(?:assigned|granted|gave|applied)(?: {_WHOM})? (?:the )?(?P<name>global)\b(?! admin| administrator| reader)",
    rf"\b{_HAS} the {_NAME}[\"'”]? {_KIND}policy\b",
    # the Meeting Recording diagnostic's words: "Meeting policy 'NoRecording' assigned to the user does not allow ..."
    rf"\b(?P<kind>meeting|calling|events?) policy {_NAME}[\"'”]? (?:is )?assigned to (?:the user|her|him|them|user)\b",
    rf"\b{_HAS} (?:the )?{_NAME}[\"'”]? as (?:her |his |their |my |the |a )?{_KIND}policy\b",  # "has Tag:X as policy"
    rf"\b(?:have|has|share|are on|is on|use) the same {_KIND}policy,? (?:(?:called|named) )?{_NAME}",
    rf"\b(?:their|her|his|my|the users?|the persons?) (?:assigned )?{_KIND}policy (?:is|=|:) {_NAME}",
    r"\b(?:is on|s on|are on|re on|am on|m on|uses|using|has|have|got|gets) (?:the )?(?P<name>global)\b"
    r"(?! admin| administrator| reader| has| is| policy (?:has|is))"
    r"(?: (?:for|policy for) (?P<kind>calling|calls|meetings?|events?)\b)?",
    # the name alone, as the admin center shows it: "Global", "Global (Org-wide default)", "it's the global one"
    r"^\W*(?:(?:it'?s|its|just|only|on) )*(?:the )?(?P<name>global)(?: \(?org-?wide default\)?)?"
    r"(?: (?:one|policy|(?P<kind>meeting|calling|events?) policy))?\W*$",
))
_NOT_A_POLICY_NAME = {"on", "off", "enabled", "disabled", "true", "false", "the", "a", "an", "not", "set", "fine",
                      "ok", "assigned", "default", "correct", "wrong", "blocking", "allowing", "missing", "empty",
                      "teams", "microsoft", "meeting", "meetings", "calling", "events", "event", "recording", "custom",
                      "same", "new", "old", "other", "admin", "user", "users", "org", "company", "tenant"}


def _policy_name(name: str) -> bool:
    """A name as Teams shows one (Global, RestrictedRecording, Tag:NoRec), not a word of the sentence ("allow"), nor a
    setting's ("her assigned meeting policy shows AllowCloudRecording False")."""
    folded = name.lower()
    return folded not in _NOT_A_POLICY_NAME and folded not in SETTINGS and folded not in OTHER_RECORDING_SETTINGS \
        and (folded == "global" or name != folded)


@dataclass(frozen=True)
class Pasted:
    """What a paste says: the settings read (name -> value, and the line), and what they answer."""

    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    several: tuple[str, ...] = ()  # a table of several policies, none of them known to be the person's: their names

    @property
    def identity(self) -> str | None:
        return self.values.get("identity") or self.values.get("userprincipalname")


def read_pasted(text: str, wanted: str | None = None) -> Pasted:
    """Every known setting in the text, whichever way PowerShell printed it.

    A table of several policies (``Get-CsTeamsMeetingPolicy | ft``) is read only for the row of ``wanted``, the
    policy known to be the person's; without it, no row is the answer, and ``several`` names them.
    """
    values: dict[str, str] = {}
    lines: dict[str, str] = {}
    table, several = _the_row(list(_from_table(text)), wanted)
    for name, value, line in (*_from_json(text), *_from_list(text), *table, *_inline(text),
                              *_assigned_after_words(text),
                              *_assigned_in_words(text), *_identity_in_command(text)):
        key = name.lower()
        if key in SETTINGS or key in INFORMATIVE:
            values.setdefault(key, value.strip())
            lines.setdefault(key, line.strip())
    answers: dict[str, str] = {}
    for key, (check, mapping) in SETTINGS.items():
        value = values.get(key, "").lower().lstrip("$").split()
        choice = mapping.get(value[0]) if value else None  # "True for both": typed after the value, not part of it
        if choice and (check not in answers or choice == "off"):  # a town hall OR a webinar off is a finding
            answers[check] = choice
    space = _onedrive_space(values)
    if space:
        answers["check_onedrive"] = space
    return Pasted(values, lines, answers, several)


def _the_row(cells: list[tuple[str, str, str, int]], wanted: str | None) -> tuple[list[tuple[str, str, str]], tuple]:
    """The cells of a table to read: all of a one-row table; of a table of several policies, the wanted one's row
    (none without it), and the policies' names."""
    rows: dict[int, list[tuple[str, str, str]]] = {}
    for name, value, line, row in cells:
        rows.setdefault(row, []).append((name, value, line))
    names = [next((value for name, value, _ in row if name.lower() == "identity"), None) for row in rows.values()]
    if len(rows) < 2 or None in names:
        return [cell for row in rows.values() for cell in row], ()
    bare = [name.removeprefix("Tag:").strip().lower() for name in names if name]
    chosen = [row for row, name in zip(rows.values(), bare) if wanted and name == wanted.lower()]
    return (chosen[0] if chosen else []), (() if chosen else tuple(n.removeprefix("Tag:") for n in names if n))


def _assigned_after_words(text: str):
    for match in _INLINE_ASSIGNED.finditer(text):
        yield match.group("name"), match.group("value") or "", match.group(0)


def _onedrive_space(values: dict[str, str]) -> str | None:
    """Get-SPOSite's StorageUsageCurrent against StorageQuota (both in MB): full, or space left."""
    try:
        used, quota = float(values["storageusagecurrent"]), float(values["storagequota"])
    except (KeyError, ValueError):
        return None
    if quota <= 0:
        return None
    return "full" if used >= quota * FULL_AT else "yes"


def space_in_figures(folded: str) -> str | None:
    """ "1TB of 1TB", "1,023.9 GB used of 1 TB (99%)": what OneDrive's storage meter shows, read as full or not.

    OneDrive counts in binary units (a terabyte is 1,024 GB), so 1,000 GB of 1 TB still has room for a recording.
    """
    match = _SPACE_FIGURES.search(folded) or _QUOTA_THEN_USED.search(folded)
    if not match:
        return None
    used = _megabytes(match.group("used"), match.group("used_unit"))
    quota = _megabytes(match.group("quota"), match.group("quota_unit"))
    if quota <= 0:
        return None
    return "full" if used >= quota * FULL_AT else "yes"


def _megabytes(figure: str, unit: str) -> float:
    return float(figure.replace(" ", "")) * _UNIT_MB[unit.rstrip("s")]


_UNIT_MB = {"kb": 1 / 1024, "mb": 1, "megabyte": 1, "gb": 1024, "gig": 1024, "gigabyte": 1024, "tb": 1024 ** 2,
            "terabyte": 1024 ** 2}
_FIGURE = r"\d{1,3}(?: \d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # "1 023.9": a thousands comma, folded to a space
_UNIT = r"kb|mb|gb|tb|megabytes?|gigabytes?|gigs?|terabytes?"
_SPACE_FIGURES = re.compile(rf"\b(?P<used>{_FIGURE}) ?(?P<used_unit>{_UNIT})(?: used)? (?:of|out of|/) "
                            rf"(?P<quota>{_FIGURE}) ?(?P<quota_unit>{_UNIT})\b")

# "1 TB quota, he's using about 40 GB": the quota first, then what is used
_QUOTA_THEN_USED = re.compile(rf"\b(?P<quota>{_FIGURE}) ?(?P<quota_unit>{_UNIT}) (?:quota|total|limit|of storage"
                              rf"|storage)\b[^.?!]{{0,40}}\b(?:using|used|uses|has used|is at)"
                              rf"(?: about| around| roughly| approx| approximately| like| only| just)?"
                              rf" (?P<used>{_FIGURE}) ?(?P<used_unit>{_UNIT})\b")


def policy_in_question(values: dict[str, str], checks: Iterable[str]) -> str | None:
    """The policy a Get-Cs...Policy output is about (``Tag:`` dropped), when it answers one of these checks (the
    pending question, or a check the output itself answers)."""
    if not any(check in POLICY_OF_CHECK for check in checks) or "identity" not in values:
        return None
    return values["identity"].removeprefix("Tag:").strip() or None


def policy_to_give(text: str) -> str | None:
    """The policy a message would give someone ("most people have "DE-Standard" assigned, how do I assign it?",
    "assign him ASH-Managers"): a name as Teams shows one, quoted or after the verb; None when it names none."""
    for pattern in (_GIVEN_QUOTED, _GIVEN_AFTER_VERB):
        for match in pattern.finditer(text):
            name = match.group("name")
            if _policy_name(name) and (not _SETTING_LIKE.fullmatch(name) or name.endswith("Policy")):
                return name  # "EducatorMeetingPolicy" is a policy's name; "AllowCloudRecording" a setting's
    return None


_GIVEN_QUOTED = re.compile(r"[\"“'‘](?P<name>(?:Tag:)?[A-Za-z0-9][\w.:-]*-[\w.:-]+)[\"”'’]")
_GIVEN_AFTER_VERB = re.compile(r"(?i:\b(?:assign|give|grant|move|put|switch)(?:ed|ing)?\s+"
                               r"(?:him|her|them|the user|this user)?\s*(?:to |onto |on |into )?(?:the )?)"
                               # "DE-Standard", or a name in capitals run together: "EducatorMeetingPolicy"
                               r"(?P<name>(?:Tag:)?(?:[A-Za-z0-9][\w.:]*-[\w.:-]+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+))")


def upn_in_command(text: str) -> str | None:
    """The account a pasted ``Get-CsOnlineUser`` command names, when its output does not show it."""
    match = _ONLINE_USER_COMMAND.search(text)
    return match.group("upn") if match else None


_ONLINE_USER_COMMAND = re.compile(r"\bGet-CsOnlineUser\s+(?:-Identity\s+)?[\"']?(?P<upn>[^\s\"'|@]+@[^\s\"'|]+)",
                                  re.IGNORECASE)


def assigned_policies(values: dict[str, str]) -> dict[str, str]:
    """What Get-CsOnlineUser says is assigned: meeting, calling, events policy (empty means Global)."""
    found = {kind: values[key] for key, kind in _ASSIGNED.items() if key in values}
    return {kind: (name.removeprefix("Tag:").strip().strip("{}").strip() or "Global") for kind, name in found.items()}


def looks_pasted(text: str) -> bool:
    """Whether a message is command output rather than a sentence: several ``Name : Value`` lines, a table, JSON."""
    stripped = text.strip()
    return stripped.startswith(("{", "[", "PS ", "PS>")) or len(list(_from_list(text))) >= 2 \
        or any(True for _ in _from_table(text))


def policies_labelled(text: str) -> dict[str, str]:
    """ "organizer's policy: AllowCloudRecording True. user's policy: AllowCloudRecording False": the organizer's
    and the person's setting, each as its label says (check -> on or off). The organizer's alone counts ("organizer's
    meeting policy AllowCloudRecording True"); "her policy" alone may be either's, so nothing."""
    found: dict[str, str] = {}
    for match in _LABELLED.finditer(text):
        check = "check_organizer_policy" if match.group("whose").lower().startswith("organi") else "check_policy"
        value = match.group("value").lower().lstrip("$")
        found.setdefault(check, "on" if value in ("true", "on", "enabled") else "off")
    return found if len(found) == 2 or set(found) == {"check_organizer_policy"} else {}


_LABELLED = re.compile(r"\b(?P<whose>organi[sz]er'?s?|user'?s?|the user'?s?|her|his|their)(?: own)?(?: meeting)? "
                       r"polic(?:y|ies)\s*(?:is\s*|[:=-]\s*)?(?:AllowCloudRecording\s*[:=]?\s*)?"
                       r"(?P<value>\$?true|\$?false|on|off|enabled|disabled)\b", re.IGNORECASE)


def only_other_settings(text: str) -> bool:
    """Whether every line is a PowerShell ``Name : Value`` line of a setting no check reads ("AllowTranscription :
    True"). A name with "record" in it is someone typing the setting asked about ("MeetingRecording: off"), which
    the typed answer reads."""
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and all((match := _LINE.match(line)) and _SETTING_LIKE.fullmatch(match.group("name"))
                               and _another_setting(match.group("name").lower()) for line in lines)


def _another_setting(name: str) -> bool:
    return name not in SETTINGS and ("record" not in name or name in OTHER_RECORDING_SETTINGS)


# Settings of the same policies with "recording" in their names that decide nothing the checks ask: where recordings
# are kept, how long, who may download a channel's, whether they start on their own, the consent prompt.
OTHER_RECORDING_SETTINGS = ("allowrecordingstorageoutsideregion", "recordingstoragemode",
                            "newmeetingrecordingexpirationdays", "channelrecordingdownload", "explicitrecordingconsent",
                            "autorecording")


_SETTING_LIKE = re.compile(r"[A-Z][a-z]+(?:[A-Z][A-Za-z]*)+")  # CamelCase, as PowerShell names settings


def command_without_output(text: str) -> bool:
    """Whether a message is a Teams PowerShell command that reads something, pasted without what it printed
    ("Get-CsOnlineUser jane@contoso.com | select TeamsMeetingPolicy")."""
    return _GET_COMMAND.search(text) is not None and not looks_pasted(text) \
        and next(_from_list(text), None) is None and len(text.strip().splitlines()) <= 2


def changes_a_setting(text: str) -> bool:
    """Whether a message is a command that sets a recording setting ("Set-CsTeamsMeetingPolicy -Identity Global
    -AllowCloudRecording $true") or assigns a policy (Grant-CsTeamsMeetingPolicy): a change made just now, not a
    setting read."""
    return _SET_COMMAND.search(text) is not None or _GRANT_COMMAND.search(text) is not None


_GET_COMMAND = re.compile(r"^\s*(?:PS\b[^>\n]*>\s*|(?:(?:ok|okay|so|here)\W*)?(?:i )?"
                          r"(?:ran|run|running|did|tried|typed)\W*)?Get-Cs\w+[^?]*$", re.IGNORECASE)
_GRANT_COMMAND = re.compile(r"\bGrant-CsTeams(?:Meeting|Calling|Events)Policy\b[^\n]*?\s-PolicyName\b", re.IGNORECASE)
_SET_COMMAND = re.compile(r"\b(?:Set|New)-CsTeams(?:Meeting|Calling|Events)Policy\b[^\n]*?\s-(?:AllowCloudRecording"
                          r"(?:ForCalls)?|RecordingForTownhall|RecordingForWebinar)\b", re.IGNORECASE)


def said_in_words(text: str) -> bool:
    """Whether settings were written into a sentence ("IT said AllowCloudRecording is True") rather than pasted."""
    return not looks_pasted(text) and next(_from_list(text), None) is None


def _from_list(text: str):
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            yield match.group("name"), match.group("value"), line


def _from_table(text: str):
    """The cells of each table printed (``Format-Table``); two commands pasted one after the other print two."""
    rows = [line for line in text.splitlines() if line.strip()]
    is_rule = lambda line: re.fullmatch(r"[\s-]+", line) is not None and "-" in line  # noqa: E731
    for n in range(len(rows) - 2):
        if not is_rule(rows[n + 1]):
            continue
        starts = [m.start() for m in re.finditer(r"-+", rows[n + 1])]
        spans = list(zip(starts, [*starts[1:], None]))
        names = rows[n].split()
        body = rows[n + 2:]
        ends = [i for i, row in enumerate(body) if _PROMPT.match(row) or i + 1 < len(body) and is_rule(body[i + 1])]
        for number, row in enumerate(body[:ends[0]] if ends else body):
            if len(names) == len(spans) == len(row.split()):  # one word a column: read by words, which holds
                cells = list(zip(names, row.split()))        # when a long value pushed the others off their column
            else:
                cells = [(rows[n][start:end].strip() if start < len(rows[n]) else "",
                          row[start:end].strip() if start < len(row) else "") for start, end in spans]
            for name, value in cells:
                if name and (value or name.lower() in _ASSIGNED):  # no policy shown: the Global one
                    yield name, value, f"{name} {value}".strip(), number


_PROMPT = re.compile(r"\s*(PS\b[^>\n]*>|(Get|Set|Grant|New)-\w)")  # the next command, after a table


# A command as pasted: PowerShell's prompt, or a Teams, SharePoint Online or Microsoft Graph cmdlet
COMMAND = r"(?:PS(?: [A-Za-z]:\\[^>\n]*)?>\s*)?(?:Get|Set|Grant|New)-(?:Cs|SPO|Mg)\w"
# A line of a paste: a command, Format-List's "Name : Value", a table's rule, JSON
_OUTPUT_LINE = re.compile(rf"\s*(?:{COMMAND}|PS [A-Za-z]:\\|PS>|[\w.-]+\s+:\s|-{{3,}}|[{{\[])")
_RULE_LINE = re.compile(r"\s*-{3,}")
_SAID_AFTER_A_TABLE = re.compile(r"\s*[a-z]\S*( \S+){2,}")  # words in lower case, as a table's cells rarely are


def words_before_output(text: str) -> str:
    """The lines of a message before its first command or output line (a table's column names count), on one
    line; the whole text when it has none."""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        header = n + 1 < len(lines) and _RULE_LINE.match(lines[n + 1])  # a table's column names
        if _OUTPUT_LINE.match(line) or header:
            return " ".join(lines[:n])
    return text


def prose_of_a_paste(text: str) -> str:
    """A message's own words, without the commands, tables and ``Name : Value`` lines pasted in it."""
    lines, kept, in_table = text.splitlines(), [], False
    for n, line in enumerate(lines):
        header = n + 1 < len(lines) and _RULE_LINE.match(lines[n + 1])
        if header or _RULE_LINE.match(line):
            in_table = True
        elif not line.strip() or _OUTPUT_LINE.match(line):
            in_table = False
        elif not in_table or _SAID_AFTER_A_TABLE.match(line):  # "she is in a webinar", after the table
            in_table = False
            kept.append(line)
    return "\n".join(line for line in kept if not _OUTPUT_LINE.match(line))


def _from_json(text: str):
    start = min([i for i in (text.find("{"), text.find("[")) if i >= 0], default=-1)
    if start < 0:
        return
    try:
        data = json.loads(text[start:])
    except ValueError:
        return
    for item in data if isinstance(data, list) else [data]:
        if isinstance(item, dict):
            for name, value in item.items():
                if isinstance(value, dict) and isinstance(value.get("Name"), str):  # an assigned policy, as an object
                    value = value["Name"]
                elif value is None and name.lower() in _ASSIGNED:  # no policy of their own: the Global one
                    value = ""
                if isinstance(value, (str, bool, int, float)):
                    shown = json.dumps(value) if isinstance(value, bool) else str(value)
                    yield name, shown, f'"{name}": {shown}'


# The policy a pasted command asked for ("PS> Get-CsTeamsMeetingPolicy -Identity Global | fl AllowCloudRecording"),
# when its output has no Identity line of its own.
_POLICY_COMMAND = re.compile(r"\bGet-CsTeams(?:Meeting|Calling|Events)Policy\s+(?:-Identity\s+)?"
                             r"(?P<quote>[\"']?)(?P<name>(?:Tag:)?[\w-]+(?: [\w-]+)*?)(?P=quote)(?=\s*(?:\||$|-\w))",
                             re.IGNORECASE | re.MULTILINE)


def _identity_in_command(text: str):
    for match in _POLICY_COMMAND.finditer(text):
        yield "Identity", match.group("name"), match.group(0)


def _inline(text: str):
    for pattern in (_INLINE, _INLINE_STORAGE):
        for match in pattern.finditer(text):
            yield match.group("name"), match.group("value"), match.group(0)


# Get-SPOSite's figures told in a sentence: "shows StorageUsageCurrent 1048576 and StorageQuota 1048576"
_INLINE_STORAGE = re.compile(r"\b(?P<name>StorageUsageCurrent|StorageQuota)\b\s*(?:[:=]|is|of|shows?|at)?\s*"
                             r"(?P<value>\d+(?:\.\d+)?)\b(?!\s*%)", re.IGNORECASE)


_KIND_OF = {"meeting": "meeting", "calling": "calling", "call": "calling", "event": "event"}


def says_assigned_policy(text: str) -> bool:
    lowered = text.lower()  # every pattern names a policy, the Global one, or "the X one"
    return ("polic" in lowered or "global" in lowered or " one" in lowered) \
        and any(pattern.search(text) for pattern in ASSIGNED_IN_WORDS)


_KINDS_OF_POLICY = re.compile(r"(?i)\b(?:teams)?(meeting|calling|events?) ?polic(?:y|ies)\b")


def kind_named(text: str) -> str | None:
    """The one kind of policy a sentence names ("TeamsCallingPolicy empty, so he's on Global"), if only one."""
    kinds = {m.group(1).lower().rstrip("s") for m in _KINDS_OF_POLICY.finditer(text)}
    return kinds.pop() if len(kinds) == 1 else None


_ASSIGNING = re.compile(r"(assigned|granted|gave|given|applied|put|moved|switched|changed|set|Grant-)", re.IGNORECASE)


def reassigned_in_words(text: str) -> bool:
    """Whether a policy is said to have been assigned just now ("assigned her the Global one", a pasted
    ``Grant-CsTeamsMeetingPolicy``), not said to be the one assigned ("she has Global")."""
    return says_assigned_policy(text) and any(_ASSIGNING.match(said) for *_, said in _assigned_in_words(text))


def _assigned_in_words(text: str):
    for match in (m for pattern in ASSIGNED_IN_WORDS for m in pattern.finditer(text)):
        name = match.group("name")
        name = "Global" if name.lower() in ("global", "null") else name  # -PolicyName $null: back to Global
        if _policy_name(name):
            said = match.groupdict().get("kind") or kind_named(text) or "meeting"
            kind = _KIND_OF.get(said.lower().rstrip("s"), "meeting")
            yield f"Teams{kind.capitalize()}{'s' if kind == 'event' else ''}Policy", name, match.group(0)


# PowerShell's own errors, pasted instead of the output asked for: which kind, so the bot can say what to do.
_POWERSHELL_ERRORS = (
    ("not_connected", re.compile(r"(?i)\b(must|need to|have to) (call|run) (the )?Connect-MicrosoftTeams\b|"
                                 r"\bRun Connect-MicrosoftTeams\b|\bnot connected\b.{0,40}\bMicrosoftTeams\b")),
    ("not_loaded", re.compile(r"(?i)\bis not recognized as (the name of )?a cmdlet\b|\bCommandNotFoundException\b")),
    ("access_denied", re.compile(r"(?i)\b(access (is )?denied|forbidden|insufficient privileges|not authorized|"
                                 r"unauthorized|UnauthorizedAccessException)\b")),
    ("not_found", re.compile(r"(?i)\b(management object not found|couldn'?t find (the )?object|"
                             r"ManagementObjectNotFound|cannot find (an )?object|object .{0,60} (was )?not found|"
                             r"(user|policy|identity) .{0,60} (was )?not found"
                             r"|cannot find (the )?(policy|user|identity)\b"
                             r"|couldn'?t find (the )?(policy|user|identity))\b")),
)


_POWERSHELL_ERROR_TEXT = re.compile(r"(?im)^[ \t]*\+[ \t]*(CategoryInfo|FullyQualifiedErrorId)\b|"
                                   r"^[ \t]*(Get|Set|Grant|Connect)-\w+[ \t]*:|"
                                   r"\bis not recognized as (the name of )?a cmdlet\b|Connect-MicrosoftTeams")


def powershell_error(text: str) -> str | None:
    """The kind of PowerShell error a paste is (``not_loaded``, ``not_connected``, ``access_denied``,
    ``not_found``), or None: only text PowerShell writes for an error (its ``+ CategoryInfo`` or
    ``FullyQualifiedErrorId`` lines, or a cmdlet name before the message) counts."""
    if not _POWERSHELL_ERROR_TEXT.search(text):
        return None
    return next((kind for kind, pattern in _POWERSHELL_ERRORS if pattern.search(text)), None)

