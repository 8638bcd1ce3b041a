"""Kinguin eCommerce API: wire models, mapping, typed errors, client, for two generations.

- ``v1``: the seed's contract (seed 003): dispatch, keys by dispatchId, ``api-ecommerce-auth``,
  ``{code, message}`` errors.
- ``current``: Kinguin as it is today (../shared/PROVIDERS-TODAY.md): ``X-Api-Key``,
  ``orderExternalId``, keys from ``GET /v2/order/{id}/keys`` with key ids and statuses, key
  return, balance, and the ``{kind, status, title, detail, propertyPath, ...}`` error shape.

This module is the only place that knows Kinguin's JSON. Prices arrive as JSON floats (or, from
real servers, sometimes strings) and are read as Decimal without ever becoming a binary float.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

import httpx
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from fulfildesk.domain.models import (
    KeyLine,
    Money,
    Order,
    OrderLine,
    OrderStatus,
    Provider,
    SerialKey,
)
from fulfildesk.providers.errors import (
    AuthenticationError,
    NotFoundError,
    ProviderError,
    ProviderServerError,
    RequestRejected,
    ResponseInvalid,
    status_error_class,
)
from fulfildesk.providers.http import KEYS_MAX_BYTES, HttpPolicy, ProviderClient, Sleep

PROVIDER = Provider.KINGUIN.value
CURRENCY = "EUR"
AUTH_HEADER = "api-ecommerce-auth"
KEY_CONTENT_TYPES = ("text/plain", "image/jpeg", "image/png", "image/gif")
MAX_LIMIT = 100


# --------------------------------------------------------------------------- wire models


def _to_str(value: Any) -> Any:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return value


def _to_decimal(value: Any) -> Any:
    if value == "" or value is None:
        return None
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _dispatch(value: Any) -> Any:
    # The seed's object table types `dispatch` as "array"; examples show an object or nothing.
    if isinstance(value, list):
        return value[0] if value else None
    if value == {}:
        return None
    return value


def _to_datetime(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if " " in text and "T" not in text:
            text = text.replace(" ", "T", 1)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return value


WireStr = Annotated[str, BeforeValidator(_to_str)]
WireDecimal = Annotated[Decimal | None, BeforeValidator(_to_decimal)]
WireDatetime = Annotated[datetime | None, BeforeValidator(_to_datetime)]


class _Wire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class PlaceOrderProduct(_Wire):
    kinguin_id: int = Field(alias="kinguinId")
    qty: int
    price: Decimal
    name: str | None = None


class PlaceOrderRequest(_Wire):
    products: list[PlaceOrderProduct]


class PlaceOrderResponse(_Wire):
    order_id: WireStr = Field(alias="orderId")


class DispatchResponse(_Wire):
    dispatch_id: int = Field(alias="dispatchId")


class KeyWire(_Wire):
    serial: str
    type: str
    name: str = ""
    kinguin_id: int | None = Field(default=None, alias="kinguinId")


class OrderProductWire(_Wire):
    kinguin_id: int | None = Field(default=None, alias="kinguinId")
    qty: int = 1
    name: str | None = None
    price: WireDecimal = None
    product_id: int | None = None


class DispatchWire(_Wire):
    dispatch_id: int = Field(alias="dispatchId")
    created_at: WireDatetime = Field(default=None, alias="createdAt")


class OrderWire(_Wire):
    total_price: WireDecimal = Field(default=None, alias="totalPrice")
    order_id: WireStr | None = Field(default=None, alias="orderId")
    order_external_id: WireStr | None = Field(default=None, alias="orderExternalId")
    status: str
    store_id: int | None = Field(default=None, alias="storeId")
    created_at: WireDatetime = Field(default=None, alias="createdAt")
    products: list[OrderProductWire] = Field(default_factory=list)
    dispatch: Annotated[DispatchWire | None, BeforeValidator(_dispatch)] = None


class OrderListWire(_Wire):
    results: list[dict[str, Any]] = Field(default_factory=list)
    item_count: int = 0


class ErrorWire(_Wire):
    code: Annotated[
        int | None,
        BeforeValidator(lambda v: int(v) if isinstance(v, str) and v.strip().isdigit() else v),
    ] = None
    message: str = ""


# --------------------------------------------------------------------------- mapping

STATUS_MAP: Mapping[str, OrderStatus] = {
    "pending": OrderStatus.PENDING,
    "processing": OrderStatus.PROCESSING,
    "completed": OrderStatus.COMPLETED,
    "out_of_stock": OrderStatus.OUT_OF_STOCK,
    "error": OrderStatus.FAILED,
    # names the real provider uses today (after seed 003)
    "canceled": OrderStatus.CANCELLED,
    "cancelled": OrderStatus.CANCELLED,
    "refunded": OrderStatus.REFUNDED,
}


#: what each status means, in Kinguin's words (seed 003) and for the newer names
STATUS_TEXT: Mapping[str, str] = {
    "pending": "Kinguin is processing the order.",
    "processing": "The order is paid and awaits dispatch.",
    "completed": "The order is complete; its keys can be downloaded.",
    "out_of_stock": "Kinguin ran out of the requested quantity at the given price; nothing was "
    "charged.",
    "error": "Kinguin hit an unrecoverable error processing the order.",
    "canceled": "The order was canceled (newer API status).",
    "refunded": "The order was refunded (newer API status).",
}


def map_status(status: str) -> OrderStatus:
    return STATUS_MAP.get(status.strip().lower(), OrderStatus.UNKNOWN)


def _lines_and_total(wire: Any) -> tuple[list[OrderLine], Decimal | None]:
    """An order's lines and its total (the lines' sum when Kinguin sends none): the same for the
    seed's order object and the current one."""
    lines = [
        OrderLine(
            product_id=str(p.kinguin_id if p.kinguin_id is not None else p.product_id or ""),
            name=p.name or "",
            quantity=p.qty,
            unit_price=p.price,
        )
        for p in wire.products
    ]
    total: Decimal | None = wire.total_price
    if total is None and lines and all(line.unit_price is not None for line in lines):
        total = sum(((line.unit_price or Decimal(0)) * line.quantity for line in lines), Decimal(0))
    return lines, total


