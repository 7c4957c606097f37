"""An API operation as data: what the client needs to call one endpoint.

Resources are thin typed wrappers over these declarations (`resources/_endpoints.py`);
the client turns one into a request with `Client._run` or into a pager with
`Client._list`, so every endpoint shares one call path and one pager.
"""

from __future__ import annotations

import re
from typing import Generic, Literal, TypeVar

import attrs

from ._sansio import quote_segment
from ._versions import API_VERSIONS
from .errors import UnsupportedVersionError

__all__ = ["Content", "Operation", "Paging"]

T = TypeVar("T")

Paging = Literal["pages", "scroll", "page_numbers", "single"]
"""How a list walks: `pages` follows `pages.next` (a cursor sent back in the query, or in
the body of a POSTed search, or a next-page link); `scroll` follows `scroll_param`;
`page_numbers` follows `pages.next` when sent, else asks for `page=N+1` while `pages.page`
is below `pages.total_pages` (articles, collections, news); `single` is one answer with
every item (a plain list, such as help centers)."""

Content = Literal["json", "bytes", "text", "redirect"]
"""What a success answers: JSON for a model (the usual), a file's `bytes` (a data export
download), `text` (a call transcript), or a `redirect` whose `Location` is the answer (a
call recording's signed URL, returned and never followed with our token)."""

_PLACEHOLDER = re.compile(r"\{\{[a-z_]+\}\}")


@attrs.frozen
class Operation(Generic[T]):
    """One endpoint: `GET /contacts/{contact_id}` answering a `Contact`, say.

    For a list, `response` is the item type and `items` the keys a page may keep its
    items under (declared, never guessed: Intercom's spec and wire disagree for some); a
    dotted key (`data.articles`) names an array inside an object.
    `resendable` says whether a failure that may have reached the server may be sent
    again; None means by method (GET, HEAD, OPTIONS). `nullable` says the spec lets the
    whole answer be `null` (the 2.14 `admin` schema): it comes back as None, so declare
    such an operation as `Operation[Model | None]`. `null_items` says the spec lets a
    list item be `null` (`admin_list.admins`): such items are not objects and are left
    out of the page. `content` says what a success holds (see `Content`): for anything
    but `json`, `response` is `bytes` or `str`. `since` is the first API version that has
    the operation (None: every version we speak); `check_version` refuses a client of an
    older one before it sends.
    """

    method: str
    path: str
    response: type[T]
    items: tuple[str, ...] = ()
    paging: Paging | None = None
    resendable: bool | None = None
    nullable: bool = False
    null_items: bool = False
    content: Content = "json"
    since: str | None = None
    _template: str = attrs.field(init=False, repr=False, eq=False)
    _arity: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        template, arity = _PLACEHOLDER.subn("{}", self.path.replace("{", "{{").replace("}", "}}"))
        object.__setattr__(self, "_template", template)
        object.__setattr__(self, "_arity", arity)

    @property
    def is_list(self) -> bool:
        return bool(self.items)

    @property
    def endpoint(self) -> str:
        """`GET /contacts/{contact_id}`: how errors and docs name the operation."""
        return f"{self.method} {self.path}"

    def check_version(self, api_version: str) -> None:
        """Raise `UnsupportedVersionError` if `api_version` is older than `since`.

        Versions are ordered as `API_VERSIONS` lists them; `Unstable`, last, has everything.
        """
        if self.since is not None and _rank(api_version) < _rank(self.since):
            raise UnsupportedVersionError(
                operation=self.endpoint, since=self.since, api_version=api_version
            )

    def path_for(self, *ids: object) -> str:
        """The path with `ids` in its placeholders, each quoted into one segment."""
        if len(ids) != self._arity:
            raise TypeError(f"{self.endpoint} takes {self._arity} ids, got {ids!r}")
        return self._template.format(*map(quote_segment, ids)) if ids else self.path


def _rank(version: str) -> int:
    try:
        return API_VERSIONS.index(version)
    except ValueError:
        raise ValueError(f"unknown Intercom API version {version!r}") from None
