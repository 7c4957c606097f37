"""Subscription types: the kinds of messages a contact can opt in to or out of."""

from __future__ import annotations

import attrs

from .._model import Model, wire
from .._public import publish
from .._refs import Ref, RefList

__all__ = [
    "SubscriptionType",
    "SubscriptionTypeRef",
    "SubscriptionTypeRefList",
    "Translation",
]


@attrs.frozen(kw_only=True)
class Translation(Model):
    """A subscription type's name and description in one locale."""

    name: str | None = None
    description: str | None = None
    locale: str | None = None


@attrs.frozen(kw_only=True)
class SubscriptionType(Model):
    """A subscription type (listed by `GET /subscription_types`; there is no GET by id)."""

    type: str = "subscription"
    id: str
    state: str | None = None
    default_translation: Translation | None = None
    translations: tuple[Translation, ...] | None = None
    consent_type: str | None = None
    content_types: tuple[str, ...] | None = None


@attrs.frozen(kw_only=True, getstate_setstate=False)
class SubscriptionTypeRef(Ref["SubscriptionType"]):
    """A subscription type stub. Intercom has no GET-by-id for these, so `fetch()`
    reads `GET /subscription_types` and picks the id."""

    collection = "subscription_types"
    list_only = True
    batch = "listing"
    type: str = "subscription"


@attrs.frozen(kw_only=True, getstate_setstate=False)
class SubscriptionTypeRefList(RefList["SubscriptionType"]):
    """`contact.opted_out_subscription_types` and friends, and `/contacts/{id}/subscriptions`."""

    ref_type = SubscriptionTypeRef
    refs: tuple[SubscriptionTypeRef, ...] = attrs.field(default=(), metadata=wire("data"))


SubscriptionTypeRef.target = SubscriptionType

publish("intercom_async.models", globals(), __all__)  # before first use: see _lazy