def order_from_wire(wire: OrderWire, raw: dict[str, Any]) -> Order | None:
    """Map one order; None for an order without an id (the seed omits it for status `error`)."""
    order_id = wire.order_id or wire.order_external_id
    if not order_id:
        return None
    lines, total = _lines_and_total(wire)
    return Order(
        provider=Provider.KINGUIN,
        provider_order_id=order_id,
        status=map_status(wire.status),
        provider_status=wire.status,
        created_at=wire.created_at,
        updated_at=wire.dispatch.created_at if wire.dispatch else wire.created_at,
        lines=lines,
        total=Money(amount=total, currency=CURRENCY) if total is not None else None,
        dispatch_id=str(wire.dispatch.dispatch_id) if wire.dispatch else None,
        reference=wire.order_external_id,
        raw=raw,
    )


def _loads(provider_response: httpx.Response) -> Any:
    try:
        return json.loads(provider_response.content, parse_float=Decimal)
    except (ValueError, RecursionError) as exc:
        raise ResponseInvalid(
            provider=PROVIDER,
            message="Kinguin sent a response that is not JSON",
            status=provider_response.status_code,
        ) from exc


_M = TypeVar("_M", bound=BaseModel)


def _validate(model: type[_M], data: Any, status: int) -> _M:
    try:
        return model.model_validate(data)
    except RecursionError as exc:
        raise ResponseInvalid(
            provider=PROVIDER,
            message="Kinguin sent a response nested too deeply to read",
            status=status,
        ) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ResponseInvalid(
            provider=PROVIDER,
            message=f"Kinguin sent a response this console cannot read ({where}: {first['msg']})",
            status=status,
        ) from exc


def parse_order(data: Any, status: int = 200) -> Order | None:
    if not isinstance(data, dict):
        raise ResponseInvalid(
            provider=PROVIDER, message="Kinguin sent an order that is not an object", status=status
        )
    return order_from_wire(_validate(OrderWire, data, status), data)


def parse_order_page(content: bytes, status: int = 200, *, current: bool = False) -> OrderPage:
    """One page of GET /v1/order (either API), parsed and mapped: pure, thread-safe."""
    try:
        data = json.loads(content, parse_float=Decimal)
    except (ValueError, RecursionError) as exc:
        raise ResponseInvalid(
            provider=PROVIDER, message="Kinguin sent a response that is not JSON", status=status
        ) from exc
    if not isinstance(data, dict):
        raise ResponseInvalid(
            provider=PROVIDER,
            message="Kinguin sent an order list that is not an object",
            status=status,
        )
    page = _validate(OrderListWire, data, status)
    orders: list[Order] = []
    anonymous: list[dict[str, Any]] = []
    for raw in page.results:
        if current:
            orders.append(parse_current_order(raw, status).order)
            continue
        order = parse_order(raw, status)
        if order is None:
            anonymous.append(raw)
        else:
            orders.append(order)
    return OrderPage(orders=orders, item_count=page.item_count, anonymous=anonymous)


def parse_keys(data: Any, order_id: str, status: int = 200) -> list[SerialKey]:
    if not isinstance(data, list):
        raise ResponseInvalid(
            provider=PROVIDER, message="Kinguin sent keys that are not a list", status=status
        )
    keys = []
    for position, item in enumerate(data):
        wire = _validate(KeyWire, item, status)
        keys.append(
            SerialKey(
                provider=Provider.KINGUIN,
                provider_order_id=order_id,
                product_id=str(wire.kinguin_id) if wire.kinguin_id is not None else None,
                name=wire.name,
                content_type=wire.type.strip().lower(),
                serial=wire.serial,
                position=position,
            )
        )
    return keys


# --------------------------------------------------------------------------- errors

