"""python -m bot serve | chat | ask | purge"""
from __future__ import annotations

import argparse
import sys

from .settings import Settings, SettingsError


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="The Recording Troubleshooter bot.")
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the bot's HTTP endpoint (POST /api/messages, GET /healthz)")
    serve.add_argument("--port", type=int, help="TCP port (default: $PORT, else 3978)")
    sub.add_parser("chat", help="talk to the bot in this terminal")
    ask = sub.add_parser("ask", help="answer one message (or one per stdin line) without a conversation")
    ask.add_argument("text", nargs="?", help="the message; omitted: read one message per line from stdin")
    ask.add_argument("--json", action="store_true", help='print {"topic", "answer", "sources"} as JSON')
    sub.add_parser("purge", help="delete sessions untouched for BOT_STATE_TTL_DAYS")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except SettingsError as error:
        print(f"python -m bot {args.command}: configuration error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"python -m bot {args.command}: {error.strerror or error}", file=sys.stderr)
        return 1


def run(args: argparse.Namespace) -> int:
    if args.command == "serve":
        settings = Settings.from_env(port=args.port)  # checked before the SDK's slow import
        from .app import serve
        serve(settings)
        return 0
    if args.command == "purge":
        from .storage import purge
        print(f"purged {purge(Settings.from_env())} expired session(s)")
        return 0
    from dialogs.engine import Engine
    if args.command == "chat":
        from .chat import run as chat
        return chat(Engine())
    from .ask import ask_lines, ask_one
    if args.text is None:
        ask_lines(Engine(), sys.stdin, args.json, sys.stdout)
        return 0
    if not args.text.strip():
        print("python -m bot ask: the message is empty; give some text, or none to read stdin", file=sys.stderr)
        return 2
    ask_one(Engine(), args.text, args.json, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
