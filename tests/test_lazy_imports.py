"""Areas load on first use: a contacts job never imports the ticket or article modules,
and whatever loads a module first, its names show (and pickle under) the package."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
import warnings

import pytest

import intercom_async
from intercom_async import models, resources
from intercom_async._endpoints import LISTS_BY_COLLECTION, SEARCHES_BY_COLLECTION
from intercom_async._lazy import Area
from intercom_async._operations import Operation


def run(code: str) -> str:
    """What `code` prints in a fresh interpreter (imports there start from nothing)."""
    done = subprocess.run(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_contacts_job_loads_no_other_area() -> None:
    out = run(
        """
        import asyncio, sys
        import intercom_async
        from intercom_async.testing import FakeIntercom

        def loaded(area):
            return f"intercom_async.models.{area}" in sys.modules

        async def main():
            async with FakeIntercom(seed=7, contacts=5) as fake:
                async with intercom_async.Client(token=fake.token, base_url=fake.url) as client:
                    contact = await client.contacts.get(next(iter(fake.store.contacts)))
                    await contact.tags.fetch_all()
                    await contact.companies.fetch_all()
                    print(*map(loaded, ["tickets", "articles", "conversations", "teams"]))
                    await client.tickets.search(intercom_async.Q.field("open").eq(True)).first()
                    print(loaded("tickets"), loaded("articles"))

        asyncio.run(main())
        """
    )
    assert out.split("\n")[:2] == ["False False False False", "True False"]


def test_a_submodule_imported_first_still_names_the_package() -> None:
    out = run(
        """
        import pickle
        from intercom_async.models.tickets import Ticket
        from intercom_async.resources.tickets import Tickets
        print(Ticket.__module__, Tickets.__module__)
        print(len(pickle.dumps(Ticket(id="1", type="ticket"))) > 0)
        """
    )
    assert out.split() == ["intercom_async.models", "intercom_async.resources", "True"]


def test_a_pickled_model_loads_its_module_in_a_fresh_process() -> None:
    ticket = models.Ticket(id="7", type="ticket")
    out = run(
        f"""
        import pickle, sys
        ticket = pickle.loads({pickle.dumps(ticket)!r})
        print(type(ticket).__module__, ticket.id, "intercom_async.models.tickets" in sys.modules)
        """
    )
    assert out.split() == ["intercom_async.models", "7", "True"]


@pytest.mark.parametrize("package", [models, resources], ids=lambda p: p.__name__)
def test_every_listed_name_loads_and_names_its_package(package: object) -> None:
    names = package.__all__  # type: ignore[attr-defined]
    assert names == sorted(names[:-3]) + names[-3:]  # generated, then the eager ones
    assert set(names) <= set(dir(package))
    for name in names:
        value = getattr(package, name)
        if isinstance(value, type) and value.__module__.startswith("intercom_async."):
            assert value.__module__ == package.__name__, name  # type: ignore[attr-defined]


@pytest.mark.parametrize("table", [LISTS_BY_COLLECTION, SEARCHES_BY_COLLECTION])
def test_every_stub_table_entry_imports_an_operation_of_its_collection(table: object) -> None:
    for collection, operation in dict(table).items():  # type: ignore[call-overload]
        assert isinstance(operation, Operation), collection
        assert operation.path.strip("/").startswith(collection), (collection, operation.path)
    assert "nope" not in table  # type: ignore[operator]


def test_an_unknown_or_deprecated_name() -> None:
    with pytest.raises(AttributeError, match=r"'intercom_async\.resources' has no attribute 'X'"):
        resources.X  # noqa: B018
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert models.DeletedCompany is models.CompanyDeleted  # type: ignore[attr-defined]
    assert [w.filename for w in caught] == [__file__]  # the warning points at the caller


async def test_an_area_is_made_once_per_client(client: intercom_async.Client) -> None:
    assert isinstance(intercom_async.Client.tickets, Area)
    assert client.tickets is client.tickets
    assert client.tickets._client is client
    other = intercom_async.Client(token="t", base_url="http://127.0.0.1:9")
    assert other.tickets is not client.tickets
    await other.aclose()