_HINTS: dict[int, str] = {}
for _codes, _hint in (
    (
        (1000, 1007, 1009, 1010, 1100, 1500, 2500, 2611, 3500),
        "Kinguin had an internal error. Try again in a few minutes",
    ),
    (
        (1001, 1401, 2401, 2604, 2608, 2612),
        "The Kinguin API key was refused. Check the key in Settings",
    ),
    ((1002, 1006), "The quantity is not accepted for this product. Order fewer keys"),
    ((1003, 3601), "Kinguin has no product with this id. Check the product id"),
    ((1004,), "This product type cannot be ordered through the API"),
    ((1005,), "This product is not on sale right now"),
    (
        (1008, 2613),
        "The Kinguin balance is too low for this order. Top up the account or order less",
    ),
    ((1101, 2602), "Kinguin has no order with this id"),
    ((1102,), "The order is not ready yet. Wait a moment and try again"),
    ((1103,), "The order is closed and cannot be dispatched"),
    ((1104,), "The order was canceled"),
    ((1400, 2400, 3400), "Kinguin refused the request as malformed"),
    ((1404, 2404, 3404), "Kinguin does not know this address. Check the Kinguin URL in Settings"),
    ((1503, 2503, 3503), "Kinguin is unavailable right now. Try again in a few minutes"),
    ((2405, 3405), "Kinguin does not allow this request method"),
    ((2601, 3602), "A search filter was refused"),
    ((2603,), "Kinguin has no dispatch with this id"),
    ((2605,), "Kinguin expects JSON"),
    ((2607,), "The Kinguin balance is below the minimum. Top up the account"),
    ((2609,), "Kinguin refused the order request"),
    (
        (2610,),
        "A product was refused: the product id may not exist, or the quantity or the "
        "price is not accepted (the price must be at least the product's current price)",
    ),
    ((3603,), "Kinguin has no such category"),
):
    for _code in _codes:
        _HINTS[_code] = _hint

#: codes whose message concerns one field of the order form
_FIELD_CODES = {
    1002: "quantity",
    1006: "quantity",
    1003: "product",
    3601: "product",
    2610: "price",
    1008: "price",
    2613: "price",
}


def parse_error(response: httpx.Response) -> ProviderError:
    status = response.status_code
    try:
        wire = ErrorWire.model_validate(json.loads(response.content))
    except (ValueError, ValidationError, RecursionError):
        wire = ErrorWire(message="")
    hint = _HINTS.get(wire.code or -1)
    detail = wire.message.strip()
    if hint and detail and detail.lower() not in hint.lower():
        message = f"{hint}. Kinguin said: {detail}"
    elif hint:
        message = f"{hint}."
    elif detail:
        message = detail
    else:
        message = f"Kinguin answered HTTP {status}"
    cls = status_error_class(status)
    field_name = _FIELD_CODES.get(wire.code or -1)
    return cls(
        provider=PROVIDER,
        message=message,
        code=str(wire.code) if wire.code is not None else None,
        status=status,
        retryable=status >= 500 or status == 429 or wire.code == 1102,
        outcome_unknown=status >= 500,
        field_errors={field_name: message} if field_name else {},
    )


# --------------------------------------------------------------------------- client


@dataclass
class OrderQuery:
    """Every filter, sort and paging parameter of GET /v1/order."""

    page: int = 1
    limit: int = 10
    sort_by: str | None = None  # createdAt | totalPrice | status
    sort_type: str | None = None  # asc | desc
    total_price_from: Decimal | None = None
    total_price_to: Decimal | None = None
    created_at_from: datetime | None = None
    created_at_to: datetime | None = None
    kinguin_id: int | None = None
    name: str | None = None
    statuses: list[str] = field(default_factory=list)
    # filters the current API documents (PROVIDERS-TODAY.md); never sent when left unset
    order_id: str | None = None
    order_external_id: str | None = None
    product_id: str | None = None
    is_preorder: bool | None = None

    def to_params(self, *, sorting: bool = True) -> dict[str, str]:
        """The query string. ``sorting=False`` (the current API, which no longer documents
        sortBy/sortType) leaves the sort parameters out."""
        params: dict[str, str] = {"page": str(self.page), "limit": str(self.limit)}
        if sorting and self.sort_by:
            params["sortBy"] = self.sort_by
        if sorting and self.sort_type:
            params["sortType"] = self.sort_type
        if self.total_price_from is not None:
            params["totalPriceFrom"] = str(self.total_price_from)
        if self.total_price_to is not None:
            params["totalPriceTo"] = str(self.total_price_to)
        if self.created_at_from is not None:
            params["createdAtFrom"] = _iso(self.created_at_from)
        if self.created_at_to is not None:
            params["createdAtTo"] = _iso(self.created_at_to)
        if self.kinguin_id is not None:
            params["kinguinId"] = str(self.kinguin_id)
        if self.name:
            params["name"] = self.name
        if self.statuses:
            params["status"] = ",".join(self.statuses)
        if self.order_id:
            params["orderId"] = self.order_id
        if self.order_external_id is not None:
            params["orderExternalId"] = self.order_external_id
        if self.product_id:
            params["productId"] = self.product_id
        if self.is_preorder is not None:
            params["isPreorder"] = "yes" if self.is_preorder else "no"
        return params


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


@dataclass
class OrderPage:
    orders: list[Order]
    item_count: int
    #: raw results without an order id (status `error`), kept so nothing is silently dropped
    anonymous: list[dict[str, Any]] = field(default_factory=list)


# --------------------------------------------------------------------------- current generation

Api = Literal["v1", "current"]
APIS: tuple[Api, ...] = ("v1", "current")
CURRENT_AUTH_HEADER = "X-Api-Key"
#: limits the current API enforces (api/order/v1 and v2 READMEs): per product and per order
MAX_QTY_PER_PRODUCT = 9
MAX_PRODUCTS_PER_ORDER = 10
#: the keys endpoint and the order search: default 25, at most 100 per page
MAX_PAGE_LIMIT = 100
#: more keys than any order can hold (current API: 10 products x 9 keys; v1 lines up to 100)
MAX_ORDER_KEYS = 1000
KEY_STATUSES = ("PENDING", "PROCESSING", "DELIVERED", "RETURNED", "REFUNDED", "CANCELED")

