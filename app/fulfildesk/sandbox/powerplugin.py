"""Physical goods orders (seed 000), served under /powerplugin.

Decisions where the seed is silent (also in the README):
- a reservation and the acquisition that sending creates share one transactionId; they are two
  records (orderType Reservation / Acquisition) with their own operationId;
- statuses: Reservation Pending -> Completed (sent) | Cancelled; Acquisition Shipped -> InTransit
  (tracking registered) -> Completed (delivered) | Cancelled | Refunded;
- refused with 400 and a clear message: shipping a cancelled or already sent reservation,
  tracking an order never sent, completing twice, cancelling twice, refunding an order whose
  value is 0 (never paid), a second pending reservation for the same player and product;
- a reservation holds stock per product and establishment; cancelling it (or cancelling the
  acquisition) frees it;
- send takes the address from its body, completed by details given earlier; country must be
  ISO 3166 and the postal code plausible for it;
- mutations answer 200 with `success`, `message` and the order object.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from fulfildesk.domain.validation import (
    country_code,
    email_problem,
    postal_code_problem,
    text_problem,
)
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.state import SandboxDB, now_utc

TRACK_URL = "https://app.thepowerplugin.com/delivery?token={token}&transactionId={tx}"
PLAYER_ID = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
TRACKING = re.compile(r"^[A-Za-z0-9\-]{5,40}$")
SEED_PLAYER = "29df8b26-a2c8-4a45-9601-07fec4c4242d"
SEED_PRODUCT = "cd8ca7f8-550c-47cb-9563-e4d383aec965"
SEED_ESTABLISHMENT = "522ef85f-7a5c-4ebb-b38d-46f40981be04"


@dataclass(frozen=True)
class Establishment:
    establishment_id: str
    name: str
    image: str
    thumbnail: str


@dataclass(frozen=True)
class Product:
    product_id: str
    name: str
    price: str


ESTABLISHMENTS = (
    Establishment(SEED_ESTABLISHMENT, "User Establishment", "/icon.png", "/logo.png"),
    Establishment(
        "7f0e3c52-1d1b-4d4e-9f6b-2f3a8d1c9b10",
        "North Warehouse",
        "/images/north-warehouse.png",
        "/images/north-warehouse-thumb.png",
    ),
    Establishment(
        "b3c1a9e4-5a7d-4c2e-8e61-0d9f4c2a7e33",
        "Madrid Flagship Store",
        "/images/madrid-store.png",
        "/images/madrid-store-thumb.png",
    ),
)
PRODUCTS = (
    Product(SEED_PRODUCT, "Collector's Edition Box", "59.90"),
    Product("0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11", "Team Hoodie", "39.00"),
    Product("4e9a1c3b-7d52-4b8e-a1f0-2c3d4e5f6a72", "Hero Figurine", "24.50"),
    Product("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b63", "Art Poster", "12.00"),
    Product("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c54", "Sticker Pack (free)", "0"),
)
STOCK = {
    SEED_PRODUCT: 25,
    PRODUCTS[1].product_id: 40,
    PRODUCTS[2].product_id: 2,
    PRODUCTS[3].product_id: 100,
    PRODUCTS[4].product_id: 500,
}
PLAYERS = (
    (SEED_PLAYER, "user player", "user@user.com"),
    ("8a7d3f2e-6c1b-4e9a-b5d4-3c2b1a0f9e87", "Ana Torres", "ana.torres@example.com"),
    ("5c4b3a29-1e0f-4d8c-9b7a-6f5e4d3c2b11", "Liam O'Brien", "liam.obrien@example.com"),
    ("3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c02", "Yuki Tanaka", "yuki.tanaka@example.com"),
)


class PPError(Exception):
    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field

    def response(self) -> JSONResponse:
        body: dict[str, Any] = {"success": False, "message": self.message}
        if self.field:
            body["field"] = self.field
        return JSONResponse(body, status_code=self.status)


def _date() -> str:
    return now_utc().strftime("%Y-%m-%dT%H:%M:%S.") + f"{now_utc().microsecond // 1000:03d}Z"


class PowerPluginSandbox:
    def __init__(self, db: SandboxDB, config: SandboxConfig) -> None:
        self.db = db
        self.config = config
        conn = db.conn
        conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS pp_stock (
                product_id TEXT NOT NULL, establishment_id TEXT NOT NULL, available INTEGER
                NOT NULL, PRIMARY KEY (product_id, establishment_id));
            CREATE TABLE IF NOT EXISTS pp_players (
                player_id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS pp_records (
                operation_id TEXT PRIMARY KEY, transaction_id TEXT NOT NULL,
                player_id TEXT NOT NULL, order_type TEXT NOT NULL, body TEXT NOT NULL,
                seq INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS pp_records_tx ON pp_records (transaction_id);
            CREATE INDEX IF NOT EXISTS pp_records_player ON pp_records (player_id, seq);
            CREATE TABLE IF NOT EXISTS pp_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """
        )
        with conn:
            if conn.execute("SELECT count(*) FROM pp_players").fetchone()[0] == 0:
                conn.executemany("INSERT INTO pp_players VALUES (?, ?, ?)", PLAYERS)
                conn.executemany(
                    "INSERT INTO pp_stock VALUES (?, ?, ?)",
                    [
                        (p.product_id, e.establishment_id, STOCK[p.product_id])
                        for p in PRODUCTS
                        for e in ESTABLISHMENTS
                    ],
                )
                conn.execute("INSERT INTO pp_meta VALUES ('reference', '2')")
                conn.execute("INSERT INTO pp_meta VALUES ('seq', '0')")
        if config.demo_history and not conn.execute("SELECT 1 FROM pp_records").fetchone():
            self._demo_history()

    # ---------------------------------------------------------------- helpers

    def _next(self, key: str) -> int:
        conn = self.db.conn
        value = int(conn.execute("SELECT value FROM pp_meta WHERE key = ?", (key,)).fetchone()[0])
        conn.execute("UPDATE pp_meta SET value = ? WHERE key = ?", (str(value + 1), key))
        return value + 1

    def _player(self, player_id: str) -> tuple[str, str]:
        if not PLAYER_ID.match(player_id or ""):
            raise PPError(400, "Invalid player ID")
        row = self.db.conn.execute(
            "SELECT name, email FROM pp_players WHERE player_id = ?", (player_id,)
        ).fetchone()
        if row is None:
            name = f"player {player_id[:8]}"
            email = ""
            with self.db.conn:
                self.db.conn.execute(
                    "INSERT INTO pp_players VALUES (?, ?, ?)", (player_id, name, email)
                )
            return name, email
        return row["name"], row["email"]

    def _records(self, transaction_id: str, player_id: str) -> dict[str, dict[str, Any]]:
        rows = self.db.conn.execute(
            "SELECT order_type, body FROM pp_records WHERE transaction_id = ? AND player_id = ?",
            (transaction_id, player_id),
        ).fetchall()
        if not rows:
            raise PPError(404, f"Order or transaction {transaction_id} not found")
        return {r["order_type"]: json.loads(r["body"]) for r in rows}

    def _save(self, body: dict[str, Any]) -> None:
        seq = self._next("seq")
        self.db.conn.execute(
            "INSERT INTO pp_records VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (operation_id) DO "
            "UPDATE SET body = excluded.body",
            (
                body["operationId"],
                body["transactionId"],
                body["playerId"],
                body["orderType"],
                json.dumps(body),
                seq,
            ),
        )

    def _stock(self, product_id: str, establishment_id: str, delta: int) -> None:
        self.db.conn.execute(
            "UPDATE pp_stock SET available = available + ? WHERE product_id = ? "
            "AND establishment_id = ?",
            (delta, product_id, establishment_id),
        )

    @staticmethod
    def _ok(message: str, order: dict[str, Any]) -> dict[str, Any]:
        return {"success": True, "message": message, **order}

    # ---------------------------------------------------------------- endpoints

    def reserve(self, player_id: str, body: Any, when: str | None = None) -> dict[str, Any]:
        name, player_email = self._player(player_id)
        if not isinstance(body, dict):
            raise PPError(400, "Invalid reservation payload: send a JSON object")
        product_id, establishment_id = body.get("productId"), body.get("establishmentId")
        for field, value in (("productId", product_id), ("establishmentId", establishment_id)):
            if not isinstance(value, str) or not value.strip():
                raise PPError(400, f"Invalid reservation payload: {field} is required", field)
        quantity = body.get("quantity", 1)
        if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= 50:
            raise PPError(400, "Invalid reservation payload: quantity must be 1 to 50", "quantity")
        denomination = body.get("denomination")
        if denomination is not None and (
            not isinstance(denomination, int) or isinstance(denomination, bool)
        ):
            raise PPError(
                400, "Invalid reservation payload: denomination must be an integer", "denomination"
            )
        email = body.get("email") or player_email
        if body.get("email") and email_problem(str(body["email"]), required=False):
            raise PPError(400, "Invalid reservation payload: email is not valid", "email")
        product = next((p for p in PRODUCTS if p.product_id == product_id), None)
        if product is None:
            raise PPError(
                400, f"Invalid reservation payload: unknown productId {product_id}", "productId"
            )
        place = next((e for e in ESTABLISHMENTS if e.establishment_id == establishment_id), None)
        if place is None:
            raise PPError(
                400,
                f"Invalid reservation payload: unknown establishmentId {establishment_id}",
                "establishmentId",
            )
        conn = self.db.conn
        for row in conn.execute(
            "SELECT body FROM pp_records WHERE player_id = ? AND order_type = 'Reservation'",
            (player_id,),
        ):
            existing = json.loads(row["body"])
            if existing["productId"] == product_id and existing["orderStatus"] == "Pending":
                raise PPError(400, "Reservation already exists for this player and product")
        available = conn.execute(
            "SELECT available FROM pp_stock WHERE product_id = ? AND establishment_id = ?",
            (product_id, establishment_id),
        ).fetchone()[0]
        if available < quantity:
            raise PPError(
                400,
                f"Not enough stock: {available} left of {product.name} at {place.name}",
                "quantity",
            )
        transaction_id = str(uuid.uuid4())
        token = secrets.token_hex(11)[:22]
        with conn:
            order = {
                "operationId": str(uuid.uuid4()),
                "orderType": "Reservation",
                "orderStatus": "Pending",
                "orderDisplayStatus": "Pending",
                "value": float(Decimal(product.price) * quantity),
                "reference": f"PROV-REF-{self._next('reference'):06d}",
                "playerId": player_id,
                "productId": product_id,
                "productName": product.name,
                "quantity": quantity,
                "denomination": denomination,
                "playerEmail": email,
                "playerName": name,
                "establishmentId": place.establishment_id,
                "establishmentName": place.name,
                "establishmentImage": place.image,
                "establishmentThumbnailUrl": place.thumbnail,
                "transactionId": transaction_id,
                "address": None,
                "country": None,
                "postalCode": None,
                "city": None,
                "date": when or _date(),
                "trackToken": token,
                "trackUrl": TRACK_URL.format(token=token, tx=transaction_id),
                "trackingNumber": None,
            }
            self._stock(product.product_id, place.establishment_id, -quantity)
            self._save(order)
        return order

    def update_details(self, player_id: str, transaction_id: str, body: Any) -> dict[str, Any]:
        self._player(player_id)
        if not isinstance(body, dict):
            raise PPError(400, "Invalid request payload: send a JSON object")
        allowed = {"email", "address", "country", "postalCode", "city"}
        unknown = set(body) - allowed
        if unknown:
            raise PPError(400, f"Invalid request payload: unknown field {sorted(unknown)[0]}")
        if not body:
            raise PPError(400, "Invalid request payload: nothing to update")
        for key, value in body.items():
            if value is not None and not isinstance(value, str | int):
                raise PPError(400, f"Invalid request payload: {key} must be text", key)
        records = self._records(transaction_id, player_id)
        current = records.get("Acquisition") or records["Reservation"]
        if current["orderStatus"] in ("Cancelled", "Refunded") or (
            current["orderType"] == "Acquisition" and current["orderStatus"] == "Completed"
        ):
            raise PPError(
                400,
                "Invalid operation or record status/type: the order is "
                f"{current['orderStatus'].lower()}",
            )
        values = {k: (str(v).strip() if v is not None else None) for k, v in body.items()}
        problem = _address_problem(values, require=False)
        if problem:
            raise PPError(422, problem[1], problem[0])
        if country := values.get("country"):
            values["country"] = country_code(country)
        with self.db.conn:
            for record in records.values():
                for key, value in values.items():
                    record["playerEmail" if key == "email" else key] = value
                self._save(record)
        return {"success": True, "message": "Order details updated successfully"}

    def cancel_reservation(self, player_id: str, transaction_id: str) -> dict[str, Any]:
        self._player(player_id)
        records = self._records(transaction_id, player_id)
        reservation = records.get("Reservation")
        if reservation is None or reservation["orderStatus"] != "Pending":
            raise PPError(
                400,
                "Invalid operation or record status/type: only a pending "
                "reservation can be cancelled",
            )
        with self.db.conn:
            reservation.update({"orderStatus": "Cancelled", "orderDisplayStatus": "Cancelled"})
            self._stock(
                reservation["productId"],
                reservation["establishmentId"],
                reservation.get("quantity") or 1,
            )
            self._save(reservation)
        return self._ok("Reservation cancelled successfully", reservation)

    def send(self, player_id: str, transaction_id: str, body: Any) -> dict[str, Any]:
        self._player(player_id)
        if body is not None and not isinstance(body, dict):
            raise PPError(400, "Missing or invalid address information: send a JSON object")
        body = body or {}
        records = self._records(transaction_id, player_id)
        reservation = records.get("Reservation")
        if reservation is None or reservation["orderStatus"] != "Pending":
            state = (reservation or {}).get("orderStatus", "missing").lower()
            raise PPError(
                400,
                "Invalid operation or record status/type: the reservation is "
                f"{'already sent' if state == 'completed' else state}",
            )
        values = {
            "address": str(body.get("addressLine1") or reservation.get("address") or "").strip(),
            "country": str(body.get("country") or reservation.get("country") or "").strip(),
            "postalCode": str(
                body.get("postalCode")
                if body.get("postalCode") is not None
                else reservation.get("postalCode") or ""
            ).strip(),
            "recipientName": str(
                body.get("recipientName") or reservation.get("playerName") or ""
            ).strip(),
        }
        problem = _address_problem(values, require=True)
        if problem:
            raise PPError(
                400,
                f"Missing or invalid address information: {problem[1]}",
                {"address": "addressLine1"}.get(problem[0], problem[0]),
            )
        with self.db.conn:
            reservation.update(
                {
                    "orderStatus": "Completed",
                    "orderDisplayStatus": "Completed",
                    "address": values["address"],
                    "country": country_code(values["country"]),
                    "postalCode": values["postalCode"],
                }
            )
            self._save(reservation)
            acquisition = {
                **reservation,
                "operationId": str(uuid.uuid4()),
                "orderType": "Acquisition",
                "orderStatus": "Shipped",
                "orderDisplayStatus": "Shipped",
                "date": _date(),
                "recipientName": values["recipientName"],
            }
            self._save(acquisition)
        return self._ok("Shipping process confirmed", acquisition)

    def _acquisition(self, player_id: str, transaction_id: str) -> dict[str, Any]:
        self._player(player_id)
        records = self._records(transaction_id, player_id)
        acquisition = records.get("Acquisition")
        if acquisition is None:
            raise PPError(400, "Invalid operation or record status/type: the order was never sent")
        return acquisition

    def track(self, player_id: str, transaction_id: str, body: Any) -> dict[str, Any]:
        number = body.get("trackingNumber") if isinstance(body, dict) else None
        if not isinstance(number, str) or not number.strip():
            raise PPError(
                400, "Invalid tracking data: trackingNumber is required", "trackingNumber"
            )
        if not TRACKING.match(number.strip()):
            raise PPError(
                400,
                "Invalid tracking data: a tracking number is 5 to 40 letters, digits or dashes",
                "trackingNumber",
            )
        acquisition = self._acquisition(player_id, transaction_id)
        if acquisition["orderStatus"] not in ("Shipped", "InTransit"):
            raise PPError(
                400,
                "Invalid operation or record status/type: the order is "
                f"{acquisition['orderStatus'].lower()}",
            )
        with self.db.conn:
            acquisition.update(
                {
                    "trackingNumber": number.strip(),
                    "orderStatus": "InTransit",
                    "orderDisplayStatus": "In transit",
                }
            )
            self._save(acquisition)
        return self._ok("Tracking number saved successfully", acquisition)

    def complete(self, player_id: str, transaction_id: str) -> dict[str, Any]:
        acquisition = self._acquisition(player_id, transaction_id)
        if acquisition["orderStatus"] == "Completed":
            raise PPError(400, "Invalid acquisition request: the acquisition is already completed")
        if acquisition["orderStatus"] not in ("Shipped", "InTransit"):
            raise PPError(
                400,
                "Invalid acquisition request: the acquisition is "
                f"{acquisition['orderStatus'].lower()}",
            )
        with self.db.conn:
            acquisition.update({"orderStatus": "Completed", "orderDisplayStatus": "Delivered"})
            self._save(acquisition)
        return self._ok("Acquisition completed successfully", acquisition)

    def cancel_acquisition(self, player_id: str, transaction_id: str, body: Any) -> dict[str, Any]:
        refund = body.get("refund", False) if isinstance(body, dict) else False
        if not isinstance(refund, bool):
            raise PPError(
                400, "Invalid cancellation request: refund must be true or false", "refund"
            )
        acquisition = self._acquisition(player_id, transaction_id)
        if acquisition["orderStatus"] in ("Cancelled", "Refunded"):
            raise PPError(
                400,
                "Invalid cancellation request: the acquisition is already "
                f"{acquisition['orderStatus'].lower()}",
            )
        if refund and not acquisition.get("value"):
            raise PPError(
                400,
                "Invalid cancellation request: nothing was paid for this order, "
                "so there is nothing to refund; cancel it without a refund",
            )
        status = "Refunded" if refund else "Cancelled"
        with self.db.conn:
            acquisition.update({"orderStatus": status, "orderDisplayStatus": status})
            if acquisition.get("establishmentId"):
                self._stock(
                    acquisition["productId"],
                    acquisition["establishmentId"],
                    acquisition.get("quantity") or 1,
                )
            self._save(acquisition)
        return self._ok(
            "Acquisition cancelled successfully" + (" and refunded" if refund else ""), acquisition
        )

    def player_orders(self, player_id: str) -> list[dict[str, Any]]:
        self._player(player_id)
        return [
            json.loads(r["body"])
            for r in self.db.conn.execute(
                "SELECT body FROM pp_records WHERE player_id = ? ORDER BY seq", (player_id,)
            )
        ]

    def transaction(self, player_id: str, transaction_id: str) -> dict[str, Any]:
        self._player(player_id)
        records = self._records(transaction_id, player_id)
        return records.get("Acquisition") or records["Reservation"]

    def _demo_history(self) -> None:
        """Players with orders in every state (the seed's player among them)."""
        address = {
            "addressLine1": "Calle Mayor 12",
            "country": "ES",
            "postalCode": "28013",
            "recipientName": "user player",
        }
        for index, (player_id, name, _email) in enumerate(PLAYERS):
            products = PRODUCTS[index % 3 : index % 3 + 4]
            states = ["reserved", "shipped", "tracked", "completed", "refunded"]
            # rotate, so that the seed's player has no pending reservation of the seed's
            # product and the seed's example request runs unchanged
            plan = (states[index + 1 :] + states[: index + 1])[: len(products)]
            for product, state in zip(products, plan, strict=False):
                try:
                    order = self.reserve(
                        player_id,
                        {"productId": product.product_id, "establishmentId": SEED_ESTABLISHMENT},
                    )
                except PPError:
                    continue
                tx = order["transactionId"]
                if state == "reserved":
                    continue
                self.send(player_id, tx, {**address, "recipientName": name})
                if state in ("tracked", "completed", "refunded"):
                    self.track(player_id, tx, {"trackingNumber": f"1Z999AA1{index}{tx[:6]}"})
                if state == "completed":
                    self.complete(player_id, tx)
                if state == "refunded":
                    self.cancel_acquisition(player_id, tx, {"refund": True})


