"""Turn one Microsoft Learn markdown document into knowledge entries.

markdown-it-py does the parsing (CommonMark + tables + GitHub alerts); the only
syntax it does not know is Learn's ``:::image ... :::`` directive, which a small
block rule below turns into a token of its own. Everything the parser yields
becomes an entry with its file and 1-based line span, so the bot can cite it.

Problems never crash the build and never lose content silently: each one is an
:class:`Issue` naming file and line. Errors stop the build; warnings describe a
documented fallback (see docs/knowledge.md).
"""
from __future__ import annotations

import datetime
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token
from mdit_py_plugins.anchors.index import slugify

CALLOUT_KINDS = ("note", "tip", "important", "caution", "warning")
ATTRIBUTION_PREFIX = "Attribution:"
SOURCE_PREFIX = "Source:"
SUPERSEDES_PREFIX = "supersedes:"
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class Issue:
    path: str
    line: int
    message: str
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


@dataclass
class Document:
    source: str
    title: str
    attribution: str
    entries: list[dict] = field(default_factory=list)
    # (entry id it supersedes, line of the comment) for every ``supersedes`` target, checked by the build
    supersedes: list[tuple[str, int]] = field(default_factory=list)


def make_parser() -> MarkdownIt:
    """CommonMark with tables, GitHub alerts and Learn's image directive."""
    md = MarkdownIt("commonmark", {"alerts": True}).enable("table")
    md.block.ruler.before("paragraph", "learn_image", _learn_image_rule)
    return md


