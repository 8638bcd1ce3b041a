"""The Kinguin wire format: seed 003's examples, the messy shapes real servers send, errors."""

from __future__ import annotations

import json
from decimal import Decimal

import httpx
import pytest

from fulfildesk.domain.models import OrderStatus
from fulfildesk.providers import kinguin
from fulfildesk.providers.errors import (
    AuthenticationError,
    NotFoundError,
    ProviderServerError,
    RequestRejected,
    ResponseInvalid,
)

SEED_ORDER = """{
    "totalPrice": 8.58, "orderId": "20549751", "status": "completed", "storeId": 1,
    "createdAt": "2018-10-31T11:31:13+00:00",
    "products": [{"kinguinId": 5, "qty": 1, "name": "Anno", "price": 3.59},
                 {"kinguinId": 8, "qty": 1, "name": "Alien", "price": 4.99}],
    "dispatch": {"dispatchId": 14169762, "createdAt": "2018-10-31T11:34:25+00:00"}}"""

SEED_LIST = """{"results": [
    {"totalPrice": 13.5, "status": "error", "storeId": 1, "createdAt": "2018-11-13T11:05:30+00:00",
     "products": [{"kinguinId": 18, "qty": 1, "product_id": 367, "price": 13.5,
                   "name": "Battlefield 3 Close Quarters Expansion Pack DLC"}]},
    {"totalPrice": 13.5, "orderId": "17461", "status": "completed", "storeId": 1,
     "createdAt": "2018-11-13T10:26:56+00:00",
     "products": [{"kinguinId": 18, "qty": 1, "product_id": 367, "price": 13.5,
                   "name": "Battlefield 3 Close Quarters Expansion Pack DLC"}],
     "dispatch": {"dispatchId": 10352, "createdAt": "2018-11-13T10:27:19+00:00"}}],
  "item_count": 2}"""


def response(status: int, body: object) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(
        status, content=content, request=httpx.Request("GET", "https://kinguin.test/v1/order")
    )


def loads(text: str) -> object:
    return json.loads(text, parse_float=Decimal)


def test_seed_order_maps_to_domain_with_exact_decimals() -> None:
    order = kinguin.parse_order(loads(SEED_ORDER))
    assert order is not None
    assert order.provider_order_id == "20549751"
    assert order.status is OrderStatus.COMPLETED
    assert order.total is not None and order.total.amount == Decimal("8.58")
    assert order.total.currency == "EUR"
    assert [line.unit_price for line in order.lines] == [Decimal("3.59"), Decimal("4.99")]
    assert order.dispatch_id == "14169762"
    assert order.created_at is not None and order.created_at.tzinfo is not None
    assert order.raw["orderId"] == "20549751"


def test_seed_list_keeps_error_order_without_id_apart() -> None:
    page = kinguin.OrderListWire.model_validate(loads(SEED_LIST))
    orders = [kinguin.parse_order(raw) for raw in page.results]
    assert orders[0] is None  # status error: the seed omits orderId
    assert orders[1] is not None and orders[1].provider_order_id == "17461"
    assert orders[1].lines[0].product_id == "18"
    assert page.item_count == 2


@pytest.mark.parametrize(
    "dispatch", [[], {}, None, [{"dispatchId": 7, "createdAt": "2018-11-13 10:27:19"}]]
)
def test_dispatch_in_every_shape(dispatch: object) -> None:
    raw = {
        "totalPrice": "4.99",
        "orderId": 12,
        "status": "processing",
        "createdAt": "2018-11-13T10:26:56Z",
        "products": [],
        "dispatch": dispatch,
    }
    order = kinguin.parse_order(raw)
    assert order is not None
    assert order.provider_order_id == "12"  # an id sent as a number is read as text
    assert order.total is not None and order.total.amount == Decimal("4.99")
    assert order.dispatch_id == ("7" if isinstance(dispatch, list) and dispatch else None)


