"""GUI fixtures: a qasync loop that Qt drives while qtbot waits, and a window on the sandbox."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fulfildesk.config import Settings
from fulfildesk.context import AppContext
from fulfildesk.domain.models import Provider
from fulfildesk.sandbox.app import Sandbox
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.server import RunningSandbox, start_in_thread
from fulfildesk.ui.asyncglue import close_test_loop, new_test_loop


@pytest.fixture
def sandbox(sandbox_config: SandboxConfig, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The real sandbox on loopback, counting every request it receives (`.requests`: a list of
    (method, path)), so a test can prove how many requests one intent sent."""
    seen: list[tuple[str, str]] = []
    real_asgi = Sandbox.asgi

    def counted(self: Sandbox) -> Any:
        app = real_asgi(self)

        async def counting(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                seen.append((scope["method"], scope["path"]))
            await app(scope, receive, send)

        return counting

    monkeypatch.setattr(Sandbox, "asgi", counted)
    running = start_in_thread(sandbox_config)
    running.requests = seen  # type: ignore[attr-defined]
    yield running
    running.stop()


@pytest.fixture
def qloop(qapp) -> Iterator[asyncio.AbstractEventLoop]:  # type: ignore[no-untyped-def]
    loop = new_test_loop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    close_test_loop(loop, qapp)
    asyncio.set_event_loop(None)


def run(qtbot, loop: asyncio.AbstractEventLoop, coro, timeout: int = 10000):  # type: ignore[no-untyped-def]
    """Run a coroutine on the qasync loop while Qt processes events (sync tests only)."""
    task = loop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


@pytest.fixture
def arun(qtbot, qloop):  # type: ignore[no-untyped-def]
    """`arun(coro)` runs a coroutine on the qasync loop and returns its result."""
    return lambda coro, timeout=10000: run(qtbot, qloop, coro, timeout)


@pytest.fixture
def settings(tmp_path: Path, sandbox: RunningSandbox) -> Settings:
    s = Settings(data_dir=tmp_path / "home", operator="tester")
    for provider in Provider:
        entry = s.provider(provider)
        entry.url, entry.token = sandbox.base_url(provider.value), sandbox.sandbox.config.token
    return s


@pytest.fixture
def ctx(settings: Settings, qtbot, qloop) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    context = AppContext.open(settings, poll_interval=0.02)
    yield context
    run(qtbot, qloop, context.aclose())


@pytest.fixture
def window(ctx: AppContext, qtbot, qloop, sandbox):  # type: ignore[no-untyped-def]
    from fulfildesk.ui.main_window import MainWindow

    w = MainWindow(ctx)
    w._test_sandbox = sandbox.sandbox  # for tests that seed the provider
    qtbot.addWidget(w)
    w.show()
    yield w
    run(qtbot, qloop, w.runner.cancel_all())
    w.model.close()
