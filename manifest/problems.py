"""One finding about a package, named by the field or file it is about."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Union

Part = Union[str, int]


@dataclass(frozen=True)
class Problem:
    """``field`` is a JSON path (``bots[0].botId``) or a file in the zip (``outline.png``)."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def json_path(parts: Iterable[Part]) -> str:
    """``["bots", 0, "botId"]`` -> ``bots[0].botId``; the root is ``manifest.json``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "manifest.json"


def walk_strings(node, parts: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string in a JSON document, keys included, with the path that leads to it."""
    if isinstance(node, str):
        yield parts, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield parts + (key,), key
            yield from walk_strings(value, parts + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_strings(value, parts + (index,))
