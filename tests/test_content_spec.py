"""Every documented 200 of the articles, internal articles, help center and news operations
structures into its model and round-trips to the JSON it came from."""

from __future__ import annotations

from typing import Any

import pytest

from intercom_async import (
    _article_endpoints,
    _collection_endpoints,
    _help_center_endpoints,
    _internal_article_endpoints,
    _news_item_endpoints,
    _newsfeed_endpoints,
)
from intercom_async._converter import structure
from intercom_async._operations import Operation
from intercom_async._pagination import parse_page
from intercom_async.models import (
    AdminRef,
    Article,
    ArticleListItem,
    ArticleTranslatedContent,
    CollectionRef,
    InternalArticle,
    NewsfeedRef,
    NewsItem,
)

from .spec_support import response_examples

MODULES = (
    _article_endpoints,
    _internal_article_endpoints,
    _collection_endpoints,
    _help_center_endpoints,
    _news_item_endpoints,
    _newsfeed_endpoints,
)
OPERATIONS: tuple[Operation[Any], ...] = tuple(op for m in MODULES for op in m.OPERATIONS)


def _cases(spec: dict[str, Any]) -> list[tuple[Operation[Any], str, Any]]:
    cases = []
    for operation in OPERATIONS:
        examples = response_examples(spec, operation.method, operation.path, "200")
        cases += [(operation, name, value) for name, value in examples.items()]
    return cases


def test_the_27_content_operations_each_have_documented_examples(spec: dict[str, Any]) -> None:
    assert len(OPERATIONS) == 27
    documented = {(op.method, op.path) for op, _, _ in _cases(spec)}
    assert documented == {(op.method, op.path) for op in OPERATIONS}


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.endpoint)
def test_each_response_example_structures_into_its_model(
    operation: Operation[Any], spec: dict[str, Any]
) -> None:
    examples = response_examples(spec, operation.method, operation.path, "200")
    assert examples
    for name, example in examples.items():
        if operation.is_list:
            items = parse_page(example, "https://api.intercom.io", operation.items).items
            decoded = [structure(item, operation.response, None) for item in items]
            assert all(isinstance(item, operation.response) for item in decoded), name
            assert [item.to_dict() for item in decoded] == items, name
        else:
            model = structure(example, operation.response, None)
            assert isinstance(model, operation.response), name
            assert model.to_dict() == example, f"{operation.endpoint} {name}"


def test_list_examples_page_by_number_and_searches_keep_items_in_data(
    spec: dict[str, Any],
) -> None:
    listed = response_examples(spec, "GET", "/articles", "200")["successful"]
    raw = parse_page(listed, "https://api.intercom.io", _article_endpoints.LIST_ARTICLES.items)
    assert raw.next_page is None and listed["pages"]["total_pages"] == 1
    found = response_examples(spec, "GET", "/articles/search", "200")["Search successful"]
    search = _article_endpoints.SEARCH_ARTICLES
    assert [a["id"] for a in parse_page(found, "https://x", search.items).items] == ["55"]
    assert _help_center_endpoints.LIST_HELP_CENTERS.paging == "single"


def test_the_examples_read_as_typed_objects_with_stubs(spec: dict[str, Any]) -> None:
    got = response_examples(spec, "GET", "/articles/{article_id}", "200")["Article found"]
    article = structure(got, Article, None)
    assert article.statistics is not None and article.statistics.views == 0
    assert article.author == AdminRef(id="991267502")
    assert article.parent == CollectionRef(id="148")
    assert article.parent.path == "/help_center/collections/148"
    listed = response_examples(spec, "GET", "/articles", "200")["successful"]["data"][0]
    assert structure(listed, ArticleListItem, None).author == AdminRef(id="991267492")
    path = "/internal_articles/{internal_article_id}"
    internal = response_examples(spec, "GET", path, "200")["Internal article found"]
    read = structure(internal, InternalArticle, None)
    assert read.owner == AdminRef(id="991266252") and read.type == "internal_article"
    news = response_examples(spec, "GET", "/news/news_items/{news_item_id}", "200")["successful"]
    item = structure(news, NewsItem, None)
    assert item.sender == AdminRef(id="991267837")
    assert item.newsfeed_assignments is not None
    assert item.newsfeed_assignments[0].newsfeed == NewsfeedRef(id="55")
    assert item.newsfeed_assignments[0].newsfeed.path == "/news/newsfeeds/55"
    assert item.reactions == (None, None, None, None)


def test_translated_content_reads_locales_and_a_null_type() -> None:
    sent = {
        "type": None,  # the spec's enum is [null, "article_translated_content"]
        "pt-BR": {"type": None, "title": "Comece aqui", "author_id": 7},
        "fr": {"type": "article_content", "title": "Commencez ici"},
    }
    content = ArticleTranslatedContent.from_dict(sent)
    assert content.type is None and content.pt_br is not None and content.fr is not None
    assert (content.pt_br.title, content.fr.title) == ("Comece aqui", "Commencez ici")
    assert content.pt_br.author == AdminRef(id="7")
    assert content.to_dict() == sent
