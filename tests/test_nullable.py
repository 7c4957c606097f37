"""The 2.14 spec's `nullable` and optional properties, honoured by every model.

Each model is paired with its schema. A payload is built from the schema's own
examples; then, one at a time, every property the schema marks `nullable` (at any
depth) is set to `null`, and every optional one is left out. Each variant must
structure through the public `Model.from_dict` and give itself back through
`to_dict()`. Whole answers and list items the spec lets be `null` (`admin`,
`admin_with_app`, `admin_list.admins`) are checked end to end against the fake.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import logging
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest

import intercom_async
from intercom_async import DecodeError, NotFoundError, SkippedItemsError, models
from intercom_async._endpoints import OPERATIONS
from intercom_async._model import Model
from intercom_async.models.companies import CompanyList
from intercom_async.testing import FakeIntercom

from .test_properties import ALWAYS_PRESENT, SCHEMAS

Json = Any
Path = tuple[str | int, ...]

# Model -> where its schema is: a component name, then property names for inline ones.
PAIRS: list[tuple[type[Model], tuple[str, ...]]] = [
    (models.Admin, ("admin",)),
    (models.Admin, ("admin_with_app",)),
    (models.App, ("app",)),
    (models.TeamPriorityLevel, ("team_priority_level",)),
    (models.Avatar, ("admin_with_app", "avatar")),
    (models.Avatar, ("contact", "avatar")),
    (models.Reference, ("reference",)),
    (models.Company, ("company",)),
    (models.Plan, ("company", "plan")),
    (models.CompanyTags, ("company", "tags")),
    (models.CompanySegments, ("company", "segments")),
    (models.CompanyDeleted, ("deleted_company_object",)),
    (CompanyList, ("company_list",)),
    (models.TagDeleted, ("deleted_object",)),
    (models.ContactDeleted, ("contact_deleted",)),
    (models.ContactArchived, ("contact_archived",)),
    (models.ContactUnarchived, ("contact_unarchived",)),
    (models.ContactBlocked, ("contact_blocked",)),
    (models.Contact, ("contact",)),
    (models.Location, ("contact_location",)),
    (models.SocialProfiles, ("contact_social_profiles",)),
    (models.SocialProfile, ("social_profile",)),
    (models.TagRefList, ("contact_tags",)),
    (models.NoteRefList, ("contact_notes",)),
    (models.CompanyRefList, ("contact_companies",)),
    (models.SubscriptionTypeRefList, ("contact_subscription_types",)),
    (models.TagRef, ("addressable_list",)),
    (models.NoteRef, ("addressable_list",)),
    (models.SubscriptionTypeRef, ("addressable_list",)),
    (models.CompanyRef, ("company_data",)),
    (models.ContactRef, ("note", "contact")),
    (models.Note, ("note",)),
    (models.Segment, ("segment",)),
    (models.SubscriptionType, ("subscription_type",)),
    (models.Translation, ("translation",)),
    (models.Tag, ("tag",)),
]
NOT_IN_THE_SPEC = {models.AdminRef: "built from a contact's owner_id, never sent as an object"}


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its `$ref` followed and its `allOf` merged (siblings win)."""
    if "$ref" in schema:
        target = SCHEMAS[schema["$ref"].rsplit("/", 1)[-1]]
        return resolve({**target, **{k: v for k, v in schema.items() if k != "$ref"}})
    if "allOf" in schema:
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        properties: dict[str, Any] = {}
        for part in schema["allOf"]:
            properties.update(resolve(part).get("properties", {}))
        merged["properties"] = {**properties, **schema.get("properties", {})}
        return merged
    return schema


def schema_at(location: tuple[str, ...]) -> dict[str, Any]:
    schema = resolve(SCHEMAS[location[0]])
    for name in location[1:]:
        schema = resolve(schema["properties"][name])
    return schema


def example(schema: dict[str, Any], depth: int = 0) -> Json:
    """A value valid under `schema`: its documented example, else one built from its type."""
    schema = resolve(schema)
    if "example" in schema:
        return copy.deepcopy(schema["example"])
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "string":
        return "text"
    if kind == "integer":
        return 1_700_000_000  # fits the epoch-seconds fields too
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "array":
        return [example(schema.get("items", {}), depth + 1)] if depth < 6 else []
    return {key: example(value, depth + 1) for key, value in schema.get("properties", {}).items()}


def properties(schema: dict[str, Any], value: Json, path: Path = ()) -> Iterator[tuple[Path, bool]]:
    """`(path, nullable)` of every property present in `value`, at every depth."""
    for key, sub in resolve(schema).get("properties", {}).items():
        if key not in value:
            continue
        sub, here = resolve(sub), (*path, key)
        yield here, bool(sub.get("nullable"))
        if isinstance(value[key], dict):
            yield from properties(sub, value[key], here)
        elif isinstance(value[key], list) and value[key] and isinstance(value[key][0], dict):
            yield from properties(sub.get("items", {}), value[key][0], (*here, 0))


def variants(location: tuple[str, ...]) -> Iterator[tuple[str, Json]]:
    """The example payload, then each nullable property null and each optional one absent."""
    schema = schema_at(location)
    base = example(schema)
    yield "example", base
    for path, nullable in properties(schema, base):
        parent_path, key = path[:-1], path[-1]
        if nullable:
            nulled = copy.deepcopy(base)
            _at(nulled, parent_path)[key] = None
            yield f"null {_dotted(path)}", nulled
        if key not in ALWAYS_PRESENT:
            dropped = copy.deepcopy(base)
            del _at(dropped, parent_path)[key]
            yield f"absent {_dotted(path)}", dropped


def _at(value: Json, path: Path) -> Json:
    for step in path:
        value = value[step]
    return value


