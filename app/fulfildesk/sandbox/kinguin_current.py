"""Kinguin eCommerce API as it is today (PROVIDERS-TODAY.md), served under /kinguin-current.

The seed's v1 (sandbox/kinguin.py, under /kinguin) is left as it is; this generation has its own
tables and its own balance. Decisions where Kinguin's documents are silent (docs/sandbox.md):
- auth: `X-Api-Key` (the current docs) or its older alias `Api-Ecommerce-Auth`; anything else is
  401 `{kind: Authorization, ...}`;
- error statuses: ConstraintViolation and malformed requests (kind Http) 400, Authorization 401,
  OrderNotFound and unknown paths 404, ResourceLock 409, every other refusal (InsufficientBalance,
  ProductUnavailable, Preorder, NoKeysToReturn) 422 as in the documented retryable example;
- limits: qty 1..9 per product (summed over repeated entries of one product), 1..10 entries per
  order, each a ConstraintViolation with `propertyPath` and `invalidValue`; `page` >= 1 and
  `limit` 1..100 on the search and the keys endpoint (above 100 is refused, not capped);
- `orderExternalId` is optional, must be a non-empty string when sent, and is stored and
  searchable exactly; like Kinguin ("should be unique") the sandbox does not enforce uniqueness;
- an unknown product, a price below the product's current price, too little stock, or
  `keyType: text` for a product whose keys are images: ProductUnavailable (nothing charged);
  the order is charged at the current price; the balance is taken when the order is placed;
- keys are delivered one by one: the n-th key of an order `kinguin_current_key_step * n` seconds
  after the order was placed; it is PENDING until half a step before that, then PROCESSING (Kinguin
  is fetching it from the seller), then DELIVERED; the order is `processing` until no key is
  PENDING or PROCESSING, then settled; keys of a pre-order product stay PENDING (release date
  ahead);
- the keys endpoint lists delivered keys only (those returned or refunded are no longer listed);
- an order's final status once no key is on its way: `canceled` when every key is CANCELED,
  `refunded` when none is DELIVERED any more (each returned, refunded or canceled), else
  `completed`;
- key return: one request per order (a second one is NoKeysToReturn); refused for pre-orders
  (Preorder); returns every delivered key that is not claimed and was delivered less than
  `kinguin_current_return_window` seconds (24 h) ago, refunding its price to the balance; keys
  still pending are returned (and refunded) when they arrive; nothing returnable is
  NoKeysToReturn; an order whose every key is returned becomes `refunded`; the answer (200) lists
  every key of the order as `{id, status}`;
- `POST /_sandbox/order/{id}/cancel` (sandbox only) is Kinguin cancelling an order: keys not yet
  delivered become CANCELED and are refunded; the order is `canceled` when none was delivered;
- `POST /_sandbox/order/{id}/hold?after=N` (sandbox only) is a slow seller: at most N keys of the
  order are delivered; the others, once due, stay PROCESSING until `?release=1`;
- a key counts as claimed once the sandbox-only `POST /_sandbox/order/{id}/claim` says so (the
  stand-in for a buyer redeeming it on Kinguin);
- REFUNDED (the documents name the key status, not when it happens): Kinguin refunding delivered
  keys itself, e.g. a key reported as not working and refunded by Kinguin's support. The
  sandbox-only `POST /_sandbox/order/{id}/refund` (JSON `{"keys": [id, ...]}` optional, default
  every delivered key) makes those DELIVERED keys REFUNDED and puts their price back on the
  balance; keys on their way are left alone. A refunded key is not listed by the keys endpoint;
- OrderFailed ("Unable to create an order"; an older version of the error document lists it as
  retryable, "the order is not completed yet", so the documents do not prove nothing was bought):
  two scenario products. Any order holding product `ORDER_FAILED_ID` (2025) answers 422
  OrderFailed and creates and charges nothing; any order holding `ORDER_FAILED_CREATED_ID` (2026)
  is created and charged (with its orderExternalId, keys delivered as usual) and then answered
  422 OrderFailed, the case a client must settle by looking the reference up. Both on /v1/order
  and /v2/order; neither is in the demo history;
- ResourceLock (409, "Conflict with current resource version"): a key return on an order another
  request is changing. The sandbox-only `POST /_sandbox/order/{id}/lock?seconds=N` (default 30;
  `seconds=0` releases it) is another process holding the order; and with
  `kinguin_current_return_delay` > 0 a key return holds its order for that long, so a second
  return sent meanwhile answers ResourceLock (nothing changes; asking again later works);
- OrderNotSupported (422, "Order not supported due to platform legacy"): an order from Kinguin's
  old platform. The sandbox-only `POST /_sandbox/order/{id}/legacy` marks an order so; its key
  return answers OrderNotSupported and changes nothing (it can still be read and its keys
  fetched);
- the fault `kinguin_place_delay` (shared with /kinguin) creates the order, then answers late;
- the search ignores sortBy/sortType and returns orders by id (ids are random, so not by date).
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import string
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.images import render_key_image
from fulfildesk.sandbox.kinguin import CATALOGUE, allowed_methods
from fulfildesk.sandbox.state import SandboxDB, iso, now_utc, parse_when, wire_time

PREFIX = "kinguin-current"
MAX_QTY = 9
MAX_ITEMS = 10
MAX_LIMIT = 100
DEFAULT_LIMIT = 25
ORDER_STATUSES = ("processing", "completed", "canceled", "refunded")
PREORDER_ID = 2024
#: scenario products: an order holding one answers OrderFailed (nothing created / created first)
ORDER_FAILED_ID = 2025
ORDER_FAILED_CREATED_ID = 2026
#: seconds the sandbox-only lock control holds an order by default
DEFAULT_LOCK_SECONDS = 30.0
FIRST_KINGUIN_ORDER_ID = 30100000
USER_EMAIL = "sandbox@fulfildesk.invalid"

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    422: "Unprocessable Entity",
}


@dataclass(frozen=True)
class CurrentProduct:
    kinguin_id: int
    name: str
    price: str
    stock: int
    key_type: str
    preorder: bool = False
    #: a scenario product (not a game): what ordering it does is in the module docstring
    scenario: bool = False


def _catalogue() -> list[CurrentProduct]:
    products = [
        CurrentProduct(p.kinguin_id, p.name, p.price, p.stock, p.key_type) for p in CATALOGUE
    ]
    products.append(
        CurrentProduct(
            PREORDER_ID, "Hollow Knight: Silksong (pre-order)", "19.99", 500, "text/plain", True
        )
    )
    products.append(
        CurrentProduct(
            ORDER_FAILED_ID,
            "Sandbox scenario: OrderFailed, nothing created",
            "1.00",
            500,
            "text/plain",
            scenario=True,
        )
    )
    products.append(
        CurrentProduct(
            ORDER_FAILED_CREATED_ID,
            "Sandbox scenario: OrderFailed after the order was created",
            "1.00",
            500,
            "text/plain",
            scenario=True,
        )
    )
    return products


class CurrentError(Exception):
    def __init__(self, status: int, kind: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.kind, self.detail, self.extra = status, kind, detail, extra


def violation(path: str, detail: str, value: Any = None) -> CurrentError:
    extra: dict[str, Any] = {"propertyPath": path}
    if value is not None:
        extra["invalidValue"] = value
    return CurrentError(400, "ConstraintViolation", detail, **extra)


def error_body(exc: CurrentError, request: Request) -> JSONResponse:
    body: dict[str, Any] = {
        "kind": exc.kind,
        "status": exc.status,
        "title": TITLES.get(exc.status, "Error"),
        "detail": exc.detail,
        "path": request.url.path,
        "method": request.method,
        "trace": uuid.uuid4().hex[:10],
        "timestamp": now_utc().isoformat(timespec="seconds"),
        **exc.extra,
    }
    return JSONResponse(body, status_code=exc.status)


def _num(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def _hex_id(seed: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"kinguin-current:{seed}").hex[:24]


def _order_id() -> str:
    alphabet = string.ascii_uppercase + string.digits
    return "".join(random.SystemRandom().choice(alphabet) for _ in range(11))


def _serial() -> str:
    alphabet = string.ascii_uppercase + string.digits
    rng = random.SystemRandom()
    return "-".join("".join(rng.choice(alphabet) for _ in range(5)) for _ in range(3))


class KinguinCurrentSandbox:
    def __init__(self, db: SandboxDB, config: SandboxConfig) -> None:
        self.db = db
        self.config = config
        #: orders whose key return is in progress (kinguin_current_return_delay)
        self.returning: set[str] = set()
        #: order -> how many of its keys may be delivered; the others, once due, stay
        #: PROCESSING until released (`POST /_sandbox/order/{id}/hold`: a slow seller)
        self.holding: dict[str, int] = {}
        self._migrate()

    # ---------------------------------------------------------------- state

    def _migrate(self) -> None:
        conn = self.db.conn
        conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS kc_products (
                kinguin_id INTEGER PRIMARY KEY, product_id TEXT NOT NULL UNIQUE,
                offer_id TEXT NOT NULL, name TEXT NOT NULL, price TEXT NOT NULL,
                stock INTEGER NOT NULL, key_type TEXT NOT NULL, release_date TEXT);
            CREATE TABLE IF NOT EXISTS kc_orders (
                order_id TEXT PRIMARY KEY, kinguin_order_id INTEGER NOT NULL,
                external_id TEXT, status TEXT NOT NULL, created_at TEXT NOT NULL,
                total TEXT NOT NULL, request_total TEXT NOT NULL, products TEXT NOT NULL,
                is_preorder INTEGER NOT NULL, return_requested_at TEXT);
            CREATE INDEX IF NOT EXISTS kc_orders_external ON kc_orders (external_id);
            CREATE TABLE IF NOT EXISTS kc_keys (
                key_id TEXT PRIMARY KEY, order_id TEXT NOT NULL, position INTEGER NOT NULL,
                kinguin_id INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
                serial TEXT NOT NULL, price TEXT NOT NULL, status TEXT NOT NULL,
                due_at TEXT, delivered_at TEXT, claimed INTEGER NOT NULL DEFAULT 0,
                return_on_delivery INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS kc_keys_order ON kc_keys (order_id, position);
            CREATE INDEX IF NOT EXISTS kc_keys_due ON kc_keys (status, due_at);
            CREATE TABLE IF NOT EXISTS kc_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS kc_locks (order_id TEXT PRIMARY KEY, until TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS kc_legacy (order_id TEXT PRIMARY KEY);
            """
        )
        with conn:
            empty = conn.execute("SELECT count(*) FROM kc_products").fetchone()[0] == 0
            release = (now_utc() + timedelta(days=60)).date().isoformat()
            # the scenario products join a sandbox whose state predates them
            conn.executemany(
                "INSERT OR IGNORE INTO kc_products VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.kinguin_id,
                        _hex_id(f"product:{p.kinguin_id}"),
                        _hex_id(f"offer:{p.kinguin_id}"),
                        p.name,
                        p.price,
                        p.stock,
                        p.key_type,
                        None,
                    )
                    for p in _catalogue()
                    if p.scenario and not empty
                ],
            )
            if empty:
                conn.executemany(
                    "INSERT INTO kc_products VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            p.kinguin_id,
                            _hex_id(f"product:{p.kinguin_id}"),
                            _hex_id(f"offer:{p.kinguin_id}"),
                            p.name,
                            p.price,
                            p.stock,
                            p.key_type,
                            release if p.preorder else None,
                        )
                        for p in _catalogue()
                    ],
                )
                conn.execute(
                    "INSERT INTO kc_meta VALUES ('balance', ?)", (self.config.kinguin_balance,)
                )
                conn.execute(
                    "INSERT INTO kc_meta VALUES ('next_kinguin_order', ?)",
                    (FIRST_KINGUIN_ORDER_ID,),
                )
                if self.config.demo_history:
                    self._demo_history(conn)

    def _meta(self, conn: sqlite3.Connection, key: str) -> str:
        value: str = conn.execute("SELECT value FROM kc_meta WHERE key = ?", (key,)).fetchone()[0]
        return value

    def _set_meta(self, conn: sqlite3.Connection, key: str, value: Any) -> None:
        conn.execute("UPDATE kc_meta SET value = ? WHERE key = ?", (str(value), key))

    def balance(self) -> Decimal:
        return Decimal(self._meta(self.db.conn, "balance"))

    def _product(self, conn: sqlite3.Connection, column: str, value: Any) -> sqlite3.Row | None:
        assert column in ("kinguin_id", "product_id")
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            return None  # beyond SQLite's integers: no such product
        row: sqlite3.Row | None = conn.execute(
            f"SELECT * FROM kc_products WHERE {column} = ?",  # noqa: S608
            (value,),
        ).fetchone()
        return row

    def _demo_history(self, conn: sqlite3.Connection) -> None:
        rng = random.Random(9)  # the same history at every first start
        products = [p for p in _catalogue() if p.stock > 0 and not p.preorder and not p.scenario]
        start = now_utc() - timedelta(days=20)
        for i in range(8):
            created = start + timedelta(hours=rng.randint(0, 24 * 19))
            chosen = rng.sample(products, rng.choice((1, 1, 2)))
            lines = [
                {
                    "product": dict(self._product(conn, "kinguin_id", p.kinguin_id) or {}),
                    "qty": rng.choice((1, 1, 2)),
                    "request_price": Decimal(p.price),
                }
                for p in chosen
            ]
            self._insert(conn, lines, f"demo-{i + 1:04d}", created, delivered=True)

    def _insert(
        self,
        conn: sqlite3.Connection,
        lines: list[dict[str, Any]],
        external_id: str | None,
        created: datetime,
        *,
        delivered: bool = False,
    ) -> str:
        order_id = _order_id()
        while conn.execute("SELECT 1 FROM kc_orders WHERE order_id = ?", (order_id,)).fetchone():
            order_id = _order_id()  # pragma: no cover - 36**11 ids
        kinguin_order_id = int(self._meta(conn, "next_kinguin_order"))
        self._set_meta(conn, "next_kinguin_order", kinguin_order_id + 1)
        step = timedelta(seconds=self.config.kinguin_current_key_step)
        stored, position = [], 0
        total = request_total = Decimal(0)
        preorder = False
        for line in lines:
            product = line["product"]
            price = Decimal(product["price"])
            total += price * line["qty"]
            request_total += line["request_price"] * line["qty"]
            is_pre = product["release_date"] is not None
            preorder = preorder or is_pre
            stored.append(
                {
                    "kinguinId": product["kinguin_id"],
                    "qty": line["qty"],
                    "price": str(price),
                    "requestPrice": str(line["request_price"]),
                }
            )
            for _ in range(line["qty"]):
                position += 1
                serial = self.config.canary + _serial()
                if product["key_type"] != "text/plain":
                    serial = render_key_image(serial, product["name"], product["key_type"])
                due = None if is_pre else created + step * position
                conn.execute(
                    "INSERT INTO kc_keys (key_id, order_id, position, kinguin_id, name, type, "
                    "serial, price, status, due_at, delivered_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        uuid.uuid4().hex[:24],
                        order_id,
                        position,
                        product["kinguin_id"],
                        product["name"],
                        product["key_type"],
                        serial,
                        str(price),
                        "DELIVERED" if delivered and due else "PENDING",
                        iso(due) if due else None,
                        iso(due) if delivered and due else None,
                    ),
                )
        status = "completed" if delivered and not preorder else "processing"
        conn.execute(
            "INSERT INTO kc_orders (order_id, kinguin_order_id, external_id, status, created_at, "
            "total, request_total, products, is_preorder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                order_id,
                kinguin_order_id,
                external_id,
                status,
                iso(created),
                str(total),
                str(request_total),
                json.dumps(stored),
                int(preorder),
            ),
        )
        return order_id

    def advance(self) -> None:
        """Deliver the keys whose time has come, mark PROCESSING those due within half a step;
        settle the orders with no key on its way."""
        conn = self.db.conn
        current = now_utc()
        now = iso(current)
        soon = iso(current + timedelta(seconds=self.config.kinguin_current_key_step / 2))
        with conn:
            due = conn.execute(
                "SELECT key_id, order_id, price, due_at, return_on_delivery FROM kc_keys "
                "WHERE status IN ('PENDING', 'PROCESSING') AND due_at IS NOT NULL "
                "AND due_at <= ?",
                (now,),
            ).fetchall()
            # Kinguin is fetching these from the seller: no longer PENDING, not yet DELIVERED
            conn.execute(
                "UPDATE kc_keys SET status = 'PROCESSING' WHERE status = 'PENDING' "
                "AND due_at IS NOT NULL AND due_at > ? AND due_at <= ?",
                (now, soon),
            )
            touched = set()
            for key in due:
                touched.add(key["order_id"])
                allowed = self.holding.get(key["order_id"])
                if allowed is not None and allowed <= self._delivered(conn, key["order_id"]):
                    # held: the seller has not handed this key over yet
                    conn.execute(
                        "UPDATE kc_keys SET status = 'PROCESSING' WHERE key_id = ?",
                        (key["key_id"],),
                    )
                    continue
                if key["return_on_delivery"]:
                    # a return asked for before the key arrived is carried out on delivery
                    conn.execute(
                        "UPDATE kc_keys SET status = 'RETURNED', delivered_at = ? WHERE key_id = ?",
                        (key["due_at"], key["key_id"]),
                    )
                    self._refund(conn, Decimal(key["price"]))
                else:
                    conn.execute(
                        "UPDATE kc_keys SET status = 'DELIVERED', delivered_at = ? "
                        "WHERE key_id = ?",
                        (key["due_at"], key["key_id"]),
                    )
            for order_id in touched:
                self._settle(conn, order_id)

    @staticmethod
    def _delivered(conn: sqlite3.Connection, order_id: str) -> int:
        row = conn.execute(
            "SELECT count(*) FROM kc_keys WHERE order_id = ? AND status = 'DELIVERED'",
            (order_id,),
        ).fetchone()
        return int(row[0])

    def hold(self, order_id: str, after: int | None) -> dict[str, Any]:
        """Sandbox only: deliver at most `after` keys of the order; the rest stay PROCESSING once
        due, until `after` is None (released)."""
        if after is None:
            self.holding.pop(order_id, None)
        else:
            self.holding[order_id] = after
        self.advance()
        return {"orderId": order_id, "holdAfter": after}

    def _refund(self, conn: sqlite3.Connection, amount: Decimal) -> None:
        self._set_meta(conn, "balance", Decimal(self._meta(conn, "balance")) + amount)

    def _settle(self, conn: sqlite3.Connection, order_id: str) -> None:
        statuses = [
            r[0] for r in conn.execute("SELECT status FROM kc_keys WHERE order_id = ?", (order_id,))
        ]
        if not statuses or "PENDING" in statuses or "PROCESSING" in statuses:
            return
        if all(s == "CANCELED" for s in statuses):
            final = "canceled"
        elif "DELIVERED" not in statuses:
            final = "refunded"  # no key kept: each returned, refunded or canceled
        else:
            final = "completed"
        conn.execute("UPDATE kc_orders SET status = ? WHERE order_id = ?", (final, order_id))

    # ---------------------------------------------------------------- operations

    def place(self, body: Any, id_field: str) -> dict[str, Any]:
        """POST /v1/order (id_field kinguinId) or /v2/order (id_field productId)."""
        self.advance()
        if not isinstance(body, dict):
            raise CurrentError(400, "Http", "The request body must be a JSON object.")
        products = body.get("products")
        if not isinstance(products, list) or not products:
            raise violation("products", 'Invalid "products" property. It should not be empty.')
        if len(products) > MAX_ITEMS:
            raise violation(
                "products",
                f'Invalid "products" property. The maximum number of items is {MAX_ITEMS}.',
                len(products),
            )
        external = body.get("orderExternalId")
        if external is not None and (not isinstance(external, str) or not external.strip()):
            raise violation(
                "orderExternalId",
                'Invalid "orderExternalId" property. It should be a non-empty string.',
                external if isinstance(external, str | int | float) else None,
            )
        conn = self.db.conn
        lines: list[dict[str, Any]] = []
        per_product: dict[int, int] = {}
        for index, item in enumerate(products):
            where = f"products[{index}]"
            if not isinstance(item, dict):
                raise violation(where, f'Invalid "{where}" property. It should be an object.')
            ident, qty, price = item.get(id_field), item.get("qty"), item.get("price")
            if id_field == "kinguinId":
                if not isinstance(ident, int) or isinstance(ident, bool):
                    raise violation(
                        f"{where}.kinguinId",
                        f'Invalid "{where}.kinguinId" property. It should be an integer.',
                        ident if isinstance(ident, str | float) else None,
                    )
            elif not isinstance(ident, str) or not ident:
                raise violation(
                    f"{where}.productId",
                    f'Invalid "{where}.productId" property. It should be a string.',
                )
            if not isinstance(qty, int) or isinstance(qty, bool) or not 1 <= qty <= MAX_QTY:
                raise violation(
                    f"{where}.qty",
                    f'Invalid "{where}.qty" property. It should be between 1 and {MAX_QTY}.',
                    qty if isinstance(qty, int | float | str) else None,
                )
            try:
                if isinstance(price, bool) or not isinstance(price, int | float | str):
                    raise InvalidOperation
                offered = Decimal(str(price))
                if not offered.is_finite() or offered <= 0:
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                raise violation(
                    f"{where}.price",
                    f'Invalid "{where}.price" property. It should be a positive number.',
                ) from None
            key_type = item.get("keyType")
            if key_type is not None and key_type != "text":
                raise violation(
                    f"{where}.keyType",
                    f'Invalid "{where}.keyType" property. The possible value is "text".',
                    key_type if isinstance(key_type, str) else None,
                )
            column = "kinguin_id" if id_field == "kinguinId" else "product_id"
            product = self._product(conn, column, ident)
            if product is None:
                raise CurrentError(
                    422,
                    "ProductUnavailable",
                    f"Product {ident} is not available.",
                    propertyPath=f"{where}.{id_field}",
                )
            current = Decimal(product["price"])
            if offered < current:
                raise CurrentError(
                    422,
                    "ProductUnavailable",
                    f"No offer of product {ident} at or below the price {offered}; the "
                    f"lowest price is {current}.",
                    propertyPath=f"{where}.price",
                )
            if key_type == "text" and product["key_type"] != "text/plain":
                raise CurrentError(
                    422,
                    "ProductUnavailable",
                    f"Product {ident} has no offer with text keys.",
                    propertyPath=f"{where}.keyType",
                )
            offer = item.get("offerId")
            if offer is not None and (not isinstance(offer, str) or not offer):
                raise violation(
                    f"{where}.offerId",
                    f'Invalid "{where}.offerId" property. It should be a string.',
                )
            if offer is not None and offer != product["offer_id"]:
                raise CurrentError(
                    422,
                    "ProductUnavailable",
                    f"Offer {offer} of product {ident} is not available.",
                    propertyPath=f"{where}.offerId",
                )
            kid = product["kinguin_id"]
            per_product[kid] = per_product.get(kid, 0) + qty
            if per_product[kid] > MAX_QTY:
                raise violation(
                    f"{where}.qty",
                    f'Invalid "{where}.qty" property. At most {MAX_QTY} keys of one offer.',
                    per_product[kid],
                )
            if product["stock"] < per_product[kid]:
                raise CurrentError(
                    422,
                    "ProductUnavailable",
                    f"Product {ident} has {product['stock']} keys left; {per_product[kid]} "
                    "were asked for.",
                    propertyPath=f"{where}.qty",
                )
            lines.append({"product": dict(product), "qty": qty, "request_price": offered})
        kinds = {ln["product"]["kinguin_id"] for ln in lines}
        if ORDER_FAILED_ID in kinds:
            # scenario: Kinguin could not create the order; nothing is created or charged
            raise CurrentError(
                422, "OrderFailed", "Unable to create an order. Please try again later."
            )
        total = sum((Decimal(ln["product"]["price"]) * ln["qty"] for ln in lines), Decimal(0))
        with conn:
            balance = Decimal(self._meta(conn, "balance"))
            if total > balance:
                raise CurrentError(
                    422,
                    "InsufficientBalance",
                    f"Insufficient balance: the order costs {total} EUR and the balance is "
                    f"{balance} EUR.",
                )
            for kid, qty in per_product.items():
                conn.execute(
                    "UPDATE kc_products SET stock = stock - ? WHERE kinguin_id = ?", (qty, kid)
                )
            self._set_meta(conn, "balance", balance - total)
            order_id = self._insert(conn, lines, external, now_utc())
        if ORDER_FAILED_CREATED_ID in kinds:
            # scenario: the order exists and was charged (committed above), yet the answer is
            # OrderFailed; only a lookup by orderExternalId finds it
            raise CurrentError(
                422, "OrderFailed", "Unable to create an order. Please try again later."
            )
        return self.order_json(self._order_row(order_id))

    def _order_row(self, order_id: str) -> sqlite3.Row:
        row: sqlite3.Row | None = self.db.conn.execute(
            "SELECT * FROM kc_orders WHERE order_id = ?", (order_id,)
        ).fetchone()
        if row is None:
            raise CurrentError(
                404, "OrderNotFound", f'Order "{order_id}" not found.', orderId=order_id
            )
        return row

    def get(self, order_id: str) -> dict[str, Any]:
        self.advance()
        return self.order_json(self._order_row(order_id))

    def order_json(self, row: sqlite3.Row) -> dict[str, Any]:
        conn = self.db.conn
        keys = conn.execute(
            "SELECT key_id, kinguin_id, status FROM kc_keys WHERE order_id = ? ORDER BY position",
            (row["order_id"],),
        ).fetchall()
        products = []
        total_qty = 0
        release: str | None = None
        for line in json.loads(row["products"]):
            product = self._product(conn, "kinguin_id", line["kinguinId"])
            assert product is not None
            price = Decimal(line["price"])
            is_pre = product["release_date"] is not None
            release = release or product["release_date"]
            total_qty += line["qty"]
            entry: dict[str, Any] = {
                "kinguinId": product["kinguin_id"],
                "offerId": product["offer_id"],
                "productId": product["product_id"],
                "qty": line["qty"],
                "name": product["name"],
                "price": _num(price),
                "totalPrice": _num(price * line["qty"]),
                "requestPrice": _num(Decimal(line["requestPrice"])),
                "isPreorder": is_pre,
                "keyType": "text" if product["key_type"] == "text/plain" else "image",
                "accurate": price == Decimal(line["requestPrice"]),
                "broker": "internal",
                "keys": [
                    {"id": k["key_id"], "status": k["status"]}
                    for k in keys
                    if k["kinguin_id"] == line["kinguinId"]
                ],
            }
            if is_pre:
                entry["releaseDate"] = product["release_date"]
            products.append(entry)
        body: dict[str, Any] = {
            "totalPrice": _num(Decimal(row["total"])),
            "requestTotalPrice": _num(Decimal(row["request_total"])),
            "paymentPrice": _num(Decimal(row["total"])),
            "status": row["status"],
            "userEmail": USER_EMAIL,
            "storeId": 1,
            "createdAt": wire_time(row["created_at"]),
            "orderId": row["order_id"],
            "kinguinOrderId": row["kinguin_order_id"],
            "orderExternalId": row["external_id"],
            "products": products,
            "totalQty": total_qty,
            "isPreorder": bool(row["is_preorder"]),
        }
        if release:
            body["preorderReleaseDate"] = release
        return body

    def keys(self, order_id: str, params: dict[str, str]) -> list[dict[str, Any]]:
        self.advance()
        self._order_row(order_id)
        page, limit = _paging(params)
        rows = self.db.conn.execute(
            "SELECT k.*, p.product_id, p.offer_id FROM kc_keys k "
            "JOIN kc_products p ON p.kinguin_id = k.kinguin_id "
            "WHERE k.order_id = ? AND k.status = 'DELIVERED' ORDER BY k.position "
            "LIMIT ? OFFSET ?",
            (order_id, limit, (page - 1) * limit),
        ).fetchall()
        return [
            {
                "id": r["key_id"],
                "serial": r["serial"],
                "type": r["type"],
                "name": r["name"],
                "kinguinId": r["kinguin_id"],
                "offerId": r["offer_id"],
                "productId": r["product_id"],
            }
            for r in rows
        ]

    def check_lock(self, order_id: str, *, own: bool = False) -> None:
        """ResourceLock (409) when another request holds the order: the lock control, or a key
        return still in progress (`own`: the caller is that return)."""
        conn = self.db.conn
        row = conn.execute(
            "SELECT until FROM kc_locks WHERE order_id = ? AND until > ?",
            (order_id, iso(now_utc())),
        ).fetchone()
        if row is not None or (order_id in self.returning and not own):
            raise CurrentError(
                409,
                "ResourceLock",
                f'Order "{order_id}" is being modified by another request. Please retry '
                "request later.",
                orderId=order_id,
            )

    def is_legacy(self, order_id: str) -> bool:
        return (
            self.db.conn.execute(
                "SELECT 1 FROM kc_legacy WHERE order_id = ?", (order_id,)
            ).fetchone()
            is not None
        )

    def return_keys(self, order_id: str, *, own_lock: bool = False) -> list[dict[str, Any]]:
        self.advance()
        conn = self.db.conn
        order = self._order_row(order_id)
        self.check_lock(order_id, own=own_lock)
        if self.is_legacy(order_id):
            raise CurrentError(
                422,
                "OrderNotSupported",
                f'Order "{order_id}" is not supported due to platform legacy: its keys cannot '
                "be returned through the API.",
                orderId=order_id,
            )
        if order["return_requested_at"] is not None:
            raise CurrentError(
                422,
                "NoKeysToReturn",
                f'Keys of order "{order_id}" were already returned: one return request per order.',
                orderId=order_id,
            )
        if order["is_preorder"]:
            raise CurrentError(
                422,
                "Preorder",
                f'Order "{order_id}" is a PRE-ORDER: its keys cannot be returned.',
                orderId=order_id,
            )
        window = timedelta(seconds=self.config.kinguin_current_return_window)
        oldest = iso(now_utc() - window)
        with conn:
            keys = conn.execute(
                "SELECT * FROM kc_keys WHERE order_id = ? ORDER BY position", (order_id,)
            ).fetchall()
            eligible = [
                k
                for k in keys
                if k["status"] == "DELIVERED"
                and not k["claimed"]
                and k["delivered_at"] is not None
                and k["delivered_at"] > oldest
            ]
            pending = [k for k in keys if k["status"] in ("PENDING", "PROCESSING")]
            if not eligible and not pending:
                reasons = []
                if any(k["claimed"] for k in keys):
                    reasons.append("claimed")
                if any(
                    k["status"] == "DELIVERED" and not k["claimed"] and k["delivered_at"] <= oldest
                    for k in keys
                ):
                    reasons.append("delivered more than 24 hours ago")
                why = " or ".join(reasons) or "not returnable"
                raise CurrentError(
                    422,
                    "NoKeysToReturn",
                    f'No key of order "{order_id}" can be returned: keys are {why}.',
                    orderId=order_id,
                )
            for key in eligible:
                conn.execute(
                    "UPDATE kc_keys SET status = 'RETURNED' WHERE key_id = ?", (key["key_id"],)
                )
                self._refund(conn, Decimal(key["price"]))
            for key in pending:
                conn.execute(
                    "UPDATE kc_keys SET return_on_delivery = 1 WHERE key_id = ?",
                    (key["key_id"],),
                )
            conn.execute(
                "UPDATE kc_orders SET return_requested_at = ? WHERE order_id = ?",
                (iso(now_utc()), order_id),
            )
            self._settle(conn, order_id)
        return [
            {"id": r["key_id"], "status": r["status"]}
            for r in conn.execute(
                "SELECT key_id, status FROM kc_keys WHERE order_id = ? ORDER BY position",
                (order_id,),
            )
        ]

    def cancel(self, order_id: str) -> list[dict[str, Any]]:
        """Sandbox only: Kinguin cancels the order (no key could be found, a pre-order withdrawn):
        every key not yet delivered becomes CANCELED and its price goes back to the balance; the
        order is `canceled` when no key was delivered."""
        self.advance()
        self._order_row(order_id)
        conn = self.db.conn
        with conn:
            pending = conn.execute(
                "SELECT key_id, price FROM kc_keys WHERE order_id = ? "
                "AND status IN ('PENDING', 'PROCESSING')",
                (order_id,),
            ).fetchall()
            for key in pending:
                conn.execute(
                    "UPDATE kc_keys SET status = 'CANCELED' WHERE key_id = ?", (key["key_id"],)
                )
                self._refund(conn, Decimal(key["price"]))
            self._settle(conn, order_id)
        return [
            {"id": r["key_id"], "status": r["status"]}
            for r in conn.execute(
                "SELECT key_id, status FROM kc_keys WHERE order_id = ? ORDER BY position",
                (order_id,),
            )
        ]

    def refund(self, order_id: str, key_ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Sandbox only: Kinguin refunds delivered keys itself (a key reported as not working,
        refunded by support): each DELIVERED key of the order (or of `key_ids`) becomes REFUNDED
        and its price goes back to the balance; keys on their way are left alone."""
        self.advance()
        self._order_row(order_id)
        conn = self.db.conn
        with conn:
            delivered = conn.execute(
                "SELECT key_id, price FROM kc_keys WHERE order_id = ? AND status = 'DELIVERED'",
                (order_id,),
            ).fetchall()
            for key in delivered:
                if key_ids is not None and key["key_id"] not in key_ids:
                    continue
                conn.execute(
                    "UPDATE kc_keys SET status = 'REFUNDED' WHERE key_id = ?", (key["key_id"],)
                )
                self._refund(conn, Decimal(key["price"]))
            self._settle(conn, order_id)
        return self._key_states(order_id)

    def lock(self, order_id: str, seconds: float) -> dict[str, Any]:
        """Sandbox only: another process holds the order for `seconds` (0 releases it); key
        returns meanwhile answer ResourceLock."""
        self._order_row(order_id)
        conn = self.db.conn
        with conn:
            conn.execute("DELETE FROM kc_locks WHERE order_id = ?", (order_id,))
            if seconds > 0:
                until = now_utc() + timedelta(seconds=seconds)
                conn.execute("INSERT INTO kc_locks VALUES (?, ?)", (order_id, iso(until)))
        return {"orderId": order_id, "lockedFor": seconds if seconds > 0 else 0}

    def mark_legacy(self, order_id: str) -> dict[str, Any]:
        """Sandbox only: the order comes from Kinguin's old platform (OrderNotSupported)."""
        self._order_row(order_id)
        conn = self.db.conn
        with conn:
            conn.execute("INSERT OR IGNORE INTO kc_legacy VALUES (?)", (order_id,))
        return {"orderId": order_id, "legacy": True}

    def _key_states(self, order_id: str) -> list[dict[str, Any]]:
        return [
            {"id": r["key_id"], "status": r["status"]}
            for r in self.db.conn.execute(
                "SELECT key_id, status FROM kc_keys WHERE order_id = ? ORDER BY position",
                (order_id,),
            )
        ]

    def claim(self, order_id: str) -> list[dict[str, Any]]:
        """Sandbox only: mark the delivered keys of an order as claimed by a buyer."""
        self.advance()
        self._order_row(order_id)
        conn = self.db.conn
        with conn:
            conn.execute(
                "UPDATE kc_keys SET claimed = 1 WHERE order_id = ? AND status = 'DELIVERED'",
                (order_id,),
            )
        return [
            {"id": r["key_id"], "status": r["status"], "claimed": bool(r["claimed"])}
            for r in conn.execute(
                "SELECT key_id, status, claimed FROM kc_keys WHERE order_id = ? ORDER BY position",
                (order_id,),
            )
        ]

    def search(self, params: dict[str, str]) -> dict[str, Any]:
        self.advance()
        page, limit = _paging(params)
        where: list[str] = []
        args: list[Any] = []
        for name, op in (("createdAtFrom", ">="), ("createdAtTo", "<=")):
            if params.get(name):
                try:
                    when = parse_when(params[name], end_of_day=(op == "<="))
                    if op == "<=" and when.microsecond == 0:
                        when = when.replace(microsecond=999999)
                except ValueError:
                    raise violation(
                        name, f'Invalid "{name}" parameter. It should be a date.'
                    ) from None
                where.append(f"created_at {op} ?")
                args.append(iso(when))
        for name, op in (("totalPriceFrom", ">="), ("totalPriceTo", "<=")):
            if params.get(name):
                try:
                    value = Decimal(params[name])
                    if not value.is_finite():
                        raise InvalidOperation
                except InvalidOperation:
                    raise violation(
                        name, f'Invalid "{name}" parameter. It should be a number.'
                    ) from None
                where.append(f"CAST(total AS REAL) {op} ?")
                args.append(float(value))
        if params.get("orderId"):
            where.append("order_id = ?")
            args.append(params["orderId"])
        if "orderExternalId" in params:
            where.append("external_id = ?")
            args.append(params["orderExternalId"])
        if params.get("kinguinOrderId"):
            where.append("CAST(kinguin_order_id AS TEXT) = ?")
            args.append(params["kinguinOrderId"].strip())
        if params.get("kinguinId"):
            text = params["kinguinId"].strip()
            if not text.isdigit() or int(text) >= 2**63:
                raise violation(
                    "kinguinId", 'Invalid "kinguinId" parameter. It should be an integer.'
                )
            where.append(
                "EXISTS (SELECT 1 FROM json_each(products) "
                "WHERE json_extract(value, '$.kinguinId') = ?)"
            )
            args.append(int(text))
        if params.get("productId"):
            where.append(
                "EXISTS (SELECT 1 FROM json_each(products) JOIN kc_products p "
                "ON p.kinguin_id = json_extract(value, '$.kinguinId') WHERE p.product_id = ?)"
            )
            args.append(params["productId"])
        if params.get("name"):
            escaped = params["name"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(
                "EXISTS (SELECT 1 FROM json_each(products) JOIN kc_products p "
                "ON p.kinguin_id = json_extract(value, '$.kinguinId') "
                "WHERE p.name LIKE ? ESCAPE '\\')"
            )
            args.append(f"%{escaped}%")
        if params.get("status"):
            statuses = [s.strip() for s in params["status"].split(",") if s.strip()]
            bad = [s for s in statuses if s not in ORDER_STATUSES]
            if bad:
                raise violation(
                    "status",
                    f'Invalid "status" parameter. Use one of: {", ".join(ORDER_STATUSES)}.',
                    bad[0],
                )
            where.append(f"status IN ({', '.join('?' for _ in statuses)})")
            args.extend(statuses)
        if params.get("isPreorder"):
            flag = params["isPreorder"].strip().lower()
            if flag not in ("yes", "no"):
                raise violation(
                    "isPreorder", 'Invalid "isPreorder" parameter. Use yes or no.', flag
                )
            where.append("is_preorder = ?")
            args.append(1 if flag == "yes" else 0)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        conn = self.db.conn
        count = conn.execute(f"SELECT count(*) FROM kc_orders{clause}", args).fetchone()[0]  # noqa: S608
        rows = conn.execute(
            f"SELECT * FROM kc_orders{clause} ORDER BY order_id LIMIT ? OFFSET ?",  # noqa: S608
            [*args, limit, (page - 1) * limit],
        ).fetchall()
        return {"results": [self.order_json(r) for r in rows], "item_count": count}


def _paging(params: dict[str, str]) -> tuple[int, int]:
    values = {}
    for name, default in (("page", 1), ("limit", DEFAULT_LIMIT)):
        text = params.get(name)
        if text is None or text == "":
            values[name] = default
            continue
        try:
            values[name] = int(text)
        except ValueError:
            raise violation(
                name, f'Invalid "{name}" parameter. It should be an integer.', text
            ) from None
    if values["page"] >= 2**63 // MAX_LIMIT:  # page x limit must stay a 64-bit offset
        raise violation("page", 'Invalid "page" parameter. It is out of range.', values["page"])
    if values["page"] < 1:
        raise violation(
            "page", 'Invalid "page" parameter. It should be at least 1.', values["page"]
        )
    if not 1 <= values["limit"] <= MAX_LIMIT:
        raise violation(
            "limit",
            f'Invalid "limit" parameter. It should be between 1 and {MAX_LIMIT}.',
            values["limit"],
        )
    return values["page"], values["limit"]


def create_kinguin_current_app(sandbox: KinguinCurrentSandbox, config: SandboxConfig) -> FastAPI:
    app = FastAPI(
        title="Kinguin (current API) sandbox", docs_url=None, redoc_url=None, openapi_url=None
    )

    @app.middleware("http")
    async def auth(request: Request, call_next: Any) -> Any:
        key = request.headers.get("x-api-key") or request.headers.get("api-ecommerce-auth")
        if key != config.token:
            body = error_body(
                CurrentError(
                    401, "Authorization", "Invalid authentication data.", type="Unauthorized"
                ),
                request,
            )
            return body
        try:
            return await call_next(request)
        except CurrentError as exc:
            return error_body(exc, request)

    async def json_body(request: Request) -> Any:
        if "json" not in request.headers.get("content-type", ""):
            raise CurrentError(400, "Http", "Invalid content type: send application/json.")
        try:
            return json.loads(await request.body())
        except (ValueError, RecursionError):
            raise CurrentError(400, "Http", "The request body is not valid JSON.") from None

    async def placed(order: dict[str, Any]) -> JSONResponse:
        if config.kinguin_place_delay > 0:
            # fault injection (shared with /kinguin): the order exists, the answer is late
            await asyncio.sleep(config.kinguin_place_delay)
        return JSONResponse(order, status_code=201)

    @app.post("/v1/order")
    async def place_v1(request: Request) -> JSONResponse:
        return await placed(sandbox.place(await json_body(request), "kinguinId"))

    @app.post("/v2/order")
    async def place_v2(request: Request) -> JSONResponse:
        return await placed(sandbox.place(await json_body(request), "productId"))

    @app.get("/v1/order")
    async def search(request: Request) -> JSONResponse:
        return JSONResponse(sandbox.search(dict(request.query_params)))

    @app.get("/v1/order/{order_id}")
    async def get_order(order_id: str) -> JSONResponse:
        return JSONResponse(sandbox.get(order_id))

    @app.get("/v2/order/{order_id}/keys")
    async def keys(order_id: str, request: Request) -> JSONResponse:
        return JSONResponse(sandbox.keys(order_id, dict(request.query_params)))

    @app.post("/v2/order/{order_id}/keys/return")
    async def return_keys(order_id: str) -> JSONResponse:
        delay = config.kinguin_current_return_delay
        if delay <= 0:
            return JSONResponse(sandbox.return_keys(order_id))
        # the return takes a while and holds the order meanwhile: a second request on it is
        # answered ResourceLock
        sandbox.get(order_id)  # OrderNotFound first
        sandbox.check_lock(order_id)
        sandbox.returning.add(order_id)
        try:
            await asyncio.sleep(delay)
            return JSONResponse(sandbox.return_keys(order_id, own_lock=True))
        finally:
            sandbox.returning.discard(order_id)

    @app.get("/v1/balance")
    async def balance() -> JSONResponse:
        return JSONResponse({"balance": _num(sandbox.balance())})

    @app.post("/_sandbox/order/{order_id}/cancel")
    async def cancel(order_id: str) -> JSONResponse:
        return JSONResponse(sandbox.cancel(order_id))

    @app.post("/_sandbox/order/{order_id}/refund")
    async def refund(order_id: str, request: Request) -> JSONResponse:
        keys: list[str] | None = None
        if await request.body():
            body = await json_body(request)
            wanted = body.get("keys") if isinstance(body, dict) else None
            if wanted is not None and (
                not isinstance(wanted, list) or not all(isinstance(k, str) for k in wanted)
            ):
                raise violation("keys", 'Invalid "keys" property. It should be a list of ids.')
            keys = wanted
        return JSONResponse(sandbox.refund(order_id, keys))

    @app.post("/_sandbox/order/{order_id}/lock")
    async def lock(order_id: str, request: Request) -> JSONResponse:
        text = request.query_params.get("seconds", "")
        try:
            seconds = float(text) if text else DEFAULT_LOCK_SECONDS
            if seconds != seconds or seconds in (float("inf"), float("-inf")):
                raise ValueError
        except ValueError:
            raise violation(
                "seconds", 'Invalid "seconds" parameter. It should be a number.'
            ) from None
        return JSONResponse(sandbox.lock(order_id, seconds))

    @app.post("/_sandbox/order/{order_id}/hold")
    async def hold(order_id: str, request: Request) -> JSONResponse:
        text = request.query_params.get("after", "")
        if request.query_params.get("release"):
            return JSONResponse(sandbox.hold(order_id, None))
        if not text.isdigit():
            raise violation("after", 'Invalid "after" parameter. It should be a number.')
        return JSONResponse(sandbox.hold(order_id, int(text)))

    @app.post("/_sandbox/order/{order_id}/legacy")
    async def legacy(order_id: str) -> JSONResponse:
        return JSONResponse(sandbox.mark_legacy(order_id))

    @app.post("/_sandbox/order/{order_id}/claim")
    async def claim(order_id: str) -> JSONResponse:
        return JSONResponse(sandbox.claim(order_id))

    @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    async def not_found(path: str, request: Request) -> JSONResponse:
        allowed = allowed_methods(app, f"/{path}")
        if allowed and not path.startswith("v1/order/dispatch"):  # another method than documented
            answer = error_body(
                CurrentError(405, "Http", f"No route found for {request.method} /{path}."),
                request,
            )
            answer.headers["Allow"] = ", ".join(allowed)
            return answer
        removed = path.startswith("v1/order/dispatch")
        detail = (
            "Dispatch was removed on 2025-03-25: fetch keys with GET /v2/order/{orderId}/keys."
            if removed
            else f"No route found for {request.method} /{path}."
        )
        return error_body(CurrentError(404, "Http", detail), request)

    return app
