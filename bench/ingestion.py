"""A stand-in for Application Insights' ingestion endpoint, on loopback, for tests and benchmarks.

It speaks the protocol the Azure Monitor exporter uses (``POST /v2.1/track``
with a JSON array of telemetry envelopes, possibly gzipped; the answer counts
what was accepted) and keeps every envelope it receives. Point a connection
string at it with :meth:`IngestionSink.connection_string`.
"""
from __future__ import annotations

import gzip
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INSTRUMENTATION_KEY = "00000000-0000-4000-8000-00000000a1b2"


class IngestionSink:
    """Starts on a free loopback port; ``envelopes`` grows as the exporter sends."""

    def __init__(self, tls: tuple[str, str] | None = None):
        """``tls``: a certificate (for localhost) and its key, to serve HTTPS at ``https://localhost:<port>/``."""
        self.envelopes: list[dict] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.scheme_host = "http://127.0.0.1"
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            self.scheme_host = "https://localhost"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "IngestionSink":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def connection_string(self) -> str:
        port = self._server.server_address[1]
        return f"InstrumentationKey={INSTRUMENTATION_KEY};IngestionEndpoint={self.scheme_host}:{port}/"

    def received(self, base_type: str) -> list[dict]:
        """The envelopes of one kind (``RequestData``, ``MessageData``...), oldest first."""
        with self._lock:
            return [e for e in self.envelopes if e.get("data", {}).get("baseType") == base_type]

    def _keep(self, envelopes: list[dict]) -> None:
        with self._lock:
            self.envelopes.extend(envelopes)

    def _handler(self):
        sink = self

        class Track(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                envelopes = json.loads(body) if self.path.endswith("/track") else []
                sink._keep(envelopes)
                answer = json.dumps({"itemsReceived": len(envelopes), "itemsAccepted": len(envelopes),
                                     "errors": []}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):  # quiet: the test output is for the tests
                pass

        return Track
