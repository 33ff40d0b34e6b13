"""What the endpoint answers to each kind of request, including the ones botbuilder 4.17.1 gets wrong."""
from __future__ import annotations

import json

import pytest

from bot.web.app import create_app
from bot.storage import InMemoryStorage, StoreHealth
from dialogs.replies import TurnInput

from tests.support.teams_fakes import as_sent


async def error_of(response, status: int) -> dict:
    assert response.status == status, await response.text()
    assert response.content_type == "application/json"
    body = await response.json()
    assert set(body) == {"error", "reason"} and body["reason"]
    return body


async def test_malformed_json_is_a_400_not_a_500(bot_client):
    response = await bot_client.post("/api/messages", data=b'{"type": "message",',
                                     headers={"Content-Type": "application/json"})
    assert (await error_of(response, 400))["error"] == "malformed_json"


@pytest.mark.parametrize("body", [b"[]", b'"hello"', b"42", b"null"])
async def test_a_body_that_is_not_an_object_is_a_400(bot_client, body):
    response = await bot_client.post("/api/messages", data=body, headers={"Content-Type": "application/json"})
    assert (await error_of(response, 400))["error"] == "not_an_object"


@pytest.mark.parametrize("body", [{"text": "hi"}, {"type": ""}, {"type": 7}])
async def test_an_activity_without_a_type_is_a_400(bot_client, body):
    response = await bot_client.post("/api/messages", json=body)
    assert (await error_of(response, 400))["error"] == "missing_type"


async def test_a_missing_content_type_is_a_415_not_a_404(bot_client, teams):
    body = teams().message("hello")
    response = await bot_client.post("/api/messages", data=json.dumps(body).encode(),
                                     skip_auto_headers=["Content-Type"])
    assert (await error_of(response, 415))["error"] == "missing_content_type"


