"""Demo mode's first look: the console already knows the sandbox's demo players, so the list and
the shipping queue open with physical goods orders (reservations, shipped with tracking,
delivered) and inventory orders, not only keys and vouchers.

Wiring (like context.py): it reads the sandbox's demo players and asks the providers through the
console's own services, as an operator's player lookup would.
"""

from __future__ import annotations

import asyncio
import logging

from fulfildesk.config import Settings
from fulfildesk.context import AppContext
from fulfildesk.providers.errors import ProviderError
from fulfildesk.store.db import Store

log = logging.getLogger(__name__)


def demo_players() -> dict[str, list[str]]:
    """Provider -> the players of the sandbox's demo history."""
    from fulfildesk.sandbox.inventory import DEMO_PLAYERS
    from fulfildesk.sandbox.powerplugin import PLAYERS

    return {
        "powerplugin": [player_id for player_id, _name, _email in PLAYERS],
        "inventory": [str(player_id) for player_id in DEMO_PLAYERS],
    }


async def know_demo_players(ctx: AppContext) -> int:
    """Cache the demo players' orders (a later sync refreshes them, as for any known player).
    Returns how many orders were cached; a provider that fails is logged and skipped."""
    players = demo_players()
    cached = 0
    if ctx.shipping is not None:
        for player_id in players["powerplugin"]:
            try:
                cached += len(await ctx.shipping.player_orders(player_id))
            except ProviderError as exc:
                log.warning("demo: physical goods player %s: %s", player_id, exc.user_message)
    client = ctx.inventory_client
    if client is not None:
        for player_id in players["inventory"]:
            try:
                page = await client.list_orders(int(player_id), limit=100)
            except ProviderError as exc:
                log.warning("demo: inventory player %s: %s", player_id, exc.user_message)
                continue
            orders = [o.order for o in page.orders]
            if orders:
                await ctx.store.run(Store.upsert_orders, orders)
            cached += len(orders)
    return cached


def prepare_demo(settings: Settings) -> None:
    """Before the window opens on the demo's data directory: know the demo players."""

    async def run() -> None:
        ctx = AppContext.open(settings)
        try:
            count = await know_demo_players(ctx)
            log.info("demo: %d orders of the demo players cached", count)
        finally:
            await ctx.aclose()

    asyncio.run(run())