def _learn_image_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Tokenize ``:::image key="value" ...:::`` (one or several lines) as ``learn_image``."""
    first = state.src[state.bMarks[start] + state.tShift[start]: state.eMarks[start]]
    if not first.startswith(":::image") or first.startswith(":::image-end"):
        return False
    if silent:
        return True
    line, body = start, first
    while not body.rstrip().endswith(":::") or body.rstrip() == ":::image":
        line += 1
        if line >= end:
            token = state.push("learn_image_unclosed", "", 0)
            token.map = [start, start + 1]
            token.content = first
            state.line = start + 1
            return True
        body += " " + state.src[state.bMarks[line] + state.tShift[line]: state.eMarks[line]].strip()
    token = state.push("learn_image", "img", 0)
    token.map = [start, line + 1]
    token.content = body.strip()[len(":::image"):-3].strip()
    state.line = line + 1
    return True


class _Sections:
    """Assigns heading ids that are unique across the whole knowledge base."""

    def __init__(self, taken: set[str]):
        self.taken = taken
        self.stack: list[tuple[int, str]] = []

    def open(self, title: str, level: int) -> tuple[str, str | None]:
        base = slugify(title.strip()) or "section"
        section_id, n = base, 1
        while section_id in self.taken:
            n += 1
            section_id = f"{base}-{n}"
        self.taken.add(section_id)
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack else None
        self.stack.append((level, section_id))
        return section_id, parent


class _DocumentBuilder:
    """Walks markdown-it's token stream and collects entries and issues."""

    def __init__(self, path: str, lines: list[str], taken: set[str]):
        self.path = path
        self.lines = lines
        self.sections = _Sections(taken)
        self.entries: list[dict] = []
        self.issues: list[Issue] = []
        self.counters: dict[tuple[str, str], int] = {}
        self.section = ""
        self.attribution = ""
        self.last_paragraph: dict | None = None
        self.sources: dict[str, dict] = {}  # section id -> its Source: entry
        self.supersedes: dict[str, list[tuple[str, int]]] = {}  # section id -> [(target id, line)]

    # --- helpers -------------------------------------------------------
    def issue(self, token_map, message: str, level: str = "error") -> None:
        line = token_map[0] + 1 if token_map else 1
        self.issues.append(Issue(self.path, line, message, level))

    def new_id(self, kind: str) -> str:
        key = (self.section, kind)
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{self.section}/{kind}-{self.counters[key]}"

    def add(self, kind: str, token_map, **fields) -> dict:
        entry = {
            "id": self.new_id(kind),
            "kind": kind,
            "section": self.section,
            "source": self.path,
            "lines": [token_map[0] + 1, token_map[1]],
        }
        entry.update(fields)
        self.entries.append(entry)
        return entry

    # --- the walk ------------------------------------------------------
    def run(self, tokens: list[Token], title: str) -> None:
        root_id, _ = self.sections.open(title, 1)
        self.section = root_id
        last_line = len(self.lines)
        self.entries.append(_section_entry(root_id, title, 1, None, self.path, [1, last_line]))
        i = 0
        while i < len(tokens):
            i = self.block(tokens, i)
        self.close_section_spans(last_line)
        self.attach_sources()

    def attach_sources(self) -> None:
        """Give every entry of a sourced section its date and page; a document that cites sources must cite
        them in every section below its title, so no fact stands without one."""
        sections = {e["id"]: e for e in self.entries if e["kind"] == "section"}
        for section_id, targets in self.supersedes.items():
            if section_id not in self.sources:
                self.issue([targets[0][1] - 1], f"section '{section_id}' supersedes guide entries but has no "
                                                "Source line with the date and page of the update")
            sections[section_id]["supersedes"] = [target for target, _ in targets]
        if not self.sources:
            return
        for section in list(sections.values())[1:]:
            if section["id"] not in self.sources:
                self.issue([section["lines"][0] - 1], f"section '{section['id']}' has no Source line: "
                                                      "every fact needs its public page and date")
        for entry in self.entries:
            source = self.sources.get(entry["section"])
            if source is not None:
                entry["date"] = source["date"]
                entry["url"] = source["links"][0]["url"] if source["links"] else ""

    def block(self, tokens: list[Token], i: int) -> int:
        token = tokens[i]
        handler = getattr(self, f"on_{token.type}", None)
        if handler is None:
            return i + 1
        return handler(tokens, i)

    def on_heading_open(self, tokens, i):
        token, inline = tokens[i], tokens[i + 1]
        level = int(token.tag[1:])
        title = _plain(inline)
        if level == 1 and len(self.entries) == 1:
            self.entries[0]["title"] = self.entries[0]["text"] = title  # the document's own title
            return i + 3
        section_id, parent = self.sections.open(title, level)
        if section_id != (slugify(title.strip()) or "section"):
            self.issue(token.map, f"heading '{title}' repeats an earlier title; its id is '{section_id}'",
                       "warning")
        self.section = section_id
        self.entries.append(_section_entry(section_id, title, level, parent, self.path,
                                           [token.map[0] + 1, token.map[1]]))
        self.last_paragraph = None
        return i + 3

    def on_paragraph_open(self, tokens, i):
        token, inline = tokens[i], tokens[i + 1]
        text = _plain(inline)
        if text.startswith("[!"):
            self.issue(token.map, f"callout marker '{text.split()[0]}' is malformed or of an unknown kind "
                                  f"(known: {', '.join(k.upper() for k in CALLOUT_KINDS)})")
        if text.startswith(SOURCE_PREFIX):
            self.source_line(token, inline, text)
            return i + 3
        self.last_paragraph = self.add("paragraph", token.map, text=text, markdown=_markdown(inline),
                                       links=_links(inline))
        return i + 3

    def source_line(self, token, inline, text) -> None:
        """``Source: [page](url), dated YYYY-MM-DD.``: where the facts of this section come from, and when."""
        links = _links(inline)
        dates = _ISO_DATE.findall(text)
        if self.section in self.sources:
            self.issue(token.map, f"section '{self.section}' has a second Source line; give one per section, "
                                  "with every page in it")
        if not links:
            self.issue(token.map, "Source line has no link: name the public page that states the facts")
        if len(dates) != 1:
            self.issue(token.map, f"Source line needs exactly one date written YYYY-MM-DD (found {len(dates)})")
            return
        date = "-".join(dates[0])
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            self.issue(token.map, f"Source line date {date} is not a real date")
            return
        self.sources[self.section] = self.add("source", token.map, text=text, markdown=_markdown(inline),
                                              links=links, date=date)
        self.last_paragraph = None

    def on_html_block(self, tokens, i):
        content = tokens[i].content.strip()
        comment = content[4:-3].strip() if content.startswith("<!--") and content.endswith("-->") else None
        if content.startswith("<!--") and ATTRIBUTION_PREFIX in content and not self.attribution:
            self.attribution = content[4:-3].strip()[len(ATTRIBUTION_PREFIX):].strip()
        elif comment is not None and comment.lower().startswith(SUPERSEDES_PREFIX):
            self.supersedes_comment(tokens[i], comment[len(SUPERSEDES_PREFIX):])
        elif not content.startswith("<!--"):
            self.issue(tokens[i].map, "raw HTML block kept as plain text", "warning")
            self.add("paragraph", tokens[i].map, text=content, markdown=content, links=[])
        return i + 1

    def supersedes_comment(self, token, targets: str) -> None:
        """``<!-- supersedes: ID, ID -->``: the guide entries this section brings up to date."""
        ids = [target.strip() for target in targets.split(",") if target.strip()]
        if not ids:
            self.issue(token.map, "supersedes comment names no entry id")
        line = token.map[0] + 1
        self.supersedes.setdefault(self.section, []).extend((target, line) for target in ids)

    def on_fence(self, tokens, i):
        """A fenced code block (a PowerShell command, say) is kept verbatim: the bot shows it as written."""
        token = tokens[i]
        language = token.info.strip().split()[0] if token.info.strip() else ""
        code = token.content.rstrip("\n")
        if not code.strip():
            self.issue(token.map, "code block is empty")
            return i + 1
        self.add("code", token.map, text=code, markdown=f"```{language}\n{code}\n```", language=language,
                 links=[])
        self.last_paragraph = None
        return i + 1

    on_code_block = on_fence

    def on_bullet_list_open(self, tokens, i):
        return self.list_entry(tokens, i, "list")

    def on_ordered_list_open(self, tokens, i):
        return self.list_entry(tokens, i, "procedure")

    def list_entry(self, tokens, i, kind):
        token = tokens[i]
        close = _matching_close(tokens, i)
        items = _list_items(tokens[i + 1: close])
        start = int(token.attrGet("start") or 1) if kind == "procedure" else 1
        lead = self.last_paragraph["id"] if self.last_paragraph and \
            self.last_paragraph["text"].endswith(":") else None
        entry = self.add(kind, token.map, text="", markdown="", lead=lead, items=[], links=[])
        key = "steps" if kind == "procedure" else "items"
        entry.pop("items")
        entry[key] = [
            {"id": f"{entry['id']}.{n}", "n": n, "text": text, "markdown": markdown}
            for n, (text, markdown, _) in enumerate(items, start=start)
        ]
        entry["text"] = " ".join(item["text"] for item in entry[key])
        entry["markdown"] = "\n".join(
            (f"{item['n']}. " if kind == "procedure" else "- ") + item["markdown"] for item in entry[key])
        entry["links"] = [link for _, _, links in items for link in links]
        self.last_paragraph = None
        return close + 1

    def on_alert_open(self, tokens, i):
        token = tokens[i]
        close = _matching_close(tokens, i)
        inlines = [t for t in tokens[i + 1: close] if t.type == "inline"][1:]  # [0] is the title
        kind = token.meta["kind"].lower()
        if not inlines:
            self.issue(token.map, f"callout [!{kind.upper()}] has no text")
        self.add("callout", token.map, callout=kind,
                 text=" ".join(_plain(t) for t in inlines),
                 markdown="\n\n".join(_markdown(t) for t in inlines),
                 links=[link for t in inlines for link in _links(t)])
        self.last_paragraph = None
        return close + 1

    def on_blockquote_open(self, tokens, i):
        token = tokens[i]
        close = _matching_close(tokens, i)
        inlines = [t for t in tokens[i + 1: close] if t.type == "inline"]
        text = " ".join(_plain(t) for t in inlines)
        if text.startswith("[!"):
            marker = text.split("]")[0] + "]" if "]" in text.split()[0] else text.split()[0]
            self.issue(token.map, f"callout marker '{marker}' is malformed or of an unknown kind "
                                  f"(write it alone on the first line, one of: "
                                  f"{', '.join('[!' + k.upper() + ']' for k in CALLOUT_KINDS)})")
        else:
            self.issue(token.map, "block quote without a callout marker kept as a quote", "warning")
        self.add("quote", token.map, text=text, markdown="\n\n".join(_markdown(t) for t in inlines),
                 links=[link for t in inlines for link in _links(t)])
        return close + 1

    def on_table_open(self, tokens, i):
        token = tokens[i]
        close = _matching_close(tokens, i)
        rows, row = [], None
        for t in tokens[i + 1: close]:
            if t.type == "tr_open":
                row = []
            elif t.type == "inline":
                row.append(_plain(t))
            elif t.type == "tr_close":
                rows.append(row)
        header, body = rows[0], rows[1:]
        self.check_ragged_rows(token.map, len(header))
        text = " ".join(", ".join(row) + "." for row in [header, *body])
        self.add("table", token.map, header=header, rows=body, text=text, markdown=_table_markdown(header, body),
                 links=[])
        return close + 1

    def check_ragged_rows(self, token_map, width: int) -> None:
        """markdown-it pads short rows and drops the cells of long ones; say so, never drop quietly."""
        for n in range(token_map[0], token_map[1]):
            if n == token_map[0] + 1:
                continue  # the delimiter row
            cells = escapedSplit(self.lines[n].strip().strip("|"))
            if len(cells) > width:
                self.issue([n, n + 1], f"table row has {len(cells)} cells but the header has {width}; "
                                       "the extra cells would be lost")
            elif len(cells) < width:
                self.issue([n, n + 1], f"table row has {len(cells)} cells, the header {width}; "
                                       "missing cells are left empty", "warning")

    def on_learn_image(self, tokens, i):
        token = tokens[i]
        try:
            attrs = dict(part.split("=", 1) for part in shlex.split(token.content) if "=" in part)
        except ValueError as error:
            self.issue(token.map, f"image directive has unbalanced quotes ({error})")
            return i + 1
        alt = attrs.get("alt-text", "").strip()
        if not alt:
            self.issue(token.map, "image directive has no alt-text: describe the picture so the bot can "
                                  "tell users what it shows")
            return i + 1
        self.add("image", token.map, text=alt, markdown=alt, src=attrs.get("source", ""), links=[])
        return i + 1

    def on_learn_image_unclosed(self, tokens, i):
        self.issue(tokens[i].map, "image directive ':::image' is never closed with ':::'")
        return i + 1

    def close_section_spans(self, last_line: int) -> None:
        """A section runs until the next heading of the same or a higher level."""
        sections = [e for e in self.entries if e["kind"] == "section"]
        for n, section in enumerate(sections[1:], start=1):
            following = [s for s in sections[n + 1:] if s["level"] <= section["level"]]
            section["lines"][1] = following[0]["lines"][0] - 1 if following else last_line


