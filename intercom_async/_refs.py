"""References: typed stubs to other Intercom objects, fetched lazily through a client.

A stub keeps the client that structured it (set through a ContextVar only for that
synchronous call), so `await ref.fetch()` needs no arguments; models never hold it.
"""

from __future__ import annotations

import builtins
import typing
from collections.abc import AsyncIterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, Protocol, TypeVar

import attrs

from ._model import Model, wire
from ._sansio import join_path
from .errors import UnboundReferenceError

if TYPE_CHECKING:
    from ._pagination import AsyncPager
    from .models import (  # noqa: F401  (named in the string generics below)
        Admin,
        Company,
        Contact,
        Note,
        SubscriptionType,
        Tag,
    )

__all__ = [
    "AdminRef",
    "Bound",
    "CompanyRef",
    "CompanyRefList",
    "ContactRef",
    "Fetcher",
    "ListOnFirstRead",
    "NoteRef",
    "NoteRefList",
    "Ref",
    "RefList",
    "SubscriptionTypeRef",
    "SubscriptionTypeRefList",
    "TagRef",
    "TagRefList",
    "binding",
    "embedded_list_fits",
    "lists_on_first_read",
]

T = TypeVar("T")
B = TypeVar("B", bound="type[Bound]")
R = TypeVar("R", bound="Ref[Any]")
L = TypeVar("L", bound="RefList[Any]")


class Fetcher(Protocol):
    """What a stub needs from a client: fetching one object and walking a list."""

    async def fetch(self, ref: Ref[T]) -> T: ...

    def paginate(
        self, path: str, item_type: type[T], *, item_key: str | tuple[str, ...] = ...
    ) -> AsyncPager[T]: ...


_binding: ContextVar[Fetcher | None] = ContextVar("intercom_async_binding", default=None)


class binding:
    """Models created inside this block are bound to `client`."""

    __slots__ = ("_client", "_token")

    def __init__(self, client: Fetcher | None) -> None:
        self._client = client

    def __enter__(self) -> None:
        self._token = _binding.set(self._client)

    def __exit__(self, *exc_info: object) -> None:
        _binding.reset(self._token)


def _unbound(what: object) -> UnboundReferenceError:
    return UnboundReferenceError(
        f"{what!r} is not bound to a client; use `await client.fetch(ref)` "
        "or `ref.bind(client)` (stubs from API responses are bound already)"
    )


