"""Subscription types: the kinds of messages a contact can opt in to or out of."""

from __future__ import annotations

import attrs

from .._model import Model
from .._refs import SubscriptionTypeRef

__all__ = ["SubscriptionType", "Translation"]


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


SubscriptionTypeRef.target = SubscriptionType
