"""Build ``knowledge/generated/`` from ``knowledge/source/*.md``, or check that it is current.

The output is one JSON file per source, written deterministically (same input,
same bytes) so that a stale or hand-edited file shows up in ``git diff`` and in
``build --check``.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.parse import Issue, parse_document
from knowledge.paths import GENERATED_DIR, SOURCE_DIR

FORMAT = 1
SUPERSEDES_MARK = b"<!-- supersedes:"


@dataclass
class BuildResult:
    outputs: dict[str, str] = field(default_factory=dict)  # file name -> JSON text
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def generate(source_dir: Path = SOURCE_DIR) -> BuildResult:
    """Parse every source document (updates after what they update); nothing is written here."""
    result, taken = BuildResult(), set()  # type: BuildResult, set[str]
    sources = _reading_order(source_dir.glob("*.md"))
    if not sources:
        result.issues.append(Issue(str(source_dir), 0, "no *.md source documents found"))
    documents = []
    for path in sources:
        document, issues = parse_document(path, path.name, taken)
        result.issues.extend(issues)
        if document is not None:
            documents.append((document, path))
    result.issues.extend(_unknown_supersedes_targets([d for d, _ in documents]))
    for document, path in sorted(documents, key=lambda pair: pair[1].name):
        result.outputs[path.stem + ".json"] = _to_json(document, path.read_bytes())
    return result


def _reading_order(paths) -> list[Path]:
    """Name order, except that a document which supersedes entries of others is read after them,
    so its headings can never take the ids a guide's headings have always had."""
    def updates_others(path: Path) -> bool:
        return SUPERSEDES_MARK in path.read_bytes()
    return sorted(paths, key=lambda path: (updates_others(path), path.name))


def _unknown_supersedes_targets(documents) -> list[Issue]:
    """A ``supersedes`` comment must name an entry (or a list item) that exists in some document."""
    known = {e["id"] for d in documents for e in d.entries}
    known |= {item["id"] for d in documents for e in d.entries for item in e.get("items") or e.get("steps") or []}
    return [Issue(d.source, line, f"supersedes '{target}', which is no entry of the knowledge base")
            for d in documents for target, line in d.supersedes if target not in known]


def write(result: BuildResult, out_dir: Path = GENERATED_DIR) -> list[str]:
    """Replace the generated files; returns the names written. Refuses a failed build."""
    if not result.ok:
        raise ValueError("refusing to write a build that has errors")
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in set(p.name for p in out_dir.glob("*.json")) - set(result.outputs):
        (out_dir / stale).unlink()
    for name, text in result.outputs.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    return sorted(result.outputs)


def stale_files(result: BuildResult, out_dir: Path = GENERATED_DIR) -> list[str]:
    """Generated files that differ from a fresh build, are missing, or have no source any more."""
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in out_dir.glob("*.json")} if out_dir.is_dir() else {}
    names = sorted(set(on_disk) | set(result.outputs))
    return [n for n in names if on_disk.get(n) != result.outputs.get(n)]


def _to_json(document, raw: bytes) -> str:
    payload = {
        "format": FORMAT,
        "source": document.source,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "title": document.title,
        "attribution": document.attribution,
        "entries": document.entries,
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
