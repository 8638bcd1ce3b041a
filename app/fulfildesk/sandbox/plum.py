"""Plum Pro rewards API (seeds 002 and 004), served under /plum: POST /v1/oauth/api.

Decisions where the seeds are silent (also in the README):
- the account's base currency is USD; it may buy for IN, US, DE, ES, GB, FR and AR, not others
  (PLE10019); Amazon products need KYC, which the demo account lacks (PLE10015);
- a poNumber is unique per client: placing again with a known poNumber answers the existing
  order and creates nothing;
- every error id answers with the seed's HTTP status (later docs differ; clients key on errorId);
- `plumProAPI.mutation.getVouchers` (from Plum's later docs, a subset) lists the catalogue with
  denominations, the exchange rate to USD (`exchangeRateRule`) and the discount; at least one
  product of each kind: open value (`valueType: open_value`, `minValue`/`maxValue`; an amount
  outside them is PLE10018), a per-product `orderQuantityLimit` (above it: PLE10001), and
  `deliveryType: delayed` (the order is charged at once, stays `pending` without codes, and
  getOrderDetails shows the codes once delivered, `plum_delivery_delay` seconds later).
- rate limits (PROVIDERS-TODAY; docs/sandbox.md): calls per query per minute, placeOrder 20 (the
  documents say 100 and, on one page, 20: the stricter is enforced), getOrderDetails 200,
  getOrderHistory 200, getVouchers 50 (and 500 in any 24 hours), getBalance 10; each configurable
  (`plum_*_rate`, `plum_vouchers_daily`, `plum_rate_window`, `plum_penalty`). They count per
  account (every token of the account shares them: a refreshed token does not start afresh),
  per query name, over a sliding window; every call counts, refused ones do not. The call over a
  limit answers 429 `{"errors":[{"message":"auth.request_limit_exceeded","penaltySeconds":60}]}`
  and does nothing (a refused placeOrder places and charges nothing); it starts a penalty: every
  call of that query is refused until it has passed (answering the seconds left, rounded up),
  and then the window starts empty, so a client that waits `penaltySeconds` is served. Over the
  daily getVouchers quota there is no penalty: `penaltySeconds` is the time until the oldest
  call of the last 24 hours leaves the quota.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import re
import secrets
import string
import time
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta
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
#: query names (the last part of `plumProAPI.mutation.placeOrder`) -> the config field of their
#: per-window limit
RATE_LIMITS = {
    "placeOrder": "plum_place_rate",
    "getOrderDetails": "plum_details_rate",
    "getOrderHistory": "plum_history_rate",
    "getVouchers": "plum_vouchers_rate",
    "getBalance": "plum_balance_rate",
}
DAY = 86400.0
LIMIT_EXCEEDED = "auth.request_limit_exceeded"


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
    #: open_value products take any whole amount from min_value to max_value
    value_type: str = "fixed_denomination"
    min_value: int | None = None
    max_value: int | None = None
    order_quantity_limit: int | None = None
    delivery_type: str = "realtime"


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
    PlumProduct(
        33000,
        "Visa Reward Card (open value)",
        "USD",
        "US",
        (),
        "code",
        value_type="open_value",
        min_value=5,
        max_value=500,
    ),
    PlumProduct(
        33100, "Netflix Gift Card (US)", "USD", "US", (25, 50), "code", order_quantity_limit=2
    ),
    PlumProduct(
        33200, "Sephora Gift Card (US)", "USD", "US", (25, 50), "url", delivery_type="delayed"
    ),
)
EXTRAS = {p.product_id: p for p in CATALOGUE}
FILLER_FIRST_ID = 40000


def filler_products(count: int) -> list[PlumProduct]:
    """Plain products that make the catalogue longer than one page of 100."""
    return [
        PlumProduct(
            FILLER_FIRST_ID + i,
            f"Sampler Gift Card {i + 1:03d} (US)",
            "USD",
            "US",
            (10, 25),
            "code",
        )
        for i in range(max(0, count))
    ]


class TokenRefused(Exception):
    pass


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
            CREATE TABLE IF NOT EXISTS p_tokens (
                token TEXT PRIMARY KEY, kind TEXT NOT NULL, expires_at REAL NOT NULL,
                active INTEGER NOT NULL DEFAULT 1);
            CREATE TABLE IF NOT EXISTS p_account (value TEXT NOT NULL);
            """
        )
        columns = {r[1] for r in conn.execute("PRAGMA table_info(p_orders)")}
        if "deliver_after" not in columns:  # delayed delivery (a sandbox kept from before)
            with conn:
                conn.execute("ALTER TABLE p_orders ADD COLUMN deliver_after REAL")
        #: per query name: when each call of the current window was accepted (monotonic)
        self._calls: dict[str, deque[float]] = {name: deque() for name in RATE_LIMITS}
        #: getVouchers calls of the last 24 hours (the daily quota)
        self._daily_vouchers: deque[float] = deque()
        #: per query name: the end of its penalty (monotonic)
        self._penalty_until: dict[str, float] = {}
        #: per query name: calls accepted and calls refused by a limit (for tests)
        self.accepted: dict[str, int] = dict.fromkeys(RATE_LIMITS, 0)
        self.refused: dict[str, int] = dict.fromkeys(RATE_LIMITS, 0)
        with conn:
            if conn.execute("SELECT count(*) FROM p_account").fetchone()[0] == 0:
                conn.execute("INSERT INTO p_account VALUES (?)", (self.config.plum_balance,))
            if conn.execute("SELECT count(*) FROM p_tokens").fetchone()[0] == 0:
                conn.execute(
                    "INSERT INTO p_tokens VALUES (?, 'refresh', ?, 1)",
                    (self.config.plum_refresh_token, time.time() + self.config.plum_refresh_ttl),
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
            named = len(CATALOGUE)
            have = conn.execute(
                "SELECT count(*) FROM p_products WHERE product_id >= ?", (FILLER_FIRST_ID,)
            ).fetchone()[0]
            for p in filler_products(self.config.plum_catalogue_size - named)[have:]:
                conn.execute(
                    "INSERT OR IGNORE INTO p_products VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        p.product_id,
                        p.name,
                        p.currency,
                        p.country,
                        json.dumps(p.denominations),
                        p.voucher_type,
                        p.stock,
                        p.discount,
                        0,
                    ),
                )

    # ---------------------------------------------------------------- tokens

    def accepts(self, authorization: str | None) -> bool:
        """The static sandbox token, or an access token issued here that has not expired."""
        if authorization == f"Bearer {self.config.token}":
            return True
        if not authorization or not authorization.startswith("Bearer "):
            return False
        row = self.db.conn.execute(
            "SELECT expires_at, active FROM p_tokens WHERE token = ? AND kind = 'access'",
            (authorization.removeprefix("Bearer "),),
        ).fetchone()
        return row is not None and row["active"] == 1 and row["expires_at"] > time.time()

    def refresh(self, body: Any) -> dict[str, Any]:
        """Rotate: the refresh token given is spent at once; a new pair is issued."""
        if not isinstance(body, dict) or body.get("grant_type") != "refresh_token":
            raise TokenRefused("invalid_request", "grant_type must be refresh_token")
        if (
            body.get("client_id") != self.config.plum_client_id
            or body.get("client_secret") != self.config.plum_client_secret
        ):
            raise TokenRefused("invalid_client", "invalid client credentials")
        conn = self.db.conn
        now = time.time()
        with conn:
            row = conn.execute(
                "SELECT expires_at, active FROM p_tokens WHERE token = ? AND kind = 'refresh'",
                (str(body.get("refresh_token") or ""),),
            ).fetchone()
            if row is None or row["active"] != 1 or row["expires_at"] <= now:
                raise TokenRefused("invalid_token", "invalid/expired token")
            conn.execute("UPDATE p_tokens SET active = 0 WHERE kind = 'refresh'")
            access = "plum-access-" + secrets.token_urlsafe(18)
            refresh = "plum-refresh-" + secrets.token_urlsafe(18)
            access_at = now + self.config.plum_token_ttl
            refresh_at = now + self.config.plum_refresh_ttl
            conn.execute("INSERT INTO p_tokens VALUES (?, 'access', ?, 1)", (access, access_at))
            conn.execute("INSERT INTO p_tokens VALUES (?, 'refresh', ?, 1)", (refresh, refresh_at))
        return {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": int(self.config.plum_token_ttl)
            if self.config.plum_token_ttl >= 1
            else self.config.plum_token_ttl,
            "refresh_token": refresh,
            "access_token_expiry": int(access_at * 1000),
            "refresh_token_expiry": int(refresh_at * 1000),
        }

    def revoke_refresh_tokens(self) -> None:
        """As the dashboard does when new tokens are generated elsewhere (for tests)."""
        with self.db.conn as conn:
            conn.execute("UPDATE p_tokens SET active = 0 WHERE kind = 'refresh'")

    def current_refresh_tokens(self) -> list[str]:
        rows = self.db.conn.execute(
            "SELECT token FROM p_tokens WHERE kind = 'refresh' AND active = 1"
        ).fetchall()
        return [r["token"] for r in rows]

    # ---------------------------------------------------------------- balance and history

    def balance(self) -> Decimal:
        """The account balance: the configured start, less every order placed through the API
        (seeded history does not count)."""
        row = self.db.conn.execute("SELECT value FROM p_account").fetchone()
        return Decimal(row["value"])

    @property
    def _balance_calls(self) -> deque[float]:
        """getBalance calls of the current window (tests count them)."""
        return self._calls["getBalance"]

    def over_limit(self, name: str) -> float | int | None:
        """Count a call of query `name` (e.g. "placeOrder") against its limits: None when it is
        allowed, else the `penaltySeconds` to answer (the call is then not carried out)."""
        field_name = RATE_LIMITS.get(name)
        if field_name is None:
            return None
        now = time.monotonic()
        until = self._penalty_until.get(name, 0.0)
        if now < until:  # in the penalty: refused, and the penalty is not extended
            self.refused[name] += 1
            return _penalty(until - now)
        calls = self._calls[name]
        window = self.config.plum_rate_window
        while calls and now - calls[0] >= window:
            calls.popleft()
        if name == "getVouchers":
            daily = self._daily_vouchers
            while daily and now - daily[0] >= DAY:
                daily.popleft()
            if len(daily) >= self.config.plum_vouchers_daily:
                self.refused[name] += 1
                return _penalty(daily[0] + DAY - now if daily else DAY)
        if len(calls) >= int(getattr(self.config, field_name)):
            self._penalty_until[name] = now + self.config.plum_penalty
            calls.clear()  # once the penalty has passed, the window starts empty
            self.refused[name] += 1
            return _penalty(self.config.plum_penalty)
        calls.append(now)
        if name == "getVouchers":
            self._daily_vouchers.append(now)
        self.accepted[name] += 1
        return None

    def history(self, data: Any) -> list[dict[str, Any]]:
        if not isinstance(data, dict):
            raise PlumError(400, "PLE10032", "Validation error in order history", "Bad request")
        try:
            start = parse_day(str(data.get("startDate") or ""))
            end = parse_day(str(data.get("endDate") or ""))
            limit = int(data.get("limit") or 10)
            page = int(data.get("page") or 1)
        except ValueError:
            raise PlumError(
                400,
                "PLE10032",
                "Validation error in order history",
                "startDate and endDate must be dates (YYYY-MM-DD); limit and page numbers",
            ) from None
        if limit < 1 or limit > 100 or page < 1 or end < start:
            raise PlumError(
                400, "PLE10032", "Validation error in order history", "limit 1-100, page >= 1"
            )
        rows = self.db.conn.execute(
            "SELECT order_id FROM p_orders WHERE substr(created_at, 1, 10) BETWEEN ? AND ? "
            "ORDER BY order_id LIMIT ? OFFSET ?",
            (start, end, limit, (page - 1) * limit),
        ).fetchall()
        out = []
        for r in rows:
            details = self._details(r["order_id"])
            row = self.db.conn.execute(
                "SELECT po_number, created_at FROM p_orders WHERE order_id = ?", (r["order_id"],)
            ).fetchone()
            details["poNumber"] = row["po_number"] or ""
            details["createdAt"] = row["created_at"]
            for voucher in details["vouchers"]:  # the history lists orders, not their codes
                voucher.pop("voucherCode", None)
                voucher.pop("pin", None)
            out.append(details)
        return out

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
        if (
            not isinstance(product_id, int)
            or isinstance(product_id, bool)
            or not -(2**63) <= product_id < 2**63  # beyond SQLite's integers: no such id
        ):
            problems.append("productId is missing/Invalid")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            problems.append("quantity is missing/Invalid")
        for flag in ("notifyReceiverEmail", "notifyAdminEmail"):
            if data.get(flag) not in (0, 1) or isinstance(data.get(flag), bool):  # Integer
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
        if data.get("tag") is not None and not isinstance(data["tag"], str):
            problems.append("tag must be a string")
        if problems:
            raise PlumError(
                400,
                "PLE10001",
                "Validation error in place order.",
                [{"msg": m, "failure": True} for m in problems],
            )
        # both were checked above (a problem is reported otherwise)
        assert isinstance(product_id, int) and isinstance(quantity, int)
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
        denomination: Any = data.get("denomination")  # JSON; checked against the list below
        extra = EXTRAS.get(product_id)
        if extra is not None and extra.value_type == "open_value":
            low, high = extra.min_value or 1, extra.max_value or 0
            if isinstance(denomination, int) and low <= denomination <= high:
                denominations = [denomination]
        if (
            extra is not None
            and extra.order_quantity_limit
            and int(quantity or 0) > extra.order_quantity_limit
        ):
            raise PlumError(
                400,
                "PLE10001",
                "Validation error in place order.",
                [
                    {
                        "msg": f"quantity exceeds orderQuantityLimit {extra.order_quantity_limit}",
                        "failure": True,
                    }
                ],
            )
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
        if total - discount > self.balance():
            raise PlumError(
                422,
                "PLE10010",
                "Failed to redeem points for the order",
                "Unprocessable Entity, insufficient balance",
            )
        with conn:
            order_id = (
                conn.execute("SELECT max(order_id) FROM p_orders").fetchone()[0]
                or FIRST_ORDER_ID - 1
            ) + 1
            delivered = data.get("notifyReceiverEmail") == 1 and bool(email)
            delayed = extra is not None and extra.delivery_type == "delayed"
            conn.execute(
                "INSERT INTO p_orders (order_id, po_number, product_id, quantity, denomination, "
                "email, contact, tag, notify_receiver, notify_admin, order_total, "
                "order_discount, discount_percent, amount_charged, currency_value, "
                "order_status, delivery_status, created_at, deliver_after) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'complete', ?, ?, ?)",
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
                    "delivered" if delivered and not delayed else "pending",
                    iso(now_utc()),
                    time.time() + self.config.plum_delivery_delay if delayed else None,
                ),
            )
            conn.execute(
                "UPDATE p_products SET stock = stock - ? WHERE product_id = ?",
                (quantity, product_id),
            )
            conn.execute(
                "UPDATE p_account SET value = ?", (str(self.balance() - (total - discount)),)
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
        if po_number not in (None, "") and not isinstance(po_number, str):
            raise PlumError(
                400,
                "PLE10002",
                "Validation error in get order details",
                "Bad request: poNumber must be a string",
            )
        if data.get("sendMailToReceiver", 0) not in (0, 1):
            raise PlumError(
                400,
                "PLE10002",
                "Validation error in get order details",
                "Bad request: sendMailToReceiver must be 0 or 1",
            )
        conn = self.db.conn
        if isinstance(order_id, int) and not -(2**63) <= order_id < 2**63:
            row = None  # a number no order has (beyond SQLite's integers)
        elif order_id not in (None, ""):
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

    def vouchers_catalogue(self, data: Any = None) -> list[dict[str, Any]]:
        rows = self.db.conn.execute("SELECT * FROM p_products ORDER BY name").fetchall()
        if isinstance(data, dict) and data.get("limit"):
            limit, page = int(data["limit"]), max(1, int(data.get("page") or 1))
            rows = rows[(page - 1) * limit : page * limit]
        with_rates = isinstance(data, dict) and data.get("exchangeRate") == 1
        out = [
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
        for item in out:
            extra = EXTRAS.get(item["productId"])
            if extra is not None and extra.value_type == "open_value":
                item["valueType"] = "open_value"
                item["minValue"], item["maxValue"] = extra.min_value, extra.max_value
            if extra is not None and extra.order_quantity_limit:
                item["orderQuantityLimit"] = extra.order_quantity_limit
            item["deliveryType"] = extra.delivery_type if extra is not None else "realtime"
            if with_rates:
                item["exchangeRate"] = item["exchangeRateRule"]
        return out

    def deliver_delayed(self) -> int:
        """Deliver every delayed order now (as Plum does within 7 business days; for tests)."""
        with self.db.conn as conn:
            return conn.execute(
                "UPDATE p_orders SET deliver_after = 0 WHERE deliver_after > 0"
            ).rowcount

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
        # a delayed-delivery product: no codes (and the order pending) until delivered
        waiting = bool(row["deliver_after"]) and row["deliver_after"] > time.time()
        if waiting:
            vouchers = []
        order_status = "pending" if waiting else row["order_status"]
        delivery_status = "pending" if waiting else row["delivery_status"]
        if row["deliver_after"] is not None and not waiting and delivery_status == "pending":
            delivery_status = "delivered"
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
            "orderStatus": order_status,
            "deliveryStatus": delivery_status,
        }


def _penalty(seconds: float) -> float | int:
    """`penaltySeconds`: whole seconds, rounded up (Plum's 60); below a second (tests' small
    penalties) the fraction, so a client waits no longer than needed."""
    if seconds >= 1:
        return math.ceil(seconds - 1e-9)
    return max(round(seconds, 3), 0.001)


def parse_day(text: str) -> str:
    return date.fromisoformat(text.strip()[:10]).isoformat()


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

    @app.post("/v1/oauth/token/user")
    async def token(request: Request) -> JSONResponse:
        try:
            body = json.loads(await request.body())
        except (ValueError, RecursionError):  # RecursionError: JSON nested too deep
            body = None
        async with sandbox.lock:
            try:
                return JSONResponse(sandbox.refresh(body))
            except TokenRefused as exc:
                error, description = exc.args
                return JSONResponse(
                    {"error": error, "error_description": description}, status_code=401
                )

    @app.get("/v1/oauth/token")
    async def validate(request: Request) -> JSONResponse:
        authorization = request.headers.get("authorization") or ""
        if not sandbox.accepts(authorization):
            return JSONResponse(
                {"error": "invalid_token", "error_description": "invalid/expired token"},
                status_code=401,
            )
        row = sandbox.db.conn.execute(
            "SELECT expires_at FROM p_tokens WHERE token = ?",
            (authorization.removeprefix("Bearer "),),
        ).fetchone()
        left = int(row["expires_at"] - time.time()) if row else 10**9
        return JSONResponse({"expires_in": left})

    @app.post("/v1/oauth/api")
    async def api(request: Request) -> JSONResponse:
        if not sandbox.accepts(request.headers.get("authorization")):
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
        except (ValueError, RecursionError):  # RecursionError: JSON nested too deep
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
            if isinstance(query, str) and query.startswith("plumProAPI."):
                penalty = sandbox.over_limit(query.rsplit(".", 1)[-1])
                if penalty is not None:  # refused: nothing is done (nothing placed, charged)
                    return JSONResponse(
                        {"errors": [{"message": LIMIT_EXCEEDED, "penaltySeconds": penalty}]},
                        status_code=429,
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
                products = sandbox.vouchers_catalogue(data)
                return JSONResponse({"data": {"getVouchers": {"status": 1, "data": products}}})
            if query in ("plumProAPI.query.getBalance", "plumProAPI.mutation.getBalance"):
                value = sandbox.balance()
                return JSONResponse(
                    {
                        "data": {
                            "getBalance": {
                                "status": 1,
                                "data": {"value": _num(str(value)), "currency": ACCOUNT_CURRENCY},
                            }
                        }
                    }
                )
            if query in (
                "plumProAPI.mutation.getOrderHistory",
                "plumProAPI.query.getOrderHistory",
            ):
                orders = sandbox.history(data)
                return JSONResponse({"data": {"getOrderHistory": {"status": 1, "data": orders}}})
            raise PlumError(
                400,
                "PLE10001",
                "Validation error",
                [{"msg": f"Unknown query {query!r}", "failure": True}],
            )
        except PlumError as exc:
            return JSONResponse(exc.body(), status_code=exc.status)

    return app
