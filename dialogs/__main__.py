"""python -m dialogs graph | train [--check]: the flow as a Mermaid diagram; the triage model, trained or checked."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from transitions.extensions import GraphMachine

from dialogs import flow


CHOICE_NODE = "next_check"


def mermaid() -> str:
    """The declared table with ``NEXT`` drawn as one choice node; the from-anywhere rows
    (jumps, restart) are left out because they would hide the flow."""
    rows = [{**row, "dest": CHOICE_NODE if row["dest"] == flow.NEXT else row["dest"]}
            for row in flow.TABLE if row["source"] != "*"]
    rows += [{"trigger": "leads_to_next", "source": CHOICE_NODE, "dest": dest}
             for dest in (*flow.CHECKS, "escalate")]
    machine = GraphMachine(model=None, states=[*flow.STATES, CHOICE_NODE], transitions=rows, initial="welcome",
                           auto_transitions=False, graph_engine="mermaid", show_conditions=True,
                           title="Recording Troubleshooter")

    class _Model:
        get_graph: Any  # added by GraphMachine when the model is attached

    model = _Model()
    machine.add_model(model)
    lines = model.get_graph().draw(None).splitlines()
    lines = [f'  state "next check" as {CHOICE_NODE}' if line.strip().startswith(f'state "{CHOICE_NODE}"')
             else line.rstrip() for line in lines if "classDef" not in line and "Class " not in line]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dialogs", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("graph", help="print the conversation flow as a Mermaid state diagram")
    train = sub.add_parser("train", help="train the triage model from the labelled examples")
    train.add_argument("--check", action="store_true", help="fail if the committed model is stale")
    args = parser.parse_args(argv)
    if args.command == "train":
        try:
            return _train(args.check)
        except ValueError as error:  # a topic table or labelled set that can't be read: say where
            print(f"python -m dialogs train: {error}", file=sys.stderr)
            return 2
    sys.stdout.write(mermaid())
    return 0


def _train(check: bool) -> int:
    from dialogs.train import MODEL_PATH, is_current, train  # noqa: PLC0415 - only this command needs it

    if check:
        if is_current():
            print(f"{MODEL_PATH.name} is current")
            return 0
        print(f"{MODEL_PATH.name} is stale: the examples, topic tables or knowledge changed; "
              "run python -m dialogs train and commit the result", file=sys.stderr)
        return 1
    model = train()
    print(f"wrote {MODEL_PATH.relative_to(MODEL_PATH.parents[2])}: {len(model.classes)} topics")
    return 0


if __name__ == "__main__":
    sys.exit(main())
