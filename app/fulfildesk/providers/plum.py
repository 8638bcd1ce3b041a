"""Plum Pro rewards API (Xoxoday; seeds 002 and 004): one POST endpoint taking a `query` name.

This module is the only place that knows Plum's JSON. Real responses send numbers as strings or
as "", `code` as a string and `error` as a list (../shared/fixtures/plum): every numeric field is
read leniently, and behaviour is keyed on `errorId`, never on the HTTP status.

Plum limits calls per query and minute (placeOrder 20 (the documents say 100 and, on one page,
20: the client keeps to the stricter), getOrderDetails 200, getOrderHistory 200, getVouchers 50,
getBalance 10; `RATE_LIMITS`). The client paces itself per query name (`QueryPacer`): a call that
would be one too many in the last minute waits until the oldest answer of that minute is a minute
old, so normal use never meets the limit. When Plum refuses anyway (another console on the same
account), its `auth.request_limit_exceeded` is a RateLimitedError with `retry_after` =
`penaltySeconds`: the HTTP policy waits that long and repeats (up to `retry_after_cap`), the pacer
holds that query for the penalty, and a refused placeOrder is a refusal (nothing was placed).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import httpx
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from fulfildesk.domain.models import (
    Money,
    Order,
    OrderLine,
    OrderStatus,
    Provider,
    Voucher,
    VoucherProduct,
)
from fulfildesk.providers.auth import (
    Auth,
    Clock,
    CredentialStore,
    MemoryCredentialStore,
    RenewingToken,
    bearer,
    fingerprint,
)
from fulfildesk.providers.errors import (
    AuthenticationError,
    ProviderError,
    RateLimitedError,
    ResponseInvalid,
    status_error_class,
)
from fulfildesk.providers.http import HttpPolicy, ProviderClient, Sleep

log = logging.getLogger(__name__)

PROVIDER = Provider.PLUM.value
PATH = "/v1/oauth/api"
TOKEN_PATH = "/v1/oauth/token/user"
GET_BALANCE = "plumProAPI.query.getBalance"
GET_ORDER_HISTORY = "plumProAPI.mutation.getOrderHistory"
#: warn this many days before the refresh token's 30-day end
REFRESH_WARNING_DAYS = 5
#: getBalance allows 10 calls a minute: answer from this cache for this long
BALANCE_TTL = 30.0
PLACE_ORDER = "plumProAPI.mutation.placeOrder"
GET_ORDER_DETAILS = "plumProAPI.mutation.getOrderDetails"
GET_VOUCHERS = "plumProAPI.mutation.getVouchers"
MAX_QUANTITY = 10
#: calls Plum allows per query and minute (PROVIDERS-TODAY); placeOrder: the stricter figure
RATE_LIMITS: dict[str, int] = {
    "placeOrder": 20,
    "getOrderDetails": 200,
    "getOrderHistory": 200,
    "getVouchers": 50,
    "getBalance": 10,
}
#: the window the limits count over (seconds)
RATE_WINDOW = 60.0
#: pacing waits this share of the window more than the bare minimum (clock and network slack)
PACING_MARGIN = 0.02


# --------------------------------------------------------------------------- lenient scalars


def _decimal(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return value


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return value


def _int(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


Num = Annotated[Decimal | None, BeforeValidator(_decimal)]
Text = Annotated[str, BeforeValidator(_text)]
Int = Annotated[int, BeforeValidator(_int)]


class _Wire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class VoucherWire(_Wire):
    product_id: Annotated[int | None, BeforeValidator(_int)] = Field(
        default=None, alias="productId"
    )
    order_id: Text = Field(default="", alias="orderId")
    voucher_code: Text = Field(default="", alias="voucherCode")
    pin: Text = ""
    validity: Text = ""
    amount: Num = None
    currency: Text = ""
    country: Text = ""
    type: Text = "code"
    currency_value: Num = Field(default=None, alias="currencyValue")
    tag: Text = ""


class OrderDataWire(_Wire):
    order_id: Text = Field(alias="orderId")
    vouchers: list[VoucherWire] = Field(default_factory=list)
    amount_charged: Num = Field(default=None, alias="amountCharged")
    currency_code: Text = Field(default="", alias="currencyCode")
    currency_value: Num = Field(default=None, alias="currencyValue")
    discount_percent: Num = Field(default=None, alias="discountPercent")
    order_discount: Num = Field(default=None, alias="orderDiscount")
    order_total: Num = Field(default=None, alias="orderTotal")
    order_status: Text = Field(default="", alias="orderStatus")
    delivery_status: Text = Field(default="", alias="deliveryStatus")
    tag: Text = ""


class ProductWire(_Wire):
    product_id: Int = Field(alias="productId")
    name: Text = ""
    currency_code: Text = Field(default="", alias="currencyCode")
    country_code: Text = Field(default="", alias="countryCode")
    value_denominations: Text = Field(default="", alias="valueDenominations")
    exchange_rate: Num = Field(default=None, alias="exchangeRateRule")
    discount: Num = None
    fee: Num = None
    value_type: Text = Field(default="", alias="valueType")
    min_value: Num = Field(default=None, alias="minValue")
    max_value: Num = Field(default=None, alias="maxValue")
    order_quantity_limit: Annotated[int | None, BeforeValidator(_int)] = Field(
        default=None, alias="orderQuantityLimit"
    )
    delivery_type: Text = Field(default="", alias="deliveryType")


class ErrorWire(_Wire):
    code: Annotated[int | None, BeforeValidator(_int)] = None
    error_id: Text = Field(default="", alias="errorId")
    error_info: Text = Field(default="", alias="errorInfo")
    error: Any = None


# --------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class PlaceOrderRequest:
    product_id: int
    quantity: int
    denomination: Decimal | None
    po_number: str
    email: str = ""
    contact: str = ""
    tag: str = ""
    notify_receiver_email: bool = False
    notify_admin_email: bool = False

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "productId": self.product_id,
            "quantity": self.quantity,
            "email": self.email,
            "contact": self.contact,
            "tag": self.tag,
            "poNumber": self.po_number,
            "notifyReceiverEmail": 1 if self.notify_receiver_email else 0,
            "notifyAdminEmail": 1 if self.notify_admin_email else 0,
        }
        if self.denomination is not None:
            data["denomination"] = (
                int(self.denomination)
                if self.denomination == self.denomination.to_integral_value()
                else self.denomination
            )
        return {"query": PLACE_ORDER, "tag": "plumProAPI", "variables": {"data": data}}


# --------------------------------------------------------------------------- mapping

_ORDER_STATUS = {
    "complete": OrderStatus.COMPLETED,
    "completed": OrderStatus.COMPLETED,
    "success": OrderStatus.COMPLETED,
    "pending": OrderStatus.PROCESSING,
    "processing": OrderStatus.PROCESSING,
    "failed": OrderStatus.FAILED,
    "cancelled": OrderStatus.CANCELLED,
    "canceled": OrderStatus.CANCELLED,
    "refunded": OrderStatus.REFUNDED,
}


@dataclass
class PlumOrder:
    order: Order
    vouchers: list[Voucher]
    delivery_status: str


def map_order(wire: OrderDataWire, raw: dict[str, Any], po_number: str | None = None) -> PlumOrder:
    order_id = wire.order_id
    vouchers = [
        Voucher(
            provider_order_id=order_id,
            position=i,
            product_id=str(v.product_id) if v.product_id is not None else None,
            type=v.type or "code",
            code=v.voucher_code,
            pin=v.pin,
            validity=v.validity or None,
            amount=v.amount,
            currency=v.currency or None,
            country=v.country or None,
        )
        for i, v in enumerate(wire.vouchers)
    ]
    lines: list[OrderLine] = []
    by_product: dict[tuple[str, Decimal | None], int] = {}
    for voucher in vouchers:
        key = (voucher.product_id or "", voucher.amount)
        by_product[key] = by_product.get(key, 0) + 1
    for (product_id, amount), count in by_product.items():
        currency = next((v.currency for v in vouchers if v.product_id == product_id), "")
        name = f"{amount} {currency} voucher".strip() if amount is not None else "voucher"
        lines.append(OrderLine(product_id=product_id, name=name, quantity=count, unit_price=amount))
    status = _ORDER_STATUS.get(wire.order_status.strip().lower(), OrderStatus.UNKNOWN)
    total = None
    if wire.amount_charged is not None and wire.currency_code:
        total = Money(amount=wire.amount_charged, currency=wire.currency_code.upper()[:3])
    extra: dict[str, Any] = {}
    created = _when(raw.get("createdAt") or raw.get("orderDate"))
    if created is not None:
        extra["created_at"] = created
    order = Order(
        **extra,
        provider=Provider.PLUM,
        provider_order_id=order_id,
        status=status,
        provider_status=wire.order_status or "",
        lines=lines,
        total=total,
        reference=po_number or None,
        raw=raw,
    )
    return PlumOrder(order, vouchers, wire.delivery_status)


def _when(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse_result(
    content: bytes, query_key: str, status: int, po_number: str | None = None
) -> PlumOrder:
    """Read `{"data": {<query_key>: {"status": 1, "data": {...}}}}`."""
    try:
        body = json.loads(content, parse_float=Decimal)
    except ValueError as exc:
        raise ResponseInvalid(
            provider=PROVIDER, message="Plum sent a response that is not JSON", status=status
        ) from exc
    result = (body.get("data") or {}).get(query_key) if isinstance(body, dict) else None
    if not isinstance(result, dict):
        raise ResponseInvalid(
            provider=PROVIDER, message=f"Plum's answer has no {query_key}", status=status
        )
    if str(result.get("status")) != "1" or not isinstance(result.get("data"), dict):
        raise ResponseInvalid(
            provider=PROVIDER,
            message="Plum reported a failure without an "
            "error id; look the order up by its PO number before retrying",
            status=status,
            outcome_unknown=True,
        )
    try:
        wire = OrderDataWire.model_validate(result["data"])
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ResponseInvalid(
            provider=PROVIDER,
            message=f"Plum sent an order this console cannot read ({where}: {first['msg']})",
            status=status,
        ) from exc
    return map_order(wire, result["data"], po_number)


def _query_data(content: bytes, key: str, status: int, what: str) -> Any:
    """`{"data": {key: {"status": 1, "data": X}}}` -> X."""
    try:
        body = json.loads(content, parse_float=Decimal)
        result = body["data"][key]
        if str(result.get("status", 1)) != "1":
            raise ValueError("status is not 1")
        return result["data"]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ResponseInvalid(
            provider=PROVIDER,
            message=f"Plum sent {what} this console cannot read",
            status=status,
        ) from exc


def parse_balance(content: bytes, status: int) -> Money:
    data = _query_data(content, "getBalance", status, "a balance")
    if isinstance(data, list) and data:
        data = data[0]
    value = _decimal(data.get("value") if isinstance(data, dict) else None)
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    currency = str(data.get("currency") or "") if isinstance(data, dict) else ""
    if not isinstance(value, Decimal) or not currency:
        raise ResponseInvalid(
            provider=PROVIDER, message="Plum sent a balance without a value", status=status
        )
    return Money(amount=value, currency=currency.upper()[:3])


def parse_history(content: bytes, status: int) -> list[PlumOrder]:
    data = _query_data(content, "getOrderHistory", status, "an order history")
    items = data.get("orders", data.get("data")) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ResponseInvalid(
            provider=PROVIDER, message="Plum sent an order history without orders", status=status
        )
    orders = []
    for item in items:
        try:
            wire = OrderDataWire.model_validate(item)
        except ValidationError as exc:
            raise ResponseInvalid(
                provider=PROVIDER,
                message="Plum sent an order in its history this console cannot read",
                status=status,
            ) from exc
        po = str(item.get("poNumber") or "") or None
        orders.append(map_order(wire, item, po))
    return orders


def parse_products(content: bytes, status: int) -> list[VoucherProduct]:
    try:
        body = json.loads(content, parse_float=Decimal)
        items = body["data"]["getVouchers"]["data"]
        wires = [ProductWire.model_validate(item) for item in items]
    except (ValueError, KeyError, TypeError, ValidationError) as exc:
        raise ResponseInvalid(
            provider=PROVIDER,
            message="Plum sent a product list this console cannot read",
            status=status,
        ) from exc
    products = []
    for w in wires:
        denominations = []
        for part in w.value_denominations.split(","):
            value = _decimal(part)
            if isinstance(value, Decimal):
                denominations.append(value)
        products.append(
            VoucherProduct(
                product_id=w.product_id,
                name=w.name,
                currency=w.currency_code.upper(),
                country=w.country_code or None,
                denominations=denominations,
                exchange_rate=w.exchange_rate,
                discount_percent=w.discount or Decimal(0),
                value_type=w.value_type or "fixed_denomination",
                min_value=w.min_value,
                max_value=w.max_value,
                order_quantity_limit=w.order_quantity_limit or None,
                delivery_type=w.delivery_type or "realtime",
                fee_percent=w.fee or Decimal(0),
            )
        )
    return products


# --------------------------------------------------------------------------- errors

#: errorId -> (what it means for the person, retryable, outcome unknown, form field)
ERRORS: dict[str, tuple[str, bool, bool, str | None]] = {
    "PLE10001": ("Plum refused the order details", False, False, None),
    "PLE10002": (
        "Plum refused the lookup: give an order id (a number) or a PO number",
        False,
        False,
        "lookup",
    ),
    "PLE10004": ("Plum could not validate the PO number", False, False, None),
    "PLE10005": ("Plum could not get a currency value. Try again later", True, True, None),
    "PLE10006": ("Plum could not get a currency value. Try again later", True, True, None),
    "PLE10007": ("Plum could not add the order. You can try again", True, False, None),
    "PLE10010": (
        "Plum could not redeem points for the order. You can try again",
        True,
        False,
        None,
    ),
    "PLE10011": ("Plum could not confirm the order. You can try again", True, False, None),
    "PLE10012": (
        "Plum has no vouchers available for this product right now. Try another "
        "denomination or product, or try later",
        True,
        True,
        "product",
    ),
    "PLE10013": (
        "Plum could not confirm the points redeemed. Contact Plum support",
        False,
        False,
        None,
    ),
    "PLE10014": (
        "Plum does not recognise this client account. Contact Plum support",
        False,
        False,
        None,
    ),
    "PLE10015": (
        "Amazon vouchers need the account's Amazon KYC to be approved by Plum. "
        "Choose another product or ask Plum to approve KYC",
        False,
        False,
        "product",
    ),
    "PLE10016": ("Plum has no order with this id or PO number", False, False, "lookup"),
    "PLE10017": (
        "Plum has no details for this product. Refresh the product list",
        False,
        False,
        "product",
    ),
    "PLE10018": (
        "This denomination is not offered for the product. Pick one of the listed denominations",
        False,
        False,
        "denomination",
    ),
    "PLE10019": (
        "This account may not buy vouchers for another country. Choose a product "
        "of the account's country",
        False,
        False,
        "product",
    ),
    "PLE10020": (
        "Plum could not get the currency details for this order. Try again in a few minutes",
        True,
        True,
        None,
    ),
    "PLE10021": (
        "Plum could not find the order while fulfilling it. Try again later",
        True,
        False,
        None,
    ),
    "PLE10022": ("Plum has no order history for this request", False, False, None),
    "PLE10023": ("Plum could not read the account balance. Try again later", True, False, None),
    "PLE10024": ("The vouchers are out of stock at Plum. Try later", True, False, "product"),
    "PLE10027": ("Plum has no order history for this request", False, False, None),
    "PLE10032": (
        "Plum refused the order history request: check the dates, the limit and the page",
        False,
        False,
        None,
    ),
    "PLE10025": (
        "Plum failed to place the order. The console checks the PO number before trying again",
        True,
        True,
        None,
    ),
    "PLE10026": (
        "The order was cancelled but the refund failed: money may be held. Contact Plum support",
        False,
        False,
        None,
    ),
    "PLE10034": (
        "Plum could not resend the vouchers. Try the resend again later",
        True,
        False,
        None,
    ),
    "PLE10035": (
        "Plum could not check the order's status; the console looks it up by PO number",
        True,
        True,
        None,
    ),
    "PLE10036": ("The order exists but its delivery was cancelled", False, False, None),
    "PLE10041": (
        "At most 10 vouchers per order. Split the purchase into orders of 10 or fewer",
        False,
        False,
        "quantity",
    ),
    "PIPE10013": ("The Plum token was refused. Enter it again in Settings", False, False, None),
    "PIPE10015": ("The Plum user is disabled. Contact Plum support", False, False, None),
    "PIPE10016": ("The Plum company account is disabled. Contact Plum support", False, False, None),
}

#: words in a PLE10001 message -> the form field it concerns
_VALIDATION_FIELDS = (
    ("mobile", "contact"),
    ("contact", "contact"),
    ("phone", "contact"),
    ("email", "email"),
    ("denomination", "denomination"),
    ("quantity", "quantity"),
    ("qty", "quantity"),
    ("product", "product"),
    ("ponumber", "po_number"),
    ("notify", "notify"),
)


def _messages(error: Any) -> list[str]:
    if isinstance(error, list):
        out = []
        for item in error:
            if isinstance(item, dict):
                out.append(str(item.get("msg") or item.get("message") or ""))
            else:
                out.append(str(item))
        return [m for m in out if m]
    if isinstance(error, str) and error.strip():
        return [error.strip()]
    return []


def parse_error(response: httpx.Response) -> ProviderError:
    status = response.status_code
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"]:
        first = body["errors"][0] if isinstance(body["errors"][0], dict) else {}
        if "limit" in str(first.get("message", "")):
            error = RateLimitedError(
                provider=PROVIDER,
                status=status,
                code="request_limit_exceeded",
                retryable=True,
                message="Plum refused the request: too many requests of this kind in a minute "
                "(Plum's rate limit). Nothing was carried out; the console waits before the "
                "next one",
            )
            penalty = first.get("penaltySeconds")
            error.retry_after = (
                float(penalty)
                if isinstance(penalty, int | float) and not isinstance(penalty, bool)
                else 60.0
            )
            return error
    if isinstance(body, dict) and "error_description" in body:
        return status_error_class(401)(
            provider=PROVIDER,
            status=status,
            code=str(body.get("error") or "invalid_request"),
            message="Plum refused the credentials: "
            f"{body.get('error_description')}. Enter the token again in Settings",
        )
    try:
        wire = ErrorWire.model_validate(body if isinstance(body, dict) else {})
    except ValidationError:
        wire = ErrorWire()
    known = ERRORS.get(wire.error_id)
    details = _messages(wire.error)
    if known:
        text, retryable, unknown, field_name = known
    else:
        text = wire.error_info or f"Plum answered HTTP {status}"
        retryable, unknown, field_name = status >= 500, status >= 500, None
    field_errors: dict[str, str] = {}
    if wire.error_id == "PLE10001":
        for detail in details:
            for word, name in _VALIDATION_FIELDS:
                if word in detail.lower().replace(" ", ""):
                    field_errors.setdefault(name, detail)
                    break
        if details:
            text = f"{text}: {'; '.join(details)}"
    elif field_name:
        field_errors[field_name] = text
    if wire.error_id == "PLE10001" and not details and wire.error_info:
        text = f"{text}: {wire.error_info}"
    cls = status_error_class(status)
    return cls(
        provider=PROVIDER,
        message=text,
        code=wire.error_id or None,
        status=status,
        retryable=retryable,
        outcome_unknown=unknown,
        field_errors=field_errors,
    )


# --------------------------------------------------------------------------- credentials


class PlumReauthorizationNeeded(AuthenticationError):
    """The refresh token expired (30 days) or was revoked: only the dashboard can help."""


REAUTHORIZE = (
    "Plum no longer accepts the refresh token: it expired (refresh tokens last 30 days) or was "
    "replaced. Sign in to the Xoxoday Plum Pro dashboard, generate new API tokens for this "
    "client id, and enter the new refresh token in Settings (Plum) or "
    "FULFILDESK_PLUM_REFRESH_TOKEN"
)


@dataclass(frozen=True)
class PlumCredentials:
    client_id: str
    client_secret: str
    refresh_token: str
    access_token: str | None = None

    def __repr__(self) -> str:  # never show a secret
        return f"PlumCredentials(client_id={self.client_id!r}, secrets hidden)"


class PlumTokenSource(RenewingToken):
    """Plum's access token, refreshed with a refresh token that rotates on every use.

    The persisted state is tagged with a fingerprint of the refresh token it descends from: the
    configured (first) refresh token keeps working run after run because the rotated one in the
    store wins while it descends from it; a new token entered in Settings starts a new line."""

    provider = PROVIDER
    max_margin = 3600.0

    def __init__(
        self,
        client: PlumClient,
        credentials: PlumCredentials,
        store: CredentialStore,
        *,
        lock_path: Path | None = None,
        clock: Clock = time.time,
    ) -> None:
        super().__init__(access_token=credentials.access_token, lock_path=lock_path, clock=clock)
        self._client = client
        self._credentials = credentials
        self._store = store
        self._origin = fingerprint(credentials.refresh_token)
        self._refresh = credentials.refresh_token
        self._refresh_expires_at: float | None = None
        self.reload()

    def reload(self) -> None:
        try:
            state = self._store.load()
        except Exception as exc:  # a store that cannot be read: keep what is in memory
            log.warning("cannot read Plum's saved tokens (%s)", type(exc).__name__)
            return
        if not state or state.get("origin") != self._origin:
            return
        self._refresh = str(state.get("refresh_token") or self._refresh)
        self._refresh_expires_at = _float(state.get("refresh_expires_at"))
        if state.get("access_token"):
            self._access = str(state["access_token"])
            self._expires_at = _float(state.get("access_expires_at"))
            self._issued_at = _float(state.get("issued_at"))

    @property
    def refresh_token_expires_at(self) -> datetime | None:
        if self._refresh_expires_at is None:
            return None
        return datetime.fromtimestamp(self._refresh_expires_at, UTC)

    def expiry_warning(self, days: int = REFRESH_WARNING_DAYS) -> str | None:
        """A sentence to show when the refresh token ends within `days`, else None."""
        if self._refresh_expires_at is None:
            return None
        left = self._refresh_expires_at - self._clock()
        if left > days * 86400:
            return None
        when = self.refresh_token_expires_at
        shown = when.strftime("%Y-%m-%d %H:%M UTC") if when else "soon"
        if left <= 0:
            return f"Plum's refresh token expired on {shown}. {REAUTHORIZE}."
        return (
            f"Plum's refresh token ends on {shown} unless it is used before then; the console "
            "uses it when the access token expires. If it lapses, sign in to the Xoxoday Plum "
            "Pro dashboard and generate new API tokens."
        )

    def is_refusal(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    async def fetch(self) -> None:
        from fulfildesk.providers.errors import ProviderStatusError

        body = {
            "grant_type": "refresh_token",
            "refresh_token": self._refresh,
            "client_id": self._credentials.client_id,
            "client_secret": self._credentials.client_secret,
        }
        try:
            response = await self._client.http.request(
                "POST", TOKEN_PATH, json_body=body, idempotent=False, authenticate=False
            )
        except ProviderStatusError as exc:
            if exc.status in (400, 401, 403):
                raise PlumReauthorizationNeeded(
                    provider=PROVIDER, message=REAUTHORIZE, code=exc.code, status=exc.status
                ) from None
            raise
        try:
            answer = json.loads(response.content)
            access = str(answer["access_token"])
            refresh = str(answer["refresh_token"])
            expires_in = _float(answer.get("expires_in"))
        except (ValueError, KeyError, TypeError) as exc:
            raise ResponseInvalid(
                provider=PROVIDER,
                message="Plum answered the token refresh with something this console cannot "
                "read; the refresh token may have been used up. If Plum refuses the next call, "
                "generate new API tokens in the Xoxoday dashboard",
                status=response.status_code,
            ) from exc
        now = self._clock()
        access_expiry_ms = _float(answer.get("access_token_expiry"))
        refresh_expiry_ms = _float(answer.get("refresh_token_expiry"))
        expires_at = (
            now + expires_in
            if expires_in
            else (access_expiry_ms / 1000 if access_expiry_ms else None)
        )
        state = {
            "origin": self._origin,
            "refresh_token": refresh,
            "refresh_expires_at": refresh_expiry_ms / 1000 if refresh_expiry_ms else None,
            "access_token": access,
            "access_expires_at": expires_at,
            "issued_at": now,
        }
        try:
            self._store.save(state)  # before the new access token is used
        except Exception as exc:
            log.error("could not save Plum's rotated refresh token (%s)", type(exc).__name__)
            raise AuthenticationError(
                provider=PROVIDER,
                message="Plum issued a new refresh token but this computer could not save it "
                f"({type(exc).__name__}). Fix the secret storage (see Settings), then generate "
                "new API tokens in the Xoxoday dashboard",
            ) from None
        self._refresh = refresh
        self._refresh_expires_at = state["refresh_expires_at"]  # type: ignore[assignment]
        self._access, self._expires_at, self._issued_at = access, expires_at, now
        log.info("Plum access token renewed (expires in %s s)", int(expires_in or 0))
        warning = self.expiry_warning()
        if warning:
            log.warning("%s", warning)


def _float(value: Any) -> float | None:
    """A finite positive number of a token answer, else None (NaN, inf, text, nesting)."""
    try:
        number = float(value) if value not in (None, "") else None
    except (TypeError, ValueError, OverflowError):
        return None
    if number is None or not math.isfinite(number) or number <= 0 or number > 1e13:
        return None
    return number


# --------------------------------------------------------------------------- pacing


class QueryPacer:
    """Keeps the calls of each query name within `limits` per `window` seconds.

    Each call takes a slot before it is sent and stamps it with the time its answer came back
    (Plum counted it before then): the next call over the limit waits until the oldest stamp of
    the window is `window` seconds old (plus a small margin). A call whose slot is still in flight
    counts from when it was sent. One computation and at most one sleep per call, so an injected
    sleep that does not pass time cannot loop. `hold` keeps a query back for a penalty."""

    def __init__(
        self,
        limits: Mapping[str, int] | None = None,
        window: float = RATE_WINDOW,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self.limits = dict(RATE_LIMITS if limits is None else limits)
        self.window = window
        self._clock = clock
        self._stamps: dict[str, deque[list[float]]] = {}
        self._held: dict[str, float] = {}
        #: seconds waited per query name (for tests and the log)
        self.waited: dict[str, float] = {}

    def delay(self, name: str) -> tuple[float, list[float] | None]:
        """Take a slot for a call of `name`: (seconds to wait first, the slot to stamp)."""
        limit = self.limits.get(name)
        now = self._clock()
        held = max(0.0, self._held.get(name, 0.0) - now)
        if not limit or limit < 1:
            return held, None
        stamps = self._stamps.setdefault(name, deque())
        while stamps and now - stamps[0][0] >= self.window:
            stamps.popleft()
        at = now
        if len(stamps) >= limit:
            at = stamps[-limit][0] + self.window * (1 + PACING_MARGIN)
        at = max(at, now + held)
        slot = [at]
        stamps.append(slot)
        return at - now, slot

    async def wait(
        self, name: str, sleep: Sleep, max_wait: float | None = None
    ) -> list[float] | None:
        """Wait for a slot of `name`; with `max_wait`, a longer wait is not waited for: nothing
        is sent and RateLimitedError (429, `retry_after`) says when to try again."""
        wait, slot = self.delay(name)
        if max_wait is not None and wait > max_wait:
            if slot is not None:
                self._stamps[name].remove(slot)
            error = RateLimitedError(
                provider=PROVIDER,
                status=429,
                code="request_limit_exceeded",
                retryable=True,
                message="Plum allows only a few of these requests a minute; this one was not "
                f"sent. Try again in {math.ceil(wait)} seconds",
            )
            error.retry_after = wait
            raise error
        if wait > 0:
            self.waited[name] = self.waited.get(name, 0.0) + wait
            log.info("plum %s: pacing %.1f s (Plum's rate limit)", name, wait)
            await sleep(wait)
        return slot

    def answered(self, slot: list[float] | None) -> None:
        if slot is not None:
            slot[0] = max(slot[0], self._clock())

    def hold(self, name: str, seconds: float | None) -> None:
        """Plum refused `name` for `seconds` (penaltySeconds): later calls wait that long."""
        if seconds:
            self._held[name] = max(self._held.get(name, 0.0), self._clock() + seconds)


# --------------------------------------------------------------------------- client


class PlumClient(ProviderClient):
    """`token` alone: a static access token. `credentials`: the full lifecycle (refresh before
    expiry and once after a refusal; rotated refresh tokens saved to `store` first)."""

    #: calls that spend money or hand out a secret: an unreadable 2xx leaves the outcome unknown
    acting_methods = frozenset({"place_order"})

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        credentials: PlumCredentials | None = None,
        store: CredentialStore | None = None,
        lock_path: Path | None = None,
        clock: Clock = time.time,
        policy: HttpPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep | None = None,
        rate_limits: Mapping[str, int] | None = None,
        rate_window: float = RATE_WINDOW,
    ) -> None:
        super().__init__(
            PROVIDER,
            base_url,
            {},
            parse_error,
            policy=policy,
            transport=transport,
            sleep=sleep,
        )
        self.tokens: PlumTokenSource | None = None
        auth: Auth
        if credentials is not None and credentials.refresh_token:
            self.tokens = PlumTokenSource(
                self,
                credentials,
                store or MemoryCredentialStore(),
                lock_path=lock_path,
                clock=clock,
            )
            auth = self.tokens
        elif token or (credentials and credentials.access_token):
            auth = bearer(token or (credentials.access_token if credentials else "") or "")
        else:
            raise ValueError("Plum needs an access token or a refresh token")
        self.http.auth = auth
        self._balance: tuple[float, Money] | None = None
        self._clock = clock
        #: per query name, the calls of the last minute kept within Plum's limits
        self.pacer = QueryPacer(rate_limits, rate_window)
        self._pace_sleep: Sleep = sleep or asyncio.sleep

    async def _call(
        self,
        name: str,
        body: dict[str, Any],
        *,
        idempotent: bool,
        read_timeout: float | None = None,
        max_wait: float | None = None,
    ) -> httpx.Response:
        """POST one query, paced within Plum's per-minute limit for `name` (placeOrder...);
        a pacing wait beyond `max_wait` is not waited for (RateLimitedError, nothing sent)."""
        slot = await self.pacer.wait(name, self._pace_sleep, max_wait)
        try:
            return await self.http.request(
                "POST", PATH, json_body=body, idempotent=idempotent, read_timeout=read_timeout
            )
        except RateLimitedError as exc:
            self.pacer.hold(name, exc.retry_after)
            raise
        finally:
            self.pacer.answered(slot)

    @property
    def refresh_token_expires_at(self) -> datetime | None:
        return self.tokens.refresh_token_expires_at if self.tokens else None

    def credential_warning(self) -> str | None:
        return self.tokens.expiry_warning() if self.tokens else None

    async def place_order(self, request: PlaceOrderRequest) -> PlumOrder:
        """Not idempotent at the HTTP level: after a timeout or 5xx, look up by PO number."""
        cached, self._balance = self._balance, None  # an order changes the balance
        response = await self._call(
            "placeOrder",
            request.body(),
            idempotent=False,
            read_timeout=self.http.policy.placement_read_timeout,
        )
        result = parse_result(
            response.content, "placeOrder", response.status_code, request.po_number
        )
        total = result.order.total
        if cached is not None and total is not None and total.currency == cached[1].currency:
            # the charge is known: the cached balance less it stays right without another
            # getBalance (10 a minute), until the cache's age runs out as usual
            left = Money(amount=cached[1].amount - total.amount, currency=total.currency)
            self._balance = (cached[0], left)
        return result

    async def get_order_details(
        self,
        *,
        order_id: str | None = None,
        po_number: str | None = None,
        send_mail_to_receiver: bool = False,
    ) -> PlumOrder:
        if not order_id and not po_number:
            raise ValueError("give an order id or a PO number")
        data: dict[str, Any] = {
            "poNumber": po_number or "",
            "sendMailToReceiver": 1 if send_mail_to_receiver else 0,
        }
        if order_id:
            data["orderId"] = int(order_id) if str(order_id).isdigit() else order_id
        body = {"query": GET_ORDER_DETAILS, "tag": "plumProAPI", "variables": {"data": data}}
        response = await self._call("getOrderDetails", body, idempotent=not send_mail_to_receiver)
        return parse_result(response.content, "getOrderDetails", response.status_code, po_number)

    async def get_vouchers_page(self, limit: int = 100, page: int = 1) -> list[VoucherProduct]:
        body = {
            "query": GET_VOUCHERS,
            "tag": "plumProAPI",
            "variables": {"data": {"limit": limit, "page": page, "exchangeRate": 1}},
        }
        response = await self._call("getVouchers", body, idempotent=True)
        return parse_products(response.content, response.status_code)

    async def get_vouchers(
        self, limit: int = 100, page: int | None = None, *, max_pages: int = 100
    ) -> list[VoucherProduct]:
        """The catalogue with exchange rates (`exchangeRate: 1`): one page when `page` is given,
        else every page to the end (getVouchers allows 50 calls a minute, 500 a day)."""
        if page is not None:
            return await self.get_vouchers_page(limit, page)
        products: list[VoucherProduct] = []
        seen: set[int] = set()
        for number in range(1, max_pages + 1):
            batch = await self.get_vouchers_page(limit, number)
            fresh = [p for p in batch if p.product_id not in seen]
            seen.update(p.product_id for p in fresh)
            products.extend(fresh)
            if len(batch) < limit or not fresh:
                break
        return products

    async def get_balance(self, *, max_age: float = BALANCE_TTL) -> Money:
        """The account balance, cached for `max_age` seconds (getBalance: 10 calls a minute)."""
        now = self._clock()
        if self._balance is not None and now - self._balance[0] < max_age:
            return self._balance[1]
        body = {"query": GET_BALANCE, "tag": "plumProAPI", "variables": {"data": {}}}
        # a balance is a pre-check (Plum checks it too): over 10 a minute, not waited for
        response = await self._call("getBalance", body, idempotent=True, max_wait=0.0)
        balance = parse_balance(response.content, response.status_code)
        self._balance = (now, balance)
        return balance

    async def get_order_history(
        self, start: date | datetime, end: date | datetime, page: int = 1, limit: int = 100
    ) -> list[PlumOrder]:
        """One page of the orders placed from `start` to `end` (dates, inclusive), however
        they were placed."""
        data = {
            "startDate": _day(start),
            "endDate": _day(end),
            "limit": limit,
            "page": page,
        }
        body = {"query": GET_ORDER_HISTORY, "tag": "plumProAPI", "variables": {"data": data}}
        response = await self._call("getOrderHistory", body, idempotent=True)
        # off the event loop (the GUI thread): a page of orders, each validated and mapped
        return await asyncio.to_thread(parse_history, response.content, response.status_code)


def _day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date()
    return value.isoformat()
