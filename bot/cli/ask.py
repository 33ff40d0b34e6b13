"""``python -m bot ask``: one question, one answer, through the triage the chat uses."""
from __future__ import annotations

import json
from typing import Iterable, TextIO

from dialogs.engine import Engine


def ask_one(engine: Engine, text: str, as_json: bool, out: TextIO, explain: bool = False) -> None:
    answer = engine.ask(text)
    if explain:
        answer["explain"] = engine.explain(text)
    if as_json:
        out.write(json.dumps(answer, ensure_ascii=False) + "\n")
    else:
        out.write(_readable(answer) + "\n")
    out.flush()


def ask_lines(engine: Engine, lines: Iterable[str], as_json: bool, out: TextIO, explain: bool = False) -> int:
    """One answer per non-blank line, written as each is read, so it works in a pipe."""
    count = 0
    for line in lines:
        if line.strip():
            ask_one(engine, line.strip(), as_json, out, explain)
            count += 1
    return count


def _readable(answer: dict) -> str:
    topic = answer["topic"] + (f": {', '.join(answer['candidates'])}" if answer.get("candidates") else "")
    lines = [f"[{topic}]", answer["answer"].strip()]
    if answer.get("explain"):
        lines = [answer["explain"], ""] + lines
    sources = answer.get("sources") or []
    if sources:
        lines.append("Sources:")
        lines += [f"  - {_source(s)}" for s in sources]
    return "\n".join(lines) + "\n"


def _source(source) -> str:
    if isinstance(source, dict):
        return " ".join(str(source[k]) for k in ("section", "title", "url", "file", "line") if source.get(k))
    return str(source)
