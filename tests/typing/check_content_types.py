"""Typing facts of the content namespaces and their stubs. Checked by mypy, never run."""

from __future__ import annotations

from typing_extensions import assert_type

import intercom_async
from intercom_async._pagination import AsyncPager
from intercom_async.models import (
    Admin,
    Article,
    ArticleDeleted,
    ArticleListItem,
    Collection,
    HelpCenter,
    InternalArticle,
    Newsfeed,
    NewsItem,
)


async def content_namespaces_answer_their_models(client: intercom_async.Client) -> None:
    assert_type(client.articles.list(), AsyncPager[ArticleListItem])
    assert_type(client.articles.search(phrase="start"), AsyncPager[Article])
    article = await client.articles.get("1")
    assert_type(article, Article)
    assert_type(await client.articles.delete("1"), ArticleDeleted)
    if article.author is not None:
        assert_type(await article.author.fetch(), Admin)
    if article.parent is not None:
        assert_type(await article.parent.fetch(), Collection)
    assert_type(client.internal_articles.search(folder_id="7"), AsyncPager[InternalArticle])
    collection = await client.help_center.collections.get("1")
    if collection.help_center is not None:
        assert_type(await collection.help_center.fetch(), HelpCenter)
    assert_type(client.help_center.help_centers.list(), AsyncPager[HelpCenter])
    item = await client.news.items.get("1")
    assert_type(item, NewsItem)
    for assignment in item.newsfeed_assignments or ():
        if assignment.newsfeed is not None:
            assert_type(await assignment.newsfeed.fetch(), Newsfeed)
    assert_type(client.news.newsfeeds.list_live_items("1"), AsyncPager[NewsItem])
