"""Player inventory orders (seed 001 and the provider's OpenAPI subset), served under /inventory.

Paths as published: POST/GET /inventory/v1/player/{player_id}/order and GET .../order/{order_id}.
Decisions where the documents are silent (also in the README):
- every positive player_id is a player, created on first use with 1,000 Gold (item 1) and 50 Gems
  (item 2); a player's UUID is derived from the id;
- loot ids 1 to 20 exist. Loot N grants N × 10 XP (item 100) and one "Loot N crate" (item 1000+N).
  Loot 1-15 is for sale at 50 × N Gold (item 1) or N Gems (item 2); loot 16-20 is not for sale;
  loot 20 is inactive; loot 999999 (and any other id) does not exist;
- promotion codes: WELCOME2026 (loot 3, once per player), SPRING2024 (expired), EMPTY (no uses
  left); other codes are not found;
- a quantity above 100 is `quantity_not_allowed`;
- orders with more than five entries (every order with `--inventory-async`) answer 202 and finish
  `inventory_async_delay` seconds later; until then their entries read `not_started`;
- a repeated order_id for the same player answers the existing order and changes nothing; for
  another player it is a 422 at `body.order_id`;
- `is_transaction`: when one entry fails every other entry is undone and reads `rollback`.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from fulfildesk.domain.inventory_enums import (
    BucketName,
    PortalId,
    SelectorName,
    SourceName,
    XpTransformName,
)
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.state import SandboxDB, now_utc

GOLD, GEMS, XP = 1, 2, 100
#: players with orders in the demo history (demo mode's console knows them from the start)
DEMO_PLAYERS = (1001, 1002, 1003)
ITEMS = {
    GOLD: "Gold",
    GEMS: "Gems",
    XP: "XP",
    **{1000 + n: f"Loot {n} crate" for n in range(1, 21)},
    500: "Banner",
    501: "Emote",
    502: "Skin: Ember",
}
PROMOS = {"WELCOME2026": ("ok", 3), "SPRING2024": ("expired", 2), "EMPTY": ("used_up", 1)}
ASYNC_ENTRY_THRESHOLD = 5
MAX_PAGE_LIMIT = 50  # the OpenAPI's PageMeta.limit: minimum 1, maximum 50
NAMESPACE = uuid.UUID("6d1c1b6e-4f1e-4a87-9a38-6b6c0c3f6a10")


class EntryType(StrEnum):
    fill_loot = "fill_loot"
    purchase_loot = "purchase_loot"
    purchase_dynamic_bundle = "purchase_dynamic_bundle"
    promotion_code = "promotion_code"
    fill_loot_single_transient = "fill_loot_single_transient"
    fill_entitled_loot = "fill_entitled_loot"
    create_new_persistent_inventory = "create_new_persistent_inventory"
    update_existing_persistent_inventory = "update_existing_persistent_inventory"
    create_new_transient_inventory = "create_new_transient_inventory"
    update_existing_transient_inventory = "update_existing_transient_inventory"
    update_inventory = "update_inventory"
    custom_loot = "custom_loot"


class Operation(StrEnum):
    invalid = "invalid"
    add = "add"
    subtract = "subtract"
    set = "set"
    check_greater_than_or_equal = "check_greater_than_or_equal"
    check_less_than = "check_less_than"
    check_greater_than_or_equal_and_subtract = "check_greater_than_or_equal_and_subtract"


#: the OpenAPI's integers are int64 (and SQLite's too): beyond is a 422, not a failed entry
Int64 = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]


class Currency(BaseModel):
    price_item_id: Int64
    price: Int64


class PurchasePrice(BaseModel):
    price_item_id: Int64 | None = None
    price: Int64 | None = None
    price_coupon_item_id: Int64 | None = None
    currencies: list[Currency] | None = None


class EntryCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: EntryType
    loot_id: Int64 | None = None
    quantity: Annotated[Int64, Field(ge=1)]
    vendor_version: Int64 | None = None
    vendor_etag: str | None = None
    dynamic_bundle_loot_ids: list[Int64] | None = None
    purchase_price: PurchasePrice | None = None
    external_tran_id: str | None = None
    external_item_sku: str | None = None
    use_inventory_bucket: BucketName | None = None
    player_portal_event_id: Int64 | None = None
    inventory_id: uuid.UUID | None = None
    legacy_inventory_id: Int64 | None = None
    item_id: Int64 | None = None
    expires: datetime | None = None
    xp_quantity_transform_type: XpTransformName = "none"
    hard_quantity_maximum: Int64 | None = None
    inventory_operation: Operation = Operation.invalid
    inventory_selector_type: SelectorName = "invalid"
    quantity_mult_inventory_item_id: Int64 | None = None
    time_frame_id: Int64 | None = None
    custom_data: dict[str, str] | None = None
    entry_id: str | None = None


class OrderCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    source: SourceName = "CLIENT"
    client_order_ref_id: uuid.UUID | None = None
    portal_id: PortalId | None = None
    portal_user_id: str | None = None
    instance_id: str | None = None
    match_id: str | None = None
    is_transaction: bool = False
    order_id: str | None = Field(default=None, max_length=100)
    entries: list[EntryCreate] = Field(min_length=1, max_length=50)


def _iso(value: datetime) -> str:
    """Fixed width, so that times sort as text: 2026-11-23T15:36:14.797928Z."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _record(
    inventory_id: str,
    count: int,
    acquired: str,
    kind: str = "persistent",
    custom: dict[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "inventory_id": inventory_id,
        "type": kind,
        "legacy_inventory_id": None,
        "bucket": "none",
        "count": count,
        "acquired": acquired,
        "expires": None,
        "custom_data": custom,
    }


