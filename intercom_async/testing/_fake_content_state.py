"""The content of a fake workspace: articles, internal articles, Help Center collections and
Help Centers, news items and newsfeeds, each keyed by its Intercom id."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["ContentState"]

Json = dict[str, Any]
SEEDED_AT = 1_734_537_000
"""When the seeded Help Center and newsfeeds were made (the spec examples' era)."""


def _help_centers() -> dict[str, Json]:
    return {
        "1": {
            "id": "1",
            "workspace_id": "",
            "created_at": SEEDED_AT,
            "updated_at": SEEDED_AT,
            "identifier": "help-center-1",
            "website_turned_on": True,
            "display_name": "Fake Help Center",
            "url": "https://help.fake-intercom.test",
            "custom_domain": None,
        }
    }


def _newsfeeds() -> dict[str, Json]:
    feeds = [("1", "Messenger Feed"), ("2", "Visitor Feed")]
    return {
        feed_id: {
            "id": feed_id,
            "type": "newsfeed",
            "name": name,
            "created_at": SEEDED_AT,
            "updated_at": SEEDED_AT,
        }
        for feed_id, name in feeds
    }


@attrs.define
class ContentState:
    """API-shaped dicts of the content areas. Help Centers and newsfeeds cannot be made
    through the API, so one Help Center and two newsfeeds are there from the start."""

    articles: dict[str, Json] = attrs.field(factory=dict)
    """Article id -> the article as `GET /articles/{id}` shows it (with `statistics`)."""
    internal_articles: dict[str, Json] = attrs.field(factory=dict)
    collections: dict[str, Json] = attrs.field(factory=dict)
    help_centers: dict[str, Json] = attrs.field(factory=_help_centers)
    news_items: dict[str, Json] = attrs.field(factory=dict)
    newsfeeds: dict[str, Json] = attrs.field(factory=_newsfeeds)
    folders: dict[str, str] = attrs.field(factory=dict)
    """Internal article id -> the folder it is filed in (the API files them in the app)."""
    last_id: int = 0
    """Ids are handed out from one counter, as numeric strings."""
    changes: dict[str, int] = attrs.field(factory=dict)
    """Object id -> when it last changed, in steps: orders changes within one second."""
    steps: int = 0

    def next_id(self) -> str:
        self.last_id += 1
        return str(self.last_id)

    def touch(self, object_id: str) -> None:
        """Note that `object_id` just changed (see `newest_first`)."""
        self.steps += 1
        self.changes[object_id] = self.steps

    def newest_first(self, items: list[Json]) -> list[Json]:
        """Most recently updated first, as Intercom lists articles and collections."""
        return sorted(
            items,
            key=lambda item: (item["updated_at"], self.changes.get(item["id"], 0)),
            reverse=True,
        )
