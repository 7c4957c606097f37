"""Bulk lookups against the fake: get_many, iter_many, resolve_many and tick batching."""

from __future__ import annotations

import asyncio
import math
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import aclosing
from pathlib import Path

import orjson
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.typedefs import Handler

import intercom_async
from intercom_async import IntercomError, NotFoundError
from intercom_async._bulk import SEARCH_BATCH
from intercom_async.models import (
    AdminRef,
    CompanyRef,
    Contact,
    ContactRef,
    NoteRef,
    Ref,
    SubscriptionTypeRef,
    TagRef,
)
from intercom_async.testing import FakeIntercom
from tests.helpers import assert_no_connection_held

MISSING = "000000000000000000000000"


def methods(fake: FakeIntercom) -> Counter[str]:
    return Counter(method for method, _ in fake.requests)


def searches(fake: FakeIntercom) -> int:
    return sum(
        1 for method, path in fake.requests if (method, path) == ("POST", "/contacts/search")
    )


def our_tasks() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if t.get_name().startswith("intercom_async.")]


def client_side_tasks() -> list[asyncio.Task[object]]:
    """Tasks running client code (not the fake server's, not this test's)."""
    package = Path(intercom_async.__file__).parent

    def runs_client_code(task: asyncio.Task[object]) -> bool:
        code = getattr(task.get_coro(), "cr_code", None)
        where = Path(code.co_filename) if code is not None else None
        return where is not None and package in where.parents and "testing" not in where.parts

    return [t for t in asyncio.all_tasks() if runs_client_code(t)]


