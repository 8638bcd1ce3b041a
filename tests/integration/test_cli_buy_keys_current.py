"""`fulfildesk buy-keys` with FULFILDESK_KINGUIN_API=current, as a real process against the
sandbox's current generation: a purchase, the limits, the balance and the daily spend limit."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
from fulfildesk.sandbox.server import RunningSandbox, start_in_thread


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fulfildesk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def start(tmp_path: Path, **overrides: object) -> RunningSandbox:
    values: dict[str, object] = {
        "data_dir": tmp_path / "sandbox",
        "kinguin_current_key_step": 0.02,
        "demo_history": False,
    }
    values.update(overrides)
    return start_in_thread(SandboxConfig(**values))  # type: ignore[arg-type]


@pytest.fixture
def current(tmp_path: Path) -> Iterator[RunningSandbox]:
    running = start(tmp_path)
    yield running
    running.stop()


def env_for(running: RunningSandbox, home: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "FULFILDESK_HOME": str(home),
        "FULFILDESK_KINGUIN_URL": running.base_url("kinguin-current"),
        "FULFILDESK_KINGUIN_TOKEN": DEFAULT_TOKEN,
        "FULFILDESK_KINGUIN_API": "current",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        **extra,
    }


def journal_count(home: Path) -> int:
    path = home / "journal.sqlite"
    if not path.exists():
        return 0
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM journal").fetchone()[0])
    finally:
        conn.close()


def buy(qty: int, price: str, product: int = 5) -> list[str]:
    return ["buy-keys", "--product", str(product), "--qty", str(qty), "--max-price", price]


def test_buy_keys_against_the_current_generation(current: RunningSandbox, tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = run(buy(2, "3.59"), env_for(current, home))
    assert done.returncode == 0, done.stderr
    purchase = re.search(r"purchase (\S+): completed", done.stdout)
    order = re.search(r"order (\S+): completed", done.stdout)
    assert purchase and order, done.stdout
    assert len(re.findall(r"^  Anno: \S+", done.stdout, re.M)) == 2
    # the order carries the journal's operation id as orderExternalId
    found = httpx.get(
        f"{current.base_url('kinguin-current')}/v1/order",
        params={"orderExternalId": purchase.group(1)},
        headers={"X-Api-Key": DEFAULT_TOKEN},
    ).json()
    assert [r["orderId"] for r in found["results"]] == [order.group(1)]


def test_limits_are_refused_before_sending(current: RunningSandbox, tmp_path: Path) -> None:
    home = tmp_path / "home"
    refused = run(buy(10, "3.59"), env_for(current, home))
    assert refused.returncode == 2
    assert "at most 9 keys" in refused.stderr
    assert journal_count(home) == 0


def test_an_order_over_the_balance_is_refused(tmp_path: Path) -> None:
    running = start(tmp_path, kinguin_balance="10.00")
    try:
        home = tmp_path / "home"
        refused = run(buy(2, "9.99", product=1021), env_for(running, home))
        assert refused.returncode == 2
        assert "more than the Kinguin balance of 10.00 EUR" in refused.stderr
        assert journal_count(home) == 0
    finally:
        running.stop()


def test_the_daily_spend_limit_is_honoured(current: RunningSandbox, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = env_for(current, home, FULFILDESK_KINGUIN_DAILY_LIMIT="10")
    first = run(buy(2, "3.59"), env)  # 7.18
    assert first.returncode == 0, first.stderr
    second = run(buy(1, "3.59"), env)  # 7.18 + 3.59 > 10
    assert second.returncode == 2
    assert "daily spend limit of this installation is 10.00 EUR" in second.stderr
    assert "7.18 EUR were already spent today" in second.stderr
    assert journal_count(home) == 1
    # off by default: without the variable the same purchase goes through
    env.pop("FULFILDESK_KINGUIN_DAILY_LIMIT")
    assert run(buy(1, "3.59"), env).returncode == 0
