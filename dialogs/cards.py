"""Adaptive Cards (schema 1.5, the newest Teams renders everywhere) built from rendered words."""
from __future__ import annotations

CARD_VERSION = "1.5"


def question_card(state: str, question: str, choices: list[tuple[str, str]], note: str = "") -> dict:
    """One ``Action.Submit`` per choice; its data is what a click sends back to the engine."""
    body = [{"type": "TextBlock", "text": question, "wrap": True, "weight": "Bolder", "size": "Medium"}]
    if note:
        body.append({"type": "TextBlock", "text": note, "wrap": True, "isSubtle": True, "spacing": "Small"})
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "fallbackText": fallback_text(question, choices),
        "body": body,
        "actions": [{"type": "Action.Submit", "title": title, "data": {"state": state, "answer": choice}}
                    for choice, title in choices],
    }


def command_card(text: str, buttons: list[tuple[dict, str]], title: str = "") -> dict:
    """A card whose buttons send commands or answers given as ``data`` (the welcome card).

    The title is a heading of its own and each paragraph its own TextBlock: Teams draws
    the paragraphs of one TextBlock with no space between them.
    """
    heading = [{"type": "TextBlock", "text": title, "wrap": True, "weight": "Bolder", "size": "Medium"}] if title else []
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "fallbackText": fallback_text("\n\n".join(filter(None, [title, text])), [("", t) for _, t in buttons]),
        "body": heading + [{"type": "TextBlock", "text": p, "wrap": True, "spacing": "Medium"} for p in paragraphs],
        "actions": [{"type": "Action.Submit", "title": label, "data": data} for data, label in buttons],
    }


def fallback_text(question: str, choices: list[tuple[str, str]]) -> str:
    """What clients that can't show cards display: the question and the answers to type."""
    options = "\n".join(f"{n}. {title}" for n, (_, title) in enumerate(choices, start=1))
    return f"{question}\n{options}" if options else question


def choices_of(card: dict) -> list[tuple[dict, str]]:
    """The buttons of a card as (data, title): what a text client offers as numbered choices."""
    return [(action.get("data", {}), action.get("title", "")) for action in card.get("actions", [])
            if action.get("type") == "Action.Submit"]


def confirm_card(state: str, choice: str, question: str, yes: str, no: str) -> dict:
    """ "So it's off?" with Yes (the answer itself, as its button would send it) and No (ask again)."""
    card = question_card(state, question, [(choice, yes)])
    card["actions"].append({"type": "Action.Submit", "title": no, "data": {"state": state, "confirm": "no"}})
    card["fallbackText"] = fallback_text(question, [("", yes), ("", no)])
    return card


def with_details(card: dict, title: str, details: str) -> dict:
    """The card with a "Why? / Sources" part that opens in place (Action.ShowCard, schema 1.2 and later).

    Quotes become plain paragraphs in an emphasised container: a TextBlock shows no markdown quotes.
    """
    blocks = []
    for paragraph in (p.strip() for p in details.split("\n\n") if p.strip()):
        quoted = all(line.startswith(">") for line in paragraph.splitlines() if line.strip()) or \
            paragraph.splitlines()[-1].startswith(">")
        lines = [line[1:].strip() if line.startswith(">") else line for line in paragraph.splitlines()]
        text = "\n".join(line for line in lines if line)
        block = {"type": "TextBlock", "text": text, "wrap": True, "spacing": "Medium"}
        blocks.append({"type": "Container", "style": "emphasis", "items": [block]} if quoted else block)
    show = {"type": "Action.ShowCard", "title": title,
            "card": {"type": "AdaptiveCard", "version": CARD_VERSION, "body": blocks}}
    return {**card, "actions": [*card.get("actions", []), show]}
