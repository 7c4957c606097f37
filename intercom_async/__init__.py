"""intercom_async: an async client for the Intercom REST API.

```python
import intercom_async

async with intercom_async.Client(token="...") as client:
    contact = await client.contacts.get("5ba682d23d7cf92bef87bfd4")
    tag = await contact.tags.refs[0].fetch()
```
"""

from ._client import DEFAULT_API_VERSION, Client
from ._notgiven import NOT_GIVEN, NotGiven
from ._pagination import AsyncPager, Page
from ._search import InvalidQueryError, Q
from ._version import __version__
from .errors import (
    APIError,
    BadRequestError,
    ClientClosedError,
    ConflictError,
    DecodeError,
    ErrorDetail,
    ForbiddenError,
    IntercomError,
    NotFoundError,
    PaginationLoopError,
    RateLimitError,
    ResponseTooLargeError,
    ServerError,
    SkippedItem,
    SkippedItemsError,
    TransportError,
    UnauthorizedError,
    UnboundReferenceError,
    UnprocessableEntityError,
)

__all__ = [
    "DEFAULT_API_VERSION",
    "NOT_GIVEN",
    "APIError",
    "AsyncPager",
    "BadRequestError",
    "Client",
    "ClientClosedError",
    "ConflictError",
    "DecodeError",
    "ErrorDetail",
    "ForbiddenError",
    "IntercomError",
    "InvalidQueryError",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PaginationLoopError",
    "Q",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "SkippedItem",
    "SkippedItemsError",
    "TransportError",
    "UnauthorizedError",
    "UnboundReferenceError",
    "UnprocessableEntityError",
    "__version__",
]
