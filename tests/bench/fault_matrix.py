"""The fault matrix, large: hundreds of purchases over the purchasing providers (Kinguin in both
API generations, Plum, inventory, the warehouse), every sandbox fault on every purchase endpoint
at random, buyer processes killed with SIGKILL at random
moments, then `fulfildesk reconcile`, then each provider's state against the journal.

    PYTHONPATH=app .venv/bin/python tests/bench/fault_matrix.py            # ~300 purchases
    PYTHONPATH=app .venv/bin/python tests/bench/fault_matrix.py --per-provider 30 --seed 7
    PYTHONPATH=app .venv/bin/python tests/bench/fault_matrix.py --providers kinguin,kinguin-current

Everything is a real process: the sandbox (`fulfildesk sandbox --faults SPEC --faults-seed N`),
each buyer (this script with --buyer: the real services from the real settings), reconcile (the
CLI). Prints, per provider: purchases, buyers killed, provider orders, duplicates, orphans, lost
keys/vouchers, unsettled entries (waiting or needing review), and the end states.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/, for helpers

from helpers.fault_matrix import (  # noqa: E402
    FAST,
    FAULTS,
    PURCHASING,
    Figures,
    compare,
    env_for,
    journal_provider,
    provider_orders,
    purchase,
)

TOKEN = "matrix-token"


def spec(probability: float, providers: tuple[str, ...] = PURCHASING) -> str:
    rules = []
    for provider in providers:
        target = "kinguin-v1" if provider == "kinguin" else provider  # not both generations
        for fault in FAULTS:
            if fault == "stuck-202" and provider != "inventory":
                continue
            chance = probability / 4 if fault == "stuck-202" else probability
            rules.append(f"{target}:place:{fault}:{chance:g}")
    return ",".join(rules)


def fulfildesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "fulfildesk", *args]


# --------------------------------------------------------------------------- the buyer process


def buyer(provider: str, count: int) -> int:
    from fulfildesk.config import load_settings
    from fulfildesk.context import AppContext

    async def run() -> None:
        ctx = AppContext.open(load_settings(), policy=FAST, poll_interval=0.1)
        if ctx.plum is not None:  # the sandbox's Plum limits are off: no pacing either
            ctx.plum.pacer.limits.clear()
        try:
            for n in range(count):
                state = await purchase(ctx, provider, f"{os.getpid()}-{n}-{time.time_ns()}")
                print(state, flush=True)
        finally:
            await ctx.aclose()

    asyncio.run(run())
    return 0


# --------------------------------------------------------------------------- the driver


def start_sandbox(
    folder: Path, seed: int, probability: float, providers: tuple[str, ...]
) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        fulfildesk(
            "sandbox",
            "--port",
            "0",
            "--data-dir",
            str(folder),
            "--token",
            TOKEN,
            "--kinguin-step",
            "0.1",
            "--no-demo-history",
            "--faults",
            spec(probability, providers),
            "--faults-seed",
            str(seed),
            # Plum's rate limits off (placeOrder 20 a minute): the matrix measures faults, and
            # its buyers place far more than that (docs/sandbox.md, rate limits)
            *(f"--plum-rate={name}=1000000" for name in ("placeOrder", "getOrderDetails")),
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
    if not match:
        proc.kill()
        raise SystemExit(f"the sandbox did not start: {line!r}")
    return proc, match.group(1)


def drive(provider: str, url: str, home: Path, per_provider: int, rng: random.Random) -> int:
    """Buyers until `per_provider` purchases were started; returns how many buyers were killed."""
    env = {**os.environ, **env_for(home, url, TOKEN, provider)}
    started = killed = 0
    while started < per_provider:
        batch = min(5, per_provider - started)
        proc = subprocess.Popen(
            [sys.executable, __file__, "--buyer", provider, str(batch)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        if rng.random() < 0.7:  # kill this one at a random moment
            time.sleep(rng.uniform(0.8, 4.0))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
        out, _ = proc.communicate(timeout=600)
        # a purchase counts once its intent may be in the journal (the journal is the truth)
        started += max(1, len(out.split()) + (1 if proc.returncode == -signal.SIGKILL else 0))
    return killed


def reconcile(provider: str, url: str, home: Path) -> str:
    env = {**os.environ, **env_for(home, url, TOKEN, provider)}
    last = ""
    for _ in range(3):  # a reconcile may meet faults too (re-placing is faulted like placing)
        done = subprocess.run(
            fulfildesk("reconcile"), env=env, capture_output=True, text=True, timeout=900
        )
        last = done.stdout
        if "nothing to resume" in last:
            break
    return last


def figures_for(provider: str, url: str, home: Path) -> Figures:
    from fulfildesk.config import load_settings
    from fulfildesk.store.db import Store
    from fulfildesk.store.vault import open_vault

    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    settings = load_settings(home)
    store = Store(settings.cache_path, lambda: open_vault(home), journal_path=settings.journal_path)
    try:
        ops = [op for op in store.journal_list() if op.provider == journal_provider(provider)]
        orders = asyncio.run(provider_orders(provider, url, TOKEN, ops))
        return compare(store, provider, ops, orders)
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-provider", type=int, default=75)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fault-probability", type=float, default=0.07)
    parser.add_argument("--dir", default="", help="work folder (default: a temporary one)")
    parser.add_argument(
        "--providers",
        default=",".join(PURCHASING),
        help=f"comma-separated, of {', '.join(PURCHASING)} (default: all)",
    )
    parser.add_argument("--buyer", nargs=2, metavar=("PROVIDER", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.buyer:
        return buyer(args.buyer[0], int(args.buyer[1]))
    import tempfile

    providers = tuple(p.strip() for p in args.providers.split(",") if p.strip())
    unknown = set(providers) - set(PURCHASING)
    if unknown:
        parser.error(f"unknown providers {sorted(unknown)}; use {', '.join(PURCHASING)}")
    root = Path(args.dir or tempfile.mkdtemp(prefix="fault-matrix-"))
    rng = random.Random(args.seed)
    sandbox, url = start_sandbox(root / "sandbox", args.seed, args.fault_probability, providers)
    total = Figures()
    began = time.monotonic()
    print(f"sandbox {url}, faults on every purchase endpoint, p={args.fault_probability} each")
    try:
        for provider in providers:
            home = root / provider
            killed = drive(provider, url, home, args.per_provider, rng)
            reconcile(provider, url, home)
            figures = figures_for(provider, url, home)
            total += figures
            print(f"{provider:15} {figures.line()}; {killed} buyers killed", flush=True)
            for detail in figures.details:
                print(f"    {detail}")
    finally:
        sandbox.send_signal(signal.SIGINT)
        try:
            sandbox.wait(timeout=10)
        except subprocess.TimeoutExpired:
            sandbox.kill()
    print(f"{'total':15} {total.line()}  [{time.monotonic() - began:.0f} s]")
    return 0 if total.duplicates == total.orphans == total.lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
