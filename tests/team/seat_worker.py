"""One seat, as its own process, for the team race test and the team benchmark.

    python tests/team/seat_worker.py CONFIG.json

CONFIG: dsn, data_dir, name, orders (shared order ids to claim and ship), buys (purchases of
one key), lost (how many of those lose Kinguin's answer), kinguin_url, token, out (result file),
claim_only (benchmark: claims only, with latencies). Every step that meets the team offline waits
for it to come back and tries again; at the end the seat resumes its journal and flushes.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from fulfildesk.domain.models import KeyLine
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.kinguin import KinguinClient
from fulfildesk.services.keys import KeyPurchaseService
from fulfildesk.services.team import ClaimRefused, Seat, TeamOffline, TeamService
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault

ANNO = KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"), name="Anno")


async def until_online(team: TeamService) -> None:
    while not await team.wait_online(60):
        pass


async def run(config: dict[str, Any]) -> dict[str, Any]:
    data_dir = Path(config["data_dir"])
    data_dir.mkdir(parents=True, exist_ok=True)
    store = AsyncStore(Store(data_dir / "cache.sqlite", Vault.generate()))
    seat = Seat(f"seat-{config['name']}", config["name"])
    team = TeamService(config["dsn"], seat, store, retry=0.2, heartbeat=2.0)
    await team.start()
    await until_online(team)
    result: dict[str, Any] = {"seat": seat.seat_id, "claims": [], "shipped": [], "refused": 0}
    result["offline_refusals"] = 0
    latencies: list[float] = []
    services: list[KeyPurchaseService] = []

    async def ship(order_id: str) -> None:
        while True:
            try:
                if await team.ship("powerplugin", order_id):
                    result["shipped"].append(order_id)
                return
            except TeamOffline:
                result["offline_refusals"] += 1
                await until_online(team)

    async def claims() -> None:
        orders = list(config.get("orders", []))
        random.Random(config["name"]).shuffle(orders)
        result["claim_started"] = time.time()
        for order_id in orders:
            while True:
                try:
                    started = time.perf_counter()
                    await team.claim("powerplugin", order_id, ttl=600)
                    latencies.append(time.perf_counter() - started)
                    if order_id not in result["claims"]:  # a retry renews this seat's claim
                        result["claims"].append(order_id)
                    if not config.get("claim_only"):
                        await ship(order_id)
                    break
                except ClaimRefused:
                    latencies.append(time.perf_counter() - started)
                    result["refused"] += 1
                    break
                except TeamOffline:
                    result["offline_refusals"] += 1
                    await until_online(team)
        result["claim_latencies"] = latencies
        result["claim_ended"] = time.time()

    async def buys() -> None:
        if config.get("buys"):
            url, token = config["kinguin_url"], config["token"]
            normal = KeyPurchaseService(
                KinguinClient(url, token, policy=HttpPolicy(placement_read_timeout=10)),
                store,
                poll_interval=0.05,
                reconcile_attempts=2,
                ready_timeout=20,
            )
            # a client that gives up before Kinguin answers: the outcome is unknown, reconciled
            lossy = KeyPurchaseService(
                KinguinClient(
                    url, token, policy=HttpPolicy(placement_read_timeout=0.2, max_attempts=1)
                ),
                store,
                poll_interval=0.05,
                reconcile_attempts=2,
                ready_timeout=20,
            )
            services.extend([normal, lossy])
            team.share(services)
            for i in range(config["buys"]):
                svc = lossy if i < config.get("lost", 0) else normal
                while True:
                    try:
                        await svc.buy([ANNO])
                        break
                    except TeamOffline:
                        result["offline_refusals"] += 1
                        await until_online(team)
            # reconcile whatever stopped (team offline mid-way, interrupted steps)
            for _ in range(20):
                await until_online(team)
                pending = await store.run(
                    Store.journal_list,
                    [OpState.INTENT, OpState.SENDING, OpState.PLACED, OpState.DISPATCHED],
                    None,
                )
                if not pending:
                    break
                for op in pending:
                    await normal.drive(op.operation_id)
                await asyncio.sleep(0.2)

    await asyncio.gather(claims(), buys())
    await until_online(team)
    await team.flush()
    ops = await store.run(Store.journal_list, None, None)
    result["operations"] = []
    for op in ops:
        keys = []
        if op.provider_order_id:
            keys = await store.run(Store.keys_for_order, op.provider, op.provider_order_id)
        result["operations"].append(
            {
                "operation_id": op.operation_id,
                "state": op.state.value,
                "provider_order_id": op.provider_order_id,
                "keys": [k.serial for k in keys],
            }
        )
    for svc in services:
        await svc.client.aclose()
    await team.aclose()
    store.close()
    return result


def main() -> None:
    config = json.loads(Path(sys.argv[1]).read_text())
    result = asyncio.run(run(config))
    Path(config["out"]).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
