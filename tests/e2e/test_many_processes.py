"""Several real processes on one fresh data directory against one sandbox, all at once: Plum and
Kinguin buyers, reconcilers and a syncer. Nothing is bought twice, no provider order belongs to
two journal entries, no order is left without its entry, and opening the fresh data directory
concurrently never fails ("table already exists", "database is locked")."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

TOKEN = "e2e-token"
pytestmark = pytest.mark.slow

#: FULFILDESK_E2E_SCALE=N runs N times as many purchases, reconciles and syncs per process
SCALE = int(os.environ.get("FULFILDESK_E2E_SCALE", "1"))
PLUM_BUYERS, PLUM_EACH = 3, 3 * SCALE
KINGUIN_BUYERS, KINGUIN_EACH = 3, 2 * SCALE
RECONCILERS, RECONCILE_EACH = 2, 6 * SCALE
SYNC_EACH = 3 * SCALE


def fulfildesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "fulfildesk", *args]


def loop(times: int, *args: str) -> list[str]:
    """One process that runs the CLI `times` times, one after the other (each run is a new
    process on the same data directory)."""
    script = (
        "import subprocess, sys\n"
        f"codes = [subprocess.call({fulfildesk(*args)!r}) for _ in range({times})]\n"
        "print(' '.join(map(str, codes)))\n"
    )
    return [sys.executable, "-c", script]


def query(path: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.timeout(900)
def test_buyers_reconcilers_and_a_syncer_at_once(tmp_path: Path) -> None:
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
            "0.4",
            "--kinguin-step",
            "0.3",
            "--kinguin-place-delay",
            "0.4",
            "--no-demo-history",
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: list[tuple[str, subprocess.Popen[str]]] = []
    try:
        assert server.stdout is not None
        url = re.search(r"(http://127\.0\.0\.1:\d+)", server.stdout.readline()).group(1)  # type: ignore[union-attr]
        env = {
            **os.environ,
            "FULFILDESK_KINGUIN_URL": f"{url}/kinguin",
            "FULFILDESK_KINGUIN_TOKEN": TOKEN,
            "FULFILDESK_PLUM_URL": f"{url}/plum",
            "FULFILDESK_PLUM_TOKEN": TOKEN,
            "FULFILDESK_HOME": str(home),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "FULFILDESK_SECRET_KEY_DIR": str(tmp_path / "keys"),
        }
        plan = (
            [
                (
                    "plum",
                    loop(
                        PLUM_EACH,
                        "buy-vouchers",
                        "--product",
                        "15365",
                        "--denomination",
                        "20",
                        "--contact",
                        "+1-5234567890",
                    ),
                )
            ]
            * PLUM_BUYERS
            + [
                (
                    "kinguin",
                    loop(KINGUIN_EACH, "buy-keys", "--product", "5", "--max-price", "3.59"),
                )
            ]
            * KINGUIN_BUYERS
            + [("reconcile", loop(RECONCILE_EACH, "reconcile"))] * RECONCILERS
            + [("sync", loop(SYNC_EACH, "sync"))]
        )
        # all at once, on a data directory that does not exist yet
        for name, argv in plan:
            proc = subprocess.Popen(
                argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            workers.append((name, proc))
        results = []
        for name, proc in workers:
            out, err = proc.communicate(timeout=600)
            results.append((name, out, err))
        for name, out, err in results:
            for bad in ("Traceback", "table already exists", "database is locked"):
                assert bad not in err, f"{name}: {err[-3000:]}"
        for name, out, _ in results:
            if name in ("plum", "kinguin"):  # every purchase completed in its own run
                assert set(out.strip().splitlines()[-1].split()) == {"0"}, (name, out[-2000:])
        # anything a run left half-way (a lease that was not released, say) settles now
        final = subprocess.run(
            fulfildesk("reconcile"), env=env, capture_output=True, text=True, timeout=300
        )
        assert final.returncode == 0, final.stderr

        journal = home / "journal.sqlite"
        states = Counter(
            f"{p}:{s}" for p, s in query(journal, "SELECT provider, state FROM journal")
        )
        wanted = PLUM_BUYERS * PLUM_EACH + KINGUIN_BUYERS * KINGUIN_EACH
        assert sum(states.values()) == wanted, states
        assert states["plum:completed"] == PLUM_BUYERS * PLUM_EACH, states
        assert states["kinguin:completed"] == KINGUIN_BUYERS * KINGUIN_EACH, states
        # 0 double-owned: no provider order belongs to two entries
        double = query(
            journal,
            "SELECT provider, provider_order_id, count(*) FROM journal WHERE provider_order_id "
            "IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1",
        )
        assert double == []
        sandbox_db = sandbox_dir / "sandbox.sqlite"
        # 0 duplicates and 0 orphans: the provider's orders are exactly the journal's
        plum_orders = {str(r[0]) for r in query(sandbox_db, "SELECT order_id FROM p_orders")}
        kinguin_orders = {str(r[0]) for r in query(sandbox_db, "SELECT order_id FROM k_orders")}
        owned = {
            p: {
                r[0]
                for r in query(
                    journal, f"SELECT provider_order_id FROM journal WHERE provider = '{p}'"
                )
            }
            for p in ("plum", "kinguin")
        }
        assert plum_orders == owned["plum"]
        assert kinguin_orders == owned["kinguin"]
        keys = query(journal, "SELECT count(*) FROM keys")[0][0]
        vouchers = query(journal, "SELECT count(*) FROM vouchers")[0][0]
        assert keys == KINGUIN_BUYERS * KINGUIN_EACH
        assert vouchers == PLUM_BUYERS * PLUM_EACH
        # how often a reconcile met a purchase in flight in another process and left it alone
        skipped = sum(out.count("another window or process") for _, out, _ in results)
        codes = [(n, out.strip().splitlines()[-1]) for n, out, _ in results]
        print(
            f"processes={len(workers)} runs="
            f"{PLUM_BUYERS * PLUM_EACH + KINGUIN_BUYERS * KINGUIN_EACH + RECONCILERS * RECONCILE_EACH + SYNC_EACH} "  # noqa: E501
            f"journal={dict(states)} plum_orders={len(plum_orders)} "
            f"kinguin_orders={len(kinguin_orders)} keys={keys} vouchers={vouchers} "
            f"double_owned={len(double)} in_flight_left_alone={skipped} exit_codes={codes}"
        )
    finally:
        for _, proc in workers:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        for stream in (server.stdout, server.stderr):
            if stream:
                stream.close()
