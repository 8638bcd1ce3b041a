"""Provider clients that are closed however the test ends.

`async with closing(KinguinClient(url, token)) as client:` closes the client when the block
ends, by failure too. The `open_client` fixture hands out a factory; every client it made is
closed at teardown, so a test that fails half-way leaves no open connection pool behind.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar

import pytest


class Closable(Protocol):
    async def aclose(self) -> None: ...


C = TypeVar("C", bound=Closable)


@asynccontextmanager
async def closing(client: C) -> AsyncIterator[C]:
    try:
        yield client
    finally:
        await client.aclose()


class ClientPool:
    """Makes clients and closes every one of them, newest first, even when one fails to close."""

    def __init__(self) -> None:
        self.opened: list[Closable] = []

    def __call__(self, cls: Callable[..., C], *args: Any, **kwargs: Any) -> C:
        client = cls(*args, **kwargs)
        self.opened.append(client)
        return client

    async def aclose(self) -> None:
        errors: list[BaseException] = []
        while self.opened:
            try:
                await self.opened.pop().aclose()
            except Exception as exc:
                errors.append(exc)
        if errors:
            raise errors[0]


@pytest.fixture
async def open_client() -> AsyncIterator[ClientPool]:
    """`client = open_client(KinguinClient, url, token)`: closed at teardown, pass or fail."""
    pool = ClientPool()
    yield pool
    await pool.aclose()