class EntryFailed(Exception):
    def __init__(self, result: str) -> None:
        super().__init__(result)
        self.result = result


class Player:
    """One player's inventory while an order is applied (changes kept until committed)."""

    def __init__(self, records: dict[str, dict[str, Any]], by_item: dict[int, str]) -> None:
        self.records = records  # inventory_id -> record (with item_id)
        self.by_item = by_item  # item_id -> inventory_id (persistent)

    def change(
        self, item_id: int, delta: int, *, kind: str = "persistent", loot_id: int | None = None
    ) -> dict[str, Any]:
        now = _iso(now_utc())
        inv_id = self.by_item.get(item_id) if kind == "persistent" else None
        before = dict(self.records[inv_id]) if inv_id else None
        if inv_id is None:
            inv_id = str(uuid.uuid4())
            self.records[inv_id] = {"item_id": item_id, **_record(inv_id, 0, now, kind)}
            if kind == "persistent":
                self.by_item[item_id] = inv_id
        record = self.records[inv_id]
        record["count"] = record["count"] + delta
        after = dict(record)
        return _detail(item_id, before, after, loot_id)

    def count(self, item_id: int) -> int:
        inv_id = self.by_item.get(item_id)
        return self.records[inv_id]["count"] if inv_id else 0


def _detail(
    item_id: int, before: dict[str, Any] | None, after: dict[str, Any] | None, loot_id: int | None
) -> dict[str, Any]:
    def public(record: dict[str, Any] | None) -> dict[str, Any] | None:
        return {k: v for k, v in record.items() if k != "item_id"} if record else None

    return {
        "type": "inventory_change",
        "loot_id": loot_id,
        "inv_change": {
            "before_item_id": item_id if before else None,
            "after_item_id": item_id,
            "before": public(before),
            "after": public(after),
        },
        "order": None,
    }


