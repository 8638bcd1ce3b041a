"""Granting or selling in-game inventory through the purchase journal.

The order_id and client_order_ref_id are generated and committed with the intent. The provider
recognises a repeated order_id and applies nothing twice, so after a timeout, a 5xx or a crash the
console reads the order by its id and, if the provider has none, sends the same order again.
202 Accepted orders are polled until every entry has its final result.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fulfildesk.domain.models import Order, Provider, utcnow
from fulfildesk.domain.validation import MAX_ID, FieldProblems, id_problem, length_problem
from fulfildesk.providers.errors import NotFoundError, ProviderError
from fulfildesk.providers.inventory import (
    ENTRY_TYPES,
    OPERATIONS,
    SOURCES,
    CurrencyWire,
    EntryCreateWire,
    EntryOutcome,
    InventoryClient,
    InventoryOrder,
    OrderCreateWire,
    PlayerKey,
    PurchasePriceWire,
    entries_from_order,
    new_order_ids,
    player_uuid,
)
from fulfildesk.services.contract import (
    Interrupted,
    Outcome,
    Progress,
    PurchaseService,
    Sleep,
    outcome_unknown,
)
from fulfildesk.store.db import AsyncStore, Store, ts_precise
from fulfildesk.store.journal import Operation, OpState

log = logging.getLogger(__name__)

PROVIDER = Provider.INVENTORY.value
KIND = "inventory_order"
MAX_ATTEMPTS = 3

#: which fields each entry type uses (the order builder shows only these)
FIELDS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "fill_loot": ("loot_id",),
    "fill_loot_single_transient": ("loot_id",),
    "fill_entitled_loot": ("loot_id",),
    "custom_loot": ("loot_id",),
    "purchase_loot": ("loot_id", "price_item_id", "price"),
    "purchase_dynamic_bundle": ("loot_id", "price_item_id", "price"),
    "promotion_code": ("external_tran_id",),
    "create_new_persistent_inventory": ("item_id",),
    "create_new_transient_inventory": ("item_id",),
    "update_existing_persistent_inventory": ("inventory_id", "inventory_operation"),
    "update_existing_transient_inventory": ("inventory_id", "inventory_operation"),
    "update_inventory": ("inventory_id", "inventory_operation"),
}
REQUIRED = {"loot_id", "external_tran_id", "item_id", "inventory_id", "price_item_id", "price"}


#: entries in one order (the form offers far fewer; a pasted list must not become a huge request)
MAX_ENTRIES = 500


@dataclass
class EntryDraft:
    type: str = "fill_loot"
    quantity: int = 1
    loot_id: int | None = None
    price_item_id: int | None = None
    price: int | None = None
    external_tran_id: str = ""
    item_id: int | None = None
    inventory_id: str = ""
    inventory_operation: str = "add"

    def problems(self, index: int) -> dict[str, str]:
        found: dict[str, str] = {}
        where = f"entries.{index}"
        if self.type not in ENTRY_TYPES:
            found[f"{where}.type"] = "Choose an entry type."
            return found
        if not 1 <= self.quantity <= 1_000_000:
            found[f"{where}.quantity"] = "The quantity must be at least 1."
        used = FIELDS_BY_TYPE[self.type]
        for name in used:
            value = getattr(self, name)
            if name in REQUIRED and (value is None or value == ""):
                found[f"{where}.{name}"] = {
                    "loot_id": "Enter the loot id.",
                    "price_item_id": "Enter the currency item of the price.",
                    "price": "Enter the price per unit.",
                    "external_tran_id": "Enter the promotion code.",
                    "item_id": "Enter the item id.",
                    "inventory_id": "Enter the inventory record id (a UUID).",
                }[name]
        if "inventory_id" in used and self.inventory_id:
            import uuid

            try:
                uuid.UUID(self.inventory_id)
            except ValueError:
                found[f"{where}.inventory_id"] = (
                    "An inventory id is a UUID such as "
                    "3f2b…-…; copy it from the player's inventory."
                )
        if "inventory_operation" in used and self.inventory_operation not in OPERATIONS[1:]:
            found[f"{where}.inventory_operation"] = "Choose what to do with the inventory."
        for name in ("loot_id", "item_id", "price_item_id"):
            value = getattr(self, name)
            if name in used and value is not None and value <= 0:
                found[f"{where}.{name}"] = "Ids are whole numbers above 0."
            elif name in used and (problem := id_problem(value, name.replace("_", " "))):
                found[f"{where}.{name}"] = problem
        if "price" in used and self.price is not None and self.price < 0:
            found[f"{where}.price"] = "The price cannot be negative."
        elif "price" in used and self.price is not None and self.price > MAX_ID:
            found[f"{where}.price"] = f"The price must be at most {MAX_ID:,}."
        for name in ("external_tran_id", "inventory_id"):
            if problem := length_problem(getattr(self, name), name.replace("_", " "), 100):
                found[f"{where}.{name}"] = problem
        return found

    def wire(self) -> EntryCreateWire:
        used = FIELDS_BY_TYPE.get(self.type, ())
        price = None
        if "price" in used and self.price_item_id is not None and self.price is not None:
            price = PurchasePriceWire(
                currencies=[CurrencyWire(price_item_id=self.price_item_id, price=self.price)]
            )
        return EntryCreateWire(
            type=self.type,
            quantity=self.quantity,
            loot_id=self.loot_id if "loot_id" in used else None,
            purchase_price=price,
            external_tran_id=self.external_tran_id.strip() or None
            if "external_tran_id" in used
            else None,
            item_id=self.item_id if "item_id" in used else None,
            inventory_id=self.inventory_id.strip() or None if "inventory_id" in used else None,
            inventory_operation=self.inventory_operation if "inventory_operation" in used else None,
        )


def player_problem(player: PlayerKey | None, api: str = "v1") -> str:
    """What is wrong with a player key for this API generation ("" when it is right):
    v1 names players by a whole number, v2 by a UUID."""
    text = "" if player is None else str(player).strip()
    if api == "v2":
        if not text:
            return "Enter the player's UUID, e.g. 0b7e6c52-3f1a-4c1e-9a55-2f6b1d2c9e10."
        try:
            player_uuid(text)
        except ValueError:
            return (
                f"'{text[:40]}' is not a player UUID. A UUID has 32 hexadecimal digits in "
                "five groups, e.g. 0b7e6c52-3f1a-4c1e-9a55-2f6b1d2c9e10."
            )
        return ""
    if not text.isdigit() or int(text) <= 0:
        return "Enter the player's id (a whole number above 0)."
    return id_problem(int(text), "player id") or ""


def normal_player(player: PlayerKey, api: str = "v1") -> PlayerKey:
    """The player key as the generation names it (v1: int, v2: canonical UUID text)."""
    return player_uuid(player) if api == "v2" else int(str(player).strip())


@dataclass
class InventoryOrderDraft:
    #: v1: the player's number; v2: the player's UUID (text)
    player_id: PlayerKey
    entries: list[EntryDraft] = field(default_factory=list)
    source: str = "SUPPORT"
    is_transaction: bool = False
    #: the API generation the player key is checked against ("v1" or "v2")
    api: str = "v1"

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if problem := player_problem(self.player_id, self.api):
            found["player_id"] = problem
        if len(self.entries) > MAX_ENTRIES:
            found["entries"] = f"Send at most {MAX_ENTRIES} entries in one order."
            return found
        if self.source not in SOURCES:
            found["source"] = "Choose where the order comes from."
        if not self.entries:
            found["entries"] = "Add at least one entry."
        for index, entry in enumerate(self.entries):
            found.update(entry.problems(index))
        return found

    def wire(self, order_id: str, client_ref: str) -> OrderCreateWire:
        return OrderCreateWire(
            source=self.source,
            client_order_ref_id=client_ref,
            is_transaction=self.is_transaction,
            order_id=order_id,
            entries=[e.wire() for e in self.entries],
        )

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> InventoryOrderDraft:
        return cls(
            player_id=payload["player_id"],
            api=str(payload.get("api") or "v1"),
            source=payload["source"],
            is_transaction=payload["is_transaction"],
            entries=[EntryDraft(**e) for e in payload["entries"]],
        )


@dataclass(kw_only=True)
class InventoryOutcome(Outcome):
    """An inventory order: the common outcome, plus the provider's answer (entry results)."""

    result: InventoryOrder | None = None

    @property
    def pending(self) -> bool:
        return self.operation.state is OpState.PLACED


