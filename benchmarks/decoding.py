"""The models benchmark: bytes -> Contact, memory held per contact, and GC in bulk jobs.

Three payloads: the seed contact (its missing comma restored), the fake's contact
(what `GET /contacts/{id}` serves) and the 2.14 spec's `GET /contacts/{id}` example.
Ours goes through the public `Contact.from_json`; beside it `orjson.loads` alone and
msgspec decoding the same bytes into an equivalent `msgspec.Struct` tree (timestamps
as aware UTC datetimes, `gc=False` structs: as fast as msgspec goes). Every figure is
a ratio between works measured in the same round, rounds rotated, medians kept.
"""

from __future__ import annotations

import gc
import statistics
import time
import timeit
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import orjson
import yaml

from intercom_async.models import Contact, Model

try:
    import msgspec

    HAVE_MSGSPEC = True
except ImportError:  # installed only in the bench session
    HAVE_MSGSPEC = False

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def payloads() -> dict[str, bytes]:
    """The three contact bodies, as bytes."""
    from intercom_async.testing._fake_data import generate_workspace, render_contact

    text = (DATA / "seed_get_contact.txt").read_text()
    body = text[text.index("{") : text.index("Example Errors")]
    seed = body.replace('"type": "subscription"\n', '"type": "subscription",\n').encode()
    store = generate_workspace(11, 50)
    richest = max(store.contacts, key=lambda cid: len(orjson.dumps(render_contact(store, cid))))
    spec = yaml.load((DATA / "intercom-2.14.yaml").read_text(), Loader=yaml.CSafeLoader)
    responses = spec["paths"]["/contacts/{contact_id}"]["get"]["responses"]
    example = next(iter(responses["200"]["content"]["application/json"]["examples"].values()))
    return {
        "seed contact": seed,
        "fake's contact": orjson.dumps(render_contact(store, richest)),
        "2.14 spec example": orjson.dumps(example["value"]),
    }


if HAVE_MSGSPEC:

    class Stub(msgspec.Struct, gc=False):
        type: str | None = None
        id: str | None = None
        url: str | None = None

    class StubList(msgspec.Struct, gc=False):
        type: str | None = None
        data: list[Stub] = []
        url: str | None = None
        total_count: int | None = None
        has_more: bool | None = None

    class Avatar(msgspec.Struct, gc=False):
        type: str | None = None
        image_url: str | None = None

    class Location(msgspec.Struct, gc=False):
        type: str | None = None
        country: str | None = None
        region: str | None = None
        city: str | None = None
        country_code: str | None = None
        continent_code: str | None = None

    class SocialProfile(msgspec.Struct, gc=False):
        type: str | None = None
        name: str | None = None
        url: str | None = None

    class SocialProfiles(msgspec.Struct, gc=False):
        type: str | None = None
        data: list[SocialProfile] = []

    class MsgspecContact(msgspec.Struct, gc=False):
        """`Contact`'s fields; a bare avatar URL (the seed's) stays a string."""

        id: str
        type: str | None = None
        workspace_id: str | None = None
        external_id: str | None = None
        role: str | None = None
        email: str | None = None
        email_domain: str | None = None
        phone: str | None = None
        name: str | None = None
        avatar: str | Avatar | None = None
        owner_id: int | None = None
        social_profiles: SocialProfiles | None = None
        has_hard_bounced: bool | None = None
        marked_email_as_spam: bool | None = None
        unsubscribed_from_emails: bool | None = None
        created_at: datetime | None = None
        updated_at: datetime | None = None
        signed_up_at: datetime | None = None
        last_seen_at: datetime | None = None
        last_replied_at: datetime | None = None
        last_contacted_at: datetime | None = None
        last_email_opened_at: datetime | None = None
        last_email_clicked_at: datetime | None = None
        language_override: str | None = None
        browser: str | None = None
        browser_version: str | None = None
        browser_language: str | None = None
        os: str | None = None
        location: Location | None = None
        android_app_name: str | None = None
        android_app_version: str | None = None
        android_device: str | None = None
        android_os_version: str | None = None
        android_sdk_version: str | None = None
        android_last_seen_at: datetime | None = None
        ios_app_name: str | None = None
        ios_app_version: str | None = None
        ios_device: str | None = None
        ios_os_version: str | None = None
        ios_sdk_version: str | None = None
        ios_last_seen_at: datetime | None = None
        custom_attributes: dict[str, Any] = {}
        tags: StubList | None = None
        notes: StubList | None = None
        companies: StubList | None = None
        opted_out_subscription_types: StubList | None = None
        opted_in_subscription_types: StubList | None = None
        utm_campaign: str | None = None
        utm_content: str | None = None
        utm_medium: str | None = None
        utm_source: str | None = None
        utm_term: str | None = None
        referrer: str | None = None
        enabled_push_messaging: bool | None = None

    # strict=False is msgspec's own (C) path from epoch seconds to an aware UTC datetime.
    _msgspec_decoder = msgspec.json.Decoder(MsgspecContact, strict=False)
    msgspec_decode: Callable[[bytes], Any] = _msgspec_decoder.decode


