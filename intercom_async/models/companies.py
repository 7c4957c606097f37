"""Companies: the organisations your contacts belong to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from .._model import Model, wire
from .._refs import Ref, RefList
from .segments import Segment
from .tags import Tag

__all__ = [
    "Company",
    "CompanyRef",
    "CompanyRefList",
    "CompanySegments",
    "CompanyTags",
    "DeletedCompany",
    "Plan",
]


@attrs.frozen(kw_only=True)
class Plan(Model):
    """The plan a company is on (often sent empty: `{}`)."""

    type: str | None = None
    id: str | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class CompanyTags(Model):
    """`{"type": "tag.list", "tags": [...]}` inside a company."""

    type: str = "tag.list"
    tags: tuple[Tag, ...] = ()


@attrs.frozen(kw_only=True)
class CompanySegments(Model):
    """`{"type": "segment.list", "segments": [...]}` inside a company."""

    type: str = "segment.list"
    segments: tuple[Segment, ...] = ()


@attrs.frozen(kw_only=True)
class Company(Model):
    """A company (`GET /companies/{id}`). `id` is Intercom's; `company_id` is yours."""

    type: str = "company"
    id: str
    name: str | None = None
    app_id: str | None = None
    plan: Plan | None = None
    company_id: str | None = None
    remote_created_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    last_request_at: datetime | None = None
    size: int | None = None
    website: str | None = None
    industry: str | None = None
    monthly_spend: float | None = None
    session_count: int | None = None
    user_count: int | None = None
    custom_attributes: dict[str, Any] = attrs.field(factory=dict)
    tags: CompanyTags | None = None
    segments: CompanySegments | None = None


@attrs.frozen(kw_only=True)
class DeletedCompany(Model):
    """The answer of `DELETE /companies/{id}`: `deleted` is True once the archival is accepted."""

    id: str
    object: str = "company"
    deleted: bool | None = None


@attrs.frozen(kw_only=True, getstate_setstate=False)
class CompanyRef(Ref["Company"]):
    """A company stub; `await ref.fetch()` -> `Company` (`GET /companies/{id}`)."""

    collection = "companies"
    type: str = "company"


@attrs.frozen(kw_only=True, getstate_setstate=False)
class CompanyRefList(RefList["Company"]):
    """`contact.companies`: embedded company stubs and `/contacts/{id}/companies`."""

    ref_type = CompanyRef
    refs: tuple[CompanyRef, ...] = attrs.field(default=(), metadata=wire("data"))
    item_keys = ("data", "companies")  # the 2.14 spec says `companies`, the API sends `data`


CompanyRef.target = Company
