"""SIGKILL the console while Kinguin's answer (current API) is in flight, or while keys are still
arriving; `fulfildesk reconcile` settles the purchase by its orderExternalId (no window match)
and collects every key once. Everything is a real process: the sandbox server, the buyer."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fulfildesk.store.db import Store
from fulfildesk.store.vault import open_vault
from helpers import eventually

TOKEN = "e2e-token"
pytestmark = pytest.mark.slow


def fulfildesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "fulfildesk", *args]


@pytest.fixture
def sandbox_process(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    key_step, delay = request.param
    proc = subprocess.Popen(
        fulfildesk(
            "sandbox",
            "--port",
            "0",
            "--data-dir",
            str(tmp_path / "sandbox"),
            "--token",
            TOKEN,
            "--kinguin-key-step",
            str(key_step),
            "--kinguin-place-delay",
            str(delay),
            "--no-demo-history",
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
    assert match, line + proc.stderr.read() if proc.stderr else line
    yield match.group(1) + "/kinguin-current"
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    for stream in (proc.stdout, proc.stderr):
        if stream:
            stream.close()


def env_for(url: str, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FULFILDESK_KINGUIN_URL": url,
        "FULFILDESK_KINGUIN_TOKEN": TOKEN,
        "FULFILDESK_KINGUIN_API": "current",
        "FULFILDESK_HOME": str(home),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def provider_orders(url: str) -> list[dict]:  # type: ignore[type-arg]
    answer = httpx.get(f"{url}/v1/order", headers={"X-Api-Key": TOKEN}, params={"limit": 100})
    answer.raise_for_status()
    return answer.json()["results"]


def journal_state(home: Path) -> str | None:
    path = home / "journal.sqlite"
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        row = conn.execute("SELECT state FROM journal").fetchone()
        conn.close()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


@pytest.mark.parametrize(
    "sandbox_process,kill_when",
    [
        ((0.05, 30.0), "provider_has_order"),  # the answer to POST /v1/order is in flight
        ((1.5, 0.0), "journal_placed"),  # placed, keys still arriving
    ],
    indirect=["sandbox_process"],
    ids=["answer-in-flight", "keys-arriving"],
)
def test_kill_during_purchase_then_reconcile(
    sandbox_process: str, kill_when: str, tmp_path: Path
) -> None:
    url, home = sandbox_process, tmp_path / "home"
    buyer = subprocess.Popen(
        fulfildesk("buy-keys", "--product", "5", "--qty", "3", "--max-price", "3.59"),
        env=env_for(url, home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if kill_when == "provider_has_order":
            eventually(lambda: len(provider_orders(url)) == 1, timeout=30, interval=0.05)
            assert journal_state(home) == "sending"
        else:
            eventually(lambda: journal_state(home) == "placed", timeout=30, interval=0.05)
        buyer.send_signal(signal.SIGKILL)
        buyer.wait(timeout=10)
    finally:
        if buyer.poll() is None:
            buyer.kill()
    assert buyer.returncode == -signal.SIGKILL

    env = env_for(url, home)
    restart = subprocess.run(
        fulfildesk("reconcile"), env=env, capture_output=True, text=True, timeout=120
    )
    assert restart.returncode == 0, restart.stderr
    assert "completed" in restart.stdout, restart.stdout + restart.stderr
    [order] = provider_orders(url)
    store = Store(home / "cache.sqlite", open_vault(home))
    try:
        [op] = store.journal_list()
        assert op.state.value == "completed" and op.provider_order_id == order["orderId"]
        assert order["orderExternalId"] == op.operation_id
        history = [e["detail"] for e in store.journal_events(op.operation_id)]
        if kill_when == "provider_has_order":
            assert any("carries this purchase's reference" in d for d in history), history
        assert not any("the only order created between" in d for d in history)  # no window
        keys = store.keys_for_order("kinguin", order["orderId"])
        assert len(keys) == 3 and len({k.key_id for k in keys}) == 3
        assert all(k.status == "DELIVERED" and len(k.serial) > 8 for k in keys)
    finally:
        store.close()
    again = subprocess.run(
        fulfildesk("reconcile"), env=env, capture_output=True, text=True, timeout=60
    )
    assert "nothing to resume" in again.stdout
    assert len(provider_orders(url)) == 1
