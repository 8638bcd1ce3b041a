"""The fault matrix, small: for each purchasing provider (both Kinguin generations), a couple
of purchases through the real services under each sandbox fault (one at a time), then
`fulfildesk reconcile` with the faults
off, then the provider's own state against the journal: 0 duplicates, 0 orphans, 0 lost.

The sandbox is a real uvicorn server on loopback; the faults are its `--faults` middleware
(sandbox/faults.py). tests/bench/fault_matrix.py runs hundreds, with SIGKILLs.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from fulfildesk.cli import _reconcile
from fulfildesk.context import AppContext
from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
from fulfildesk.sandbox.server import start_in_thread
from fulfildesk.store.db import Store
from helpers.fault_matrix import (
    FAST,
    Figures,
    compare,
    faults_for,
    journal_provider,
    provider_orders,
    purchase,
    settings_for,
)

pytestmark = pytest.mark.slow


def fault_target(provider: str) -> str:
    """The --faults provider of a matrix label (`kinguin` alone would fault both generations)."""
    return "kinguin-v1" if provider == "kinguin" else provider


PER_FAULT = 2


@pytest.mark.parametrize(
    "provider", ["kinguin", "kinguin-current", "plum", "inventory", "powerplugin"]
)
def test_fault_matrix(provider: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = SandboxConfig(
        data_dir=tmp_path / "sandbox",
        kinguin_step=0.05,
        demo_history=False,
        inventory_async_delay=0.2,
        faults_seed=12,
        # Plum's placeOrder limit (20 a minute) off: the matrix measures faults, not pacing
        # (its retries after faults place more than 20 a minute; test_plum_rate_limits.py)
        plum_place_rate=1_000_000,
    )
    running = start_in_thread(config)
    home = tmp_path / "home"
    per_fault: dict[str, list[str]] = {}
    try:

        async def run() -> tuple[Figures, str]:
            settings = settings_for(home, running.url, DEFAULT_TOKEN, provider)
            ctx = AppContext.open(settings, policy=FAST, poll_interval=0.05)
            if ctx.plum is not None:  # so no pacing either
                ctx.plum.pacer.limits.pop("placeOrder", None)
            for service in ctx.purchase_services:
                service.ready_timeout = 3.0
            try:
                for fault in faults_for(provider):
                    running.sandbox.faults.set(f"{fault_target(provider)}:place:{fault}")
                    per_fault[fault] = [
                        await purchase(ctx, provider, f"{fault}-{n}") for n in range(PER_FAULT)
                    ]
                running.sandbox.faults.set("")
                assert await _reconcile(ctx) == 0  # what `fulfildesk reconcile` runs
                printed = capsys.readouterr().out
                ops = [
                    op
                    for op in await ctx.store.run(Store.journal_list)
                    if op.provider == journal_provider(provider)
                ]
                orders = await provider_orders(provider, running.url, DEFAULT_TOKEN, ops)
                figures = await ctx.store.run(lambda store: compare(store, provider, ops, orders))
                return figures, printed
            finally:
                await ctx.aclose()

        figures, printed = asyncio.run(run())
    finally:
        injected = dict(running.sandbox.faults.injected)
        running.stop()
    report = "\n".join(
        [f"{provider}: {figures.line()}", *figures.details]
        + [f"  {fault}: {states}" for fault, states in per_fault.items()]
        + [f"  injected {injected}", printed]
    )
    # every fault was really injected, on the purchase endpoint
    for fault in faults_for(provider):
        assert any(key.endswith(":" + fault.split("=")[0]) for key in injected), report
    assert figures.purchases == PER_FAULT * len(faults_for(provider)), report
    assert not any(s.startswith("raised") for states in per_fault.values() for s in states), report
    assert figures.duplicates == 0, report
    assert figures.orphans == 0, report
    assert figures.lost == 0, report
