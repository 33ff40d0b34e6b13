"""The probes: ``GET /healthz`` (liveness) and ``GET /readyz`` (readiness). SDK-free.

Liveness says only that the process serves requests: a load balancer or an
orchestrator that restarts on a failed liveness probe must not restart every
instance because the shared state store had a hiccup. Readiness says whether
this instance can run a turn now (its state store answers): take it out of
rotation while it cannot. Neither reveals paths, host names or the auth mode.
"""
from __future__ import annotations

import logging

from aiohttp import web

from bot.web.answers import json_answer
from bot.web.keys import SETTINGS, STORE
from bot.storage.base import StoreHealth

log = logging.getLogger(__name__)


def setup_probes(app: web.Application) -> None:
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)


async def healthz(request: web.Request) -> web.Response:
    """200 while the process serves requests; nothing else is checked."""
    return json_answer({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """200 when the state store answers; 503 with a short reason code when it does not (unavailable, corrupt, full)."""
    kind = request.app[SETTINGS].storage
    try:
        health = await request.app[STORE].check()
    except Exception as error:  # a probe reports failures, it does not raise them
        health = StoreHealth(False, f"the state store check failed: {type(error).__name__}")
    if not health.ok:
        log.debug("not ready: %s", health.reason)  # the turns that fail meanwhile log the outage themselves
        return json_answer({"status": "unavailable", "reason": health.problem, "storage": kind}, status=503)
    return json_answer({"status": "ready", "storage": kind})
