"""Plum Pro rewards API (seeds 002 and 004), served under /plum: POST /v1/oauth/api.

Decisions where the seeds are silent (also in the README):
- the account's base currency is USD; it may buy for IN, US, DE, ES, GB, FR and AR, not others
  (PLE10019); Amazon products need KYC, which the demo account lacks (PLE10015);
- a poNumber is unique per client: placing again with a known poNumber answers the existing
  order and creates nothing;
- every error id answers with the seed's HTTP status (later docs differ; clients key on errorId);
- `plumProAPI.mutation.getVouchers` (from Plum's later docs, a subset) lists the catalogue with
  denominations, the exchange rate to USD (`exchangeRateRule`) and the discount.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import string
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.state import SandboxDB, iso, now_utc

ACCOUNT_CURRENCY = "USD"
ALLOWED_COUNTRIES = {"IN", "US", "DE", "ES", "GB", "FR", "AR"}
RATES_TO_USD = {
    "USD": Decimal("1"),
    "INR": Decimal("0.012"),
    "EUR": Decimal("1.08"),
    "GBP": Decimal("1.27"),
    "BRL": Decimal("0.19"),
}  # ARS: no rate -> PLE10020
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CONTACT = re.compile(r"^\+?[0-9][0-9\- ]{6,19}$")
FIRST_ORDER_ID = 1316578


@dataclass(frozen=True)
class PlumProduct:
    product_id: int
    name: str
    currency: str
    country: str
    denominations: tuple[int, ...]
    voucher_type: str  # code | codePin | url
    stock: int = 10_000
    discount: str = "0"
    needs_contact: bool = False


CATALOGUE = (
    PlumProduct(
        15365, "Flipkart Gift Card", "INR", "IN", (10, 20, 50, 100, 500), "codePin", discount="3"
    ),
    PlumProduct(28543, "Myntra Gift Card", "INR", "IN", (10, 25, 50, 100), "codePin", discount="2"),
    PlumProduct(29877, "Prepaid Visa Card (US)", "USD", "US", (10, 25, 50, 100), "code"),
    PlumProduct(555, "Zalando eGift Card", "EUR", "DE", (10, 25, 50), "url", discount="3"),
    PlumProduct(28000, "Google Play Gift Code", "USD", "US", (10, 25, 50), "code", discount="1.5"),
    PlumProduct(
        27000, "Paytm Wallet Top-up", "INR", "IN", (100, 500, 1000), "code", needs_contact=True
    ),
    PlumProduct(30001, "Amazon.com Gift Card", "USD", "US", (10, 25, 50, 100), "code"),
    PlumProduct(30555, "Steam Wallet Code (EU)", "EUR", "DE", (5, 10, 20, 50), "code", stock=0),
    PlumProduct(31001, "Americanas Vale-Presente", "BRL", "BR", (50, 100), "code"),
    PlumProduct(31500, "MercadoLibre Tarjeta de Regalo", "ARS", "AR", (1000, 5000), "code"),
    PlumProduct(32000, "Decathlon E-Card (ES)", "EUR", "ES", (10, 20, 50), "url", discount="2"),
)


class PlumError(Exception):
    def __init__(self, status: int, error_id: str, info: str, error: Any = None) -> None:
        super().__init__(info)
        self.status, self.error_id, self.info = status, error_id, info
        self.error = error if error is not None else info

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.status, "errorInfo": self.info, "error": self.error}
        if self.error_id:
            body = {"code": self.status, "errorId": self.error_id, **body}
        return body


class PlumSandbox:
    def __init__(self, db: SandboxDB, config: SandboxConfig) -> None:
        self.db = db
        self.config = config
        self.lock = asyncio.Lock()
        self._migrate()

    def _migrate(self) -> None:
        conn = self.db.conn
        conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS p_products (
                product_id INTEGER PRIMARY KEY, name TEXT NOT NULL, currency TEXT NOT NULL,
                country TEXT NOT NULL, denominations TEXT NOT NULL, voucher_type TEXT NOT NULL,
                stock INTEGER NOT NULL, discount TEXT NOT NULL, needs_contact INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS p_orders (
                order_id INTEGER PRIMARY KEY, po_number TEXT UNIQUE, product_id INTEGER NOT NULL,
                quantity INTEGER NOT NULL, denomination INTEGER NOT NULL, email TEXT,
                contact TEXT, tag TEXT, notify_receiver INTEGER, notify_admin INTEGER,
                order_total TEXT NOT NULL, order_discount TEXT NOT NULL,
                discount_percent TEXT NOT NULL, amount_charged TEXT NOT NULL,
                currency_value TEXT NOT NULL, order_status TEXT NOT NULL,
                delivery_status TEXT NOT NULL, resent INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS p_vouchers (
                order_id INTEGER NOT NULL, position INTEGER NOT NULL, code TEXT NOT NULL,
                pin TEXT NOT NULL, validity TEXT NOT NULL, PRIMARY KEY (order_id, position));
            """
        )
        with conn:
            if conn.execute("SELECT count(*) FROM p_products").fetchone()[0] == 0:
                conn.executemany(
                    "INSERT INTO p_products VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            p.product_id,
                            p.name,
                            p.currency,
                            p.country,
                            json.dumps(p.denominations),
                            p.voucher_type,
                            p.stock,
                            p.discount,
                            int(p.needs_contact),
                        )
                        for p in CATALOGUE
                    ],
                )

    # ---------------------------------------------------------------- queries

    def place(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise PlumError(
                400,
                "PLE10001",
                "Validation error in place order",
                [{"msg": "variables.data must be an object", "failure": True}],
            )
        problems: list[str] = []
        product_id, quantity = data.get("productId"), data.get("quantity")
        if not isinstance(product_id, int) or isinstance(product_id, bool):
            problems.append("productId is missing/Invalid")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            problems.append("quantity is missing/Invalid")
        for flag in ("notifyReceiverEmail", "notifyAdminEmail"):
            if data.get(flag) not in (0, 1):
                problems.append(f"{flag} is missing/Invalid (send 0 or 1)")
        email, contact = str(data.get("email") or ""), str(data.get("contact") or "")
        if email and not EMAIL.match(email):
            problems.append("Email is missing/Invalid")
        if data.get("notifyReceiverEmail") == 1 and not email:
            problems.append("Email is missing/Invalid (needed to notify the receiver)")
        if contact and not CONTACT.match(contact):
            problems.append("Mobile number is missing/Invalid")
        po_number = data.get("poNumber")
        if po_number is not None and not isinstance(po_number, str):
            problems.append("poNumber must be a string")
        if problems:
            raise PlumError(
                400,
                "PLE10001",
                "Validation error in place order.",
                [{"msg": m, "failure": True} for m in problems],
            )
        conn = self.db.conn
        if po_number:
            existing = conn.execute(
                "SELECT order_id FROM p_orders WHERE po_number = ?", (po_number,)
            ).fetchone()
            if existing:
                return self._details(existing["order_id"])
        product = conn.execute(
            "SELECT * FROM p_products WHERE product_id = ?", (product_id,)
        ).fetchone()
        if product is None:
            raise PlumError(
                404,
                "PLE10018",
                "Invalid denomination for the product",
                "Not found, ProductId and Denomination Combination Not Found",
            )
        if product["needs_contact"] and not contact:
            raise PlumError(
                400,
                "PLE10001",
                "Validation error in place order.",
                [{"msg": "Mobile number is missing/Invalid", "failure": True}],
            )
        if quantity > 10:
            raise PlumError(
                409,
                "PLE10041",
                "Clients are not allowed to place more than 10 Qty",
                "Order Failed, as per your current setup you are not allowed "
                "to add more than 10 qty.",
            )
        if product["country"] not in ALLOWED_COUNTRIES:
            raise PlumError(
                401,
                "PLE10019",
                "Clients are not allowed to place international orders",
                "Unauthorized, Client is unauthorized for international orders",
            )
        if "amazon" in product["name"].lower():
            raise PlumError(
                403,
                "PLE10015",
                "Amazon KYC is not approved",
                "Forbidden, Ordering Amazon voucher requires client KYC to be approved",
            )
        denominations = json.loads(product["denominations"])
        denomination = data.get("denomination")
        if denomination not in denominations:
            raise PlumError(
                404,
                "PLE10018",
                "Invalid denomination for the product",
                "Not found, ProductId and Denomination Combination Not Found",
            )
        rate = RATES_TO_USD.get(product["currency"])
        if rate is None:
            raise PlumError(
                502,
                "PLE10020",
                "Failed to get currency details for the client",
                "Bad Gateway, Currency API did not return data",
            )
        if product["stock"] < quantity:
            raise PlumError(
                422,
                "PLE10012",
                "Failed to process order",
                "Unprocessable Entity, Order Process Failed due to Unavailability of Vouchers",
            )
        total = (Decimal(denomination) * quantity * rate).quantize(Decimal("0.01"), ROUND_HALF_UP)
        percent = Decimal(product["discount"])
        discount = (total * percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        with conn:
            order_id = (
                conn.execute("SELECT max(order_id) FROM p_orders").fetchone()[0]
                or FIRST_ORDER_ID - 1
            ) + 1
            delivered = data.get("notifyReceiverEmail") == 1 and bool(email)
            conn.execute(
                "INSERT INTO p_orders (order_id, po_number, product_id, quantity, denomination, "
                "email, contact, tag, notify_receiver, notify_admin, order_total, "
                "order_discount, discount_percent, amount_charged, currency_value, "
                "order_status, delivery_status, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'complete', ?, ?)",
                (
                    order_id,
                    po_number or None,
                    product_id,
                    quantity,
                    denomination,
                    email,
                    contact,
                    str(data.get("tag") or ""),
                    data.get("notifyReceiverEmail"),
                    data.get("notifyAdminEmail"),
                    str(total),
                    str(discount),
                    str(percent),
                    str(total - discount),
                    str(rate),
                    "delivered" if delivered else "pending",
                    iso(now_utc()),
                ),
            )
            conn.execute(
                "UPDATE p_products SET stock = stock - ? WHERE product_id = ?",
                (quantity, product_id),
            )
            validity = (now_utc() + timedelta(days=365)).date().isoformat()
            for position in range(quantity):
                code, pin = _voucher(product["voucher_type"], order_id, position)
                if self.config.canary:
                    code, pin = self.config.canary + code, self.config.canary + (pin or "PIN")
                conn.execute(
                    "INSERT INTO p_vouchers VALUES (?, ?, ?, ?, ?)",
                    (order_id, position, code, pin, validity),
                )
        return self._details(order_id)

    def details(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise PlumError(400, "PLE10002", "Validation error in get order details", "Bad request")
        order_id, po_number = data.get("orderId"), data.get("poNumber")
        if isinstance(order_id, str) and order_id.strip().isdigit():
            order_id = int(order_id)
        if order_id in (None, "") and not po_number:
            raise PlumError(
                400,
                "PLE10002",
                "Validation error in get order details",
                "Bad request: give orderId or poNumber",
            )
        if order_id not in (None, "") and (
            not isinstance(order_id, int) or isinstance(order_id, bool)
        ):
            raise PlumError(
                400,
                "PLE10002",
                "Validation error in get order details",
                "Bad request: orderId must be a number",
            )
        if data.get("sendMailToReceiver", 0) not in (0, 1):
            raise PlumError(
                400,
                "PLE10002",
                "Validation error in get order details",
                "Bad request: sendMailToReceiver must be 0 or 1",
            )
        conn = self.db.conn
        if order_id not in (None, ""):
            row = conn.execute("SELECT * FROM p_orders WHERE order_id = ?", (order_id,)).fetchone()
        else:
            row = conn.execute(
                "SELECT * FROM p_orders WHERE po_number = ?", (po_number,)
            ).fetchone()
        if row is None:
            raise PlumError(
                404, "PLE10016", "Failed to get Order details", "Not Found, Order Details Not Found"
            )
        if data.get("sendMailToReceiver") == 1:
            if not row["email"]:
                raise PlumError(
                    502, "PLE10034", "Failed to process resendVoucher", "Invalid Order status id."
                )
            with conn:
                conn.execute(
                    "UPDATE p_orders SET resent = resent + 1, delivery_status = "
                    "'delivered' WHERE order_id = ?",
                    (row["order_id"],),
                )
        return self._details(row["order_id"])

    def vouchers_catalogue(self) -> list[dict[str, Any]]:
        rows = self.db.conn.execute("SELECT * FROM p_products ORDER BY name").fetchall()
        return [
            {
                "productId": r["product_id"],
                "name": r["name"],
                "currencyCode": r["currency"],
                "countryCode": r["country"],
                "valueType": "fixed_denomination",
                "valueDenominations": ",".join(str(d) for d in json.loads(r["denominations"])),
                "exchangeRateRule": float(RATES_TO_USD[r["currency"]])
                if r["currency"] in RATES_TO_USD
                else None,
                "discount": float(Decimal(r["discount"])),
            }
            for r in rows
        ]

    def _details(self, order_id: int) -> dict[str, Any]:
        conn = self.db.conn
        row = conn.execute(
            "SELECT o.*, p.currency AS product_currency, p.country, "
            "p.voucher_type FROM p_orders o JOIN p_products p USING (product_id) "
            "WHERE order_id = ?",
            (order_id,),
        ).fetchone()
        vouchers = conn.execute(
            "SELECT * FROM p_vouchers WHERE order_id = ? ORDER BY position", (order_id,)
        ).fetchall()
        return {
            "orderId": row["order_id"],
            "vouchers": [
                {
                    "amount": str(row["denomination"]),
                    "country": row["country"],
                    "currency": row["product_currency"],
                    "orderId": row["order_id"],
                    "pin": v["pin"],
                    "productId": row["product_id"],
                    "tag": row["tag"],
                    "type": row["voucher_type"],
                    "validity": v["validity"],
                    "voucherCode": v["code"],
                    "currencyValue": float(Decimal(row["currency_value"])),
                }
                for v in vouchers
            ],
            "amountCharged": _num(row["amount_charged"]),
            "currencyCode": ACCOUNT_CURRENCY,
            "currencyValue": float(Decimal(row["currency_value"])),
            "tag": row["tag"],
            "discountPercent": _num(row["discount_percent"]),
            "orderDiscount": _num(row["order_discount"]),
            "orderTotal": _num(row["order_total"]),
            "orderStatus": row["order_status"],
            "deliveryStatus": row["delivery_status"],
        }


def _num(text: str) -> float | int:
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def _voucher(kind: str, order_id: int, position: int) -> tuple[str, str]:
    rng = random.Random()
    if kind == "codePin":
        return (
            "".join(rng.choice(string.digits) for _ in range(16)),
            "key_" + "".join(rng.choice("0123456789abcdef") for _ in range(18)),
        )
    if kind == "url":
        token = "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(12))
        return (
            f"https://vouchers.sandbox.invalid/ecard?id={order_id}-{position}&sub={token}",
            "".join(rng.choice(string.digits) for _ in range(6)),
        )
    return (
        f"DEMO-{order_id}-{position}-"
        + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(8)),
        "",
    )


def create_plum_app(sandbox: PlumSandbox, config: SandboxConfig) -> FastAPI:
    app = FastAPI(title="Plum sandbox", docs_url=None, redoc_url=None, openapi_url=None)

    @app.post("/v1/oauth/api")
    async def api(request: Request) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {config.token}":
            return JSONResponse(
                PlumError(
                    401,
                    "PIPE10013",
                    "Plum Pro APIs: Invalid authorization header",
                    "invalid authorization header!",
                ).body(),
                status_code=401,
            )
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        try:
            if not isinstance(body, dict):
                raise PlumError(
                    400,
                    "PLE10001",
                    "Validation error in place order",
                    [{"msg": "The body must be a JSON object", "failure": True}],
                )
            query = body.get("query")
            data = (
                (body.get("variables") or {}).get("data")
                if isinstance(body.get("variables"), dict)
                else None
            )
            if query == "plumProAPI.mutation.placeOrder":
                async with sandbox.lock:  # one placement at a time: poNumber stays unique
                    result = sandbox.place(data)
                    if config.plum_fail_after_create > 0:
                        config.plum_fail_after_create -= 1
                        return JSONResponse(
                            {"code": 500, "error": "Internal server error"}, status_code=500
                        )
                if config.plum_delay > 0:
                    await asyncio.sleep(config.plum_delay)
                return JSONResponse({"data": {"placeOrder": {"status": 1, "data": result}}})
            if query == "plumProAPI.mutation.getOrderDetails":
                result = sandbox.details(data)
                return JSONResponse({"data": {"getOrderDetails": {"status": 1, "data": result}}})
            if query in ("plumProAPI.mutation.getVouchers", "plumProAPI.query.getVouchers"):
                return JSONResponse(
                    {"data": {"getVouchers": {"status": 1, "data": sandbox.vouchers_catalogue()}}}
                )
            raise PlumError(
                400,
                "PLE10001",
                "Validation error",
                [{"msg": f"Unknown query {query!r}", "failure": True}],
            )
        except PlumError as exc:
            return JSONResponse(exc.body(), status_code=exc.status)

    return app
