"""Fake team endpoints: the teams are the ones the workspace's admins name in ``team_ids``."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_data import FakeStore, Json
from ._fake_http import ApiError, json_response, store_of

__all__ = ["TEAM_ROUTES", "teams_of"]


def teams_of(store: FakeStore) -> dict[str, Json]:
    """Team id -> team, derived from the admins (so they always agree)."""
    teams: dict[str, Json] = {}
    for admin in store.admins.values():
        for team_id in admin.get("team_ids") or ():
            team = teams.setdefault(
                str(team_id),
                {
                    "type": "team",
                    "id": str(team_id),
                    "name": f"Team {team_id}",
                    "admin_ids": [],
                    "admin_priority_level": {"primary_admin_ids": [], "secondary_admin_ids": []},
                    "assignment_limit": None,
                    "distribution_method": "round_robin",
                },
            )
            team["admin_ids"].append(int(admin["id"]))
            team["admin_priority_level"]["primary_admin_ids"].append(int(admin["id"]))
    return dict(sorted(teams.items()))


async def list_teams(request: web.Request) -> web.Response:
    """``GET /teams``: every team, one page."""
    teams = list(teams_of(store_of(request)).values())
    return json_response({"type": "team.list", "teams": teams})


async def get_team(request: web.Request) -> web.Response:
    """``GET /teams/{team_id}``."""
    team = teams_of(store_of(request)).get(request.match_info["team_id"])
    if team is None:
        raise ApiError(404, "team_not_found", "Team not found")
    return json_response(team)


TEAM_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/teams", list_teams),
    ("GET", "/teams/{team_id}", get_team),
]
