"""`TeamRef` and `ConversationRef`: fetched one by one, and batched without N+1 (the
requests the fake received are counted)."""

from __future__ import annotations

import asyncio

import intercom_async
from intercom_async.models import Conversation, ConversationRef, Team, TeamRef
from intercom_async.testing import FakeIntercom

Client = intercom_async.Client


def _teams(fake: FakeIntercom) -> list[str]:
    return sorted({str(t) for a in fake.store.admins.values() for t in a["team_ids"]})


async def _conversations(client: Client, fake: FakeIntercom, count: int) -> list[str]:
    contact_id = next(iter(fake.store.contacts))
    made = []
    for n in range(count):
        message = await client.conversations.create(
            from_={"type": "user", "id": contact_id}, body=f"Help {n}"
        )
        assert message.conversation_id is not None
        made.append(message.conversation_id)
    fake.requests.clear()
    return made


async def test_a_team_stub_fetches_its_team(client: Client, fake: FakeIntercom) -> None:
    team_id = _teams(fake)[0]
    ticket_type = await client.ticket_types.create(name="Bug")
    ticket = await client.tickets.create(
        ticket_type_id=ticket_type.id,
        contacts=[{"id": next(iter(fake.store.contacts))}],
        assignment={"team_assignee_id": team_id},
    )
    assert ticket.team_assignee is not None and ticket.team_assignee.bound
    fake.requests.clear()
    team = await ticket.team_assignee.fetch()
    assert isinstance(team, Team) and team.id == team_id
    assert fake.requests == [("GET", f"/teams/{team_id}")]


async def test_team_stubs_fetched_together_cost_one_listing(
    client: Client, fake: FakeIntercom
) -> None:
    team_ids = _teams(fake)
    assert len(team_ids) >= 2
    refs = [TeamRef(id=t).bind(client) for t in team_ids]
    teams = await asyncio.gather(*(ref.fetch() for ref in refs))
    assert [team.id for team in teams] == team_ids
    assert fake.requests == [("GET", "/teams")]
    fake.requests.clear()
    resolved = await client.resolve_many([*refs, *refs])
    assert sorted(resolved) == team_ids
    assert fake.requests == [("GET", "/teams")]


async def test_a_missing_team_in_a_batch_is_a_not_found(client: Client, fake: FakeIntercom) -> None:
    refs = [TeamRef(id=_teams(fake)[0]).bind(client), TeamRef(id="1").bind(client)]
    results = await asyncio.gather(*(ref.fetch() for ref in refs), return_exceptions=True)
    assert isinstance(results[0], Team)
    assert isinstance(results[1], intercom_async.NotFoundError)
    assert fake.requests == [("GET", "/teams")]


async def test_a_conversation_stub_fetches_the_whole_conversation(
    client: Client, fake: FakeIntercom
) -> None:
    (conversation_id,) = await _conversations(client, fake, 1)
    conversation = await ConversationRef(id=conversation_id).bind(client).fetch()
    assert isinstance(conversation, Conversation) and conversation.id == conversation_id
    assert conversation.conversation_parts is not None  # one GET: the parts come along
    assert fake.requests == [("GET", f"/conversations/{conversation_id}")]


async def test_conversation_stubs_fetched_together_cost_one_search(
    client: Client, fake: FakeIntercom
) -> None:
    ids = await _conversations(client, fake, 4)
    refs = [ConversationRef(id=i).bind(client) for i in ids]
    fetched = await asyncio.gather(*(ref.fetch() for ref in refs))
    assert [c.id for c in fetched] == ids
    assert all(isinstance(c, Conversation) for c in fetched)
    assert fake.requests == [("POST", "/conversations/search")]
    fake.requests.clear()
    resolved = await client.resolve_many([*refs, refs[0]])
    assert sorted(resolved) == sorted(ids)
    assert fake.requests == [("POST", "/conversations/search")]


async def test_what_the_search_misses_is_read_by_get(client: Client, fake: FakeIntercom) -> None:
    ids = await _conversations(client, fake, 3)
    refs = [ConversationRef(id=i).bind(client) for i in [*ids, "999"]]
    results = await asyncio.gather(*(ref.fetch() for ref in refs), return_exceptions=True)
    assert [r.id for r in results[:3]] == ids  # type: ignore[union-attr]
    assert isinstance(results[3], intercom_async.NotFoundError)
    assert fake.requests == [("POST", "/conversations/search"), ("GET", "/conversations/999")]


async def test_a_failing_search_falls_back_to_gets(client: Client, fake: FakeIntercom) -> None:
    ids = await _conversations(client, fake, 2)
    fake.faults.inject("POST", "/conversations/search", kind="server_error")
    async with Client(token=fake.token, base_url=fake.url, max_retries=0) as once:
        refs = [ConversationRef(id=i).bind(once) for i in ids]
        fetched = await once.resolve_many(refs)
    assert sorted(fetched) == sorted(ids)
    gets = sorted(p for m, p in fake.requests if m == "GET")
    assert gets == sorted(f"/conversations/{i}" for i in ids)
    assert ("POST", "/conversations/search") in fake.requests


async def test_conversation_team_assignees_are_team_stubs(
    client: Client, fake: FakeIntercom
) -> None:
    (conversation_id,) = await _conversations(client, fake, 1)
    team_id = _teams(fake)[0]
    admin_id = next(iter(fake.store.admins))
    assigned = await client.conversations.assign(
        conversation_id, type="team", admin_id=admin_id, assignee_id=team_id
    )
    assert assigned.team_assignee == TeamRef(id=team_id)
    assert assigned.team_assignee is not None
    assert (await assigned.team_assignee.fetch()).id == team_id
