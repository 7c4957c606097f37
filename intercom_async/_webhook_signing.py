"""Signing and verifying webhook notifications: `X-Hub-Signature: sha1=<40 hex>`.

Intercom signs the raw request body with HMAC-SHA1, keyed with the app's client
secret. The signature carries no timestamp, so a replayed notification verifies:
deduplicate on the notification's `id` (as `Receiver` does).
"""

from __future__ import annotations

import hashlib
import hmac
import re

from .errors import IntercomError

__all__ = ["SIGNATURE_HEADER", "InvalidSignature", "sign", "verify"]

SIGNATURE_HEADER = "X-Hub-Signature"
_SIGNATURE = re.compile(r"sha1=([0-9a-fA-F]{40})")


class InvalidSignature(IntercomError):
    """A notification whose `X-Hub-Signature` is missing, malformed or wrong: refuse it.

    The message says which, and never shows the secret.
    """


def _key(secret: str | bytes) -> bytes:
    if isinstance(secret, str):
        secret = secret.encode()
    if not isinstance(secret, bytes):
        raise TypeError(f"the client secret must be str or bytes, got {type(secret).__name__}")
    if not secret:
        raise ValueError("the client secret is empty: pass your app's client_secret")
    return secret


def sign(body: bytes, secret: str | bytes) -> str:
    """The `X-Hub-Signature` value Intercom sends for `body`: `sha1=` and 40 hex digits."""
    if not isinstance(body, bytes):
        raise TypeError(f"sign the raw body as bytes, got {type(body).__name__}")
    return "sha1=" + hmac.new(_key(secret), body, hashlib.sha1).hexdigest()


def verify(body: bytes, signature: str | None, secret: str | bytes) -> None:
    """Raise `InvalidSignature` unless `signature` is `sign(body, secret)`.

    `body` must be the raw bytes received: re-encoded JSON signs differently. The
    digests are compared in constant time.
    """
    if not isinstance(body, bytes):
        raise TypeError(f"verify the raw body as bytes, got {type(body).__name__}")
    key = _key(secret)
    if signature is None or not signature.strip():
        raise InvalidSignature(f"the {SIGNATURE_HEADER} header is missing")
    found = _SIGNATURE.fullmatch(signature.strip())
    if found is None:
        raise InvalidSignature(
            f"the {SIGNATURE_HEADER} header is malformed: expected 'sha1=' and 40 hex digits"
        )
    expected = hmac.new(key, body, hashlib.sha1).hexdigest()
    if not hmac.compare_digest(found.group(1).lower().encode(), expected.encode()):
        raise InvalidSignature(
            f"the {SIGNATURE_HEADER} signature does not match the body "
            "(a wrong client secret, or a body changed on the way)"
        )
