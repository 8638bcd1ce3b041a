"""The shared HTTP policy, on edge cases a real server rarely produces on demand (MockTransport)."""

from __future__ import annotations

import logging

import httpx
import pytest

from fulfildesk.providers.errors import (
    InsecureUrl,
    ProviderServerError,
    ProviderTimeout,
    ProviderUnreachable,
    RateLimitedError,
    ResponseInvalid,
)
from fulfildesk.providers.http import HttpPolicy, ProviderHttp, retry_after_seconds

SECRET = "s3cr3t-token-value"


class Script:
    """A transport that answers from a list of responses or exceptions, recording requests."""

    def __init__(self, *steps: object) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        assert isinstance(step, httpx.Response)
        return step


def client(script: Script, sleeps: list[float]) -> ProviderHttp:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    return ProviderHttp(
        "kinguin",
        "https://provider.test/api",
        headers={"api-ecommerce-auth": SECRET},
        policy=HttpPolicy(max_attempts=3),
        transport=httpx.MockTransport(script),
        sleep=sleep,
    )


async def test_idempotent_get_is_retried_on_503_honouring_retry_after() -> None:
    sleeps: list[float] = []
    script = Script(httpx.Response(503, headers={"Retry-After": "2"}), httpx.Response(200, json=[]))
    http = client(script, sleeps)
    response = await http.request("GET", "/v1/order", idempotent=True)
    assert response.status_code == 200
    assert sleeps == [2.0]
    assert len(script.requests) == 2
    await http.aclose()


async def test_post_is_not_repeated_after_a_5xx_and_reports_unknown_outcome() -> None:
    sleeps: list[float] = []
    script = Script(httpx.Response(500, json={"code": 1000, "message": "oops"}))
    http = client(script, sleeps)
    with pytest.raises(ProviderServerError) as info:
        await http.request("POST", "/v1/order", json_body={"a": 1}, idempotent=False)
    assert info.value.outcome_unknown
    assert len(script.requests) == 1
    await http.aclose()


async def test_post_read_timeout_is_not_repeated() -> None:
    sleeps: list[float] = []
    script = Script(httpx.ReadTimeout("slow"), httpx.Response(201, json={}))
    http = client(script, sleeps)
    with pytest.raises(ProviderTimeout) as info:
        await http.request("POST", "/v1/order", json_body={}, idempotent=False)
    assert info.value.outcome_unknown and not info.value.retryable
    assert len(script.requests) == 1
    await http.aclose()


async def test_connection_never_opened_is_retried_even_for_post() -> None:
    sleeps: list[float] = []
    script = Script(httpx.ConnectError("refused"), httpx.Response(201, json={"orderId": "1"}))
    http = client(script, sleeps)
    response = await http.request("POST", "/v1/order", json_body={}, idempotent=False)
    assert response.status_code == 201 and len(sleeps) == 1
    await http.aclose()


async def test_unreachable_after_every_attempt() -> None:
    sleeps: list[float] = []
    script = Script(*(httpx.ConnectError("refused") for _ in range(3)))
    http = client(script, sleeps)
    with pytest.raises(ProviderUnreachable) as info:
        await http.request("GET", "/v1/order", idempotent=True)
    assert not info.value.outcome_unknown
    assert len(sleeps) == 2
    await http.aclose()


async def test_429_is_retried_for_post_then_reported_with_retry_after() -> None:
    sleeps: list[float] = []
    script = Script(*(httpx.Response(429, headers={"Retry-After": "30"}) for _ in range(3)))
    http = client(script, sleeps)
    with pytest.raises(RateLimitedError) as info:
        await http.request("POST", "/v1/order", json_body={}, idempotent=False)
    assert sleeps == [30.0, 30.0]
    assert info.value.retry_after == 30.0
    await http.aclose()


async def test_retry_after_beyond_the_cap_is_try_later_not_a_silent_wait() -> None:
    sleeps: list[float] = []
    script = Script(*(httpx.Response(429, headers={"Retry-After": "180"}) for _ in range(3)))
    http = client(script, sleeps)
    with pytest.raises(RateLimitedError) as info:
        await http.request("POST", "/v1/order", json_body={}, idempotent=False)
    assert sleeps == []  # never waited inside the call
    assert info.value.retry_after == 180.0 and info.value.retryable
    assert "try again after" in info.value.message and "3 minutes" in info.value.message
    assert len(script.requests) == 1
    await http.aclose()


