"""The conversation benchmark's file: a mistake in it is named with its file and line, not a traceback."""
from __future__ import annotations

from bench.dialogue_quality import DATA, load, main


def test_the_committed_conversations_load_and_each_turn_says_or_clicks_something():
    conversations = load(DATA)
    assert len(conversations) >= 70
    assert all(turn.get("say") or turn.get("click") for c in conversations for turn in c["turns"])


def test_a_file_that_is_not_toml_exits_2_naming_the_file_and_line(tmp_path, capsys):
    data = tmp_path / "broken.toml"
    data.write_text('[[conversation]]\nname = "x"\nturns = [\n  {say = "hi", state = }\n]\n', encoding="utf-8")
    assert main(["--data", str(data)]) == 2
    error = capsys.readouterr().err
    assert str(data) in error and "line 4" in error


def test_a_turn_that_says_nothing_exits_2_naming_the_conversation(tmp_path, capsys):
    data = tmp_path / "no-say.toml"
    data.write_text('[[conversation]]\nname = "quiet"\nturns = [{state = "welcome"}]\n', encoding="utf-8")
    assert main(["--data", str(data)]) == 2
    assert "conversation 1 ('quiet')" in capsys.readouterr().err


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["--data", str(tmp_path / "nowhere.toml")]) == 2
    assert "nowhere.toml" in capsys.readouterr().err
