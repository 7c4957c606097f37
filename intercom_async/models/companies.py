"""Companies: the organisations your contacts belong to."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from .._model import Model, wire
from .._public import publish
from .._refs import Ref, RefList
from .._wire_types import wire_type
from .segments import Segment
from .tags import Tag

__all__ = [
    "Company",
    "CompanyDeleted",
    "CompanyRef",
    "CompanyRefList",
    "CompanySegments",
    "CompanyTags",
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


@wire_type("company", collection="/companies")
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
class CompanyList(Model):
    """`company_list`, the answer of `GET /companies?company_id=` (or `?name=`), which
    `companies.find()` reads its match from."""

    type: str = "list"
    data: tuple[Company, ...] = ()
    total_count: int | None = None


@attrs.frozen(kw_only=True)
class CompanyDeleted(Model):
    """The answer of `DELETE /companies/{id}` (`deleted_company_object`): `deleted` is
    True once the archival is accepted. Formerly `DeletedCompany`."""

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

_RENAMED = {"DeletedCompany": CompanyDeleted}


def renamed(module: str, stacklevel: int = 2) -> Callable[[str], Any]:
    """The module `__getattr__` that still gives the old names of `_RENAMED`, with a
    `DeprecationWarning` that points `stacklevel` frames up: at the caller (3 when
    `_lazy`'s `__getattr__` of `intercom_async.models` calls this one)."""

    def __getattr__(name: str) -> Any:
        if name in _RENAMED:
            new = _RENAMED[name]
            warnings.warn(
                f"{name} is deprecated; use {new.__name__}",
                DeprecationWarning,
                stacklevel=stacklevel,
            )
            return new
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__


if TYPE_CHECKING:
    DeletedCompany = CompanyDeleted
    """Deprecated: the old name of `CompanyDeleted`."""
else:
    __getattr__ = renamed(__name__)

publish("intercom_async.models", globals(), __all__)  # before first use: see _lazy
