"""The Kinguin client against the sandbox over real loopback HTTP: the whole seed 003 contract."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest

from fulfildesk.domain.models import KeyLine, OrderStatus
from fulfildesk.providers.errors import AuthenticationError, NotFoundError, RequestRejected
from fulfildesk.providers.kinguin import KinguinClient, OrderQuery
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.server import start_in_thread
from helpers import eventually_async


@pytest.fixture
async def client(kinguin_url: str, token: str):
    c = KinguinClient(kinguin_url, token)
    yield c
    await c.aclose()


async def wait_status(client: KinguinClient, order_id: str, status: OrderStatus) -> None:
    async def reached() -> bool:
        return (await client.get_order(order_id)).status is status

    await eventually_async(reached, what=f"order {order_id} reaching {status}")


def test_seed_curl_examples_run_unchanged(kinguin_url: str, token: str) -> None:
    headers = {"api-ecommerce-auth": token, "Content-Type": "application/json"}
    body = (
        '{"products":[{"kinguinId":5,"qty":1,"name":"Anno","price":3.59}, '
        '{"kinguinId":8,"qty":1,"name":"Aliens","price":4.99}]}'
    )
    placed = httpx.post(f"{kinguin_url}/v1/order", content=body, headers=headers)
    assert placed.status_code == 201
    order_id = placed.json()["orderId"]
    assert isinstance(order_id, str)
    got = httpx.get(f"{kinguin_url}/v1/order/{order_id}", headers=headers).json()
    assert got["totalPrice"] == 8.58 and got["storeId"] == 1
    listed = httpx.get(
        f"{kinguin_url}/v1/order?totalPriceFrom=4&totalPriceTo=15&limit=2&status=completed,error",
        headers=headers,
    )
    assert listed.status_code == 200
    data = listed.json()
    assert set(data) == {"results", "item_count"} and len(data["results"]) <= 2
    assert all(r["status"] in ("completed", "error") for r in data["results"])
    assert all(4 <= r["totalPrice"] <= 15 for r in data["results"])


async def test_place_dispatch_keys_text_and_image(client: KinguinClient) -> None:
    order_id = await client.place_order(
        [
            KeyLine(product_id=5, quantity=2, max_price=Decimal("3.59"), name="Anno"),
            KeyLine(product_id=1187, quantity=1, max_price=Decimal("9.00")),
            KeyLine(product_id=409, quantity=1, max_price=Decimal("7.49")),
            KeyLine(product_id=1455, quantity=1, max_price=Decimal("4.49")),
        ]
    )
    order = await client.get_order(order_id)
    assert order.status is OrderStatus.PENDING
    assert order.total is not None and order.total.amount == Decimal("3.59") * 2 + Decimal(
        "8.79"
    ) + Decimal("7.49") + Decimal("4.49")  # charged at the current price
    await wait_status(client, order_id, OrderStatus.COMPLETED)
    dispatch_id = await client.dispatch(order_id)
    assert await client.dispatch(order_id) == dispatch_id  # a repeat answers the same dispatch
    keys = await client.get_keys(dispatch_id, order_id)
    assert [k.content_type for k in keys] == [
        "text/plain",
        "text/plain",
        "image/png",
        "image/jpeg",
        "image/gif",
    ]
    assert keys[0].serial != keys[1].serial
    magic = {"image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8\xff", "image/gif": b"GIF8"}
    for key in keys[2:]:
        assert base64.b64decode(key.serial).startswith(magic[key.content_type])
    assert (await client.get_order(order_id)).dispatch_id == str(dispatch_id)


async def test_dispatch_before_ready_is_refused_with_1102(
    client: KinguinClient, sandbox_config: SandboxConfig
) -> None:
    sandbox_config.kinguin_step = 30
    order_id = await client.place_order(
        [KeyLine(product_id=8, quantity=1, max_price=Decimal("4.99"))]
    )
    with pytest.raises(RequestRejected) as info:
        await client.dispatch(order_id)
    assert info.value.code == "1102" and info.value.retryable


@pytest.mark.parametrize(
    "line,code,field",
    [
        (KeyLine(product_id=5, quantity=1, max_price=Decimal("3.00")), "2610", "price"),
        (KeyLine(product_id=999999, quantity=1, max_price=Decimal("3.00")), "2610", "price"),
        (KeyLine(product_id=1503, quantity=100, max_price=Decimal("24.90")), "1008", "price"),
    ],
)
async def test_refusals(client: KinguinClient, line: KeyLine, code: str, field: str) -> None:
    with pytest.raises(RequestRejected) as info:
        await client.place_order([line])
    assert info.value.code == code
    assert field in info.value.field_errors
    assert not info.value.outcome_unknown


async def test_out_of_stock_refunds(client: KinguinClient) -> None:
    order_id = await client.place_order(
        [KeyLine(product_id=1900, quantity=1, max_price=Decimal("2.99"))]
    )
    await wait_status(client, order_id, OrderStatus.OUT_OF_STOCK)
    with pytest.raises(RequestRejected) as info:
        await client.dispatch(order_id)
    assert info.value.code == "1103"


async def test_bad_key_and_not_found(kinguin_url: str, client: KinguinClient, open_client) -> None:  # type: ignore[no-untyped-def]
    bad = open_client(KinguinClient, kinguin_url, "wrong")
    with pytest.raises(AuthenticationError) as info:
        await bad.list_orders()
    assert info.value.code == "1001" and "Settings" in info.value.user_message
    with pytest.raises(NotFoundError) as not_found:
        await client.get_order("1")
    assert not_found.value.code == "1101"
    with pytest.raises(NotFoundError) as no_dispatch:
        await client.get_keys(1, "1")
    assert no_dispatch.value.code == "2603"


async def test_list_filters_sorting_and_paging(client: KinguinClient) -> None:
    everything = await client.list_orders(OrderQuery(limit=100))
    total = everything.item_count
    assert total == len(everything.orders) + len(everything.anonymous) > 30
    assert everything.anonymous and all("orderId" not in r for r in everything.anonymous)
    # default: 10 per page, newest first
    first = await client.list_orders()
    assert len(first.orders) + len(first.anonymous) == 10
    created = [o.created_at for o in first.orders]
    assert created == sorted(created, reverse=True)
    # pages partition the result
    ids: list[str] = []
    for page in range(1, 5):
        result = await client.list_orders(
            OrderQuery(page=page, limit=10, sort_by="createdAt", sort_type="asc")
        )
        ids += [o.provider_order_id for o in result.orders]
    assert len(ids) == len(set(ids))
    # sort by total
    by_price = await client.list_orders(
        OrderQuery(limit=100, sort_by="totalPrice", sort_type="asc")
    )
    prices = [o.total.amount for o in by_price.orders if o.total]
    assert prices == sorted(prices)
    # price range, statuses, product, name, dates
    ranged = await client.list_orders(
        OrderQuery(
            limit=100,
            total_price_from=Decimal("5"),
            total_price_to=Decimal("12"),
            statuses=["completed", "out_of_stock"],
        )
    )
    assert ranged.orders and all(
        Decimal("5") <= o.total.amount <= Decimal("12")
        and o.provider_status in ("completed", "out_of_stock")
        for o in ranged.orders
        if o.total
    )
    hades = await client.list_orders(OrderQuery(limit=100, kinguin_id=1618))
    assert hades.orders and all(
        any(li.product_id == "1618" for li in o.lines) for o in hades.orders
    )
    named = await client.list_orders(OrderQuery(limit=100, name="anno"))
    assert named.orders and all(
        any("anno" in li.name.lower() for li in o.lines) for o in named.orders
    )
    recent = datetime.now(UTC) - timedelta(days=30)
    window = await client.list_orders(OrderQuery(limit=100, created_at_from=recent))
    assert all(
        o.created_at and o.created_at >= recent.replace(microsecond=0) for o in window.orders
    )
    assert window.item_count < total
    capped = await client.list_orders(OrderQuery(limit=500))
    assert len(capped.orders) + len(capped.anonymous) == min(100, total)


@pytest.mark.parametrize(
    "params,code",
    [
        ({"totalPriceFrom": "cheap"}, 3602),
        ({"limit": "0"}, 2601),
        ({"page": "x"}, 2601),
        ({"sortBy": "name"}, 2601),
        ({"sortType": "up"}, 2601),
        ({"createdAtFrom": "yesterday"}, 2601),
        ({"status": "lost"}, 2601),
        ({"kinguinId": "abc"}, 2601),
    ],
)
def test_bad_query_parameters(
    kinguin_url: str, token: str, params: dict[str, str], code: int
) -> None:
    answer = httpx.get(
        f"{kinguin_url}/v1/order", params=params, headers={"api-ecommerce-auth": token}
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == code and answer.json()["message"]


def test_bad_bodies(kinguin_url: str, token: str) -> None:
    headers = {"api-ecommerce-auth": token}
    not_json = httpx.post(
        f"{kinguin_url}/v1/order",
        content=b"products=5",
        headers={**headers, "Content-Type": "text/plain"},
    )
    assert not_json.status_code == 400 and not_json.json()["code"] == 2605
    empty = httpx.post(f"{kinguin_url}/v1/order", json={"products": []}, headers=headers)
    assert empty.json()["code"] == 2609
    qty = httpx.post(
        f"{kinguin_url}/v1/order",
        headers=headers,
        json={"products": [{"kinguinId": 5, "qty": 0, "price": 3.59}]},
    )
    assert qty.json()["code"] == 1006
    no_dispatch_id = httpx.get(f"{kinguin_url}/v1/order/dispatch/keys", headers=headers)
    assert no_dispatch_id.status_code == 400 and no_dispatch_id.json()["code"] == 2601


async def test_state_survives_a_restart(tmp_path, token: str) -> None:
    config = SandboxConfig(data_dir=tmp_path / "persist", kinguin_step=0.01)
    first = start_in_thread(config)
    client = KinguinClient(first.base_url("kinguin"), token)
    order_id = await client.place_order(
        [KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"))]
    )
    await client.aclose()
    first.stop()
    second = start_in_thread(config)
    client = KinguinClient(second.base_url("kinguin"), token)
    assert (await client.get_order(order_id)).provider_order_id == order_id
    await client.aclose()
    second.stop()
