"""`client.admins`."""

from __future__ import annotations

from datetime import datetime

from .._admin_endpoints import LIST_ACTIVITY_LOGS, SET_AWAY_ADMIN
from .._endpoints import ADMINS_GET, ADMINS_LIST, ADMINS_ME
from .._notgiven import NOT_GIVEN, NotGiven
from .._pagination import AsyncPager
from .._public import publish
from .._search import epoch_seconds
from ..models import ActivityLog, Admin
from ._base import Resource
from ._calls import given, query_params

__all__ = ["Admins"]


class Admins(Resource):
    """Teammates of the workspace."""

    async def get(self, admin_id: str | int) -> Admin | None:
        """`GET /admins/{id}`, or None when Intercom answers `null` (its 2.14 `admin`
        schema is nullable); an unknown id is still a `NotFoundError`."""
        return await self._client._run(ADMINS_GET, admin_id)

    async def me(self) -> Admin | None:
        """`GET /me`: the admin (and app) the token belongs to, or None when Intercom
        answers `null` (its 2.14 `admin_with_app` schema is nullable)."""
        return await self._client._run(ADMINS_ME)

    def list(self, *, display_avatar: bool = False) -> AsyncPager[Admin]:
        """`GET /admins`; avatars are only sent with `display_avatar=True`. A `null` in
        the list (the spec allows it) is not an admin and is left out, logged at DEBUG."""
        params = {"display_avatar": "true"} if display_avatar else None
        return self._client._list(ADMINS_LIST, params=params)

    async def set_away(
        self,
        admin_id: str | int,
        *,
        away_mode_enabled: bool,
        away_mode_reassign: bool,
        away_status_reason_id: str | int | NotGiven = NOT_GIVEN,
    ) -> Admin | None:
        """`PUT /admins/{id}/away`: set the admin away (or back), with an away status
        reason (`client.away_status_reasons.list()`); `away_mode_reassign=True` sends new
        replies to the default inbox. The updated admin, or None for a `null` answer."""
        payload = given(
            {
                "away_mode_enabled": away_mode_enabled,
                "away_mode_reassign": away_mode_reassign,
                "away_status_reason_id": _integer("away_status_reason_id", away_status_reason_id),
            }
        )
        return await self._client._run(SET_AWAY_ADMIN, admin_id, json=payload)

    def list_activity_logs(
        self,
        *,
        created_at_after: datetime | int,
        created_at_before: datetime | int | NotGiven = NOT_GIVEN,
    ) -> AsyncPager[ActivityLog]:
        """`GET /admins/activity_logs`: what admins did since `created_at_after` (and
        before `created_at_before`), newest first, a page at a time."""
        params = query_params(
            {
                "created_at_after": _epoch("created_at_after", created_at_after),
                "created_at_before": _epoch("created_at_before", created_at_before),
            }
        )
        return self._client._list(LIST_ACTIVITY_LOGS, params=params)


def _epoch(name: str, value: datetime | int | NotGiven) -> int | NotGiven:
    """A timestamp as Intercom's epoch seconds (aware datetimes only)."""
    if isinstance(value, datetime):
        return epoch_seconds(value)
    if isinstance(value, NotGiven):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a datetime or epoch seconds, got {value!r}")
    return value


def _integer(name: str, value: str | int | NotGiven) -> int | NotGiven:
    """An id Intercom takes as an integer (`away_status_reason_id: 12345`)."""
    if isinstance(value, NotGiven):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"{name} must be a numeric id, got {value!r}")


publish("intercom_async.resources", globals(), __all__)  # before first use: see _lazy
