"""Every outbound HTTP call's proxy and certificate authorities, set in one place. SDK-free.

An enterprise network reaches the internet through a forward proxy
(``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``, in either case), often one that
inspects TLS with a certificate of the company's own CA. Each library the bot
uses honours a different part of that by default: aiohttp neither the proxy
variables nor ``REQUESTS_CA_BUNDLE``, requests (MSAL, the telemetry exporter)
the proxy but not ``SSL_CERT_FILE``. So every HTTP client the bot builds comes
from here:

- :func:`outbound_session` for aiohttp (signing keys, Bot Connector replies and
  reads on both hosts, Blob Storage under the Storage SDK): ``trust_env`` on, and
  the CA bundle in its TLS context, loaded once;
- :func:`outbound_requests_session` for requests (MSAL's token calls, client
  secret and managed identity): a per-call timeout, and the CA bundle;
- :func:`share_ca_bundle` for the clients the bot does not build (the
  Application Insights exporter, botbuilder's own connector client): the one
  bundle under the name requests reads.

``Settings.ca_bundles`` are ``SSL_CERT_FILE`` and ``REQUESTS_CA_BUNDLE``: either one
alone covers every call, and when both are set every call trusts both
(:func:`ca_bundle_file`).
"""
from __future__ import annotations

import hashlib
import os
import ssl
import tempfile
from functools import lru_cache
from pathlib import Path

import aiohttp
import requests

from bot.settings import Settings

CONNECTIONS = 100  # per session: replies never wait behind other conversations' replies in a small pool


@lru_cache(maxsize=8)
def _tls_context(ca_bundles: tuple[str, ...]) -> ssl.SSLContext:
    if not ca_bundles:
        return ssl.create_default_context()
    context = ssl.create_default_context(cafile=ca_bundles[0])
    for bundle in ca_bundles[1:]:
        context.load_verify_locations(cafile=bundle)
    return context


def tls_context(settings: Settings) -> ssl.SSLContext:
    """The context every aiohttp call verifies servers with: the CA bundles given, else the system's roots.

    Built once per set of bundles: loading one costs milliseconds, and a context can be shared.
    """
    return _tls_context(settings.ca_bundles)


@lru_cache(maxsize=8)
def _one_file(ca_bundles: tuple[str, ...]) -> str:
    if len(ca_bundles) < 2:
        return ca_bundles[0] if ca_bundles else ""
    content = "\n".join(Path(bundle).read_text(encoding="utf-8") for bundle in ca_bundles)
    # Named by its content: every process (and restart) with the same bundles shares one file, none piles up.
    digest = hashlib.sha256(content.encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"recording-troubleshooter-ca-{digest}.pem"
    if not path.is_file():
        handle, partial = tempfile.mkstemp(prefix=path.stem, dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as combined:
            combined.write(content)
        os.replace(partial, path)
    return str(path)


def ca_bundle_file(settings: Settings) -> str:
    """One PEM file holding every CA bundle given, for clients that take a single path (requests, azure-core).

    The given file itself when there is one; their concatenation, written once, when there are two;
    "" when none is given (the library's default then).
    """
    return _one_file(settings.ca_bundles)


def outbound_session(settings: Settings, *, timeout: float | None = None, **kwargs) -> aiohttp.ClientSession:
    """An aiohttp session for calls out of the bot: through the proxy the environment names, trusting the CA bundle.

    Args:
        timeout: the whole call's limit, in seconds (None: aiohttp's default, or per request).
        kwargs: passed to ``aiohttp.ClientSession`` (``base_url``, ``headers``...).
    """
    connector = aiohttp.TCPConnector(ssl=tls_context(settings), limit=CONNECTIONS)
    if timeout is not None:
        kwargs["timeout"] = aiohttp.ClientTimeout(total=timeout)
    return aiohttp.ClientSession(connector=connector, trust_env=True, **kwargs)


class TimeBoundSession(requests.Session):
    """A ``requests.Session`` whose every call has ``timeout`` unless the caller set one."""

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout

    def request(self, method, url, **kwargs):
        kwargs["timeout"] = kwargs.get("timeout") or self.timeout
        return super().request(method, url, **kwargs)


def outbound_requests_session(settings: Settings, timeout: float) -> TimeBoundSession:
    """A requests session for MSAL: ``timeout`` on every call, the proxy from the environment, the CA bundle.

    requests would take ``REQUESTS_CA_BUNDLE`` from the environment (over the
    session's ``verify``) but never ``SSL_CERT_FILE``; with :func:`share_ca_bundle`
    done at start, both name :func:`ca_bundle_file`.
    """
    session = TimeBoundSession(timeout)
    if settings.ca_bundles:
        session.verify = ca_bundle_file(settings)
    return session


def share_ca_bundle(settings: Settings) -> None:
    """Give the CA bundle, under requests' own name, to the HTTP clients the bot does not build.

    The Application Insights exporter (azure-core over requests) and botbuilder's
    connector client read ``REQUESTS_CA_BUNDLE`` when they call; with only
    ``SSL_CERT_FILE`` set they would not trust a TLS-inspecting proxy. Called
    once at start, after the settings were read.
    """
    if settings.ca_bundles:
        os.environ["REQUESTS_CA_BUNDLE"] = ca_bundle_file(settings)
