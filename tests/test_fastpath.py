"""The fast structuring path never accepts what the detailed cattrs path would not."""

from __future__ import annotations

from typing import Any

import attrs
from cattrs.gen import make_dict_structure_fn
from hypothesis import given, settings
from hypothesis import strategies as st

from intercom_async._converter import _wire_fields, converter, structure
from intercom_async._fastpath import compile_structure
from intercom_async.models import Contact
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
