"""The terminal: ``python -m bot chat`` and ``python -m bot ask``."""
from __future__ import annotations

import io
import json
import os
import shlex
import subprocess

from rich.console import Console

from bot.cli.chat import render, run, terminal
from dialogs.cards import choices_of
from dialogs.replies import Reply, TurnInput


def chat(engine, *lines: str) -> str:
    out = io.StringIO()
    assert run(engine, io.StringIO("".join(f"{line}\n" for line in lines)), out) == 0
    return out.getvalue()


def test_the_chat_opens_with_the_welcome_card_as_numbered_choices(engine):
    shown = chat(engine, "quit")
    welcome = engine.welcome()[0]
    for number, (_, title) in enumerate(choices_of(welcome.card), start=1):
        assert f"{number}. {title}" in shown
    assert shown.rstrip().endswith("bye: the session is not kept after the chat ends.")


def test_a_number_picks_that_choice_and_typing_goes_to_the_engine(engine):
    shown = chat(engine, "I can't record my meeting", "2", "exit")
    first = engine.turn(None, TurnInput(text="I can't record my meeting"))
    second_button = choices_of(first.replies[-1].card)[1][0]
    second = engine.turn(first.session, TurnInput(value=second_button))
    plain = terminal(io.StringIO())
    assert render(first.replies[0], plain) in shown and render(second.replies[0], plain) in shown


def test_a_number_outside_the_choices_asks_for_one_of_them_and_keeps_the_question(engine):
    shown = chat(engine, "I can't record my meeting", "7", "2", "quit")
    assert "bot> Got it: it's a meeting." in shown  # said in the first message: not asked
    assert "What are you trying to record?" not in shown
    assert "bot> Pick 1 to 5, or type your answer." in shown
    assert shown.count("What is your role in the meeting?") == 1
    # then "2" still picks "Co-organizer" on the card shown, and the next question comes
    assert "you> 2\nbot> How do you join the meeting you want to record?" in shown


def test_markdown_is_drawn_for_the_terminal_and_wrapped_at_its_width(engine):
    reply = engine.turn(None, TurnInput(text="I'm a guest and can't record")).replies[0]
    assert "**" in reply.text and "\n> " not in reply.text and "\n> " in reply.details
    narrow = render(reply, Console(file=io.StringIO(), width=50))
    assert "**" not in narrow
    assert "Cause: you joined from outside the\n     organizer's organization." in narrow
    assert "Guest users, and federated" not in narrow  # the guide's words wait behind "more"
    assert narrow.rstrip().endswith("(more: the guide's words and the sources)")
    assert max(len(line) for line in narrow.splitlines()) <= 50
    wide = render(reply, Console(file=io.StringIO(), width=120))
    assert len(wide.splitlines()) < len(narrow.splitlines())
    more = render(Reply(text=reply.details), Console(file=io.StringIO(), width=50))
    assert "\n> " not in more and "▌ Guest users, and federated and anonymous" in more  # quoted and wrapped
    assert max(len(line) for line in more.splitlines()) <= 50


def test_more_prints_the_guides_words_and_the_sources_behind_the_last_reply(engine):
    shown = chat(engine, "I'm a guest and can't record", "more", "quit")
    reply, more = shown.split("you> more\n")
    assert "(more: the guide's words and the sources)" in reply and "Guest users, and federated" not in reply
    assert more.startswith("bot> The guide says:") and "▌ Guest users, and federated and anonymous" in more
    assert "Source: Troubleshoot meeting recording › Review audio and video policies" in more


def test_on_a_terminal_bold_is_bold(engine):
    reply = engine.turn(None, TurnInput(text="I'm a guest and can't record")).replies[0]
    styled = render(reply, Console(file=io.StringIO(), width=80, force_terminal=True, color_system="standard"))
    assert "\x1b[1mCause: you joined from outside" in styled


