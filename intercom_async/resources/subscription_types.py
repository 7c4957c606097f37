"""`client.subscription_types`."""

from __future__ import annotations

from typing import Literal

from .._endpoints import (
    CONTACTS_SUBSCRIPTION_ATTACH,
    CONTACTS_SUBSCRIPTION_DETACH,
    CONTACTS_SUBSCRIPTIONS,
    SUBSCRIPTION_TYPES_LIST,
)
from .._pagination import AsyncPager
from .._public import publish
from ..models import SubscriptionType
from ._base import Resource
from ._calls import keyword_only, non_empty

__all__ = ["ConsentType", "SubscriptionTypes"]

ConsentType = Literal["opt_in", "opt_out"]
_CONSENT_TYPES = ("opt_in", "opt_out")


class SubscriptionTypes(Resource):
    """Subscription types (Intercom offers no GET by id: list and pick)."""

    def list(self) -> AsyncPager[SubscriptionType]:
        """`GET /subscription_types`."""
        return self._client._list(SUBSCRIPTION_TYPES_LIST)

    def list_for_contact(self, contact_id: str) -> AsyncPager[SubscriptionType]:
        """`GET /contacts/{id}/subscriptions`: the types the contact explicitly opted in to
        or out of (types left at their default are not listed)."""
        return self._client._list(CONTACTS_SUBSCRIPTIONS, contact_id)

    async def attach_to_contact(
        self,
        contact_id: str,
        _subscription_id: str | None = None,
        /,
        *,
        subscription_id: str | None = None,
        consent_type: ConsentType = "opt_in",
    ) -> SubscriptionType:
        """`POST /contacts/{id}/subscriptions`: record the contact's opt-in or opt-out."""
        subscription_id = keyword_only("subscription_id", _subscription_id, subscription_id)
        if consent_type not in _CONSENT_TYPES:
            raise ValueError(f"consent_type must be 'opt_in' or 'opt_out', got {consent_type!r}")
        body = {"id": non_empty("subscription_id", subscription_id), "consent_type": consent_type}
        return await self._client._run(CONTACTS_SUBSCRIPTION_ATTACH, contact_id, json=body)

    async def detach_from_contact(
        self,
        contact_id: str,
        _subscription_id: str | None = None,
        /,
        *,
        subscription_id: str | None = None,
    ) -> SubscriptionType:
        """`DELETE /contacts/{id}/subscriptions/{subscription_id}`: drop the contact's choice."""
        subscription_id = keyword_only("subscription_id", _subscription_id, subscription_id)
        return await self._client._run(CONTACTS_SUBSCRIPTION_DETACH, contact_id, subscription_id)


publish("intercom_async.resources", globals(), __all__)  # before first use: see _lazy
