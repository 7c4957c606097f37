"""The resend rules as a table: `_retry.decide` without sockets or sleeps."""

from __future__ import annotations

import random

import pytest

from intercom_async._retry import MAX_RATE_LIMIT_WAITS, Failure, Resend, Tries, decide

NOW = 1_700_000_000.0
OK: dict[str, str] = {}


def step(
    *,
    status: int | None = None,
    headers: dict[str, str] | None = None,
    failure: Failure | None = None,
    resendable: bool = True,
    tries: Tries | None = None,
    max_retries: int = 3,
) -> Resend | None:
    return decide(
        tries=tries or Tries(),
        status=status,
        headers=headers if headers is not None or failure is not None else OK,
        failure=failure,
        resendable=resendable,
        max_retries=max_retries,
        now=NOW,
        rng=random.Random(7),
    )


@pytest.mark.parametrize(
    ("failure", "resendable", "again"),
    [
        ("refused", True, True),
        ("refused", False, True),  # never reached the server: even a POST goes again
        ("dropped", True, True),
        ("dropped", False, False),  # may have acted: a write is not resent
        ("fatal", True, False),  # TLS, redirect loop
        ("fatal", False, False),
    ],
)
def test_failures(failure: Failure, resendable: bool, again: bool) -> None:
    decision = step(failure=failure, resendable=resendable)
    assert (decision is not None) is again
    if decision is not None:
        assert decision.tries == Tries(sent=2, retries=1)
        assert 0 <= decision.pause <= 0.25
        assert decision.until is None


@pytest.mark.parametrize(
    ("status", "resendable", "again"),
    [
        (200, True, False),
        (404, True, False),
        (400, True, False),
        (408, True, True),
        (500, True, True),
        (502, True, True),
        (503, True, True),
        (504, True, True),
        (501, True, False),
        (500, False, False),
        (429, False, True),  # the server did not act
    ],
)
def test_statuses(status: int, resendable: bool, again: bool) -> None:
    assert (step(status=status, resendable=resendable) is not None) is again


def test_max_retries_bounds_the_sends() -> None:
    tries = Tries()
    sends = 1
    while (decision := step(failure="dropped", tries=tries, max_retries=2)) is not None:
        tries, sends = decision.tries, sends + 1
    assert sends == 3
    assert step(status=503, tries=Tries(sent=3, retries=2), max_retries=2) is None


def test_backoff_ceiling_doubles_to_eight_seconds() -> None:
    ceilings = [0.25, 0.5, 1, 2, 4, 8, 8]
    for retries, ceiling in enumerate(ceilings):
        decision = step(failure="dropped", tries=Tries(retries=retries), max_retries=99)
        assert decision is not None
        assert 0 <= decision.pause <= ceiling


def test_retry_after_replaces_the_backoff_and_a_long_one_is_not_taken() -> None:
    decision = step(status=503, headers={"Retry-After": "7"})
    assert decision is not None
    assert decision.pause == 7
    assert step(status=503, headers={"Retry-After": "61"}) is None
    assert step(status=503, headers={"Retry-After": "²"}) is not None  # unreadable: backoff


def reset_in(seconds: float) -> dict[str, str]:
    return {"X-RateLimit-Reset": str(int(NOW + seconds))}


def test_a_429_with_a_reset_ahead_waits_for_it_without_using_a_retry() -> None:
    decision = step(status=429, headers=reset_in(5), resendable=False)
    assert decision == Resend(Tries(sent=2, rate_waits=1), until=NOW + 5)


def test_a_429_with_a_reset_far_ahead_is_raised() -> None:
    assert step(status=429, headers=reset_in(61)) is None


def test_a_429_with_a_past_reset_backs_off_with_equal_jitter() -> None:
    for waits in range(MAX_RATE_LIMIT_WAITS):
        decision = step(status=429, headers=reset_in(-3), tries=Tries(rate_waits=waits))
        assert decision is not None
        ceiling = min(8.0, 0.5 * 2**waits)
        assert ceiling / 2 <= decision.pause <= ceiling
        assert decision.until is None
    assert step(status=429, headers=reset_in(-3), tries=Tries(rate_waits=10)) is None


def test_a_429_without_a_reset_uses_a_retry() -> None:
    decision = step(status=429, headers={})
    assert decision is not None
    assert decision.tries == Tries(sent=2, retries=1)


def test_an_attempt_needs_a_status_or_a_failure() -> None:
    with pytest.raises(ValueError, match="either a failure or a status"):
        decide(
            tries=Tries(),
            status=None,
            headers=None,
            failure=None,
            resendable=True,
            max_retries=3,
            now=NOW,
        )