class InventoryService(PurchaseService[InventoryOutcome]):
    provider = PROVIDER
    kind = KIND
    outcome_type = InventoryOutcome
    resume_states = (OpState.INTENT, OpState.SENDING, OpState.PLACED)

    def __init__(
        self,
        client: InventoryClient,
        store: AsyncStore,
        *,
        poll_interval: float = 1.0,
        ready_timeout: float = 60.0,
        operator: str = "",
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(
            store,
            poll_interval=poll_interval,
            ready_timeout=ready_timeout,
            operator=operator,
            sleep=sleep,
            clock=clock,
        )
        self.client = client
        self._results: dict[str, InventoryOrder] = {}

    @property
    def api(self) -> str:
        """The API generation spoken: "v1" (players by number) or "v2" (players by UUID)."""
        # read from the client's own fields: asking a stand-in client must not count as a call
        api = vars(self.client).get("api")
        return api if api in ("v1", "v2") else "v1"

    @property
    def players_by_uuid(self) -> bool:
        return self.api == "v2"

    def player_problem(self, player: PlayerKey | None) -> str:
        """The message for a player field ("" when the key is right for this generation)."""
        return player_problem(player, self.api)

    async def known_players(self) -> list[str]:
        """Players with orders here (cache and journal), as this generation names them: the
        order form offers them to pick from."""
        found: list[str] = []
        for raw in await self.store.run(Store.known_players, PROVIDER):
            if not self.player_problem(raw):
                key = str(normal_player(raw, self.api))
                if key not in found:
                    found.append(key)
        return found

    async def begin(self, draft: InventoryOrderDraft) -> Operation:
        draft.api = self.api
        problems = draft.problems()
        if problems:
            raise FieldProblems(problems)
        order_id, client_ref = new_order_ids()
        payload = {
            # journaled as the generation names the player (v2: the UUID, canonical form)
            "player_id": normal_player(draft.player_id, self.api),
            "api": self.api,
            "source": draft.source,
            "is_transaction": draft.is_transaction,
            "entries": [asdict(e) for e in draft.entries],
            "order_id": order_id,
            "client_order_ref_id": client_ref,
            "attempts": 0,
            "operator": self.operator,
        }
        return await self.create(payload)

    async def submit(
        self, draft: InventoryOrderDraft, progress: Progress | None = None
    ) -> InventoryOutcome:
        """Send the order; returns once it is final, refused, or accepted and still pending."""
        op = await self.begin(draft)
        return await self.drive(op.operation_id, progress, wait=False)

    def advances(self, state: OpState, *, wait: bool) -> bool:
        """With wait=False a 202 order is left pending (PLACED)."""
        if state is OpState.PLACED:
            return wait
        return state in (OpState.INTENT, OpState.SENDING)

    async def step(self, op: Operation) -> None:
        if op.state is OpState.INTENT:
            await self._send(op)
        elif op.state is OpState.SENDING:
            await self._reconcile(op)
        elif op.state is OpState.PLACED:
            await self._poll(op)

    def state_text(self, op: Operation) -> str:
        return _state_text(op)

    async def wait_for(
        self, operation_id: str, progress: Progress | None = None
    ) -> InventoryOutcome:
        """Poll an accepted (202) order until every entry has its result."""
        return await self.drive(operation_id, progress, wait=True)

    async def _send(self, op: Operation) -> None:
        payload = {**op.payload, "attempts": int(op.payload.get("attempts", 0)) + 1}
        op = await self._transition(
            op,
            OpState.SENDING,
            f"sending order {payload['order_id']} (attempt {payload['attempts']})",
            sent_at=ts_precise(self._clock()),
            payload=payload,
        )
        draft = InventoryOrderDraft.from_payload(payload)
        wire = draft.wire(payload["order_id"], payload["client_order_ref_id"])
        try:
            result = await self.client.create_order(draft.player_id, wire)
        except ProviderError as exc:
            if outcome_unknown(exc) or exc.status is None:
                op = await self._transition(
                    op, OpState.SENDING, "outcome unknown", error=exc.user_message
                )
                await self._reconcile(op)
                return
            self._refused(op, exc.field_errors)
            await self._transition(op, OpState.FAILED, "refused", error=exc.user_message)
            return
        await self._record(op, result)

    async def _record(self, op: Operation, result: InventoryOrder) -> None:
        self._results[op.operation_id] = result
        order_id = result.order.provider_order_id or op.payload["order_id"]
        if result.pending:
            await self._transition(
                op,
                OpState.PLACED,
                "accepted; the provider finishes it later",
                orders=[result.order],
                provider_order_id=order_id,
            )
        else:
            await self._transition(
                op,
                OpState.COMPLETED,
                f"final: {result.order.provider_status}",
                orders=[result.order],
                provider_order_id=order_id,
            )

    async def _reconcile(self, op: Operation) -> None:
        player_id, order_id = op.payload["player_id"], op.payload["order_id"]
        try:
            result = await self.client.get_order(player_id, order_id)
        except NotFoundError:
            if int(op.payload.get("attempts", 0)) >= MAX_ATTEMPTS:
                await self._transition(
                    op,
                    OpState.FAILED,
                    "no order after every attempt",
                    error=f"The provider has no order {order_id} after "
                    f"{MAX_ATTEMPTS} attempts ({op.error or 'no answer'}). "
                    "Nothing was applied; try again later.",
                )
                return
            # Safe: the provider recognises a repeated order_id and applies nothing twice.
            await self._transition(
                op,
                OpState.INTENT,
                f"order {order_id} not found: sending it again with the same order_id",
            )
            return
        except ProviderError as exc:
            raise Interrupted(
                f"Could not check order {order_id} ({exc.user_message}); it will "
                "be checked again, and never applied twice."
            ) from exc
        await self._record(op, result)

    async def _poll(self, op: Operation) -> None:
        deadline = self._clock() + timedelta(seconds=self.ready_timeout)
        player_id, order_id = op.payload["player_id"], op.payload["order_id"]
        while True:
            try:
                result = await self.client.get_order(player_id, order_id)
            except ProviderError as exc:
                raise Interrupted(
                    f"Order {order_id} is accepted; reading it failed "
                    f"({exc.user_message}). It will be read again."
                ) from exc
            if not result.pending:
                await self._record(op, result)
                return
            if self._clock() >= deadline:
                raise Interrupted(
                    f"Order {order_id} is accepted and still being processed; "
                    "the console checks it again later."
                )
            await self._sleep(self.poll_interval)

    async def finish(self, op: Operation, message: str) -> InventoryOutcome:
        result = self._results.pop(op.operation_id, None)
        if result is None and op.provider_order_id:
            cached = await self.store.run(Store.get_order, PROVIDER, op.provider_order_id)
            if cached is not None:
                result = InventoryOrder(
                    cached, entries_from_order(cached), op.state is OpState.PLACED
                )
        return self.outcome(op, message, result=result)

    async def player_orders(
        self, player_id: PlayerKey, max_pages: int = 20
    ) -> list[InventoryOrder]:
        """Fetch a player's orders (newest first, cursor paging) and cache them. The player is
        a number (v1) or a UUID (v2); a key of the wrong kind is refused (FieldProblems)."""
        if problem := self.player_problem(player_id):
            raise FieldProblems({"player_id": problem})
        player_id = normal_player(player_id, self.api)
        found: list[InventoryOrder] = []
        cursor = None
        for _ in range(max_pages):
            page = await self.client.list_orders(player_id, cursor=cursor, limit=50)
            found += page.orders
            if page.orders:
                orders = [o.order for o in page.orders]
                await self.store.run(Store.upsert_orders, orders)
            cursor = page.cursor
            if not cursor:
                break
        return found


def outcomes_of(order: Order) -> list[EntryOutcome]:
    """Entry results of a cached inventory order, for the detail pane."""
    return entries_from_order(order)


def _state_text(op: Operation) -> str:
    order_id = op.payload.get("order_id", "")
    return {
        OpState.INTENT: f"Recorded order {order_id}; sending it…",
        OpState.SENDING: f"Waiting for the provider to answer order {order_id}…",
        OpState.PLACED: f"Order {order_id} accepted; the provider is still processing it…",
        OpState.COMPLETED: f"Order {order_id} processed.",
        OpState.FAILED: op.error or "The order was refused.",
        OpState.NEEDS_REVIEW: op.error or "This order needs review.",
        OpState.ABANDONED: "Dismissed after review.",
        OpState.DISPATCHED: "",
    }[op.state]
