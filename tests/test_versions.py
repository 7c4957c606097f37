"""Operations newer than a client's `api_version` are refused before anything is sent."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

import pytest

import intercom_async
from intercom_async import (
    BadRequestError,
    ConflictError,
    NotFoundError,
    UnsupportedVersionError,
)
from intercom_async._operations import Operation
from intercom_async.models import (
    Brand,
    EmailSetting,
    FinVoiceCall,
    HandlingEvent,
    Note,
    Team,
    WorkflowExport,
)
from intercom_async.testing import FakeIntercom

NEWER_GET = Operation("GET", "/teams/{team_id}", Team, since="2.15")
NEWER_LIST = Operation("GET", "/teams", Team, items=("teams",), paging="pages", since="2.15")


def _client(fake: FakeIntercom, api_version: str) -> intercom_async.Client:
    return intercom_async.Client(token=fake.token, base_url=fake.url, api_version=api_version)


async def test_an_older_client_is_refused_before_any_request(fake: FakeIntercom) -> None:
    async with _client(fake, "2.14") as client:
        with pytest.raises(UnsupportedVersionError) as caught:
            await client._run(NEWER_GET, "1")
        with pytest.raises(UnsupportedVersionError):
            client._list(NEWER_LIST)
    error = caught.value
    assert (error.operation, error.since, error.api_version) == (
        "GET /teams/{team_id}",
        "2.15",
        "2.14",
    )
    assert "GET /teams/{team_id} needs Intercom API version 2.15" in str(error)
    assert "api_version='2.15'" in str(error)
    assert fake.requests == []


@pytest.mark.parametrize("api_version", ["2.15", "Unstable"])
async def test_the_version_that_has_it_and_unstable_pass(
    fake: FakeIntercom, api_version: str
) -> None:
    async with _client(fake, api_version) as client:
        teams = [team async for team in client._list(NEWER_LIST)]
        assert len(teams) == 2
        assert (await client._run(NEWER_GET, teams[0].id)).id == teams[0].id
        assert [brand.id async for brand in client.brands.list()] == ["tlkp1d91", "3"]
    assert fake.requests == [
        ("GET", "/teams"),
        ("GET", f"/teams/{teams[0].id}"),
        ("GET", "/brands"),
    ]


def test_an_operation_without_since_serves_every_version() -> None:
    for version in ("1.0", "2.14", "Unstable"):
        Operation("GET", "/teams", Team).check_version(version)
    NEWER_GET.check_version("2.15")
    with pytest.raises(UnsupportedVersionError):
        NEWER_GET.check_version("1.4")


# --- the 12 operations 2.15 adds, against the fake ------------------------------------


def _calls_of_2_15(client: intercom_async.Client) -> list[Any]:
    """One call of each operation 2.15 adds, not yet awaited (a pager is a call too)."""
    return [
        lambda: client.brands.get("3"),
        lambda: client.brands.list(),
        lambda: client.emails.get("1"),
        lambda: client.emails.list(),
        lambda: client.fin_voice.register(phone_number="+15550100", call_id="c-1"),
        lambda: client.fin_voice.get("1001"),
        lambda: client.fin_voice.get_by_external_id("c-1"),
        lambda: client.fin_voice.get_by_phone_number("+15550100"),
        lambda: client.fin_voice.get_by_conversation("1"),
        lambda: client.workflows.export("67890"),
        lambda: client.conversations.list_handling_events("1"),
        lambda: client.companies.list_notes("c1"),
    ]


async def _sent(call: Any) -> Any:
    """Make the call and await it, unless it is a pager (refused when it is made)."""
    made = call()
    return await made if inspect.isawaitable(made) else made


async def test_a_2_14_client_refuses_every_2_15_operation_before_sending(
    fake: FakeIntercom,
) -> None:
    async with _client(fake, "2.14") as client:
        calls = _calls_of_2_15(client)
        for call in calls:
            with pytest.raises(UnsupportedVersionError, match=r"needs Intercom API version 2\.15"):
                await _sent(call)
    assert len(calls) == 12
    assert fake.requests == []


async def test_the_fake_answers_404_to_a_2_14_request_for_a_2_15_endpoint(
    fake: FakeIntercom,
) -> None:
    async with _client(fake, "2.14") as client:
        with pytest.raises(NotFoundError, match=r"needs Intercom-Version 2\.15"):
            await client.request("GET", "/brands")
    async with _client(fake, "2.15") as client:
        answer = await client.request("GET", "/brands")
        assert [brand["id"] for brand in answer.payload["data"]] == ["tlkp1d91", "3"]
    assert fake.requests == [("GET", "/brands"), ("GET", "/brands")]


@pytest.fixture
async def client_215(fake: FakeIntercom) -> AsyncIterator[intercom_async.Client]:
    async with _client(fake, "2.15") as client:
        yield client


async def test_brands_are_listed_and_read(client_215: intercom_async.Client) -> None:
    brands = [brand async for brand in client_215.brands.list()]
    assert [(b.id, b.name, b.is_default) for b in brands] == [
        ("tlkp1d91", "Default Brand", True),
        ("3", "Premium", False),
    ]
    premium = await client_215.brands.get("3")
    assert isinstance(premium, Brand) and premium.help_center_id == "10"
    assert premium.created_at == datetime(2024, 12, 18, 15, 50, tzinfo=timezone.utc)
    with pytest.raises(NotFoundError, match="Brand not found"):
        await client_215.brands.get("nope")


async def test_email_settings_are_listed_and_read(
    client_215: intercom_async.Client, fake: FakeIntercom
) -> None:
    fake.store.areas.emails["3"] = {**fake.store.areas.emails["2"], "id": "3", "email": "x@y.test"}
    emails = [email async for email in client_215.emails.list()]
    assert [e.email for e in emails] == ["support@company.test", "hello@company.test", "x@y.test"]
    support = await client_215.emails.get("1")
    assert isinstance(support, EmailSetting)
    assert (support.brand_id, support.forwarding_enabled) == ("tlkp1d91", True)
    assert (await client_215.emails.get("2")).forwarded_email_last_received_at is None
    with pytest.raises(NotFoundError, match="Email setting not found"):
        await client_215.emails.get("99")


async def test_a_registered_fin_voice_call_is_collected_every_way(
    client_215: intercom_async.Client, fake: FakeIntercom
) -> None:
    call = await client_215.fin_voice.register(
        phone_number="+15550100", call_id="five9-7", source="five9", data={"queue": "support"}
    )
    assert isinstance(call, FinVoiceCall)
    assert (call.status, call.external_call_id, call.user_phone_number) == (
        "registered",
        "five9-7",
        "+15550100",
    )
    assert call.id is not None
    assert (await client_215.fin_voice.get(str(call.id))) == call
    assert (await client_215.fin_voice.get_by_external_id("five9-7")) == call
    assert (await client_215.fin_voice.get_by_phone_number("+15550100")) == call
    assert await client_215.fin_voice.get_by_conversation("1") == ()
    fake.store.areas.fin_voice_calls[call.id]["intercom_conversation_id"] = "1"
    linked = await client_215.fin_voice.get_by_conversation("1")
    assert [c.intercom_conversation_id for c in linked] == ["1"]
    assert ("GET", "/fin_voice/phone_number/%2B15550100") in fake.requests  # one quoted segment


async def test_fin_voice_errors(client_215: intercom_async.Client) -> None:
    await client_215.fin_voice.register(phone_number="+15550100", call_id="dup")
    with pytest.raises(ConflictError, match="already registered"):
        await client_215.fin_voice.register(phone_number="+15550101", call_id="dup")
    with pytest.raises(BadRequestError, match=r"E\.164"):
        await client_215.fin_voice.register(phone_number="5550100", call_id="other")
    for lookup in (
        client_215.fin_voice.get("12"),
        client_215.fin_voice.get_by_external_id("none"),
        client_215.fin_voice.get_by_phone_number("+1999"),
    ):
        with pytest.raises(NotFoundError):
            await lookup
    with pytest.raises(ValueError, match="external_id must be a non-empty string"):
        await client_215.fin_voice.get_by_external_id(" ")


async def test_a_workflow_is_exported_whole(client_215: intercom_async.Client) -> None:
    exported = await client_215.workflows.export("67890")
    assert isinstance(exported, WorkflowExport) and exported.workflow is not None
    assert (exported.export_version, exported.workflow.state) == ("1.0", "live")
    assert exported.workflow.target_channels == ("chat",)
    with pytest.raises(NotFoundError, match="Workflow not found"):
        await client_215.workflows.export("1")


async def test_a_conversations_handling_events(
    client_215: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = next(iter(fake.store.contacts))
    message = await client_215.conversations.create(
        from_={"type": "user", "id": contact_id}, body="Hi"
    )
    conversation_id = str(message.conversation_id)
    assert [e async for e in client_215.conversations.list_handling_events(conversation_id)] == []
    teammate = {"type": "admin", "id": 123, "name": "Jane", "email": "jane@example.com"}
    fake.store.areas.handling_events[conversation_id] = [
        {
            "type": "paused",
            "reason": "Away",
            "timestamp": "2026-01-09T09:00:00Z",
            "teammate": teammate,
        },
        {"type": "resumed", "timestamp": "2026-01-09T09:10:00Z", "teammate": teammate},
    ]
    events = [e async for e in client_215.conversations.list_handling_events(conversation_id)]
    assert [(e.type, e.reason) for e in events] == [("paused", "Away"), ("resumed", None)]
    assert isinstance(events[0], HandlingEvent) and events[0].teammate.name == "Jane"
    with pytest.raises(NotFoundError):
        [e async for e in client_215.conversations.list_handling_events("404")]


async def test_a_companys_notes(client_215: intercom_async.Client, fake: FakeIntercom) -> None:
    company_id = next(iter(fake.store.companies))
    admin = next(iter(fake.store.admins.values()))
    author = {"type": "admin", "id": admin["id"], "name": admin["name"], "email": admin["email"]}
    fake.store.areas.company_notes[company_id] = [
        {
            "type": "note",
            "id": str(60 - i),
            "created_at": 1_734_000_000 - i,
            "body": f"<p>Note {i}</p>",
            "author": author,
            "company": {"type": "company", "id": company_id},
        }
        for i in range(60)
    ]
    notes = [note async for note in client_215.companies.list_notes(company_id)]
    assert len(notes) == 60 and all(isinstance(n, Note) for n in notes)
    assert notes[0].body == "<p>Note 0</p>" and notes[0].author is not None
    assert notes[0].extra["company"] == {"type": "company", "id": company_id}
    pages = [r for r in fake.requests if r[1].startswith(f"/companies/{company_id}/notes")]
    assert len(pages) == 2
    with pytest.raises(NotFoundError, match="Company Not Found"):
        [n async for n in client_215.companies.list_notes("nope")]
