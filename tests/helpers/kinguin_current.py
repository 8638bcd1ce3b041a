"""Kinguin's current API in tests: a sandbox started with fast key delivery, a transport that
records what the console sent, and a key purchase service over real loopback HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx

from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.kinguin import KinguinClient
from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
from fulfildesk.sandbox.server import RunningSandbox, start_in_thread
from fulfildesk.services.keys import KeyPurchaseService
from fulfildesk.store.db import AsyncStore

PREFIX = "kinguin-current"


def start(tmp_path: Path, **overrides: object) -> RunningSandbox:
    """A sandbox of its own: keys delivered 20 ms apart unless `overrides` say otherwise."""
    values: dict[str, object] = {
        "data_dir": tmp_path / "sandbox",
        "kinguin_current_key_step": 0.02,
        "demo_history": False,
    }
    values.update(overrides)
    return start_in_thread(SandboxConfig(**values))  # type: ignore[arg-type]


class Recording(httpx.AsyncHTTPTransport):
    """A real loopback transport that remembers every request it sent."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await super().handle_async_request(request)

    def searches(self) -> list[httpx.URL]:
        return [
            r.url for r in self.requests if r.method == "GET" and r.url.path.endswith("/v1/order")
        ]


def make_service(
    running: RunningSandbox,
    store: AsyncStore,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    read_timeout: float = 10.0,
    **options: object,
) -> KeyPurchaseService:
    """The key purchase service on today's API, polling fast, one attempt per request."""
    policy = HttpPolicy(
        read_timeout=read_timeout, placement_read_timeout=read_timeout, max_attempts=1
    )
    client = KinguinClient(
        running.base_url(PREFIX), DEFAULT_TOKEN, api="current", policy=policy, transport=transport
    )
    values: dict[str, object] = {
        "poll_interval": 0.02,
        "ready_timeout": 30,
        "reconcile_attempts": 3,
        "reconcile_backoff": 0.05,
    }
    values.update(options)
    return KeyPurchaseService(client, store, **values)  # type: ignore[arg-type]
