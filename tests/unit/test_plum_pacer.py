"""The Plum client's per-query pacing (QueryPacer) with an injected clock: no real time."""

from __future__ import annotations

import pytest

from fulfildesk.providers.plum import PACING_MARGIN, QueryPacer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_the_call_over_the_limit_waits_for_the_oldest_answer_to_leave_the_window() -> None:
    clock = Clock()
    pacer = QueryPacer({"placeOrder": 2}, 60.0, clock=clock)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    for _ in range(2):
        slot = await pacer.wait("placeOrder", sleep)
        clock.now += 1.0  # the answer comes back a second later
        pacer.answered(slot)
    assert slept == []
    await pacer.wait("placeOrder", sleep)
    # the first answer came back at 1001: the third call goes a window (plus margin) later
    assert slept == [pytest.approx(1001.0 + 60.0 * (1 + PACING_MARGIN) - 1002.0)]
    # another query is not held back
    await pacer.wait("getBalance", sleep)
    assert len(slept) == 1


async def test_a_penalty_holds_the_query_back() -> None:
    clock = Clock()
    pacer = QueryPacer({}, 60.0, clock=clock)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    pacer.hold("getOrderHistory", 5.0)
    await pacer.wait("getOrderHistory", sleep)
    await pacer.wait("getVouchers", sleep)
    assert slept == [5.0]


def test_unlimited_queries_never_wait() -> None:
    pacer = QueryPacer({}, 60.0, clock=Clock())
    assert all(pacer.delay("placeOrder")[0] == 0 for _ in range(1000))


async def test_a_wait_beyond_max_wait_sends_nothing_and_says_when() -> None:
    from fulfildesk.domain.errors import RateLimitedError, refusal_proven

    clock = Clock()
    pacer = QueryPacer({"getBalance": 1}, 60.0, clock=clock)

    async def sleep(seconds: float) -> None:
        raise AssertionError("no wait expected")

    pacer.answered(await pacer.wait("getBalance", sleep, 0.0))
    with pytest.raises(RateLimitedError) as caught:
        await pacer.wait("getBalance", sleep, 0.0)
    assert caught.value.retry_after == pytest.approx(60.0 * (1 + PACING_MARGIN))
    assert refusal_proven(caught.value)  # nothing was sent
    assert pacer.delay("getBalance")[0] > 0  # the refused call took no slot of its own
    assert len(pacer._stamps["getBalance"]) == 2
