"""A real forward proxy on loopback for the tests: proxy.py (PyPI), started as its own process.

- :class:`ForwardProxy` relays plain HTTP requests and tunnels ``CONNECT``; its
  access log says where every call went (:meth:`ForwardProxy.seen`).
- ``inspecting=True`` makes it a TLS-inspecting proxy, as enterprise networks
  run them: it terminates each ``CONNECT`` with a certificate it makes on the
  spot, signed by a private CA (:attr:`ForwardProxy.ca_bundle`, which the bot
  must trust), and verifies the real server itself with ``upstream_ca``.
  It makes those certificates with the ``openssl`` command.

Every wait here is bounded; the process is stopped by its own PID.
"""
from __future__ import annotations

import datetime
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from bot.cli.playground import free_port

START_TIMEOUT = 30.0
# proxy.py's access log: "... - GET 127.0.0.1:8000/path - 200 OK ..." or "... - CONNECT 127.0.0.1:8443 - ..."
ACCESS = re.compile(r" - (CONNECT|GET|POST|PUT|HEAD|DELETE|PATCH) (\S+?)(/\S*)? - ")


class ForwardProxy:
    """``python -m proxy`` on a free loopback port, logging every request it relays."""

    def __init__(self, folder: Path, *, inspecting: bool = False, upstream_ca: Path | None = None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.folder / "proxy.log"
        self.inspecting, self.upstream_ca = inspecting, upstream_ca
        self.ca_bundle: Path | None = None
        self.process: subprocess.Popen | None = None

    def start(self) -> "ForwardProxy":
        command = [sys.executable, "-m", "proxy", "--hostname", "127.0.0.1", "--port", str(self.port),
                   "--num-acceptors", "1", "--num-workers", "2", "--log-level", "INFO",
                   "--log-file", str(self.log_path)]
        if self.inspecting:
            command += self._interception_flags()
        with open(self.folder / "proxy.out", "ab") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the proxy exited with {self.process.returncode}: {self._tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the proxy did not listen in {START_TIMEOUT:.0f} s: {self._tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def seen(self) -> list[tuple[str, str, str]]:
        """Every connection relayed so far, oldest first, by its first request, as (method, ``host:port``, path):
        ``("CONNECT", "localhost:8443", "")``, ``("POST", "127.0.0.1:8080", "/v3/conversations/...")``."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return []
        return [(m.group(1), m.group(2), m.group(3) or "") for m in ACCESS.finditer(text)]

    def targets(self) -> set[str]:
        """The ``host:port`` of every request relayed so far."""
        return {target for _, target, _ in self.seen()}

    def _tail(self) -> str:
        try:
            return (self.folder / "proxy.out").read_text(errors="replace")[-2000:]
        except OSError:
            return "(no output)"

    def _interception_flags(self) -> list[str]:
        """A private CA (its certificate is what the bot must trust) and the key each made certificate carries."""
        if shutil.which("openssl") is None:
            pytest.skip("the TLS-inspecting proxy makes its certificates with the openssl command, not installed")
        ca_key, signing_key = _rsa_key(), _rsa_key()
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Contoso TLS Inspection Root CA")])
        now = datetime.datetime.now(datetime.timezone.utc)
        ca = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(ca_key.public_key())
              .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
              .not_valid_after(now + datetime.timedelta(days=2))
              .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                           data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                           crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
              .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
              .sign(ca_key, hashes.SHA256()))
        files = {"ca.key": _pem_key(ca_key), "signing.key": _pem_key(signing_key),
                 "ca.pem": ca.public_bytes(serialization.Encoding.PEM)}
        for file_name, content in files.items():
            (self.folder / file_name).write_bytes(content)
        (self.folder / "certificates").mkdir(exist_ok=True)
        self.ca_bundle = self.folder / "ca.pem"
        flags = ["--ca-key-file", str(self.folder / "ca.key"), "--ca-cert-file", str(self.ca_bundle),
                 "--ca-signing-key-file", str(self.folder / "signing.key"),
                 "--ca-cert-dir", str(self.folder / "certificates")]
        return flags + (["--ca-file", str(self.upstream_ca)] if self.upstream_ca else [])


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem_key(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())
