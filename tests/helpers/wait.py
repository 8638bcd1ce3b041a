"""Wait for a condition, never for a fixed time.

`eventually(condition)` calls `condition()` until it returns something truthy (which it returns)
or the timeout passes. A condition may also assert: an AssertionError means "not yet", and the
last one is raised if the condition never holds, so a failure says what was last seen. The
timeout only bounds a hang; no test asserts how long anything took.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

DEFAULT_TIMEOUT = 30.0
DEFAULT_INTERVAL = 0.02


def _failure(what: str | None, timeout: float, last: object, error: AssertionError | None):
    if error is not None:
        return AssertionError(f"{what or 'condition'} not met within {timeout} s: {error}")
    return AssertionError(f"{what or 'condition'} not met within {timeout} s (last: {last!r})")


def eventually(
    condition: Callable[[], T],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    interval: float = DEFAULT_INTERVAL,
    what: str | None = None,
) -> T:
    """Poll `condition` until it returns a truthy value; return that value."""
    deadline = time.monotonic() + timeout
    while True:
        error: AssertionError | None = None
        last: object = None
        try:
            last = condition()
            if last:
                return last  # type: ignore[return-value]
        except AssertionError as exc:
            error = exc
        if time.monotonic() >= deadline:
            raise _failure(what, timeout, last, error) from error
        time.sleep(interval)


async def eventually_async(
    condition: Callable[[], T | Awaitable[T]],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    interval: float = DEFAULT_INTERVAL,
    what: str | None = None,
) -> T:
    """`eventually` for the event loop: `condition` may be a coroutine function."""
    deadline = time.monotonic() + timeout
    while True:
        error: AssertionError | None = None
        last: object = None
        try:
            last = condition()
            if inspect.isawaitable(last):
                last = await last
            if last:
                return last  # type: ignore[return-value]
        except AssertionError as exc:
            error = exc
        if time.monotonic() >= deadline:
            raise _failure(what, timeout, last, error) from error
        await asyncio.sleep(interval)
