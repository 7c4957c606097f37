"""The fast structuring path never accepts what the detailed cattrs path would not."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest
from cattrs.gen import make_dict_structure_fn
from hypothesis import given, settings
from hypothesis import strategies as st

from intercom_async import DecodeError
from intercom_async._converter import _wire_fields, converter, structure
from intercom_async._fastpath import compile_structure
from intercom_async._refs import embedded_list_fits
from intercom_async.models import (
    AdminRef,
    CompanyRefList,
    Contact,
    NoteRefList,
    SubscriptionTypeRefList,
    TagRefList,
)
from intercom_async.testing._fake_data import generate_workspace, render_contact

STORE = generate_workspace(4, 5)
PAYLOADS = [render_contact(STORE, contact_id) for contact_id in STORE.contacts]
FAST = compile_structure(Contact, _wire_fields(Contact), converter.get_structure_hook)
DETAILED = make_dict_structure_fn(Contact, converter)
KEYS = [key for _, key in _wire_fields(Contact)]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=5,
)


def outcome(build: Any, payload: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "ok", build(payload, Contact) if build is DETAILED else build(payload)
    except Exception as exc:
        return "error", type(exc)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(PAYLOADS),
    st.dictionaries(st.sampled_from(KEYS), json_values, max_size=3),
    st.lists(st.sampled_from(KEYS), max_size=2),
)
def test_fast_path_agrees_with_the_detailed_path(
    payload: dict[str, Any], changes: dict[str, Any], dropped: list[str]
) -> None:
    mutated = {k: v for k, v in {**payload, **changes}.items() if k not in dropped}
    fast_kind, fast_value = outcome(FAST, mutated)
    if fast_kind == "ok":
        detailed_kind, detailed_value = outcome(DETAILED, mutated)
        assert detailed_kind == "ok"
        assert fast_value == detailed_value
        assert attrs.asdict(fast_value) == attrs.asdict(detailed_value)


def test_every_fake_contact_takes_the_fast_path_and_round_trips() -> None:
    for payload in PAYLOADS:
        assert FAST(payload) == DETAILED(payload, Contact)
        assert structure(payload, Contact, None).to_dict() == payload


LIST_FIELDS = ("tags", "notes", "companies", "opted_out_subscription_types")


def test_embedded_lists_wait_as_json_until_read_then_are_built_once_and_bound() -> None:
    client = object()
    payload = PAYLOADS[0]
    contact = structure(payload, Contact, client)  # type: ignore[arg-type]
    for name in LIST_FIELDS:
        slot = type(contact).__dict__[name].slot
        assert slot.__get__(contact, Contact) is payload[name]  # kept, not built
        built = getattr(contact, name)
        assert built == structure(payload[name], type(built), None)
        assert getattr(contact, name) is built  # built once
        assert slot.__get__(contact, Contact) is built
        assert built._client is client
        assert all(ref._client is client for ref in built.refs)


def test_a_contact_whose_lists_were_never_read_compares_pickles_and_round_trips() -> None:
    payload = PAYLOADS[1]
    unread = structure(payload, Contact, object())  # type: ignore[arg-type]
    assert unread == DETAILED(payload, Contact)
    copy = pickle.loads(pickle.dumps(structure(payload, Contact, object())))  # type: ignore[arg-type]
    assert copy == unread and copy._client is None
    assert not copy.tags.refs[0].bound
    assert structure(payload, Contact, None).to_dict() == payload


def test_owner_is_a_stub_bound_like_the_contact() -> None:
    client = object()
    contact = structure({**PAYLOADS[0], "owner_id": 42}, Contact, client)  # type: ignore[arg-type]
    assert contact.owner == AdminRef(id="42", url="/admins/42")
    assert contact.owner._client is client
    assert structure({**PAYLOADS[0], "owner_id": None}, Contact, None).owner is None


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
    try:
        eager = structure(mutated, LIST_TYPES[name], None)
    except DecodeError:
        assert not embedded_list_fits(mutated)
        with pytest.raises(DecodeError):
            structure({**payload, name: mutated}, Contact, None)
        return
    if embedded_list_fits(mutated):
        assert eager.to_dict() == mutated
        assert not eager.extra and all(not ref.extra for ref in eager.refs)
    contact = structure({**payload, name: mutated}, Contact, None)
    assert getattr(contact, name) == eager
    assert contact.to_dict()[name] == mutated
