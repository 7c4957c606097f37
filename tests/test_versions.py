"""Operations newer than a client's `api_version` are refused before anything is sent."""

from __future__ import annotations

import pytest

import intercom_async
from intercom_async import UnsupportedVersionError
from intercom_async._operations import Operation
from intercom_async.models import Team
from intercom_async.testing import FakeIntercom

NEWER_GET = Operation("GET", "/teams/{team_id}", Team, since="2.15")
NEWER_LIST = Operation("GET", "/teams", Team, items=("teams",), paging="pages", since="2.15")


def _client(fake: FakeIntercom, api_version: str) -> intercom_async.Client:
    return intercom_async.Client(token=fake.token, base_url=fake.url, api_version=api_version)


async def test_an_older_client_is_refused_before_any_request(fake: FakeIntercom) -> None:
    async with _client(fake, "2.14") as client:
        with pytest.raises(UnsupportedVersionError) as caught:
            await client._run(NEWER_GET, "1")
        with pytest.raises(UnsupportedVersionError):
            client._list(NEWER_LIST)
    error = caught.value
    assert (error.operation, error.since, error.api_version) == (
        "GET /teams/{team_id}",
        "2.15",
        "2.14",
    )
    assert "GET /teams/{team_id} needs Intercom API version 2.15" in str(error)
    assert "api_version='2.15'" in str(error)
    assert fake.requests == []


@pytest.mark.parametrize("api_version", ["2.15", "Unstable"])
async def test_the_version_that_has_it_and_unstable_pass(
    fake: FakeIntercom, api_version: str
) -> None:
    async with _client(fake, api_version) as client:
        teams = [team async for team in client._list(NEWER_LIST)]
        assert len(teams) == 2
        assert (await client._run(NEWER_GET, teams[0].id)).id == teams[0].id
    assert fake.requests == [("GET", "/teams"), ("GET", f"/teams/{teams[0].id}")]


def test_an_operation_without_since_serves_every_version() -> None:
    for version in ("1.0", "2.14", "Unstable"):
        Operation("GET", "/teams", Team).check_version(version)
    NEWER_GET.check_version("2.15")
    with pytest.raises(UnsupportedVersionError):
        NEWER_GET.check_version("1.4")
