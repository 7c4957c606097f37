"""The public surface: every type a public call takes or returns can be imported from
a public module under the name its repr shows."""

from __future__ import annotations

import importlib
import inspect
import pickle
import typing
from collections.abc import Iterator

import aiohttp
import pytest

import intercom_async
from intercom_async import models, resources, testing, webhooks

MADE_BY_THE_CLIENT = (intercom_async.AsyncPager, intercom_async.ScrollPager)
PUBLIC_MODULES = (intercom_async, intercom_async.errors, models, resources, testing, webhooks)


def public_classes() -> Iterator[type]:
    for module in PUBLIC_MODULES:
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type):
                yield value


def annotated_types(annotation: object) -> Iterator[type]:
    if isinstance(annotation, type):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from annotated_types(argument)
    origin = typing.get_origin(annotation)
    if isinstance(origin, type):
        yield origin


def signature_types() -> Iterator[tuple[str, type]]:
    for cls in public_classes():
        for name, member in inspect.getmembers(cls):
            if name.startswith("_") and name != "__init__":
                continue
            if name == "__init__" and (
                cls in MADE_BY_THE_CLIENT or cls.__module__ == "intercom_async.resources"
            ):
                continue  # made by the client, never by users
            function = member.fget if isinstance(member, property) else member
            if not callable(function) or not hasattr(function, "__globals__"):
                continue
            # Names imported only for type checking: the public ones they stand for.
            globalns = {**vars(intercom_async), "aiohttp": aiohttp, **function.__globals__}
            try:
                found = typing.get_type_hints(function, globalns=globalns)
            except NameError as exc:  # an annotation only imported for type checking
                pytest.fail(f"{cls.__name__}.{name}: {exc}")
            for annotation in found.values():
                for kind in annotated_types(annotation):
                    yield f"{cls.__qualname__}.{name}", kind


def test_every_type_in_a_public_signature_is_importable_under_its_shown_name() -> None:
    problems = set()
    for where, kind in signature_types():
        module_name = kind.__module__
        if not module_name.startswith("intercom_async"):
            continue
        private = any(part.startswith("_") for part in module_name.split("."))
        module = importlib.import_module(module_name)
        if private or getattr(module, kind.__qualname__, None) is not kind:
            problems.add(f"{where}: {module_name}.{kind.__qualname__}")
    assert not problems, sorted(problems)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (models.TagRefList, "intercom_async.models.TagRefList"),
        (models.Contact, "intercom_async.models.Contact"),
        (intercom_async.Answer, "intercom_async.answer.Answer"),
        (intercom_async.AsyncPager, "intercom_async.AsyncPager"),
        (intercom_async.Client, "intercom_async.Client"),
        (intercom_async.NotFoundError, "intercom_async.errors.NotFoundError"),
        (resources.Contacts, "intercom_async.resources.Contacts"),
        (testing.FakeIntercom, "intercom_async.testing.FakeIntercom"),
    ],
)
def test_public_classes_name_their_public_module(value: type, shown: str) -> None:
    assert f"{value.__module__}.{value.__qualname__}" == shown
    assert repr(value) == f"<class '{shown}'>"


def test_models_still_pickle_and_structure_under_the_public_names() -> None:
    contact = models.Contact(id="1", email="a@example.com")
    assert pickle.loads(pickle.dumps(contact)) == contact
    assert set(typing.get_type_hints(models.Contact)) >= {"id", "email", "tags"}


async def test_first_sends_one_request_and_gives_none_for_an_empty_list(
    client: intercom_async.Client, fake: testing.FakeIntercom
) -> None:
    first = await client.contacts.list(per_page=2).first()
    assert first is not None
    assert first.id == (await client.contacts.list(per_page=2).to_list())[0].id
    assert [path for _, path in fake.requests].count("/contacts?per_page=2") == 2
    assert len(fake.requests) == 1 + len(fake.store.contacts) // 2
    empty = await client.contacts.search(intercom_async.Q.field("email").eq("nobody@x")).first()
    assert empty is None
