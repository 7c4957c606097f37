"""The structuring engine: lists that wait inside `RefList`, stubs bound while structuring,
attrs validators and converters honoured, unknown field types refused."""

from __future__ import annotations

import gc
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intercom_async import DecodeError
from intercom_async._converter import structure
from intercom_async._engine import generated_structurer, mutable_twin, structurer
from intercom_async._refs import waiting_stubs
from intercom_async.models import (
    AdminRef,
    CompanyRefList,
    Contact,
    Model,
    NoteRefList,
    SubscriptionTypeRefList,
    TagRefList,
    UnknownObject,
)
from intercom_async.testing._fake_data import generate_workspace, render_contact

STORE = generate_workspace(4, 5)
PAYLOADS = [render_contact(STORE, contact_id) for contact_id in STORE.contacts]
LIST_FIELDS = ("tags", "notes", "companies", "opted_out_subscription_types")
CLIENT: Any = object()


def slots(instance: Any) -> dict[str, Any]:
    """Every attrs field's value, private ones included, read without building anything."""
    found = {}
    for field in attrs.fields(type(instance)):
        descriptor = getattr(type(instance), field.name)
        try:
            found[field.name] = getattr(descriptor, "slot", descriptor).__get__(instance)
        except AttributeError:
            found[field.name] = "<unset>"
    return found


def test_an_embedded_list_waits_as_json_inside_the_list_until_its_refs_are_read() -> None:
    payload = PAYLOADS[0]
    contact = structure(payload, Contact, CLIENT)
    for name in LIST_FIELDS:
        waiting = getattr(contact, name)
        stubs = payload[name]["data"]
        if not stubs:  # an empty list has its (empty) refs at once
            assert slots(waiting)["refs"] == () and waiting._pending is None
            continue
        assert slots(waiting)["refs"] == "<unset>"
        # The stubs' strings, the same objects as in the payload, not the stubs' dicts.
        strings = [stub[key] for stub in stubs for key in ("type", "id", "url")]
        assert waiting._pending == tuple(strings)
        assert all(a is b for a, b in zip(waiting._pending, strings, strict=True))
        refs = waiting.refs
        assert waiting.refs is refs  # built once
        assert waiting._pending is None
        assert waiting._client is CLIENT
        assert all(ref._client is CLIENT for ref in refs)


def test_waiting_stubs_are_strings_the_garbage_collector_stops_visiting() -> None:
    contact = structure(PAYLOADS[0], Contact, CLIENT)
    pending = [getattr(contact, name)._pending for name in LIST_FIELDS]
    gc.collect()
    assert all(not gc.is_tracked(waiting) for waiting in pending if waiting is not None)


def test_stubs_without_exactly_type_id_and_url_wait_as_their_json() -> None:
    odd = [
        {"type": "tag", "id": "2"},
        {"type": "tag", "id": "3", "url": None},
        {"id": "4", "url": "/tags/4"},
    ]
    for stub in odd:
        stubs = [{"type": "tag", "id": "1", "url": "/tags/1"}, stub]
        tags = {"type": "list", "data": stubs, "url": "/x"}
        contact = structure({"type": "contact", "id": "1", "tags": tags}, Contact, CLIENT)
        assert contact.tags._pending == tuple(stubs)
        assert contact.tags == generated_structurer(TagRefList)(tags, CLIENT)
        assert contact.to_dict()["tags"] == tags


def test_a_waiting_list_once_read_is_the_list_built_at_once() -> None:
    for payload in PAYLOADS:
        for name in LIST_FIELDS:
            kind = type(getattr(structure(payload, Contact, None), name))
            waiting = structure(payload[name], kind, CLIENT)
            eager = generated_structurer(kind)(payload[name], CLIENT)
            waiting.refs  # noqa: B018  (reading builds)
            assert slots(waiting) == slots(eager)
            # Each stub too, to its client, absent keys and extra: built without a dict.
            assert [(type(r), slots(r)) for r in waiting.refs] == [
                (type(r), slots(r)) for r in eager.refs
            ]


def test_a_contact_whose_lists_were_never_read_compares_pickles_and_round_trips() -> None:
    payload = PAYLOADS[1]
    unread = structure(payload, Contact, CLIENT)
    read = structure(payload, Contact, None)
    for name in LIST_FIELDS:
        getattr(read, name).refs  # noqa: B018
    assert unread == read
    copy = pickle.loads(pickle.dumps(structure(payload, Contact, CLIENT)))
    assert copy == unread
    assert copy.tags._client is None
    assert not copy.tags.refs[0].bound
    assert structure(payload, Contact, None).to_dict() == payload