#: what each order status of the current API means, in Kinguin's words
CURRENT_STATUS_TEXT: Mapping[str, str] = {
    "processing": "Kinguin is delivering the keys; some may still be pending.",
    "completed": "The order is complete: all keys have been delivered.",
    "canceled": "The order was canceled.",
    "refunded": "The order was refunded.",
}


def _opt_str(value: Any) -> Any:
    if value is None:
        return None
    return _to_str(value)


WireOptStr = Annotated[str | None, BeforeValidator(_opt_str)]


class CurrentPlaceProduct(_Wire):
    kinguin_id: int = Field(alias="kinguinId")
    qty: int
    price: Decimal
    name: str | None = None
    key_type: str | None = Field(default=None, alias="keyType")
    offer_id: str | None = Field(default=None, alias="offerId")


class CurrentPlaceRequest(_Wire):
    products: list[CurrentPlaceProduct]
    order_external_id: str | None = Field(default=None, alias="orderExternalId")


class OrderKeyRef(_Wire):
    """One key as the order object lists it: its id and delivery status."""

    id: WireStr
    status: str


class CurrentProductWire(_Wire):
    kinguin_id: int | None = Field(default=None, alias="kinguinId")
    product_id: WireOptStr = Field(default=None, alias="productId")
    offer_id: WireOptStr = Field(default=None, alias="offerId")
    qty: int = 1
    name: str | None = None
    price: WireDecimal = None
    total_price: WireDecimal = Field(default=None, alias="totalPrice")
    request_price: WireDecimal = Field(default=None, alias="requestPrice")
    is_preorder: bool | None = Field(default=None, alias="isPreorder")
    key_type: str | None = Field(default=None, alias="keyType")
    keys: Annotated[list[OrderKeyRef], BeforeValidator(lambda v: [] if v is None else v)] = Field(
        default_factory=list
    )


class CurrentOrderWire(_Wire):
    order_id: WireStr = Field(alias="orderId")
    order_external_id: WireOptStr = Field(default=None, alias="orderExternalId")
    kinguin_order_id: int | None = Field(default=None, alias="kinguinOrderId")
    status: str
    total_price: WireDecimal = Field(default=None, alias="totalPrice")
    request_total_price: WireDecimal = Field(default=None, alias="requestTotalPrice")
    payment_price: WireDecimal = Field(default=None, alias="paymentPrice")
    total_qty: int | None = Field(default=None, alias="totalQty")
    is_preorder: bool | None = Field(default=None, alias="isPreorder")
    user_email: str | None = Field(default=None, alias="userEmail")
    store_id: int | None = Field(default=None, alias="storeId")
    created_at: WireDatetime = Field(default=None, alias="createdAt")
    updated_at: WireDatetime = Field(default=None, alias="updatedAt")
    products: Annotated[
        list[CurrentProductWire], BeforeValidator(lambda v: [] if v is None else v)
    ] = Field(default_factory=list)


class CurrentKeyWire(_Wire):
    id: WireOptStr = None
    serial: str
    type: str
    name: str = ""
    kinguin_id: int | None = Field(default=None, alias="kinguinId")
    offer_id: WireOptStr = Field(default=None, alias="offerId")
    product_id: WireOptStr = Field(default=None, alias="productId")
    status: str | None = None


class ReturnedKeyWire(_Wire):
    id: WireStr
    status: str


class BalanceWire(_Wire):
    balance: Annotated[Decimal, BeforeValidator(_to_decimal)]


class CurrentErrorWire(_Wire):
    kind: str = ""
    status: int | None = None
    title: str = ""
    detail: str = ""
    property_path: str | None = Field(default=None, alias="propertyPath")
    invalid_value: Any = Field(default=None, alias="invalidValue")
    retryable: bool = False


@dataclass(frozen=True)
class KeyRef:
    """A key of an order, as the order object lists it (id and status, no serial)."""

    key_id: str
    status: str
    product_id: str


@dataclass
class KinguinOrder:
    """An order of the current API: the domain order plus what the current API adds."""

    order: Order
    external_id: str | None
    kinguin_order_id: int | None
    is_preorder: bool
    payment_price: Decimal | None
    keys: list[KeyRef]

    @property
    def order_id(self) -> str:
        return self.order.provider_order_id

    @property
    def key_count(self) -> int:
        return len(self.keys)

    @property
    def delivered_count(self) -> int:
        return sum(1 for k in self.keys if k.status.upper() == "DELIVERED")

    @property
    def pending_count(self) -> int:
        return sum(1 for k in self.keys if k.status.upper() in ("PENDING", "PROCESSING"))

    @property
    def settled(self) -> bool:
        """No key is still on its way (all delivered, returned, refunded or canceled), or the
        order itself is final."""
        return self.order.status.is_final or self.pending_count == 0