async def test_a_non_json_content_type_is_a_415(bot_client):
    response = await bot_client.post("/api/messages", data="type=message",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (await error_of(response, 415))["error"] == "unsupported_content_type"


async def test_a_body_over_the_limit_is_a_413(aiohttp_client, settings, engine, teams):
    client = await aiohttp_client(create_app(settings.with_(max_body_bytes=5000), engine=engine))
    body = teams().message("x" * 6000)
    response = await client.post("/api/messages", json=body)
    assert (await error_of(response, 413))["error"] == "body_too_large"


async def test_a_chunked_body_over_the_limit_is_a_413_too(aiohttp_client, settings, engine):
    client = await aiohttp_client(create_app(settings.with_(max_body_bytes=5000), engine=engine))

    async def chunks():
        yield b'{"type": "message", "text": "'
        for _ in range(12):
            yield b"x" * 500
        yield b'"}'

    response = await client.post("/api/messages", data=chunks(), headers={"Content-Type": "application/json"})
    assert (await error_of(response, 413))["error"] == "body_too_large"


async def test_the_default_limit_is_one_megabyte(bot_client, teams):
    response = await bot_client.post("/api/messages", json=teams().message("x" * 1_000_001))
    await error_of(response, 413)


async def test_get_on_the_messages_endpoint_is_a_405(bot_client):
    response = await bot_client.get("/api/messages")
    body = await error_of(response, 405)
    assert "POST" in response.headers["Allow"] and "POST" in body["reason"]


async def test_an_unknown_path_is_a_json_404(bot_client):
    await error_of(await bot_client.get("/api/other"), 404)


@pytest.mark.parametrize("missing", ["conversation", "channelId", "serviceUrl"])
async def test_an_activity_the_bot_could_not_answer_is_a_400(bot_client, teams, missing):
    body = teams().message("hello")
    del body[missing]
    assert (await error_of(await bot_client.post("/api/messages", json=body), 400))["error"] == "incomplete_activity"


async def test_fields_of_the_wrong_type_are_a_400(bot_client, teams):
    body = teams().message("hello")
    body["conversation"] = "not an object"
    assert (await error_of(await bot_client.post("/api/messages", json=body), 400))["error"] == "invalid_activity"


async def test_expect_replies_returns_the_replies_in_the_answer(bot_client, teams, connector, engine):
    body = teams().message("I can't record my meeting", deliveryMode="expectReplies")
    del body["serviceUrl"]  # nothing is sent out-of-band, so no connector is needed
    response = await bot_client.post("/api/messages", json=body)
    assert response.status == 200, await response.text()
    activities = (await response.json())["activities"]
    expected = engine.turn(None, TurnInput(text="I can't record my meeting")).replies
    assert [{"text": a.get("text"), "card": a["attachments"][0]["content"] if a.get("attachments") else None,
             "value": a.get("value")} for a in activities] == [as_sent(r) for r in expected]
    assert not any("serviceUrl" in a for a in activities)  # the request named none; neither host invents one
    assert not [(k, a["type"]) for a in activities for k, v in a.items() if v is None], "null fields on the wire"
    assert connector.posted == []


async def test_the_replies_come_as_utf8_json_with_the_guides_punctuation_as_written(bot_client, teams):
    body = teams().message("I can't record my meeting", deliveryMode="expectReplies")
    del body["serviceUrl"]
    response = await bot_client.post("/api/messages", json=body)
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    raw = await response.read()
    assert "›".encode() in raw and b"\\u203a" not in raw  # the Source line's separator, as Teams shows it
    assert json.loads(raw.decode("utf-8"))["activities"][0]["type"] == "message"


async def test_an_invoke_the_bot_does_not_handle_is_acknowledged_without_a_5xx(bot_client, teams, connector):
    body = teams().activity("invoke", name="composeExtension/query", value={"commandId": "search"})
    response = await bot_client.post("/api/messages", json=body)
    assert response.status == 200
    assert (await response.json())["composeExtension"]["type"] == "message"
    assert connector.posted == []


async def test_an_action_execute_click_reaches_the_engine(bot_client, teams, connector, engine):
    user = teams()
    data = {"state": "welcome", "answer": "start"}
    body = user.activity("invoke", name="adaptiveCard/action",
                         value={"action": {"type": "Action.Execute", "verb": "answer", "data": data}})
    response = await bot_client.post("/api/messages", json=body)
    assert response.status == 200 and (await response.json())["statusCode"] == 200
    sent = [{"text": a.get("text"), "card": a["attachments"][0]["content"] if a.get("attachments") else None,
             "value": a.get("value")} for a in connector.take()]
    assert sent == [as_sent(r) for r in engine.turn(None, TurnInput(value=data)).replies]


async def test_liveness_and_readiness_are_ok_with_a_working_store(bot_client):
    live, ready = await bot_client.get("/healthz"), await bot_client.get("/readyz")
    assert (live.status, await live.json()) == (200, {"status": "ok"})
    assert (ready.status, await ready.json()) == (200, {"status": "ready", "storage": "memory"})


class UnreachableStore(InMemoryStorage):
    """A store whose check fails, as the durable stores report a backend that is gone."""

    async def check(self):
        return StoreHealth(False, "cannot reach the state database")


async def test_readiness_is_503_with_a_reason_code_when_the_store_is_down(aiohttp_client, settings, engine):
    """Not ready, but alive: a liveness failure would get every instance restarted for a shared store's outage."""
    client = await aiohttp_client(create_app(settings, engine=engine, store=UnreachableStore()))
    response = await client.get("/readyz")
    assert response.status == 503
    assert await response.json() == {"status": "unavailable", "reason": "storage_unavailable", "storage": "memory"}
    assert (await client.get("/healthz")).status == 200


async def test_a_teams_health_check_is_answered_as_the_sdks_base_handlers_answer_it(bot_client, teams):
    response = await bot_client.post("/api/messages", json=teams().activity("invoke", name="healthCheck"))
    assert response.status == 200
    assert (await response.json())["healthResults"]["success"] is True


@pytest.mark.parametrize("name, shape", [("task/fetch", "task"), ("task/submit", "task"),
                                         ("composeExtension/submitAction", "composeExtension")])
async def test_task_and_extension_invokes_get_a_message_teams_can_show(bot_client, teams, name, shape):
    response = await bot_client.post("/api/messages", json=teams().activity("invoke", name=name, value={}))
    assert response.status == 200
    answer = (await response.json())[shape]
    assert answer["type"] == "message" and (answer.get("value") or answer.get("text"))


async def test_without_credentials_replies_go_only_to_a_loopback_service_url(bot_client, teams, connector):
    body = teams().message("hello", serviceUrl="https://attacker.example/")
    assert (await error_of(await bot_client.post("/api/messages", json=body), 403))["error"] == \
        "service_url_not_allowed"
    assert connector.posted == []
    assert (await bot_client.post("/api/messages", json=teams().message("hello"))).status == 200
    assert connector.take(), "a loopback Bot Connector got no reply"


@pytest.mark.parametrize("field, value", [("conversation", "not an object"), ("timestamp", "alice@contoso.com"),
                                          ("conversation.isGroup", "alice@contoso.com")])
async def test_a_field_of_the_wrong_type_is_named_by_its_path_without_its_value_on_both_hosts(bot_client, teams,
                                                                                            field, value):
    """The reason names where the schema was broken; the value (anything a client sent) and Python's words stay out."""
    body, (outer, _, inner) = teams().message("hello"), field.partition(".")
    if inner:
        body[outer][inner] = value
    else:
        body[outer] = value
    error = await error_of(await bot_client.post("/api/messages", json=body), 400)
    assert error == {"error": "invalid_activity",
                     "reason": f"the activity does not match the Bot Framework schema (at {field!r})"}
