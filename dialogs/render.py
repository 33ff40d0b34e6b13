"""Words live in templates: this module only finds the template and hands it the knowledge.

Templates get the knowledge through :class:`CitingKnowledge`, which remembers
every entry a template quotes, so each reply can end with the guide sections it
came from. Where the 2021 guide is out of date, a quote of it is followed by the
update that supersedes it ("Update, 2024: ..."), its year taken from the
updates document. The guide's pointers at its pictures ("as displayed in the
following screenshot") are left out of every quote, since a chat never shows them
(:attr:`knowledge.store.Entry.quotable`). User-supplied text reaches templates only
as variables passed through the ``md`` filter; it is never compiled as a template.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from knowledge.store import Knowledge

TEMPLATES = Path(__file__).resolve().parent / "templates"
_MD_SPECIAL = "\\`*_[]<>#|~"  # characters that start markdown formatting
# The guide's sentences that point at a table the chat did not show: one above ("this example"), or one below.
# What a command shows where its values go, by the name a template fills it with: no angle brackets, which Teams
# reads as markup (the Agents Playground shows "&lt;UPN&gt;" in a code block), and no braces, which it hides.
PLACEHOLDERS = {"UPN": "user@contoso.com", "name": "POLICY-NAME", "consent": "-ExplicitRecordingConsent Disabled"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*_(])")
_POINTS_AT_EXAMPLE = re.compile(r"\b(this|the) example\b", re.IGNORECASE)
_POINTS_AT_TABLE_BELOW = re.compile(r"\bthe following table\b", re.IGNORECASE)


def escape_markdown(value) -> str:
    """Show user text as typed: markdown punctuation escaped, line breaks folded."""
    text = " ".join(str(value).split())
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in text)


@dataclass
class CitingKnowledge:
    """The knowledge as templates see it: every lookup is recorded as a citation."""

    kb: Knowledge
    update_template: Template
    cited: list[str] = field(default_factory=list)
    shown_updates: list[str] = field(default_factory=list)
    unseen: Callable[[str, dict], str] = lambda template, context: ""  # renders what stands in for a picture or table
    # What quoting an entry or showing an update renders depends on the knowledge alone, so the renderer keeps
    # it for every reply: id -> (the text, the entries it uses in order, the entries whose updates follow it).
    rendered: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)

    def _use(self, entry_id: str):
        entry = self.kb.get(entry_id)
        if entry_id not in self.cited:
            self.cited.append(entry_id)
        return entry

    def fact(self, entry_id: str) -> str:
        """An entry's own words (inline markdown), for a sentence of the guide."""
        return self._said(self._use(entry_id))

    def sentence(self, entry_id: str, n: int) -> str:
        """The n-th sentence (from 1) of an entry, in its own words: a fact said in one line, still cited."""
        entry = self._use(entry_id)
        sentences = _SENTENCE_END.split(entry.markdown.strip())
        if not 1 <= n <= len(sentences):
            raise ValueError(f"'{entry_id}' has {len(sentences)} sentences, not {n}")
        return sentences[n - 1]

    def quote_from(self, entry_id: str, n: int) -> str:
        """An entry's sentences from the n-th on, as a block quote: the rest of a paragraph whose first sentences
        the reply has said already, so that "more on that" does not say them twice."""
        entry = self._use(entry_id)
        sentences = _SENTENCE_END.split(entry.markdown.strip())
        if not 1 <= n <= len(sentences):
            raise ValueError(f"'{entry_id}' has {len(sentences)} sentences, not {n}")
        return _block_quote(" ".join(sentences[n - 1:]))

    def quote(self, entry_id: str) -> str:
        """An entry as a block quote, so the user sees it is the guide speaking.

        A paragraph that ends with a colon is quoted with the list it introduces;
        the blank line after the quote keeps two quotes in a row apart. When the
        updates document supersedes what is quoted, the update follows it.
        """
        key = "quote:" + entry_id
        if key not in self.rendered:
            self.rendered[key] = self._render_quote(entry_id)
        text, used, quoted = self.rendered[key]
        for used_id in used:
            self._use(used_id)
        return text + self._updates_of(list(quoted))

    def _render_quote(self, entry_id: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        entry = self.kb.get(entry_id)
        text = self._said(entry)
        following = self.kb.continuation(entry)
        if following is not None:
            text += "\n" + following.quotable
        before, after = self._table_pointed_at(entry, _POINTS_AT_EXAMPLE, -1), \
            self._table_pointed_at(entry, _POINTS_AT_TABLE_BELOW, 1)
        quoted = tuple([entry.id] + [e.id for e in (following, before, after) if e is not None])
        used = tuple([entry.id] + [table.id for table in (before, after) if table is not None])
        # the example a sentence points at is quoted with it, so both go behind "Why?" together
        shown = _joined(self._quoted_table(before), _block_quote(text), ">\n")
        return _joined(shown, self._quoted_table(after), ">\n"), used, quoted

    def _said(self, entry) -> str:
        """What the guide says in an entry, as the chat can show it: a picture's description is labelled as one."""
        if entry.kind == "image":
            return self.unseen("picture.j2", {"alt": entry.text})
        return entry.quotable

    def _neighbour(self, entry, step: int, kind: str):
        """The nearest entry of ``kind`` before (step -1) or after (step 1) ``entry`` in its section."""
        ids = self.kb.ids()
        at = ids.index(entry.id) + step
        while 0 <= at < len(ids) and self.kb.get(ids[at]).section == entry.section:
            if self.kb.get(ids[at]).kind == kind:
                return self.kb.get(ids[at])
            at += step
        return None

    def _table_pointed_at(self, entry, pointer: re.Pattern, step: int):
        """The table a sentence refers to ("this example": the one above; "the following table": the one below)."""
        return self._neighbour(entry, step, "table") if pointer.search(entry.text) else None

    def _quoted_table(self, table) -> str:
        return _block_quote(_tidy(self._table(table))) if table is not None else ""

    def _table(self, table) -> str:
        """A table as a list, since the chat never showed it ('' for no table)."""
        if table is None:
            return ""
        return self.unseen("example_table.j2", {"header": table["header"], "rows": table["rows"]})

    def steps(self, entry_id: str) -> str:
        """A numbered procedure (or a list) exactly as the guide gives it, then any update of it."""
        markdown = self._use(entry_id).quotable
        updates = self._updates_of([entry_id])
        return markdown + ("\n" + updates if updates else "")

    def updates(self, entry_id: str) -> str:
        """The updates of a guide entry quoted inline with :meth:`fact` ('' when it is current)."""
        self.kb.get(entry_id)
        return self._updates_of([entry_id])

    def update(self, section_id: str) -> str:
        """One section of the updates document as "Update, YEAR: ...", with its source and link.

        Shown once per reply: a second request (or a second guide entry it supersedes) adds nothing.
        """
        key = "update:" + section_id
        if key not in self.rendered:
            self.rendered[key] = self._render_update(section_id)
        block, used, _ = self.rendered[key]
        if section_id in self.shown_updates:
            return ""
        self.shown_updates.append(section_id)
        for used_id in used:
            self._use(used_id)
        return block

    def _render_update(self, section_id: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        section = self.kb.get(section_id)
        source = self.kb.source_line(section.id)
        if section.kind != "section" or source is None:
            raise ValueError(f"'{section_id}' is not a dated section of the updates document")
        facts = self.kb.facts(section.id)
        body = "\n".join(entry.markdown for entry in facts)
        block = _block_quote(self.update_template.render(year=section.year, body=body, source=source.markdown).strip())
        return block, tuple(entry.id for entry in (*facts, source)), ()

    def command(self, entry_id: str, **values: str) -> str:
        """A code entry (a PowerShell line) with its placeholders (``PLACEHOLDERS``) filled in where known."""
        entry = self._use(entry_id)
        if entry.kind != "code":
            raise ValueError(f"'{entry_id}' is a {entry.kind}, not a code block")
        code = entry.text
        for name, value in values.items():
            if value is None:
                continue
            if any(c in str(value) for c in "`\r\n"):
                raise ValueError(f"{name} cannot go into a command: it has a backtick or a line break")
            code = code.replace(PLACEHOLDERS[name], str(value))
        return f"```{entry.get('language', '')}\n{code}\n```"

    def _updates_of(self, entry_ids: list[str]) -> str:
        """Each update once, after a blank line so that it is a quote of its own, not the guide's."""
        shown = [self.update(u.id) for i in entry_ids for u in self.kb.updates_for(i)]
        return "".join("\n" + block for block in shown if block)

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
                               autoescape=False, trim_blocks=True, lstrip_blocks=True,
                               auto_reload=False)  # the templates ship with the code: no stat() per render
        self.env.filters["md"] = escape_markdown
        self.env.filters["sentence"] = lambda text: text[:1].upper() + text[1:]  # jinja's capitalize lowers the rest
        self.env.filters["clause"] = lambda text: text[:1].lower() + text[1:]  # a list item read on in a sentence
        self.env.filters["after_lead"] = lambda text: text.split(": ", 1)[-1]  # "Agreeing later, ...: in the app ..."
        self._templates: dict[str, Template] = {}
        self._rendered: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}  # see CitingKnowledge.rendered

    def template(self, name: str) -> Template:
        """A template, compiled on first use and kept: jinja's own cache locks and reorders a queue on every hit."""
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.env.get_template(name)
            found.globals = dict(found.globals)  # a ChainMap over the environment's, walked again for every render
        return found

    def citing(self) -> CitingKnowledge:
        return CitingKnowledge(self.kb, self.template("update.j2"),
                               unseen=lambda template, context: self.page(template, **context), rendered=self._rendered)

    def has_block(self, template: str, block: str) -> bool:
        return block in self.template(template).blocks

    def block(self, template: str, block: str, **context) -> str:
        """One named block of a template, e.g. the question of ``check_policy.j2``."""
        tmpl = self.template(template)
        return _tidy("".join(tmpl.blocks[block](tmpl.new_context(context))))

    def page(self, template: str, **context) -> str:
        return _tidy(self.template(template).render(**context))


def _block_quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines()) + "\n"


def _joined(first: str, second: str, between: str = " ") -> str:
    return between.join(part for part in (first, second) if part)


def _tidy(text: str) -> str:
    """Template whitespace is for people editing templates, not for chat messages."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)
