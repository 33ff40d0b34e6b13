"""The triage's embedder: WordLlama's numbers, bit for bit, from its float16 file mapped as shipped.

The embedder reimplements ``WordLlama.load().embed(texts, norm=True)`` so the bot neither
imports wordllama nor keeps a float32 copy of its weights. These tests hold it to the
original: any difference would silently move the trained model's decisions.
"""
import logging
import mmap
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from dialogs.train import TRAINING_SETS, read_rows
from dialogs.triage import Embedder, Triager, shared_embedder, wordllama_folder
from tests.conftest import ROOT

# What people really type at a troubleshooting bot, and what breaks tokenizers and pooling.
MESSAGES = [
    "Record button is greyed out",
    "cant record meeting teams",
    "recrding wont strat, the buton is grayed out for me??",
    "i'm the organiser but Start recording isn't in the More actions menu",
    "Where did my recording go? It's not in the chat and not in OneDrive",
    "the recording from yesterday's town hall expired, can I get it back",
    "Guest user from Contoso can't record our channel meeting",
    "AllowCloudRecording : False\r\nAllowRecordingStorageOutsideRegion : False\r\nIdentity : Global",
    '{"AllowCloudRecording": true, "Identity": "Tag:RestrictedRecording"}',
    "PS C:\\> Get-CsOnlineUser -Identity priya@contoso.com | fl TeamsMeetingPolicy",
    "Télécharger l'enregistrement ne marche pas — réunion annulée?",
    "会議の録画ができません。録画ボタンがグレー表示です",
    "التسجيل لا يعمل في الاجتماع",
    "recording 🎥❌ help 🙏🙏",
    "zero\u200bwidth\u00a0spaces\ttabs\nand\nnewlines",
    "https://contoso.sharepoint.com/sites/team/Shared%20Documents/Recordings/standup.mp4",
    "ticket INC0012345: user jdoe@contoso.onmicrosoft.com, meeting 19:meeting_NjQ2@thread.v2",
    "?",
    "ok",
    " ",
    "a" * 3000,
    " ".join(["the recording stopped after two hours and the file is not in stream or onedrive"] * 30),
    "ＦＵＬＬＷＩＤＴＨ ｒｅｃｏｒｄｉｎｇ",
    "<unk> <s> </s> [PAD]",
]


@pytest.fixture(scope="module")
def wordllama():
    """WordLlama's own model, loaded the documented way; its import's logging.basicConfig is undone."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from wordllama import WordLlama
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return WordLlama.load(cache_dir=wordllama_folder(), disable_download=True)


@pytest.fixture(scope="module")
def labelled_texts() -> list[str]:
    """Every labelled message the model was trained on, as the trainer passes them."""
    return [" ".join(r.text.split())[:2000] or " " for path, _ in TRAINING_SETS for r in read_rows(path)]


class WordLlamaEmbedder(Embedder):
    """The embedder the bot had before: WordLlama's own embed, for a Triager to compare against."""

    def __init__(self, model):
        self._model = model

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.embed(texts, norm=True), dtype=np.float64)


def test_messages_embed_bit_for_bit_as_wordllama_embeds_them(wordllama):
    ours = shared_embedder().embed(MESSAGES)
    theirs = np.asarray(wordllama.embed(MESSAGES, norm=True), dtype=np.float64)
    assert ours.dtype == np.float64 and ours.shape == (len(MESSAGES), 256)
    assert ours.tobytes() == theirs.tobytes()
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-6)


def test_one_at_a_time_as_the_bot_embeds_is_the_same_as_in_batches(wordllama):
    """A turn embeds one message; padding it with its batch neighbours must change nothing."""
    one_by_one = np.vstack([shared_embedder().embed([text]) for text in MESSAGES])
    assert one_by_one.tobytes() == np.asarray(wordllama.embed(MESSAGES, norm=True), dtype=np.float64).tobytes()


def test_every_labelled_message_alone_as_a_turn_embeds_it_is_bit_for_bit_wordllamas(wordllama, labelled_texts):
    """A turn embeds its one message without a batch's padding and mask (``Embedder._embed_one``)."""
    alone = np.vstack([shared_embedder().embed([text]) for text in labelled_texts])
    assert alone.tobytes() == np.asarray(wordllama.embed(labelled_texts, norm=True), dtype=np.float64).tobytes()


def test_every_labelled_message_embeds_bit_for_bit_over_several_batches(wordllama, labelled_texts):
    """The training sets, in WordLlama's batches of 64 with their padding, as `python -m dialogs train` sees them."""
    assert len(labelled_texts) > 2 * Embedder.batch_size
    ours = shared_embedder().embed(labelled_texts)
    assert ours.tobytes() == np.asarray(wordllama.embed(labelled_texts, norm=True), dtype=np.float64).tobytes()


def test_a_text_without_tokens_is_nan_as_in_wordllama_and_the_triage_never_sends_one(wordllama):
    with np.errstate(invalid="ignore"):
        ours, theirs = shared_embedder().embed([""]), wordllama.embed([""], norm=True)
    assert np.isnan(ours).all() and np.isnan(theirs).all()
    assert not np.isnan(shared_embedder().embed([" "])).any()  # what Triager embeds for an empty message


