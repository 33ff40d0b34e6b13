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
    """Parse every source document in name order; nothing is written here."""
    result, taken = BuildResult(), set()
    sources = sorted(source_dir.glob("*.md"))
    if not sources:
        result.issues.append(Issue(str(source_dir), 0, "no *.md source documents found"))
    for path in sources:
        document, issues = parse_document(path, path.name, taken)
        result.issues.extend(issues)
        if document is not None:
            result.outputs[path.stem + ".json"] = _to_json(document, path.read_bytes())
    return result


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
