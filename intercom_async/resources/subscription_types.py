"""`client.subscription_types`."""

from __future__ import annotations

from .._pagination import AsyncPager
from ..models import SubscriptionType
from ._base import Resource

__all__ = ["SubscriptionTypes"]


class SubscriptionTypes(Resource):
    """Subscription types (Intercom offers no GET by id: list and pick)."""

    def list(self) -> AsyncPager[SubscriptionType]:
        """`GET /subscription_types`."""
        return self._client.paginate("/subscription_types", SubscriptionType)