def _address_problem(values: dict[str, Any], *, require: bool) -> tuple[str, str] | None:
    country_text = values.get("country") or ""
    if values.get("email") and email_problem(values["email"], required=False):
        return "email", f"'{values['email']}' is not a valid email address"
    if require or country_text:
        if not country_text:
            return "country", "country is required"
        if country_code(country_text) is None:
            return "country", f"'{country_text}' is not an ISO 3166 country"
    if require or values.get("postalCode"):
        problem = postal_code_problem(
            values.get("postalCode") or "", country_code(country_text) if country_text else None
        )
        if problem:
            return "postalCode", problem.rstrip(".")
    for key, what in (
        ("address", "address line"),
        ("recipientName", "recipient name"),
        ("city", "city"),
    ):
        if key in values and ((require and key != "city") or values.get(key)):
            problem = text_problem(values.get(key) or "", what)
            if problem:
                return key, problem.rstrip(".")
    return None


def create_powerplugin_app(sandbox: PowerPluginSandbox, config: SandboxConfig) -> FastAPI:
    app = FastAPI(title="Physical goods sandbox", docs_url=None, redoc_url=None, openapi_url=None)

    @app.middleware("http")
    async def auth(request: Request, call_next: Any) -> Any:
        basic = base64.b64encode(f"{config.token}:".encode()).decode()
        if request.headers.get("authorization") not in (f"Bearer {config.token}", f"Basic {basic}"):
            return JSONResponse(
                {"success": False, "message": "Unauthorized: the bearer token is missing or wrong"},
                status_code=401,
            )
        try:
            return await call_next(request)
        except PPError as exc:
            return exc.response()

    async def body(request: Request) -> Any:
        raw = await request.body()
        if not raw.strip():
            return None
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: JSON nested too deep
            raise PPError(400, "Invalid request payload: the body is not JSON") from None

    @app.post("/orders/{player_id}/reservation")
    async def reserve(player_id: str, request: Request) -> JSONResponse:
        return JSONResponse(sandbox.reserve(player_id, await body(request)))

    @app.put("/orders/{player_id}/details/{transaction_id}")
    async def details(player_id: str, transaction_id: str, request: Request) -> JSONResponse:
        return JSONResponse(sandbox.update_details(player_id, transaction_id, await body(request)))

    @app.delete("/orders/{player_id}/reservation/{transaction_id}")
    async def cancel_reservation(player_id: str, transaction_id: str) -> JSONResponse:
        return JSONResponse(sandbox.cancel_reservation(player_id, transaction_id))

    @app.post("/orders/{player_id}/send/{transaction_id}")
    async def send(player_id: str, transaction_id: str, request: Request) -> JSONResponse:
        return JSONResponse(sandbox.send(player_id, transaction_id, await body(request)))

    @app.post("/orders/{player_id}/track/{transaction_id}")
    async def track(player_id: str, transaction_id: str, request: Request) -> JSONResponse:
        return JSONResponse(sandbox.track(player_id, transaction_id, await body(request)))

    @app.post("/orders/{player_id}/acquisition/{transaction_id}")
    async def complete(player_id: str, transaction_id: str) -> JSONResponse:
        return JSONResponse(sandbox.complete(player_id, transaction_id))

    @app.delete("/orders/{player_id}/acquisition/{transaction_id}")
    async def cancel_acquisition(
        player_id: str, transaction_id: str, request: Request
    ) -> JSONResponse:
        return JSONResponse(
            sandbox.cancel_acquisition(player_id, transaction_id, await body(request))
        )

    @app.get("/players/{player_id}/orders")
    async def orders(player_id: str) -> JSONResponse:
        return JSONResponse(sandbox.player_orders(player_id))

    @app.get("/players/{player_id}/orders/{transaction_id}")
    async def transaction(player_id: str, transaction_id: str) -> JSONResponse:
        return JSONResponse(sandbox.transaction(player_id, transaction_id))

    return app
