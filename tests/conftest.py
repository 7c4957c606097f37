"""Shared fixtures: a fresh fake Intercom over loopback and a client bound to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import pytest_asyncio
import yaml

import intercom_async
from intercom_async.testing import FakeIntercom

DATA = Path(__file__).parent / "data"
SPEC_PATH = (
    DATA / "intercom-2.14.yaml"
)  # Intercom's OpenAPI description (MIT, see OPENAPI-LICENSE.md)
SEED_PATH = DATA / "seed_get_contact.txt"  # the request example the project started from


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeIntercom]:
    async with FakeIntercom(seed=7, contacts=60) as server:
        yield server


@pytest_asyncio.fixture
async def client(fake: FakeIntercom) -> AsyncIterator[intercom_async.Client]:
    async with intercom_async.Client(token=fake.token, base_url=fake.url) as bound:
        yield bound


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.load(SPEC_PATH.read_text(), Loader=yaml.CSafeLoader)
    return loaded


def seed_payload() -> dict[str, Any]:
    """The seed's contact, with the one missing comma of the original restored."""
    text = SEED_PATH.read_text()
    body = text[text.index("{") : text.index("Example Errors")]
    repaired = body.replace('"type": "subscription"\n', '"type": "subscription",\n')
    loaded: dict[str, Any] = orjson.loads(repaired)
    return loaded
