"""Kill a bulk warehouse run with SIGKILL in the middle, resume it in a new process, and count
what reached the sandbox: every order shipped once and given its tracking number once.

The sandbox runs here on loopback and counts every request; the run is a real process. The kill
happens at the worst moment: the sandbox has acted on the sixth order's request and holds its
answer, so that order's journal entry is left `sending` (the outcome unknown to the process)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import fulfildesk
from fulfildesk.domain.journal import OpState
from fulfildesk.providers.powerplugin import PowerPluginClient
from fulfildesk.sandbox.app import Sandbox
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT
from fulfildesk.sandbox.server import RunningSandbox, start_in_thread
from fulfildesk.services.shipping import ReservationRequest, ShippingService
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.vault import Vault

pytestmark = pytest.mark.slow
POSTER = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b63"
ORDERS = 20
HOLD_AT = 6  # the request whose answer is held while the process is killed
WORKER = Path(__file__).with_name("bulk_worker.py")


class Gate:
    """Counts requests; holds the answer to the HOLD_AT-th request of one kind until released."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.kind = ""
        self.held = threading.Event()
        self.release = threading.Event()

    def count(self, kind: str) -> int:
        return sum(1 for m, p in self.requests if m == "POST" and f"/{kind}/" in p)


@pytest.fixture
def gated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[RunningSandbox, Gate]]:
    gate = Gate()
    real_asgi = Sandbox.asgi

    def counted(self: Sandbox) -> Any:
        app = real_asgi(self)

        async def counting(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            gate.requests.append((scope["method"], scope["path"]))
            hold = (
                gate.kind
                and scope["method"] == "POST"
                and f"/{gate.kind}/" in scope["path"]
                and gate.count(gate.kind) == HOLD_AT
            )
            if not hold:
                await app(scope, receive, send)
                return
            answer: list[Any] = []

            async def keep(message: Any) -> None:
                answer.append(message)  # acted on, answer withheld

            await app(scope, receive, keep)
            gate.held.set()
            while not gate.release.is_set():
                await asyncio.sleep(0.05)
            for message in answer:
                await send(message)

        return counting

    monkeypatch.setattr(Sandbox, "asgi", counted)
    running = start_in_thread(SandboxConfig(data_dir=tmp_path / "sandbox", demo_history=False))
    yield running, gate
    gate.release.set()
    running.stop()


async def seed(data_dir: Path, url: str, token: str) -> list[str]:
    """Twenty reservations with a full address each, in the console's cache."""
    store = AsyncStore(Store(data_dir / "cache.sqlite", Vault.generate()))
    client = PowerPluginClient(url, token)
    service = ShippingService(client, store, operator="seed")
    ids = []
    try:
        for n in range(ORDERS):
            outcome = await service.reserve(
                ReservationRequest(f"bulk-player-{n}", POSTER, SEED_ESTABLISHMENT)
            )
            assert outcome.shipment is not None, outcome.message
            shipment = outcome.shipment
            await service.update_details(
                shipment,
                {
                    "address": f"Calle Mayor {n + 1}",
                    "postalCode": "28013",
                    "city": "Madrid",
                    "country": "ES",
                },
            )
            ids.append(shipment.transaction_id)
    finally:
        await client.aclose()
        store.close()
    return ids


async def read_back(url: str, token: str, ids: list[str]) -> list[Any]:
    client = PowerPluginClient(url, token)
    try:
        return [await client.transaction(f"bulk-player-{n}", tx) for n, tx in enumerate(ids)]
    finally:
        await client.aclose()


def worker(tmp_path: Path, name: str, config: dict[str, Any]) -> subprocess.Popen[str]:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({**config, "out": str(tmp_path / f"{name}.out.json")}))
    app = str(Path(fulfildesk.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": app + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], tmp_path: Path, name: str) -> dict[str, Any]:
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return json.loads((tmp_path / f"{name}.out.json").read_text())  # type: ignore[no-any-return]


def kill_at_hold(proc: subprocess.Popen[str], gate: Gate) -> None:
    deadline = time.monotonic() + 60
    while not gate.held.is_set():
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, "the run never reached the held request"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    for stream in (proc.stdout, proc.stderr):
        if stream:
            stream.close()
    gate.release.set()  # the sandbox may answer now: nobody is listening


def journal(data_dir: Path) -> list[Any]:
    store = Store(data_dir / "cache.sqlite", Vault.generate())
    try:
        return [o for o in store.journal_list(None, "powerplugin") if o.kind == "bulk"]
    finally:
        store.close()


def test_a_killed_bulk_run_resumes_without_shipping_or_tracking_twice(
    gated: tuple[RunningSandbox, Gate], tmp_path: Path
) -> None:
    running, gate = gated
    url, token = running.base_url("powerplugin"), running.sandbox.config.token
    data_dir = tmp_path / "console"
    ids = asyncio.run(seed(data_dir, url, token))
    base = {"data_dir": str(data_dir), "url": url, "token": token}

    # ---- ship the twenty, killed while the sixth one's answer is held
    gate.kind = "send"
    proc = worker(tmp_path, "ship1", {**base, "mode": "start", "action": "ship", "ids": ids})
    kill_at_hold(proc, gate)
    assert gate.count("send") == HOLD_AT
    entries = journal(data_dir)
    assert len(entries) == ORDERS  # every order journaled on its own before the first send
    states = Counter(o.state for o in entries)
    assert states[OpState.COMPLETED] == HOLD_AT - 1
    assert states[OpState.SENDING] == 1  # the held one: the sandbox shipped it, nobody knows
    assert states[OpState.INTENT] == ORDERS - HOLD_AT

    result = finish(worker(tmp_path, "ship2", {**base, "mode": "resume"}), tmp_path, "ship2")
    sends = Counter(p.rsplit("/", 1)[1] for m, p in gate.requests if "/send/" in p)
    assert sends == Counter({tx: 1 for tx in ids})  # 20 orders, each shipped exactly once
    assert {r["state"] for r in result["results"]} <= {"done", "already done"}
    assert sum(r["state"] == "already done" for r in result["results"]) == 1
    assert all(o.state is OpState.COMPLETED for o in journal(data_dir))
    assert [s.stage for s in asyncio.run(read_back(url, token, ids))] == ["to_track"] * ORDERS

    # ---- twenty tracking numbers (a pasted list), killed the same way, resumed
    gate.held.clear()
    gate.release.clear()
    gate.kind = "track"
    tracking = {tx: f"TRK-{n:04d}-ES" for n, tx in enumerate(ids)}
    proc = worker(
        tmp_path,
        "track1",
        {**base, "mode": "start", "action": "track", "ids": ids, "tracking": tracking},
    )
    kill_at_hold(proc, gate)
    finish(worker(tmp_path, "track2", {**base, "mode": "resume"}), tmp_path, "track2")
    tracks = Counter(p.rsplit("/", 1)[1] for m, p in gate.requests if "/track/" in p)
    assert tracks == Counter({tx: 1 for tx in ids})  # each number sent once
    for tx, shipment in zip(ids, asyncio.run(read_back(url, token, ids)), strict=True):
        assert shipment.tracking_number == tracking[tx]
        assert shipment.stage == "in_transit"
    assert all(o.state is OpState.COMPLETED for o in journal(data_dir))
    assert len(journal(data_dir)) == 2 * ORDERS
