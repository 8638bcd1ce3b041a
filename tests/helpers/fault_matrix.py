"""The fault matrix: purchases through the real services against a sandbox injecting one fault
at a time, then `reconcile`, then the provider's own state compared with the journal.

Used by tests/e2e/test_fault_matrix.py (a few purchases per fault, in-process) and by
tests/bench/fault_matrix.py (hundreds, in processes killed with SIGKILL at random moments).

Figures, per provider and fault:
- duplicates: journal entries that point at the same provider order, or provider orders made
  for one journal entry beyond the first (found as orphans too);
- orphans: provider orders (money spent / goods taken) that no journal entry owns, or that only
  an entry marked failed or abandoned owns;
- lost: completed entries whose keys or vouchers are not all in the vault;
- unsettled: entries still waiting (sending, placed) or needing review after reconcile: never
  bought twice, but a person or a later reconcile must look.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from fulfildesk.config import Settings
from fulfildesk.domain.journal import OpState
from fulfildesk.domain.models import KeyLine, Provider
from fulfildesk.providers.http import HttpPolicy

#: purchasing providers of the matrix, with the faults that apply to each; `kinguin` is the
#: seed's v1 (the sandbox's /kinguin), `kinguin-current` today's API (/kinguin-current, the
#: current generation of the key service: orderExternalId, keys as they arrive)
PURCHASING = ("kinguin", "kinguin-current", "plum", "inventory", "powerplugin")
FAULTS = (
    "latency=30ms",
    "before-5xx",
    "after-5xx",
    "429=0.05",
    "reset",
    "truncated",
    "html-2xx",
    "garbage-2xx",
    "stuck-202",
    "oversize=9",  # a 9 MB answer: above the 8 MB cap, so the client stops reading
)
FAST = HttpPolicy(
    connect_timeout=3,
    read_timeout=5,
    placement_read_timeout=10,
    max_attempts=3,
    backoff_base=0.01,
    backoff_cap=0.05,
    retry_after_cap=2.0,
)
#: a product each provider's sandbox always has
HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"
ESTABLISHMENT = "522ef85f-7a5c-4ebb-b38d-46f40981be04"


def faults_for(provider: str) -> list[str]:
    return [f for f in FAULTS if f != "stuck-202" or provider == "inventory"]


def journal_provider(provider: str) -> str:
    """The provider a matrix label's journal entries name (both Kinguin generations: kinguin)."""
    return "kinguin" if provider.startswith("kinguin") else provider


def settings_for(home: Path, sandbox_url: str, token: str, provider: str) -> Settings:
    settings = Settings(data_dir=home, operator="matrix")
    entry = settings.provider(Provider(journal_provider(provider)))
    entry.url = f"{sandbox_url}/{provider}"
    entry.token = token
    if provider == "kinguin-current":
        entry.api = "current"
    return settings