@attrs.frozen(kw_only=True, getstate_setstate=False)
class Bound(Model):
    """A model that keeps the client it was structured with, to fetch what it refers to.

    The client is never compared, shown or pickled: an unpickled model is unbound.
    """

    _client: Fetcher | None = attrs.field(default=None, init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_client", _binding.get())

    def __getstate__(self) -> dict[str, Any]:
        fields = attrs.fields(type(self))
        return {a.name: getattr(self, a.name) for a in fields if a.name != "_client"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_client", None)


BatchStrategy = Literal["listing", "search", "gets"]
"""How several stubs of one kind are fetched at once: `listing` reads the whole collection
with one list call, `search` looks contacts up with a search `id IN [...]`, `gets` sends
bounded concurrent GETs. One stub alone is one GET (unless its kind is `list_only`)."""


@attrs.frozen(kw_only=True, getstate_setstate=False)
class Ref(Bound, Generic[T]):
    """A stub like `{"type": "tag", "id": "2", "url": "/tags/2"}`; `await ref.fetch()` -> T."""

    target: ClassVar[builtins.type[Any]]
    collection: ClassVar[str]
    list_only: ClassVar[bool] = False
    """No GET by id: fetched through the collection's list."""
    batch: ClassVar[BatchStrategy] = "gets"
    """How stubs of this kind asked for together are fetched (see `BatchStrategy`)."""

    type: str
    id: str
    url: str | None = None

    @property
    def path(self) -> str:
        """Where the object lives, with the id percent-quoted."""
        return join_path(self.collection, self.id)

    @property
    def bound(self) -> bool:
        return self._client is not None

    def bind(self: R, client: Fetcher) -> R:
        """A copy of this stub that fetches through `client`."""
        with binding(client):
            return attrs.evolve(self)

    async def fetch(self) -> T:
        """The full object this stub points at (coalesced with concurrent fetches)."""
        if self._client is None:
            raise _unbound(self)
        return await self._client.fetch(self)


@attrs.frozen(kw_only=True, getstate_setstate=False)
class RefList(Bound, Generic[T]):
    """An embedded list like `contact.tags`: a few stubs plus the URL of the whole list.

    `refs` is the embedded page (no I/O); `async for` and `fetch_all()` walk `url`,
    one page per request.
    """

    ref_type: ClassVar[builtins.type[Ref[Any]]]
    item_keys: ClassVar[tuple[str, ...]] = ("data",)
    """Where a page of the whole list keeps its items."""

    type: str = "list"
    refs: tuple[Ref[T], ...] = attrs.field(default=(), metadata=wire("data"))
    url: str | None = None
    total_count: int | None = None
    has_more: bool | None = None
    _sent_null: bool = attrs.field(default=False, init=False, repr=False, eq=False)
    """The server sent `null` (the 2.14 schemas allow it): empty here, `None` in `to_dict()`."""

    def __len__(self) -> int:
        return len(self.refs)

    def bind(self: L, client: Fetcher) -> L:
        """A copy of this list whose stubs and walks go through `client`."""
        with binding(client):
            bound: L = attrs.evolve(self, refs=tuple(ref.bind(client) for ref in self.refs))
        return bound

    def pager(self) -> AsyncPager[T]:
        """A pager over the whole list behind `url`."""
        if self._client is None or self.url is None:
            raise (
                _unbound(self)
                if self._client is None
                else UnboundReferenceError(f"{self!r} carries no url to list")
            )
        return self._client.paginate(self.url, self.ref_type.target, item_key=self.item_keys)

    def __aiter__(self) -> AsyncIterator[T]:
        return self.pager().__aiter__()

    async def fetch_all(self) -> list[T]:
        """Every object of the list, walking all pages."""
        return [item async for item in self.pager()]


@attrs.frozen(kw_only=True, getstate_setstate=False)
class TagRef(Ref["Tag"]):
    """A tag stub; `await ref.fetch()` -> `Tag` (`GET /tags/{id}`)."""

    collection = "tags"
    batch = "listing"
    type: str = "tag"


@attrs.frozen(kw_only=True, getstate_setstate=False)
class NoteRef(Ref["Note"]):
    """A note stub; `await ref.fetch()` -> `Note` (`GET /notes/{id}`)."""

    collection = "notes"
    type: str = "note"


@attrs.frozen(kw_only=True, getstate_setstate=False)
class CompanyRef(Ref["Company"]):
    """A company stub; `await ref.fetch()` -> `Company` (`GET /companies/{id}`)."""

    collection = "companies"
    type: str = "company"


@attrs.frozen(kw_only=True, getstate_setstate=False)
class ContactRef(Ref["Contact"]):
    """A contact stub; `await ref.fetch()` -> `Contact` (`GET /contacts/{id}`)."""

    collection = "contacts"
    batch = "search"
    type: str = "contact"


@attrs.frozen(kw_only=True, getstate_setstate=False)
class AdminRef(Ref["Admin"]):
    """An admin (teammate) stub, such as a contact's owner; fetches `GET /admins/{id}`."""

    collection = "admins"
    batch = "listing"
    type: str = "admin"


@attrs.frozen(kw_only=True, getstate_setstate=False)
class SubscriptionTypeRef(Ref["SubscriptionType"]):
    """A subscription type stub. Intercom has no GET-by-id for these, so `fetch()`
    reads `GET /subscription_types` and picks the id."""

    collection = "subscription_types"
    list_only = True
    batch = "listing"
    type: str = "subscription"


@attrs.frozen(kw_only=True, getstate_setstate=False)
class TagRefList(RefList["Tag"]):
    """`contact.tags`: embedded tag stubs and `/contacts/{id}/tags`."""

    ref_type = TagRef
    refs: tuple[TagRef, ...] = attrs.field(default=(), metadata=wire("data"))


@attrs.frozen(kw_only=True, getstate_setstate=False)
class NoteRefList(RefList["Note"]):
    """`contact.notes`: embedded note stubs and `/contacts/{id}/notes`."""

    ref_type = NoteRef
    refs: tuple[NoteRef, ...] = attrs.field(default=(), metadata=wire("data"))


@attrs.frozen(kw_only=True, getstate_setstate=False)
class CompanyRefList(RefList["Company"]):
    """`contact.companies`: embedded company stubs and `/contacts/{id}/companies`."""

    ref_type = CompanyRef
    refs: tuple[CompanyRef, ...] = attrs.field(default=(), metadata=wire("data"))
    item_keys = ("data", "companies")  # the 2.14 spec says `companies`, the API sends `data`


@attrs.frozen(kw_only=True, getstate_setstate=False)
class SubscriptionTypeRefList(RefList["SubscriptionType"]):
    """`contact.opted_out_subscription_types` and friends, and `/contacts/{id}/subscriptions`."""

    ref_type = SubscriptionTypeRef
    refs: tuple[SubscriptionTypeRef, ...] = attrs.field(default=(), metadata=wire("data"))


_MISSING = object()


def embedded_list_fits(value: Any) -> bool:
    """Whether `value` is an embedded list exactly as Intercom sends one.

    `{"type", "data": [{"type", "id", "url"}, ...], "url", "total_count", "has_more"}`,
    with the types `RefList` declares and no other key, structures without fail and
    loses nothing, so building it can wait until it is read.
    """
    if type(value) is not dict or len(value) != 5:
        return False
    kind, data, url = value.get("type"), value.get("data"), value.get("url", _MISSING)
    total, more = value.get("total_count", _MISSING), value.get("has_more", _MISSING)
    if not (
        type(kind) is str
        and type(data) is list
        and (url is None or type(url) is str)
        and (total is None or type(total) is int)
        and (more is None or type(more) is bool)
    ):
        return False
    for item in data:
        if type(item) is not dict or len(item) != 3:
            return False
        kind, ref_id, url = item.get("type"), item.get("id"), item.get("url", _MISSING)
        if not (type(kind) is str and type(ref_id) is str and (url is None or type(url) is str)):
            return False
    return True


class ListOnFirstRead:
    """A `RefList` field that holds its checked JSON until first read, then the list.

    Wraps the field's slot (`slot`); structuring stores the JSON there only when
    `embedded_list_fits` says it will build without fail.
    """

    def __init__(self, slot: Any, list_type: builtins.type[RefList[Any]]) -> None:
        self.slot = slot
        self.list_type = list_type

    def __get__(self, instance: Bound | None, owner: builtins.type[Any]) -> Any:
        if instance is None:
            return self
        value = self.slot.__get__(instance, owner)
        if type(value) is dict:
            from ._converter import structure  # the converter imports the models

            value = structure(value, self.list_type, instance._client)
            self.slot.__set__(instance, value)
        return value

    def __set__(self, instance: Bound, value: Any) -> None:
        self.slot.__set__(instance, value)

    def __delete__(self, instance: Bound) -> None:
        self.slot.__delete__(instance)


def lists_on_first_read(cls: B) -> B:
    """Class decorator (above `@attrs.frozen`): `RefList` fields are built when first read.

    A bulk lookup rarely reads a contact's lists, and their dozen stub objects per
    contact would cost more than decoding its JSON.
    """
    for field in attrs.fields(attrs.resolve_types(cls)):
        for kind in (field.type, *typing.get_args(field.type)):
            if isinstance(kind, builtins.type) and issubclass(kind, RefList):
                setattr(cls, field.name, ListOnFirstRead(cls.__dict__[field.name], kind))
    return cls
