"""Test helpers: an in-memory fake of the Intercom REST API, served over loopback."""

from . import _fake_bulk  # noqa: F401  (adds POST /contacts/search unless present)
from ._fake_data import FakeStore
from ._fake_server import FakeIntercom, serve_forever

__all__ = ["FakeIntercom", "FakeStore", "serve_forever"]