@pytest.mark.parametrize("value", ["nan", "inf", "-5", "1e999", "soon"])
async def test_a_hostile_retry_after_is_no_wait_at_all(value: str) -> None:
    sleeps: list[float] = []
    script = Script(httpx.Response(429, headers={"Retry-After": value}), httpx.Response(200))
    http = client(script, sleeps)
    response = await http.request("GET", "/v1/order", idempotent=True)
    assert response.status_code == 200
    assert len(sleeps) == 1 and 0 <= sleeps[0] <= http.policy.backoff_cap
    await http.aclose()


async def test_redirects_are_never_followed() -> None:
    sleeps: list[float] = []
    script = Script(httpx.Response(302, headers={"Location": "https://evil.test/"}))
    http = client(script, sleeps)
    with pytest.raises(ResponseInvalid, match="redirect"):
        await http.request("GET", "/v1/order", idempotent=True)
    assert len(script.requests) == 1
    await http.aclose()


async def test_decimal_body_and_no_secret_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    from decimal import Decimal

    caplog.set_level(logging.DEBUG)
    sleeps: list[float] = []
    script = Script(httpx.Response(201, json={"orderId": "1"}))
    http = client(script, sleeps)
    await http.request(
        "POST",
        "/v1/order",
        params={"q": "x"},
        json_body={"price": Decimal("3.59")},
        idempotent=False,
    )
    assert script.requests[0].content == b'{"price":3.59}'
    assert script.requests[0].headers["api-ecommerce-auth"] == SECRET
    assert caplog.records, "each request is logged"
    assert SECRET not in caplog.text
    assert "q=x" not in caplog.text  # query strings stay out of the log
    await http.aclose()


async def test_tls_is_verified_and_environment_ignored() -> None:
    http = ProviderHttp("kinguin", "https://provider.test")
    assert http._client._transport._pool._ssl_context.verify_mode.name == "CERT_REQUIRED"  # type: ignore[attr-defined]
    assert http._client._trust_env is False
    assert http._client.follow_redirects is False
    await http.aclose()


def test_retry_after_forms() -> None:
    request = httpx.Request("GET", "https://x.test")
    assert (
        retry_after_seconds(httpx.Response(429, headers={"Retry-After": "5"}, request=request))
        == 5.0
    )
    assert retry_after_seconds(httpx.Response(429, request=request)) is None
    assert (
        retry_after_seconds(
            httpx.Response(
                429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, request=request
            )
        )
        == 0.0
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://provider.test/api",
        "http://127.0.0.1.evil.example/api",
        "http://localhost.evil.example",
        "HTTP://api.kinguin.net/integration",
        "ftp://127.0.0.1/x",
    ],
)
async def test_plain_http_to_another_computer_is_refused_before_sending(url: str) -> None:
    script = Script(httpx.Response(200))
    http = ProviderHttp("kinguin", url, transport=httpx.MockTransport(script))
    with pytest.raises(InsecureUrl) as info:
        await http.request("GET", "/v1/order", idempotent=True)
    assert "https://" in info.value.message and "Nothing was sent" in info.value.message
    assert script.requests == []
    await http.aclose()


@pytest.mark.parametrize(
    "url",
    [
        "https://provider.test/api",
        "http://127.0.0.1:8765/kinguin",
        "http://127.8.9.1/x",
        "http://localhost:1/x",
        "http://[::1]:8080/x",
    ],
)
async def test_https_anywhere_and_plain_http_on_loopback_are_accepted(url: str) -> None:
    script = Script(httpx.Response(200))
    http = ProviderHttp("kinguin", url, transport=httpx.MockTransport(script))
    response = await http.request("GET", "/v1/order", idempotent=True)
    assert response.status_code == 200 and len(script.requests) == 1
    await http.aclose()


async def test_a_hostile_error_body_still_gives_the_status_error() -> None:
    def explode(response: httpx.Response) -> ProviderServerError:
        raise RecursionError("nested")

    script = Script(httpx.Response(500, content=b"[" * 100_000))
    http = ProviderHttp(
        "kinguin",
        "https://provider.test",
        error_parser=explode,
        transport=httpx.MockTransport(script),
        policy=HttpPolicy(max_attempts=1),
    )
    with pytest.raises(ProviderServerError) as info:
        await http.request("POST", "/v1/order", json_body={}, idempotent=False)
    assert info.value.outcome_unknown
    await http.aclose()