def parse_current_order(data: Any, status: int = 200) -> KinguinOrder:
    if not isinstance(data, dict):
        raise ResponseInvalid(
            provider=PROVIDER, message="Kinguin sent an order that is not an object", status=status
        )
    wire: CurrentOrderWire = _validate(CurrentOrderWire, data, status)
    lines, total = _lines_and_total(wire)
    order = Order(
        provider=Provider.KINGUIN,
        provider_order_id=wire.order_id,
        status=map_status(wire.status),
        provider_status=wire.status,
        created_at=wire.created_at,
        updated_at=wire.updated_at or wire.created_at,
        email=wire.user_email,
        lines=lines,
        total=Money(amount=total, currency=CURRENCY) if total is not None else None,
        reference=wire.order_external_id,
        raw=data,
    )
    keys = [
        KeyRef(
            key_id=k.id,
            status=k.status.strip().upper(),
            product_id=str(p.kinguin_id if p.kinguin_id is not None else p.product_id or ""),
        )
        for p in wire.products
        for k in p.keys
    ]
    return KinguinOrder(
        order=order,
        external_id=wire.order_external_id,
        kinguin_order_id=wire.kinguin_order_id,
        is_preorder=bool(wire.is_preorder) or any(bool(p.is_preorder) for p in wire.products),
        payment_price=wire.payment_price,
        keys=keys,
    )


def parse_current_keys(
    data: Any, order_id: str, status: int = 200, start: int = 0
) -> list[SerialKey]:
    """One page of ``GET /v2/order/{id}/keys``: the keys delivered so far, with their ids."""
    if not isinstance(data, list):
        raise ResponseInvalid(
            provider=PROVIDER, message="Kinguin sent keys that are not a list", status=status
        )
    keys = []
    for offset, item in enumerate(data):
        wire: CurrentKeyWire = _validate(CurrentKeyWire, item, status)
        product = wire.kinguin_id if wire.kinguin_id is not None else wire.product_id
        keys.append(
            SerialKey(
                provider=Provider.KINGUIN,
                provider_order_id=order_id,
                product_id=str(product) if product is not None else None,
                name=wire.name,
                content_type=wire.type.strip().lower(),
                serial=wire.serial,
                position=start + offset,
                key_id=wire.id,
                # the endpoint lists keys once delivered; a status, when sent, wins
                status=(wire.status or "DELIVERED").strip().upper(),
            )
        )
    return keys


def parse_returned(data: Any, status: int = 200) -> list[KeyRef]:
    if not isinstance(data, list):
        raise ResponseInvalid(
            provider=PROVIDER,
            message="Kinguin answered a key return with something that is not a list",
            status=status,
        )
    out = []
    for item in data:
        wire: ReturnedKeyWire = _validate(ReturnedKeyWire, item, status)
        out.append(KeyRef(key_id=wire.id, status=wire.status.strip().upper(), product_id=""))
    return out


def parse_balance(data: Any, status: int = 200) -> Money:
    if not isinstance(data, dict):
        raise ResponseInvalid(
            provider=PROVIDER, message="Kinguin sent a balance that is not an object", status=status
        )
    wire: BalanceWire = _validate(BalanceWire, data, status)
    if not wire.balance.is_finite():
        raise ResponseInvalid(
            provider=PROVIDER, message="Kinguin sent a balance that is not a number", status=status
        )
    return Money(amount=wire.balance, currency=CURRENCY)


# ----------------------------------------------------------------- current errors


class KinguinRefusal(RequestRejected):
    """Kinguin refused the request (current API): ``code`` holds the error ``kind``."""


class ConstraintViolation(KinguinRefusal):
    """The request was invalid; ``field_errors`` is keyed by ``propertyPath``."""


class InsufficientBalance(KinguinRefusal):
    pass


class ProductUnavailable(KinguinRefusal):
    pass


class PreorderRefused(KinguinRefusal):
    pass


class NoKeysToReturn(KinguinRefusal):
    pass


class ResourceLock(KinguinRefusal):
    pass


class OrderFailed(KinguinRefusal):
    """ "Unable to create an order". The documents do not prove nothing was bought (an older
    error document lists it as retryable, "the order is not completed yet"): a purchase that
    gets it is settled by looking its orderExternalId up, never marked failed outright."""


class OrderNotSupported(KinguinRefusal):
    """ "Order not supported due to platform legacy": e.g. a key return of an order from
    Kinguin's old platform; nothing was changed."""


class OrderNotFound(NotFoundError):
    pass


_KIND_CLASS: dict[str, type[ProviderError]] = {
    "ConstraintViolation": ConstraintViolation,
    "Http": KinguinRefusal,
    "Authorization": AuthenticationError,
    "InsufficientBalance": InsufficientBalance,
    "BalanceRequired": InsufficientBalance,
    "OrderFailed": OrderFailed,
    "Preorder": PreorderRefused,
    "ProcessingPreorder": PreorderRefused,
    "ProductUnavailable": ProductUnavailable,
    "OrderNotFound": OrderNotFound,
    "DispatchNotFound": NotFoundError,
    "ResourceLock": ResourceLock,
    "NoKeysToReturn": NoKeysToReturn,
    "OrderNotSupported": OrderNotSupported,
    "OrderHold": KinguinRefusal,
    "OrderNotDispatchedYet": KinguinRefusal,
    "OrderPartiallyDispatched": KinguinRefusal,
    "OrderNotPaid": KinguinRefusal,
}

