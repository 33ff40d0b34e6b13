"""Which topic a first message is about, or, honestly, that the bot is not sure or the guide doesn't cover it.

Real people rarely name the cause the way the guide does, and a confident wrong
answer costs more trust than a question. So two kinds of evidence are weighed,
and the bot commits to a topic only when they leave little doubt:

- **cues**, the readable tables in ``dialogs/topics/<topic>.toml``: the words and
  patterns that point to a topic, the lookalike subjects that must not count for
  it, and (``other.toml``) the subjects the guide does not cover at all;
- **similarity**: a linear model over a static sentence embedding (WordLlama's,
  computed here from the weights inside its PyPI wheel, offline) and the cue scores,
  trained on the labelled examples by ``python -m dialogs train`` and committed
  as ``dialogs/generated/triage-model.json``. It generalises to phrasings no cue
  foresaw; the cues let it lean on what a helpdesk wrote down.

Below the commit thresholds the topic is ``unclear`` with the likeliest topics
as ``candidates``, or ``other`` when "not covered" is the likeliest reading.
:meth:`Triager.explain` shows the cues that fired, the model's ranking, the
nearest examples and which threshold decided.
"""
from __future__ import annotations

import importlib.util
import json
import math
import mmap
import os
import re
import struct
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from knowledge.store import Knowledge

from dialogs.reading import read_slots
from knowledge.text import TablePattern, fold_for_cues, terms

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

TOPICS_DIR = Path(__file__).resolve().parent / "topics"
MODEL_PATH = Path(__file__).resolve().parent / "generated" / "triage-model.json"

# Decision thresholds, chosen by cross-validation on the real development set (bench.triage):
COMMIT_PROBABILITY = 0.6  # the likeliest topic must be at least this likely...
COMMIT_MARGIN = 0.2       # ...and this far ahead of the next, or the bot asks
OTHER_PROBABILITY = 0.4   # "not covered" is said when it is the likeliest reading and at least this likely
MAX_CANDIDATES = 3
RETRIEVAL_WEIGHT = 1.0    # the guide passage that best matches the message lends weight to its topic
RETRIEVAL_MIN_SCORE = 3.0
CUE_CLIP = 10.0           # cue scores enter the model clipped and scaled to -1..1
MAX_TEXT = 2000
GUIDE = "troubleshoot-meeting-recording.md"  # retrieval evidence was weighed on the guide's own scores


@dataclass(frozen=True)
class Triage:
    """The topic of a message, what it already answers (state -> choice id), and the evidence."""

    topic: str
    slots: dict[str, str] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    candidates: tuple[str, ...] = ()
    probabilities: dict[str, float] = field(default_factory=dict)
    redirect: str | None = None  # for an uncovered question: the subject whose own documentation answers it


# --- the cue tables ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cue:
    """One line of a cue table: ``re:`` a pattern over the folded text, ``raw:`` over the text as typed
    (where "Priya's" still has its capital), anything else a set of normalised terms that must all be there."""

    text: str
    weight: float
    _kind: str = field(init=False, repr=False, compare=False)
    _test: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        kind, _, body = self.text.partition(":") if self.text[:3] in ("re:", "raw") else ("terms", "", self.text)
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_test", TablePattern(body) if kind in ("re", "raw") else frozenset(body.split()))

    def fires(self, words: set[str], folded: str, raw: str) -> bool:
        if self._kind == "re":
            return self._test.search(folded) is not None
        if self._kind == "raw":
            return self._test.search(raw) is not None
        return self._test <= words

    def __str__(self) -> str:
        return f"{self.text} ({self.weight:+g})"


