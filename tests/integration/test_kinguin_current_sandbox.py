"""The Kinguin client (api="current") against the sandbox's /kinguin-current over real loopback
HTTP: orderExternalId, keys as they arrive, key return and its refusals, balance, limits, auth."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from fulfildesk.domain.models import KeyLine, OrderStatus
from fulfildesk.providers import kinguin
from fulfildesk.providers.errors import AuthenticationError, ProviderTimeout
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.kinguin import KinguinClient, KinguinOrder
from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
from fulfildesk.sandbox.kinguin_current import PREORDER_ID
from fulfildesk.sandbox.server import RunningSandbox, start_in_thread

PREFIX = "kinguin-current"


def start(tmp_path: Path, **overrides: object) -> RunningSandbox:
    values: dict[str, object] = {
        "data_dir": tmp_path / "sandbox",
        "kinguin_current_key_step": 0.03,
        "demo_history": False,
    }
    values.update(overrides)
    return start_in_thread(SandboxConfig(**values))  # type: ignore[arg-type]


@pytest.fixture
def current(tmp_path: Path) -> Iterator[RunningSandbox]:
    running = start(tmp_path)
    yield running
    running.stop()


@pytest.fixture
def url(current: RunningSandbox) -> str:
    return current.base_url(PREFIX)


@pytest.fixture
async def client(url: str) -> AsyncIterator[KinguinClient]:
    c = KinguinClient(url, DEFAULT_TOKEN, api="current")
    yield c
    await c.aclose()


def line(product: int = 4, qty: int = 1, price: str = "30") -> KeyLine:
    return KeyLine(product_id=product, quantity=qty, max_price=Decimal(price))


async def settled(client: KinguinClient, order_id: str) -> list[KinguinOrder]:
    """Poll the order until no key is pending; every state seen along the way."""
    seen = []
    for _ in range(500):
        order = await client.order_details(order_id)
        seen.append(order)
        if order.settled:
            return seen
        await asyncio.sleep(0.01)
    raise AssertionError(f"order {order_id} never settled")


def test_docs_curl_examples_run_unchanged(url: str) -> None:
    headers = {"X-Api-Key": DEFAULT_TOKEN, "Content-Type": "application/json"}
    placed = httpx.post(
        f"{url}/v1/order",
        content='{"products":[{"kinguinId":4,"qty":1,"price":5.49}],"orderExternalId":"AL2FEEHOO2OHF"}',
        headers=headers,
    )
    assert placed.status_code == 201
    order = placed.json()
    for name in (
        "totalPrice",
        "requestTotalPrice",
        "paymentPrice",
        "status",
        "userEmail",
        "storeId",
        "createdAt",
        "orderId",
        "kinguinOrderId",
        "orderExternalId",
        "products",
        "totalQty",
        "isPreorder",
    ):
        assert name in order, name
    assert order["status"] == "processing" and order["orderExternalId"] == "AL2FEEHOO2OHF"
    product = order["products"][0]
    for name in ("kinguinId", "offerId", "productId", "qty", "price", "totalPrice", "keys"):
        assert name in product, name
    assert [k["status"] for k in product["keys"]] == ["PENDING"]
    balance = httpx.get(f"{url}/v1/balance", headers=headers)
    assert balance.status_code == 200 and balance.json() == {"balance": 494.51}
    keys = httpx.get(f"{url}/v2/order/{order['orderId']}/keys?page=1", headers=headers)
    assert keys.status_code == 200 and isinstance(keys.json(), list)
    # POST /v2/order: the same with productId
    placed2 = httpx.post(
        f"{url}/v2/order",
        json={"products": [{"productId": product["productId"], "qty": 1, "price": 5.49}]},
        headers=headers,
    )
    assert placed2.status_code == 201
    assert placed2.json()["products"][0]["kinguinId"] == 4
    # the search by reference, as documented
    found = httpx.get(f"{url}/v1/order?orderExternalId=AL2FEEHOO2OHF", headers=headers).json()
    assert found["item_count"] == 1 and found["results"][0]["orderId"] == order["orderId"]


async def test_place_with_reference_and_find_it_exactly(client: KinguinClient) -> None:
    mine = await client.create_order([line(4, 2), line(8)], "op-7f3c")
    other = await client.create_order([line(4)], "op-7f3c-other")
    await client.create_order([line(4)], None)
    assert mine.external_id == "op-7f3c" and mine.order.reference == "op-7f3c"
    assert mine.order.status is OrderStatus.PROCESSING
    assert mine.order.total is not None and mine.order.total.amount == Decimal("15.97")
    assert mine.key_count == 3 and mine.pending_count == 3  # nothing delivered on placement
    found = await client.find_by_external_id("op-7f3c")
    assert found is not None and found.order_id == mine.order_id
    other_found = await client.find_by_external_id("op-7f3c-other")
    assert other_found is not None and other_found.order_id == other.order_id
    assert await client.find_by_external_id("op-never-sent") is None
    assert await client.find_by_external_id("op-7f3") is None  # no prefix matching
    page = await client.list_orders(kinguin.OrderQuery(limit=100))
    assert page.item_count == 3 and len(page.orders) == 3
    assert mine.order_id in {o.provider_order_id for o in page.orders}


async def test_a_repeated_reference_is_accepted_and_not_adopted_silently(
    client: KinguinClient,
) -> None:
    await client.create_order([line()], "op-twice")
    await client.create_order([line()], "op-twice")  # Kinguin: "should be unique", not enforced
    assert len(await client.search_by_external_id("op-twice")) == 2
    with pytest.raises(kinguin.ResponseInvalid, match="several"):
        await client.find_by_external_id("op-twice")


async def test_keys_arrive_progressively(client: KinguinClient) -> None:
    placed = await client.create_order([line(4, 3), line(409, 1)], "op-keys")
    assert [k.status for k in placed.keys] == ["PENDING"] * 4
    states = await settled(client, placed.order_id)
    counts = [s.delivered_count for s in states]
    assert counts == sorted(counts) and counts[-1] == 4
    final = states[-1]
    assert (
        final.order.status is OrderStatus.COMPLETED and final.order.provider_status == "completed"
    )
    keys = await client.get_keys(placed.order_id)
    assert len(keys) == 4
    assert {k.key_id for k in keys} == {k.key_id for k in final.keys}
    assert all(k.status == "DELIVERED" for k in keys)
    image = next(k for k in keys if k.is_image)
    assert image.content_type == "image/jpeg" and base64.b64decode(image.serial)[:2] == b"\xff\xd8"
    assert [k.product_id for k in keys].count("4") == 3


async def test_partial_delivery_is_visible_and_only_delivered_keys_are_listed(
    client: KinguinClient,
) -> None:
    # a pre-order's key stays PENDING until its release date: the order stays half-delivered
    placed = await client.create_order([line(4, 2), line(PREORDER_ID, 1)], "op-half")
    assert placed.is_preorder
    for _ in range(500):
        order = await client.order_details(placed.order_id)
        if order.delivered_count == 2:
            break
        await asyncio.sleep(0.01)
    assert (order.delivered_count, order.pending_count, order.key_count) == (2, 1, 3)
    assert order.order.status is OrderStatus.PROCESSING and not order.settled
    keys = await client.get_keys(placed.order_id)
    assert len(keys) == 2
    pending = next(k for k in order.keys if k.status == "PENDING")
    assert pending.key_id not in {k.key_id for k in keys}
    assert pending.product_id == str(PREORDER_ID)


async def test_key_paging_over_the_wire(url: str, client: KinguinClient) -> None:
    orders = [await client.create_order([line(p, 9)], f"op-{p}") for p in (4, 5)]
    for order in orders:
        await settled(client, order.order_id)
    headers = {"X-Api-Key": DEFAULT_TOKEN}
    order_id = orders[0].order_id
    first = httpx.get(f"{url}/v2/order/{order_id}/keys?page=1&limit=4", headers=headers).json()
    third = httpx.get(f"{url}/v2/order/{order_id}/keys?page=3&limit=4", headers=headers).json()
    beyond = httpx.get(f"{url}/v2/order/{order_id}/keys?page=4&limit=4", headers=headers).json()
    assert (len(first), len(third), beyond) == (4, 1, [])
    default = httpx.get(f"{url}/v2/order/{order_id}/keys", headers=headers).json()
    assert len(default) == 9
    assert len(await client.get_keys(order_id)) == 9


async def test_balance_goes_down_with_each_order(client: KinguinClient) -> None:
    start = await client.balance()
    assert start.amount == Decimal("500") and start.currency == "EUR"
    first = await client.create_order([line(4, 2)], "op-b1")  # 2 x 5.49
    after_first = await client.balance()
    assert after_first.amount == Decimal("489.02")
    assert first.payment_price == Decimal("10.98")
    await client.create_order([line(1503, 1)], "op-b2")  # 24.90
    assert (await client.balance()).amount == Decimal("464.12")


async def test_key_return_refunds_and_can_be_asked_once(client: KinguinClient) -> None:
    placed = await client.create_order([line(1021, 2)], "op-return")  # 2 x 9.99
    await settled(client, placed.order_id)
    before = (await client.balance()).amount
    returned = await client.return_keys(placed.order_id)
    assert [r.status for r in returned] == ["RETURNED", "RETURNED"]
    assert {r.key_id for r in returned} == {k.key_id for k in placed.keys}
    assert (await client.balance()).amount == before + Decimal("19.98")
    order = await client.order_details(placed.order_id)
    assert order.order.status is OrderStatus.REFUNDED
    assert [k.status for k in order.keys] == ["RETURNED", "RETURNED"]
    assert await client.get_keys(placed.order_id) == []
    with pytest.raises(kinguin.NoKeysToReturn) as again:
        await client.return_keys(placed.order_id)
    assert again.value.code == "NoKeysToReturn" and "one return request" in again.value.message


async def test_return_asked_before_delivery_is_carried_out_on_delivery(
    tmp_path: Path,
) -> None:
    running = start(tmp_path, kinguin_current_key_step=0.5)
    c = KinguinClient(running.base_url(PREFIX), DEFAULT_TOKEN, api="current")
    try:
        placed = await c.create_order([line(4, 1)], "op-early")
        answer = await c.return_keys(placed.order_id)
        assert [r.status for r in answer] == ["PENDING"]  # nothing delivered yet
        states = await settled(c, placed.order_id)
        assert states[-1].keys[0].status == "RETURNED"
        assert states[-1].order.status is OrderStatus.REFUNDED
        assert (await c.balance()).amount == Decimal("500")
    finally:
        await c.aclose()
        running.stop()


async def test_return_refusals(url: str, client: KinguinClient) -> None:
    claimed = await client.create_order([line(4, 1)], "op-claimed")
    await settled(client, claimed.order_id)
    marked = httpx.post(
        f"{url}/_sandbox/order/{claimed.order_id}/claim", headers={"X-Api-Key": DEFAULT_TOKEN}
    )
    assert marked.status_code == 200 and marked.json()[0]["claimed"] is True
    with pytest.raises(kinguin.NoKeysToReturn, match="claimed"):
        await client.return_keys(claimed.order_id)

    preorder = await client.create_order([line(PREORDER_ID, 1)], "op-pre")
    with pytest.raises(kinguin.PreorderRefused) as refused:
        await client.return_keys(preorder.order_id)
    assert refused.value.code == "Preorder" and "PRE-ORDER" in refused.value.message

    with pytest.raises(kinguin.OrderNotFound):
        await client.return_keys("NOSUCHORDER")


async def test_return_after_the_window_is_refused(tmp_path: Path) -> None:
    running = start(tmp_path, kinguin_current_return_window=0.0)
    c = KinguinClient(running.base_url(PREFIX), DEFAULT_TOKEN, api="current")
    try:
        placed = await c.create_order([line(4, 1)], "op-late")
        await settled(c, placed.order_id)
        balance = (await c.balance()).amount
        with pytest.raises(kinguin.NoKeysToReturn, match="24 hours"):
            await c.return_keys(placed.order_id)
        assert (await c.balance()).amount == balance
    finally:
        await c.aclose()
        running.stop()


async def test_insufficient_balance_charges_nothing(tmp_path: Path) -> None:
    running = start(tmp_path, kinguin_balance="10.00")
    c = KinguinClient(running.base_url(PREFIX), DEFAULT_TOKEN, api="current")
    try:
        with pytest.raises(kinguin.InsufficientBalance) as caught:
            await c.create_order([line(1021, 2)], "op-poor")  # 19.98 > 10
        assert caught.value.code == "InsufficientBalance"
        assert "Top up" in caught.value.message and "19.98" in caught.value.message
        assert not caught.value.outcome_unknown
        assert (await c.balance()).amount == Decimal("10")
        assert await c.find_by_external_id("op-poor") is None  # nothing was bought
        ok = await c.create_order([line(1021, 1)], "op-rich-enough")
        assert ok.order.total is not None and ok.order.total.amount == Decimal("9.99")
        assert (await c.balance()).amount == Decimal("0.01")
    finally:
        await c.aclose()
        running.stop()


@pytest.mark.parametrize(
    "body,path,value",
    [
        ({"products": [{"kinguinId": 4, "qty": 10, "price": 6}]}, "products[0].qty", 10),
        ({"products": [{"kinguinId": 4, "qty": 0, "price": 6}]}, "products[0].qty", 0),
        (
            {"products": [{"kinguinId": k, "qty": 1, "price": 30} for k in range(1, 12)]},
            "products",
            11,
        ),
        (
            {
                "products": [
                    {"kinguinId": 4, "qty": 5, "price": 6},
                    {"kinguinId": 4, "qty": 5, "price": 6},
                ]
            },
            "products[1].qty",
            10,
        ),
        ({"products": []}, "products", None),
        ({"products": [{"kinguinId": "4", "qty": 1, "price": 6}]}, "products[0].kinguinId", "4"),
        ({"products": [{"kinguinId": 4, "qty": 1, "price": -1}]}, "products[0].price", None),
        (
            {"products": [{"kinguinId": 4, "qty": 1, "price": 6}], "orderExternalId": 5},
            "orderExternalId",
            5,
        ),
        (
            {"products": [{"kinguinId": 4, "qty": 1, "price": 6, "keyType": "image"}]},
            "products[0].keyType",
            "image",
        ),
    ],
)
async def test_limits_refused_by_the_sandbox_with_property_path(
    url: str, client: KinguinClient, body: dict[str, object], path: str, value: object
) -> None:
    raw = httpx.post(f"{url}/v1/order", json=body, headers={"X-Api-Key": DEFAULT_TOKEN})
    assert raw.status_code == 400
    error = raw.json()
    assert error["kind"] == "ConstraintViolation" and error["propertyPath"] == path
    assert error.get("invalidValue") == value
    for name in ("status", "title", "detail", "path", "method", "trace", "timestamp"):
        assert name in error
    assert error["path"].endswith("/v1/order") and error["method"] == "POST"
    # the same refusal reaches the caller as a typed error with the field
    with pytest.raises(kinguin.ConstraintViolation) as caught:
        await client.http.request("POST", "/v1/order", json_body=body, idempotent=False)
    assert list(caught.value.field_errors) == [path]
    assert (await client.balance()).amount == Decimal("500")


async def test_product_refusals_point_at_the_field(client: KinguinClient) -> None:
    with pytest.raises(kinguin.ProductUnavailable) as low:
        await client.create_order([line(4, 1, price="1.00")], "op-low")
    assert list(low.value.field_errors) == ["products[0].price"]
    with pytest.raises(kinguin.ProductUnavailable) as unknown:
        await client.create_order([line(4), line(999_999)], "op-unknown")
    assert list(unknown.value.field_errors) == ["products[1].kinguinId"]
    with pytest.raises(kinguin.ProductUnavailable) as stock:
        await client.create_order([line(1774, 4)], "op-stock")  # 3 left
    assert list(stock.value.field_errors) == ["products[0].qty"]
    with pytest.raises(kinguin.ProductUnavailable):
        await client.create_order([line(1900, 1)], "op-none-left")
    assert await client.find_by_external_id("op-stock") is None


async def test_paging_limits_on_search_and_keys(url: str, client: KinguinClient) -> None:
    headers = {"X-Api-Key": DEFAULT_TOKEN}
    for query, path in (("limit=101", "limit"), ("limit=0", "limit"), ("page=0", "page")):
        raw = httpx.get(f"{url}/v1/order?{query}", headers=headers)
        assert raw.status_code == 400 and raw.json()["propertyPath"] == path
    placed = await client.create_order([line()], "op-page")
    raw = httpx.get(f"{url}/v2/order/{placed.order_id}/keys?limit=500", headers=headers)
    assert raw.status_code == 400 and raw.json()["propertyPath"] == "limit"
    with pytest.raises(ValueError):
        await client.list_orders(kinguin.OrderQuery(limit=101))


async def test_auth_error_in_the_current_shape(url: str) -> None:
    for headers in ({}, {"X-Api-Key": "wrong"}, {"api-ecommerce-auth": "wrong"}):
        raw = httpx.get(f"{url}/v1/balance", headers=headers)
        assert raw.status_code == 401
        body = raw.json()
        assert body["kind"] == "Authorization" and body["status"] == 401
        assert body["detail"] == "Invalid authentication data."
    # the older header is still an alias of X-Api-Key
    alias = httpx.get(f"{url}/v1/balance", headers={"Api-Ecommerce-Auth": DEFAULT_TOKEN})
    assert alias.status_code == 200
    bad = KinguinClient(url, "wrong", api="current")
    with pytest.raises(AuthenticationError) as caught:
        await bad.create_order([line()], "op-auth")
    assert caught.value.code == "Authorization" and not caught.value.retryable
    await bad.aclose()


async def test_unknown_orders_and_removed_dispatch(url: str, client: KinguinClient) -> None:
    for call in (client.order_details("NOPE"), client.get_keys("NOPE")):
        with pytest.raises(kinguin.OrderNotFound):
            await call
    headers = {"X-Api-Key": DEFAULT_TOKEN}
    dispatch = httpx.post(f"{url}/v1/order/dispatch", json={"orderId": "X"}, headers=headers)
    assert dispatch.status_code == 404 and "removed" in dispatch.json()["detail"]
    garbled = httpx.post(
        f"{url}/v1/order",
        content=b"{not json",
        headers={**headers, "Content-Type": "application/json"},
    )
    assert garbled.status_code == 400 and garbled.json()["kind"] == "Http"


async def test_search_filters(client: KinguinClient) -> None:
    a = await client.create_order([line(4)], "op-a")
    b = await client.create_order([line(PREORDER_ID)], "op-b")
    await settled(client, a.order_id)

    async def ids(**filters: object) -> set[str]:
        page = await client.list_orders(kinguin.OrderQuery(limit=100, **filters))  # type: ignore[arg-type]
        return {o.provider_order_id for o in page.orders}

    assert await ids(statuses=["completed"]) == {a.order_id}
    assert await ids(statuses=["processing"]) == {b.order_id}
    assert await ids(is_preorder=True) == {b.order_id}
    assert await ids(kinguin_id=4) == {a.order_id}
    assert await ids(order_id=b.order_id) == {b.order_id}
    product_id = b.order.raw["products"][0]["productId"]
    assert await ids(product_id=product_id) == {b.order_id}


async def test_state_survives_a_restart(tmp_path: Path) -> None:
    first = start(tmp_path)
    c = KinguinClient(first.base_url(PREFIX), DEFAULT_TOKEN, api="current")
    placed = await c.create_order([line(4, 2)], "op-restart")
    await settled(c, placed.order_id)
    keys = await c.get_keys(placed.order_id)
    await c.aclose()
    first.stop()
    second = start(tmp_path)
    c = KinguinClient(second.base_url(PREFIX), DEFAULT_TOKEN, api="current")
    try:
        found = await c.find_by_external_id("op-restart")
        assert found is not None and found.order_id == placed.order_id
        assert [k.serial for k in await c.get_keys(placed.order_id)] == [k.serial for k in keys]
        assert (await c.balance()).amount == Decimal("489.02")
    finally:
        await c.aclose()
        second.stop()


async def test_v1_mount_is_untouched(current: RunningSandbox) -> None:
    v1 = KinguinClient(current.base_url("kinguin"), DEFAULT_TOKEN)
    try:
        order_id = await v1.place_order([line(4)])
        assert order_id.isdigit()
        raw = httpx.get(
            f"{current.base_url('kinguin')}/v1/order/{order_id}",
            headers={"X-Api-Key": DEFAULT_TOKEN},
        )
        assert raw.status_code == 401 and set(raw.json()) == {"code", "message"}
        # the generations keep separate accounts
        cur = KinguinClient(current.base_url(PREFIX), DEFAULT_TOKEN, api="current")
        assert (await cur.balance()).amount == Decimal("500")
        await cur.aclose()
    finally:
        await v1.aclose()


async def test_a_lost_answer_is_found_by_its_reference(tmp_path: Path) -> None:
    running = start(tmp_path, kinguin_place_delay=2.0)
    policy = HttpPolicy(placement_read_timeout=0.2, max_attempts=1)
    c = KinguinClient(running.base_url(PREFIX), DEFAULT_TOKEN, api="current", policy=policy)
    try:
        with pytest.raises(ProviderTimeout) as lost:
            await c.create_order([line(4, 2)], "op-lost")
        assert lost.value.outcome_unknown
        found = None
        for _ in range(500):  # the sandbox may still be writing the order
            found = await c.find_by_external_id("op-lost")
            if found is not None:
                break
            await asyncio.sleep(0.01)
        assert found is not None and found.external_id == "op-lost"
        assert found.key_count == 2
        assert await c.find_by_external_id("op-never-sent") is None
    finally:
        await c.aclose()
        running.stop()
