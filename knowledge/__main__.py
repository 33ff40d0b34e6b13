"""python -m knowledge build [--check] | show ID | search "TEXT"."""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from knowledge.build import GENERATED_DIR, SOURCE_DIR, generate, stale_files, write
from knowledge.store import Knowledge, UnknownEntry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="regenerate knowledge/generated from knowledge/source")
    build.add_argument("--check", action="store_true", help="fail if generated/ is stale; write nothing")
    build.add_argument("--source", type=Path, default=SOURCE_DIR)
    build.add_argument("--out", type=Path, default=GENERATED_DIR)
    show = sub.add_parser("show", help="print one entry")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    search = sub.add_parser("search", help="rank entries for a question")
    search.add_argument("text")
    search.add_argument("-k", type=int, default=3)
    search.add_argument("--json", action="store_true")
    for p in (show, search):
        p.add_argument("--knowledge", type=Path, default=GENERATED_DIR, help="generated knowledge folder")
    args = parser.parse_args(argv)
    return {"build": run_build, "show": run_show, "search": run_search}[args.command](args)


def run_build(args) -> int:
    result = generate(args.source)
    for issue in result.issues:
        print(issue, file=sys.stderr)
    if not result.ok:
        print(f"build failed: {len(result.errors)} error(s); nothing written", file=sys.stderr)
        return 1
    if args.check:
        stale = stale_files(result, args.out)
        for name in stale:
            print(f"{args.out / name}: stale; run 'python -m knowledge build'", file=sys.stderr)
        return 1 if stale else 0
    names = write(result, args.out)
    print(f"wrote {len(names)} file(s) to {args.out}: {', '.join(names)}")
    return 0


def run_show(args) -> int:
    knowledge = Knowledge.from_dir(args.knowledge)
    try:
        entry = knowledge.get(args.id)
    except UnknownEntry as error:
        print(error, file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(entry.data, ensure_ascii=False, indent=2))
    else:
        print(_describe(knowledge, entry))
    return 0


def run_search(args) -> int:
    knowledge = Knowledge.from_dir(args.knowledge)
    hits = knowledge.search(args.text, args.k)
    if args.json:
        print(json.dumps([{"id": h.entry.id, "score": h.score, "section": h.section["title"],
                           "text": h.entry.text} for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("no entry matches that question")
        return 1
    for hit in hits:
        print(f"{hit.score:6.2f}  {_describe(knowledge, hit.entry)}\n")
    return 0


def _describe(knowledge: Knowledge, entry) -> str:
    cite = knowledge.cite(entry.id)
    kind = entry.kind + (f" ({entry['callout']})" if entry.get("callout") else "")
    head = f"{entry.id}  [{kind}]  {cite['source']}:{cite['lines'][0]}-{cite['lines'][1]}  § {cite['section']}"
    return head + "\n" + textwrap.indent(entry.markdown, "    ")


if __name__ == "__main__":
    sys.exit(main())
