"""Kill the console while Plum is still answering a voucher order, start it again: exactly one
Plum order for the intent, with its vouchers, found by PO number. All real processes."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from fulfildesk.store.db import Store
from fulfildesk.store.vault import open_vault

TOKEN = "e2e-token"
pytestmark = pytest.mark.slow


def fulfildesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "fulfildesk", *args]


def journal(home: Path) -> tuple[str, dict] | None:  # type: ignore[type-arg]
    path = home / "journal.sqlite"
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        row = conn.execute("SELECT state, payload FROM journal").fetchone()
        conn.close()
    except sqlite3.OperationalError:
        return None
    return (row[0], json.loads(row[1])) if row else None


def plum_orders(sandbox_dir: Path) -> int:
    conn = sqlite3.connect(f"file:{sandbox_dir / 'sandbox.sqlite'}?mode=ro", uri=True)
    count = conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]
    conn.close()
    return count


def test_kill_while_plum_answers_then_restart(tmp_path: Path) -> None:
    sandbox_dir, home = tmp_path / "sandbox", tmp_path / "home"
    server = subprocess.Popen(
        fulfildesk(
            "sandbox",
            "--port",
            "0",
            "--data-dir",
            str(sandbox_dir),
            "--token",
            TOKEN,
            "--plum-delay",
            "30",
            "--no-demo-history",
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = re.search(r"(http://127\.0\.0\.1:\d+)", server.stdout.readline()).group(1)  # type: ignore[union-attr]
        plum = f"{url}/plum"
        env = {
            **os.environ,
            "FULFILDESK_PLUM_URL": plum,
            "FULFILDESK_PLUM_TOKEN": TOKEN,
            "FULFILDESK_HOME": str(home),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
        buyer = subprocess.Popen(
            fulfildesk(
                "buy-vouchers",
                "--product",
                "15365",
                "--denomination",
                "20",
                "--qty",
                "2",
                "--contact",
                "+1-5234567890",
            ),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            entry = journal(home)
            if entry and entry[0] == "sending" and plum_orders(sandbox_dir) == 1:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the order never reached Plum")
        buyer.send_signal(signal.SIGKILL)
        buyer.wait(timeout=10)
        po_number = entry[1]["po_number"]

        restart = subprocess.run(
            fulfildesk("reconcile"), env=env, capture_output=True, text=True, timeout=60
        )
        assert restart.returncode == 0, restart.stderr
        assert "completed" in restart.stdout, restart.stdout + restart.stderr
        assert plum_orders(sandbox_dir) == 1  # found by PO number, not bought again
        store = Store(home / "cache.sqlite", open_vault(home))
        [op] = store.journal_list()
        assert op.state.value == "completed" and op.payload["po_number"] == po_number
        vouchers = store.vouchers_for_order("plum", op.provider_order_id or "")
        assert len(vouchers) == 2 and all(v.code and v.pin for v in vouchers)
        store.close()
        # the order is the one Plum knows under that PO
        body = {
            "query": "plumProAPI.mutation.getOrderDetails",
            "tag": "plumProAPI",
            "variables": {"data": {"poNumber": po_number, "sendMailToReceiver": 0}},
        }
        found = httpx.post(
            f"{plum}/v1/oauth/api", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
        ).json()
        assert str(found["data"]["getOrderDetails"]["data"]["orderId"]) == op.provider_order_id
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        for stream in (server.stdout, server.stderr):
            if stream:
                stream.close()
