"""Kinguin eCommerce API v1 orders (seed 003), served under /kinguin.

Decisions where the seed is silent (also in docs/sandbox.md):
- an order waits `kinguin_step` seconds in `pending`, then `processing` ("awaits dispatch"),
  then is `completed`; dispatch is accepted from `processing` on (while pending: 400, code 1102
  "not ready") and completes the order, so its keys can be downloaded;
  dispatching a dispatched order answers its existing dispatchId;
- stock is taken when the order is placed; an order for more than is in stock ends out_of_stock
  and its price goes back to the balance;
- the price sent is the most the buyer accepts: below the product's current price is refused
  (400, code 2610); the order is charged at the current price;
- `limit` above 100 is served as 100; below 1, or any malformed parameter, is 400 code 2601
  (3602 for a non-numeric price bound).
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
from fastapi.routing import APIRoute

from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.images import render_key_image
from fulfildesk.sandbox.state import SandboxDB, iso, now_utc, parse_when, wire_time

SEED_STATUSES = ("pending", "processing", "completed", "out_of_stock", "error")
LATER_STATUSES = ("canceled", "refunded")
SORT_FIELDS = {"createdAt": "created_at", "totalPrice": "CAST(total AS REAL)", "status": "status"}
FIRST_ORDER_ID = 20549751
FIRST_DISPATCH_ID = 14169762


@dataclass(frozen=True)
class Product:
    kinguin_id: int
    name: str
    price: str
    stock: int
    key_type: str = "text/plain"


CATALOGUE = (
    Product(4, "Anno 2070", "5.49", 500),
    Product(5, "Anno", "3.59", 500),
    Product(8, "Aliens", "4.99", 500),
    Product(18, "Battlefield 3 Close Quarters Expansion Pack DLC", "13.5", 500),
    Product(409, "Aliens vs Predator", "7.49", 500, "image/jpeg"),
    Product(1021, "The Witcher 3: Wild Hunt GOTY", "9.99", 500),
    Product(1187, "Stardew Valley", "8.79", 500, "image/png"),
    Product(1342, "Hollow Knight", "7.19", 500),
    Product(1455, "Celeste", "4.49", 500, "image/gif"),
    Product(1503, "Cyberpunk 2077", "24.90", 500),
    Product(1618, "Hades", "11.20", 500, "image/png"),
    Product(1774, "Disco Elysium - The Final Cut", "12.99", 3),
    Product(1900, "Limited Collector's Soundtrack", "2.99", 0),
)


class KinguinError(Exception):
    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _error(exc: KinguinError) -> JSONResponse:
    return JSONResponse({"code": exc.code, "message": exc.message}, status_code=exc.status)


class KinguinSandbox:
    def __init__(self, db: SandboxDB, config: SandboxConfig) -> None:
        self.db = db
        self.config = config
        # cheap pages at scale (the sandbox must not be what a sync benchmark measures): counts
        # and page ends of the order list, valid while the connection has changed nothing
        self._counts: dict[tuple[Any, ...], int] = {}
        self._ends: dict[tuple[Any, ...], tuple[str, int]] = {}
        self._version = -1
        self._migrate()

    # ---------------------------------------------------------------- state

    def _migrate(self) -> None:
        conn = self.db.conn
        conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS k_products (
                kinguin_id INTEGER PRIMARY KEY, name TEXT NOT NULL, price TEXT NOT NULL,
                stock INTEGER NOT NULL, key_type TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS k_orders (
                order_id INTEGER PRIMARY KEY, status TEXT NOT NULL, store_id INTEGER NOT NULL,
                created_at TEXT NOT NULL, total TEXT NOT NULL, products TEXT NOT NULL,
                fate TEXT NOT NULL, dispatch_id INTEGER, dispatched_at TEXT);
            CREATE INDEX IF NOT EXISTS k_orders_created ON k_orders (created_at);
            CREATE INDEX IF NOT EXISTS k_orders_status ON k_orders (status);
            CREATE TABLE IF NOT EXISTS k_keys (
                dispatch_id INTEGER NOT NULL, position INTEGER NOT NULL, serial TEXT NOT NULL,
                type TEXT NOT NULL, name TEXT NOT NULL, kinguin_id INTEGER NOT NULL,
                PRIMARY KEY (dispatch_id, position));
            CREATE TABLE IF NOT EXISTS k_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """
        )
        with conn:
            if conn.execute("SELECT count(*) FROM k_products").fetchone()[0] == 0:
                conn.executemany(
                    "INSERT INTO k_products VALUES (?, ?, ?, ?, ?)",
                    [(p.kinguin_id, p.name, p.price, p.stock, p.key_type) for p in CATALOGUE],
                )
                conn.execute(
                    "INSERT INTO k_meta VALUES ('balance', ?)", (self.config.kinguin_balance,)
                )
                conn.execute("INSERT INTO k_meta VALUES ('next_order', ?)", (FIRST_ORDER_ID,))
                conn.execute("INSERT INTO k_meta VALUES ('next_dispatch', ?)", (FIRST_DISPATCH_ID,))
                if self.config.demo_history:
                    self._demo_history(conn)

    def _meta(self, conn: sqlite3.Connection, key: str) -> str:
        value: str = conn.execute("SELECT value FROM k_meta WHERE key = ?", (key,)).fetchone()[0]
        return value

    def _set_meta(self, conn: sqlite3.Connection, key: str, value: Any) -> None:
        conn.execute("UPDATE k_meta SET value = ? WHERE key = ?", (str(value), key))

    def _next_id(self, conn: sqlite3.Connection, key: str) -> int:
        value = int(self._meta(conn, key))
        self._set_meta(conn, key, value + 1)
        return value

    def balance(self) -> Decimal:
        return Decimal(self._meta(self.db.conn, "balance"))

    def _demo_history(self, conn: sqlite3.Connection) -> None:
        rng = random.Random(3)  # a fixed history, the same at every first start
        start = now_utc() - timedelta(days=120)
        products = [p for p in CATALOGUE if p.stock > 0]
        for i in range(36):
            created = start + timedelta(hours=rng.randint(0, 24 * 118))
            lines = []
            for p in rng.sample(products, rng.choice((1, 1, 1, 2))):
                lines.append(
                    {
                        "kinguinId": p.kinguin_id,
                        "qty": rng.choice((1, 1, 2)),
                        "name": p.name,
                        "price": p.price,
                    }
                )
            status = rng.choices(
                ["completed", "out_of_stock", "error", "processing"], weights=[80, 8, 5, 7]
            )[0]
            if i == 35:
                status = "error"
            self._insert_order(conn, lines, created, status, fate="ok")
            if status == "completed":
                order_id = int(self._meta(conn, "next_order")) - 1
                self._dispatch(conn, order_id, created + timedelta(minutes=3))

    def _insert_order(
        self,
        conn: sqlite3.Connection,
        lines: list[dict[str, Any]],
        created: datetime,
        status: str,
        fate: str,
    ) -> int:
        order_id = self._next_id(conn, "next_order")
        total = sum(Decimal(str(line["price"])) * line["qty"] for line in lines)
        conn.execute(
            "INSERT INTO k_orders (order_id, status, store_id, created_at, total, products, fate)"
            " VALUES (?, ?, 1, ?, ?, ?, ?)",
            (order_id, status, iso(created), str(total), json.dumps(lines), fate),
        )
        return order_id

    def _dispatch(self, conn: sqlite3.Connection, order_id: int, when: datetime) -> int:
        dispatch_id = self._next_id(conn, "next_dispatch")
        row = conn.execute(
            "SELECT products FROM k_orders WHERE order_id = ?", (order_id,)
        ).fetchone()
        position = 0
        for line in json.loads(row[0]):
            product = self._product(conn, line["kinguinId"])
            key_type = product["key_type"] if product else "text/plain"
            for _ in range(int(line["qty"])):
                serial = self.config.canary + _serial(order_id, position)
                if key_type != "text/plain":
                    serial = render_key_image(serial, line["name"], key_type)
                conn.execute(
                    "INSERT INTO k_keys VALUES (?, ?, ?, ?, ?, ?)",
                    (dispatch_id, position, serial, key_type, line["name"], line["kinguinId"]),
                )
                position += 1
        conn.execute(
            "UPDATE k_orders SET dispatch_id = ?, dispatched_at = ? WHERE order_id = ?",
            (dispatch_id, iso(when), order_id),
        )
        return dispatch_id

    def _product(self, conn: sqlite3.Connection, kinguin_id: int) -> sqlite3.Row | None:
        if not _fits(kinguin_id):
            return None  # beyond SQLite's integers: no such product
        row: sqlite3.Row | None = conn.execute(
            "SELECT * FROM k_products WHERE kinguin_id = ?", (kinguin_id,)
        ).fetchone()
        return row

    def advance(self) -> None:
        """Move orders along pending -> processing -> completed as time passes."""
        conn = self.db.conn
        step = timedelta(seconds=self.config.kinguin_step)
        now = now_utc()
        with conn:
            rows = conn.execute(
                "SELECT order_id, status, created_at, fate, total FROM k_orders "
                "WHERE status IN ('pending', 'processing')"
            ).fetchall()
            for row in rows:
                age = now - parse_when(row["created_at"])
                if row["status"] == "pending" and age >= step:
                    if row["fate"] == "out_of_stock":
                        balance = Decimal(self._meta(conn, "balance")) + Decimal(row["total"])
                        self._set_meta(conn, "balance", balance)
                        conn.execute(
                            "UPDATE k_orders SET status = 'out_of_stock' WHERE order_id = ?",
                            (row["order_id"],),
                        )
                        continue
                    conn.execute(
                        "UPDATE k_orders SET status = 'processing' WHERE order_id = ?",
                        (row["order_id"],),
                    )
                    row = {**dict(row), "status": "processing"}
                if row["status"] == "processing" and age >= 2 * step:
                    conn.execute(
                        "UPDATE k_orders SET status = 'completed' WHERE order_id = ?",
                        (row["order_id"],),
                    )

    # ---------------------------------------------------------------- operations

    def place(self, body: Any) -> int:
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("products"), list)
            or not body["products"]
        ):
            raise KinguinError(
                400, 2609, "Order request validation error: `products` must be a non-empty list"
            )
        conn = self.db.conn
        lines: list[dict[str, Any]] = []
        fate = "ok"
        with conn:
            wanted: dict[int, int] = {}
            for index, item in enumerate(body["products"]):
                if not isinstance(item, dict):
                    raise KinguinError(400, 2609, f"products[{index}] must be an object")
                kid, qty, price = item.get("kinguinId"), item.get("qty"), item.get("price")
                if item.get("name") is not None and not isinstance(item["name"], str):
                    raise KinguinError(400, 2609, f"products[{index}].name must be a string")
                if not isinstance(kid, int) or isinstance(kid, bool):
                    raise KinguinError(400, 2610, f"products[{index}].kinguinId must be an integer")
                if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1:
                    raise KinguinError(
                        400, 1006, f"products[{index}].qty must be a whole number of at least 1"
                    )
                if qty > 100:
                    raise KinguinError(400, 1002, f"products[{index}].qty may be at most 100")
                try:
                    offered = Decimal(str(price))
                    if isinstance(price, bool) or not offered.is_finite() or offered <= 0:
                        raise InvalidOperation
                except (InvalidOperation, ValueError):
                    raise KinguinError(
                        400, 2610, f"products[{index}].price must be a positive number"
                    ) from None
                product = self._product(conn, kid)
                if product is None:
                    raise KinguinError(400, 2610, f"Product {kid} not found")
                current = Decimal(product["price"])
                if offered < current:
                    raise KinguinError(
                        400,
                        2610,
                        f"Price {offered} for product {kid} is below its current price {current}",
                    )
                wanted[kid] = wanted.get(kid, 0) + qty
                lines.append(
                    {
                        "kinguinId": kid,
                        "qty": qty,
                        "name": item.get("name") or product["name"],
                        "price": _num(current),
                    }
                )
            total = sum(Decimal(str(line["price"])) * line["qty"] for line in lines)
            balance = Decimal(self._meta(conn, "balance"))
            if total > balance:
                raise KinguinError(
                    400,
                    1008,
                    f"Insufficient balance: the order costs {total} "
                    f"EUR and the balance is {balance} EUR",
                )
            for kid, qty in wanted.items():
                stocked = self._product(conn, kid)
                assert stocked is not None  # every wanted product was looked up above
                if stocked["stock"] < qty:
                    fate = "out_of_stock"
            if fate == "ok":
                for kid, qty in wanted.items():
                    conn.execute(
                        "UPDATE k_products SET stock = stock - ? WHERE kinguin_id = ?", (qty, kid)
                    )
            self._set_meta(conn, "balance", balance - total)
            return self._insert_order(conn, lines, now_utc(), "pending", fate)

    def dispatch(self, body: Any) -> int:
        self.advance()
        if not isinstance(body, dict) or "orderId" not in body:
            raise KinguinError(400, 2609, "Order request validation error: `orderId` is required")
        order = self._order_row(body["orderId"])
        conn = self.db.conn
        if order["status"] == "pending":
            raise KinguinError(400, 1102, "Order is not ready for dispatch yet")
        if order["status"] in ("out_of_stock", "error", "refunded"):
            raise KinguinError(400, 1103, f"Order status closed ({order['status']})")
        if order["status"] == "canceled":
            raise KinguinError(400, 1104, "Order status canceled")
        if order["dispatch_id"] is not None:
            return int(order["dispatch_id"])
        with conn:
            dispatch_id = self._dispatch(conn, order["order_id"], now_utc())
            # the seed: processing "awaits dispatch"; completed "keys can be downloaded"
            conn.execute(
                "UPDATE k_orders SET status = 'completed' WHERE order_id = ?", (order["order_id"],)
            )
            return dispatch_id

    def keys(self, dispatch_id: str | None) -> list[dict[str, Any]]:
        if dispatch_id is None or not dispatch_id.strip().isdigit():
            raise KinguinError(400, 2601, 'Parameter "dispatchId" should be an integer')
        rows = self._keys_of(int(dispatch_id)) if _fits(int(dispatch_id)) else []
        if not rows:
            raise KinguinError(404, 2603, f"Dispatch {dispatch_id} not found")
        return [
            {
                "serial": r["serial"],
                "type": r["type"],
                "name": r["name"],
                "kinguinId": r["kinguin_id"],
            }
            for r in rows
        ]

    def _keys_of(self, dispatch_id: int) -> list[sqlite3.Row]:
        conn = self.db.conn
        rows = conn.execute(
            "SELECT * FROM k_keys WHERE dispatch_id = ? ORDER BY position", (dispatch_id,)
        ).fetchall()
        if rows:
            return rows
        order = conn.execute(
            "SELECT order_id, dispatched_at FROM k_orders WHERE dispatch_id = ?", (dispatch_id,)
        ).fetchone()
        if order is None:
            return []
        # a seeded order (--seed-orders): its keys are made the first time they are asked for
        with conn:
            conn.execute(
                "UPDATE k_orders SET dispatch_id = NULL WHERE order_id = ?", (order["order_id"],)
            )
            new_id = self._dispatch(conn, order["order_id"], now_utc())
            conn.execute(
                "UPDATE k_keys SET dispatch_id = ? WHERE dispatch_id = ?", (dispatch_id, new_id)
            )
            conn.execute(
                "UPDATE k_orders SET dispatch_id = ? WHERE order_id = ?",
                (dispatch_id, order["order_id"]),
            )
        return conn.execute(
            "SELECT * FROM k_keys WHERE dispatch_id = ? ORDER BY position", (dispatch_id,)
        ).fetchall()

    def _order_row(self, order_id: Any) -> sqlite3.Row:
        text = str(order_id).strip()
        row: sqlite3.Row | None = None
        if text.isdigit() and _fits(int(text)):
            row = self.db.conn.execute(
                "SELECT * FROM k_orders WHERE order_id = ?", (int(text),)
            ).fetchone()
        if row is None or row["status"] == "error":
            raise KinguinError(404, 1101, f"Order {text} not found")
        return row

    def get(self, order_id: str) -> dict[str, Any]:
        self.advance()
        return _order_json(self._order_row(order_id))

    def list(self, params: dict[str, str]) -> dict[str, Any]:
        self.advance()
        page = _int_param(params, "page", 1)
        limit = _int_param(params, "limit", 10)
        if page < 1:
            raise KinguinError(400, 2601, 'Parameter "page" should be at least 1')
        if limit < 1:
            raise KinguinError(400, 2601, 'Parameter "limit" should be between 1 and 100')
        limit = min(limit, 100)
        sort_by = params.get("sortBy", "createdAt") or "createdAt"
        if sort_by not in SORT_FIELDS:
            raise KinguinError(
                400, 2601, 'Parameter "sortBy" should be one of: totalPrice, status, createdAt'
            )
        sort_type = (params.get("sortType", "desc") or "desc").lower()
        if sort_type not in ("asc", "desc"):
            raise KinguinError(400, 2601, 'Parameter "sortType" should be asc or desc')
        where: list[str] = []
        args: list[Any] = []
        for name, op in (("totalPriceFrom", ">="), ("totalPriceTo", "<=")):
            if params.get(name):
                try:
                    value = Decimal(params[name])
                    if not value.is_finite():
                        raise InvalidOperation
                except InvalidOperation:
                    raise KinguinError(400, 3602, f'Parameter "{name}" should be numeric') from None
                where.append(f"CAST(total AS REAL) {op} ?")
                args.append(float(value))
        for name, op in (("createdAtFrom", ">="), ("createdAtTo", "<=")):
            if params.get(name):
                try:
                    when = parse_when(params[name], end_of_day=(op == "<="))
                    if op == "<=" and when.microsecond == 0:
                        when = when.replace(microsecond=999999)  # the whole of that second
                except ValueError:
                    raise KinguinError(
                        400, 2601, f'Parameter "{name}" should be a UTC date'
                    ) from None
                where.append(f"created_at {op} ?")
                args.append(iso(when))
        if params.get("kinguinId"):
            kid = _int_param(params, "kinguinId", 0)
            where.append(
                "EXISTS (SELECT 1 FROM json_each(products) "
                "WHERE json_extract(value, '$.kinguinId') = ?)"
            )
            args.append(kid)
        if params.get("name"):
            where.append(
                "EXISTS (SELECT 1 FROM json_each(products) "
                "WHERE json_extract(value, '$.name') LIKE ? ESCAPE '\\')"
            )
            escaped = params["name"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            args.append(f"%{escaped}%")
        if params.get("status"):
            statuses = [s.strip() for s in params["status"].split(",") if s.strip()]
            bad = [s for s in statuses if s not in SEED_STATUSES + LATER_STATUSES]
            if bad:
                raise KinguinError(
                    400,
                    2601,
                    f'Parameter "status" has unknown status '
                    f"{bad[0]!r}; use {', '.join(SEED_STATUSES)}",
                )
            where.append(f"status IN ({', '.join('?' for _ in statuses)})")
            args.extend(statuses)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        conn = self.db.conn
        if conn.total_changes != self._version:
            self._counts.clear()
            self._ends.clear()
            self._version = conn.total_changes
        query = (clause, tuple(args))
        count = self._counts.get(query)
        if count is None:
            count = conn.execute(f"SELECT count(*) FROM k_orders{clause}", args).fetchone()[0]  # noqa: S608
            self._counts[query] = count
        direction = "ASC" if sort_type == "asc" else "DESC"
        offset = (page - 1) * limit
        # by date: continue after the end of the nearest page already served (keyset), so a
        # deep page does not walk every row before it
        listing = (*query, direction, limit)
        known = (
            max(
                (p for p in range(max(1, page - 64), page) if (*listing, p) in self._ends),
                default=0,
            )
            if sort_by == "createdAt"
            else 0
        )
        if known:
            end = self._ends[(*listing, known)]
            op = ">" if direction == "ASC" else "<"
            keyset = f"(created_at, order_id) {op} (?, ?)"
            clause = f"{clause} AND {keyset}" if clause else f" WHERE {keyset}"
            args = [*args, *end]
            offset = (page - 1 - known) * limit
        rows = conn.execute(
            f"SELECT * FROM k_orders{clause} ORDER BY {SORT_FIELDS[sort_by]} {direction}, "  # noqa: S608
            f"order_id {direction} LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        if rows and sort_by == "createdAt" and len(self._ends) < 100_000:
            self._ends[(*listing, page)] = (rows[-1]["created_at"], rows[-1]["order_id"])
        return {"results": [_order_json(r) for r in rows], "item_count": count}


def _num(value: Decimal) -> float | int:
    """A price for JSON: Kinguin sends numbers (13.5, 3.59)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _serial(order_id: int, position: int) -> str:
    rng = random.Random(f"{order_id}:{position}:{uuid.uuid4()}")
    alphabet = string.ascii_uppercase + string.digits
    return "-".join("".join(rng.choice(alphabet) for _ in range(5)) for _ in range(3))


def _int_param(params: dict[str, str], name: str, default: int) -> int:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise KinguinError(400, 2601, f'Parameter "{name}" should be an integer') from None
    if not _fits(number * 100):  # page x limit must stay a 64-bit offset
        raise KinguinError(400, 2601, f'Parameter "{name}" is out of range')
    return number


def _fits(number: int) -> bool:
    """Is this a 64-bit integer (what SQLite, and the provider, can store)?"""
    return -(2**63) <= number < 2**63


def _order_json(row: sqlite3.Row) -> dict[str, Any]:
    body: dict[str, Any] = {"totalPrice": _num(Decimal(row["total"]))}
    if row["status"] != "error":
        body["orderId"] = str(row["order_id"])
    products = json.loads(row["products"])
    for line in products:
        line["price"] = _num(Decimal(str(line["price"])))
    body.update(
        {
            "status": row["status"],
            "storeId": row["store_id"],
            "createdAt": wire_time(row["created_at"]),
            "products": products,
        }
    )
    if row["dispatch_id"] is not None:
        body["dispatch"] = {
            "dispatchId": row["dispatch_id"],
            "createdAt": wire_time(row["dispatched_at"]),
        }
    return body


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods of the app's documented routes that match this path (the catch-all aside)."""
    methods: set[str] = set()
    for route in app.routes:
        if isinstance(route, APIRoute) and "{path" not in route.path:
            if route.path_regex.match(path):
                methods |= route.methods or set()
    return sorted(methods)


def create_kinguin_app(sandbox: KinguinSandbox, config: SandboxConfig) -> FastAPI:
    app = FastAPI(title="Kinguin sandbox", docs_url=None, redoc_url=None, openapi_url=None)

    @app.middleware("http")
    async def auth(request: Request, call_next: Any) -> Any:
        if request.headers.get("api-ecommerce-auth") != config.token:
            return JSONResponse(
                {
                    "code": 1001,
                    "message": "Unauthorized: the api-ecommerce-auth key is missing or wrong",
                },
                status_code=401,
            )
        try:
            return await call_next(request)
        except KinguinError as exc:
            return _error(exc)

    async def json_body(request: Request) -> Any:
        if "json" not in request.headers.get("content-type", ""):
            raise KinguinError(400, 2605, "Invalid content type: send application/json")
        try:
            return json.loads(await request.body())
        except (ValueError, RecursionError):  # RecursionError: JSON nested too deep
            raise KinguinError(
                400, 2609, "Order request validation error: the body is not valid JSON"
            ) from None

    @app.post("/v1/order")
    async def place_order(request: Request) -> JSONResponse:
        order_id = sandbox.place(await json_body(request))
        if config.kinguin_place_delay > 0:
            await asyncio.sleep(config.kinguin_place_delay)
        return JSONResponse({"orderId": str(order_id)}, status_code=201)

    @app.post("/v1/order/dispatch")
    async def dispatch(request: Request) -> JSONResponse:
        return JSONResponse(
            {"dispatchId": sandbox.dispatch(await json_body(request))}, status_code=201
        )

    @app.get("/v1/order/dispatch/keys")
    async def keys(request: Request) -> JSONResponse:
        return JSONResponse(sandbox.keys(request.query_params.get("dispatchId")))

    @app.get("/v1/order/{order_id}")
    async def get_order(order_id: str) -> JSONResponse:
        return JSONResponse(sandbox.get(order_id))

    @app.get("/v1/order")
    async def list_orders(request: Request) -> JSONResponse:
        return JSONResponse(sandbox.list(dict(request.query_params)))

    @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    async def not_found(path: str, request: Request) -> JSONResponse:
        allowed = allowed_methods(app, f"/{path}")
        if allowed:  # a documented path asked with another method: 405, code 2405
            answer = _error(
                KinguinError(405, 2405, f"Method {request.method} not allowed on /{path}")
            )
            answer.headers["Allow"] = ", ".join(allowed)
            return answer
        return _error(KinguinError(404, 1404, f"Not found: /{path}"))

    return app