def search_lag(hidden: set[str], *, fail: bool = False) -> web.Middleware:
    """Make the fake's search miss `hidden` ids (the index lags writes), or fail outright."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        if (request.method, request.path) != ("POST", "/contacts/search"):
            return response
        if fail:
            return web.json_response({"type": "error.list", "errors": []}, status=500)
        assert isinstance(response, web.Response) and response.body is not None
        page = orjson.loads(response.body)  # type: ignore[arg-type]
        page["data"] = [c for c in page["data"] if c["id"] not in hidden]
        return web.Response(body=orjson.dumps(page), content_type="application/json")

    return middleware


@pytest_asyncio.fixture
async def lagging() -> AsyncIterator[tuple[FakeIntercom, set[str]]]:
    hidden: set[str] = set()
    fake = FakeIntercom(seed=3, contacts=40)
    fake.app.middlewares.append(search_lag(hidden))
    async with fake:
        yield fake, hidden


async def test_get_many_keeps_order_and_fetches_duplicates_once(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    ids = list(fake.store.contacts)[:10]
    wanted = ids[::-1] + ids[:3]
    contacts = await client.contacts.get_many(wanted, strategy="get")
    assert [c.id for c in contacts] == wanted
    assert all(isinstance(c, Contact) for c in contacts)
    assert sorted(path for _, path in fake.requests) == sorted(f"/contacts/{i}" for i in ids)


async def test_auto_strategy_searches_in_batches_of_150() -> None:
    async with (
        FakeIntercom(seed=1, contacts=320) as fake,
        intercom_async.Client(token=fake.token, base_url=fake.url) as client,
    ):
        ids = list(fake.store.contacts)
        contacts = await client.contacts.get_many(ids)
        assert [c.id for c in contacts] == ids
        assert methods(fake) == {"POST": math.ceil(len(ids) / SEARCH_BATCH)}
        # The searched contact is the same object a GET gives.
        assert contacts[5].to_dict() == (await client.contacts.get(ids[5])).to_dict()


async def test_auto_uses_a_get_for_a_single_id_and_search_strategy_always_searches(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    one = next(iter(fake.store.contacts))
    await client.contacts.get_many([one, one])
    assert fake.requests == [("GET", f"/contacts/{one}")]
    fake.requests.clear()
    await client.contacts.get_many([one], strategy="search")
    assert fake.requests == [("POST", "/contacts/search")]


async def test_missing_id_raises_or_takes_its_place(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    ids = list(fake.store.contacts)[:4]
    with pytest.raises(NotFoundError, match="User Not Found"):
        await client.contacts.get_many([*ids, MISSING], strategy="get")
    assert client_side_tasks() == []  # the failure cancelled whatever was still running
    results = await client.contacts.get_many([ids[0], MISSING, ids[1]], return_exceptions=True)
    assert isinstance(results[0], Contact) and results[0].id == ids[0]
    assert isinstance(results[1], NotFoundError) and results[1].path == f"/contacts/{MISSING}"
    assert isinstance(results[2], Contact) and results[2].id == ids[1]


async def test_search_misses_fall_back_to_get(lagging: tuple[FakeIntercom, set[str]]) -> None:
    fake, hidden = lagging
    ids = list(fake.store.contacts)[:20]
    hidden.update(ids[3:6])
    async with intercom_async.Client(token=fake.token, base_url=fake.url) as client:
        contacts = await client.contacts.get_many(ids)
    assert [c.id for c in contacts] == ids
    assert searches(fake) == 1
    assert sorted(p for m, p in fake.requests if m == "GET") == sorted(
        f"/contacts/{i}" for i in ids[3:6]
    )


async def test_failing_search_falls_back_and_is_not_retried_by_auto() -> None:
    fake = FakeIntercom(seed=3, contacts=400)
    fake.app.middlewares.append(search_lag(set(), fail=True))
    async with (
        fake,
        intercom_async.Client(token=fake.token, base_url=fake.url, max_retries=0) as client,
    ):
        ids = list(fake.store.contacts)
        contacts = await client.contacts.get_many(ids)
        assert [c.id for c in contacts] == ids
        # The first batch learnt that search fails; the others went straight to GETs.
        assert searches(fake) == 1
        assert methods(fake)["GET"] == len(ids)


async def test_iter_many_streams_a_generator_in_bounded_memory(fake: FakeIntercom) -> None:
    ids = list(fake.store.contacts)
    pulled = 0

    def generate() -> Iterator[str]:
        nonlocal pulled
        for i in range(3):
            for contact_id in ids:
                pulled += 1
                yield contact_id if i < 2 else MISSING

    seen: Counter[str] = Counter()
    pulled_at_first = None
    async with intercom_async.Client(
        token=fake.token, base_url=fake.url, max_concurrency=2
    ) as client:
        async for contact_id, result in client.contacts.iter_many(generate(), strategy="get"):
            if pulled_at_first is None:
                pulled_at_first = pulled
            seen[contact_id] += 1
            if contact_id == MISSING:
                assert isinstance(result, NotFoundError)
            else:
                assert isinstance(result, Contact) and result.id == contact_id
    # max_concurrency + 2 workers, each holding one id in flight and one finished.
    assert pulled_at_first is not None and pulled_at_first <= 2 * (2 + 2)
    assert seen == Counter({**dict.fromkeys(ids, 2), MISSING: len(ids)})


async def test_bad_ids_and_options_are_named(client: intercom_async.Client) -> None:
    with pytest.raises(TypeError, match=r"got int 5 at position 1"):
        await client.contacts.get_many(["a", 5])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not a single string"):
        await client.contacts.get_many("abc")
    with pytest.raises(ValueError, match="empty contact id at position 0"):
        await client.contacts.get_many([""])
    with pytest.raises(ValueError, match="strategy must be one of"):
        await client.contacts.get_many(["a"], strategy="fast")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="progress must be"):
        await client.contacts.get_many(["a"], progress="yes")  # type: ignore[arg-type]


async def test_progress_callback_and_bar(
    client: intercom_async.Client, fake: FakeIntercom, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = list(fake.store.contacts)[:7]
    calls: list[tuple[int, int | None]] = []
    await client.contacts.get_many([*ids, ids[0]], progress=lambda d, t: calls.append((d, t)))
    assert calls == [(done, 7) for done in range(1, 8)]
    await client.contacts.get_many(ids, progress=True)
    assert "7/7" in capsys.readouterr().err


async def test_progress_bar_without_tqdm_says_what_to_install(
    client: intercom_async.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(
        ImportError,
        match=r"python -m pip install tqdm. \(from a clone: .python -m pip install -e '\.\[progress\]'.",  # noqa: E501
    ):
        await client.contacts.get_many(["a"], progress=True)


async def test_cancelling_a_bulk_job_leaves_nothing_behind() -> None:
    async with (
        FakeIntercom(seed=2, contacts=80, latency=0.05) as fake,
        intercom_async.Client(token=fake.token, base_url=fake.url, max_concurrency=4) as client,
    ):
        started = asyncio.Event()

        def progress(done: int, total: int | None) -> None:
            if done >= 5:
                started.set()

        job = asyncio.create_task(
            client.contacts.get_many(list(fake.store.contacts), strategy="get", progress=progress)
        )
        await started.wait()
        assert our_tasks()
        job.cancel()
        with pytest.raises(asyncio.CancelledError):
            await job
        assert our_tasks() == []
        assert_no_connection_held(client)
        assert client.in_flight == 0
        assert len(fake.requests) < len(fake.store.contacts)


async def test_closing_iter_many_early_cancels_its_lookups(fake: FakeIntercom) -> None:
    async with intercom_async.Client(token=fake.token, base_url=fake.url) as client:
        async with aclosing(
            client.contacts.iter_many(list(fake.store.contacts), strategy="get")
        ) as it:
            async for _ in it:
                break
        assert our_tasks() == []


async def test_resolve_many_uses_one_request_per_listable_kind(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    tags = [TagRef(id=i) for i in list(fake.store.tags)[:3]]
    subscriptions = [SubscriptionTypeRef(id=i) for i in fake.store.subscription_types]
    contacts = [ContactRef(id=i) for i in list(fake.store.contacts)[:30]]
    notes = [NoteRef(id=i) for i in list(fake.store.notes)[:4]]
    refs = [*tags, *subscriptions, *contacts, *notes, *tags, *contacts[:5]]
    resolved = await client.resolve_many(refs)
    assert set(resolved) == {ref.id for ref in refs}
    assert all(resolved[ref.id].id == ref.id for ref in refs)  # type: ignore[attr-defined]
    assert Counter(path for _, path in fake.requests) == Counter(
        {"/tags": 1, "/subscription_types": 1, "/contacts/search": 1}
        | {f"/notes/{ref.id}": 1 for ref in notes}
    )


async def test_resolve_many_names_an_unlisted_tag(client: intercom_async.Client) -> None:
    with pytest.raises(NotFoundError, match="no tag with id 'nope'"):
        await client.resolve_many([TagRef(id="nope"), TagRef(id="nada")])
    with pytest.raises(TypeError, match="resolve_many takes references"):
        await client.resolve_many(["a"])  # type: ignore[list-item]


async def test_fetches_in_one_tick_are_batched(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact = await client.contacts.get(next(iter(fake.store.contacts)))
    fake.requests.clear()
    tag_ids = list(fake.store.tags)
    refs = [TagRef(id=i).bind(client) for i in tag_ids * 10]
    tags = await asyncio.gather(*(ref.fetch() for ref in refs))
    assert [t.id for t in tags] == tag_ids * 10
    assert fake.requests == [("GET", "/tags")]

    fake.requests.clear()
    contact_ids = list(fake.store.contacts)[:12]
    found = await asyncio.gather(*(ContactRef(id=i).bind(client).fetch() for i in contact_ids))
    assert [c.id for c in found] == contact_ids
    assert fake.requests == [("POST", "/contacts/search")]

    fake.requests.clear()
    assert contact.tags.refs
    alone = await contact.tags.refs[0].fetch()  # a lone fetch keeps its single-object GET
    assert fake.requests == [("GET", f"/tags/{alone.id}")]


async def test_batched_fetch_reports_each_missing_key_alone(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    known = next(iter(fake.store.contacts))
    results = await asyncio.gather(
        ContactRef(id=known).bind(client).fetch(),
        ContactRef(id=MISSING).bind(client).fetch(),
        return_exceptions=True,
    )
    assert isinstance(results[0], Contact)
    assert isinstance(results[1], NotFoundError)
    assert isinstance(results[1], IntercomError)


async def test_same_object_fetched_concurrently_is_one_single_get(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    tag_id = next(iter(fake.store.tags))
    tags = await asyncio.gather(*(TagRef(id=tag_id).bind(client).fetch() for _ in range(5)))
    assert {t.id for t in tags} == {tag_id}
    assert fake.requests == [("GET", f"/tags/{tag_id}")]


async def test_a_batch_outlives_a_cancelled_caller_but_not_all_of_them() -> None:
    async with (
        FakeIntercom(seed=2, contacts=10, latency=0.05) as fake,
        intercom_async.Client(token=fake.token, base_url=fake.url) as client,
    ):
        ids = list(fake.store.contacts)[:2]
        first, second = (asyncio.ensure_future(ContactRef(id=i).bind(client).fetch()) for i in ids)
        await asyncio.sleep(0)  # both join the same batch
        first.cancel()
        assert (await second).id == ids[1]
        with pytest.raises(asyncio.CancelledError):
            await first
        assert fake.requests == [("POST", "/contacts/search")]

        fake.requests.clear()
        waiters = [asyncio.ensure_future(ContactRef(id=i).bind(client).fetch()) for i in ids]
        while not fake.requests:  # noqa: ASYNC110  (the search is in flight once it is logged)
            await asyncio.sleep(0.01)
        for waiter in waiters:
            waiter.cancel()
        await asyncio.gather(*waiters, return_exceptions=True)
        for _ in range(20):  # the cancelled batch unwinds its request within a few steps
            if not our_tasks():
                break
            await asyncio.sleep(0)
        assert our_tasks() == []


async def test_a_failing_resolve_many_leaves_no_lookups_running() -> None:
    async with (
        FakeIntercom(seed=2, contacts=60, latency=0.02) as fake,
        intercom_async.Client(token=fake.token, base_url=fake.url, max_concurrency=4) as client,
    ):
        notes = [NoteRef(id=i) for i in list(fake.store.notes)[:30]]
        assert len(notes) == 30
        with pytest.raises(NotFoundError):
            await client.resolve_many([NoteRef(id="999999999"), *notes])
        assert client_side_tasks() == []  # the queued note lookups were cancelled
        assert len(fake.requests) < len(notes)


# Each stub kind declares how it is batched; fetch(), the tick batcher and resolve_many obey.


@pytest.mark.parametrize(
    ("kind", "batch"),
    [
        (TagRef, "listing"),
        (AdminRef, "listing"),
        (SubscriptionTypeRef, "listing"),
        (ContactRef, "search"),
        (NoteRef, "gets"),
        (CompanyRef, "gets"),
    ],
)
def test_every_stub_kind_declares_its_batch(kind: type[Ref[object]], batch: str) -> None:
    assert kind.batch == batch


async def test_admins_asked_for_together_are_one_listing(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    admin_ids = list(fake.store.admins)[:3]
    assert len(admin_ids) == 3
    refs = [AdminRef(id=i).bind(client) for i in admin_ids]
    admins = await asyncio.gather(*(ref.fetch() for ref in refs))
    assert [admin.id for admin in admins] == admin_ids
    resolved = await client.resolve_many(AdminRef(id=i) for i in admin_ids)
    assert list(resolved) == admin_ids
    assert fake.requests == [("GET", "/admins"), ("GET", "/admins")]
    one = await AdminRef(id=admin_ids[0]).bind(client).fetch()  # alone: its own GET
    assert one.id == admin_ids[0]
    assert fake.requests[-1] == ("GET", f"/admins/{admin_ids[0]}")


async def test_a_missing_admin_in_a_batch_fails_alone(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    admin_id = next(iter(fake.store.admins))
    found, missing = await asyncio.gather(
        AdminRef(id=admin_id).bind(client).fetch(),
        AdminRef(id="nope").bind(client).fetch(),
        return_exceptions=True,
    )
    assert getattr(found, "id", None) == admin_id
    assert isinstance(missing, NotFoundError)
    assert "no admin with id 'nope' in the list" in str(missing)
