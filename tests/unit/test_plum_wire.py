"""The Plum wire format: seed examples, the recorded real responses, and every error shape."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from fulfildesk.domain.models import OrderStatus
from fulfildesk.providers import plum
from fulfildesk.providers.errors import (
    AuthenticationError,
    ProviderServerError,
    RateLimitedError,
    RequestRejected,
    ResponseInvalid,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plum"

SEED_PLACE = {
    "data": {
        "placeOrder": {
            "status": 1,
            "data": {
                "orderId": 1,
                "vouchers": [
                    {
                        "amount": "10",
                        "country": "ES",
                        "currency": "INR",
                        "orderId": 128618,
                        "pin": "key_c26323726135beaa4e",
                        "productId": 28543,
                        "type": "codePin",
                        "validity": "2020-10-02",
                        "voucherCode": "4162581029814703",
                        "currencyValue": 0.1,
                    }
                ],
                "amountCharged": 90,
                "currencyCode": "USD",
                "tag": "",
                "discountPercent": 10,
                "orderDiscount": 10,
                "orderTotal": 100,
                "orderStatus": "complete",
                "deliveryStatus": "pending",
            },
        }
    }
}


def response(status: int, body: object) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        request=httpx.Request("POST", "https://plum.test/v1/oauth/api"),
    )


def test_seed_place_order_example() -> None:
    result = plum.parse_result(json.dumps(SEED_PLACE).encode(), "placeOrder", 200, "PO12662")
    assert result.order.provider_order_id == "1"
    assert result.order.status is OrderStatus.COMPLETED
    assert result.order.total is not None
    assert result.order.total.amount == Decimal("90") and result.order.total.currency == "USD"
    assert result.order.reference == "PO12662"
    [voucher] = result.vouchers
    assert (voucher.code, voucher.pin, voucher.type) == (
        "4162581029814703",
        "key_c26323726135beaa4e",
        "codePin",
    )
    assert voucher.amount == Decimal("10") and voucher.has_pin and not voucher.is_url
    assert result.delivery_status == "pending"


def test_recorded_place_order_with_empty_discounts() -> None:
    content = (FIXTURES / "placeOrder.code.json").read_bytes()
    result = plum.parse_result(content, "placeOrder", 200)
    assert result.order.provider_order_id == "6214194"
    assert result.order.total is not None and result.order.total.amount == Decimal("25")
    [voucher] = result.vouchers
    assert voucher.type == "code" and voucher.pin == "" and voucher.kind_label == "Code"
    assert voucher.code == "DEMO-1623981634745-pvya7e"
    assert result.order.raw["orderDiscount"] == ""


def test_recorded_order_details_with_url_voucher_and_numeric_strings() -> None:
    content = (FIXTURES / "getOrderDetails.url.json").read_bytes()
    result = plum.parse_result(content, "getOrderDetails", 200)
    assert result.order.total is not None
    assert result.order.total.amount == Decimal("11.18")
    assert result.order.raw["discountPercent"] == "3"
    [voucher] = result.vouchers
    assert voucher.is_url and voucher.pin == "727676" and voucher.kind_label == "Link + PIN"
    assert voucher.amount == Decimal("10") and voucher.currency == "EUR"


def test_recorded_validation_error_with_string_code_and_list() -> None:
    content = json.loads((FIXTURES / "error.PLE10001.json").read_text())
    error = plum.parse_error(response(400, content))
    assert isinstance(error, RequestRejected)
    assert error.code == "PLE10001"
    assert "Mobile number is missing/Invalid" in error.user_message
    assert error.field_errors == {"contact": "Mobile number is missing/Invalid"}
    assert not error.outcome_unknown


@pytest.mark.parametrize(
    "status,error_id,cls,field,unknown",
    [
        (401, "PLE10019", AuthenticationError, "product", False),
        (403, "PLE10015", AuthenticationError, "product", False),
        (404, "PLE10018", None, "denomination", False),
        (422, "PLE10012", RequestRejected, "product", True),
        (409, "PLE10041", RequestRejected, "quantity", False),
        (502, "PLE10020", ProviderServerError, None, True),
        (400, "PLE10002", RequestRejected, "lookup", False),
        (404, "PLE10016", None, "lookup", False),
        (502, "PLE10034", ProviderServerError, None, False),
        (401, "PIPE10013", AuthenticationError, None, False),
        (400, "PLE10015", RequestRejected, "product", False),  # later docs' status: same meaning
    ],
)
def test_error_ids_drive_behaviour(
    status: int, error_id: str, cls: type | None, field: str | None, unknown: bool
) -> None:
    error = plum.parse_error(
        response(
            status, {"code": status, "errorId": error_id, "errorInfo": "info", "error": "Eg: x"}
        )
    )
    if cls is not None:
        assert isinstance(error, cls)
    assert error.code == error_id
    assert error.outcome_unknown is unknown
    assert (field in error.field_errors) if field else not error.field_errors
    assert len(error.user_message) > 30


def test_unknown_error_and_internal_error() -> None:
    error = plum.parse_error(response(500, {"code": 500, "error": "Eg: Internal server error"}))
    assert isinstance(error, ProviderServerError) and error.outcome_unknown
    other = plum.parse_error(
        response(400, {"code": 400, "errorId": "PLE99999", "errorInfo": "Something new"})
    )
    assert "Something new" in other.user_message


def test_rate_limit_and_auth_shapes() -> None:
    limited = plum.parse_error(
        response(
            429, {"errors": [{"message": "auth.request_limit_exceeded", "penaltySeconds": 60}]}
        )
    )
    assert isinstance(limited, RateLimitedError) and limited.retry_after == 60
    auth = plum.parse_error(
        response(401, {"error": "invalid_request", "error_description": "token expired"})
    )
    assert isinstance(auth, AuthenticationError) and "token expired" in auth.user_message


def test_status_zero_is_not_success() -> None:
    body = {"data": {"placeOrder": {"status": 0, "data": None}}}
    with pytest.raises(ResponseInvalid) as info:
        plum.parse_result(json.dumps(body).encode(), "placeOrder", 200)
    assert info.value.outcome_unknown


def test_place_request_body_matches_the_seed() -> None:
    request = plum.PlaceOrderRequest(
        product_id=15365,
        quantity=1,
        denomination=Decimal("20"),
        po_number="PO12662",
        contact="+1-5234567890",
    )
    assert request.body() == {
        "query": "plumProAPI.mutation.placeOrder",
        "tag": "plumProAPI",
        "variables": {
            "data": {
                "productId": 15365,
                "quantity": 1,
                "denomination": 20,
                "email": "",
                "contact": "+1-5234567890",
                "tag": "",
                "poNumber": "PO12662",
                "notifyReceiverEmail": 0,
                "notifyAdminEmail": 0,
            }
        },
    }
