"""Fulfilment Desk benchmarks, measured where a user waits; each figure beside its target.

1. window: the real MainWindow (offscreen) over N cached orders, driven through its widgets:
   filter change -> first painted page, typed character -> first painted page, header sort,
   scrollbar jump -> real rows painted, and the GUI event loop's lateness (a 5 ms QTimer probe)
   during each; the count's arrival and the anchors' build time for information; memory after
   all of it.
2. start-up: the whole app process (the real `ui.app.run_gui`) to its first painted page of
   orders, against a bare PySide6 window process importing the same third-party libraries.
3. sync: the app's SyncService (inside a qasync loop, with the lateness probe) against a plain
   aiohttp loop fetching the same pages at the same concurrency and writing the same rows with a
   raw executemany; the Kinguin sandbox runs in a separate process.

No figure here is asserted by the test suite. Caches are built once per size and reused
(--cache-root), since building a million orders takes minutes on two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

HERE = Path(__file__).resolve()
RESULTS: list[tuple[str, str, str, str]] = []


def report(name: str, value: str, target: str, verdict: bool | None) -> None:
    mark = "" if verdict is None else ("meets target" if verdict else "MISSES target")
    RESULTS.append((name, value, target, mark))
    print(f"{name:<60} {value:>16}   vs {target:<34} {mark}", flush=True)


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


# --------------------------------------------------------------------------- building a cache

NAMES = [
    "Anno",
    "Hades",
    "Celeste",
    "Cyberpunk 2077",
    "Team Hoodie",
    "Zalando eGift Card",
    "Stardew Valley",
    "Art Poster",
    "Hollow Knight",
    "Loot crate",
]


def build_cache(path: Path, count: int, seed: int = 1) -> None:
    """A cache of `count` orders through the real schema (indexes, FTS triggers), fast:
    rows are generated as tuples and written with the store's own upsert statement."""
    from fulfildesk.domain.models import Provider
    from fulfildesk.store.db import _UPSERT_SQL, Store
    from fulfildesk.store.vault import Vault

    store = Store(path, Vault.generate())
    conn = store.db.conn
    rng = random.Random(seed)
    start = 1672531200  # 2023-01-01
    providers = [p.value for p in Provider]
    statuses = ["completed"] * 8 + ["failed", "processing", "refunded", "shipped"]
    places = [None, "North Warehouse", "Madrid Flagship Store"]
    synced = "2026-01-01T00:00:00Z"
    done = 0
    while done < count:
        rows = []
        for i in range(done, min(count, done + 20_000)):
            provider = rng.choice(providers)
            created = time.strftime(
                "%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + rng.randint(0, 3 * 365 * 86400))
            )
            rows.append(
                (
                    provider,
                    f"{provider[:2]}{i:08d}",
                    rng.choice(statuses),
                    "x",
                    created,
                    None,
                    f"player-{rng.randint(1, 50000)}",
                    f"user{rng.randint(1, 50000)}@example.com",
                    rng.choice(places),
                    f"{rng.randint(1, 3)} × {rng.choice(NAMES)}",
                    f"{rng.randint(100, 9000) / 100:.2f}",
                    "EUR",
                    None,
                    f"PROV-REF-{i:07d}",
                    None,
                    json.dumps({"i": i}),
                    synced,
                )
            )
        with conn:
            conn.executemany(_UPSERT_SQL, rows)
        done += len(rows)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def cache_for(root: Path, count: int) -> Path:
    """<root>/<count>/home/cache.sqlite, built if missing."""
    home = root / str(count) / "home"
    cache = home / "cache.sqlite"
    marker = home / "built"
    if not marker.exists():
        home.mkdir(parents=True, exist_ok=True)
        for stale in home.glob("cache.sqlite*"):
            stale.unlink()
        started = time.perf_counter()
        build_cache(cache, count)
        marker.write_text(str(count))
        print(f"(built a cache of {count:,} orders in {time.perf_counter() - started:.0f} s)")
    return cache


# --------------------------------------------------------------------------- the window (child)


