"""Team mode benchmark: N seats (separate processes) claiming orders on one PostgreSQL.

    PYTHONPATH=app:tests python tests/bench/team_bench.py [--seats 2 8 32] [--orders 2000]
        [--buys 2] [--dsn DSN]

Without --dsn a throwaway cluster is started (tests/helpers/pg.py; needs Debian's `postgresql`).
Every seat claims every order in its own random order (so most claims are refused: the contended
case), through `TeamService.claim` (one round trip, one transaction, one NOTIFY when granted).
With --buys each seat also buys that many Kinguin keys from an in-process sandbox while claiming.
Prints claims per second (granted + refused, all seats, over the claim phase: the first seat
starting to claim to the last one done, process start-up excluded) and the p50 and p95 latency of
one claim call as the seats saw it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "app"), str(ROOT / "tests")]

from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig  # noqa: E402
from fulfildesk.sandbox.server import start_in_thread  # noqa: E402
from fulfildesk.store import team as team_store  # noqa: E402
from helpers.pg import PgCluster  # noqa: E402

WORKER = ROOT / "tests" / "team" / "seat_worker.py"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(dsn: str, seats: int, orders: int, buys: int, kinguin_url: str, tmp: Path) -> dict:
    async def fresh() -> None:
        conn = await team_store.connect(dsn)
        await team_store.migrate(conn)
        await conn.execute(
            "TRUNCATE claims, order_done, order_events, operations, key_holdings, seats"
        )
        await conn.close()

    asyncio.run(fresh())
    ids = [f"B-{seats}-{i:05d}" for i in range(orders)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "app"), str(ROOT / "tests")])}
    procs, outs = [], []
    for i in range(seats):
        out = tmp / f"bench-{seats}-{i}.json"
        config = {
            "dsn": dsn,
            "data_dir": str(tmp / f"bench-{seats}-{i}"),
            "name": f"b{seats}-{i}",
            "orders": ids,
            "claim_only": True,
            "buys": buys,
            "lost": 0,
            "kinguin_url": kinguin_url,
            "token": DEFAULT_TOKEN,
            "out": str(out),
        }
        path = tmp / f"bench-{seats}-{i}.config.json"
        path.write_text(json.dumps(config))
        procs.append(subprocess.Popen([sys.executable, str(WORKER), str(path)], env=env))
        outs.append(out)
    started = time.perf_counter()
    for proc in procs:
        if proc.wait(timeout=1800) != 0:
            raise SystemExit(f"a seat failed ({proc.returncode})")
    total = time.perf_counter() - started
    results = [json.loads(o.read_text()) for o in outs]
    # the claim phase: first seat starting to claim -> last seat done (process start excluded)
    wall = max(r["claim_ended"] for r in results) - min(r["claim_started"] for r in results)
    latencies = [x for r in results for x in r["claim_latencies"]]
    granted = sum(len(r["claims"]) for r in results)
    bought = sum(1 for r in results for op in r["operations"] if op["state"] == "completed")
    assert granted == orders, (granted, orders)  # every order claimed exactly once
    return {
        "seats": seats,
        "claims": len(latencies),
        "granted": granted,
        "wall_s": wall,
        "claims_per_s": len(latencies) / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "purchases": bought,
        "total_s": total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seats", type=int, nargs="+", default=[2, 8, 32])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--buys", type=int, default=0)
    parser.add_argument("--dsn")
    args = parser.parse_args()
    cluster = None if args.dsn else PgCluster.create()
    dsn = args.dsn or (cluster.create_database("team_bench") if cluster else "")
    sandbox = start_in_thread(SandboxConfig(kinguin_step=0.05, kinguin_balance="100000.00"))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            print("seats  claims  granted  wall s  claims/s  p50 ms  p95 ms  purchases")
            for seats in args.seats:
                r = run(dsn, seats, args.orders, args.buys, sandbox.base_url("kinguin"), Path(tmp))
                print(
                    f"{r['seats']:>5}  {r['claims']:>6}  {r['granted']:>7}  {r['wall_s']:>6.1f}"
                    f"  {r['claims_per_s']:>8.0f}  {r['p50_ms']:>6.2f}  {r['p95_ms']:>6.2f}"
                    f"  {r['purchases']:>9}",
                    flush=True,
                )
    finally:
        sandbox.stop()
        if cluster is not None:
            cluster.destroy()


if __name__ == "__main__":
    main()