def test_no_texts_give_no_rows():
    assert shared_embedder().embed([]).shape == (0, 256)


def test_the_triage_decides_the_same_with_either_embedder(kb, wordllama):
    ours, theirs = Triager(kb), Triager(kb, embedder=WordLlamaEmbedder(wordllama))
    for text in MESSAGES:
        assert ours(text) == theirs(text), text


# --- what it holds -------------------------------------------------------------------------------------------

def test_the_weights_are_the_wheels_float16_file_mapped_read_only_not_a_copy():
    weights = shared_embedder().weights
    assert weights.dtype == np.float16 and weights.shape == (32000, 256)
    assert not weights.flags.owndata and not weights.flags.writeable
    base = weights
    while getattr(base, "base", None) is not None:
        base = base.base
    if isinstance(base, memoryview):
        base = base.obj
    assert isinstance(base, mmap.mmap), "the table must be the file's pages, not memory of the process's own"


def test_a_turn_reads_no_file_and_allocates_only_its_own_tokens_rows(monkeypatch):
    embedder = shared_embedder()
    embedder.embed(["warm up"])
    opened = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a))
    monkeypatch.setattr(Path, "open", lambda *a, **k: opened.append(a))
    tracemalloc.start()
    try:
        embedder.embed(["The Record button is greyed out for me in our channel meeting, I'm the organizer"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert opened == []
    assert peak < 200_000, f"{peak} bytes for one message: the table is {embedder.weights.nbytes} bytes"


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads the process's RSS from Linux's /proc")
def test_distinct_messages_do_not_accumulate_in_the_process():
    """The tokenizer's BPE cache would keep each distinct message (a whole message is one BPE word here)."""
    embedder = shared_embedder()
    messages = [f"meeting {i} of team {i % 97}: the record button stays grey for organiser number {i * 7919}"
                for i in range(3000)]
    embedder.embed(messages[:100])
    before = _rss_bytes()
    for message in messages[100:]:
        embedder.embed([message])
    assert _rss_bytes() - before < 3_000_000  # with the cache: about 3 KB a message, 9 MB here


@pytest.mark.skipif(not Path("/proc/self/pagemap").exists(), reason="reads which pages are mapped from Linux's /proc")
def test_only_the_pages_of_the_rows_a_message_uses_are_mapped_even_when_the_file_was_read_whole(tmp_path):
    """Read whole, the file sits in the page cache in blocks of up to a megabyte (pip, a copy, `cat`);
    a fault on one row mapped its whole block: 8.6 MB resident after 2,000 conversations for 42 pages of rows."""
    folder = _copy_of_the_embedding(tmp_path)
    (folder / "weights" / "l2_supercat_256.safetensors").read_bytes()
    embedder = Embedder(folder)
    ids = set()
    for message in MESSAGES:
        embedder.embed([message])
        ids.update(embedder.tokenizer.encode(message, add_special_tokens=False).ids)
    weights = embedder.weights
    first = weights.__array_interface__["data"][0]
    row_pages = {(first + row * weights.strides[0] + edge) // mmap.PAGESIZE
                 for row in ids for edge in (0, weights.strides[0] - 1)}
    mapped = _mapped_pages(first, weights.nbytes)
    assert row_pages <= mapped or not mapped
    assert len(mapped) <= len(row_pages) + 2, f"{len(mapped)} pages mapped for rows on {len(row_pages)}"


def _copy_of_the_embedding(tmp_path: Path) -> Path:
    source, folder = wordllama_folder(), tmp_path / "wordllama"
    for name in ("tokenizers/l2_supercat_tokenizer_config.json", "weights/l2_supercat_256.safetensors"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes((source / name).read_bytes())
    return folder


def _mapped_pages(address: int, length: int) -> set[int]:
    first, last = address // mmap.PAGESIZE, (address + length - 1) // mmap.PAGESIZE
    with open("/proc/self/pagemap", "rb") as pagemap:
        pagemap.seek(first * 8)
        entries = np.frombuffer(pagemap.read((last - first + 1) * 8), dtype="<u8")
    return {first + int(i) for i in np.flatnonzero(entries >> np.uint64(63))}


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * mmap.PAGESIZE


def test_the_embedder_never_imports_wordllama_nor_touches_the_hosts_logging():
    """Importing wordllama costs about 27 MB and calls logging.basicConfig(level=INFO); the host owns logging."""
    code = ("import logging, sys; from dialogs.triage import Embedder; Embedder().embed(['x']); "
            "root = logging.getLogger(); print(len(root.handlers), root.level, 'wordllama' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.stdout.split() == ["0", str(logging.WARNING), "False"], done.stderr


@pytest.mark.parametrize("damage", ["cut short", "wrong size declared"])
def test_a_damaged_weights_file_is_named_not_misread(tmp_path, damage):
    folder = _copy_of_the_embedding(tmp_path)
    weights = folder / "weights" / "l2_supercat_256.safetensors"
    data = weights.read_bytes()
    if damage == "cut short":
        weights.write_bytes(data[:len(data) // 2])
    else:
        weights.write_bytes(data.replace(b"[32000,256]", b"[32000,512]"))
    with pytest.raises(ValueError, match="l2_supercat_256.safetensors"):
        Embedder(folder)
