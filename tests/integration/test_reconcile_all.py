"""`fulfildesk reconcile` resumes every purchase service the context holds, warehouse reservations
included (before the purchase contract it skipped them: 102 of 102 left `sending`). Real sandbox
over loopback, real SQLite files, the CLI run as a user runs it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from fulfildesk import cli
from fulfildesk.config import load_settings
from fulfildesk.context import AppContext
from fulfildesk.domain.journal import OpState
from fulfildesk.providers.powerplugin import PowerPluginClient
from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT
from fulfildesk.services.contract import Outcome, PurchaseService
from fulfildesk.services.shipping import KIND, PROVIDER, ReservationRequest
from fulfildesk.store.db import Store, ts_precise
from fulfildesk.store.vault import Vault

HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"


@pytest.fixture(autouse=True)
def _close_cli_logs() -> Iterator[None]:
    """The in-process CLI logs to a file in the data directory: close it after the test."""
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_fulfildesk", False):
            root.removeHandler(handler)
            handler.close()


def configure(monkeypatch: pytest.MonkeyPatch, sandbox: Any, *providers: str) -> None:
    for provider in providers:
        monkeypatch.setenv(f"FULFILDESK_{provider.upper()}_URL", sandbox.base_url(provider))
        monkeypatch.setenv(f"FULFILDESK_{provider.upper()}_TOKEN", "sandbox-token")


def interrupted(store: Store, player: str) -> str:
    """A reservation whose process died after committing `sending` (as `reserve` writes it)."""
    request = ReservationRequest(player, HOODIE, SEED_ESTABLISHMENT, email="a@example.com")
    payload = {**asdict(request), "operator": "test", "attempts": 1}
    op = store.journal_create(PROVIDER, KIND, payload)
    store.journal_transition(op.operation_id, OpState.SENDING, "reserving", sent_at=ts_precise())
    return op.operation_id


async def test_reconcile_resumes_interrupted_reservations(
    sandbox: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    store = Store(home / "cache.sqlite", Vault.generate())
    # six whose answer was lost (the warehouse holds the reservation) and four never sent
    lost = {f"lost-{n}": interrupted(store, f"lost-{n}") for n in range(6)}
    unsent = {f"unsent-{n}": interrupted(store, f"unsent-{n}") for n in range(4)}
    store.close()
    client = PowerPluginClient(sandbox.base_url("powerplugin"), "sandbox-token")
    made = {p: (await client.reserve(p, HOODIE, SEED_ESTABLISHMENT)).transaction_id for p in lost}
    await client.aclose()

    configure(monkeypatch, sandbox, "powerplugin")
    # the CLI runs its own event loop: run it in a worker thread from this async test
    code = await asyncio.to_thread(cli.main, ["--data-dir", str(home), "reconcile"])
    assert code == 0
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 10 and all(" powerplugin completed " in line for line in printed)

    store = Store(home / "cache.sqlite", Vault.generate())
    try:
        for player, operation_id in lost.items():
            op = store.journal_get(operation_id)
            assert op.state is OpState.COMPLETED
            assert op.provider_order_id == made[player]  # adopted, not reserved again
        for operation_id in unsent.values():
            op = store.journal_get(operation_id)
            assert op.state is OpState.COMPLETED and op.provider_order_id
            assert op.provider_order_id not in made.values()
        assert store.journal_list([OpState.INTENT, OpState.SENDING]) == []
        # every adopted reservation is cached and has its history line
        for operation_id in [*lost.values(), *unsent.values()]:
            tx = store.journal_get(operation_id).provider_order_id or ""
            assert store.get_order(PROVIDER, tx) is not None
            assert [e["action"] for e in store.order_events(PROVIDER, tx)] == ["Reserved"]
    finally:
        store.close()
    # a second run finds nothing left
    assert await asyncio.to_thread(cli.main, ["--data-dir", str(home), "reconcile"]) == 0
    assert capsys.readouterr().out.strip() == "nothing to resume"


class Recorder(PurchaseService[Outcome]):
    """Stands in for a configured service: records that it was asked to resume."""

    provider = "recorder"
    kind = "record"
    outcome_type = Outcome

    def __init__(self, calls: list[str], name: str) -> None:
        self.calls, self.name = calls, name

    def advances(self, state: OpState, *, wait: bool) -> bool:
        return False

    async def step(self, op: Any) -> None:
        raise AssertionError("not driven")

    def state_text(self, op: Any) -> str:
        return ""

    async def resume_all(self, progress: Any = None) -> list[Outcome]:
        self.calls.append(self.name)
        return []


async def test_reconcile_and_start_up_resume_the_same_list(
    sandbox: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(monkeypatch, sandbox, "kinguin", "plum", "powerplugin", "inventory")
    ctx = AppContext.open(load_settings(tmp_path / "home"))
    try:
        from fulfildesk.services.bulk import BulkService

        configured = [ctx.keys, ctx.vouchers, ctx.inventory, ctx.shipping]
        assert all(s is not None for s in configured)
        # one list, every journaled service (bulk warehouse runs last)
        assert ctx.purchase_services[:4] == configured
        assert len(ctx.purchase_services) == 5
        assert isinstance(ctx.purchase_services[4], BulkService)
        assert {s.provider for s in ctx.purchase_services} == {
            "kinguin",
            "plum",
            "inventory",
            "powerplugin",
        }
        # reconcile (cli) and start-up (ctx.resume_all) iterate exactly ctx.purchase_services
        calls: list[str] = []
        ctx.purchase_services = [Recorder(calls, "a"), Recorder(calls, "b")]
        assert await cli._reconcile(ctx) == 0
        assert calls == ["a", "b"]
        calls.clear()
        assert await ctx.resume_all() == []
        assert calls == ["a", "b"]
    finally:
        await ctx.aclose()