def window_child(home: Path, jumps: int) -> dict[str, Any]:
    """Runs in its own process: the real window over the cache in `home`, driven by widgets."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from fulfildesk.config import Settings
    from fulfildesk.context import AppContext
    from fulfildesk.domain.models import Provider
    from fulfildesk.ui.main_window import MainWindow
    from fulfildesk.ui.models.orders import BLOCK, Columns

    _app = QApplication.instance() or QApplication([])  # kept alive for the whole run
    settings = Settings(data_dir=home)
    for provider in Provider:  # configured (clients built) but never called
        entry = settings.provider(provider)
        entry.url, entry.token = "http://127.0.0.1:9/" + provider.value, "bench-token"
    ctx = AppContext.open(settings)
    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    from fulfildesk.ui.app import settle_after_startup

    settle_after_startup()  # what ui.app does once the window is up (gc.collect + gc.freeze)
    view = window.orders
    table = view.table
    model = view.model

    # the lateness probe: a 5 ms timer; how late each tick fires
    ticks: list[tuple[float, float]] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(5)
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        ticks.append((now, max(0.0, (now - last[0]) * 1000 - 5)))
        last[0] = now

    probe.timeout.connect(tick)

    class PaintWatch(QObject):
        """Quits the waiting loop after the first paint that satisfies `want`."""

        def __init__(self) -> None:
            super().__init__()
            self.want: Any = None
            self.loop: QEventLoop | None = None
            self.done_at: float | None = None

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and self.want is not None and self.want():
                self.want = None
                QTimer.singleShot(0, self._painted)  # after this paint has been drawn
            return False

        def _painted(self) -> None:
            self.done_at = time.perf_counter()
            if self.loop is not None:
                self.loop.quit()

    watch = PaintWatch()
    table.viewport().installEventFilter(watch)

    def wait_paint(want: Any, timeout_ms: int = 30000) -> float | None:
        watch.want, watch.done_at = want, None
        table.viewport().update()
        loop = QEventLoop()
        watch.loop = loop
        QTimer.singleShot(timeout_ms, loop.quit)
        if watch.want is not None:
            loop.exec()
        watch.loop = None
        return watch.done_at

    def wait_until(cond: Any, timeout_ms: int = 60000) -> float | None:
        loop = QEventLoop()
        checker = QTimer()
        checker.setInterval(2)
        checker.timeout.connect(lambda: cond() and loop.quit())
        QTimer.singleShot(timeout_ms, loop.quit)
        checker.start()
        if not cond():
            loop.exec()
        checker.stop()
        return time.perf_counter() if cond() else None

    def visible_rows_read() -> bool:
        if model.rowCount() == 0:
            return model.count_known
        top = max(table.rowAt(0), 0)
        bottom = table.rowAt(table.viewport().height() - 1)
        bottom = model.rowCount() - 1 if bottom < 0 else bottom
        return all(b in model._blocks for b in range(top // BLOCK, bottom // BLOCK + 1))

    def first_page_painted(generation_before: int) -> Any:
        return lambda: model.generation > generation_before and visible_rows_read()

    def lateness(since: float, until: float) -> list[float]:
        return [late for at, late in ticks if since <= at <= until]

    out: dict[str, Any] = {"rows": 0}
    probe.start()
    started = time.perf_counter()
    wait_until(lambda: model.count_known)
    wait_until(lambda: len(model._anchors) >= -(-model.rowCount() // BLOCK), 120000)
    out["rows"] = model.rowCount()
    out["initial_count_ms"] = (time.perf_counter() - started) * 1000

    def series(name: str, actions: list[Any]) -> None:
        """Each action changes the view through a widget; time to the first painted page."""
        firsts, counts, late = [], [], []
        for act in actions:
            wait_until(lambda: model.count_known)
            before = model.generation
            t0 = time.perf_counter()
            act()
            painted = wait_paint(first_page_painted(before))
            counted = wait_until(lambda: model.count_known and model.generation > before)
            end = time.perf_counter()
            if painted is not None:
                firsts.append((painted - t0) * 1000)
            if counted is not None:
                counts.append((counted - t0) * 1000)
            late += lateness(t0, end)
        out[name] = {"first": firsts, "count": counts, "late": late}

    status = view.status_filter
    provider = view.provider_filter
    choices = [
        lambda: status.setCurrentIndex(status.findData("completed")),
        lambda: status.setCurrentIndex(status.findData("failed")),
        lambda: status.setCurrentIndex(0),
        lambda: provider.setCurrentIndex(provider.findData("kinguin")),
        lambda: provider.setCurrentIndex(0),
    ]
    series("filter", choices * 3)

    def typing(text: str) -> list[Any]:
        # each typed character (the first replaces what the previous word left)
        acts: list[Any] = [lambda: view.search.setText(text[0])]
        acts += [lambda ch=ch: QTest.keyClick(view.search, ch) for ch in text[1:]]
        return acts

    series("type", typing("hades") + typing("user123") + typing("madrid"))
    view.search.clear()
    wait_until(lambda: model.count_known and not model.order_filter.search)

    header = table.horizontalHeader()
    series(
        "sort",
        [
            lambda: header.setSortIndicator(Columns.TOTAL, Qt.SortOrder.AscendingOrder),
            lambda: header.setSortIndicator(Columns.TOTAL, Qt.SortOrder.DescendingOrder),
            lambda: header.setSortIndicator(Columns.STATUS, Qt.SortOrder.AscendingOrder),
            lambda: header.setSortIndicator(Columns.CREATED, Qt.SortOrder.DescendingOrder),
        ],
    )
    table.sortByColumn(Columns.CREATED, Qt.SortOrder.DescendingOrder)
    wait_until(lambda: model.count_known)

    # jumps: anchors are built in the background after the count
    t0 = time.perf_counter()
    blocks = -(-model.rowCount() // BLOCK)
    built = wait_until(lambda: len(model._anchors) >= blocks, 120000)
    out["anchors_ms"] = ((built or time.perf_counter()) - t0) * 1000
    bar = table.verticalScrollBar()
    rng = random.Random(4)
    jumps_ms, late = [], []
    for _ in range(jumps):
        wait_until(lambda: True)
        t0 = time.perf_counter()
        bar.setValue(rng.randint(0, bar.maximum()))
        painted = wait_paint(visible_rows_read)
        if painted is not None:
            jumps_ms.append((painted - t0) * 1000)
        late += lateness(t0, time.perf_counter())
    out["jump"] = {"first": jumps_ms, "count": [], "late": late}
    # the machine's own noise: the probe while the window does nothing, to read the figures
    # above against. Measured last: on this VM, after 3 s of idling the next interaction ran
    # ~30 ms late (kdamond's proactive reclaim of an idle process's pages; with no idle before
    # it, 3-4 ms), which would have been charged to the first filter change
    idle_from = time.perf_counter()
    wait_until(lambda: time.perf_counter() - idle_from > 3, 5000)
    out["idle"] = {"first": [], "count": [], "late": lateness(idle_from, time.perf_counter())}
    probe.stop()
    with open("/proc/self/status") as status_file:
        fields = dict(line.split(":", 1) for line in status_file)
    out["rss_mb"] = int(fields["VmRSS"].split()[0]) / 1024
    out["hwm_mb"] = int(fields["VmHWM"].split()[0]) / 1024
    model.close()
    return out


def bench_window(cache: Path, count: int, jumps: int) -> None:
    proc = subprocess.run(
        [sys.executable, str(HERE), "--window-child", str(cache.parent), "--jumps", str(jumps)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        print(proc.stdout[-2000:], proc.stderr[-4000:])
        raise RuntimeError("the window benchmark failed")
    out = json.loads(lines[-1])
    n = f"{out['rows']:,}"
    p99, worst = pct(out["idle"]["late"], 0.99), max(out["idle"]["late"] or [0.0])
    report(
        "(baseline) GUI lateness, window idle for 3 s, p99 / max",
        f"{p99:.1f} / {worst:.1f} ms",
        "(the machine's noise; information)",
        None,
    )
    # issue 15 sets the first-page targets of filter changes and typed characters at 1,000,000
    # orders and the jump's at 1,000,000 (40 ms) and 5,000,000 (60 ms); above 1,000,000 the
    # first two are printed for the scaling table, beside the 1M target they do not answer to
    at_most_1m = count <= 1_000_000
    labels = {
        "filter": ("filter change -> first painted page", 50.0 if at_most_1m else None),
        "type": ("typed character -> first painted page", 50.0 if at_most_1m else None),
        "sort": ("header sort -> first painted page", None),
        "jump": ("scrollbar jump -> real rows painted", 40.0 if at_most_1m else 60.0),
    }
    for key, (label, target) in labels.items():
        data = out[key]
        p50, p95 = pct(data["first"], 0.5), pct(data["first"], 0.95)
        if target:
            against = f"target <= {target:.0f} ms (p50 {p50:.1f})"
        elif key in ("filter", "type"):
            against = f"(p50 {p50:.1f}; the 50 ms target is at 1M)"
        else:
            against = f"(p50 {p50:.1f} ms)"
        report(
            f"{label}, p95 ({n} orders)",
            f"{p95:.1f} ms",
            against,
            (p95 <= target) if target else None,
        )
        if data["count"]:
            report(
                "  count arrives (reader thread), p50 / max",
                f"{pct(data['count'], 0.5):.0f} / {max(data['count']):.0f} ms",
                "(information: never blocks the window)",
                None,
            )
        p99, worst = pct(data["late"], 0.99), max(data["late"] or [0.0])
        report(
            "  GUI event-loop lateness during it, p99 / max",
            f"{p99:.1f} / {worst:.1f} ms",
            "target <= 16 / <= 50 ms",
            p99 <= 16 and worst <= 50,
        )
    report(
        "keyset anchors built in the background (all rows)",
        f"{out['anchors_ms']:.0f} ms",
        "(information)",
        None,
    )
    target = 150 if count <= 1_000_000 else 200
    report(
        "memory after filtering, searching, sorting, jumping",
        f"{out['hwm_mb']:.0f} MB peak",
        f"target <= {target} MB (now {out['rss_mb']:.0f} MB)",
        out["hwm_mb"] <= target,
    )


# --------------------------------------------------------------------------- start-up

START_SCRIPT = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
import httpx, pydantic, sqlite_utils, qasync, cryptography, platformdirs, keyring
mode, home = sys.argv[1], sys.argv[2]
app = QApplication([])
state = {}
def ready(obj):  # the paint of a table viewport whose model shows its first rows
    view = obj.parent()
    if not isinstance(view, QTableView) or view.viewport() is not obj:
        return False
    model = view.model()
    return mode == "bare" or (model is not None and 0 in getattr(model, "_blocks", {}))
class Watch(QObject):  # the same application-wide filter in both modes
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "t" not in state and ready(obj):
            state["t"] = 1
            print("painted", flush=True)
            os._exit(0)
        return False
watch = Watch(); app.installEventFilter(watch)
if mode == "bare":
    window = QMainWindow(); table = QTableView(); window.setCentralWidget(table)
    window.resize(1280, 800); window.show()
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
else:  # the real entry (ui.app.run_gui: single-instance claim, logging, store, qasync loop,
    # window), with every provider configured, as `fulfildesk gui` runs it
    from pathlib import Path
    from fulfildesk.config import Settings
    from fulfildesk.domain.enums import Provider
    from fulfildesk.ui.app import run_gui
    settings = Settings(data_dir=Path(home))
    for provider in Provider:
        entry = settings.provider(provider)
        entry.url, entry.token = "http://127.0.0.1:9/" + provider.value, "bench-token"
    run_gui(settings, log_level="WARNING")
"""