_FIELDS: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        if attrs.has(cls):
            names = tuple(f.name for f in attrs.fields(cls) if not f.name.startswith("_"))
        else:
            names = tuple(getattr(cls, "__struct_fields__", ()))
        _FIELDS[cls] = names
    return names


def read_all(value: Any) -> None:
    """Read every field of `value`, recursively (`contact.tags.refs[i].id` included)."""
    kind = type(value)
    if kind is dict:
        for item in value.values():
            read_all(item)
    elif kind is list or kind is tuple:
        for item in value:
            read_all(item)
    elif isinstance(value, Model) or hasattr(kind, "__struct_fields__"):
        for name in _names(kind):
            read_all(getattr(value, name))


def _works(raw: bytes) -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    """name -> (decode, decode + read all) of one body."""

    def ours() -> Any:
        return Contact.from_json(raw)

    works: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
        "orjson.loads": (lambda: orjson.loads(raw), lambda: read_all(orjson.loads(raw))),
        "intercom_async Contact.from_json": (ours, lambda: read_all(ours())),
    }
    if HAVE_MSGSPEC:
        works["msgspec Struct"] = (
            lambda: msgspec_decode(raw),
            lambda: read_all(msgspec_decode(raw)),
        )
    return works


def decode_ratios(rounds: int, number: int = 2000) -> dict[str, dict[str, list[float]]]:
    """`{payload: {figure: per-round ratios}}`, the works' order rotated each round."""
    results: dict[str, dict[str, list[float]]] = {}
    for label, raw in payloads().items():
        works = list(_works(raw).items())
        times: dict[tuple[str, int], list[float]] = {}
        for round_ in range(rounds):
            shift = round_ % len(works)
            for name, pair in works[shift:] + works[:shift]:
                for which, work in enumerate(pair):
                    seconds = timeit.timeit(work, number=number) / number
                    times.setdefault((name, which), []).append(seconds)
        ours = "intercom_async Contact.from_json"
        figures: dict[str, list[float]] = {}
        for which, what in enumerate(("decode", "decode + read all")):
            figures[f"{what}: ours / orjson.loads"] = _ratio(times, ours, "orjson.loads", which)
            if HAVE_MSGSPEC:
                figures[f"{what}: ours / msgspec"] = _ratio(times, ours, "msgspec Struct", which)
                figures[f"{what}: msgspec / orjson.loads"] = _ratio(
                    times, "msgspec Struct", "orjson.loads", which
                )
        figures["µs per contact, ours, decode + read all"] = [t * 1e6 for t in times[(ours, 1)]]
        results[label] = figures
    return results


def _ratio(times: dict[tuple[str, int], list[float]], a: str, b: str, which: int) -> list[float]:
    return [x / y for x, y in zip(times[(a, which)], times[(b, which)], strict=True)]


def held_bytes(make: Callable[[], Any], count: int) -> float:
    """Bytes held per live object: tracemalloc's count over `count` of them kept alive."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [make() for _ in range(count)]
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(kept) == count
    return (after - before) / count


def memory(count: int = 10_000) -> dict[str, dict[str, float]]:
    """`{payload: {kind: bytes held per contact}}`."""

    def read(obj: Any) -> Any:
        read_all(obj)
        return obj

    results: dict[str, dict[str, float]] = {}
    for label, raw in payloads().items():
        kinds: dict[str, Callable[[], Any]] = {
            "orjson dicts": lambda raw=raw: orjson.loads(raw),
            "ours, decoded": lambda raw=raw: Contact.from_json(raw),
            "ours, every field read": lambda raw=raw: read(Contact.from_json(raw)),
        }
        if HAVE_MSGSPEC:
            kinds["msgspec Struct"] = lambda raw=raw: msgspec_decode(raw)
        results[label] = {name: held_bytes(make, count) for name, make in kinds.items()}
    return results


def gc_cost(run: Callable[[], float], rounds: int) -> list[float]:
    """Per-round CPU ratio of `run()` with the garbage collector on over off, order rotated."""
    ratios = []
    for round_ in range(rounds):
        cpu: dict[bool, float] = {}
        for enabled in (True, False) if round_ % 2 == 0 else (False, True):
            gc.collect()
            if enabled:
                gc.enable()
            else:
                gc.disable()
            try:
                cpu[enabled] = run()
            finally:
                gc.enable()
        ratios.append(cpu[True] / cpu[False])
    return ratios


def cpu_of(work: Callable[[], Any]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def median(values: list[float]) -> float:
    return statistics.median(values)
