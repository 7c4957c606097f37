"""References: typed stubs to other Intercom objects, fetched lazily through a client.

A stub gets the client that structured it as a private field (never compared, shown
or pickled), so `await ref.fetch()` needs no arguments; models never hold a client.
"""

from __future__ import annotations

import builtins
import types
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, Protocol, TypeVar

import attrs

from ._display import safely
from ._engine import Structure, mutable_twin, shared_keys, structurer
from ._model import NO_EXTRA, Model, wire
from ._sansio import join_path
from .errors import UnboundReferenceError

if TYPE_CHECKING:
    from ._pagination import AsyncPager

__all__ = [
    "Fetcher",
    "Ref",
    "RefList",
    "waiting_stubs",
]

T = TypeVar("T")
R = TypeVar("R", bound="Ref[Any]")
L = TypeVar("L", bound="RefList[Any]")
M = TypeVar("M", bound=Model)


class Fetcher(Protocol):
    """What a stub needs from a client: fetching one object and walking a list."""

    async def fetch(self, ref: Ref[T]) -> T: ...

    def paginate(
        self, path: str, item_type: type[T], *, item_key: str | tuple[str, ...] = ...
    ) -> AsyncPager[T]: ...


def _unbound(what: object) -> UnboundReferenceError:
    return UnboundReferenceError(
        f"{what!r} is not bound to a client; use `await client.fetch(ref)` "
        "or `ref.bind(client)` (stubs from API responses are bound already)"
    )


def _state_without_client(self: Any) -> dict[str, Any]:
    """What pickles: every field but the client (an unpickled stub is unbound)."""
    fields = attrs.fields(type(self))
    return {a.name: getattr(self, a.name) for a in fields if a.name != "_client"}


def _restore_unbound(self: Any, state: dict[str, Any]) -> None:
    for name, value in state.items():
        object.__setattr__(self, name, value)
    object.__setattr__(self, "_client", None)


def _bound_copy(value: M, client: Fetcher) -> M:
    copy = attrs.evolve(value)
    object.__setattr__(copy, "_client", client)
    return copy


class _RefsOnFirstRead:
    """`RefList.refs`: the slot, built from the waiting JSON the first time it is read."""

    def __init__(self, slot: Any) -> None:
        self.slot = slot

    def __get__(self, instance: RefList[Any] | None, owner: builtins.type[Any]) -> Any:
        if instance is None:
            return self
        if instance._pending is not None:
            return instance._refs_from_pending()
        return self.slot.__get__(instance, owner)

    def __set__(self, instance: RefList[Any], value: Any) -> None:
        self.slot.__set__(instance, value)

    def __delete__(self, instance: RefList[Any]) -> None:
        self.slot.__delete__(instance)


def _list_repr(refs: RefList[Any]) -> str:
    name = type(refs).__qualname__
    return f"{name}(refs={len(refs)}, total_count={refs.total_count}, url={refs.url!r})"


BatchStrategy = Literal["listing", "search", "gets"]
"""How several stubs of one kind are fetched at once: `listing` reads the whole collection
with one list call, `search` looks contacts (or conversations) up with a search
`id IN [...]`, `gets` sends bounded concurrent GETs. One stub alone is one GET (unless
its kind is `list_only`)."""


@attrs.frozen(kw_only=True, getstate_setstate=False)
class Ref(Model, Generic[T]):
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
    _client: Fetcher | None = attrs.field(default=None, init=False, repr=False, eq=False)

    __getstate__ = _state_without_client
    __setstate__ = _restore_unbound

    @property
    def path(self) -> str:
        """Where the object lives, with the id percent-quoted."""
        return self.path_of(self.id)

    @classmethod
    def path_of(cls, ref_id: str) -> str:
        """Where the object with `ref_id` lives; `collection` may hold several segments
        (`help_center/collections`), the id is always exactly one."""
        return join_path(*cls.collection.split("/"), ref_id)

    @property
    def bound(self) -> bool:
        return self._client is not None

    def bind(self: R, client: Fetcher) -> R:
        """A copy of this stub that fetches through `client`."""
        return _bound_copy(self, client)

    async def fetch(self) -> T:
        """The full object this stub points at (coalesced with concurrent fetches)."""
        if self._client is None:
            raise _unbound(self)
        return await self._client.fetch(self)