def bench_startup(cache: Path, count: int, runs: int = 5) -> None:
    results: dict[str, list[float]] = {"bare": [], "app": []}
    cpu: dict[str, list[float]] = {"bare": [], "app": []}
    # as installed (pip and PyInstaller ship compiled bytecode): with bytecode caches, kept out
    # of the checkout, and one untimed start of each first to write them
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache.parent.parent.parent / "pycache")
    for run in range(runs + 1):
        for mode in ("bare", "app"):
            started = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-c", START_SCRIPT, mode, str(cache.parent)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            assert proc.stdout is not None
            line = proc.stdout.readline()
            elapsed = (time.perf_counter() - started) * 1000
            # the child's CPU time to its first paint (it exits there): what a busy machine
            # disturbs least
            _pid, _status, usage = os.wait4(proc.pid, 0)
            proc.returncode = 0
            if line.strip() != "painted":
                print(proc.stderr.read() if proc.stderr else "")
                raise RuntimeError(f"start-up ({mode}) did not paint")
            if run:  # the first start of each only wrote the bytecode caches
                results[mode].append(elapsed)
                cpu[mode].append((usage.ru_utime + usage.ru_stime) * 1000)
    bare, ours = statistics.median(results["bare"]), statistics.median(results["app"])
    bare_cpu, ours_cpu = statistics.median(cpu["bare"]), statistics.median(cpu["app"])
    report(
        f"process start to first painted page, {count:,} cached orders",
        f"{ours:.0f} ms",
        f"bare window {bare:.0f} ms",
        ours <= 1.3 * bare,
    )
    report(
        "  ratio to the bare window (median of runs)",
        f"{ours / bare:.2f}x",
        "target <= 1.3x",
        ours <= 1.3 * bare,
    )
    report(
        "  CPU time to the first paint, ours / bare (median)",
        f"{ours_cpu:.0f} / {bare_cpu:.0f} ms",
        f"{ours_cpu / bare_cpu:.2f}x (information: less load-sensitive)",
        None,
    )


