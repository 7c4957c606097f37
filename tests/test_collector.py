"""get_many keeps the garbage collector off what it has gathered, and only when it may."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import intercom_async
from intercom_async import NotFoundError
from intercom_async._collector import gathering
from intercom_async.models import Contact
from intercom_async.testing import FakeIntercom


@pytest.fixture(autouse=True)
def collector_as_found() -> Iterator[None]:
    """Each test starts with the collector on and nothing frozen, and leaves it so."""
    assert gc.get_freeze_count() == 0
    yield
    gc.unfreeze()
    gc.enable()


def gather(count: int) -> list[object]:
    kept: list[object] = []
    with gathering() as settle:
        for _ in range(count):
            kept.append([object()])
            settle()
        assert gc.get_freeze_count() >= count
    return kept


def test_gathered_results_are_frozen_while_the_job_runs_and_thawed_after() -> None:
    kept = gather(2_500)
    assert gc.get_freeze_count() == 0
    assert gc.is_tracked(kept[-1])


def test_a_process_that_froze_its_own_objects_is_left_as_it_is() -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    with gathering() as settle:
        for _ in range(2_500):
            settle()
        assert gc.get_freeze_count() == frozen
    assert gc.get_freeze_count() == frozen


def test_a_disabled_collector_is_neither_frozen_nor_enabled() -> None:
    gc.disable()
    with gathering() as settle:
        for _ in range(2_500):
            settle()
        assert gc.get_freeze_count() == 0
    assert not gc.isenabled()


def test_the_last_of_two_overlapping_jobs_thaws() -> None:
    with gathering() as first:
        with gathering() as second:
            for _ in range(1_000):
                second()
        assert gc.get_freeze_count() > 0  # the second ended; the first still gathers
        first()
    assert gc.get_freeze_count() == 0


def test_a_job_that_fails_still_thaws() -> None:
    def failing_job() -> None:
        with gathering() as settle:
            for _ in range(1_000):
                settle()
            assert gc.get_freeze_count() > 0
            raise RuntimeError("the job failed")

    with pytest.raises(RuntimeError, match="the job failed"):
        failing_job()
    assert gc.get_freeze_count() == 0


async def test_get_many_freezes_its_contacts_while_gathering() -> None:
    frozen_during: list[int] = []
    async with (
        FakeIntercom(seed=3, contacts=2_100) as fake,
        intercom_async.Client(token=fake.token, base_url=fake.url) as client,
    ):
        ids = list(fake.store.contacts)
        contacts = await client.contacts.get_many(
            ids, progress=lambda done, total: frozen_during.append(gc.get_freeze_count())
        )
        assert gc.get_freeze_count() == 0
        assert [c.id for c in contacts] == ids
        assert all(type(c) is Contact for c in contacts)
        assert max(frozen_during) > 0

        with pytest.raises(NotFoundError):
            await client.contacts.get_many([*ids[:1_200], "000000000000000000000000"])
        assert gc.get_freeze_count() == 0