def test_an_absent_list_is_one_empty_list_shared_by_every_contact() -> None:
    first = structure({"type": "contact", "id": "1"}, Contact, CLIENT)
    second = structure({"type": "contact", "id": "2"}, Contact, None)
    for name in (*LIST_FIELDS, "opted_in_subscription_types"):
        absent = getattr(first, name)
        assert absent is getattr(second, name)
        assert absent == type(absent)() and absent.refs == () and absent._client is None
    assert first.to_dict() == {"type": "contact", "id": "1"}
    assert Contact(id="1").tags is not Contact(id="2").tags  # built by hand: its own


def test_the_seed_shape_without_total_count_waits_too_and_round_trips() -> None:
    tags = {"type": "list", "data": [{"type": "tag", "id": "2", "url": "/tags/2"}], "url": "/x"}
    contact = structure({"type": "contact", "id": "1", "tags": tags}, Contact, None)
    assert contact.tags._pending == ("tag", "2", "/tags/2")
    assert contact.to_dict()["tags"] == tags
    assert contact.tags.total_count is None and contact.tags.has_more is None


def test_owner_is_a_stub_bound_to_the_client_at_structuring() -> None:
    contact = structure({**PAYLOADS[0], "owner_id": 42}, Contact, CLIENT)
    assert contact.owner == AdminRef(id="42", url="/admins/42")
    assert contact.owner is not None and contact.owner._client is CLIENT
    assert structure({**PAYLOADS[0], "owner_id": None}, Contact, None).owner is None
    assert "owner" not in contact.to_dict()
    assert Contact(id="1", owner_id=7).owner == AdminRef(id="7", url="/admins/7")


def test_models_hold_no_client() -> None:
    contact = structure(PAYLOADS[0], Contact, CLIENT)
    held = [name for name, value in slots(contact).items() if value is CLIENT and name != "_client"]
    assert not hasattr(contact, "_client") and held == []


@attrs.frozen(kw_only=True)
class Checked(Model):
    """A model with a validator and a converter, as a generated model may have."""

    id: str
    count: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    label: str = attrs.field(default="", converter=str.strip)


def test_attrs_validators_and_converters_are_honoured() -> None:
    assert structure({"id": "1", "count": 3, "label": " a "}, Checked, None).label == "a"
    with pytest.raises(DecodeError) as caught:
        structure({"id": "1", "count": -1}, Checked, None)
    assert caught.value.path == "$.count"
    assert "count should be" in str(caught.value) and "-1" in str(caught.value)
    with pytest.raises(ValueError, match="count"):
        Checked(id="1", count=-1)  # the same rule as attrs' own __init__


@attrs.frozen(kw_only=True)
class Unsupported(Model):
    when: set[str] = attrs.field(factory=set)


def test_a_field_type_the_engine_does_not_know_is_refused_not_guessed() -> None:
    with pytest.raises(TypeError, match="does not know the field type"):
        structurer(Unsupported)


LIST_TYPES = {
    "tags": TagRefList,
    "notes": NoteRefList,
    "companies": CompanyRefList,
    "opted_out_subscription_types": SubscriptionTypeRefList,
}
scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=3) | st.just([])
list_keys = st.sampled_from(["type", "data", "url", "total_count", "has_more", "extra"])
stub_keys = st.sampled_from(["type", "id", "url", "extra"])


def _change(target: dict[str, Any], key: str, value: Any, drop: bool) -> dict[str, Any]:
    changed = {**target, key: value}
    return {k: v for k, v in changed.items() if k != key} if drop else changed


