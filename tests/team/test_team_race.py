"""Several seats as separate processes, separate data directories, one sandbox and one
PostgreSQL, racing to claim, ship, buy and reconcile the same orders while the server is stopped
and started again: 0 duplicates, 0 double claims, 0 lost keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
from fulfildesk.sandbox.server import RunningSandbox, start_in_thread
from fulfildesk.store import team as team_store
from helpers import eventually
from helpers.pg import PgCluster

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("seat_worker.py")
SEATS = 4
ORDERS = [f"PP-{i:04d}" for i in range(400)]
BUYS, LOST = 3, 1


@pytest.fixture
def slow_sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    # every Kinguin order answers late; the seats' "lossy" client gives up before the answer
    config = SandboxConfig(
        data_dir=tmp_path / "sandbox", kinguin_step=0.05, kinguin_place_delay=0.4
    )
    running = start_in_thread(config)
    yield running
    running.stop()


def count(dsn: str, sql: str) -> int:
    with psycopg.connect(dsn, connect_timeout=10) as conn:
        row = conn.execute(sql).fetchone()
        return int(row[0]) if row else 0


def claims_so_far(dsn: str) -> int:
    try:
        return count(dsn, "SELECT count(*) FROM claims")
    except psycopg.OperationalError:
        return 0


@pytest.mark.timeout(300)
def test_seats_race_without_duplicates_across_a_server_restart(
    pg_cluster: PgCluster, team_dsn: str, slow_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    import asyncio

    async def init() -> None:
        conn = await team_store.connect(team_dsn)
        await team_store.migrate(conn)
        await conn.close()

    asyncio.run(init())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "app"), str(ROOT / "tests")])}
    procs, outs = [], []
    for i in range(SEATS):
        out = tmp_path / f"seat{i}.json"
        config = {
            "dsn": team_dsn,
            "data_dir": str(tmp_path / f"seat{i}"),
            "name": f"s{i}",
            "orders": ORDERS,
            "buys": BUYS,
            "lost": LOST,
            "kinguin_url": slow_sandbox.base_url("kinguin"),
            "token": DEFAULT_TOKEN,
            "out": str(out),
        }
        path = tmp_path / f"seat{i}.config.json"
        path.write_text(json.dumps(config))
        procs.append(subprocess.Popen([sys.executable, str(WORKER), str(path)], env=env))
        outs.append(out)
    try:
        # the server goes away in the middle of the race, and comes back
        eventually(
            lambda: claims_so_far(team_dsn) >= 40,
            timeout=120,
            interval=0.01,
            what="the race is under way",
        )
        pg_cluster.stop()
        stopped_at = time.monotonic()
        while time.monotonic() - stopped_at < 1.5:  # the seats meet the server down
            time.sleep(0.1)
        pg_cluster.start()
        for proc in procs:
            assert proc.wait(timeout=240) == 0
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    results = [json.loads(out.read_text()) for out in outs]

    # claims: every order claimed by exactly one seat, shipped once, by the seat that claimed it
    claimed = Counter(o for r in results for o in r["claims"])
    assert set(claimed) == set(ORDERS)
    assert max(claimed.values()) == 1, "double claim"
    shipped = Counter(o for r in results for o in r["shipped"])
    assert shipped == claimed
    assert count(team_dsn, "SELECT count(*) FROM order_done WHERE action = 'shipped'") == len(
        ORDERS
    )
    offline = sum(r["offline_refusals"] for r in results)

    # purchases: no provider order owned twice, across the seats' own journals and the team's
    ops = [op for r in results for op in r["operations"]]
    assert len(ops) == SEATS * BUYS
    owned = Counter(op["provider_order_id"] for op in ops if op["provider_order_id"])
    assert not [o for o, n in owned.items() if n > 1], "duplicate ownership"
    with psycopg.connect(team_dsn) as conn:
        team_owner = dict(
            conn.execute(
                "SELECT provider_order_id, operation_id FROM operations"
                " WHERE provider_order_id IS NOT NULL"
            ).fetchall()
        )
        holders = conn.execute(
            "SELECT provider_order_id, count(*) FROM key_holdings GROUP BY 1"
        ).fetchall()
    for op in ops:
        if op["provider_order_id"]:  # recorded team-wide, by this very operation
            assert team_owner[op["provider_order_id"]] == op["operation_id"]
    # keys: every completed purchase holds its key, no key in two vaults, one holder per order
    completed = [op for op in ops if op["state"] == "completed"]
    assert all(len(op["keys"]) == 1 for op in completed)
    serials = Counter(k for op in ops for k in op["keys"])
    assert max(serials.values(), default=1) == 1, "a key in two vaults"
    assert all(n == 1 for _, n in holders)
    assert {o for o, _ in holders} == {op["provider_order_id"] for op in completed}
    states = Counter(op["state"] for op in ops)
    assert set(states) <= {"completed", "needs_review"}, states
    print(
        f"\nrace: {SEATS} seats, {len(ORDERS)} orders claimed once each "
        f"({sum(r['refused'] for r in results)} refusals to a second seat), "
        f"{offline} steps refused while the server was down; purchases {dict(states)}"
    )
