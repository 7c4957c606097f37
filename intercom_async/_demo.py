"""The demo: the SDK end to end against the built-in fake Intercom."""

from __future__ import annotations

import asyncio
import html
import re
from typing import TextIO, TypeVar

from ._client import Client
from .models import Admin, Contact, RefList, SubscriptionType
from .testing import FakeIntercom

__all__ = ["run_demo"]

T = TypeVar("T")

_TAG = re.compile(r"<[^>]*>")


async def run_demo(*, count: int, seed: int, out: TextIO) -> int:
    """Fetch `count` contacts from a fresh fake workspace, expand their references, print them."""
    async with (
        FakeIntercom(seed=seed) as fake,
        Client(token=fake.token, base_url=fake.url) as client,
    ):
        print(f"Fake Intercom at {fake.url}; client {client!r}\n", file=out)
        contact_ids = list(fake.store.contacts)[:count]
        contacts = await asyncio.gather(*(client.contacts.get(i) for i in contact_ids))
        for contact in contacts:
            await _show(contact, out)
        print(f"{len(fake.requests)} requests in all.", file=out)
    return 0


async def _show(contact: Contact, out: TextIO) -> None:
    tags, notes, companies, opted_out, owner = await asyncio.gather(
        _walk(contact.tags),
        _walk(contact.notes),
        _walk(contact.companies),
        _expand(contact.opted_out_subscription_types),
        contact.owner.fetch() if contact.owner else _no_owner(),
    )
    city = contact.location.city if contact.location else None
    created = f"{contact.created_at:%Y-%m-%d %H:%M} UTC" if contact.created_at else "-"
    print(f"{contact.name or '(no name)'} <{contact.email}>  id={contact.id}", file=out)
    print(f"  created {created}, city: {city or '-'}", file=out)
    print(f"  owner:      {f'{owner.name} <{owner.email}>' if owner else '-'}", file=out)
    print(f"  tags:       {', '.join(t.name or t.id for t in tags) or '-'}", file=out)
    print(f"  companies:  {', '.join(c.name or c.id for c in companies) or '-'}", file=out)
    print(f"  opted out:  {', '.join(_subscription_name(s) for s in opted_out) or '-'}", file=out)
    print(f"  notes:      {len(notes)}", file=out)
    for note in notes[:2]:
        print(f"    - {_plain(note.body or '')[:70]}", file=out)
    print(file=out)


async def _walk(refs: RefList[T]) -> list[T]:
    """Every item behind a list reference (a page per request)."""
    return await refs.fetch_all() if refs.url else []


async def _expand(refs: RefList[T]) -> list[T]:
    """The embedded stubs fetched concurrently (coalesced by the client)."""
    return list(await asyncio.gather(*(ref.fetch() for ref in refs.refs))) if refs else []


async def _no_owner() -> Admin | None:
    return None


def _plain(body: str) -> str:
    """A note's HTML body as one line of text (`<p>Hi &amp; bye</p>` -> `Hi & bye`)."""
    return " ".join(html.unescape(_TAG.sub(" ", body)).split())


def _subscription_name(subscription: SubscriptionType) -> str:
    translation = subscription.default_translation
    return (translation.name if translation else None) or subscription.id