#: kinds the error document lists as retryable (the order is still being processed)
RETRYABLE_KINDS = frozenset(
    {
        "OrderHold",
        "OrderNotDispatchedYet",
        "OrderPartiallyDispatched",
        "ProcessingPreorder",
        "ResourceLock",
        "OrderFailed",
    }
)

_KIND_HINTS: dict[str, str] = {
    "ConstraintViolation": "Kinguin refused the request as invalid",
    "Http": "Kinguin refused the request as malformed",
    "Error": "Kinguin had an unspecified error",
    "HttpClient": "Kinguin had an internal communication error. Try again in a few minutes",
    "Authorization": "The Kinguin API key was refused. Check the key in Settings",
    "InsufficientBalance": "The Kinguin balance is too low for this order. Top up the account "
    "or order less",
    "BalanceRequired": "The Kinguin balance is below the minimum needed to order. Top up the "
    "account",
    "OrderFailed": "Kinguin could not create the order",
    "OrderHold": "Kinguin put the order on hold",
    "OrderNotPaid": "Kinguin could not take the payment from the balance",
    "Preorder": "This is a pre-order: Kinguin refused the operation",
    "ProcessingPreorder": "This pre-order is delivered after the product's release date",
    "ProductUnavailable": "The product is sold out or not on sale at this price. Refresh the "
    "product and try again",
    "OrderNotFound": "Kinguin has no order with this id",
    "DispatchNotFound": "Kinguin has no dispatch with this id",
    "ResourceLock": "Another request is changing this order right now. Try again in a moment",
    "OrderNotSupported": "Kinguin cannot handle this order through the API (legacy order)",
    "NoKeysToReturn": "No key of this order can be returned (keys are returnable once, within "
    "24 hours of delivery, and only if not claimed)",
}


def _error_body(content: bytes) -> Any:
    try:
        return json.loads(content, parse_float=Decimal)
    except (ValueError, RecursionError):
        return None


def parse_current_error(response: httpx.Response) -> ProviderError:
    """Map the ``{kind, status, title, detail, propertyPath, ...}`` error object to the typed
    errors; anything unreadable still becomes an error of the HTTP status's class."""
    status = response.status_code
    data = _error_body(response.content)
    wire = CurrentErrorWire()
    if isinstance(data, dict):
        try:
            wire = CurrentErrorWire.model_validate(data)
        except (ValidationError, RecursionError):
            wire = CurrentErrorWire(
                kind=data["kind"] if isinstance(data.get("kind"), str) else "",
                detail=data["detail"] if isinstance(data.get("detail"), str) else "",
            )
        if not wire.kind and "code" in data:
            # an old-style {code, message} object from a server still speaking v1
            return parse_error(response)
    kind = wire.kind.strip()
    hint = _KIND_HINTS.get(kind)
    detail = wire.detail.strip() or wire.title.strip()
    if hint and detail and detail.lower() not in hint.lower():
        message = f"{hint}. Kinguin said: {detail}"
    elif hint:
        message = f"{hint}."
    elif detail:
        message = detail
    else:
        message = f"Kinguin answered HTTP {status}"
    cls = _KIND_CLASS.get(kind)
    if cls is None or status >= 500:
        cls = status_error_class(status)
    elif status in (401, 403) and cls is not AuthenticationError:
        cls = AuthenticationError
    path = (wire.property_path or "").strip()
    retryable = (
        status >= 500 or status == 429 or wire.retryable or kind in RETRYABLE_KINDS
    ) and kind != "Authorization"
    error = cls(
        provider=PROVIDER,
        message=message,
        code=kind or None,
        status=status,
        retryable=retryable,
        outcome_unknown=status >= 500 or cls is ProviderServerError,
        field_errors={path: message} if path else {},
    )
    return error


def form_field(property_path: str) -> tuple[str, int | None] | None:
    """Where a ``propertyPath`` points on the buy form: ("quantity", 2) for ``products[2].qty``,
    ("products", None) for ``products``; None when it names nothing the form shows."""
    text = property_path.strip()
    if text in ("products", "orderExternalId"):
        return (text, None)
    if not text.startswith("products[") or "]" not in text:
        return None
    index_text, _, rest = text[len("products[") :].partition("]")
    if not index_text.isdigit():
        return None
    names = {
        ".qty": "quantity",
        ".price": "price",
        ".kinguinId": "product",
        ".productId": "product",
        ".offerId": "product",
        "": "product",
    }
    name = names.get(rest)
    return (name, int(index_text)) if name else None


def check_order_limits(lines: list[KeyLine]) -> None:
    """The limits the live API enforces, checked before anything is sent: a typed
    ConstraintViolation with the offending ``propertyPath`` as its field."""

    def refuse(path: str, message: str) -> ConstraintViolation:
        return ConstraintViolation(
            provider=PROVIDER,
            message=message,
            code="ConstraintViolation",
            field_errors={path: message},
        )

    if not lines:
        raise refuse("products", "An order needs at least one product.")
    if len(lines) > MAX_PRODUCTS_PER_ORDER:
        raise refuse(
            "products",
            f"Kinguin takes at most {MAX_PRODUCTS_PER_ORDER} products per order; this one has "
            f"{len(lines)}. Split it into several orders.",
        )
    for index, line in enumerate(lines):
        if line.quantity > MAX_QTY_PER_PRODUCT:
            raise refuse(
                f"products[{index}].qty",
                f"Kinguin sells at most {MAX_QTY_PER_PRODUCT} keys of one product per order "
                f"({line.quantity} asked for product {line.product_id}).",
            )


