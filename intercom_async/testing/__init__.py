"""Test helpers: an in-memory fake of the Intercom REST API, served over loopback."""

from ._fake_data import FakeStore
from ._fake_server import FakeIntercom, serve_forever
from ._faults import FaultKind, Faults

__all__ = ["FakeIntercom", "FakeStore", "FaultKind", "Faults", "serve_forever"]
