"""The Starlette example of docs/webhooks.md, run: a signed notification posted to its ASGI
app reaches the handler; an unsigned one is refused. (The aiohttp example starts its own
FakeIntercom, so test_docs_examples runs it.)"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

from intercom_async.webhooks import sign

from .docs_examples import ROOT, examples

SECRET = "your-client-secret"  # the example's


def _starlette_example() -> dict[str, Any]:
    [example] = [
        e for e in examples() if e.source.name == "webhooks.md" and "from starlette" in e.code
    ]
    namespace: dict[str, Any] = {"__name__": "starlette_example"}
    exec(compile(example.code, str(ROOT / example.name), "exec"), namespace)  # noqa: S102
    return namespace


async def _post(app: Any, path: str, body: bytes, headers: dict[str, str]) -> int:
    """One HTTP request through the ASGI interface, as a server would send it."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(key.lower().encode(), value.encode()) for key, value in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    incoming = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return next(int(m["status"]) for m in sent if m["type"] == "http.response.start")


def _notification(notification_id: str) -> bytes:
    return orjson.dumps(
        {
            "type": "notification_event",
            "id": notification_id,
            "topic": "contact.user.created",
            "app_id": "a86dr8yl",
            "created_at": 1700000000,
            "data": {"item": {"type": "contact", "id": "6643703ffae7834d1792fd30"}},
        }
    )


async def test_the_starlette_example_receives_a_signed_notification() -> None:
    example = _starlette_example()
    app, receiver, signups = example["app"], example["receiver"], example["signups"]
    body = _notification("notif_1")
    headers = {"Content-Type": "application/json", "X-Hub-Signature": sign(body, SECRET)}
    assert await _post(app, "/intercom/webhooks", body, headers) == 200
    assert await _post(app, "/intercom/webhooks", body, headers) == 200  # a retry
    await receiver.drain()
    assert signups == ["6643703ffae7834d1792fd30"]

    forged = _notification("notif_2")
    wrong = {"X-Hub-Signature": sign(forged, "guessed")}
    assert await _post(app, "/intercom/webhooks", forged, wrong) == 401
    assert (
        await _post(app, "/intercom/webhooks", b"{}", {"X-Hub-Signature": sign(b"{}", SECRET)})
        == 400
    )
    await asyncio.sleep(0)
    await receiver.drain()
    assert signups == ["6643703ffae7834d1792fd30"]