def test_the_chat_ends_gracefully_at_end_of_input(python, cli_env):
    done = subprocess.run([*python, "-m", "bot", "chat"], input="I can't record my meeting\n", env=cli_env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "1. " in done.stdout and done.stdout.rstrip().endswith("after the chat ends.")
    assert "Traceback" not in done.stderr


def test_ask_json_prints_topic_answer_and_sources(python, cli_env, engine):
    done = subprocess.run([*python, "-m", "bot", "ask", "I'm a guest and can't record", "--json"], env=cli_env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == engine.ask("I'm a guest and can't record")


def test_ask_json_says_unclear_with_candidates_when_it_is_not_sure(python, cli_env):
    done = subprocess.run([*python, "-m", "bot", "ask", "the recording is not there", "--json"], env=cli_env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["topic"] == "unclear" and 2 <= len(answer["candidates"]) <= 3
    assert "Is it one of these?" in answer["answer"]


def test_ask_json_has_no_candidates_when_it_commits(python, cli_env):
    done = subprocess.run([*python, "-m", "bot", "ask", "I'm a guest and can't record", "--json"], env=cli_env,
                          capture_output=True, text=True, timeout=60)
    assert set(json.loads(done.stdout)) == {"topic", "answer", "sources"}


def test_ask_explain_shows_why(python, cli_env):
    done = subprocess.run([*python, "-m", "bot", "ask", "the recording is not there", "--explain"], env=cli_env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "topic: unclear  candidates:" in done.stdout and "asking instead of guessing" in done.stdout
    assert "[unclear: " in done.stdout


def test_ask_without_text_answers_each_stdin_line(python, cli_env, engine):
    questions = ["I'm a guest and can't record", "", "where did my recording go?"]
    done = subprocess.run([*python, "-m", "bot", "ask", "--json"], input="\n".join(questions) + "\n", env=cli_env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert answers == [engine.ask(q) for q in questions if q]


def test_ask_with_empty_text_says_so(python, cli_env):
    done = subprocess.run([*python, "-m", "bot", "ask", "  "], env=cli_env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "empty" in done.stderr and done.stdout == ""


def test_ask_without_json_prints_the_answer_for_people(python, cli_env, engine):
    done = subprocess.run([*python, "-m", "bot", "ask", "I'm a guest and can't record"], env=cli_env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    answer = engine.ask("I'm a guest and can't record")
    assert f"[{answer['topic']}]" in done.stdout and answer["answer"].strip()[:60] in done.stdout


def test_serve_says_how_to_talk_to_it_and_stops_cleanly_on_sigterm(python, cli_env):
    import signal
    import socket

    from tests.support.server import DIRECT

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(cli_env, BOT_STORAGE="memory", PORT="1")  # --port wins over PORT
    server = subprocess.Popen([*python, "-m", "bot", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = [server.stdout.readline() for _ in range(4)]
        assert "make chat" in banner[1] and f"http://localhost:{port}/api/messages" in banner[2]
        assert "make playground" in banner[3]
        with DIRECT.open(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert json.load(response)["status"] == "ok"
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        errors = server.stderr.read()
        assert errors.count("anonymous mode") == 1 and "Traceback" not in errors
    finally:
        server.kill()


def test_the_chat_command_the_banner_shows_works_as_shown(python, cli_env, tmp_path):
    """Outside the project folder the banner names this interpreter; run exactly that."""
    from bot.web.app import banner
    from bot.settings import Settings
    shown = subprocess.run([*python, "-c", "from bot.web.app import banner; from bot.settings import Settings; "
                            "print(banner(Settings(port=3978)))"], cwd=tmp_path, capture_output=True, text=True,
                           env=dict(cli_env, PYTHONPATH=os.getcwd()), timeout=60).stdout
    command = shown.splitlines()[1].split("Talk to it:")[1].split("(")[0].strip()
    assert command.endswith(" -m bot chat") and not command.startswith("make")
    done = subprocess.run(shlex.split(command), input="quit\n", cwd=tmp_path, capture_output=True, text=True,
                          env=dict(cli_env, PYTHONPATH=os.getcwd()), timeout=60)
    assert done.returncode == 0 and "1. Start troubleshooting" in done.stdout, done.stderr
    assert "make chat" in banner(Settings(port=3978))  # from the project folder, as pytest runs


def test_version_is_the_packages(python, cli_env):
    from importlib import metadata
    done = subprocess.run([*python, "-m", "bot", "--version"], env=cli_env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"python -m bot {metadata.version('recording-troubleshooter')}"


def test_the_console_script_names_itself_in_its_usage(cli_env):
    import sys
    from pathlib import Path
    script = Path(sys.executable).parent / "recording-troubleshooter"
    done = subprocess.run([str(script), "ask"], input="", env=cli_env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    wrong = subprocess.run([str(script), "nonsense"], env=cli_env, capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2 and wrong.stderr.startswith("usage: recording-troubleshooter ")
    assert "python -m bot" not in wrong.stderr


def test_purge_with_no_database_says_so_and_creates_nothing(python, cli_env, tmp_path):
    env = dict(cli_env, BOT_STATE_PATH=str(tmp_path / "data" / "state.db"))
    done = subprocess.run([*python, "-m", "bot", "purge"], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"no state database at {tmp_path / 'data' / 'state.db'} (BOT_STATE_PATH): nothing to purge"
    assert list(tmp_path.iterdir()) == []
