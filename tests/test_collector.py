"""get_many keeps the garbage collector off what it has gathered, and only when it may."""

from __future__ import annotations

import gc
import weakref
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
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.enable()
    gc.set_threshold(*thresholds)


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


def test_young_collections_wait_while_a_job_gathers_and_the_thresholds_come_back() -> None:
    before = gc.get_threshold()
    with gathering():
        young, *older = gc.get_threshold()
        assert young >= 100_000
        assert tuple(older) == before[1:]
    assert gc.get_threshold() == before


def test_thresholds_the_process_set_during_a_job_are_kept() -> None:
    with gathering():
        gc.set_threshold(5_000, 20, 20)
    assert gc.get_threshold() == (5_000, 20, 20)
    oldest = gc.get_threshold()[2]
    with gathering():
        raised = gc.get_threshold()[0]
        gc.set_threshold(raised, 30, oldest)  # only the middle generation's
    assert gc.get_threshold() == (raised, 30, oldest)


class Cycle:
    def __init__(self) -> None:
        self.me = self


def cycle_kept_by_the_freeze(seconds_per_stretch: float) -> tuple[bool, weakref.ref[Cycle]]:
    """Whether a reference cycle dropped in a stretch of 1,000 results that took this long
    was still there once the job froze; and a weak reference to it."""
    now = 0.0

    def clock() -> float:
        return now

    with gathering(clock) as settle:
        for index in range(1_000):
            if index == 500:
                dropped = weakref.ref(Cycle())
            now += seconds_per_stretch / 1_000
            settle()
        assert gc.get_freeze_count() > 0
        return dropped() is not None, dropped


def test_a_slow_job_frees_the_cycles_made_meanwhile_before_it_freezes() -> None:
    kept, _ = cycle_kept_by_the_freeze(seconds_per_stretch=5)
    assert not kept


def test_a_fast_job_frees_the_cycles_it_froze_once_it_ends() -> None:
    kept, dropped = cycle_kept_by_the_freeze(seconds_per_stretch=0.1)
    assert kept
    gc.collect()
    assert dropped() is None


def test_a_process_that_froze_its_own_objects_is_left_as_it_is() -> None:
    gc.freeze()
    frozen, thresholds = gc.get_freeze_count(), gc.get_threshold()
    with gathering() as settle:
        for _ in range(2_500):
            settle()
        assert gc.get_freeze_count() == frozen
        assert gc.get_threshold() == thresholds
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

        def sample(done: int, total: int) -> None:
            if done % 500 == 0:  # get_freeze_count walks every frozen object
                frozen_during.append(gc.get_freeze_count())

        contacts = await client.contacts.get_many(ids, progress=sample)
        assert gc.get_freeze_count() == 0
        assert [c.id for c in contacts] == ids
        assert all(type(c) is Contact for c in contacts)
        assert max(frozen_during) > 0

        with pytest.raises(NotFoundError):
            await client.contacts.get_many([*ids[:1_200], "000000000000000000000000"])
        assert gc.get_freeze_count() == 0
