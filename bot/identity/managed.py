"""The bot's own token from an Azure managed identity (``MicrosoftAppType=UserAssignedMSI``), for both hosts.

MSAL's ``ManagedIdentityClient`` asks the platform's identity endpoint (App
Service's ``IDENTITY_ENDPOINT``, a VM's IMDS: MSAL reads the environment)
through the HTTP client it is given, and passes no timeout. botbuilder gives
it a plain ``requests.Session``: a hung endpoint would hold a token thread
for good. Here the session (:func:`bot.outbound.outbound_requests_session`) has
the identity timeout, so a call on a :class:`~bot.identity.executors.BoundedExecutor`
ends on its own, and an endpoint that refuses or cannot be reached is the same
503 as a token service that does. A VM's IMDS (169.254.169.254) must be in
``NO_PROXY`` behind a proxy; App Service's ``IDENTITY_ENDPOINT`` is local too.
"""
from __future__ import annotations

import logging

import msal
import requests

from bot.outbound import outbound_requests_session
from bot.settings import Settings
from bot.errors import DependencyUnavailable

log = logging.getLogger(__name__)


def managed_identity_client(client_id: str, settings: Settings, timeout: float,
                            token_cache: msal.TokenCache | None = None) -> msal.ManagedIdentityClient:
    """The client for the user-assigned identity ``client_id`` (the bot's MicrosoftAppId); it caches its token."""
    return msal.ManagedIdentityClient(msal.UserAssignedManagedIdentity(client_id=client_id),
                                      http_client=outbound_requests_session(settings, timeout),
                                      token_cache=token_cache)


def managed_identity_token(client: msal.ManagedIdentityClient, resource: str) -> str:
    """An access token for ``resource`` (the Bot Connector's, as botbuilder asks for it). Blocking: run on a thread.

    Raises:
        DependencyUnavailable: the identity endpoint is unreachable, too slow, or refused the identity.
    """
    try:
        result = client.acquire_token_for_client(resource=resource)
    except requests.Timeout:  # the socket's timeout: the same outage as the executor's time limit
        raise DependencyUnavailable("token_service_timeout", "the managed identity endpoint did not answer in time") \
            from None
    except (requests.RequestException, ValueError) as error:  # ValueError: an answer that is not JSON
        log.warning("the managed identity endpoint did not answer: %s", type(error).__name__)
        raise DependencyUnavailable("token_service_unavailable", "the managed identity endpoint cannot be reached") \
            from None
    if "access_token" not in result:
        log.error("no token for the Bot Connector from the managed identity: %s", result.get("error", "unknown error"))
        raise DependencyUnavailable("token_service_refused", "the managed identity endpoint refused the bot's identity")
    return result["access_token"]
