"""No provider answer is read beyond a size cap (issue 12): the body is streamed and reading
stops above the limit, whatever the Content-Length says or the compression hides; an oversize
2xx is ResponseTooLarge (outcome unknown for a request that acts), an oversize error answer is
judged by its status. Edge cases on a MockTransport; the sandbox's `oversize` fault drives a
real purchase through it in tests/integration/test_sandbox_faults.py."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator

import httpx
import pytest

from fulfildesk.domain.errors import refusal_proven
from fulfildesk.providers.errors import (
    RateLimitedError,
    RequestRejected,
    ResponseInvalid,
    ResponseTooLarge,
)
from fulfildesk.providers.http import (
    KEYS_MAX_BYTES,
    MAX_RESPONSE_BYTES,
    HttpPolicy,
    ProviderHttp,
)

CAP = 1024


class Chunks(httpx.AsyncByteStream):
    """A body sent in chunks without a Content-Length; counts what the client pulled."""

    def __init__(self, size: int, chunk: int = 256) -> None:
        self.size, self.chunk, self.pulled = size, chunk, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.pulled < self.size:
            piece = min(self.chunk, self.size - self.pulled)
            self.pulled += piece
            yield b"x" * piece


def http(handler: httpx.MockTransport, cap: int = CAP) -> ProviderHttp:
    return ProviderHttp(
        "kinguin",
        "https://provider.test/api",
        policy=HttpPolicy(max_attempts=1, max_response_bytes=cap),
        transport=handler,
    )


def test_the_caps_are_sensible() -> None:
    assert MAX_RESPONSE_BYTES == 8 * 1024 * 1024
    assert KEYS_MAX_BYTES > MAX_RESPONSE_BYTES  # image keys in base64
    assert HttpPolicy().max_response_bytes == MAX_RESPONSE_BYTES


async def test_a_streamed_body_above_the_cap_stops_reading_and_is_typed() -> None:
    stream = Chunks(100 * CAP)
    transport = httpx.MockTransport(lambda request: httpx.Response(200, stream=stream))
    client = http(transport)
    with pytest.raises(ResponseTooLarge) as raised:
        await client.request("GET", "/v1/order", idempotent=True)
    assert isinstance(raised.value, ResponseInvalid)
    assert not raised.value.outcome_unknown  # a read changes nothing
    assert "larger than 1 KB" in raised.value.user_message
    assert stream.pulled < 3 * CAP  # it stopped, it did not read 100 KB
    await client.aclose()


async def test_an_oversize_answer_to_a_purchase_leaves_the_outcome_unknown() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(201, stream=Chunks(10 * CAP)))
    client = http(transport)
    with pytest.raises(ResponseTooLarge) as raised:
        await client.request("POST", "/v1/order", json_body={"products": []}, idempotent=False)
    assert raised.value.outcome_unknown and not refusal_proven(raised.value)
    assert "may have acted" in raised.value.message
    await client.aclose()


async def test_a_declared_length_above_the_cap_is_not_read_at_all() -> None:
    stream = Chunks(10 * CAP)
    transport = httpx.MockTransport(
        lambda request: httpx.Response(
            200, headers={"Content-Length": str(10 * CAP)}, stream=stream
        )
    )
    client = http(transport)
    with pytest.raises(ResponseTooLarge):
        await client.request("GET", "/v1/order", idempotent=True)
    assert stream.pulled == 0
    await client.aclose()


async def test_a_compressed_bomb_is_capped_on_what_it_expands_to() -> None:
    small = gzip.compress(b"[" + b" " * (200 * CAP) + b"]")
    assert len(small) < CAP
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=small)
    )
    client = http(transport)
    with pytest.raises(ResponseTooLarge):
        await client.request("GET", "/v1/order", idempotent=True)
    await client.aclose()


async def test_an_oversize_refusal_is_still_a_refusal() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(400, stream=Chunks(10 * CAP)))
    client = http(transport)
    with pytest.raises(RequestRejected) as raised:
        await client.request("POST", "/v1/order", json_body={}, idempotent=False)
    assert raised.value.status == 400 and refusal_proven(raised.value)
    await client.aclose()


async def test_answers_within_the_cap_read_as_before_and_a_call_may_allow_more() -> None:
    body = b'{"orderId": "1"}' + b" " * (CAP - 100)
    gz = gzip.compress(body)
    transport = httpx.MockTransport(
        lambda request: (
            httpx.Response(
                200,
                headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
                content=gz,
            )
            if request.url.path.endswith("/gz")
            else httpx.Response(200, stream=Chunks(3 * CAP))
        )
    )
    client = http(transport)
    answer = await client.request("GET", "/gz", idempotent=True)
    assert answer.json() == {"orderId": "1"} and answer.content == body
    keys = await client.request("GET", "/keys", idempotent=True, max_body=4 * CAP)
    assert len(keys.content) == 3 * CAP
    await client.aclose()


async def test_a_refusal_after_an_attempt_that_may_have_acted_proves_nothing() -> None:
    """An idempotent purchase (inventory: the order id makes a repeat safe) is repeated after
    a broken connection; when the last attempt is refused (429), the first may still have
    created the order: outcome unknown, settled by lookup, never 'failed' (fault matrix)."""
    steps: list[object] = [
        httpx.ReadError("connection reset mid-body"),
        httpx.Response(429, headers={"Retry-After": "0"}),
        httpx.Response(429, headers={"Retry-After": "0"}),
    ]

    def answer(request: httpx.Request) -> httpx.Response:
        step = steps.pop(0)
        if isinstance(step, Exception):
            raise step
        assert isinstance(step, httpx.Response)
        return step

    async def no_wait(seconds: float) -> None:
        return None

    client = ProviderHttp(
        "inventory",
        "https://provider.test",
        policy=HttpPolicy(max_attempts=3),
        transport=httpx.MockTransport(answer),
        sleep=no_wait,
    )
    with pytest.raises(RateLimitedError) as raised:
        await client.request("POST", "/order", json_body={"order_id": "o-1"}, idempotent=True)
    assert raised.value.outcome_unknown and not refusal_proven(raised.value)
    assert steps == []
    # without an attempt that may have acted, the same 429 is a refusal
    steps.extend([httpx.Response(429, headers={"Retry-After": "0"})] * 3)
    with pytest.raises(RateLimitedError) as again:
        await client.request("POST", "/order", json_body={"order_id": "o-2"}, idempotent=True)
    assert refusal_proven(again.value)
    await client.aclose()