@dataclass(frozen=True)
class CueTables:
    """Every ``dialogs/topics/*.toml``, read once: the topic knowledge as a helpdesk would write it."""

    topics: tuple[str, ...]
    cues: dict[str, tuple[Cue, ...]]
    lookalikes: dict[str, tuple[Cue, ...]]
    out_of_scope: tuple[Cue, ...]
    phrases: tuple[tuple[re.Pattern, str], ...]
    passages: dict[str, str]
    examples: dict[str, tuple[str, ...]]
    redirects: tuple[tuple[str, re.Pattern], ...] = ()

    @classmethod
    def load(cls, directory: Path = TOPICS_DIR) -> "CueTables":
        common = _read_toml(directory / "_common.toml")
        macros = common.get("macros", {})
        files = {path.stem: _read_toml(path) for path in sorted(directory.glob("*.toml"))
                 if not path.stem.startswith("_")}
        topics = tuple(name for name in files if name != "other")
        table = lambda name, key: _cues(files[name].get(key, {}), macros, directory / f"{name}.toml")  # noqa: E731
        return cls(
            topics=topics,
            cues={t: table(t, "cues") for t in topics},
            lookalikes={t: table(t, "lookalikes") for t in topics},
            out_of_scope=table("other", "cues"),
            phrases=tuple((re.compile("(?i)" + p), r) for p, r in common.get("phrases", {}).items()),
            passages={entry: t for t in topics for entry in files[t].get("passages", ())},
            examples={name: tuple(data.get("examples", ())) for name, data in files.items()},
            redirects=tuple((subject, re.compile(p[3:] if p.startswith("re:") else re.escape(p)))
                            for subject, p in files["other"].get("redirects", {}).items()),
        )

    def redirect(self, folded: str) -> str | None:
        """The first uncovered subject a message is about, for "ask about this there instead"."""
        return next((subject for subject, pattern in self.redirects if pattern.search(folded)), None)


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path}: {error}") from None


def _cues(table: dict, macros: dict[str, str], path: Path) -> tuple[Cue, ...]:
    """A table's cues, with ``<NAME>`` standing for the shared pattern NAME of ``_common.toml``."""
    cues = []
    for text, weight in table.items():
        expanded = re.sub(r"<([A-Z]+)>", lambda m: macros.get(m.group(1), m.group(0)), text)
        try:
            cues.append(Cue(expanded, float(weight)))
        except (re.error, TypeError, ValueError) as error:
            raise ValueError(f"{path}: cue {text!r}: {error}") from None
    return tuple(cues)


@dataclass
class Evidence:
    """What the cues make of one message."""

    scores: dict[str, float]
    against: float
    fired: dict[str, list[str]]
    folded: str  # the message as the cues read it, for the slots


def read_cues(text: str, tables: CueTables, kb: Knowledge | None) -> Evidence:
    """Score every topic's cues, minus its lookalikes; score the uncovered subjects apart."""
    text = plain_names(text, tables)
    folded, words = fold_for_cues(text), set(terms(text))
    fired: dict[str, list[str]] = {}
    scores = {}
    for topic in tables.topics:
        hits = [c for c in tables.cues[topic] if c.fires(words, folded, text)]
        misses = [c for c in tables.lookalikes[topic] if c.fires(words, folded, text)]
        scores[topic] = sum(c.weight for c in hits) - sum(c.weight for c in misses)
        if hits:
            fired[topic] = [str(c) for c in hits]
        if misses:
            fired[f"{topic} lookalike"] = [str(c).replace("(+", "(-") for c in misses]
    against = [c for c in tables.out_of_scope if c.fires(words, folded, text)]
    if against:
        fired["not covered"] = [str(c) for c in against]
    if kb is not None:
        _add_retrieval(scores, fired, text, kb, tables)
    return Evidence(scores, sum(c.weight for c in against), fired, folded)


def _add_retrieval(scores, fired, text: str, kb: Knowledge, tables: CueTables) -> None:
    hits = kb.search(text, 1, source=GUIDE)
    if hits and hits[0].score >= RETRIEVAL_MIN_SCORE:
        topic = tables.passages.get(hits[0].entry.id)
        if topic in scores:
            scores[topic] += RETRIEVAL_WEIGHT
            fired.setdefault(topic, []).append(f"best passage {hits[0].entry.id} (+{RETRIEVAL_WEIGHT:g})")


