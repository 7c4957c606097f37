"""Webhook notifications as typed objects: the envelope, and its item by its `type`.

The item becomes the model registered for its `type` (see `_wire_types`), an
`UnknownObject` for a type no model declares, and for a `*.deleted` topic whose item is
only its identifying fields. A registered model fetched by id comes as a subclass that
knows the client: `await notification.item.fetch()` reads the full, current object.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs
import orjson

from ._converter import structure
from ._model import Model, wire
from ._sansio import join_path
from ._wire_types import WireType, wire_type_of
from .errors import DecodeError, UnboundReferenceError
from .models.common import UnknownObject

if TYPE_CHECKING:
    from ._client import Client

__all__ = ["Notification", "NotificationData", "parse"]

T = TypeVar("T")


class _Reader(Protocol):
    async def get(self, path: str, model: type[T]) -> T: ...


@attrs.frozen(kw_only=True)
class NotificationData(Model):
    """The notification's `data`: a container of its `item`."""

    type: str | None = "notification_event_data"
    item: Any
    """The object the notification is about, structured by `parse` (see `Notification.item`)."""


@attrs.frozen(kw_only=True)
class Notification(Model):
    """One webhook delivery: `topic`, `id` (the same on every retry) and the `item`."""

    type: str = "notification_event"
    id: str
    """Intercom's id of the notification: deduplicate on it, delivery is at least once."""
    topic: str
    """`conversation.admin.replied`, `contact.user.created`, `ping`, ..."""
    app_id: str | None = None
    """The workspace the event happened in."""
    created_at: datetime
    delivery_status: str | None = None
    delivery_attempts: int | None = None
    """How many times Intercom has tried to deliver it (more than 1 on a retry)."""
    first_sent_at: datetime | None = None
    delivered_at: datetime | None = None
    self_: str | None = attrs.field(default=None, metadata=wire("self"))
    links: dict[str, Any] | None = None
    data: NotificationData

    def __repr__(self) -> str:
        kind = getattr(self.data.item, "type", None)
        return f"Notification(id={self.id!r}, topic={self.topic!r}, item type={kind!r})"

    @property
    def item(self) -> Any:
        """The object, as the model its `type` names: a `Conversation`, `Contact`,
        `Ticket`, `Company`, `Admin`... (`UnknownObject` for others and for the partial
        items of `*.deleted` topics). With `parse(client=...)` its stubs fetch through the
        client, and `await item.fetch()` gives the full, current object."""
        return self.data.item


def parse(body: bytes | str, *, client: Client | None = None) -> Notification:
    """The notification in a webhook request's `body`; `DecodeError` if it is not one.

    Verify the signature first (`verify`, or use `Receiver`): `parse` trusts its input.
    """
    raw = body.encode() if isinstance(body, str) else body
    if not isinstance(raw, bytes):
        raise TypeError(f"parse the request body as bytes or str, got {type(body).__name__}")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DecodeError(f"a webhook body should be JSON: {exc}", body=raw) from None
    kind = data.get("type") if type(data) is dict else None
    if kind != "notification_event":
        raise DecodeError(
            f"not a webhook notification: its type should be 'notification_event', got {kind!r}",
            path="$.type",
            body=raw,
        )
    notification = structure(data, Notification, client, body=raw, request="webhook")
    origin = f"webhook {notification.topic} {notification.id}"
    item = _structure_item(notification.data.item, notification.topic, client, raw, origin)
    object.__setattr__(notification.data, "item", item)
    return notification


def _structure_item(raw: Any, topic: str, client: object | None, body: bytes, origin: str) -> Any:
    if type(raw) is not dict:
        raise DecodeError(f"{origin}: data.item should be an object", path="$.data.item", body=body)
    kind = raw.get("type")
    registered = wire_type_of(kind) if type(kind) is str else None
    if registered is None:
        return structure(raw, UnknownObject, client, body=body, request=origin)
    try:
        return structure(raw, _fetchable(registered), client, body=body, request=origin)
    except DecodeError:
        if not topic.endswith(".deleted"):
            raise
    return structure(raw, UnknownObject, client, body=body, request=origin)


_bound_classes: dict[WireType, type[Any]] = {}


def _fetchable(registered: WireType) -> type[Any]:
    """The registered model, or for one fetched by id, its subclass with `fetch()`."""
    if registered.collection is None:
        return registered.model
    try:
        return _bound_classes[registered]
    except KeyError:
        pass
    model, collection = registered.model, registered.collection

    async def fetch(self: Any) -> Any:
        """The full, current object from the API (`GET {collection}/{id}`)."""
        reader: _Reader | None = self._client
        if reader is None:
            raise UnboundReferenceError(
                f"this {model.__name__} came from a notification parsed without a client; "
                "use `webhooks.parse(body, client=client)` or `Receiver(..., client=client)`"
            )
        return await reader.get(collection + join_path(self.id), model)

    def __reduce__(self: Any) -> tuple[Any, ...]:
        state = {a.name: getattr(self, a.name) for a in attrs.fields(model)}
        return (_plain, (model, state))

    namespace = {
        "__annotations__": {"_client": Any},
        "__module__": model.__module__,
        "__qualname__": model.__qualname__,
        "__doc__": model.__doc__,
        "_client": attrs.field(default=None, init=False, repr=False, eq=False),
        "fetch": fetch,
        "__reduce__": __reduce__,
    }
    bound = attrs.frozen(kw_only=True, getstate_setstate=False)(
        type(model.__name__, (model,), namespace)
    )
    _bound_classes[registered] = bound
    return bound


def _plain(model: type[Any], state: dict[str, Any]) -> Any:
    """An unpickled webhook item: the plain model (no client travels in a pickle)."""
    instance = object.__new__(model)
    for name, value in state.items():
        object.__setattr__(instance, name, value)
    return instance
