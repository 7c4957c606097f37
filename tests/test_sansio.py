"""The pure protocol functions: paths, URLs, pages, rate budgets, backoff."""

from __future__ import annotations

import random

import pytest

from intercom_async import DecodeError
from intercom_async._pagination import parse_page
from intercom_async._ratelimit import RateBudget, parse_rate_headers
from intercom_async._sansio import (
    backoff_delay,
    decode_response,
    join_path,
    local_target,
    resolve_base_url,
)

BASE = "https://api.intercom.io"


@pytest.mark.parametrize(
    ("segments", "expected"),
    [
        (("contacts", "5ba6"), "/contacts/5ba6"),
        (("contacts", "../admins"), "/contacts/..%2Fadmins"),
        (("contacts", "a b", "tags"), "/contacts/a%20b/tags"),
        (("tags", "x?y=1#z"), "/tags/x%3Fy%3D1%23z"),
        (("admins", 127), "/admins/127"),
        (("contacts", "é"), "/contacts/%C3%A9"),
    ],
)
def test_join_path_quotes_every_segment(segments: tuple[object, ...], expected: str) -> None:
    assert join_path(*segments) == expected


@pytest.mark.parametrize(
    ("body", "payload"),
    [(b"", None), (b" \r\n\t", None), (b' {"id": "1"}\n', {"id": "1"}), (b"[]", [])],
)
def test_a_success_body_is_json_or_blank(body: bytes, payload: object) -> None:
    assert decode_response(method="GET", path="/x", status=200, headers={}, body=body) == payload


def test_a_success_body_that_is_not_json_names_its_content_type() -> None:
    with pytest.raises(DecodeError, match=r"GET /x -> 200: body is not JSON \(text/html\)"):
        decode_response(
            method="GET", path="/x", status=200, headers={"Content-Type": "text/html"}, body=b" <p>"
        )


def test_join_path_refuses_empty_ids() -> None:
    with pytest.raises(ValueError, match="empty path segment"):
        join_path("contacts", "")


def test_base_url_trailing_slash_is_dropped() -> None:
    assert resolve_base_url("us", "http://127.0.0.1:9/") == "http://127.0.0.1:9"


@pytest.mark.parametrize("url", ["http://127.0.0.1:9?x=1", "http://127.0.0.1:9#f", "/relative"])
def test_base_url_rejects_oddities(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        resolve_base_url("us", url)


def test_local_target_keeps_same_host_links_and_refuses_others() -> None:
    assert (
        local_target(f"{BASE}/contacts/1/companies?page=2", BASE) == "/contacts/1/companies?page=2"
    )
    assert local_target("/notes?page=2", BASE) == "/notes?page=2"
    with pytest.raises(DecodeError, match="refusing to follow"):
        local_target("https://evil.example/contacts?page=2", BASE)
    with pytest.raises(DecodeError, match="refusing to follow"):
        local_target("http://api.intercom.io/contacts?page=2", BASE)  # downgrade to http


def test_parse_page_cursor_form() -> None:
    page = parse_page(
        {
            "type": "list",
            "data": [{"id": "1"}],
            "total_count": 3,
            "pages": {"type": "pages", "next": {"per_page": 1, "starting_after": "abc"}},
        },
        BASE,
        ("data",),
    )
    assert page.items == [{"id": "1"}]
    assert page.total_count == 3
    assert page.next_params == {"starting_after": "abc", "per_page": "1"}
    assert page.next_target is None


def test_parse_page_link_form_and_other_item_keys() -> None:
    page = parse_page(
        {"type": "list", "companies": [], "pages": {"next": f"{BASE}/x?page=2"}},
        BASE,
        ("data", "companies"),
    )
    assert page.items == []
    assert page.next_target == "/x?page=2"
    assert page.next_params is None


def test_parse_page_last_page() -> None:
    for pages in (None, {"next": None}, {"type": "pages"}, {"next": {"starting_after": None}}):
        page = parse_page({"type": "admin.list", "admins": [], "pages": pages}, BASE, ("admins",))
        assert page.next_params is None
        assert page.next_target is None


def test_parse_page_rejects_non_lists() -> None:
    with pytest.raises(DecodeError, match="no data array"):
        parse_page({"type": "tag", "id": "1"}, BASE, ("data",))
    with pytest.raises(DecodeError, match="no admins array"):
        parse_page({"type": "list", "data": []}, BASE, ("admins",))  # declared, never guessed
    with pytest.raises(DecodeError, match="expected a list object"):
        parse_page([1], BASE, ("data",))


def test_rate_headers() -> None:
    budget = parse_rate_headers(
        {
            "X-RateLimit-Limit": "100",
            "X-RateLimit-Remaining": "7",
            "X-RateLimit-Reset": "1700000000",
        }
    )
    assert budget == RateBudget(limit=100, remaining=7, reset_at=1_700_000_000)
    assert parse_rate_headers({"X-RateLimit-Limit": "x"}) is None


def test_backoff_is_jittered_and_capped() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(n, base=0.5, cap=4.0, rng=rng) for n in range(1, 10)]
    assert all(0 <= d <= min(4.0, 0.5 * 2 ** (n - 1)) for n, d in enumerate(delays, start=1))
    assert len(set(delays)) == len(delays)
