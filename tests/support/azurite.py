"""Azurite, the Azure Storage emulator, as a real process the tests start on loopback.

Use the fixtures by adding to ``tests/conftest.py``::

    pytest_plugins = ["tests.support.azurite"]

- ``azurite``: one server for the whole session; give each test its own
  container (``blob_container`` makes a fresh name).
- ``private_azurite``: a server for one test alone, which it may ``stop()`` and
  ``start()`` again on the same port and data folder ("store down mid-conversation").

Without Node.js these skip and say why; with Node.js but without the npm
package they fail and say how to install it, so CI cannot skip them silently.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from bot.cli.playground import free_port

REPO = Path(__file__).resolve().parents[2]
# The emulator's fixed development account, published in Azurite's documentation.
ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
START_TIMEOUT = 30.0


def azurite_binary() -> Path | None:
    """The ``azurite-blob`` that ``npm install`` put in this repository, else one on PATH."""
    local = REPO / "node_modules" / ".bin" / "azurite-blob"
    if local.exists():
        return local
    found = shutil.which("azurite-blob")
    return Path(found) if found else None


def node_missing_reason() -> str | None:
    """Why Azurite cannot run here at all (no Node.js), or None."""
    if shutil.which("node") is None:
        return "Node.js is not installed: Azurite (the Azure Blob Storage emulator) needs it"
    return None


def require_azurite() -> Path:
    """The binary, or skip (no Node.js) or fail (Node.js without ``npm install``)."""
    reason = node_missing_reason()
    if reason:
        pytest.skip(reason)
    binary = azurite_binary()
    if binary is None:
        pytest.fail(f"Azurite is not installed: run `npm install` in {REPO} (`make test` does it)")
    return binary


class Azurite:
    """One ``azurite-blob`` process; it keeps its port and data folder across stop/start."""

    account = ACCOUNT
    account_key = ACCOUNT_KEY

    def __init__(self, binary: Path, location: Path, port: int | None = None,
                 tls: tuple[Path, Path] | None = None):
        """``tls``: a certificate (for localhost) and its key, to serve HTTPS at ``https://localhost:<port>``."""
        self.binary = binary
        self.location = Path(location)
        self.port = port or free_port()
        self.tls = tls
        self.process: subprocess.Popen | None = None
        self.log_path = self.location / "azurite.log"

    @property
    def blob_endpoint(self) -> str:
        return f"https://localhost:{self.port}/{ACCOUNT}" if self.tls else f"http://127.0.0.1:{self.port}/{ACCOUNT}"

    @property
    def connection_string(self) -> str:
        return (
            f"DefaultEndpointsProtocol={'https' if self.tls else 'http'};AccountName={ACCOUNT};"
            f"AccountKey={ACCOUNT_KEY};BlobEndpoint={self.blob_endpoint};"
        )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> "Azurite":
        """Start and wait until it accepts connections; raise with its log if it dies."""
        if self.running:
            return self
        self.location.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    str(self.binary), "--loose", "--skipApiVersionCheck", "--disableTelemetry",
                    "--blobHost", "127.0.0.1", "--blobPort", str(self.port),
                    "--location", str(self.location), "--silent",
                    *(["--cert", str(self.tls[0]), "--key", str(self.tls[1])] if self.tls else []),
                ],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        self._wait_until_listening()
        return self

    def stop(self, *, kill: bool = False) -> None:
        """Stop it (SIGTERM, or SIGKILL with ``kill``); the data folder stays."""
        if not self.running:
            return
        self.process.kill() if kill else self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> "Azurite":
        self.stop()
        return self.start()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Azurite exited with {self.process.returncode}:\n{self._log_tail()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop(kill=True)
        raise RuntimeError(f"Azurite did not listen on port {self.port} in {START_TIMEOUT:.0f} s:\n{self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return "(no log)"

    def __enter__(self) -> "Azurite":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def start_azurite(location: Path) -> Azurite:
    """Start one on a free port; tries a few ports in case another process took the first."""
    binary = require_azurite()
    for attempt in range(3):
        try:
            return Azurite(binary, location).start()
        except RuntimeError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def unique_container_name(prefix: str = "test") -> str:
    """A fresh, valid container name, so tests sharing one Azurite never meet."""
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


@pytest.fixture(scope="session")
def azurite(tmp_path_factory) -> Iterator[Azurite]:
    """One Azurite for the session: give each test its own container."""
    server = start_azurite(tmp_path_factory.mktemp("azurite"))
    yield server
    server.stop()


@pytest.fixture
def private_azurite(tmp_path) -> Iterator[Azurite]:
    """An Azurite for this test alone: it may stop and restart it."""
    server = start_azurite(tmp_path / "azurite")
    yield server
    server.stop()


@pytest.fixture
def blob_container() -> str:
    return unique_container_name()


__all__ = [
    "ACCOUNT", "ACCOUNT_KEY", "Azurite", "azurite", "azurite_binary", "blob_container",
    "free_port", "node_missing_reason", "private_azurite", "require_azurite",
    "start_azurite", "unique_container_name",
]
