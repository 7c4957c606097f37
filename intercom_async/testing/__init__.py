"""Test helpers: an in-memory fake of the Intercom REST API, served over loopback."""

from .._public import publish as _publish
from ._fake_data import FakeStore
from ._fake_http import Quota, RateLimiter, ServerState
from ._fake_server import FakeIntercom, serve_forever
from ._fake_webhooks import DEFAULT_CLIENT_SECRET, Delivery, FakeWebhooks, Subscription
from ._faults import FaultKind, FaultRule, Faults
from ._throttle import Throttle, WindowLimit

__all__ = [
    "DEFAULT_CLIENT_SECRET",
    "Delivery",
    "FakeIntercom",
    "FakeStore",
    "FakeWebhooks",
    "FaultKind",
    "FaultRule",
    "Faults",
    "Quota",
    "RateLimiter",
    "ServerState",
    "Subscription",
    "Throttle",
    "WindowLimit",
    "serve_forever",
]

_publish(__name__, globals(), __all__)
