"""The settings tables in README.md and docs/deploy.md against the settings code, so they cannot drift.

The variables come from watching ``Settings.from_env`` read them, so a setting
added to the code later fails here until both tables list it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError
from tests.support.settings_names import variables_read

REPO = Path(__file__).resolve().parents[1]
DOCS = ("README.md", "docs/deploy.md")
TABLE = re.compile(r"<!-- settings table:.*?-->\n(.*?)<!-- end of settings table -->", re.DOTALL)
ROW = re.compile(r"^\|\s*(`[^`]+`(?:,\s*`[^`]+`)*)\s*\|\s*([^|]*?)\s*\|")  # one name, or several of one setting
NAME = re.compile(r"`([^`]+)`")
EMPTY = "_(empty)_"


def settings_rows(text: str) -> dict[str, str]:
    """variable -> its default cell, from the marked table of one document."""
    match = TABLE.search(text)
    assert match, "no settings table between the markers"
    return {name: m.group(2) for m in map(ROW.match, match.group(1).splitlines()) if m
            for name in NAME.findall(m.group(1))}


def table_problems(rows: dict[str, str]) -> list[str]:
    """What a table gets wrong: variables missing or unknown, defaults that are not the code's."""
    read = variables_read()
    problems = [f"{name}: read by the bot but not in the table" for name in read if name not in rows]
    problems += [f"{name}: in the table but the bot does not read it" for name in rows if name not in read]
    for name, cell in rows.items():
        literal = "" if cell == EMPTY else cell[1:-1] if re.fullmatch(r"`[^`]*`", cell) else None
        if name in read and literal is not None and not _is_the_default(name, literal):
            problems.append(f"{name}: the table's default {cell} is not the code's")
    return problems


def _is_the_default(name: str, value: str) -> bool:
    """Setting a variable to its documented default must change nothing."""
    try:
        return Settings.from_env({name: value}) == Settings.from_env({})
    except SettingsError:
        return False


@pytest.mark.parametrize("document", DOCS)
def test_the_settings_table_lists_every_variable_with_the_codes_default(document):
    assert table_problems(settings_rows((REPO / document).read_text(encoding="utf-8"))) == []


def test_a_missing_row_or_a_wrong_default_is_named():
    rows = settings_rows((REPO / "docs" / "deploy.md").read_text(encoding="utf-8"))
    dropped = next(iter(rows))
    rows.pop(dropped)
    rows.update({"PORT": "`8080`", "NOT_A_SETTING": EMPTY})
    assert sorted(table_problems(rows)) == sorted([
        f"{dropped}: read by the bot but not in the table",
        "NOT_A_SETTING: in the table but the bot does not read it",
        "PORT: the table's default `8080` is not the code's",
    ])


def test_both_documents_describe_the_same_variables():
    tables = [settings_rows((REPO / d).read_text(encoding="utf-8")) for d in DOCS]
    assert list(tables[0]) == list(tables[1])
