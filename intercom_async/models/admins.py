"""Admins: the teammates of a workspace."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._model import Model
from .._public import publish
from .._refs import Ref
from .._wire_types import wire_type
from .common import Avatar

__all__ = ["Admin", "AdminRef", "App", "TeamPriorityLevel"]


@attrs.frozen(kw_only=True)
class TeamPriorityLevel(Model):
    """The teams an admin belongs to, by priority."""

    primary_team_ids: tuple[int, ...] | None = None
    secondary_team_ids: tuple[int, ...] | None = None


@attrs.frozen(kw_only=True)
class App(Model):
    """The workspace an admin belongs to (only on `GET /me`)."""

    type: str = "app"
    id_code: str | None = None
    name: str | None = None
    region: str | None = None
    timezone: str | None = None
    created_at: datetime | None = None
    identity_verification: bool | None = None
    secure: bool | None = None


@wire_type("admin", collection="/admins")
@attrs.frozen(kw_only=True)
class Admin(Model):
    """A teammate (`GET /admins/{id}`, `GET /me`); `avatar` is a URL or an object by endpoint."""

    type: str = "admin"
    id: str
    name: str | None = None
    email: str | None = None
    job_title: str | None = None
    away_mode_enabled: bool | None = None
    away_mode_reassign: bool | None = None
    away_status_reason_id: int | None = None
    has_inbox_seat: bool | None = None
    team_ids: tuple[int, ...] | None = None
    avatar: Avatar | None = None
    team_priority_level: TeamPriorityLevel | None = None
    email_verified: bool | None = None
    app: App | None = None


@attrs.frozen(kw_only=True, getstate_setstate=False)
class AdminRef(Ref["Admin"]):
    """An admin (teammate) stub, such as a contact's owner; fetches `GET /admins/{id}`."""

    collection = "admins"
    batch = "listing"
    type: str = "admin"


AdminRef.target = Admin

publish("intercom_async.models", globals(), __all__)  # before first use: see _lazy