def plain_names(text: str, tables: CueTables) -> str:
    """Teams' menu and setting names read as what they are, not as the words they contain."""
    for pattern, replacement in tables.phrases:
        text = pattern.sub(replacement, text)
    return text


# --- the learned part --------------------------------------------------------------------------------

class Embedder:
    """WordLlama's default model (``l2_supercat``, 256 dimensions), computed here from the files in its wheel.

    The numbers are WordLlama's own (``WordLlama.load().embed(texts, norm=True)``, the same
    operations in the same order, so the same bits), but the process is much lighter: the
    wordllama package is never imported (its import pulls in pydantic, requests and its
    training configs, and calls ``logging.basicConfig``), and the 32,000 x 256 table stays
    the float16 file it ships as, memory-mapped, where WordLlama keeps a float32 copy of it
    (33 MB) in memory. A message reads only the rows of its own tokens; no download, ever.
    """

    name = "wordllama/l2_supercat_256"
    batch_size = 64  # WordLlama's: texts are tokenized and padded to the longest in batches of this many

    def __init__(self, folder: Path | None = None):
        folder = folder or wordllama_folder()
        self.tokenizer = _tokenizer(folder / "tokenizers" / "l2_supercat_tokenizer_config.json")
        self.weights = mapped_tensor(folder / "weights" / "l2_supercat_256.safetensors", "embedding.weight")

    def knows_whole(self, word: str) -> bool:
        """Whether the tokenizer holds the word whole: a real word, which a spelling fix must leave as typed
        ("enable" is no slip of "enabled", nor "sharing" of "starting"). Asked of the tokenizer each time, so
        that no copy of its 32,000 tokens is kept."""
        return self.tokenizer.token_to_id("\u2581" + word) is not None

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float64 row per text (a text with no tokens at all gives NaNs, as WordLlama's does)."""
        if len(texts) == 1:  # a turn's message
            return self._embed_one(texts[0])[np.newaxis].astype(np.float64)
        rows = np.empty((len(texts), self.weights.shape[1]), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start:start + self.batch_size]
            rows[start:start + len(batch)] = self._embed_batch(batch)
        return rows.astype(np.float64)

    def _embed_one(self, text: str) -> np.ndarray:
        """:meth:`_embed_batch` of one text, with the same bits in a third of the time.

        Alone, a text is not padded, so its mask is all ones and multiplying by it changes
        nothing; the float16 rows are widened inside the sum, in the order the batch's sum
        takes them; the norm is ``np.linalg.norm``'s own formula, without its argument checks.
        Token ids are never negative, so clipping them is keeping them below the row count.
        """
        ids = np.array(self.tokenizer.encode(text, add_special_tokens=False).ids, dtype=np.int32)
        np.minimum(ids, self.weights.shape[0] - 1, out=ids)
        pooled = np.add.reduce(self.weights[ids], axis=0, dtype=np.float32) / np.float32(max(len(ids), 1))
        pooled /= np.sqrt(np.add.reduce(pooled * pooled))
        return pooled

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        """WordLlamaInference.embed's loop body: mean of the token rows under the attention mask, in float32,
        then divided by its norm. The float16 rows widen to exactly the float32 values WordLlama holds."""
        encoded = self.tokenizer.encode_batch(texts, is_pretokenized=False, add_special_tokens=False)
        ids = np.array([e.ids for e in encoded], dtype=np.int32)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
        np.clip(ids, 0, self.weights.shape[0] - 1, out=ids)
        tokens = self.weights[ids].astype(np.float32)
        counts = np.maximum(mask.sum(axis=1, keepdims=True), 1.0).astype(np.float32)
        pooled = np.sum(tokens * mask[..., np.newaxis], axis=1, dtype=np.float32) / counts
        pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled


def wordllama_folder() -> Path:
    """Where the wordllama package is installed, found without importing it (its import is the heavy part)."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the wordllama package, whose wheel carries the embedding, is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _tokenizer(path: Path) -> Tokenizer:
    """The tokenizer as WordLlamaInference sets it up (padded to the longest text of a batch, never truncated),
    but without its BPE cache.

    This tokenizer has no pre-tokenizer, so a whole message is one BPE "word", and the cache
    (10,000 words by default) would keep every distinct message a process reads, about 3 KB
    each: some 30 MB after 10,000 conversations of real, all different, first messages. A
    message repeated word for word is rare, and merging it again costs microseconds.
    """
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_padding()
    tokenizer.no_truncation()
    tokenizer.model._resize_cache(0)
    return tokenizer


SAFETENSORS_DTYPES = {"F16": "<f2", "F32": "<f4"}


def mapped_tensor(path: Path, key: str) -> np.ndarray:
    """One tensor of a safetensors file, memory-mapped read-only as stored, never copied.

    The format is an 8-byte little-endian header length, a JSON header naming each tensor's
    dtype, shape and byte range (counted from the end of the header), then the raw bytes. The
    pages of rows no message has used are never read, and the ones read are the page cache's,
    shared and reclaimable, instead of the process's own memory.
    """
    with path.open("rb") as file:
        mapping = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        _read_rows_one_page_at_a_time(file.fileno(), mapping)
    (header_length,) = struct.unpack_from("<Q", mapping)
    header = json.loads(mapping[8:8 + header_length])
    try:
        tensor = header[key]
        dtype = np.dtype(SAFETENSORS_DTYPES[tensor["dtype"]])
    except KeyError as missing:
        raise ValueError(f"{path}: no {key!r} tensor of a known dtype ({missing} missing)") from None
    begin, end = tensor["data_offsets"]
    shape, start = tuple(tensor["shape"]), 8 + header_length + begin
    if end - begin != dtype.itemsize * math.prod(shape) or len(mapping) < start + end - begin:
        raise ValueError(f"{path}: {key!r} is not the {end - begin} bytes of {shape} {tensor['dtype']} it declares")
    # A plain read-only array over the mapping (numpy's memmap subclass would add a Python-level hook
    # to every operation on the rows gathered from it); the array keeps the mapping open.
    return np.frombuffer(mapping, dtype=dtype, count=math.prod(shape), offset=start).reshape(shape)


def _read_rows_one_page_at_a_time(fd: int, mapping: mmap.mmap) -> None:
    """Keep the resident rows to the pages messages use.

    A message reads a few scattered rows of a 64 MB table. When the file was read whole before (pip
    installing it, a test, a copy), the page cache holds it in blocks of up to a megabyte, and a fault
    on one row maps its whole block into this process: 8.6 MB of rows after 2,000 conversations, where
    the rows they used fill 42 pages. Dropping the file's unmapped cached pages and asking for no
    read-ahead makes each fault read and map one page. Where the system has neither call, nothing
    changes but the resident size. (A file written moments ago, as by pip, is written out first: the
    cache keeps pages not yet on disk.)
    """
    if hasattr(os, "posix_fadvise"):
        try:
            os.fdatasync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)  # the whole file: a block may hold the header too
        except OSError:
            pass
    if hasattr(mmap, "MADV_RANDOM"):
        mapping.madvise(mmap.MADV_RANDOM)


@lru_cache(maxsize=1)
def shared_embedder() -> Embedder:
    """One embedder per process: its tokenizer takes a while to build, and its weights are read-only."""
    return Embedder()


@dataclass(frozen=True)
class Model:
    """A multinomial logistic regression over [embedding, scaled cue scores], as trained and committed."""

    classes: tuple[str, ...]
    cue_features: tuple[str, ...]
    cue_scale: float
    coef: np.ndarray
    intercept: np.ndarray
    inputs_sha256: str

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "Model":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(data["classes"]), tuple(data["cue_features"]), float(data["cue_scale"]),
                   np.asarray(data["coef"], dtype=np.float64), np.asarray(data["intercept"], dtype=np.float64),
                   data["inputs_sha256"])

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = features @ self.coef.T + self.intercept
        logits -= logits.max(axis=-1, keepdims=True)
        weights = np.exp(logits)
        return weights / weights.sum(axis=-1, keepdims=True)


def cue_vector(evidence: Evidence, names: tuple[str, ...], scale: float) -> np.ndarray:
    """Cue scores as model features: clipped to ±CUE_CLIP (a lookalike can push below zero), scaled,
    "not covered" last."""
    raw = [evidence.against if name == "out_of_scope" else evidence.scores.get(name, 0.0) for name in names]
    return scale * np.clip(np.asarray(raw, dtype=np.float64), -CUE_CLIP, CUE_CLIP) / CUE_CLIP


def decide(probabilities: dict[str, float]) -> tuple[str, tuple[str, ...]]:
    """Commit, say "not covered", or ask: the topic and, when unsure, the candidates best first."""
    ranked = sorted(probabilities, key=lambda topic: probabilities[topic], reverse=True)
    best, second = ranked[0], probabilities[ranked[1]] if len(ranked) > 1 else 0.0
    if best == "other" and probabilities[best] >= OTHER_PROBABILITY:
        return "other", ()
    if best != "other" and probabilities[best] >= COMMIT_PROBABILITY and probabilities[best] - second >= COMMIT_MARGIN:
        return best, ()
    return "unclear", tuple(t for t in ranked if t != "other")[:MAX_CANDIDATES]


# --- the whole triage --------------------------------------------------------------------------------

class Triager:
    """Cue tables, the embedder and the trained model, loaded once; called once per first message."""

    def __init__(self, kb: Knowledge | None = None, tables: CueTables | None = None, model: Model | None = None,
                 embedder: Embedder | None = None):
        self.kb = kb
        self.tables = tables or shared_tables()
        self.model = model or shared_model()
        self.embedder = embedder or shared_embedder()

    def features(self, text: str) -> tuple[np.ndarray, Evidence]:
        evidence = read_cues(text, self.tables, self.kb)
        vector = self.embedder.embed([text or " "])[0]
        return np.concatenate([vector, cue_vector(evidence, self.model.cue_features, self.model.cue_scale)]), evidence

    def __call__(self, text: str) -> Triage:
        """The topic of a first message (DESIGN.md's list, or ``unclear``) and the answers it already gives."""
        text = " ".join(text.split())[:MAX_TEXT]
        vector, evidence = self.features(text)
        probabilities = dict(zip(self.model.classes, self.model.probabilities(vector).tolist()))
        topic, candidates = decide(probabilities)
        folded = evidence.folded
        scores = {t: round(s, 2) for t, s in evidence.scores.items() if s}
        redirect = self.tables.redirect(folded) if topic in ("other", "unclear", "not_captured") else None
        if topic == "unclear" and redirect == "captured":  # "the chat isn't in the recording": something missing
            topic, candidates = "not_captured", ()
        return Triage(topic, read_slots(topic, folded, text), {**scores, "out_of_scope": evidence.against}, candidates,
                      {t: round(p, 4) for t, p in probabilities.items()}, redirect)

    def second_problem(self, text: str, first: str) -> str | None:
        """A second, different problem in the same message ("... and also my old recording vanished").

        Only where the message marks a second thought, and only a problem of another kind than
        the first: two readings of one problem are one problem.
        """
        from dialogs.flow import symptom_of
        from dialogs.reading import FACT_ONLY_WORDS, read_facts
        parts = [p for p in _SECOND_THOUGHT.split(text) if p and len(p.split()) >= 4]
        if len(parts) < 2:
            return None
        kind = symptom_of(first)
        for part in parts:
            if len(part.split()) <= FACT_ONLY_WORDS and read_facts(part).answers:
                continue  # "I am the organizer.": a fact about the same problem, not a second one
            if not _SOMETHING_WRONG.search(part):
                continue  # "They were in Stream before": where things were, no problem of its own
            if _WHAT_I_FOUND.search(part):
                continue  # "here's what I found", before a paste: what was looked up, no recording lost
            result = self(part)
            topic = result.topic
            if topic == "unclear" and result.candidates and len({symptom_of(c) for c in result.candidates}) == 1:
                topic = result.candidates[0]  # unsure which, but sure of the kind of problem: enough to mention it
            if topic not in ("unclear", "other", first) and symptom_of(topic) != kind:
                return topic
        return None

    def first_part(self, text: str) -> str | None:
        """The message up to where it marks a second thought, or None when it marks none."""
        parts = [p for p in _SECOND_THOUGHT.split(text) if p and len(p.split()) >= 4]
        return parts[0] if len(parts) >= 2 else None

    def explain(self, text: str) -> str:
        """Why a message went where it did: cues, the model's ranking, the nearest examples, the rule that decided."""
        result = self(text)
        _, evidence = self.features(" ".join(text.split())[:MAX_TEXT])
        ranked = sorted(result.probabilities.items(), key=lambda kv: kv[1], reverse=True)
        lines = [f"topic: {result.topic}" + (f"  candidates: {', '.join(result.candidates)}" if result.candidates
                                               else "") + (f"  slots: {result.slots}" if result.slots else "")]
        lines.append("model: " + ", ".join(f"{t} {p:.2f}" for t, p in ranked[:4]))
        lines.append("why: " + _reason(result, ranked))
        lines += [f"  cues {name}: " + "; ".join(hits) for name, hits in evidence.fired.items()]
        lines += ["  like: " + example for example in self.nearest_examples(text)]
        return "\n".join(lines)

    def nearest_examples(self, text: str, n: int = 3) -> list[str]:
        """The topic files' own examples most like this message, with their topic and similarity."""
        labelled = [(topic, example) for topic, examples in self.tables.examples.items() for example in examples]
        if not labelled:
            return []
        vectors = self.embedder.embed([example for _, example in labelled])
        similarity = vectors @ self.embedder.embed([text or " "])[0]
        best = np.argsort(-similarity)[:n]
        return [f"[{labelled[i][0]}] {similarity[i]:.2f} {labelled[i][1][:90]}" for i in best]


def _reason(result: Triage, ranked: list[tuple[str, float]]) -> str:
    best, p = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if result.topic == "other":
        return f"'not covered' is the likeliest reading ({p:.2f} >= {OTHER_PROBABILITY})"
    if result.topic != "unclear":
        return f"{best} is likely enough ({p:.2f} >= {COMMIT_PROBABILITY}) and ahead of the next by {p - second:.2f}"
    if best == "other":
        return f"'not covered' leads but only at {p:.2f} (< {OTHER_PROBABILITY}): asking instead"
    if p < COMMIT_PROBABILITY:
        return f"{best} leads at only {p:.2f} (< {COMMIT_PROBABILITY}): asking instead of guessing"
    return f"{best} leads by only {p - second:.2f} (< {COMMIT_MARGIN}): asking instead of guessing"


@lru_cache(maxsize=1)
def shared_tables() -> CueTables:
    return CueTables.load()


@lru_cache(maxsize=1)
def shared_model() -> Model:
    return Model.load()


_WHAT_I_FOUND = re.compile(r"(?i)\b(here'?s|here is|this is|that'?s|see|look at) what (i|we|they) "
                           r"(found|got|see|have)\b")
# What a part of a message needs to tell a problem of its own: something that fails, is missing or is asked about.
_SOMETHING_WRONG = re.compile(r"(?i)n[o']t\b|\b(no|not|never|nothing|cant|cannot|wont|fail\w*|error\w*|missing|gone|"
                              r"disappear\w*|vanish\w*|broken|issue\w*|problem\w*|gr[ae]yed|disabled|stuck|lost|"
                              r"deleted|expire\w*|unable|how|why|where|what|can|could|is|are|does|do)\b|\?")
# Where a message turns to a second problem: "..., also ...", "another thing: ...", a new sentence.
_SECOND_THOUGHT = re.compile(r"(?i)(?:[.!?;]\s+|\s+)(?:and\s+)?(?:also|plus|another (?:thing|problem|issue)"
                             r"|on top of that"
                             r"|separately|second(?:ly)?|as well as that|besides that|other thing)\b[,:]?\s*"
                             r"|(?<=[.!?])\s+(?=[A-Z])")
