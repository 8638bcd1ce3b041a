"""Plum Pro rewards API (Xoxoday; seeds 002 and 004): one POST endpoint taking a `query` name.

This module is the only place that knows Plum's JSON. Real responses send numbers as strings or
as "", `code` as a string and `error` as a list (../shared/fixtures/plum): every numeric field is
read leniently, and behaviour is keyed on `errorId`, never on the HTTP status.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
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
from fulfildesk.providers.errors import (
    ProviderError,
    RateLimitedError,
    ResponseInvalid,
    status_error_class,
)
from fulfildesk.providers.http import HttpPolicy, ProviderClient, Sleep

PROVIDER = Provider.PLUM.value
PATH = "/v1/oauth/api"
PLACE_ORDER = "plumProAPI.mutation.placeOrder"
GET_ORDER_DETAILS = "plumProAPI.mutation.getOrderDetails"
GET_VOUCHERS = "plumProAPI.mutation.getVouchers"
MAX_QUANTITY = 10


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
    order = Order(
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
    "PLE10024": ("The vouchers are out of stock at Plum. Try later", True, False, "product"),
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
                message="Too many requests to Plum; the console waits before the next one",
            )
            penalty = first.get("penaltySeconds")
            error.retry_after = float(penalty) if isinstance(penalty, int | float) else 60.0
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


# --------------------------------------------------------------------------- client


class PlumClient(ProviderClient):
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        policy: HttpPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        super().__init__(
            PROVIDER,
            base_url,
            {"Authorization": f"Bearer {token}"},
            parse_error,
            policy=policy,
            transport=transport,
            sleep=sleep,
        )

    async def place_order(self, request: PlaceOrderRequest) -> PlumOrder:
        """Not idempotent at the HTTP level: after a timeout or 5xx, look up by PO number."""
        response = await self.http.request(
            "POST",
            PATH,
            json_body=request.body(),
            idempotent=False,
            read_timeout=self.http.policy.placement_read_timeout,
        )
        return parse_result(response.content, "placeOrder", response.status_code, request.po_number)

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
        response = await self.http.request(
            "POST", PATH, json_body=body, idempotent=not send_mail_to_receiver
        )
        return parse_result(response.content, "getOrderDetails", response.status_code, po_number)

    async def get_vouchers(self, limit: int = 100, page: int = 1) -> list[VoucherProduct]:
        body = {
            "query": GET_VOUCHERS,
            "tag": "plumProAPI",
            "variables": {"data": {"limit": limit, "page": page}},
        }
        response = await self.http.request("POST", PATH, json_body=body, idempotent=True)
        return parse_products(response.content, response.status_code)
