"""Demo mode opens on physical goods and inventory orders, not only keys and vouchers: the
console knows the demo players before the window opens (real sandbox, real cache)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fulfildesk.context import AppContext, demo_settings
from fulfildesk.demo import prepare_demo
from fulfildesk.services.shipping import queue
from fulfildesk.services.sync import service_for
from fulfildesk.store.db import Store


def test_demo_starts_with_physical_goods_and_inventory_orders(tmp_path: Path) -> None:
    settings, sandbox = demo_settings(tmp_path)
    try:
        prepare_demo(settings)

        async def look() -> tuple[dict[str, list[dict]], dict[str, int], dict[str, str]]:  # type: ignore[type-arg]
            ctx = AppContext.open(settings)
            try:
                stages = await queue(ctx.store)

                def statuses(s: Store) -> dict[str, int]:
                    return {
                        f"{p}:{st}": n
                        for p, st, n in s.db.execute(
                            "SELECT provider, provider_status, count(*) FROM orders "
                            "GROUP BY provider, provider_status"
                        )
                    }

                found = await ctx.store.run(statuses)
                # the window's first sync refreshes them: the players are known now
                reports = await service_for(ctx).run()
                return stages, found, {p: r.line() for p, r in reports.items()}
            finally:
                await ctx.aclose()

        stages, found, lines = asyncio.run(look())
    finally:
        sandbox.stop()
    # physical goods in every stage of the queue, and delivered ones in the list
    assert all(stages[stage] for stage in ("to_ship", "to_track", "to_complete")), {
        k: len(v) for k, v in stages.items()
    }
    assert found.get("powerplugin:Acquisition Completed", 0) >= 1, found
    tracked = [row for row in stages["to_complete"] if row["tracking_number"]]
    assert tracked, "shipped orders carry their tracking number"
    # inventory orders: applied, partly applied and refused
    assert found.get("inventory:success", 0) >= 2 and found.get("inventory:partial") == 1, found
    assert found.get("inventory:failed") == 1, found
    assert "orders" in lines["powerplugin"] and "orders" in lines["inventory"], lines