# --------------------------------------------------------------------------- sync

SANDBOX_SCRIPT = r"""
import random, sys
from datetime import UTC, datetime
from pathlib import Path
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.scale import _kinguin
from fulfildesk.sandbox.server import start_in_thread
count, data = int(sys.argv[1]), Path(sys.argv[2])
running = start_in_thread(SandboxConfig(data_dir=data, demo_history=False))
conn = running.sandbox.db.conn
_kinguin(conn, random.Random(3), datetime.now(UTC), count)
conn.execute("UPDATE k_orders SET status = 'completed' WHERE status = 'error'")
conn.commit()
print(running.base_url("kinguin"), flush=True)
sys.stdin.read()
running.stop()
"""

TOKEN = "sandbox-token"


async def plain_loop(base: str, pages: int, concurrency: int, db_path: Path) -> float:
    """aiohttp, json.loads, the same rows, raw executemany (5,000 rows per commit)."""
    import aiohttp

    from fulfildesk.store.db import _UPSERT_SQL, Store
    from fulfildesk.store.vault import Vault

    store = Store(db_path, Vault.generate())
    conn = store.db.conn
    synced = "2026-01-01T00:00:00Z"
    pending: list[tuple[Any, ...]] = []
    gate = asyncio.Semaphore(concurrency)
    started = time.perf_counter()
    total = 0
    async with aiohttp.ClientSession(headers={"api-ecommerce-auth": TOKEN}) as session:

        async def one(page: int) -> None:
            nonlocal total
            params = {"page": page, "limit": 100, "sortBy": "createdAt", "sortType": "asc"}
            async with gate, session.get(f"{base}/v1/order", params=params) as response:
                data = json.loads(await response.read())
            for o in data["results"]:
                products = ", ".join(f"{p['qty']} × {p['name']}" for p in o["products"])
                pending.append(
                    (
                        "kinguin",
                        str(o["orderId"]),
                        o["status"],
                        o["status"],
                        o["createdAt"],
                        None,
                        None,
                        None,
                        None,
                        products,
                        str(o["totalPrice"]),
                        "EUR",
                        None,
                        o.get("orderExternalId"),
                        str((o.get("dispatch") or {}).get("dispatchId") or "") or None,
                        json.dumps(o),
                        synced,
                    )
                )
            total += len(data["results"])
            if len(pending) >= 5000:
                with conn:
                    conn.executemany(_UPSERT_SQL, pending)
                pending.clear()

        await asyncio.gather(*(one(p) for p in range(1, pages + 1)))
    with conn:
        conn.executemany(_UPSERT_SQL, pending)
    rate = total / (time.perf_counter() - started)
    store.close()
    return rate


