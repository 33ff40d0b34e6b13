"""Train the triage model from the labelled examples, check it is current, and cross-validate it.

    python -m dialogs train            # writes dialogs/generated/triage-model.json
    python -m dialogs train --check    # fails when the examples, cue tables or knowledge changed since

Training happens here, like ``knowledge build``, so the bot itself needs only
numpy and the embedding: scikit-learn is a build-time tool (the ``test`` extra).
Real messages weigh more than written ones, because real messages are what the
bot meets; classes are balanced so that the many "not covered" rows don't drown
the small topics.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dialogs.triage import (GUIDE, MODEL_PATH, TOPICS_DIR, CueTables, Embedder, Evidence, Model, cue_vector,
                             read_cues, shared_embedder)
from knowledge.paths import GENERATED_DIR
from knowledge.store import Knowledge, load

# The labelled messages the model learns from ship with the package, so training needs nothing else.
DATA = Path(__file__).resolve().parent / "training"
REAL = DATA / "real-dev-utterances.jsonl"
# (labelled set, weight of each row)
TRAINING_SETS: tuple[tuple[Path, float], ...] = (
    (REAL, 3.0),
    (DATA / "dev-utterances.jsonl", 1.0),
    (DATA / "heldout-utterances.jsonl", 1.0),
    (DATA / "final-utterances.jsonl", 1.0),
    (DATA / "written-extra-utterances.jsonl", 1.0),
)
CUE_SCALE = 0.5     # how loud the cue scores are beside the 256 embedding dimensions (cross-validated)
REGULARISATION = 10.0


@dataclass
class Row:
    text: str
    topic: str
    weight: float
    alt: str | None = None


def read_rows(path: Path, weight: float = 1.0) -> list[Row]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                data = json.loads(line)
                rows.append(Row(data["text"], data["topic"], weight, data.get("alt")))
            except (ValueError, KeyError) as error:
                raise ValueError(f"{path}:{number}: not a labelled example ({error})") from None
    return rows


def training_rows() -> list[Row]:
    return [row for path, weight in TRAINING_SETS for row in read_rows(path, weight)]


def inputs_digest() -> str:
    """What the model depends on: the examples, the cue tables, the guide (the one document retrieval
    evidence comes from) and the settings here."""
    digest = hashlib.sha256(f"{CUE_SCALE} {REGULARISATION} {Embedder.name}".encode())
    paths = [p for p, _ in TRAINING_SETS] + sorted(TOPICS_DIR.glob("*.toml")) + [GENERATED_DIR / GUIDE.replace(".md", ".json")]
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class FeatureMaker:
    """Embeddings and cue vectors for many texts at once (the embedder is fastest in batches)."""

    def __init__(self, kb: Knowledge, tables: CueTables):
        self.kb, self.tables = kb, tables
        self.cue_names = (*tables.topics, "out_of_scope")

    def __call__(self, texts: list[str]) -> np.ndarray:
        embedded = shared_embedder().embed([" ".join(t.split())[:2000] or " " for t in texts])
        cues = np.stack([cue_vector(self._cues(t), self.cue_names, CUE_SCALE) for t in texts])
        return np.hstack([embedded, cues])

    def _cues(self, text: str) -> Evidence:
        return read_cues(" ".join(text.split())[:2000], self.tables, self.kb)


def fit(features: np.ndarray, labels: list[str], weights: np.ndarray):
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - a build-time dependency

    return LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced").fit(
        features, labels, sample_weight=weights)


def train(out: Path = MODEL_PATH) -> Model:
    kb, tables = load(), CueTables.load()
    rows = training_rows()
    make = FeatureMaker(kb, tables)
    classifier = fit(make([r.text for r in rows]), [r.topic for r in rows], np.array([r.weight for r in rows]))
    data = {
        "about": "Written by python -m dialogs train; see dialogs/triage.py. Do not edit.",
        "embedding": Embedder.name,
        "inputs_sha256": inputs_digest(),
        "classes": list(classifier.classes_),
        "cue_features": list(make.cue_names),
        "cue_scale": CUE_SCALE,
        "intercept": [round(float(x), 6) for x in classifier.intercept_],
        "coef": [[round(float(x), 6) for x in row] for row in classifier.coef_],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
    return Model.load(out)


def is_current(path: Path = MODEL_PATH) -> bool:
    return path.exists() and json.loads(path.read_text(encoding="utf-8")).get("inputs_sha256") == inputs_digest()


def cross_validate(rows: list[Row], always: list[Row], folds: int = 5, seed: int = 0) -> list[dict[str, float]]:
    """Probabilities for each of ``rows`` from models that never saw it (``always`` is in every training fold)."""
    make = FeatureMaker(load(), CueTables.load())
    X, A = make([r.text for r in rows]), make([r.text for r in always])
    order = np.random.default_rng(seed).permutation(len(rows))
    out: list[dict[str, float]] = [{} for _ in rows]
    for k in range(folds):
        test = order[k::folds]
        train_idx = np.setdiff1d(order, test)
        classifier = fit(np.vstack([A, X[train_idx]]), [r.topic for r in always] + [rows[i].topic for i in train_idx],
                         np.array([r.weight for r in always] + [rows[i].weight for i in train_idx]))
        for i, p in zip(test, classifier.predict_proba(X[test])):
            out[i] = dict(zip(classifier.classes_, p.tolist()))
    return out
