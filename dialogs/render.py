"""Words live in templates: this module only finds the template and hands it the knowledge.

Templates get the knowledge through :class:`CitingKnowledge`, which remembers
every entry a template quotes, so each reply can end with the guide sections it
came from. User-supplied text reaches templates only as variables passed
through the ``md`` filter; it is never compiled as a template.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from knowledge.store import Knowledge

TEMPLATES = Path(__file__).resolve().parent / "templates"
_MD_SPECIAL = "\\`*_[]<>#|~"  # characters that start markdown formatting


def escape_markdown(value) -> str:
    """Show user text as typed: markdown punctuation escaped, line breaks folded."""
    text = " ".join(str(value).split())
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in text)


@dataclass
class CitingKnowledge:
    """The knowledge as templates see it: every lookup is recorded as a citation."""

    kb: Knowledge
    cited: list[str] = field(default_factory=list)

    def _use(self, entry_id: str):
        entry = self.kb.get(entry_id)
        if entry_id not in self.cited:
            self.cited.append(entry_id)
        return entry

    def fact(self, entry_id: str) -> str:
        """An entry's own words (inline markdown), for a sentence of the guide."""
        return self._use(entry_id).markdown

    def quote(self, entry_id: str) -> str:
        """An entry as a block quote, so the user sees it is the guide speaking.

        A paragraph that ends with a colon is quoted with the list it introduces;
        the blank line after the quote keeps two quotes in a row apart.
        """
        entry = self._use(entry_id)
        text = entry.markdown
        following = self.kb.continuation(entry)
        if following is not None:
            text += "\n" + following.markdown
        return "\n".join("> " + line if line else ">" for line in text.splitlines()) + "\n"

    def steps(self, entry_id: str) -> str:
        """A numbered procedure (or a list) exactly as the guide gives it."""
        return self._use(entry_id).markdown

    def link(self, entry_id: str, n: int = 0) -> str:
        return self._use(entry_id)["links"][n]["url"]

    def sources(self) -> list[dict]:
        """Cited sections, once each, in the order first cited."""
        seen, out = set(), []
        for entry_id in self.cited:
            cite = self.kb.cite(entry_id)
            if cite["section_id"] not in seen:
                seen.add(cite["section_id"])
                out.append(cite)
        return out


class Renderer:
    def __init__(self, kb: Knowledge, directory: Path = TEMPLATES):
        self.kb = kb
        self.env = Environment(loader=FileSystemLoader(str(directory)), undefined=StrictUndefined,
                               autoescape=False, trim_blocks=True, lstrip_blocks=True)
        self.env.filters["md"] = escape_markdown

    def citing(self) -> CitingKnowledge:
        return CitingKnowledge(self.kb)

    def has_block(self, template: str, block: str) -> bool:
        return block in self.env.get_template(template).blocks

    def block(self, template: str, block: str, **context) -> str:
        """One named block of a template, e.g. the question of ``check_policy.j2``."""
        tmpl = self.env.get_template(template)
        return _tidy("".join(tmpl.blocks[block](tmpl.new_context(context))))

    def page(self, template: str, **context) -> str:
        return _tidy(self.env.get_template(template).render(**context))


def _tidy(text: str) -> str:
    """Template whitespace is for people editing templates, not for chat messages."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)
