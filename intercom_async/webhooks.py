"""Intercom webhooks: verify, parse and receive notifications.

```python
from intercom_async import webhooks

webhooks.verify(body, headers.get("X-Hub-Signature"), client_secret)
notification = webhooks.parse(body, client=client)
```

`Receiver` does both, deduplicates on the notification id and runs async handlers
chosen by topic; `intercom_async.testing.FakeIntercom` sends signed notifications for
tests. See docs/webhooks.md.
"""

from ._notifications import Notification, NotificationData, parse
from ._public import publish as _publish
from ._webhook_receiver import (
    DEFAULT_MAX_CONCURRENCY,
    DedupeStore,
    Handler,
    MemoryDedupe,
    Receiver,
)
from ._webhook_signing import SIGNATURE_HEADER, InvalidSignature, sign, verify
from ._webhook_topics import TOPICS, matches

__all__ = [
    "DEFAULT_MAX_CONCURRENCY",
    "SIGNATURE_HEADER",
    "TOPICS",
    "DedupeStore",
    "Handler",
    "InvalidSignature",
    "MemoryDedupe",
    "Notification",
    "NotificationData",
    "Receiver",
    "matches",
    "parse",
    "sign",
    "verify",
]

_publish(__name__, globals(), __all__)
