"""The registry of models by wire `type`: who joins it, and what it refuses."""

from __future__ import annotations

import attrs
import pytest

from intercom_async._model import Model
from intercom_async._wire_types import registered_types, wire_type, wire_type_of
from intercom_async.models import Admin, Company, Contact, Conversation, Job, Tag, Team, Ticket


@pytest.mark.parametrize(
    ("name", "model", "collection"),
    [
        ("contact", Contact, "/contacts"),
        ("company", Company, "/companies"),
        ("admin", Admin, "/admins"),
        ("tag", Tag, "/tags"),
        ("conversation", Conversation, "/conversations"),  # generated: the area's `get`
        ("team", Team, "/teams"),  # generated: the area's `get`
        ("ticket", Ticket, "/tickets"),  # generated: the area's `get`
        ("job", Job, "/jobs/status"),  # generated: GET /jobs/status/{id}
    ],
)
def test_the_models_declare_their_wire_type(name: str, model: type, collection: str) -> None:
    registered = wire_type_of(name)
    assert registered is not None
    assert registered.model is model
    assert registered.collection == collection


def test_a_type_no_model_declares_is_not_registered() -> None:
    assert wire_type_of("content_stat.email") is None
    assert "conversation_list_item" not in registered_types()
    with pytest.raises(TypeError):
        registered_types()["x"] = registered_types()["contact"]  # type: ignore[index]


def test_a_second_model_for_a_registered_type_is_refused() -> None:
    with pytest.raises(ValueError, match="'contact' is already registered for Contact"):

        @wire_type("contact")
        @attrs.frozen(kw_only=True)
        class Impostor(Model):
            type: str = "contact"

    assert wire_type_of("contact").model is Contact  # type: ignore[union-attr]


def test_a_collection_must_be_a_plain_path() -> None:
    with pytest.raises(ValueError, match="a path such as '/tickets'"):
        wire_type("thing", collection="/things/{id}")
    with pytest.raises(ValueError, match="a path such as '/tickets'"):
        wire_type("thing", collection="things")
