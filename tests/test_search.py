"""The search query builder and `client.contacts.search` against the fake Intercom."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import jsonschema
import pytest
import pytest_asyncio
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st

import intercom_async
from intercom_async import BadRequestError, InvalidQueryError, Q
from intercom_async._search import FILTER_OPERATORS, build_query
from intercom_async.models import Contact
from intercom_async.testing import FakeIntercom
from intercom_async.testing._fake_data import generate_workspace
from intercom_async.testing._fake_http import ApiError
from intercom_async.testing._fake_search import check_query
from tests.helpers import one_route_server

Json = dict[str, Any]
DAY = 86_400


# --- the builder, without I/O ---------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "operator", "value"),
    [
        (lambda f: f.eq("a@b.c"), "=", "a@b.c"),
        (lambda f: f.ne("a@b.c"), "!=", "a@b.c"),
        (lambda f: f.in_(["a", "b"]), "IN", ["a", "b"]),
        (lambda f: f.nin(("a", "b")), "NIN", ["a", "b"]),
        (lambda f: f.contains("acme"), "~", "acme"),
        (lambda f: f.not_contains("acme"), "!~", "acme"),
        (lambda f: f.starts_with("ada"), "^", "ada"),
        (lambda f: f.ends_with(".test"), "$", ".test"),
        (lambda f: f == "x", "=", "x"),
        (lambda f: f != "x", "!=", "x"),
    ],
)
def test_string_methods_and_operators(
    make: Callable[[Any], intercom_async.Q], operator: str, value: Any
) -> None:
    query = make(Q.field("email"))
    assert query.to_dict() == {"field": "email", "operator": operator, "value": value}


@pytest.mark.parametrize(
    ("make", "operator"),
    [
        (lambda f: f < 5, "<"),
        (lambda f: f <= 5, "<="),
        (lambda f: f > 5, ">"),
        (lambda f: f >= 5, ">="),
        (lambda f: f.lt(5), "<"),
        (lambda f: f.le(5), "<="),
        (lambda f: f.gt(5), ">"),
        (lambda f: f.ge(5), ">="),
    ],
)
def test_ordering_operators(make: Callable[[Any], Any], operator: str) -> None:
    query = make(Q.field("owner_id"))
    assert query.to_dict() == {"field": "owner_id", "operator": operator, "value": 5}


def test_and_or_build_groups_and_flatten_chains() -> None:
    a, b, c = Q.field("role") == "user", Q.field("name") == "Ada", Q.field("os") == "Linux"
    assert (a & b & c).to_dict() == {"operator": "AND", "value": [x.to_dict() for x in (a, b, c)]}
    nested = (a | b) & (c | a)
    assert nested.to_dict() == {
        "operator": "AND",
        "value": [
            {"operator": "OR", "value": [a.to_dict(), b.to_dict()]},
            {"operator": "OR", "value": [c.to_dict(), a.to_dict()]},
        ],
    }
    assert Q.all_of(a, b).to_dict() == (a & b).to_dict()
    assert Q.any_of(a).to_dict() == {"operator": "OR", "value": [a.to_dict()]}


def test_datetimes_become_epoch_seconds_and_naive_ones_are_refused() -> None:
    moment = datetime(2020, 1, 1, 9, tzinfo=timezone.utc)
    assert (Q.field("created_at") > moment).to_dict()["value"] == 1577869200
    plus_two = datetime(2020, 1, 1, 11, tzinfo=timezone(timedelta(hours=2)))
    assert Q.field("created_at").lt(plus_two).to_dict()["value"] == 1577869200
    with pytest.raises(ValueError, match="naive datetime 2020-01-01T09:00:00"):
        Q.field("created_at").gt(datetime(2020, 1, 1, 9))


def test_str_and_repr_show_the_json_sent() -> None:
    query = Q.field("email").contains("@acme.com") & (Q.field("owner_id") > 3)
    assert json.loads(str(query)) == query.to_dict()
    assert repr(query) == f"Q({query})"
    assert repr(Q.field("email")) == "Q.field('email')"


def test_python_and_or_and_chained_comparisons_are_refused() -> None:
    with pytest.raises(TypeError, match=r"combine search queries with & and \|"):
        _ = (Q.field("role") == "user") and (Q.field("name") == "Ada")
    with pytest.raises(TypeError, match="not `and`/`or` or chained comparisons"):
        _ = 1 < Q.field("owner_id") < 5


def test_q_is_a_namespace() -> None:
    with pytest.raises(TypeError, match="Q is a namespace"):
        Q()


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Q.field("email").where("LIKE", "x"), r"unknown operator 'LIKE' for 'email'"),
        (lambda: Q.field("email").in_("a@b.c"), r"IN needs a list of values, got str"),
        (lambda: Q.field("email").nin([]), r"NIN needs at least one value"),
        (lambda: Q.field("email").contains(5), r"~: needs a string, got int"),  # type: ignore[arg-type]
        (lambda: Q.field("owner_id") > "soon", r"needs a number or a datetime"),
        (lambda: Q.field("email") == ["a"], r"only IN/NIN take a list"),
        (lambda: Q.field(""), r"field name must be a non-empty string"),
    ],
)
def test_bad_filters_fail_where_they_are_built(build: Callable[[], Any], message: str) -> None:
    with pytest.raises(InvalidQueryError, match=message):
        build()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (Q.field("created_at") != 5, r"operator '!=' is not supported on date field"),
        (Q.field("created_at").in_([5]), r"operator 'IN' is not supported on date"),
        (Q.field("created_at") >= 5, r"operator '>=' is not supported on date"),
        (Q.field("created_at") == "yesterday", r"date fields take epoch seconds"),
        (Q.field("tag_id").contains("1"), r"operator '~' is not supported on tag"),
        (Q.field("has_hard_bounced") == "yes", r"needs true or false"),
    ],
)
def test_what_a_field_takes_is_checked_against_the_resource_searched(
    query: Any, message: str
) -> None:
    """A filter is built for any resource; the contact search checks it against the
    contact fields (a ticket search takes `created_at >= t`)."""
    with pytest.raises(InvalidQueryError, match=message):
        build_query(query)


def filters(count: int) -> list[Any]:
    return [Q.field("name") == f"n{i}" for i in range(count)]


def test_group_limits_come_from_the_spec() -> None:
    assert len(build_query(Q.all_of(*filters(15)))["value"]) == 15
    with pytest.raises(InvalidQueryError, match=r"16 filters in one AND group; .* at most 15"):
        build_query(Q.all_of(*filters(16)))
    with pytest.raises(InvalidQueryError, match="16 filters in one OR group"):
        build_query(Q.any_of(*filters(8)) | Q.any_of(*filters(8)))
    two_levels = Q.all_of(Q.any_of(*filters(2)), Q.any_of(*filters(2)))
    assert build_query(two_levels)["operator"] == "AND"
    three_levels = Q.all_of(Q.any_of(Q.all_of(*filters(2)), filters(1)[0]))
    with pytest.raises(InvalidQueryError, match=r"query.value\[0\].value\[0\]: groups nested 3"):
        build_query(three_levels)
    with pytest.raises(InvalidQueryError, match="needs a non-empty list"):
        build_query(Q.all_of())


def test_plain_dicts_get_the_same_checks() -> None:
    moment = datetime(2020, 1, 1, tzinfo=timezone.utc)
    query = {
        "operator": "AND",
        "value": [{"field": "created_at", "operator": "<", "value": moment}],
    }
    assert build_query(query)["value"][0]["value"] == 1577836800
    bad: list[tuple[Any, str]] = [
        ({"field": "email", "operator": "LIKE", "value": "x"}, r"query.operator: unknown operator"),
        ({"operator": "XOR", "value": []}, "group operator must be AND or OR"),
        ({"operator": "=", "value": "x"}, r"filters need a 'field'"),
        ({"field": "email", "operator": "="}, "has no 'value'"),
        ({"field": "email", "operator": "=", "value": "x", "sort": 1}, "unknown keys"),
        ({"operator": "OR", "value": [{"value": 1}]}, r"query.value\[0\]: neither a filter"),
        ({"operator": "OR", "value": ["email"]}, "expected a filter or group object"),
        (["email"], "expected a Q query or a dict"),
    ]
    for query, message in bad:
        with pytest.raises(InvalidQueryError, match=message):
            build_query(query)


def test_invalid_query_error_is_a_value_error_with_a_path() -> None:
    with pytest.raises(ValueError, match="query") as caught:
        build_query({"operator": "AND", "value": [{"field": "x", "operator": "??", "value": 1}]})
    assert isinstance(caught.value, intercom_async.IntercomError)
    assert caught.value.path == "query.value[0].operator"


# --- end to end against the fake --------------------------------------------------------


def stored(fake: FakeIntercom) -> list[Json]:
    return list(fake.store.contacts.values())


async def ids_of(client: intercom_async.Client, query: Any, **options: Any) -> list[str]:
    return [contact.id async for contact in client.contacts.search(query, **options)]


def day_start(timestamp: int) -> int:
    return timestamp // DAY * DAY


def _city(c: Json) -> str:
    return str(c["location"]["city"])


async def test_each_operator_matches_what_the_store_holds(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contacts = stored(fake)
    owners = sorted({c["owner_id"] for c in contacts if c["owner_id"] is not None})
    owner = owners[len(owners) // 2]
    first = contacts[0]
    tag = next(
        iter(
            fake.store.contact_tags[
                next(c["id"] for c in contacts if fake.store.contact_tags[c["id"]])
            ]
        )
    )
    mates = 20
    cases: list[tuple[Any, Callable[[Json], bool]]] = [
        (Q.field("role") == "lead", lambda c: c["role"] == "lead"),
        (Q.field("role") != "lead", lambda c: c["role"] != "lead"),
        (Q.field("email") == first["email"].upper(), lambda c: c["id"] == first["id"]),
        (
            Q.field("location.city").in_(["Dublin", "Tokyo"]),
            lambda c: _city(c) in ("Dublin", "Tokyo"),
        ),
        (
            Q.field("location.city").nin(["Dublin", "Tokyo"]),
            lambda c: _city(c) not in ("Dublin", "Tokyo"),
        ),
        (Q.field("email").contains("ACME"), lambda c: "acme" in c["email"]),
        (Q.field("email").not_contains("acme"), lambda c: "acme" not in c["email"]),
        (
            Q.field("name").starts_with("ada "),
            lambda c: (c["name"] or "").lower().startswith("ada "),
        ),
        (Q.field("email").ends_with(".org"), lambda c: c["email"].endswith(".org")),
        (
            Q.field("owner_id") < owner,
            lambda c: c["owner_id"] is not None and c["owner_id"] < owner,
        ),
        (
            Q.field("owner_id") <= owner,
            lambda c: c["owner_id"] is not None and c["owner_id"] <= owner,
        ),
        (
            Q.field("owner_id") > owner,
            lambda c: c["owner_id"] is not None and c["owner_id"] > owner,
        ),
        (
            Q.field("owner_id") >= owner,
            lambda c: c["owner_id"] is not None and c["owner_id"] >= owner,
        ),
        (Q.field("owner_id").eq(None), lambda c: c["owner_id"] is None),
        (Q.field("phone").ne(None), lambda c: c["phone"] is not None),
        (Q.field("has_hard_bounced").eq(True), lambda c: c["has_hard_bounced"]),
        (
            Q.field("custom_attributes.team_mates") > mates,
            lambda c: c["custom_attributes"]["team_mates"] > mates,
        ),
        (
            Q.field("custom_attributes.paid_subscriber").eq(True),
            lambda c: c["custom_attributes"]["paid_subscriber"],
        ),
        (Q.field("tag_id") == tag, lambda c: tag in fake.store.contact_tags[c["id"]]),
        (Q.field("tag_id") != tag, lambda c: tag not in fake.store.contact_tags[c["id"]]),
    ]
    for query, predicate in cases:
        expected = [c["id"] for c in contacts if predicate(c)]
        assert expected, f"the seeded workspace has no contact for {query}"
        assert await ids_of(client, query, per_page=150) == expected, str(query)


async def test_dates_match_by_calendar_day(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contacts = stored(fake)
    pivot = sorted(c["created_at"] for c in contacts)[len(contacts) // 2]
    moment = datetime.fromtimestamp(pivot, tz=timezone.utc)
    day = day_start(pivot)
    cases: list[tuple[Any, Callable[[int], bool]]] = [
        (Q.field("created_at") == moment, lambda t: day <= t < day + DAY),
        (Q.field("created_at") > moment, lambda t: t >= day + DAY),
        (Q.field("created_at") < moment, lambda t: t < day),
        ({"field": "created_at", "operator": ">", "value": str(pivot)}, lambda t: t >= day + DAY),
    ]
    for query, predicate in cases:
        expected = [c["id"] for c in contacts if predicate(c["created_at"])]
        assert expected
        assert await ids_of(client, query, per_page=150) == expected


async def test_nested_and_or(client: intercom_async.Client, fake: FakeIntercom) -> None:
    query = (Q.field("role") == "lead") | (Q.field("location.country") == "Japan")
    query = query & (Q.field("email").ends_with(".test") | (Q.field("owner_id").eq(None)))
    expected = [
        c["id"]
        for c in stored(fake)
        if (c["role"] == "lead" or c["location"]["country"] == "Japan")
        and (c["email"].endswith(".test") or c["owner_id"] is None)
    ]
    assert expected
    assert await ids_of(client, query) == expected


@pytest.mark.parametrize("order", ["asc", "desc"])
async def test_sort(client: intercom_async.Client, fake: FakeIntercom, order: str) -> None:
    query = Q.field("role").in_(["user", "lead"])
    found = await client.contacts.search(query, sort_field="created_at", order=order).to_list()  # type: ignore[arg-type]
    times = [c["created_at"] for c in stored(fake)]
    expected = sorted(times, reverse=order == "desc")
    assert [int(c.created_at.timestamp()) for c in found if c.created_at] == expected
    by_name = await client.contacts.search(query, sort_field="name", order=order).to_list()  # type: ignore[arg-type]
    names = [c.name for c in by_name]
    present = [n for n in names if n is not None]
    assert present == sorted(present, key=str.casefold, reverse=order == "desc")
    assert names[len(present) :] == [None] * (len(names) - len(present))


@pytest.mark.parametrize(("old", "new"), [("ascending", "asc"), ("descending", "desc")])
async def test_sort_order_still_works_with_a_deprecation_warning(
    client: intercom_async.Client, old: str, new: str
) -> None:
    query = Q.field("role").in_(["user", "lead"])
    with pytest.warns(DeprecationWarning, match='sort_order= is deprecated: pass order="desc"'):
        pager = client.contacts.search(query, sort_field="created_at", sort_order=old)  # type: ignore[arg-type]
    found = await pager.to_list()
    wanted = await client.contacts.search(query, sort_field="created_at", order=new).to_list()  # type: ignore[arg-type]
    assert [c.id for c in found] == [c.id for c in wanted]


@pytest_asyncio.fixture
async def big_fake() -> AsyncIterator[FakeIntercom]:
    async with FakeIntercom(seed=3, contacts=420) as server:
        yield server


async def test_pages_over_more_than_150_results_one_page_at_a_time(big_fake: FakeIntercom) -> None:
    users = [c["id"] for c in big_fake.store.contacts.values() if c["role"] == "user"]
    assert len(users) > 300
    async with intercom_async.Client(token=big_fake.token, base_url=big_fake.url) as client:
        seen: list[str] = []
        requests_when_seen: list[int] = []
        async for contact in client.contacts.search(Q.field("role") == "user", per_page=150):
            assert isinstance(contact, Contact)
            seen.append(contact.id)
            requests_when_seen.append(len(big_fake.requests))
    assert seen == users
    assert big_fake.requests == [("POST", "/contacts/search")] * 3
    # The n-th page is asked for only once the (n-1)-th is used up.
    assert requests_when_seen[0] == 1
    assert requests_when_seen[149] == 1
    assert requests_when_seen[150] == 2
    assert requests_when_seen[300] == 3


async def test_pages_report_totals(client: intercom_async.Client, fake: FakeIntercom) -> None:
    leads = [c["id"] for c in stored(fake) if c["role"] == "lead"]
    pages = [
        page async for page in client.contacts.search(Q.field("role") == "lead", per_page=2).pages()
    ]
    assert [c.id for page in pages for c in page] == leads
    assert {page.total_count for page in pages} == {len(leads)}
    assert [page.has_next for page in pages] == [True] * (len(pages) - 1) + [False]


@pytest.mark.parametrize(
    "query",
    [
        {"field": "email", "operator": "LIKE", "value": "x"},
        {"operator": "AND", "value": []},
        {
            "operator": "AND",
            "value": [
                {
                    "operator": "OR",
                    "value": [
                        {
                            "operator": "AND",
                            "value": [{"field": "name", "operator": "=", "value": "x"}],
                        }
                    ],
                }
            ],
        },
        {
            "operator": "OR",
            "value": [{"field": "name", "operator": "=", "value": str(i)} for i in range(16)],
        },
        {"field": "email", "operator": "IN", "value": "a@b.c"},
        {"field": "created_at", "operator": "!=", "value": 1},
    ],
)
async def test_invalid_queries_fail_before_any_request(
    client: intercom_async.Client, fake: FakeIntercom, query: Json
) -> None:
    with pytest.raises(InvalidQueryError):
        client.contacts.search(query)
    assert fake.requests == []
    # Sent anyway, the fake refuses them the way Intercom does.
    with pytest.raises(BadRequestError) as refused:
        await client.request("POST", "/contacts/search", json={"query": query})
    assert refused.value.code == "parameter_invalid"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"per_page": 0}, "per_page must be an integer from 1 to 150, got 0"),
        ({"per_page": 151}, "got 151"),
        ({"sort_field": ""}, "sort_field must be a field name"),
        ({"sort_field": "name", "order": "up"}, "order must be 'desc' or 'asc'"),
    ],
)
async def test_bad_options_fail_before_any_request(
    client: intercom_async.Client, fake: FakeIntercom, options: Json, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        client.contacts.search(Q.field("role") == "user", **options)
    assert fake.requests == []


async def test_fake_refuses_bad_pagination_and_missing_query(client: intercom_async.Client) -> None:
    query = {"field": "role", "operator": "=", "value": "user"}
    for body, code in [
        ({}, "parameter_not_found"),
        ({"query": query, "pagination": {"per_page": 151}}, "parameter_invalid"),
        ({"query": query, "pagination": {"starting_after": "nope"}}, "parameter_invalid"),
        ({"query": {"field": "no_such_field", "operator": "=", "value": 1}}, "parameter_invalid"),
    ]:
        with pytest.raises(BadRequestError) as refused:
            await client.request("POST", "/contacts/search", json=body)
        assert refused.value.code == code


async def test_search_skips_archived_contacts(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    target = stored(fake)[0]
    query = Q.field("id") == target["id"]
    assert await ids_of(client, query) == [target["id"]]
    await client.contacts.archive(target["id"])
    assert await ids_of(client, query) == []
    await client.contacts.unarchive(target["id"])
    assert await ids_of(client, query) == [target["id"]]


async def test_search_sends_the_spec_shaped_body_and_is_retried_as_a_read() -> None:
    """A search page that meets a 503 is sent again (POST marked idempotent)."""
    sent: list[Json] = []

    async def flaky(request: web.Request) -> web.Response:
        sent.append(await request.json())
        if len(sent) == 1:
            return web.json_response({"type": "error.list", "errors": []}, status=503)
        page = {"type": "list", "data": [], "total_count": 0, "pages": {"type": "pages"}}
        return web.json_response(page)

    query = Q.field("email").ends_with("@acme.com")
    async with one_route_server("POST", "/contacts/search", flaky) as url:
        client = intercom_async.Client(token="t", base_url=url, max_retries=2)
        async with client:
            found = await client.contacts.search(query, per_page=5, sort_field="name").to_list()
    assert found == []
    assert len(sent) == 2
    assert (
        sent[0]
        == sent[1]
        == {
            "query": {"field": "email", "operator": "$", "value": "@acme.com"},
            "pagination": {"per_page": 5},
            "sort": {"field": "name", "order": "descending"},
        }
    )


def test_spec_search_example_passes_the_builder_checks(spec: Json) -> None:
    operation = spec["paths"]["/contacts/search"]["post"]
    example = operation["requestBody"]["content"]["application/json"]["examples"]["successful"]
    assert build_query(example["value"]["query"]) == example["value"]["query"]
    description = operation["description"]
    assert "max 2 nested filters" in description
    assert "max 15 filters for each AND or OR group" in description


def test_with_cursor_keeps_the_rest_of_the_body() -> None:
    from intercom_async._pagination import with_cursor

    body = {
        "query": {"field": "role", "operator": "=", "value": "user"},
        "pagination": {"per_page": 5},
    }
    assert with_cursor(body, "abc") == {
        **body,
        "pagination": {"per_page": 5, "starting_after": "abc"},
    }
    assert body["pagination"] == {"per_page": 5}
    assert with_cursor({"query": {}}, "c")["pagination"] == {"starting_after": "c"}


async def test_a_posted_pager_follows_cursors_only() -> None:
    from intercom_async import Answer
    from intercom_async._operations import Operation
    from intercom_async._pagination import AsyncPager

    sent: list[Json] = []

    async def send(path: str, params: Any, body: Any) -> Answer:
        assert body is not None, "a posted pager always sends its body"
        sent.append(dict(body))
        after = body.get("pagination", {}).get("starting_after")
        following: Any = {"starting_after": "c2"} if after is None else "https://api.intercom.io/x"
        payload = {"type": "list", "data": [after or "first"], "pages": {"next": following}}
        return Answer(payload, b"")

    pager: AsyncPager[str] = AsyncPager(
        send=send,
        decode_items=lambda items, kind, body, request: (tuple(items), ()),
        base_url="https://api.intercom.io",
        operation=Operation("POST", "/contacts/search", str, items=("data",), paging="pages"),
        path="/contacts/search",
        body={"query": {}},
    )
    pages = [page async for page in pager.pages()]
    assert [list(page) for page in pages] == [["first"], ["c2"]]
    assert [page.has_next for page in pages] == [True, False]
    assert sent == [{"query": {}}, {"query": {}, "pagination": {"starting_after": "c2"}}]


_VALUES: list[Any] = [
    None, "ada", "1577836800", "-3", "1e3", 5, 2.5, True, False,
    [], ["ada"], [5], [True], [None], {"a": 1},
]  # fmt: skip


async def test_client_checks_agree_with_the_fake(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    """Over every operator and a spread of values: what the client lets through, the
    fake accepts, and what it refuses, the fake refuses too (for fields of known type)."""
    typed = ["email", "owner_id", "created_at", "has_hard_bounced", "tag_id", "location.city"]
    custom = ["custom_attributes.team_mates", "custom_attributes.paid_subscriber"]
    disagreements = []
    outcomes: set[bool] = set()
    for field in typed + custom:
        for operator in FILTER_OPERATORS:
            for value in _VALUES:
                query = {"field": field, "operator": operator, "value": value}
                try:
                    build_query(query)
                    client_ok = True
                except InvalidQueryError:
                    client_ok = False
                try:
                    await client.request("POST", "/contacts/search", json={"query": query})
                    fake_ok = True
                except BadRequestError:
                    fake_ok = False
                outcomes.add(fake_ok)
                # The client cannot know a custom attribute's type, so it may let more through.
                if client_ok != fake_ok and not (field in custom and client_ok):
                    disagreements.append((query, client_ok, fake_ok))
    assert disagreements == []
    assert outcomes == {True, False}


_LEAVES: list[Json] = [
    {"field": "email", "operator": "~", "value": "ada"},
    {"field": "owner_id", "operator": ">", "value": 3},
    {"field": "created_at", "operator": "<", "value": 1577836800},
    {"field": "created_at", "operator": "!=", "value": 1577836800},
    {"field": "email", "operator": "IN", "value": "ada"},
    {"field": "email", "operator": "LIKE", "value": "ada"},
]


def _trees() -> st.SearchStrategy[Any]:
    groups = st.sampled_from(["AND", "OR", "XOR"])
    return st.recursive(
        st.sampled_from(_LEAVES),
        lambda children: st.builds(
            lambda operator, members: {"operator": operator, "value": members},
            groups,
            st.lists(children, max_size=17),
        ),
        max_leaves=40,
    )


def _has_mixed_group(node: Any) -> bool:
    if not isinstance(node, dict) or "field" in node or not isinstance(node.get("value"), list):
        return False
    members = node["value"]
    kinds = {isinstance(member, dict) and "field" in member for member in members}
    return len(kinds) > 1 or any(_has_mixed_group(member) for member in members)


@settings(max_examples=300, deadline=None)
@given(tree=_trees())
def test_client_and_fake_agree_on_group_structure(tree: Any) -> None:
    """Random nesting and widths: what the client sends the fake accepts, and what the
    client refuses the fake refuses; a mixed group is the one thing the client mends."""
    store = generate_workspace(seed=1, contacts=3)
    try:
        sent: Any = build_query(tree)
    except InvalidQueryError:
        sent = None
    refusal: tuple[int, str] | None = None
    try:
        check_query(store, tree if sent is None else sent)
    except ApiError as refused:
        refusal = (refused.status, refused.code)
    assert refusal in (None, (400, "parameter_invalid"))
    assert (sent is not None) == (refusal is None), tree
    if sent is not None and not _has_mixed_group(tree):
        assert sent == tree


def test_a_filter_beside_groups_is_sent_in_the_spec_form_with_the_same_meaning(
    spec: Json,
) -> None:
    lead, japan = Q.field("role") == "lead", Q.field("location.country") == "Japan"
    test_mail, owned = Q.field("email").ends_with(".test"), Q.field("owner_id") > 3
    query = Q.all_of(lead, test_mail | owned, japan)
    assert build_query(query) == {
        "operator": "AND",
        "value": [
            {"operator": "AND", "value": [lead.to_dict(), japan.to_dict()]},
            (test_mail | owned).to_dict(),
        ],
    }
    either = Q.any_of(test_mail & owned, lead)
    assert build_query(either)["value"][1] == {"operator": "OR", "value": [lead.to_dict()]}
    # The spec's own schema, with its references resolved inside the spec.
    schema = {"$ref": "#/components/schemas/multiple_filter_search_request", **spec}
    jsonschema.validate(build_query(query), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(query.to_dict(), schema)  # as written, the spec's oneOf refuses it


async def test_a_mixed_query_finds_what_it_means(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    query = (Q.field("role") == "lead") & (
        Q.field("email").ends_with(".test") | Q.field("owner_id").eq(None)
    )
    expected = [
        c["id"]
        for c in stored(fake)
        if c["role"] == "lead" and (c["email"].endswith(".test") or c["owner_id"] is None)
    ]
    assert expected
    assert await ids_of(client, query) == expected
