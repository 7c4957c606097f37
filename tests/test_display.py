"""How models and pages look: short reprs, HTML tables, flat rows."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import intercom_async
from intercom_async.models import Avatar, Company, Contact, Location, Note, Tag, TagRef
from intercom_async.testing import FakeIntercom


async def test_contact_repr_is_short_and_names_key_fields(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = next(iter(fake.store.contacts))
    contact = await client.contacts.get(contact_id)
    raw = fake.store.contacts[contact_id]

    expected = f"Contact(id={contact_id!r}, email={raw['email']!r}, name={raw['name']!r})"
    assert repr(contact) == expected
    full = contact.full_repr()
    assert full.startswith(f"Contact(type='contact', id={contact_id!r}, workspace_id=")
    assert "custom_attributes=" in full
    assert "tags=TagRefList(refs=" in full
    assert "_client" not in full


def test_reprs_per_model_and_fallbacks() -> None:
    note = Note(id="7", body="x" * 100)
    assert repr(note) == f"Note(id='7', body='{'x' * 39}…')"
    assert repr(Company(id="c1", name="Acme", company_id="ext-9")) == (
        "Company(id='c1', name='Acme', company_id='ext-9')"
    )
    assert repr(Tag(id="2", name="VIP")) == "Tag(id='2', name='VIP')"
    assert repr(TagRef(id="2", url="/tags/2")) == "TagRef(id='2')"
    # No id: the first fields that have a value.
    assert repr(Location(city="Dublin", country="Ireland")) == (
        "Location(country='Ireland', city='Dublin')"
    )
    assert repr(Avatar()) == "Avatar()"


def test_model_html_escapes_and_skips_empty_fields() -> None:
    tag = Tag(id="2", name="<b>VIP</b> & co")
    table = tag._repr_html_()
    assert table.startswith("<table><caption>Tag(id=&#x27;2&#x27;")
    assert "<th>name</th><td>&lt;b&gt;VIP&lt;/b&gt; &amp; co</td>" in table
    assert "<b>" not in table
    assert "applied_at" not in table  # None is left out


async def test_page_html_has_a_row_per_item(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = next(cid for cid in fake.store.contacts if len(fake.store.notes_of(cid)) >= 2)
    pager = client.paginate(f"/contacts/{contact_id}/notes", Note, {"per_page": "2"})
    page = await anext(pager.pages())
    table = page._repr_html_()
    assert "<thead><tr><th>id</th><th>body</th></tr></thead>" in table
    assert table.count("<tr><td>") == 2
    for note in page:
        assert f"<td>{note.id}</td>" in table
    total = len(fake.store.notes_of(contact_id))
    more = "more pages follow" if total > 2 else "last page"
    assert f"<caption>2 Note of {total}; {more}</caption>" in table


async def test_to_row_is_flat_scalars_with_iso_timestamps(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = next(
        cid for cid, raw in fake.store.contacts.items() if raw.get("location") and raw["created_at"]
    )
    contact = await client.contacts.get(contact_id)
    row = contact.to_row()

    assert row["id"] == contact_id
    assert contact.location is not None
    assert contact.created_at is not None
    assert row["location.city"] == contact.location.city
    assert row["created_at"] == contact.created_at.isoformat()
    assert datetime.fromisoformat(str(row["created_at"])).tzinfo is not None
    assert row["tags.url"] == f"/contacts/{contact_id}/tags"
    for key, value in contact.custom_attributes.items():
        assert row[f"custom_attributes.{key}"] == value
    scalar = str | int | float | bool | None
    assert all(isinstance(value, scalar) for value in row.values())
    # Lists become JSON text, so a CSV round-trip keeps every column.
    assert str(row["tags.data"]).startswith("[")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    assert next(csv.DictReader(io.StringIO(buffer.getvalue())))["id"] == contact_id


def test_to_row_keeps_unknown_keys_and_leaves_out_absent_ones() -> None:
    from intercom_async._converter import structure

    contact = structure(
        {"type": "contact", "id": "1", "brand_new": {"nested": 1}, "created_at": 0},
        Contact,
        None,
    )
    assert contact.to_row() == {
        "type": "contact",
        "id": "1",
        "created_at": "1970-01-01T00:00:00+00:00",
        "brand_new.nested": 1,
    }
