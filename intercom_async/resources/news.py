"""`client.news`: news items and the newsfeeds they are published on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._public import publish
from ._base import Resource
from .news_items import NewsItems
from .newsfeeds import Newsfeeds

if TYPE_CHECKING:
    from .._caller import Caller

__all__ = ["NewsArea"]


class NewsArea(Resource):
    """`news.items` and `news.newsfeeds`, as the API groups them under `/news`."""

    def __init__(self, client: Caller) -> None:
        super().__init__(client)
        self.items = NewsItems(client)
        self.newsfeeds = Newsfeeds(client)


publish("intercom_async.resources", globals(), __all__)  # before first use: see _lazy