@st.composite
def mutated_lists(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """A contact, one of its lists, and that list with one key of it or of a stub changed."""
    payload = draw(st.sampled_from(PAYLOADS))
    name = draw(st.sampled_from(LIST_FIELDS))
    original = payload[name]
    value, drop = draw(scalars), draw(st.booleans())
    if original["data"] and draw(st.booleans()):
        index = draw(st.integers(0, len(original["data"]) - 1))
        stubs = list(original["data"])
        stubs[index] = _change(stubs[index], draw(stub_keys), value, drop)
        return name, payload, {**original, "data": stubs}
    return name, payload, _change(original, draw(list_keys), value, drop)


@settings(max_examples=400, deadline=None)
@given(mutated_lists())
def test_a_list_waits_as_json_only_when_it_will_build_without_fail_or_loss(
    case: tuple[str, dict[str, Any], dict[str, Any]],
) -> None:
    name, payload, mutated = case
    build = generated_structurer(LIST_TYPES[name])
    try:
        eager = build(mutated, None)
    except Exception:
        assert waiting_stubs(mutated) is None
        with pytest.raises(DecodeError):
            structure({**payload, name: mutated}, Contact, None)
        return
    contact = structure({**payload, name: mutated}, Contact, None)
    assert getattr(contact, name) == eager
    assert contact.to_dict()[name] == mutated


@attrs.frozen(kw_only=True)
class _Article(Model):
    type: str = "article"
    id: str
    title: str | None = None


@attrs.frozen(kw_only=True)
class _Newsfeed(Model):
    type: str = "newsfeed"
    id: str
    owner: AdminRef | None = None


@attrs.frozen(kw_only=True)
class _Feed(Model):
    items: tuple[_Article | _Newsfeed | UnknownObject, ...] = ()
    pinned: _Article | _Newsfeed | None = None


def test_a_union_of_models_is_told_apart_by_type_and_an_unknown_type_is_kept() -> None:
    payload = {
        "items": [
            {"type": "article", "id": "1", "title": "Hello"},
            {"type": "newsfeed", "id": "2", "owner": {"type": "admin", "id": "7"}},
            {"type": "poll", "id": "3", "question": "Tea?"},
            {"id": "4"},
        ],
        "pinned": None,
    }
    feed = structure(payload, _Feed, CLIENT)
    article, newsfeed, poll, untyped = feed.items
    assert article == _Article(id="1", title="Hello")
    assert isinstance(newsfeed, _Newsfeed) and newsfeed.owner is not None
    assert newsfeed.owner._client is CLIENT  # members are structured with the client
    assert isinstance(poll, UnknownObject) and poll.type == "poll"
    assert poll.extra == {"id": "3", "question": "Tea?"}
    assert isinstance(untyped, UnknownObject) and untyped.type is None
    assert feed.to_dict() == payload  # nothing lost, each member unstructured as itself


@pytest.mark.parametrize(
    ("pinned", "message"),
    [
        ({"type": "poll", "id": "3"}, "pinned.type should be one of the types 'article', "
         "'newsfeed', got the text 'poll'"),
        ({"id": "3"}, "pinned.type is required but missing"),
        ("article", "pinned should be an object, got the text 'article'"),
        ({"type": "article"}, "pinned.id is required but missing"),
    ],
)  # fmt: skip
def test_a_union_without_a_fallback_refuses_other_types_naming_the_known_ones(
    pinned: Any, message: str
) -> None:
    with pytest.raises(DecodeError) as caught:
        structure({"pinned": pinned}, _Feed, CLIENT)
    assert message in str(caught.value)


def test_unions_the_engine_cannot_tell_apart_are_refused_when_compiled() -> None:
    @attrs.frozen(kw_only=True)
    class TwoFallbacks(Model):
        member: UnknownObject | _Loose | None = None

    @attrs.frozen(kw_only=True)
    class NotModels(Model):
        member: _Article | int | None = None

    with pytest.raises(TypeError, match="would take the same types"):
        structurer(TwoFallbacks)
    with pytest.raises(TypeError, match="unions of models only"):
        structurer(NotModels)


@attrs.frozen(kw_only=True)
class _Loose(Model):
    type: str | None = None


def _models_in(value: Any) -> list[Any]:
    """`value` and every model inside it, each list's `refs` read (which builds them)."""
    if isinstance(value, tuple):
        return [found for item in value for found in _models_in(item)]
    if not isinstance(value, Model):
        return []
    inner = [getattr(value, field.name) for field in attrs.fields(type(value))]
    return [value, *(found for item in inner for found in _models_in(item))]


def test_every_object_built_is_its_own_frozen_class_not_the_twin_it_was_filled_as() -> None:
    contacts = [structure(payload, Contact, CLIENT) for payload in PAYLOADS]
    built = [model for contact in contacts for model in _models_in(contact)]
    kinds = {type(model) for model in built}
    assert {Contact, TagRefList, AdminRef} <= kinds
    assert kinds.isdisjoint(mutable_twin(kind) for kind in kinds)
    for model in built:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            model.type = "changed"
    assert pickle.loads(pickle.dumps(contacts[0])) == contacts[0]
    assert repr(contacts[0]).startswith("Contact(")


seen_in_post_init: list[type[Any]] = []


@attrs.frozen(kw_only=True)
class Watched(Model):
    """A model whose validator and `__attrs_post_init__` note the class they see."""

    id: str = attrs.field(
        validator=lambda instance, _, __: seen_in_post_init.append(type(instance))
    )

    def __attrs_post_init__(self) -> None:
        seen_in_post_init.append(type(self))


def test_validators_and_post_init_see_the_finished_class() -> None:
    seen_in_post_init.clear()
    watched = structure({"id": "1"}, Watched, None)
    assert type(watched) is Watched
    assert seen_in_post_init == [Watched, Watched]
