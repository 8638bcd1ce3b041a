"""Kinguin eCommerce API v1, orders (seed 003): wire models, mapping, typed errors, client.

This module is the only place that knows Kinguin's JSON. Prices arrive as JSON floats (or, from
real servers, sometimes strings) and are read as Decimal without ever becoming a binary float.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

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
from fulfildesk.providers.errors import ProviderError, ResponseInvalid, status_error_class
from fulfildesk.providers.http import HttpPolicy, ProviderClient, Sleep

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


def order_from_wire(wire: OrderWire, raw: dict[str, Any]) -> Order | None:
    """Map one order; None for an order without an id (the seed omits it for status `error`)."""
    order_id = wire.order_id or wire.order_external_id
    if not order_id:
        return None
    lines = [
        OrderLine(
            product_id=str(p.kinguin_id if p.kinguin_id is not None else p.product_id or ""),
            name=p.name or "",
            quantity=p.qty,
            unit_price=p.price,
        )
        for p in wire.products
    ]
    total = wire.total_price
    if total is None and lines and all(line.unit_price is not None for line in lines):
        total = sum((line.unit_price or Decimal(0)) * line.quantity for line in lines)
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
    except ValueError as exc:
        raise ResponseInvalid(
            provider=PROVIDER,
            message="Kinguin sent a response that is not JSON",
            status=provider_response.status_code,
        ) from exc


def _validate(model: type[BaseModel], data: Any, status: int) -> Any:
    try:
        return model.model_validate(data)
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
    except (ValueError, ValidationError):
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

    def to_params(self) -> dict[str, str]:
        params: dict[str, str] = {"page": str(self.page), "limit": str(self.limit)}
        if self.sort_by:
            params["sortBy"] = self.sort_by
        if self.sort_type:
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


class KinguinClient(ProviderClient):
    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        policy: HttpPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        super().__init__(
            PROVIDER,
            base_url,
            {AUTH_HEADER: api_key},
            parse_error,
            policy=policy,
            transport=transport,
            sleep=sleep,
        )

    async def place_order(self, lines: list[KeyLine]) -> str:
        """POST /v1/order. Not idempotent: a timeout raises with outcome_unknown set."""
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

    async def dispatch(self, order_id: str) -> int:
        """POST /v1/order/dispatch. Treated as not idempotent; look the order up after a timeout."""
        response = await self.http.request(
            "POST",
            "/v1/order/dispatch",
            json_body={"orderId": order_id},
            idempotent=False,
        )
        return _validate(DispatchResponse, _loads(response), response.status_code).dispatch_id

    async def get_keys(self, dispatch_id: int, order_id: str) -> list[SerialKey]:
        response = await self.http.request(
            "GET",
            "/v1/order/dispatch/keys",
            params={"dispatchId": str(dispatch_id)},
            idempotent=True,
        )
        return parse_keys(_loads(response), order_id, response.status_code)

    async def get_order(self, order_id: str) -> Order:
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
        query = query or OrderQuery()
        response = await self.http.request(
            "GET", "/v1/order", params=query.to_params(), idempotent=True
        )
        data = _loads(response)
        if not isinstance(data, dict):
            raise ResponseInvalid(
                provider=PROVIDER,
                message="Kinguin sent an order list that is not an object",
                status=response.status_code,
            )
        page = _validate(OrderListWire, data, response.status_code)
        orders: list[Order] = []
        anonymous: list[dict[str, Any]] = []
        for raw in page.results:
            order = parse_order(raw, response.status_code)
            if order is None:
                anonymous.append(raw)
            else:
                orders.append(order)
        return OrderPage(orders=orders, item_count=page.item_count, anonymous=anonymous)
