"""intercom_async: an async client for the Intercom REST API.

```python
import intercom_async

async with intercom_async.Client(token="...") as client:
    contact = await client.contacts.get("5ba682d23d7cf92bef87bfd4")
    tag = await contact.tags.refs[0].fetch()
```
"""

from ._bulk import Strategy
from ._client import DEFAULT_API_VERSION, Client, Misfits
from ._notgiven import NOT_GIVEN, NotGiven
from ._pagination import AsyncPager, Page
from ._progress import Progress, ProgressCallback
from ._public import publish as _publish
from ._refs import Fetcher
from ._scroll import ScrollPager
from ._search import Field, Filter, Group, InvalidQueryError, Q, Query
from ._version import __version__
from .answer import Answer
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
    UnsupportedVersionError,
)

__all__ = [
    "DEFAULT_API_VERSION",
    "NOT_GIVEN",
    "APIError",
    "Answer",
    "AsyncPager",
    "BadRequestError",
    "Client",
    "ClientClosedError",
    "ConflictError",
    "DecodeError",
    "ErrorDetail",
    "Fetcher",
    "Field",
    "Filter",
    "ForbiddenError",
    "Group",
    "IntercomError",
    "InvalidQueryError",
    "Misfits",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PaginationLoopError",
    "Progress",
    "ProgressCallback",
    "Q",
    "Query",
    "RateLimitError",
    "ResponseTooLargeError",
    "ScrollPager",
    "ServerError",
    "SkippedItem",
    "SkippedItemsError",
    "Strategy",
    "TransportError",
    "UnauthorizedError",
    "UnboundReferenceError",
    "UnprocessableEntityError",
    "UnsupportedVersionError",
    "__version__",
]

_publish(__name__, globals(), __all__)
