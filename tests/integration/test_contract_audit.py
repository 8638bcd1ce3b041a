"""The gaps the contract audit (docs/contract-audit.md) found, over real loopback HTTP: the sandbox
refuses what the documents say the provider refuses, with the documented status and error body,
and the client maps each refusal to the right typed error.

- inventory: every enum of the OpenAPI (source, portal_id, use_inventory_bucket,
  xp_quantity_transform_type, inventory_selector_type, plus the ones checked before: entry type,
  inventory_operation, sort) refuses an unlisted value with 422 `detail[{loc, msg, type}]` and
  accepts every listed one; PageMeta.limit is 1..50, and the client pages by at most 50;
- Kinguin v1 (seed 003 / error-codes.md): a documented path asked with another method is 405
  `{code: 2405}`; a product `name` that is not text is 2609;
- Kinguin today (/kinguin-current): 405 `{kind: Http, status: 405}`; `offerId` is checked; the
  order status `canceled` and key status CANCELED can happen (and the client reads them).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from fulfildesk.domain import inventory_enums
from fulfildesk.domain.errors import status_error_class
from fulfildesk.domain.models import KeyLine, OrderStatus
from fulfildesk.providers import kinguin, plum
from fulfildesk.providers.errors import RequestRejected
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.inventory import InventoryClient, OrderCreateWire
from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
from fulfildesk.sandbox.kinguin_current import PREORDER_ID
from fulfildesk.sandbox.server import RunningSandbox, start_in_thread

SCHEMAS = json.loads(
    (
        Path(__file__).resolve().parents[1] / "fixtures" / "inventory" / "player-order-openapi.json"
    ).read_text()
)["components"]["schemas"]
BEARER = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    config = SandboxConfig(
        data_dir=tmp_path_factory.mktemp("audit") / "sandbox",
        demo_history=False,
        kinguin_step=0.05,
    )
    sandbox = start_in_thread(config)
    yield sandbox
    sandbox.stop()


@pytest.fixture
async def inventory(running: RunningSandbox) -> AsyncIterator[InventoryClient]:
    client = InventoryClient(
        running.base_url("inventory"), DEFAULT_TOKEN, policy=HttpPolicy(max_attempts=1)
    )
    yield client
    await client.aclose()


# --------------------------------------------------------------------------- inventory


def test_the_sandbox_enums_are_the_openapi_ones() -> None:
    assert inventory_enums.SOURCES == tuple(SCHEMAS["Source"]["enum"])
    assert inventory_enums.INVENTORY_BUCKETS == tuple(SCHEMAS["InventoryBucket"]["enum"])
    assert inventory_enums.INVENTORY_SELECTORS == tuple(SCHEMAS["InventorySelector"]["enum"])
    assert inventory_enums.XP_QUANTITY_TRANSFORMS == tuple(SCHEMAS["XpQuantityTransform"]["enum"])
    assert inventory_enums.PORTALS == tuple(SCHEMAS["Portal"]["enum"])


def order_body(entry: dict[str, Any] | None = None, **order: Any) -> dict[str, Any]:
    return {
        "entries": [{"type": "fill_loot", "loot_id": 1, "quantity": 1, **(entry or {})}],
        **order,
    }


INVALID = [
    pytest.param({}, {"source": "BOGUS"}, "source", id="source"),
    pytest.param({}, {"portal_id": 99}, "portal_id", id="portal_id"),
    pytest.param({}, {"client_order_ref_id": "not-a-uuid"}, "client_order_ref_id", id="ref-uuid"),
    pytest.param({"type": "teleport"}, {}, "entries.0.type", id="entry-type"),
    pytest.param(
        {"use_inventory_bucket": "piggy"}, {}, "entries.0.use_inventory_bucket", id="bucket"
    ),
    pytest.param(
        {"xp_quantity_transform_type": "double"},
        {},
        "entries.0.xp_quantity_transform_type",
        id="xp-transform",
    ),
    pytest.param(
        {"inventory_selector_type": "mine"}, {}, "entries.0.inventory_selector_type", id="selector"
    ),
    pytest.param(
        {"inventory_operation": "multiply"}, {}, "entries.0.inventory_operation", id="operation"
    ),
    pytest.param({"inventory_id": "nope"}, {}, "entries.0.inventory_id", id="inventory-uuid"),
    pytest.param({"expires": "someday"}, {}, "entries.0.expires", id="expires-date"),
]


@pytest.mark.parametrize(("entry", "order", "field"), INVALID)
async def test_inventory_refuses_values_outside_the_openapi(
    running: RunningSandbox,
    inventory: InventoryClient,
    entry: dict[str, Any],
    order: dict[str, Any],
    field: str,
) -> None:
    body = order_body(entry, **order)
    raw = httpx.post(
        f"{running.base_url('inventory')}/inventory/v1/player/7/order", json=body, headers=BEARER
    )
    assert raw.status_code == 422
    detail = raw.json()["detail"]
    assert detail and all(set(d) >= {"loc", "msg", "type"} for d in detail)
    assert ".".join(str(p) for p in detail[0]["loc"][1:]) == field
    with pytest.raises(RequestRejected) as caught:
        await inventory.create_order(7, OrderCreateWire.model_validate(body))
    assert caught.value.status == 422 and field in caught.value.field_errors


@pytest.mark.parametrize(
    ("where", "name", "values"),
    [
        ("order", "source", inventory_enums.SOURCES),
        ("order", "portal_id", inventory_enums.PORTALS),
        ("entry", "use_inventory_bucket", inventory_enums.INVENTORY_BUCKETS),
        ("entry", "xp_quantity_transform_type", inventory_enums.XP_QUANTITY_TRANSFORMS),
        ("entry", "inventory_selector_type", inventory_enums.INVENTORY_SELECTORS),
    ],
)
def test_inventory_accepts_every_listed_value(
    running: RunningSandbox, where: str, name: str, values: tuple[Any, ...]
) -> None:
    url = f"{running.base_url('inventory')}/inventory/v1/player/8/order"
    with httpx.Client(headers=BEARER) as http:
        for value in values:
            body = order_body({name: value}) if where == "entry" else order_body(**{name: value})
            answer = http.post(url, json=body)
            assert answer.status_code == 200, (value, answer.text)
            assert answer.json()["entries"][0]["result"] == "success", value


@pytest.mark.parametrize(
    "version", ["v1/player/7", "v2/player/5b1c7c0e-0000-4000-8000-000000000001"]
)
@pytest.mark.parametrize(
    ("query", "status"),
    [("limit=1", 200), ("limit=50", 200), ("limit=51", 422), ("limit=0", 422), ("sort=up", 422)],
)
def test_inventory_list_limits(
    running: RunningSandbox, version: str, query: str, status: int
) -> None:
    answer = httpx.get(
        f"{running.base_url('inventory')}/inventory/{version}/order?{query}", headers=BEARER
    )
    assert answer.status_code == status, answer.text
    if status == 422:
        [problem] = answer.json()["detail"]
        assert problem["loc"] == ["query", query.split("=")[0]]
    else:
        assert answer.json()["page"]["limit"] == int(query.split("=")[1])


async def test_inventory_client_pages_by_at_most_fifty(inventory: InventoryClient) -> None:
    page = await inventory.list_orders(7, limit=100)  # services ask for 100: sent as 50
    assert isinstance(page.orders, list)


# --------------------------------------------------------------------------- Kinguin v1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/v1/order"),
        ("DELETE", "/v1/order"),
        ("POST", "/v1/order/20549751"),
        ("DELETE", "/v1/order/20549751"),
        ("GET", "/v1/order/dispatch/keys/x"),
        ("POST", "/v1/order/dispatch/keys"),
    ],
)
def test_kinguin_v1_method_not_allowed(running: RunningSandbox, method: str, path: str) -> None:
    answer = httpx.request(
        method, running.base_url("kinguin") + path, headers={"api-ecommerce-auth": DEFAULT_TOKEN}
    )
    if path.endswith("/x"):  # not a documented path at all
        assert answer.status_code == 404 and answer.json()["code"] == 1404
        return
    assert answer.status_code == 405, answer.text
    assert set(answer.json()) == {"code", "message"} and answer.json()["code"] == 2405
    assert method not in answer.headers["allow"]
    error = kinguin.parse_error(answer)
    assert isinstance(error, RequestRejected) and error.code == "2405"
    assert error.message.startswith("Kinguin does not allow this request method")


@pytest.mark.parametrize("name", [5, ["Anno"], {"n": 1}, True])
def test_kinguin_v1_name_must_be_text(running: RunningSandbox, name: object) -> None:
    answer = httpx.post(
        running.base_url("kinguin") + "/v1/order",
        json={"products": [{"kinguinId": 5, "qty": 1, "price": 3.59, "name": name}]},
        headers={"api-ecommerce-auth": DEFAULT_TOKEN},
    )
    assert answer.status_code == 400 and answer.json()["code"] == 2609
    error = kinguin.parse_error(answer)
    assert isinstance(error, RequestRejected) and error.code == "2609"


# --------------------------------------------------------------------------- Kinguin today

CURRENT = {"X-Api-Key": DEFAULT_TOKEN}


@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", "/v1/order"), ("DELETE", "/v1/balance"), ("GET", "/v2/order/X/keys/return")],
)
def test_kinguin_current_method_not_allowed(
    running: RunningSandbox, method: str, path: str
) -> None:
    answer = httpx.request(method, running.base_url("kinguin-current") + path, headers=CURRENT)
    assert answer.status_code == 405, answer.text
    body = answer.json()
    assert body["kind"] == "Http" and body["status"] == 405 and body["method"] == method
    assert {"title", "detail", "path", "timestamp"} <= set(body)
    error = kinguin.parse_current_error(answer)
    assert isinstance(error, RequestRejected) and error.status == 405


def test_kinguin_current_dispatch_stays_removed(running: RunningSandbox) -> None:
    answer = httpx.post(
        running.base_url("kinguin-current") + "/v1/order/dispatch",
        json={"orderId": "1"},
        headers=CURRENT,
    )
    assert answer.status_code == 404 and "removed" in answer.json()["detail"]


def test_kinguin_current_offer_id(running: RunningSandbox) -> None:
    url = running.base_url("kinguin-current") + "/v1/order"
    wrong = httpx.post(
        url,
        json={"products": [{"kinguinId": 5, "qty": 1, "price": 3.59, "offerId": "nope"}]},
        headers=CURRENT,
    )
    assert wrong.status_code == 422 and wrong.json()["kind"] == "ProductUnavailable"
    assert wrong.json()["propertyPath"] == "products[0].offerId"
    error = kinguin.parse_current_error(wrong)
    assert error.code == "ProductUnavailable"
    assert kinguin.form_field("products[0].offerId") == ("product", 0)
    typed = httpx.post(
        url,
        json={"products": [{"kinguinId": 5, "qty": 1, "price": 3.59, "offerId": 7}]},
        headers=CURRENT,
    )
    assert typed.status_code == 400 and typed.json()["kind"] == "ConstraintViolation"
    assert typed.json()["propertyPath"] == "products[0].offerId"
    placed = httpx.post(
        url, json={"products": [{"kinguinId": 5, "qty": 1, "price": 3.59}]}, headers=CURRENT
    )
    offer = placed.json()["products"][0]["offerId"]
    again = httpx.post(
        url,
        json={"products": [{"kinguinId": 5, "qty": 1, "price": 3.59, "offerId": offer}]},
        headers=CURRENT,
    )
    assert again.status_code == 201 and again.json()["products"][0]["offerId"] == offer


async def test_kinguin_current_canceled_order_and_keys(running: RunningSandbox) -> None:
    """The order status `canceled` and the key status CANCELED of the current docs: the sandbox
    produces them (Kinguin cancelling a pre-order), and the client reads them as final."""
    url = running.base_url("kinguin-current")
    client = kinguin.KinguinClient(url, DEFAULT_TOKEN, api="current")
    try:
        before = await client.balance()
        placed = await client.create_order(
            [KeyLine(product_id=PREORDER_ID, quantity=2, max_price=Decimal("30"))], "op-cancel"
        )
        assert placed.order.status is OrderStatus.PROCESSING and placed.pending_count == 2
        answer = httpx.post(f"{url}/_sandbox/order/{placed.order_id}/cancel", headers=CURRENT)
        assert [k["status"] for k in answer.json()] == ["CANCELED", "CANCELED"]
        after = await client.order_details(placed.order_id)
        assert after.order.status is OrderStatus.CANCELLED and after.order.status.is_final
        assert after.settled and after.pending_count == 0 and after.delivered_count == 0
        assert {k.status for k in after.keys} == {"CANCELED"}
        assert (await client.balance()).amount == before.amount  # the price came back
        found = await client.list_orders(kinguin.OrderQuery(statuses=["canceled"]))
        assert [o.provider_order_id for o in found.orders] == [placed.order_id]
    finally:
        await client.aclose()


# --------------------------------------------------------------------------- hostile ids

HUGE = 99999999999999999999  # beyond 64 bits: once a 500 (SQLite OverflowError) everywhere


def _plum_call(query: str, data: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    return (
        "POST",
        "/v1/oauth/api",
        {"query": f"plumProAPI.mutation.{query}", "variables": {"data": data}},
    )


@pytest.mark.parametrize(
    ("mount", "request_", "status", "code"),
    [
        ("inventory", ("GET", f"/inventory/v1/player/{HUGE}/order", None), 422, None),
        ("inventory", ("GET", f"/inventory/v1/player/{HUGE}/order/x", None), 422, None),
        ("inventory", ("POST", f"/inventory/v1/player/{HUGE}/order", order_body()), 422, None),
        (
            "inventory",
            ("POST", "/inventory/v1/player/7/order", order_body({"loot_id": HUGE})),
            422,
            "loot_id",
        ),
        (
            "inventory",
            ("POST", "/inventory/v1/player/7/order", order_body({"quantity": HUGE})),
            422,
            "quantity",
        ),
        (
            "inventory",
            (
                "POST",
                "/inventory/v1/player/7/order",
                order_body({"type": "create_new_persistent_inventory", "item_id": HUGE}),
            ),
            422,
            "item_id",
        ),
        (
            "inventory",
            (
                "POST",
                "/inventory/v1/player/7/order",
                order_body(
                    {
                        "type": "purchase_loot",
                        "purchase_price": {"currencies": [{"price_item_id": 1, "price": HUGE}]},
                    }
                ),
            ),
            422,
            "purchase_price",
        ),
        (
            "kinguin",
            ("POST", "/v1/order", {"products": [{"kinguinId": HUGE, "qty": 1, "price": 1}]}),
            400,
            2610,
        ),
        ("kinguin", ("GET", f"/v1/order/{HUGE}", None), 404, 1101),
        ("kinguin", ("POST", "/v1/order/dispatch", {"orderId": str(HUGE)}), 404, 1101),
        ("kinguin", ("GET", f"/v1/order/dispatch/keys?dispatchId={HUGE}", None), 404, 2603),
        ("kinguin", ("GET", f"/v1/order?kinguinId={HUGE}", None), 400, 2601),
        ("kinguin", ("GET", f"/v1/order?page={HUGE}", None), 400, 2601),
        ("kinguin", ("GET", f"/v1/order?page={2**62}&limit=100", None), 400, 2601),
        (
            "kinguin-current",
            ("POST", "/v1/order", {"products": [{"kinguinId": HUGE, "qty": 1, "price": 1}]}),
            422,
            "ProductUnavailable",
        ),
        ("kinguin-current", ("GET", f"/v1/order?page={HUGE}", None), 400, "ConstraintViolation"),
        ("kinguin-current", ("GET", f"/v1/order?page={2**62}", None), 400, "ConstraintViolation"),
        (
            "kinguin-current",
            ("GET", f"/v1/order?kinguinId={HUGE}", None),
            400,
            "ConstraintViolation",
        ),
        ("kinguin-current", ("GET", f"/v1/order/{HUGE}", None), 404, "OrderNotFound"),
        (
            "plum",
            _plum_call(
                "placeOrder",
                {
                    "productId": HUGE,
                    "quantity": 1,
                    "denomination": 10,
                    "poNumber": "PO-HUGE",
                    "notifyReceiverEmail": 0,
                    "notifyAdminEmail": 0,
                },
            ),
            400,
            "PLE10001",
        ),
        ("plum", _plum_call("getOrderDetails", {"orderId": HUGE, "poNumber": ""}), 404, "PLE10016"),
    ],
)
def test_ids_beyond_64_bits_are_refused_as_documented(
    running: RunningSandbox,
    mount: str,
    request_: tuple[str, str, Any],
    status: int,
    code: object,
) -> None:
    method, path, body = request_
    headers = {
        "inventory": BEARER,
        "plum": BEARER,
        "kinguin": {"api-ecommerce-auth": DEFAULT_TOKEN},
        "kinguin-current": CURRENT,
    }[mount]
    answer = httpx.request(
        method, running.base_url(mount) + path, json=body, headers=headers, timeout=10
    )
    assert answer.status_code == status, answer.text
    data = answer.json()
    if mount == "inventory" and code is None:
        assert data["detail"][0]["loc"][:2] == ["path", "player_id"]
    elif mount == "inventory":
        assert data["detail"][0]["loc"][:4] == ["body", "entries", 0, code]
    elif mount == "kinguin":
        assert data["code"] == code
        assert isinstance(kinguin.parse_error(answer), status_error_class(status))
    elif mount == "kinguin-current":
        assert data["kind"] == code
        assert kinguin.parse_current_error(answer).status == status
    else:
        assert data["errorId"] == code
        error = plum.parse_error(answer)
        assert error.code == code and isinstance(error, status_error_class(status))


# --------------------------------------------------------------------------- hostile bodies

DEEP = b"[" * 100_000 + b"]" * 100_000  # once a 500 (RecursionError) on three providers


@pytest.mark.parametrize(
    ("mount", "path", "status", "shape"),
    [
        ("kinguin", "/v1/order", 400, "code"),
        ("kinguin", "/v1/order/dispatch", 400, "code"),
        ("kinguin-current", "/v1/order", 400, "kind"),
        ("plum", "/v1/oauth/api", 400, "errorId"),
        ("powerplugin", "/orders/p-1/reservation", 400, "message"),
        ("powerplugin", "/orders/p-1/track/t-1", 400, "message"),
        # FastAPI's own answer to a body it cannot parse, as the provider (FastAPI) gives it
        ("inventory", "/inventory/v1/player/7/order", 400, "detail"),
    ],
)
def test_json_nested_too_deep_is_a_refusal(
    running: RunningSandbox, mount: str, path: str, status: int, shape: str
) -> None:
    headers = {
        "inventory": BEARER,
        "plum": BEARER,
        "powerplugin": BEARER,
        "kinguin": {"api-ecommerce-auth": DEFAULT_TOKEN},
        "kinguin-current": CURRENT,
    }[mount]
    answer = httpx.post(
        running.base_url(mount) + path,
        content=DEEP,
        headers={**headers, "Content-Type": "application/json"},
        timeout=20,
    )
    assert answer.status_code == status, answer.text[:200]
    assert shape in answer.json()


@pytest.mark.parametrize(
    "body",
    [
        b'{"entries": [{"type": "fill_loot", "loot_id": NaN, "quantity": 1}]}',
        b'{"entries": [{"type": "fill_loot", "loot_id": 1, "quantity": Infinity}]}',
        b'{"entries": [{"type": "fill_loot", "loot_id": 1, "quantity": 1e400}]}',
    ],
)
def test_inventory_validation_errors_are_the_openapi_shape(
    running: RunningSandbox, body: bytes
) -> None:
    """Once a 500: FastAPI echoed the NaN it could not write. Now {loc, msg, type} only."""
    answer = httpx.post(
        f"{running.base_url('inventory')}/inventory/v1/player/7/order",
        content=body,
        headers={**BEARER, "Content-Type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    [problem] = answer.json()["detail"]
    assert set(problem) == {"loc", "msg", "type"}
    assert problem["loc"][:3] == ["body", "entries", 0]


def _place(**data: Any) -> dict[str, Any]:
    return {
        "query": "plumProAPI.mutation.placeOrder",
        "variables": {
            "data": {
                "productId": 15365,
                "quantity": 1,
                "denomination": 10,
                "notifyReceiverEmail": 0,
                "notifyAdminEmail": 0,
                **data,
            }
        },
    }


@pytest.mark.parametrize(
    ("body", "error_id", "words"),
    [
        (_place(poNumber="PO-T1", tag=["t"]), "PLE10001", "tag"),
        (_place(poNumber="PO-T2", notifyAdminEmail=True), "PLE10001", "notifyAdminEmail"),
        (
            {
                "query": "plumProAPI.mutation.getOrderDetails",
                "variables": {"data": {"poNumber": ["PO-1"]}},
            },
            "PLE10002",
            "poNumber",
        ),
        (
            {
                "query": "plumProAPI.mutation.getOrderDetails",
                "variables": {"data": {"poNumber": {"a": 1}}},
            },
            "PLE10002",
            "poNumber",
        ),
    ],
)
def test_plum_fields_of_the_wrong_type(
    running: RunningSandbox, body: dict[str, Any], error_id: str, words: str
) -> None:
    answer = httpx.post(f"{running.base_url('plum')}/v1/oauth/api", json=body, headers=BEARER)
    assert answer.status_code == 400 and answer.json()["errorId"] == error_id, answer.text
    assert words in json.dumps(answer.json()["error"])
    error = plum.parse_error(answer)
    assert isinstance(error, RequestRejected) and error.code == error_id