def bench_sync(tmp: Path, count: int) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from fulfildesk.providers.kinguin import KinguinClient
    from fulfildesk.services.sync import SyncService
    from fulfildesk.store.db import AsyncStore, Store
    from fulfildesk.store.vault import Vault
    from fulfildesk.ui.app import settle_after_startup
    from fulfildesk.ui.asyncglue import new_event_loop

    sandbox_dir = tmp / f"sandbox-{count}"
    sandbox_dir.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-c", SANDBOX_SCRIPT, str(count), str(sandbox_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        base = server.stdout.readline().strip()
        concurrency = SyncService.__init__.__kwdefaults__["concurrency"]
        pages = -(-count // 100)
        for stale in tmp.glob("sync-*.sqlite*"):
            stale.unlink()
        plain = asyncio.run(plain_loop(base, pages, concurrency, tmp / "sync-plain.sqlite"))

        app = QApplication.instance() or QApplication([])
        lateness: list[float] = []
        probe = QTimer()
        probe.setTimerType(Qt.TimerType.PreciseTimer)
        probe.setInterval(5)
        last = [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            lateness.append(max(0.0, (now - last[0]) * 1000 - 5))
            last[0] = now

        probe.timeout.connect(tick)
        settle_after_startup()

        async def ours() -> float:
            store = AsyncStore(Store(tmp / "sync-ours.sqlite", Vault.generate()))
            client = KinguinClient(base, TOKEN)
            service = SyncService(store, kinguin=client, concurrency=concurrency)
            last[0] = time.perf_counter()
            probe.start()
            started = time.perf_counter()
            reports = await service.run(full=True)
            rate = reports["kinguin"].orders / (time.perf_counter() - started)
            probe.stop()
            await client.aclose()
            store.close()
            return rate

        with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
            rate = runner.run(ours())
    finally:
        server.communicate("", timeout=30)
    report(
        f"full sync of {count:,} Kinguin orders (sandbox in its own process)",
        f"{rate:,.0f} orders/s",
        f"plain aiohttp loop {plain:,.0f} orders/s",
        rate >= 0.7 * plain,
    )
    report(
        f"  ratio to the plain loop (both at concurrency {concurrency})",
        f"{rate / plain:.2f}x",
        "target >= 0.70x (stretch 10,000/s)",
        rate >= 0.7 * plain,
    )
    p99, worst = pct(lateness, 0.99), max(lateness or [0.0])
    report(
        "  GUI event-loop lateness during the sync, p99 / max",
        f"{p99:.1f} / {worst:.1f} ms",
        "target <= 10 / <= 50 ms",
        p99 <= 10 and worst <= 50,
    )


# --------------------------------------------------------------------------- main


def bench_sizes(cache: Path, count: int) -> None:
    size = sum(f.stat().st_size for f in cache.parent.glob("cache.sqlite*"))
    report(
        f"cache file size, {count:,} orders",
        f"{size / 1e6:,.0f} MB",
        f"{size / count:,.0f} bytes per order",
        None,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="cached orders")
    parser.add_argument("--sync-orders", type=int, default=50_000, help="orders to sync")
    parser.add_argument("--jumps", type=int, default=40, help="scrollbar jumps to time")
    parser.add_argument(
        "--cache-root",
        type=Path,
        default=Path(os.environ.get("TMPDIR", "/tmp")) / "fulfildesk-bench",
        help="where caches are built once and reused",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        help="skip a section: window, startup, sync, size",
    )
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--window-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.window_child:
        print(json.dumps(window_child(args.window_child, args.jumps)), flush=True)
        return 0
    load = os.getloadavg()
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        flush=True,
    )
    cache = cache_for(args.cache_root, args.rows)
    if args.build_only:
        return 0
    if "size" not in args.skip:
        bench_sizes(cache, args.rows)
    if "window" not in args.skip:
        bench_window(cache, args.rows, args.jumps)
    if "startup" not in args.skip:
        bench_startup(cache, args.rows)
    if "sync" not in args.skip:
        bench_sync(args.cache_root, args.sync_orders)
    load = os.getloadavg()
    print(f"(load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
