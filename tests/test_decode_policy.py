"""One object that does not fit its model never sinks its neighbours, and is never lost."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

import intercom_async
from intercom_async import DecodeError, SkippedItemsError
from intercom_async.models import TagRef
from intercom_async.testing import FakeIntercom

from .test_cli import Run, run_cli

BAD_DATE = "2024-01-01"


def spoil_contact(fake: FakeIntercom, index: int = 5) -> str:
    """Give one stored contact a `created_at` no model accepts; its id."""
    contact_id = list(fake.store.contacts)[index]
    fake.store.contacts[contact_id]["created_at"] = BAD_DATE
    return contact_id


async def walk_ids(client: intercom_async.Client, seen: list[str]) -> None:
    """Walk every contact, 25 a page, noting each id as it is yielded."""
    async for contact in client.contacts.list(per_page=25):
        seen.append(contact.id)


async def test_a_walk_yields_every_fitting_contact_then_names_the_misfit(
    fake: FakeIntercom, client: intercom_async.Client
) -> None:
    bad = spoil_contact(fake)
    seen: list[str] = []
    with pytest.raises(SkippedItemsError) as raised:
        await walk_ids(client, seen)
    assert len(seen) == len(fake.store.contacts) - 1 and bad not in seen
    (skipped,) = raised.value.skipped
    assert skipped.id == bad
    assert skipped.raw["created_at"] == BAD_DATE
    assert skipped.raw == (await client.request("GET", f"/contacts/{bad}")).payload
    assert "created_at" in str(skipped.error) and BAD_DATE in str(skipped.error)
    assert bad in str(raised.value)


async def test_pages_carry_their_skipped_items_and_to_list_keeps_the_rest(
    fake: FakeIntercom, client: intercom_async.Client
) -> None:
    bad = spoil_contact(fake, index=0)
    pages = [page async for page in client.contacts.list(per_page=25).pages()]
    assert [item.id for page in pages for item in page.skipped] == [bad]
    assert pages[0].skipped[0].index == 0
    assert len(pages[0].items) == 24
    with pytest.raises(SkippedItemsError) as raised:
        await client.contacts.list(per_page=25).to_list()
    assert raised.value.fitted is not None
    assert len(raised.value.fitted) == len(fake.store.contacts) - 1


async def test_misfits_raise_stops_at_the_first_one(fake: FakeIntercom) -> None:
    spoil_contact(fake, index=30)
    async with intercom_async.Client(
        token=fake.token, base_url=fake.url, misfits="raise"
    ) as client:
        seen: list[str] = []
        with pytest.raises(DecodeError) as raised:
            await walk_ids(client, seen)
    assert not isinstance(raised.value, SkippedItemsError)
    assert len(seen) == 25  # the first page only: the second holds the misfit
    with pytest.raises(ValueError, match="misfits"):
        intercom_async.Client(token="t", misfits="ignore")  # type: ignore[arg-type]


async def test_get_many_keeps_the_search_batch_and_gives_the_misfit_its_error(
    fake: FakeIntercom, client: intercom_async.Client
) -> None:
    bad = spoil_contact(fake)
    ids = list(fake.store.contacts)
    fake.requests.clear()
    found = await client.contacts.get_many(ids, return_exceptions=True)
    assert [f.id for f in found if not isinstance(f, Exception)] == [i for i in ids if i != bad]
    error = found[ids.index(bad)]
    assert isinstance(error, DecodeError) and BAD_DATE in str(error)
    assert list(fake.requests) == [("POST", "/contacts/search")]  # no GETs


async def test_a_listing_batch_keeps_the_other_tags(
    fake: FakeIntercom, client: intercom_async.Client
) -> None:
    good, bad = list(fake.store.tags)[:2]
    fake.store.tags[bad]["name"] = 5
    refs = [TagRef(id=good).bind(client), TagRef(id=bad).bind(client)]
    with pytest.raises(DecodeError):
        await client.resolve_many(refs)
    tag = await refs[0].fetch()
    assert tag.id == good


async def test_jsonl_export_writes_every_contact_exactly_as_sent(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    bad = spoil_contact(fake)
    run = await export(fake, tmp_path, "all.jsonl")
    assert run.code == 0, run.err
    lines = [orjson.loads(line) for line in (tmp_path / "all.jsonl").read_bytes().splitlines()]
    async with intercom_async.Client(token=fake.token, base_url=fake.url) as client:
        sent = [(await client.request("GET", f"/contacts/{c['id']}")).payload for c in lines]
    assert lines == sent
    assert len(lines) == len(fake.store.contacts)
    assert f"contact {bad!r} written as received" in run.err
    assert not (tmp_path / "all.jsonl.cursor").exists()


async def test_csv_export_writes_what_fits_reports_the_rest_and_never_loops(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    bad = spoil_contact(fake)
    run = await export(fake, tmp_path, "all.csv")
    assert run.code == 1
    assert f"contact {bad!r} has no CSV row" in run.err
    assert "1 could not be written" in run.err
    rows = (tmp_path / "all.csv").read_text().splitlines()
    assert len(rows) == 1 + len(fake.store.contacts) - 1  # header + every fitting contact
    assert not (tmp_path / "all.csv.cursor").exists()  # finished: nothing to --resume
    again = await export(fake, tmp_path, "all.csv", "--resume")
    assert again.code == 1 and "nothing to resume" in again.err


async def export(fake: FakeIntercom, tmp_path: Path, out: str, *extra: str) -> Run:
    return await run_cli(
        "contacts",
        "export",
        "--out",
        out,
        "--per-page",
        "25",
        *extra,
        "--base-url",
        fake.url,
        cwd=tmp_path,
        token=fake.token,
    )


async def test_a_decode_error_reads_as_a_sentence_naming_request_object_and_field(
    fake: FakeIntercom, client: intercom_async.Client
) -> None:
    bad = spoil_contact(fake)
    with pytest.raises(DecodeError) as raised:
        await client.contacts.get(bad)
    error = raised.value
    assert str(error) == (
        f"GET /contacts/{bad}: contact {bad!r} does not fit Contact: "
        f"created_at should be epoch seconds (a number), got the text {BAD_DATE!r}"
    )
    assert (error.request, error.object_id, error.path) == (
        f"GET /contacts/{bad}",
        bad,
        "$.created_at",
    )
    assert error.expected == "epoch seconds (a number)"
    assert "tuple" not in str(error)

    page = await client.contacts.list(per_page=25).pages().__anext__()
    (skipped,) = page.skipped
    assert str(skipped.error).startswith(
        f"GET /contacts: item 5 (contact {bad!r}) does not fit Contact: created_at should be"
    )
    assert skipped.error.path == "$[5].created_at"