def parse_document(path: Path, relative: str, taken: set[str]) -> tuple[Document | None, list[Issue]]:
    """Parse one source file; ``taken`` holds the section ids already used by other files."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Issue(relative, line, f"not UTF-8 (byte 0x{raw[error.start]:02x}); "
                                            "save the file as UTF-8")]
    if not text.strip():
        return None, [Issue(relative, 1, "empty file: nothing to extract, skipped", "warning")]
    title = _title_from_name(path.stem)
    builder = _DocumentBuilder(relative, text.splitlines(), taken)
    tokens = make_parser().parse(text)
    builder.run(tokens, _first_h1(tokens) or title)
    document = Document(relative, _first_h1(tokens) or title, builder.attribution, builder.entries,
                        [pair for pairs in builder.supersedes.values() for pair in pairs])
    return document, builder.issues


# --- inline rendering --------------------------------------------------------

def _plain(inline: Token) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return " ".join("".join(parts).split())


def _markdown(inline: Token) -> str:
    """Inline content re-rendered as the markdown Teams understands (bold, italics, links, code)."""
    out = []
    for child in inline.children or []:
        if child.type == "text" or child.type == "html_inline":
            out.append(child.content)
        elif child.type in ("strong_open", "strong_close"):
            out.append("**")
        elif child.type in ("em_open", "em_close"):
            out.append("_")
        elif child.type == "code_inline":
            out.append(f"`{child.content}`")
        elif child.type == "link_open":
            out.append("[")
        elif child.type == "link_close":
            out.append(f"]({_pending_href(inline, child)})")
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return " ".join("".join(out).split())


def _pending_href(inline: Token, close: Token) -> str:
    children = inline.children or []
    index = next(n for n, child in enumerate(children) if child is close)  # tokens compare equal by value
    for child in reversed(children[:index]):
        if child.type == "link_open":
            return str(child.attrGet("href") or "")
    return ""


def _links(inline: Token) -> list[dict]:
    links, current = [], None
    for child in inline.children or []:
        if child.type == "link_open":
            current = {"text": "", "url": str(child.attrGet("href") or "")}
        elif child.type == "link_close" and current is not None:
            current["text"] = " ".join(current["text"].split())
            links.append(current)
            current = None
        elif current is not None and child.type in ("text", "code_inline"):
            current["text"] += child.content
    return links


def _list_items(tokens: list[Token]) -> list[tuple[str, str, list[dict]]]:
    """Each top-level item's text; nested lists are folded into their parent item."""
    items: list[tuple[str, str, list[dict]]] = []
    depth, current = 0, None  # type: int, tuple[list, list, list] | None
    for token in tokens:
        if token.type == "list_item_open":
            depth += 1
            if depth == 1:
                current = ([], [], [])
        elif token.type == "list_item_close":
            depth -= 1
            if depth == 0 and current is not None:
                items.append((" ".join(current[0]), " ".join(current[1]), current[2]))
        elif token.type == "inline" and current is not None:
            current[0].append(_plain(token))
            current[1].append(_markdown(token))
            current[2].extend(_links(token))
    return items


def _matching_close(tokens: list[Token], i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _table_markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _section_entry(section_id, title, level, parent, source, lines) -> dict:
    return {"id": section_id, "kind": "section", "section": section_id, "source": source,
            "lines": lines, "title": title, "level": level, "parent": parent, "text": title}


def _first_h1(tokens: list[Token]) -> str:
    for n, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            return _plain(tokens[n + 1])
    return ""


def _title_from_name(stem: str) -> str:
    words = stem.replace("_", "-").split("-")
    return " ".join(words).strip().capitalize() or stem
