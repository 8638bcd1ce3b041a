"""`fulfildesk sync` and `fulfildesk orders` as scripts use them: real processes, real cache."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fulfildesk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def env_for(sandbox, home: Path, *providers: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "FULFILDESK_HOME": str(home),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    for provider in providers:
        env[f"FULFILDESK_{provider.upper()}_URL"] = sandbox.base_url(provider)
        env[f"FULFILDESK_{provider.upper()}_TOKEN"] = "sandbox-token"
    return env


def test_sync_then_query_in_every_format(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = env_for(sandbox, tmp_path / "home", "kinguin")
    synced = run(["sync"], env)
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.startswith("Kinguin: ") and " orders" in synced.stdout
    assert "Kinguin: done" in synced.stderr  # progress goes to stderr
    as_json = run(["orders", "--format", "json", "--limit", "500"], env)
    rows = json.loads(as_json.stdout)
    assert len(rows) > 30
    for key in (
        "provider",
        "provider_order_id",
        "status",
        "provider_status",
        "created_at",
        "total",
        "currency",
        "player_id",
    ):
        assert key in rows[0]
    assert rows[0]["created_at"] >= rows[-1]["created_at"]  # newest first
    completed = run(["orders", "--status", "completed", "--format", "csv"], env)
    table = list(csv.DictReader(io.StringIO(completed.stdout)))
    # exports read in the vocabulary's words, as the window shows them
    assert table and all(r["status"] == "Completed" for r in table)
    assert all(r["provider"] == "Kinguin" for r in table)
    assert all(r["provider"] == "Kinguin" and r["status"] for r in json.loads(as_json.stdout))
    searched = run(["orders", "--search", "Hades", "--format", "json"], env)
    assert all("Hades" in r["products"] for r in json.loads(searched.stdout))
    since = run(["orders", "--since", "2999-01-01", "--format", "json"], env)
    assert json.loads(since.stdout) == []
    plain = run(["orders", "--limit", "3"], env)
    # a header, a rule, then the rows
    assert len(plain.stdout.strip().splitlines()) == 2 + 3 and "3 order(s)" in plain.stderr
    bad = run(["orders", "--since", "yesterday"], env)
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_sync_exits_non_zero_when_a_provider_fails(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = env_for(sandbox, tmp_path / "home", "kinguin")
    env["FULFILDESK_INVENTORY_URL"] = sandbox.base_url("inventory")
    env["FULFILDESK_INVENTORY_TOKEN"] = "wrong-token"
    # the console must know a player for the inventory sync to ask anything
    first = run(["sync", "--provider", "kinguin"], env)
    assert first.returncode == 0
    from fulfildesk.domain.models import Order, OrderStatus, Provider
    from fulfildesk.store.db import Store
    from fulfildesk.store.vault import open_vault

    home = tmp_path / "home"
    store = Store(home / "cache.sqlite", open_vault(home))
    store.upsert_orders(
        [
            Order(
                provider=Provider.INVENTORY,
                provider_order_id="x",
                status=OrderStatus.COMPLETED,
                provider_status="success",
                player_id="7",
            )
        ]
    )
    store.close()
    result = run(["sync"], env)
    assert result.returncode == 1
    assert "Inventory: token refused" in result.stdout and "Kinguin: " in result.stdout
    unknown = run(["sync", "--provider", "nope"], env)
    assert unknown.returncode == 2


def test_sync_reports_a_refused_token_on_a_fresh_cache(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Nothing cached, so nothing to fetch from the per-player providers: sync still asks each
    provider whether it accepts the credential and reports it, one line per provider."""
    env = env_for(sandbox, tmp_path / "home", "kinguin", "powerplugin", "inventory")
    env["FULFILDESK_POWERPLUGIN_TOKEN"] = "wrong-token"
    result = run(["sync"], env)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3, lines
    by_name = {line.split(":")[0]: line for line in lines}
    assert "orders" in by_name["Kinguin"]
    assert "token refused" in by_name["Physical goods"]
    assert "FULFILDESK_POWERPLUGIN_TOKEN" in by_name["Physical goods"]
    assert not by_name["Physical goods"].startswith("Physical goods: Physical goods")
    assert "signed in" in by_name["Inventory"] and "nothing to fetch" in by_name["Inventory"]
    # the right token on the same fresh cache: every provider signed in, exit 0
    env["FULFILDESK_POWERPLUGIN_TOKEN"] = "sandbox-token"
    fixed = run(["sync"], env)
    assert fixed.returncode == 0 and "token refused" not in fixed.stdout
