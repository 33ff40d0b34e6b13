"""python -m bot serve | chat | playground | ask | purge"""
from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

from bot.settings import Settings, SettingsError


DISTRIBUTION = "recording-troubleshooter"


def program_name() -> str:
    """``python -m bot`` when run as a module; the console script's own name when run as one."""
    script = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else ""
    return DISTRIBUTION if script == DISTRIBUTION else "python -m bot"


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "(not installed: its version is in pyproject.toml)"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=program_name(), description="The Recording Troubleshooter bot.")
    p.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the bot's HTTP endpoint (POST /api/messages, GET /healthz)")
    serve.add_argument("--port", type=int, help="TCP port (default: $PORT, else 3978)")
    serve.add_argument("--sdk", choices=("botbuilder", "agents"),
                       help="the SDK that hosts the bot: botbuilder 4.17.1, or the Microsoft 365 Agents SDK "
                            "(pip install 'recording-troubleshooter[agents]') (default: $BOT_SDK, else botbuilder)")
    sub.add_parser("chat", help="talk to the bot in this terminal")
    playground = sub.add_parser("playground", help="the bot plus the Microsoft 365 Agents Playground, a local Teams")
    playground.add_argument("--port", type=int, default=0, help="the bot's port (default: a free one)")
    playground.add_argument("--playground-port", type=int, default=56150, help="the Playground's port")
    playground.add_argument("--channel", choices=("msteams", "webchat"), default="msteams",
                            help="Teams (default), or Bot Framework Web Chat")
    ask = sub.add_parser("ask", help="answer one message (or one per stdin line) without a conversation")
    ask.add_argument("text", nargs="?", help="the message; omitted: read one message per line from stdin")
    ask.add_argument("--json", action="store_true",
                     help='print {"topic", "answer", "sources"} as JSON, plus "candidates" when the topic is unclear')
    ask.add_argument("--explain", action="store_true",
                     help="show why the message got its topic (cues, model, examples)")
    sub.add_parser("purge", help="delete sessions untouched for BOT_STATE_TTL_DAYS")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except SettingsError as error:
        print(f"{program_name()} {args.command}: configuration error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{program_name()} {args.command}: {error.strerror or error}", file=sys.stderr)
        return 1


def run(args: argparse.Namespace) -> int:
    if args.command == "serve":
        settings = Settings.from_env(port=args.port, sdk=args.sdk)  # checked before the SDK's slow import
        from bot.web.app import serve
        serve(settings)
        return 0
    if args.command == "playground":
        from bot.cli.playground import free_port, run as playground
        return playground(args.port or free_port(), args.playground_port, args.channel)
    if args.command == "purge":
        return run_purge(Settings.from_env())
    from dialogs.engine import Engine
    if args.command == "chat":
        from bot.cli.chat import run as chat
        return chat(Engine())
    from bot.cli.ask import ask_lines, ask_one
    if args.text is None:
        ask_lines(Engine(), sys.stdin, args.json, sys.stdout, explain=args.explain)
        return 0
    if not args.text.strip():
        print(f"{program_name()} ask: the message is empty; give some text, or none to read stdin", file=sys.stderr)
        return 2
    ask_one(Engine(), args.text, args.json, sys.stdout, explain=args.explain)
    return 0


def run_purge(settings: Settings) -> int:
    """Purge expired sessions; with no database file yet there is nothing to purge, and none is created."""
    if settings.storage == "sqlite" and not Path(settings.state_path).exists():
        print(f"no state database at {settings.state_path} (BOT_STATE_PATH): nothing to purge")
        return 0
    from bot.storage import purge
    print(f"purged {purge(settings)} expired session(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