@pytest.mark.parametrize(
    "status,expected",
    [
        ("pending", OrderStatus.PENDING),
        ("processing", OrderStatus.PROCESSING),
        ("completed", OrderStatus.COMPLETED),
        ("out_of_stock", OrderStatus.OUT_OF_STOCK),
        ("error", OrderStatus.FAILED),
        ("canceled", OrderStatus.CANCELLED),
        ("refunded", OrderStatus.REFUNDED),
        ("Completed", OrderStatus.COMPLETED),
        ("something_new", OrderStatus.UNKNOWN),
    ],
)
def test_every_status_is_read(status: str, expected: OrderStatus) -> None:
    order = kinguin.parse_order({"orderId": "1", "status": status, "products": []})
    assert order is not None and order.status is expected
    assert order.provider_status == status


def test_keys_text_and_image() -> None:
    keys = kinguin.parse_keys(
        [
            {
                "serial": "0ddbebb2-559d-42e9-a8e1-fd4b2bdea858",
                "type": "text/plain",
                "name": "Anno",
                "kinguinId": 4,
            },
            {"serial": "/9j/4AAQ", "type": "image/jpeg", "name": "Aliens", "kinguinId": 409},
            {"serial": "OLD-KEY", "type": "text/plain", "name": "Before 2018-11-13"},
        ],
        "20549751",
    )
    assert [k.is_image for k in keys] == [False, True, False]
    assert keys[0].product_id == "4"
    assert keys[2].product_id is None  # kinguinId only exists for orders after 2018-11-13
    assert [k.position for k in keys] == [0, 1, 2]


def test_unreadable_order_is_a_typed_error() -> None:
    with pytest.raises(ResponseInvalid, match="cannot read"):
        kinguin.parse_order({"orderId": "1", "products": []})  # no status


@pytest.mark.parametrize(
    "status,body,cls,code,field",
    [
        (401, {"code": 1001, "message": "Unauthorized"}, AuthenticationError, "1001", None),
        (400, {"code": 2610, "message": "Price too low"}, RequestRejected, "2610", "price"),
        (400, {"code": 1008, "message": "balance"}, RequestRejected, "1008", "price"),
        (404, {"code": 1101, "message": "Order not found"}, NotFoundError, "1101", None),
        (
            400,
            {"code": "3602", "message": 'Parameter "priceFrom" should be numeric'},
            RequestRejected,
            "3602",
            None,
        ),
        (500, {"code": 1000, "message": "boom"}, ProviderServerError, "1000", None),
        (502, b"<html>bad gateway</html>", ProviderServerError, None, None),
    ],
)
def test_errors_carry_code_and_an_actionable_message(
    status: int, body: object, cls: type, code: str | None, field: str | None
) -> None:
    error = kinguin.parse_error(response(status, body))
    assert isinstance(error, cls)
    assert error.code == code
    assert error.provider == "kinguin"
    assert len(error.user_message) > 20
    if field:
        assert field in error.field_errors
    if status >= 500:
        assert error.outcome_unknown and error.retryable


def test_balance_message_tells_what_to_do() -> None:
    error = kinguin.parse_error(response(400, {"code": 1008, "message": "Insufficient"}))
    assert "Top up" in error.user_message and "Insufficient" in error.user_message


def test_order_query_has_every_parameter() -> None:
    from datetime import UTC, datetime

    query = kinguin.OrderQuery(
        page=2,
        limit=50,
        sort_by="totalPrice",
        sort_type="asc",
        total_price_from=Decimal("4"),
        total_price_to=Decimal("15.5"),
        created_at_from=datetime(2018, 11, 1, tzinfo=UTC),
        created_at_to=datetime(2018, 11, 30, 12, tzinfo=UTC),
        kinguin_id=18,
        name="Battlefield",
        statuses=["completed", "error"],
    )
    assert query.to_params() == {
        "page": "2",
        "limit": "50",
        "sortBy": "totalPrice",
        "sortType": "asc",
        "totalPriceFrom": "4",
        "totalPriceTo": "15.5",
        "createdAtFrom": "2018-11-01T00:00:00+00:00",
        "createdAtTo": "2018-11-30T12:00:00+00:00",
        "kinguinId": "18",
        "name": "Battlefield",
        "status": "completed,error",
    }
