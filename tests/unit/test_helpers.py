"""The test helpers themselves: eventually() waits for a condition; clients close on failure."""

from __future__ import annotations

import pytest

from helpers import closing, eventually, eventually_async
from helpers.clients import ClientPool


class Counter:
    def __init__(self, ready_at: int) -> None:
        self.calls = 0
        self.ready_at = ready_at

    def __call__(self) -> int | None:
        self.calls += 1
        return self.calls if self.calls >= self.ready_at else None


def test_eventually_returns_the_first_truthy_value() -> None:
    counter = Counter(ready_at=3)
    assert eventually(counter, interval=0) == 3
    assert counter.calls == 3


def test_eventually_treats_an_assertion_as_not_yet_and_reports_the_last_one() -> None:
    calls = []

    def check() -> bool:
        calls.append(1)
        assert len(calls) > 1000, f"only {len(calls)} calls"
        return True

    with pytest.raises(AssertionError, match="the check not met within 0 s: only 1 calls"):
        eventually(check, timeout=0, what="the check")


def test_eventually_reports_the_last_value() -> None:
    with pytest.raises(AssertionError, match=r"\(last: \[\]\)"):
        eventually(list, timeout=0)


async def test_eventually_async_awaits_coroutine_conditions() -> None:
    counter = Counter(ready_at=2)

    async def condition() -> int | None:
        return counter()

    assert await eventually_async(condition, interval=0) == 2


class FakeClient:
    def __init__(self) -> None:
        self.closed = False

    async def aclose(self) -> None:
        self.closed = True


async def test_closing_closes_when_the_block_fails() -> None:
    client = FakeClient()
    with pytest.raises(RuntimeError):
        async with closing(client):
            raise RuntimeError("the test failed here")
    assert client.closed


async def test_client_pool_closes_every_client_even_when_one_fails_to_close() -> None:
    class Broken(FakeClient):
        async def aclose(self) -> None:
            raise OSError("already gone")

    pool = ClientPool()
    first, broken, last = pool(FakeClient), pool(Broken), pool(FakeClient)
    assert isinstance(broken, Broken)
    with pytest.raises(OSError, match="already gone"):
        await pool.aclose()
    assert first.closed and last.closed and pool.opened == []
