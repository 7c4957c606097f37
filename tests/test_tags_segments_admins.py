"""Workspace-level tags, segments, subscription types and admins against the fake."""

from __future__ import annotations

from typing import Any

import pytest

import intercom_async
from intercom_async import BadRequestError, NotFoundError
from intercom_async.models import TagDeleted
from intercom_async.testing import FakeIntercom

from .spec_support import assert_spec_error, response_examples

# --- tags ----------------------------------------------------------------------------


async def test_list_and_get_tags(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    tags = await client.tags.list().to_list()
    assert [(t.id, t.name) for t in tags] == [
        (t["id"], t["name"]) for t in fake.store.tags.values()
    ]
    assert await client.tags.get(tags[0].id) == tags[0]
    with pytest.raises(NotFoundError) as caught:
        await client.tags.get("999999")
    assert_spec_error(caught.value, spec, "GET", "/tags/{tag_id}", 404, "Tag not found")


async def test_create_find_and_rename_a_tag(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    created = await client.tags.create_or_update(name="Early adopter")
    assert created.name == "Early adopter"
    assert created.id not in {"", None}
    assert created in await client.tags.list().to_list()

    same = await client.tags.create_or_update(name="EARLY ADOPTER")
    assert same == created

    renamed = await client.tags.create_or_update(name="Pioneer", id=created.id)
    assert (renamed.id, renamed.name) == (created.id, "Pioneer")
    assert (await client.tags.get(created.id)).name == "Pioneer"

    with pytest.raises(NotFoundError, match="Resource Not Found"):
        await client.tags.create_or_update(name="Ghost", id="999999")
    with pytest.raises(BadRequestError) as caught:
        await client.request("POST", "/tags", json={"test": "invalid"})
    assert_spec_error(caught.value, spec, "POST", "/tags", 400, "Invalid parameters")
    sent = len(fake.requests)
    with pytest.raises(ValueError, match="name must be a non-empty string"):
        await client.tags.create_or_update(name=" ")
    assert len(fake.requests) == sent


async def test_delete_a_tag_untags_everything(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    tag_id = next(
        t["id"]
        for t in fake.store.tags.values()
        if t["name"] != "VIP"
        and any(t["id"] in applied for applied in fake.store.contact_tags.values())
    )
    contact_id = next(c for c, applied in fake.store.contact_tags.items() if tag_id in applied)

    assert await client.tags.delete(tag_id) == TagDeleted(id=tag_id, object="tag", deleted=True)
    assert fake.requests[-1] == ("DELETE", f"/tags/{tag_id}")
    with pytest.raises(NotFoundError):
        await client.tags.get(tag_id)
    assert tag_id not in {t.id for t in await client.tags.list_for_contact(contact_id).to_list()}
    contact = await client.contacts.get(contact_id)
    assert tag_id not in {ref.id for ref in contact.tags.refs}
    for company in fake.store.companies:
        tags = (await client.companies.get(company)).tags
        assert tags is not None
        assert tag_id not in {t.id for t in tags.tags}

    with pytest.raises(NotFoundError) as caught:
        await client.tags.delete(tag_id)
    assert_spec_error(caught.value, spec, "DELETE", "/tags/{tag_id}", 404, "Resource not found")


async def test_a_tag_a_segment_uses_cannot_be_deleted(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    vip = next(t["id"] for t in fake.store.tags.values() if t["name"] == "VIP")
    with pytest.raises(BadRequestError) as caught:
        await client.tags.delete(vip)
    documented = response_examples(spec, "DELETE", "/tags/{tag_id}", "400")
    (example,) = documented.values()
    assert caught.value.code == example["errors"][0]["code"] == "tag_has_dependent_objects"
    message = caught.value.errors[0].message
    assert message == "Unable to delete Tag with dependent objects. Segments: VIP contacts."
    assert (await client.tags.get(vip)).name == "VIP"


# --- segments ------------------------------------------------------------------------


async def test_segments_with_and_without_counts(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    plain = await client.segments.list().to_list()
    assert plain
    assert all(segment.count is None for segment in plain)
    assert all("count" not in segment.to_dict() for segment in plain)

    counted = {s.name: s.count for s in await client.segments.list(include_count=True).to_list()}
    roles = [c["role"] for c in fake.store.contacts.values()]
    assert counted["All users"] == roles.count("user")
    assert counted["All leads"] == roles.count("lead")
    assert ("GET", "/segments?include_count=true") in fake.requests

    segment = await client.segments.get(plain[0].id)
    assert segment == plain[0]
    with pytest.raises(NotFoundError) as caught:
        await client.segments.get("nope")
    path = "/segments/{segment_id}"
    assert_spec_error(caught.value, spec, "GET", path, 404, "Segment not found")


# --- subscription types and admins ---------------------------------------------------


async def test_subscription_types(client: intercom_async.Client, fake: FakeIntercom) -> None:
    listed = await client.subscription_types.list().to_list()
    assert [s.id for s in listed] == list(fake.store.subscription_types)
    assert all(s.consent_type in ("opt_in", "opt_out") for s in listed)


async def test_admins_list_get_and_me(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    admins = await client.admins.list().to_list()
    assert [a.id for a in admins] == list(fake.store.admins)
    one = await client.admins.get(int(admins[1].id))
    assert (one.id, one.name, one.email) == (admins[1].id, admins[1].name, admins[1].email)
    me = await client.admins.me()
    assert me.id == admins[0].id
    assert me.app is not None
    assert me.app.id_code == fake.store.app["id_code"]
    with pytest.raises(NotFoundError) as caught:
        await client.admins.get(1)
    assert_spec_error(caught.value, spec, "GET", "/admins/{admin_id}", 404, "Admin not found")


async def test_admin_avatars_only_when_asked(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    plain = await client.admins.list().to_list()
    assert all(admin.avatar is None and "avatar" not in admin.to_dict() for admin in plain)
    shown = await client.admins.list(display_avatar=True).to_list()
    assert ("GET", "/admins?display_avatar=true") in fake.requests
    urls = [admin.avatar.image_url if admin.avatar else "missing" for admin in shown]
    assert urls == [admin["avatar"] for admin in fake.store.admins.values()]