@attrs.frozen(kw_only=True, getstate_setstate=False)
class RefList(Model, Generic[T]):
    """An embedded list like `contact.tags`: a few stubs plus the URL of the whole list.

    `refs` is the embedded page (no I/O); `async for` and `fetch_all()` walk `url`,
    one page per request.
    """

    ref_type: ClassVar[builtins.type[Ref[Any]]]
    item_keys: ClassVar[tuple[str, ...]] = ("data",)
    """Where a page of the whole list keeps its items."""
    __wire_shared_default__: ClassVar[bool] = True
    """An absent list is one empty list shared by every object built: nothing in it
    changes (`bind` copies)."""

    type: str = "list"
    refs: tuple[Ref[T], ...] = attrs.field(default=(), metadata=wire("data"))
    url: str | None = None
    total_count: int | None = None
    has_more: bool | None = None
    _sent_null: bool = attrs.field(default=False, init=False, repr=False, eq=False)
    """The server sent `null` (the 2.14 schemas allow it): empty here, `None` in `to_dict()`."""
    _pending: tuple[Any, ...] | None = attrs.field(default=None, init=False, repr=False, eq=False)
    """The embedded stubs, checked to fit, until `refs` is first read: their strings
    `(type, id, url, type, id, url, ...)` when each stub has exactly those three keys
    (as Intercom sends them), else their JSON objects."""
    _client: Fetcher | None = attrs.field(default=None, init=False, repr=False, eq=False)

    __getstate__ = _state_without_client
    __setstate__ = _restore_unbound

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # attrs copies the `refs` slot into each slotted subclass: wrap every copy.
        super().__init_subclass__(**kwargs)
        slot = cls.__dict__.get("refs")
        if isinstance(slot, types.MemberDescriptorType):
            cls.refs = _RefsOnFirstRead(slot)  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self.refs)

    def __repr__(self) -> str:
        return safely(_list_repr, self)

    def bind(self: L, client: Fetcher) -> L:
        """A copy of this list whose stubs and walks go through `client`."""
        bound = attrs.evolve(self, refs=tuple(ref.bind(client) for ref in self.refs))
        return _bound_copy(bound, client)

    @classmethod
    def __wire_structure__(cls, value: Any, client: Fetcher | None, build: Structure) -> Any:
        """`null` is an empty list; JSON that will build without fail waits until read.

        A bulk lookup rarely reads a contact's lists, and their dozen stub objects per
        contact would cost more than decoding its JSON.
        """
        if value is None:
            empty = cls()
            object.__setattr__(empty, "_sent_null", True)
            object.__setattr__(empty, "_client", client)
            return empty
        pending = waiting_stubs(value)
        if pending is None:
            return build(value, client)
        waiting = _new(mutable_twin(cls))
        waiting.type = value.get("type", "list")
        waiting.url = value.get("url")
        waiting.total_count = value.get("total_count")
        waiting.has_more = value.get("has_more")
        waiting._absent = (
            _NO_KEYS if len(value) == _LIST_SIZE else shared_keys(_LIST_KEYS.difference(value))
        )
        waiting._extra = NO_EXTRA
        waiting._sent_null = False
        waiting._client = client
        if pending:
            waiting._pending = pending
        else:
            waiting._pending = None
            waiting.refs = ()
        waiting.__class__ = cls
        return waiting

    @classmethod
    def __wire_unstructure__(cls, instance: Any, unstructure: Callable[[Any], Any]) -> Any:
        return None if instance._sent_null else unstructure(instance)

    def _refs_from_pending(self) -> tuple[Ref[T], ...]:
        pending, client, ref_type = self._pending or (), self._client, self.ref_type
        if pending and type(pending[0]) is str:
            # What the engine builds of a stub with exactly `type`, `id` and `url`
            # (tests/test_engine.py holds the two equal), without a dict per stub.
            twin, built = mutable_twin(ref_type), []
            strings = iter(pending)
            for kind, ident, url in zip(strings, strings, strings, strict=True):
                ref = _new(twin)
                ref.type, ref.id, ref.url = kind, ident, url
                ref._absent, ref._extra, ref._client = _NO_KEYS, NO_EXTRA, client
                ref.__class__ = ref_type
                built.append(ref)
            refs = tuple(built)
        else:
            build = structurer(ref_type)
            refs = tuple([build(item, client) for item in pending])
        object.__setattr__(self, "refs", refs)
        object.__setattr__(self, "_pending", None)
        return refs

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


_LIST_KEYS = frozenset({"type", "data", "url", "total_count", "has_more"})
_LIST_SIZE = len(_LIST_KEYS)
_STUB_KEYS = frozenset({"type", "id", "url"})
_STUB_SIZE = len(_STUB_KEYS)
_NO_KEYS = shared_keys(frozenset())
_new = object.__new__


def waiting_stubs(value: Any) -> tuple[Any, ...] | None:
    """What an embedded list as Intercom sends one keeps until read (see
    `RefList._pending`), or None when `value` is not such a list (it is built at once).

    `{"type", "data": [{"type", "id", "url"}, ...], "url", "total_count", "has_more"}`,
    with the types `RefList` declares, `data` present, no other key (the seed's and the
    docs' shape leaves out `total_count` and `has_more`); stubs with a string `id` and
    no key beyond `type`, `id`, `url`. Kept as the stubs' strings rather than their
    dicts: a tuple of strings is a fifth of their size, and the garbage collector stops
    visiting it (it keeps visiting a tuple of dicts).
    """
    if type(value) is not dict or not _LIST_KEYS.issuperset(value):
        return None
    data = value.get("data")
    kind, url = value.get("type", ""), value.get("url")
    total, more = value.get("total_count"), value.get("has_more")
    if not (
        type(data) is list
        and type(kind) is str
        and (url is None or type(url) is str)
        and (total is None or type(total) is int)
        and (more is None or type(more) is bool)
    ):
        return None
    strings: list[str] = []
    for item in data:
        # The usual stub: three keys, and `type`, `id` and `url` all strings, so those
        # three are its keys.
        if type(item) is dict and len(item) == _STUB_SIZE:
            kind, ident, url = item.get("type"), item.get("id"), item.get("url")
            if type(kind) is str is type(ident) is type(url):  # all three str
                strings += (kind, ident, url)
                continue
        return _checked_stubs(data)
    return tuple(strings)


def _checked_stubs(data: list[Any]) -> tuple[Any, ...] | None:
    """The stubs' JSON objects when each fits a `Ref` (string `id`, no other key than
    `type`, `id`, `url`, those strings or a `url` of null), else None."""
    for item in data:
        if type(item) is not dict or type(item.get("id")) is not str:
            return None
        kind, url = item.get("type", ""), item.get("url")
        if not (_STUB_KEYS.issuperset(item) and type(kind) is str):
            return None
        if url is not None and type(url) is not str:
            return None
    return tuple(data)


RefList.refs = _RefsOnFirstRead(RefList.__dict__["refs"])  # type: ignore[assignment, misc]