class InventorySandbox:
    def __init__(self, db: SandboxDB, config: SandboxConfig) -> None:
        self.db = db
        self.config = config
        self.lock = asyncio.Lock()
        #: fault injection (sandbox/faults.py, stuck-202): orders accepted and never finished
        self.stuck_orders: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        db.conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS i_players (
                player_id INTEGER PRIMARY KEY, player_uuid TEXT NOT NULL,
                inventory TEXT NOT NULL, promos TEXT NOT NULL DEFAULT '[]');
            CREATE TABLE IF NOT EXISTS i_orders (
                player_id INTEGER NOT NULL, order_id TEXT NOT NULL, created_time TEXT NOT NULL,
                body TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (player_id, order_id));
            CREATE INDEX IF NOT EXISTS i_orders_time ON i_orders (player_id, created_time);
            """
        )

        #: access tokens issued by /users/v2/oauth/token -> expiry (epoch seconds)
        self.tokens: dict[str, float] = {}
        if config.demo_history and not db.conn.execute("SELECT 1 FROM i_orders").fetchone():
            self._demo_history()

    def _demo_history(self) -> None:
        """Orders of the demo players (DEMO_PLAYERS): granted loot, loot a player paid for, a
        promotion code, a partly applied order and a refused one."""
        gold = {"price_item_id": GOLD, "price": 100}
        plans: list[tuple[int, str, list[dict[str, Any]]]] = [
            (1001, "demo-grant-1", [{"type": "fill_loot", "loot_id": 3, "quantity": 1}]),
            (
                1001,
                "demo-sale-1",
                [{"type": "purchase_loot", "loot_id": 2, "quantity": 2, "purchase_price": gold}],
            ),
            (
                1002,
                "demo-promo-1",
                [{"type": "promotion_code", "quantity": 1, "external_tran_id": "WELCOME2026"}],
            ),
            (
                1002,
                "demo-partial-1",
                [
                    {"type": "fill_loot", "loot_id": 4, "quantity": 1},
                    {"type": "fill_loot", "loot_id": 20, "quantity": 1},
                ],
            ),
            (
                1003,
                "demo-refused-1",
                [
                    {
                        "type": "purchase_loot",
                        "loot_id": 15,
                        "quantity": 100,
                        "purchase_price": {"price_item_id": GEMS, "price": 15},
                    }
                ],
            ),
        ]
        for player_id, order_id, entries in plans:
            self.create(
                player_id, OrderCreate.model_validate({"order_id": order_id, "entries": entries})
            )

    # ---------------------------------------------------------------- tokens

    def issue_token(self, authorization: str | None) -> dict[str, Any] | None:
        """Client credentials (HTTP Basic) -> a token living `inventory_token_ttl` seconds."""
        expected = base64.b64encode(
            f"{self.config.inventory_client_id}:{self.config.inventory_client_secret}".encode()
        ).decode()
        if authorization != f"Basic {expected}":
            return None
        token = "inv-" + secrets.token_urlsafe(24)
        ttl = self.config.inventory_token_ttl
        self.tokens[token] = time.time() + ttl
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": int(ttl) if ttl >= 1 else ttl,
        }

    def token_state(self, authorization: str | None) -> str:
        """ "ok", "expired" or "invalid"."""
        if authorization == f"Bearer {self.config.token}":
            return "ok"
        token = (authorization or "").removeprefix("Bearer ")
        expires = self.tokens.get(token)
        if expires is None:
            return "invalid"
        return "ok" if expires > time.time() else "expired"

    # ---------------------------------------------------------------- players

    def player_for_uuid(self, player_uuid: str) -> int:
        """v2 names players by UUID: the player with this UUID (a new one when unknown)."""
        conn = self.db.conn
        row = conn.execute(
            "SELECT player_id FROM i_players WHERE player_uuid = ?", (player_uuid,)
        ).fetchone()
        if row is not None:
            return int(row["player_id"])
        top = conn.execute("SELECT max(player_id) FROM i_players").fetchone()[0] or 0
        player_id = max(top + 1, 10_000_000)
        self.player(player_id)
        with conn:
            conn.execute(
                "UPDATE i_players SET player_uuid = ? WHERE player_id = ?",
                (player_uuid, player_id),
            )
        return player_id

    def player(self, player_id: int) -> tuple[str, Player, list[str]]:
        conn = self.db.conn
        row = conn.execute("SELECT * FROM i_players WHERE player_id = ?", (player_id,)).fetchone()
        if row is None:
            now = _iso(now_utc())
            records: dict[str, dict[str, Any]] = {}
            by_item: dict[int, str] = {}
            for item_id, count in ((GOLD, 1000), (GEMS, 50)):
                inv_id = str(uuid.uuid5(NAMESPACE, f"{player_id}:{item_id}"))
                records[inv_id] = {"item_id": item_id, **_record(inv_id, count, now)}
                by_item[item_id] = inv_id
            player_uuid = str(uuid.uuid5(NAMESPACE, f"player:{player_id}"))
            with conn:
                conn.execute(
                    "INSERT INTO i_players VALUES (?, ?, ?, '[]')",
                    (player_id, player_uuid, json.dumps(records)),
                )
            return player_uuid, Player(records, by_item), []
        records = json.loads(row["inventory"])
        by_item = {r["item_id"]: k for k, r in records.items() if r["type"] == "persistent"}
        return row["player_uuid"], Player(records, by_item), json.loads(row["promos"])

    def save_player(self, player_id: int, player: Player, promos: list[str]) -> None:
        self.db.conn.execute(
            "UPDATE i_players SET inventory = ?, promos = ? WHERE player_id = ?",
            (json.dumps(player.records), json.dumps(promos), player_id),
        )

    # ---------------------------------------------------------------- orders

    def existing(self, player_id: int, order_id: str) -> dict[str, Any] | None:
        row = self.db.conn.execute(
            "SELECT body, state FROM i_orders WHERE player_id = ? AND order_id = ?",
            (player_id, order_id),
        ).fetchone()
        return {"body": json.loads(row["body"]), "state": row["state"]} if row else None

    def order_owner(self, order_id: str) -> int | None:
        row = self.db.conn.execute(
            "SELECT player_id FROM i_orders WHERE order_id = ?", (order_id,)
        ).fetchone()
        return row["player_id"] if row else None

    def create(self, player_id: int, request: OrderCreate) -> tuple[int, dict[str, Any]]:
        player_uuid, _player, _promos = self.player(player_id)
        order_id = request.order_id or str(uuid.uuid4())
        created = _iso(now_utc())
        entries = []
        for index, entry in enumerate(request.entries):
            data = entry.model_dump(mode="json")
            data["entry_id"] = entry.entry_id or f"{order_id}:{index}"
            entries.append(data)
        body = request.model_dump(mode="json")
        body.update(
            {
                "order_id": order_id,
                "player_uuid": player_uuid,
                "created_time": created,
                "entries": entries,
            }
        )
        async_order = (
            self.config.inventory_async
            or len(entries) > ASYNC_ENTRY_THRESHOLD
            or order_id in self.stuck_orders
        )
        if async_order:
            accepted = {k: v for k, v in body.items() if k not in ("player_uuid", "created_time")}
            for entry in body["entries"]:
                entry.update({"result": "not_started", "details": []})
            with self.db.conn:
                self.db.conn.execute(
                    "INSERT INTO i_orders VALUES (?, ?, ?, ?, 'pending')",
                    (player_id, order_id, created, json.dumps(body)),
                )
            return 202, accepted
        self._apply(player_id, body)
        with self.db.conn:
            self.db.conn.execute(
                "INSERT INTO i_orders VALUES (?, ?, ?, ?, 'done')",
                (player_id, order_id, created, json.dumps(body)),
            )
        return 200, body

    def finish(self, player_id: int, order_id: str) -> None:
        found = self.existing(player_id, order_id)
        if found is None or found["state"] != "pending" or order_id in self.stuck_orders:
            return
        body = found["body"]
        self._apply(player_id, body)
        with self.db.conn:
            self.db.conn.execute(
                "UPDATE i_orders SET body = ?, state = 'done' WHERE player_id = ? AND order_id = ?",
                (json.dumps(body), player_id, order_id),
            )

    def _apply(self, player_id: int, body: dict[str, Any]) -> None:
        _uuid, player, promos = self.player(player_id)
        snapshot = json.loads(json.dumps(player.records))
        promos_before = list(promos)
        failed = False
        for entry in body["entries"]:
            try:
                entry["details"] = self._entry(player, promos, entry)
                entry["result"] = "success"
            except EntryFailed as exc:
                entry["result"], entry["details"] = exc.result, []
                failed = True
        if failed and body.get("is_transaction"):
            player = Player(
                snapshot,
                {r["item_id"]: k for k, r in snapshot.items() if r["type"] == "persistent"},
            )
            promos = promos_before
            for entry in body["entries"]:
                if entry["result"] == "success":
                    entry["result"], entry["details"] = "rollback", []
        with self.db.conn:
            self.save_player(player_id, player, promos)

    def _entry(
        self, player: Player, promos: list[str], entry: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kind, quantity, loot_id = entry["type"], entry["quantity"], entry.get("loot_id")
        if quantity > 100:
            raise EntryFailed("quantity_not_allowed")
        if kind in ("fill_loot", "fill_loot_single_transient", "purchase_loot", "custom_loot"):
            if loot_id is None or not 1 <= loot_id <= 20:
                raise EntryFailed("loot_not_found")
            if loot_id == 20:
                raise EntryFailed("loot_not_active")
            details = []
            if kind == "purchase_loot":
                details += self._pay(player, loot_id, quantity, entry.get("purchase_price"))
            transient = kind == "fill_loot_single_transient"
            details.append(player.change(XP, 10 * loot_id * quantity, loot_id=loot_id))
            details.append(
                player.change(
                    1000 + loot_id,
                    quantity,
                    loot_id=loot_id,
                    kind="transient" if transient else "persistent",
                )
            )
            return details
        if kind == "promotion_code":
            code = (entry.get("external_tran_id") or "").strip().upper()
            if code not in PROMOS:
                raise EntryFailed("promotion_not_found")
            state, promo_loot = PROMOS[code]
            if state == "expired":
                raise EntryFailed("promotion_expired")
            if state == "used_up":
                raise EntryFailed("promotion_no_uses_left")
            if code in promos:
                raise EntryFailed("promotion_claimed_already")
            promos.append(code)
            return [
                {
                    "type": "claim_promo_code",
                    "loot_id": promo_loot,
                    "inv_change": None,
                    "order": None,
                },
                player.change(1000 + promo_loot, 1, loot_id=promo_loot),
            ]
        if kind == "purchase_dynamic_bundle":
            raise EntryFailed("dynamic_bundles_not_available")
        if kind == "fill_entitled_loot":
            raise EntryFailed("entitled_loot_not_found")
        if kind in ("create_new_persistent_inventory", "create_new_transient_inventory"):
            item_id = entry.get("item_id")
            if item_id not in ITEMS:
                raise EntryFailed("item_not_found")
            transient = kind == "create_new_transient_inventory"
            return [
                player.change(item_id, quantity, kind="transient" if transient else "persistent")
            ]
        # update_existing_persistent_inventory, update_existing_transient_inventory,
        # update_inventory
        inv_id = entry.get("inventory_id")
        record = player.records.get(str(inv_id)) if inv_id else None
        if record is None:
            raise EntryFailed("inventory_not_found")
        operation = entry.get("inventory_operation") or "invalid"
        count = record["count"]
        if operation == "add":
            target = count + quantity
        elif operation == "subtract":
            target = count - quantity
        elif operation == "set":
            target = quantity
        elif operation == "check_greater_than_or_equal":
            if count < quantity:
                raise EntryFailed("cannot_meet_loot_required")
            target = count
        elif operation == "check_less_than":
            if count >= quantity:
                raise EntryFailed("cannot_meet_loot_blocker")
            target = count
        elif operation == "check_greater_than_or_equal_and_subtract":
            if count < quantity:
                raise EntryFailed("failed_to_consume_loot_required")
            target = count - quantity
        else:
            raise EntryFailed("invalid_entry_type")
        if target < 0:
            raise EntryFailed("failed_to_modify_inventory")
        before = dict(record)
        record["count"] = target
        return [_detail(record["item_id"], before, dict(record), None)]

    def _pay(
        self, player: Player, loot_id: int, quantity: int, price: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        if loot_id > 15:
            raise EntryFailed("loot_not_for_sale_with_price_item")
        if not price:
            raise EntryFailed("price_not_allowed")
        currencies = price.get("currencies") or []
        if not currencies and price.get("price_item_id") is not None:
            currencies = [{"price_item_id": price["price_item_id"], "price": price.get("price")}]
        if len(currencies) != 1:
            raise EntryFailed("price_not_allowed")
        item, amount = currencies[0]["price_item_id"], currencies[0]["price"]
        if item not in (GOLD, GEMS):
            raise EntryFailed("price_item_not_found")
        expected = 50 * loot_id if item == GOLD else loot_id
        if amount != expected:
            raise EntryFailed("price_does_not_match")
        total = amount * quantity
        if player.count(item) < total:
            raise EntryFailed("cannot_afford_price")
        return [player.change(item, -total, loot_id=loot_id)]

    def list(
        self,
        player_id: int,
        cursor: str | None,
        starting_position: datetime | None,
        sort: str,
        limit: int,
    ) -> dict[str, Any]:
        self.player(player_id)
        op = ">" if sort == "asc" else "<"
        order = "ASC" if sort == "asc" else "DESC"
        args: list[Any] = [player_id]
        where = "player_id = ?"
        if cursor:
            created, order_id = _decode_cursor(cursor)
            where += f" AND (created_time, order_id) {op} (?, ?)"
            args += [created, order_id]
        elif starting_position is not None:
            where += f" AND created_time {'>=' if sort == 'asc' else '<='} ?"
            args.append(_iso(starting_position))
        rows = self.db.conn.execute(
            f"SELECT * FROM i_orders WHERE {where} ORDER BY created_time {order}, "  # noqa: S608
            f"order_id {order} LIMIT ?",
            [*args, limit + 1],
        ).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = (
            _encode_cursor(rows[-1]["created_time"], rows[-1]["order_id"])
            if more and rows
            else None
        )
        return {
            "data": [json.loads(r["body"]) for r in rows],
            "page": {
                "starting_position": _iso(starting_position) if starting_position else None,
                "cursor": next_cursor,
                "sort": sort,
                "limit": limit,
            },
        }

    def schedule(self, player_id: int, order_id: str) -> None:
        async def later() -> None:
            await asyncio.sleep(self.config.inventory_async_delay)
            async with self.lock:
                self.finish(player_id, order_id)

        task = asyncio.get_running_loop().create_task(later())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def finish_overdue(self) -> None:
        """Finish 202 orders whose time has come (also after a restart of the sandbox)."""
        cutoff = _iso(now_utc() - timedelta(seconds=self.config.inventory_async_delay))
        rows = self.db.conn.execute(
            "SELECT player_id, order_id FROM i_orders WHERE state = "
            "'pending' AND created_time <= ?",
            (cutoff,),
        ).fetchall()
        for row in rows:
            self.finish(row["player_id"], row["order_id"])


PlayerId = Annotated[int, Path(gt=0, le=2**63 - 1, description="Player Id")]  # int64
TOKEN_PATH = "/users/v2/oauth/token"


def _encode_cursor(created: str, order_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([created, order_id]).encode()).decode()


def _decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        created, order_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return str(created), str(order_id)
    except (ValueError, TypeError) as exc:
        raise CursorError from exc


class CursorError(Exception):
    pass


def _forbidden(desc: str) -> JSONResponse:
    return JSONResponse(
        {"auth_success": False, "error_code": "invalid_token", "desc": desc}, status_code=403
    )


def _unprocessable(loc: list[Any], msg: str, kind: str) -> JSONResponse:
    return JSONResponse({"detail": [{"loc": loc, "msg": msg, "type": kind}]}, status_code=422)


def create_inventory_app(sandbox: InventorySandbox, config: SandboxConfig) -> FastAPI:
    app = FastAPI(title="Inventory sandbox", docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # the OpenAPI's ValidationError is {loc, msg, type}: without FastAPI's echo of the input,
        # which could not even be written when the body held NaN or Infinity
        detail = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors()
        ]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.middleware("http")
    async def auth(request: Request, call_next: Any) -> Any:
        if request.url.path.endswith(TOKEN_PATH):
            return await call_next(request)
        state = sandbox.token_state(request.headers.get("authorization"))
        if state == "expired":
            return JSONResponse(
                {
                    "auth_success": False,
                    "error_code": "auth_token_expired",
                    "desc": "The access token has expired.",
                },
                status_code=403,
            )
        if state != "ok":
            return _forbidden("The bearer token is missing or not valid.")
        return await call_next(request)

    @app.post(TOKEN_PATH)
    async def token(request: Request) -> JSONResponse:
        try:
            body = json.loads(await request.body())
        except (ValueError, RecursionError):  # RecursionError: JSON nested too deep
            body = None
        if not isinstance(body, dict) or body.get("grant_type") != "client_credentials":
            return JSONResponse(
                {
                    "auth_success": False,
                    "error_code": "invalid_grant",
                    "desc": "grant_type must be client_credentials",
                },
                status_code=400,
            )
        issued = sandbox.issue_token(request.headers.get("authorization"))
        if issued is None:
            return JSONResponse(
                {
                    "auth_success": False,
                    "error_code": "invalid_client",
                    "desc": "The client id or secret is not valid.",
                },
                status_code=401,
            )
        return JSONResponse(issued)

    @app.post("/inventory/v1/player/{player_id}/order")
    async def create(player_id: PlayerId, order: OrderCreate) -> JSONResponse:
        async with sandbox.lock:
            sandbox.finish_overdue()
            if order.order_id:
                owner = sandbox.order_owner(order.order_id)
                if owner is not None and owner != player_id:
                    return _unprocessable(
                        ["body", "order_id"],
                        "order_id is already used by another player's order",
                        "value_error.duplicate",
                    )
                found = sandbox.existing(player_id, order.order_id)
                if found is not None:  # a repeat: answer the order, change nothing
                    return JSONResponse(found["body"], status_code=200)
            for index, entry in enumerate(order.entries):
                if entry.type is EntryType.promotion_code and not entry.external_tran_id:
                    return _unprocessable(
                        ["body", "entries", index, "external_tran_id"],
                        "Field required for promotion_code entries",
                        "missing",
                    )
                if (
                    entry.type
                    in (
                        EntryType.create_new_persistent_inventory,
                        EntryType.create_new_transient_inventory,
                    )
                    and entry.item_id is None
                ):
                    return _unprocessable(
                        ["body", "entries", index, "item_id"],
                        "Field required for create inventory entries",
                        "missing",
                    )
            status, body = sandbox.create(player_id, order)
        if status == 202:
            sandbox.schedule(player_id, body["order_id"])
        return JSONResponse(body, status_code=status)

    @app.get("/inventory/v1/player/{player_id}/order/{order_id}")
    async def get_one(player_id: PlayerId, order_id: str) -> JSONResponse:
        async with sandbox.lock:
            sandbox.finish_overdue()
            found = sandbox.existing(player_id, order_id)
        if found is None:
            return JSONResponse(
                {
                    "auth_success": True,
                    "error_code": "order_not_found",
                    "desc": f"Order {order_id} was not found for player {player_id}",
                },
                status_code=404,
            )
        return JSONResponse(found["body"])

    @app.get("/inventory/v1/player/{player_id}/order")
    async def get_many(
        player_id: PlayerId,
        starting_position: datetime | None = None,
        cursor: str | None = None,
        sort: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = 10,
    ) -> JSONResponse:
        if starting_position is not None and starting_position.tzinfo is None:
            return _unprocessable(
                ["query", "starting_position"],
                "Datetime must include a time zone",
                "timezone_aware",
            )
        async with sandbox.lock:
            sandbox.finish_overdue()
            try:
                return JSONResponse(sandbox.list(player_id, cursor, starting_position, sort, limit))
            except CursorError:
                return _unprocessable(["query", "cursor"], "Cursor is not valid", "value_error")

    # v2: the same orders, players named by UUID
    @app.post("/inventory/v2/player/{player_uuid}/order")
    async def create_v2(player_uuid: uuid.UUID, order: OrderCreate) -> JSONResponse:
        async with sandbox.lock:
            player_id = sandbox.player_for_uuid(str(player_uuid))
        return await create(player_id, order)

    @app.get("/inventory/v2/player/{player_uuid}/order/{order_id}")
    async def get_one_v2(player_uuid: uuid.UUID, order_id: str) -> JSONResponse:
        async with sandbox.lock:
            player_id = sandbox.player_for_uuid(str(player_uuid))
        return await get_one(player_id, order_id)

    @app.get("/inventory/v2/player/{player_uuid}/order")
    async def get_many_v2(
        player_uuid: uuid.UUID,
        starting_position: datetime | None = None,
        cursor: str | None = None,
        sort: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = 10,
    ) -> JSONResponse:
        async with sandbox.lock:
            player_id = sandbox.player_for_uuid(str(player_uuid))
        return await get_many(player_id, starting_position, cursor, sort, limit)

    return app
