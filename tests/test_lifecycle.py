"""Lifecycle: opening, closing, dropping and moving a client between event loops."""

from __future__ import annotations

import asyncio
import gc
import socket
import threading
import warnings
import weakref
from collections.abc import Iterator

import aiohttp
import pytest

import intercom_async
from intercom_async.testing import FakeIntercom


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def no_resource_warnings() -> Iterator[list[warnings.WarningMessage]]:
    """Record every warning raised while the test runs and after a full collection."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
        gc.collect()
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert leaks == []


async def test_async_with_closes_the_session_it_opened(fake: FakeIntercom) -> None:
    async with intercom_async.Client(token=fake.token, base_url=fake.url) as client:
        await client.admins.me()
        session = client.session
        assert session is not None
        assert not session.closed
    assert client.closed
    assert session.closed


async def test_aclose_is_idempotent_and_later_calls_fail_clearly(fake: FakeIntercom) -> None:
    client = intercom_async.Client(token=fake.token, base_url=fake.url)
    await client.admins.me()
    await client.aclose()
    await client.aclose()
    assert client.closed
    with pytest.raises(RuntimeError, match=r"this intercom_async\.Client is closed"):
        await client.admins.me()


async def test_aclose_before_any_request_is_fine() -> None:
    client = intercom_async.Client(token="t", base_url="http://127.0.0.1:1")
    await client.aclose()
    assert client.closed


async def test_dropped_open_client_warns_once_by_name_and_its_session_is_closed(
    fake: FakeIntercom,
) -> None:
    client = intercom_async.Client(token=fake.token, base_url=fake.url)
    await client.admins.me()
    name = repr(client)
    session = weakref.ref(client.session)  # type: ignore[arg-type]

    del client
    with pytest.warns(ResourceWarning) as caught:
        gc.collect()

    messages = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert messages == [
        f"{name} was garbage-collected without being closed; "
        "use `async with` or `await client.aclose()`"
    ]
    assert fake.token not in messages[0]
    for _ in range(5):  # the loop closes the session of a dropped client on its next turns
        await asyncio.sleep(0)
    alive = session()
    assert alive is None or alive.closed


async def test_dropped_client_that_never_connected_says_nothing(
    no_resource_warnings: list[warnings.WarningMessage],
) -> None:
    client = intercom_async.Client(token="t", base_url="http://127.0.0.1:1")
    del client
    gc.collect()
    assert no_resource_warnings == []


def test_client_reused_by_a_second_asyncio_run_works_and_leaks_nothing(
    no_resource_warnings: list[warnings.WarningMessage],
) -> None:
    """`asyncio.run` twice, as a script or a notebook cell re-run does."""
    port = free_port()
    client = intercom_async.Client(token="fake-token", base_url=f"http://127.0.0.1:{port}")
    sessions: list[aiohttp.ClientSession] = []

    async def cell() -> str:
        async with FakeIntercom(port=port):
            me = await client.admins.me()
            assert client.session is not None
            sessions.append(client.session)
            return me.id

    first, second = asyncio.run(cell()), asyncio.run(cell())

    assert first == second
    assert sessions[0] is not sessions[1]
    assert all(session.closed for session in sessions)  # closed as each loop shut down
    assert not client.closed
    asyncio.run(client.aclose())
    assert client.closed


def test_client_reused_after_a_loop_closed_by_hand_works_and_closes_its_old_session() -> None:
    """`loop.close()` without `asyncio.run`: nothing closed the session on the way out."""
    port = free_port()
    client = intercom_async.Client(token="fake-token", base_url=f"http://127.0.0.1:{port}")
    sessions: list[aiohttp.ClientSession] = []

    async def cell() -> str:
        async with FakeIntercom(port=port):  # stopping it closes the connections
            me = await client.admins.me()
            assert client.session is not None
            sessions.append(client.session)
            return me.id

    loop = asyncio.new_event_loop()
    try:
        first = loop.run_until_complete(cell())
    finally:
        loop.close()
    assert not sessions[0].closed

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        second = asyncio.run(cell())
        asyncio.run(client.aclose())
        gc.collect()

    assert first == second
    assert sessions[0].closed
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_client_used_from_a_second_loop_while_the_first_runs_fails_at_once() -> None:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    fake = FakeIntercom(contacts=3)
    try:

        async def open_on_first_loop() -> intercom_async.Client:
            await fake.start()
            client = intercom_async.Client(token=fake.token, base_url=fake.url)
            await client.admins.me()
            return client

        client = asyncio.run_coroutine_threadsafe(open_on_first_loop(), loop).result(timeout=30)

        with pytest.raises(RuntimeError, match="in use on another event loop"):
            asyncio.run(client.admins.me())

        async def close_on_first_loop() -> None:
            await client.aclose()
            await fake.stop()

        asyncio.run_coroutine_threadsafe(close_on_first_loop(), loop).result(timeout=30)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()


async def test_borrowed_session_is_never_closed_by_the_client(fake: FakeIntercom) -> None:
    async with aiohttp.ClientSession() as session:
        async with intercom_async.Client(
            token=fake.token, base_url=fake.url, session=session
        ) as client:
            await client.admins.me()
            assert client.session is session
        assert client.closed
        assert not session.closed

        dropped = intercom_async.Client(token=fake.token, base_url=fake.url, session=session)
        await dropped.admins.me()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            del dropped
            gc.collect()
        assert not session.closed
        async with session.get(fake.url + "/me") as response:  # still usable by its owner
            assert response.status == 401


def test_borrowed_session_from_a_finished_loop_is_refused_clearly() -> None:
    port = free_port()
    holder: list[intercom_async.Client] = []

    async def first() -> None:
        async with FakeIntercom(port=port), aiohttp.ClientSession() as session:
            client = intercom_async.Client(
                token="fake-token", base_url=f"http://127.0.0.1:{port}", session=session
            )
            await client.admins.me()
            holder.append(client)

    asyncio.run(first())
    with pytest.raises(RuntimeError, match="belongs to a closed event loop"):
        asyncio.run(holder[0].admins.me())
