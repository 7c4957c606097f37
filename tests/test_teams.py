"""`client.teams` against the fake, and the spec's examples into the generated models."""

from __future__ import annotations

from typing import Any

import pytest

import intercom_async
from intercom_async import NotFoundError
from intercom_async import _team_endpoints as endpoints
from intercom_async.models import Team
from intercom_async.testing import FakeIntercom

from .spec_support import assert_spec_error, response_examples


async def test_list_and_get_teams_agree_with_the_admins(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    teams = await client.teams.list().to_list()
    expected = {str(t) for admin in fake.store.admins.values() for t in admin["team_ids"]}
    assert {team.id for team in teams} == expected and teams
    team = await client.teams.get(teams[0].id)
    assert team == teams[0] and isinstance(team, Team)
    members = {a["id"] for a in fake.store.admins.values() if int(team.id) in a["team_ids"]}
    assert {str(i) for i in team.admin_ids or ()} == members
    with pytest.raises(NotFoundError) as caught:
        await client.teams.get("1")
    assert_spec_error(caught.value, spec, "GET", "/teams/{team_id}", 404, "Team not found")


def test_the_spec_examples_structure(spec: dict[str, Any]) -> None:
    for operation in endpoints.OPERATIONS:
        for example in response_examples(spec, operation.method, operation.path, "200").values():
            items = example["teams"] if operation.is_list else [example]
            decoded = [Team.from_dict(item) for item in items]
            assert [team.to_dict() for team in decoded] == items