# --------------------------------------------------------------------------- client


def _headers(api: Api, api_key: str) -> dict[str, str]:
    return {CURRENT_AUTH_HEADER if api == "current" else AUTH_HEADER: api_key}


class KinguinClient(ProviderClient):
    """Kinguin's client for one API generation: ``api="v1"`` (the seed: dispatch, keys by
    dispatchId) or ``api="current"`` (orderExternalId, keys by order, return, balance)."""

    #: calls that spend money or hand out a secret: an unreadable 2xx leaves the outcome unknown
    acting_methods = frozenset({"place_order", "create_order", "dispatch", "return_keys"})

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        api: Api = "v1",
        policy: HttpPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        if api not in APIS:
            raise ValueError(f"unknown Kinguin API generation {api!r}; use v1 or current")
        self.api: Api = api
        super().__init__(
            PROVIDER,
            base_url,
            _headers(api, api_key),
            parse_current_error if api == "current" else parse_error,
            policy=policy,
            transport=transport,
            sleep=sleep,
        )

    @property
    def is_current(self) -> bool:
        return self.api == "current"

    def _need(self, api: Api, what: str) -> None:
        if self.api != api:
            raise RuntimeError(
                f"{what} belongs to Kinguin's {api} API; this client speaks {self.api}"
            )

    # ------------------------------------------------------------ both generations

    async def place_order(self, lines: list[KeyLine], external_id: str | None = None) -> str:
        """POST /v1/order; the new order's id. Not idempotent: a timeout raises with
        outcome_unknown set. The current API also takes ``external_id`` (orderExternalId),
        by which a lost answer is found again (find_by_external_id)."""
        if self.is_current:
            return (await self.create_order(lines, external_id)).order_id
        if external_id is not None:
            raise RuntimeError("orderExternalId belongs to Kinguin's current API, not v1")
        body = PlaceOrderRequest(
            products=[
                PlaceOrderProduct(
                    kinguinId=line.product_id,
                    qty=line.quantity,
                    price=line.max_price,
                    name=line.name or None,
                )
                for line in lines
            ]
        ).model_dump(by_alias=True, exclude_none=True)
        response = await self.http.request(
            "POST",
            "/v1/order",
            json_body=body,
            idempotent=False,
            read_timeout=self.http.policy.placement_read_timeout,
        )
        return _validate(PlaceOrderResponse, _loads(response), response.status_code).order_id

    async def get_order(self, order_id: str) -> Order:
        if self.is_current:
            return (await self.order_details(order_id)).order
        response = await self.http.request("GET", f"/v1/order/{order_id}", idempotent=True)
        order = parse_order(_loads(response), response.status_code)
        if order is None:
            raise ResponseInvalid(
                provider=PROVIDER,
                message="Kinguin sent an order without an id",
                status=response.status_code,
            )
        return order

    async def list_orders(self, query: OrderQuery | None = None) -> OrderPage:
        """GET /v1/order, one page. The current API no longer documents sorting: the sort
        parameters are not sent and no order of the results may be relied on."""
        query = query or OrderQuery()
        if self.is_current and not 1 <= query.limit <= MAX_PAGE_LIMIT:
            raise ValueError(f"limit must be 1..{MAX_PAGE_LIMIT}")
        response = await self.http.request(
            "GET",
            "/v1/order",
            params=query.to_params(sorting=not self.is_current),
            idempotent=True,
        )
        # parsed on a worker thread: a page is 100 orders, each validated and mapped to a domain
        # Order; on the event loop (the GUI thread) that made the window run late during a sync
        return await asyncio.to_thread(
            parse_order_page, response.content, response.status_code, current=self.is_current
        )

    async def get_keys(
        self, dispatch_or_order_id: int | str, order_id: str | None = None
    ) -> list[SerialKey]:
        """v1: ``get_keys(dispatch_id, order_id)`` (GET /v1/order/dispatch/keys).
        current: ``get_keys(order_id)``, every page of GET /v2/order/{id}/keys: the keys
        delivered so far, each with its Kinguin key id."""
        if self.is_current:
            return await self._order_keys(str(dispatch_or_order_id))
        response = await self.http.request(
            "GET",
            "/v1/order/dispatch/keys",
            params={"dispatchId": str(dispatch_or_order_id)},
            idempotent=True,
            max_body=KEYS_MAX_BYTES,  # image keys in base64
        )
        return parse_keys(_loads(response), order_id or "", response.status_code)

    # ------------------------------------------------------------ v1 only

    async def dispatch(self, order_id: str) -> int:
        """POST /v1/order/dispatch (v1 only: the current API removed dispatch on 2025-03-25).
        Treated as not idempotent; look the order up after a timeout."""
        self._need("v1", "dispatch")
        response = await self.http.request(
            "POST",
            "/v1/order/dispatch",
            json_body={"orderId": order_id},
            idempotent=False,
        )
        return _validate(DispatchResponse, _loads(response), response.status_code).dispatch_id

    # ------------------------------------------------------------ current only

    async def create_order(self, lines: list[KeyLine], external_id: str | None) -> KinguinOrder:
        """POST /v1/order with orderExternalId; the whole order object Kinguin answers (201).
        The limits (qty <= 9 per product, <= 10 products) are checked before sending."""
        self._need("current", "create_order")
        check_order_limits(lines)
        body = CurrentPlaceRequest(
            products=[
                CurrentPlaceProduct(
                    kinguinId=line.product_id,
                    qty=line.quantity,
                    price=line.max_price,
                    name=line.name or None,
                )
                for line in lines
            ],
            orderExternalId=external_id,
        ).model_dump(by_alias=True, exclude_none=True)
        response = await self.http.request(
            "POST",
            "/v1/order",
            json_body=body,
            idempotent=False,
            read_timeout=self.http.policy.placement_read_timeout,
        )
        return parse_current_order(_loads(response), response.status_code)

    async def order_details(self, order_id: str) -> KinguinOrder:
        """GET /v1/order/{id} read with the current API's fields (key ids and statuses)."""
        self._need("current", "order_details")
        response = await self.http.request(
            "GET", f"/v1/order/{_segment(order_id)}", idempotent=True
        )
        return parse_current_order(_loads(response), response.status_code)

    async def search_by_external_id(self, external_id: str) -> list[KinguinOrder]:
        """Every order carrying this orderExternalId (GET /v1/order?orderExternalId=, all
        pages). Only exact matches are kept, whatever the server's filtering does."""
        self._need("current", "search_by_external_id")
        found: dict[str, KinguinOrder] = {}
        page = 1
        seen = 0
        while True:
            query = OrderQuery(page=page, limit=MAX_PAGE_LIMIT, order_external_id=external_id)
            response = await self.http.request(
                "GET", "/v1/order", params=query.to_params(sorting=False), idempotent=True
            )
            data = _loads(response)
            if not isinstance(data, dict):
                raise ResponseInvalid(
                    provider=PROVIDER,
                    message="Kinguin sent an order list that is not an object",
                    status=response.status_code,
                )
            listing = _validate(OrderListWire, data, response.status_code)
            for raw in listing.results:
                order = parse_current_order(raw, response.status_code)
                if order.external_id == external_id:
                    found.setdefault(order.order_id, order)
            seen += len(listing.results)
            if not listing.results or seen >= listing.item_count or page >= 1000:
                break
            page += 1
        return list(found.values())

    async def find_by_external_id(self, external_id: str) -> KinguinOrder | None:
        """The one order carrying this orderExternalId, or None when Kinguin has none (nothing
        was bought). Several orders with it (Kinguin does not enforce uniqueness) is an error
        a person must look at: ResponseInvalid naming them."""
        orders = await self.search_by_external_id(external_id)
        if not orders:
            return None
        if len(orders) > 1:
            ids = ", ".join(sorted(o.order_id for o in orders))
            raise ResponseInvalid(
                provider=PROVIDER,
                message=f"several Kinguin orders carry the reference {external_id}: {ids}",
            )
        return orders[0]

    async def _order_keys(self, order_id: str) -> list[SerialKey]:
        """Every page of the order's keys. A page that brings no new key ends the walk (a
        provider repeating a page), and an order never holds more than MAX_ORDER_KEYS keys:
        a hostile answer cannot make this loop, or its memory, grow without end."""
        keys: list[SerialKey] = []
        seen: set[tuple[str, str]] = set()
        page = 1
        while True:
            response = await self.http.request(
                "GET",
                f"/v2/order/{_segment(order_id)}/keys",
                params={"page": str(page), "limit": str(MAX_PAGE_LIMIT)},
                idempotent=True,
                max_body=KEYS_MAX_BYTES,  # image keys in base64
            )
            batch = parse_current_keys(
                _loads(response), order_id, response.status_code, start=len(keys)
            )
            fresh = []
            for key in batch:
                identity = (key.key_id or "", key.serial)
                if identity not in seen:
                    seen.add(identity)
                    fresh.append(key)
            keys.extend(fresh)
            if len(keys) > MAX_ORDER_KEYS:
                raise ResponseInvalid(
                    provider=PROVIDER,
                    message=f"Kinguin listed more than {MAX_ORDER_KEYS} keys for order {order_id}",
                    status=response.status_code,
                )
            if len(batch) < MAX_PAGE_LIMIT or not fresh or page >= 1000:
                return keys
            page += 1

    async def return_keys(self, order_id: str) -> list[KeyRef]:
        """POST /v2/order/{id}/keys/return: one request per order, within 24 h of delivery;
        the answer lists the keys with their status. Not idempotent."""
        self._need("current", "return_keys")
        response = await self.http.request(
            "POST", f"/v2/order/{_segment(order_id)}/keys/return", idempotent=False
        )
        return parse_returned(_loads(response), response.status_code)

    async def balance(self) -> Money:
        """GET /v1/balance (EUR)."""
        self._need("current", "balance")
        response = await self.http.request("GET", "/v1/balance", idempotent=True)
        return parse_balance(_loads(response), response.status_code)


def _segment(order_id: str) -> str:
    """An order id as one path segment (ids are strings like PHS84FJAG5U)."""
    from urllib.parse import quote

    text = str(order_id).strip()
    if not text:
        raise ValueError("an order id is required")
    return quote(text, safe="")