def env_for(home: Path, sandbox_url: str, token: str, provider: str) -> dict[str, str]:
    name = journal_provider(provider).upper()
    env = {
        f"FULFILDESK_{name}_URL": f"{sandbox_url}/{provider}",
        f"FULFILDESK_{name}_TOKEN": token,
        "FULFILDESK_HOME": str(home),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    if provider == "kinguin-current":
        env["FULFILDESK_KINGUIN_API"] = "current"
    return env


async def purchase(ctx: Any, provider: str, tag: str) -> str:
    """One purchase through the real service; its end state (or the exception's name)."""
    try:
        if provider.startswith("kinguin"):
            line = KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"))
            outcome = await ctx.keys.buy([line])
        elif provider == "plum":
            from fulfildesk.services.vouchers import VoucherRequest

            outcome = await ctx.vouchers.buy(VoucherRequest(29877, Decimal(10), 1))
        elif provider == "inventory":
            from fulfildesk.services.inventory import EntryDraft, InventoryOrderDraft

            player = 1000 + uuid.uuid5(uuid.NAMESPACE_OID, tag).int % 1_000_000
            draft = InventoryOrderDraft(
                player_id=player, entries=[EntryDraft(type="fill_loot", loot_id=5, quantity=1)]
            )
            outcome = await ctx.inventory.submit(draft)
        else:
            from fulfildesk.services.shipping import ReservationRequest

            outcome = await ctx.shipping.reserve(
                ReservationRequest(
                    "fm-" + re.sub(r"[^A-Za-z0-9]+", "-", tag), HOODIE, ESTABLISHMENT
                )
            )
        return str(outcome.operation.state.value)
    except Exception as exc:
        return f"raised {type(exc).__name__}"


@dataclass
class Figures:
    purchases: int = 0
    provider_orders: int = 0
    duplicates: int = 0
    orphans: int = 0
    #: of the orphans, those a needs-review entry names as a candidate (a person assigns them)
    orphans_named: int = 0
    lost: int = 0
    unsettled: int = 0
    states: Counter[str] = field(default_factory=Counter)
    details: list[str] = field(default_factory=list)

    def __iadd__(self, other: Figures) -> Figures:
        self.purchases += other.purchases
        self.provider_orders += other.provider_orders
        self.duplicates += other.duplicates
        self.orphans += other.orphans
        self.orphans_named += other.orphans_named
        self.lost += other.lost
        self.unsettled += other.unsettled
        self.states.update(other.states)
        self.details += other.details
        return self

    def line(self) -> str:
        states = ", ".join(f"{k} {v}" for k, v in sorted(self.states.items()))
        return (
            f"{self.purchases:4d} purchases, {self.provider_orders:4d} provider orders: "
            f"{self.duplicates} duplicates, {self.orphans} orphans ({self.orphans_named} named by "
            f"a needs-review entry), {self.lost} lost, "
            f"{self.unsettled} unsettled ({states})"
        )


async def provider_orders(provider: str, sandbox_url: str, token: str, ops: list[Any]) -> set[str]:
    """Every order the provider holds for this run (what was charged or taken)."""
    from fulfildesk.providers.inventory import InventoryClient
    from fulfildesk.providers.kinguin import KinguinClient, OrderQuery
    from fulfildesk.providers.plum import PlumClient
    from fulfildesk.providers.powerplugin import PowerPluginClient

    url = f"{sandbox_url}/{provider}"
    found: set[str] = set()
    if provider.startswith("kinguin"):
        api = "current" if provider == "kinguin-current" else "v1"
        client: Any = KinguinClient(url, token, api=api)
        try:
            page = 1
            while True:
                listing = await client.list_orders(OrderQuery(page=page, limit=100))
                found |= {o.provider_order_id for o in listing.orders}
                if len(listing.orders) + len(listing.anonymous) < 100:
                    break
                page += 1
        finally:
            await client.aclose()
    elif provider == "plum":
        client = PlumClient(url, token)
        try:
            today = datetime.now(UTC).date()
            page = 1
            while True:
                batch = await client.get_order_history(
                    today - timedelta(days=1), today + timedelta(days=1), page=page, limit=100
                )
                found |= {o.order.provider_order_id for o in batch}
                if len(batch) < 100:
                    break
                page += 1
        finally:
            await client.aclose()
    elif provider == "inventory":
        client = InventoryClient(url, token)
        players = {int(op.payload.get("player_id") or 0) for op in ops} - {0}
        try:
            for player in sorted(players):
                listing = await client.list_orders(player, limit=100)
                found |= {o.order.provider_order_id for o in listing.orders}
        finally:
            await client.aclose()
    else:
        client = PowerPluginClient(url, token)
        players = {str(op.payload.get("player_id") or "") for op in ops} - {""}
        try:
            for player in sorted(players):
                found |= {s.transaction_id for s in await client.player_orders(player)}
        finally:
            await client.aclose()
    return found


def compare(store: Any, provider: str, ops: list[Any], orders: set[str]) -> Figures:
    """The journal of `provider` against the provider's orders."""
    figures = Figures(purchases=len(ops), provider_orders=len(orders))
    owners = Counter(op.provider_order_id for op in ops if op.provider_order_id)
    live = {
        op.provider_order_id
        for op in ops
        if op.provider_order_id and op.state not in (OpState.FAILED, OpState.ABANDONED)
    }
    for order_id, count in owners.items():
        if count > 1:
            figures.duplicates += count - 1
            figures.details.append(f"{provider} order {order_id} owned by {count} entries")
    review_texts = " ".join(op.error or "" for op in ops if op.state is OpState.NEEDS_REVIEW)
    for order_id in sorted(orders - live):
        figures.orphans += 1
        if re.search(rf"\b{re.escape(order_id)}\b", review_texts):
            figures.orphans_named += 1
        owner = next((op for op in ops if op.provider_order_id == order_id), None)
        figures.details.append(
            f"{provider} order {order_id} orphaned"
            + (
                f" (entry {owner.operation_id} is {owner.state.value}: {owner.error})"
                if owner
                else ""
            )
        )
    for op in ops:
        figures.states[op.state.value] += 1
        if op.state in (OpState.SENDING, OpState.PLACED, OpState.DISPATCHED, OpState.INTENT):
            figures.unsettled += 1
        elif op.state is OpState.NEEDS_REVIEW:
            figures.unsettled += 1
            figures.details.append(f"{provider} entry {op.operation_id} needs review: {op.error}")
        if op.state is not OpState.COMPLETED or not op.provider_order_id:
            continue
        if op.provider_order_id not in orders:
            figures.details.append(f"{provider} entry {op.operation_id} completed, no order")
            figures.lost += 1
            continue
        if provider.startswith("kinguin"):
            wanted = sum(int(line.get("quantity", 1)) for line in op.payload.get("lines", []))
            have = store.count_keys("kinguin", op.provider_order_id)
        elif provider == "plum":
            wanted = int(op.payload.get("quantity", 1))
            have = len(store.vouchers_for_order("plum", op.provider_order_id))
        else:
            wanted = have = 0
        if have < wanted:
            figures.lost += 1
            figures.details.append(f"{provider} entry {op.operation_id}: {have} of {wanted} kept")
    return figures