def _dotted(path: Path) -> str:
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)


CASES = [
    pytest.param(model, payload, id=f"{model.__name__}<-{'.'.join(location)}: {label}")
    for model, location in PAIRS
    for label, payload in variants(location)
]


@pytest.mark.parametrize(("model", "payload"), CASES)
def test_nullable_and_optional_properties_structure_and_come_back(
    model: type[Model], payload: Json
) -> None:
    assert model.from_dict(payload).to_dict() == payload


def test_every_nullable_property_of_the_paired_schemas_is_exercised() -> None:
    nulled = [case for case in CASES if ": null $." in case.id]
    # Counted from the 2.14 schemas; a new nullable property adds a case, none vanish.
    assert len(nulled) >= 60
    assert any("Contact<-contact: null $.tags" in case.id for case in nulled)
    assert any("Note<-note: null $.author.team_priority_level" in case.id for case in nulled)


def test_every_model_has_its_schema() -> None:
    bases = (Model, models.Ref, models.RefList)
    defined = set()
    for module_info in pkgutil.iter_modules(models.__path__, f"{models.__name__}."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Model)
                and value.__module__ == module.__name__
                and value not in bases
                and not name.startswith("_")
            ):
                defined.add(value)
    paired = {model for model, _ in PAIRS}
    assert defined - paired - set(NOT_IN_THE_SPEC) == set()


def test_a_null_where_the_schema_does_not_allow_it_is_still_a_decode_error() -> None:
    # `Contact.custom_attributes` is not nullable in 2.14: strictness is not lost.
    payload = example(schema_at(("contact",)))
    payload["custom_attributes"] = None
    with pytest.raises(DecodeError, match="custom_attributes"):
        models.Contact.from_dict(payload)


def _answer_schema(spec: dict[str, Any], operation: Any) -> dict[str, Any]:
    responses = spec["paths"][operation.path][operation.method.lower()]["responses"]
    answer = responses.get("200") or responses["201"]
    return resolve(answer["content"]["application/json"]["schema"])


@pytest.mark.parametrize(
    "operation",
    [op for op in OPERATIONS if op.response is not type(None)],
    ids=lambda op: op.endpoint,
)
def test_operations_declare_what_the_spec_lets_be_null(
    spec: dict[str, Any], operation: Any
) -> None:
    schema = _answer_schema(spec, operation)
    if operation.is_list:
        key = next(k for k in operation.items if k in schema.get("properties", {}))
        item_schema = resolve(schema["properties"][key].get("items", {}))
        assert operation.null_items == bool(item_schema.get("nullable"))
    else:  # a nullable list answer (`company_scroll`) is the scroll pager's to handle
        assert operation.nullable == bool(schema.get("nullable"))


# --- end to end against the fake -----------------------------------------------------


async def test_a_null_admin_answer_is_none(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    first, second = list(fake.store.admins)[:2]
    fake.store.null_admins.add(second)
    assert await client.admins.get(second) is None
    still = await client.admins.get(first)
    assert still is not None
    assert still.id == first
    with pytest.raises(NotFoundError):
        await client.admins.get("999999999")  # an unknown id is not a null answer


async def test_a_stub_whose_admin_answers_null_is_not_found(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    first, second = list(fake.store.admins)[:2]
    fake.store.null_admins.add(second)
    with pytest.raises(NotFoundError, match=f"the admin '{second}' answered null"):
        await models.AdminRef(id=second).bind(client).fetch()
    found = await client.resolve_many([models.AdminRef(id=first)])
    assert found[first].id == first


async def test_a_null_me_answer_is_none(client: intercom_async.Client, fake: FakeIntercom) -> None:
    owner = next(iter(fake.store.admins))
    me = await client.admins.me()
    assert me is not None
    assert me.id == owner
    fake.store.null_admins.add(owner)
    assert await client.admins.me() is None


async def test_the_null_answer_is_only_taken_where_the_spec_allows_it(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    owner = next(iter(fake.store.admins))
    fake.store.null_admins.add(owner)
    with pytest.raises(DecodeError):
        await client.get("/me", models.Admin)  # no `nullable` declared: null does not fit


@pytest.mark.parametrize("misfits", ["skip", "raise"])
async def test_null_items_of_the_admin_list_are_left_out_and_logged(
    fake: FakeIntercom, caplog: pytest.LogCaptureFixture, misfits: Any
) -> None:
    ids = list(fake.store.admins)
    fake.store.null_admins.update(ids[1:3])
    async with intercom_async.Client(token=fake.token, base_url=fake.url, misfits=misfits) as c:
        with caplog.at_level(logging.DEBUG, logger="intercom_async"):
            listed = await c.admins.list().to_list()
    assert [admin.id for admin in listed] == [ids[0], *ids[3:]]
    assert any("left out 2 null item(s)" in record.getMessage() for record in caplog.records)


async def test_a_misfit_beside_null_items_keeps_its_place_in_the_page(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    ids = list(fake.store.admins)
    fake.store.null_admins.add(ids[0])
    fake.store.admins[ids[2]]["name"] = 5  # not a string: a misfit, not a null
    with pytest.raises(SkippedItemsError) as caught:
        await client.admins.list().to_list()
    (skipped,) = caught.value.skipped
    assert (skipped.index, skipped.id) == (2, ids[2])
    assert [admin.id for admin in caught.value.fitted or []] == [ids[1], *ids[3:]]


async def test_null_items_leave_listing_batches_of_admin_stubs_whole(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    ids = list(fake.store.admins)
    fake.store.null_admins.add(ids[0])
    refs = [models.AdminRef(id=i) for i in ids[1:3]]
    resolved = await client.resolve_many(refs)
    assert sorted(resolved) == sorted(ids[1:3])
