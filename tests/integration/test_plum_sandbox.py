"""The Plum client against the sandbox over loopback: every error id, poNumber uniqueness."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from fulfildesk.providers.errors import ProviderError
from fulfildesk.providers.plum import PlaceOrderRequest, PlumClient

SEED_TOKEN_HEADER = "Bearer sandbox-token"


@pytest.fixture
def plum_url(sandbox) -> str:  # type: ignore[no-untyped-def]
    return sandbox.base_url("plum")


@pytest.fixture
async def client(plum_url: str, token: str):  # type: ignore[no-untyped-def]
    c = PlumClient(plum_url, token)
    yield c
    await c.aclose()


def request(
    product_id: int = 29877,
    denomination: str = "25",
    quantity: int = 1,
    po: str = "PO-1",
    **kw: object,
) -> PlaceOrderRequest:
    return PlaceOrderRequest(
        product_id=product_id,
        quantity=quantity,
        denomination=Decimal(denomination),
        po_number=po,
        **kw,
    )  # type: ignore[arg-type]


def test_seed_example_runs_unchanged(plum_url: str) -> None:
    body = {
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
    answer = httpx.post(
        f"{plum_url}/v1/oauth/api", json=body, headers={"Authorization": SEED_TOKEN_HEADER}
    )
    assert answer.status_code == 200
    data = answer.json()["data"]["placeOrder"]
    assert data["status"] == 1
    [voucher] = data["data"]["vouchers"]
    assert voucher["type"] == "codePin" and voucher["pin"] and voucher["amount"] == "20"
    lookup = {
        "query": "plumProAPI.mutation.getOrderDetails",
        "tag": "plumProAPI",
        "variables": {
            "data": {"poNumber": "", "orderId": data["data"]["orderId"], "sendMailToReceiver": 0}
        },
    }
    found = httpx.post(
        f"{plum_url}/v1/oauth/api", json=lookup, headers={"Authorization": SEED_TOKEN_HEADER}
    ).json()
    assert found["data"]["getOrderDetails"]["data"]["orderId"] == data["data"]["orderId"]


async def test_every_voucher_type(client: PlumClient) -> None:
    code = await client.place_order(request(29877, "25", po="PO-code"))
    code_pin = await client.place_order(request(28543, "10", po="PO-codepin", quantity=3))
    url = await client.place_order(request(555, "10", po="PO-url"))
    assert [v.kind_label for v in code.vouchers] == ["Code"]
    assert [v.kind_label for v in code_pin.vouchers] == ["Code + PIN"] * 3
    assert [v.kind_label for v in url.vouchers] == ["Link + PIN"]
    assert len({v.code for v in code_pin.vouchers}) == 3
    assert code_pin.order.total is not None and code_pin.order.total.currency == "USD"
    # 3 x 10 INR at 0.012 = 0.36 USD, 2 % discount -> 0.35 charged
    assert code_pin.order.total.amount == Decimal("0.35")


async def test_po_number_is_unique(client: PlumClient, plum_url: str) -> None:
    first = await client.place_order(request(po="PO-same"))
    again = await client.place_order(request(po="PO-same"))
    assert again.order.provider_order_id == first.order.provider_order_id
    assert [v.code for v in again.vouchers] == [v.code for v in first.vouchers]
    by_po = await client.get_order_details(po_number="PO-same")
    assert by_po.order.provider_order_id == first.order.provider_order_id


@pytest.mark.parametrize(
    "req,error_id,status",
    [
        (request(contact="12"), "PLE10001", 400),
        (request(email="not-an-email"), "PLE10001", 400),
        (request(27000, "100"), "PLE10001", 400),  # Paytm needs a mobile number
        (request(31001, "50"), "PLE10019", 401),
        (request(30001, "25"), "PLE10015", 403),
        (request(29877, "30"), "PLE10018", 404),
        (request(30555, "10"), "PLE10012", 422),
        (request(quantity=11), "PLE10041", 409),
        (request(31500, "1000"), "PLE10020", 502),
    ],
)
async def test_place_order_error_matrix(
    client: PlumClient, req: PlaceOrderRequest, error_id: str, status: int
) -> None:
    with pytest.raises(ProviderError) as info:
        await client.place_order(req)
    assert info.value.code == error_id and info.value.status == status
    assert info.value.user_message


async def test_lookup_errors_and_resend(client: PlumClient) -> None:
    with pytest.raises(ProviderError) as missing:
        await client.get_order_details(po_number="PO-never")
    assert missing.value.code == "PLE10016" and missing.value.status == 404
    with pytest.raises(ProviderError) as invalid:
        await client.get_order_details(order_id="abc")
    assert invalid.value.code == "PLE10002" and invalid.value.status == 400
    no_email = await client.place_order(request(po="PO-noemail"))
    with pytest.raises(ProviderError) as resend:
        await client.get_order_details(
            order_id=no_email.order.provider_order_id, send_mail_to_receiver=True
        )
    assert resend.value.code == "PLE10034" and resend.value.status == 502
    mailed = await client.place_order(request(po="PO-mail", email="player@example.com"))
    again = await client.get_order_details(
        order_id=mailed.order.provider_order_id, send_mail_to_receiver=True
    )
    assert again.delivery_status == "delivered"


async def test_bad_token(plum_url: str) -> None:
    bad = PlumClient(plum_url, "wrong")
    with pytest.raises(ProviderError) as info:
        await bad.get_order_details(po_number="x")
    assert info.value.code == "PIPE10013" and info.value.status == 401
    assert "Settings" in info.value.user_message
    await bad.aclose()


async def test_catalogue(client: PlumClient) -> None:
    products = await client.get_vouchers()
    by_id = {p.product_id: p for p in products}
    assert {15365, 28543, 29877, 555} <= set(by_id)
    assert Decimal("20") in by_id[15365].denominations
    assert by_id[15365].exchange_rate == Decimal("0.012")
    assert by_id[31500].exchange_rate is None  # ARS: the currency service has no rate
