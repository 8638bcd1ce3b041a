"""Kinguin's current API on the wire: the examples in PROVIDERS-TODAY.md and Kinguin's public
docs, the error shape mapped to typed errors, client-side limits, broken responses, and the
generation setting. HTTP here goes through httpx.MockTransport (edge cases only); the real
loopback tests are in tests/integration/test_kinguin_current_sandbox.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from fulfildesk import config
from fulfildesk.domain.models import KeyLine, OrderStatus, Provider
from fulfildesk.providers import kinguin
from fulfildesk.providers.errors import (
    AuthenticationError,
    NotFoundError,
    ProviderServerError,
    RequestRejected,
    ResponseInvalid,
)

# api/order/v1/README.md (current): the order object with the fields the current API added
DOCS_ORDER = """{
    "totalPrice": 5.79, "requestTotalPrice": 5.79, "status": "processing",
    "userEmail": "...@kinguin.io", "storeId": 1, "createdAt": "2020-10-28T08:40:44+00:00",
    "orderId": "PHS84FJAG5U", "orderExternalId": "AL2FEEHOO2OHF", "couponCode": "ESA",
    "paymentPrice": 5.29,
    "products": [{"kinguinId": 1949, "offerId": "5f7efd272f3a650001f42722",
                  "productId": "5c9b68662539a4e8f17ae2fe", "qty": 1,
                  "name": "Counter-Strike: Source Steam CD Key", "price": 5.79,
                  "totalPrice": 5.79, "requestPrice": 5.79, "isPreorder": true,
                  "releaseDate": "2020-10-07", "keyType": "text", "accurate": true,
                  "broker": "internal"}],
    "totalQty": 1, "isPreorder": true, "preorderReleaseDate": "2020-10-07"}"""

# api/order/v2/README.md: the key object (PROVIDERS-TODAY.md: keys now carry their id)
DOCS_KEYS = """[{"id": "64f1c0ffee0000000000beef",
    "serial": "0ddbebb2-559d-42e9-a8e1-fd4b2bdea858", "type": "text/plain",
    "name": "Counter-Strike: Source Steam CD Key", "kinguinId": 1949,
    "offerId": "5f7efd272f3a650001f42722", "productId": "5c9b68662539a4e8f17ae2fe"}]"""

# api/ErrorsCodes.md
DOCS_CONSTRAINT = {
    "kind": "ConstraintViolation",
    "status": 400,
    "title": "Bad Request",
    "detail": 'Invalid "products" property. Sum of total values of "qty" must be lower than '
    "or equal 100.",
    "path": "/api/v1/order",
    "method": "POST",
    "trace": "082a4cee9b",
    "timestamp": "2020-09-01T13:06:06+00:00",
    "propertyPath": "products",
    "invalidValue": 1000,
}
DOCS_RETRYABLE = {
    "kind": "OrderNotDispatchedYet",
    "status": 422,
    "title": "Unprocessable Entity",
    "detail": 'Order "PHS84FJAG5U" not dispatched yet. Please retry request later',
    "path": "/api/v1/order/dispatch",
    "method": "POST",
    "trace": "082a4cee9b",
    "timestamp": "2020-09-01T13:06:06+00:00",
    "orderId": "PHS84FJAG5U",
    "retryable": True,
}
# PROVIDERS-TODAY.md: a wrong key
TODAY_401 = {
    "kind": "Authorization",
    "status": 401,
    "detail": "Invalid authentication data.",
    "type": "Unauthorized",
}

DEEP = b"[" * 200_000 + b"]" * 200_000
BASE = "https://gateway.kinguin.net/esa/api"


def loads(text: str) -> object:
    return json.loads(text, parse_float=Decimal)


def response(status: int, body: object) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, content=content, request=httpx.Request("GET", BASE))


def order_with_keys(statuses: list[str], status: str = "processing") -> dict[str, object]:
    return {
        "orderId": "PHS84FJAG5U",
        "orderExternalId": "op-1",
        "status": status,
        "totalPrice": 17.37,
        "products": [
            {
                "kinguinId": 4,
                "qty": len(statuses),
                "price": 5.79,
                "keys": [{"id": f"k{i}", "status": s} for i, s in enumerate(statuses)],
            }
        ],
    }


Handler = Callable[[httpx.Request], httpx.Response]


def client(handler: Handler, api: kinguin.Api = "current") -> kinguin.KinguinClient:
    return kinguin.KinguinClient(
        BASE, "secret", api=api, transport=httpx.MockTransport(handler), sleep=_no_sleep
    )


async def _no_sleep(_: float) -> None:
    return None


# --------------------------------------------------------------------------- parsing


def test_docs_order_example_reads_every_new_field() -> None:
    result = kinguin.parse_current_order(loads(DOCS_ORDER))
    assert result.order_id == "PHS84FJAG5U"
    assert result.external_id == "AL2FEEHOO2OHF"
    assert result.order.reference == "AL2FEEHOO2OHF"
    assert result.order.status is OrderStatus.PROCESSING
    assert result.order.total is not None and result.order.total.amount == Decimal("5.79")
    assert result.payment_price == Decimal("5.29")
    assert result.is_preorder
    assert result.order.email == "...@kinguin.io"
    assert result.order.lines[0].product_id == "1949"
    assert result.keys == []  # the docs' example predates keys[] on products


def test_key_statuses_count_delivery_progress() -> None:
    result = kinguin.parse_current_order(
        order_with_keys(["DELIVERED", "pending", "DELIVERED", "PROCESSING", "DELIVERED"])
    )
    assert (result.key_count, result.delivered_count, result.pending_count) == (5, 3, 2)
    assert not result.settled
    assert [k.key_id for k in result.keys] == ["k0", "k1", "k2", "k3", "k4"]
    assert result.keys[1].status == "PENDING"  # normalised
    done = kinguin.parse_current_order(order_with_keys(["DELIVERED", "RETURNED"], "completed"))
    assert done.settled and done.order.status is OrderStatus.COMPLETED


@pytest.mark.parametrize(
    "status,expected",
    [
        ("processing", OrderStatus.PROCESSING),
        ("completed", OrderStatus.COMPLETED),
        ("canceled", OrderStatus.CANCELLED),
        ("refunded", OrderStatus.REFUNDED),
        ("brand_new", OrderStatus.UNKNOWN),
    ],
)
def test_renamed_statuses(status: str, expected: OrderStatus) -> None:
    assert kinguin.parse_current_order(order_with_keys([], status)).order.status is expected
    assert set(kinguin.CURRENT_STATUS_TEXT) == {"processing", "completed", "canceled", "refunded"}


def test_docs_key_example_keeps_the_key_id() -> None:
    keys = kinguin.parse_current_keys(loads(DOCS_KEYS), "PHS84FJAG5U")
    assert keys[0].key_id == "64f1c0ffee0000000000beef"
    assert keys[0].status == "DELIVERED"
    assert keys[0].product_id == "1949"
    assert keys[0].serial == "0ddbebb2-559d-42e9-a8e1-fd4b2bdea858"
    assert keys[0].provider is Provider.KINGUIN and not keys[0].is_image


def test_balance_and_return_answers() -> None:
    balance = kinguin.parse_balance(loads('{"balance": 12.45}'))
    assert balance.amount == Decimal("12.45") and balance.currency == "EUR"
    assert kinguin.parse_balance({"balance": "7"}).amount == Decimal("7")
    returned = kinguin.parse_returned([{"id": "a", "status": "RETURNED"}, {"id": 7, "status": "x"}])
    assert [(r.key_id, r.status) for r in returned] == [("a", "RETURNED"), ("7", "X")]


@pytest.mark.parametrize(
    "parse,data",
    [
        (kinguin.parse_current_order, []),
        (kinguin.parse_current_order, {"status": "completed"}),  # no orderId
        (kinguin.parse_current_order, {"orderId": "A", "status": 3}),
        (kinguin.parse_current_order, {"orderId": "A", "status": "x", "products": "many"}),
        (
            kinguin.parse_current_order,
            {"orderId": "A", "status": "x", "products": [{"keys": [{"id": "k"}]}]},
        ),
        (kinguin.parse_balance, {"balance": "lots"}),
        (kinguin.parse_balance, {"balance": "NaN"}),
        (kinguin.parse_balance, [12.45]),
        (kinguin.parse_returned, {"id": "a"}),
        (kinguin.parse_returned, [{"status": "RETURNED"}]),
    ],
)
def test_wrong_types_are_typed_errors(parse: Callable[[object], object], data: object) -> None:
    with pytest.raises(ResponseInvalid):
        parse(data)


def test_wrong_key_shapes_are_typed_errors() -> None:
    for data in ({"serial": "x"}, [{"serial": 5, "type": "text/plain"}], [{"type": "text/plain"}]):
        with pytest.raises(ResponseInvalid):
            kinguin.parse_current_keys(data, "A")


# --------------------------------------------------------------------------- errors


def test_docs_constraint_violation_puts_the_message_at_the_property_path() -> None:
    error = kinguin.parse_current_error(response(400, DOCS_CONSTRAINT))
    assert isinstance(error, kinguin.ConstraintViolation)
    assert isinstance(error, RequestRejected)
    assert error.code == "ConstraintViolation" and error.status == 400
    assert set(error.field_errors) == {"products"}
    assert "lower than or equal 100" in error.field_errors["products"]
    assert not error.retryable and not error.outcome_unknown


def test_today_401_is_an_authentication_error() -> None:
    error = kinguin.parse_current_error(response(401, TODAY_401))
    assert isinstance(error, AuthenticationError)
    assert error.code == "Authorization"
    assert "Check the key in Settings" in str(error)
    assert "Invalid authentication data." in str(error)
    assert not error.retryable


def test_docs_retryable_error_is_retryable() -> None:
    error = kinguin.parse_current_error(response(422, DOCS_RETRYABLE))
    assert isinstance(error, RequestRejected) and error.retryable
    assert error.code == "OrderNotDispatchedYet"


@pytest.mark.parametrize(
    "status,kind,cls,retryable",
    [
        (422, "InsufficientBalance", kinguin.InsufficientBalance, False),
        (422, "BalanceRequired", kinguin.InsufficientBalance, False),
        (422, "ProductUnavailable", kinguin.ProductUnavailable, False),
        (422, "Preorder", kinguin.PreorderRefused, False),
        (422, "NoKeysToReturn", kinguin.NoKeysToReturn, False),
        (409, "ResourceLock", kinguin.ResourceLock, True),
        (422, "OrderFailed", kinguin.OrderFailed, True),
        (422, "OrderNotSupported", kinguin.OrderNotSupported, False),
        (404, "OrderNotFound", kinguin.OrderNotFound, False),
        (400, "SomethingNew", RequestRejected, False),
        (500, "Error", ProviderServerError, True),
        (503, "HttpClient", ProviderServerError, True),
    ],
)
def test_every_kind_maps_to_a_typed_error(
    status: int, kind: str, cls: type[Exception], retryable: bool
) -> None:
    body = {"kind": kind, "status": status, "title": "t", "detail": f"{kind} happened"}
    error = kinguin.parse_current_error(response(status, body))
    assert type(error) is cls
    assert error.code == kind and error.status == status
    assert error.retryable is retryable
    assert error.outcome_unknown is (status >= 500)
    assert f"{kind} happened" in error.message
    if kind == "OrderNotFound":
        assert isinstance(error, NotFoundError)


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Bad gateway</html>",
        b"",
        b'{"kind": ',
        DEEP,
        b'{"kind": 5, "detail": ["x"], "propertyPath": {}}',
        b'["ConstraintViolation"]',
        b'{"kind": "ConstraintViolation", "status": "four hundred", "propertyPath": 3}',
    ],
)
def test_broken_error_bodies_still_become_typed_errors(body: bytes) -> None:
    error = kinguin.parse_current_error(response(400, body))
    assert isinstance(error, RequestRejected)
    assert error.status == 400 and error.message


def test_old_style_error_object_is_still_read() -> None:
    error = kinguin.parse_current_error(response(400, {"code": 1008, "message": "no money"}))
    assert error.code == "1008" and "balance" in error.message


@pytest.mark.parametrize(
    "path,expected",
    [
        ("products", ("products", None)),
        ("products[2].qty", ("quantity", 2)),
        ("products[0].price", ("price", 0)),
        ("products[1].kinguinId", ("product", 1)),
        ("products[1]", ("product", 1)),
        ("orderExternalId", ("orderExternalId", None)),
        ("products[x].qty", None),
        ("limit", None),
    ],
)
def test_property_path_to_form_field(path: str, expected: object) -> None:
    assert kinguin.form_field(path) == expected


# --------------------------------------------------------------------------- client


def line(product: int = 4, qty: int = 1) -> KeyLine:
    return KeyLine(product_id=product, quantity=qty, max_price=Decimal("5.79"))


async def test_paths_are_appended_to_the_base_and_the_key_goes_in_x_api_key() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/v1/balance"):
            return httpx.Response(200, json={"balance": 12.45})
        if request.url.path.endswith("/keys"):
            return httpx.Response(200, content=DOCS_KEYS.encode())
        if request.url.path.endswith("/return"):
            return httpx.Response(200, json=[{"id": "k", "status": "RETURNED"}])
        if request.method == "POST":
            return httpx.Response(201, content=DOCS_ORDER.encode())
        return httpx.Response(200, json={"results": [], "item_count": 0})

    c = client(handler)
    placed = await c.create_order([line()], "op-42")
    assert placed.order_id == "PHS84FJAG5U"
    await c.balance()
    await c.get_keys("PHS84FJAG5U")
    await c.return_keys("PHS84FJAG5U")
    assert await c.find_by_external_id("op-42") is None
    await c.aclose()
    urls = [str(r.url) for r in seen]
    assert urls[0] == f"{BASE}/v1/order"
    assert urls[1] == f"{BASE}/v1/balance"
    assert urls[2] == f"{BASE}/v2/order/PHS84FJAG5U/keys?page=1&limit=100"
    assert urls[3] == f"{BASE}/v2/order/PHS84FJAG5U/keys/return"
    assert urls[4] == f"{BASE}/v1/order?page=1&limit=100&orderExternalId=op-42"
    assert all(r.headers["X-Api-Key"] == "secret" for r in seen)
    assert all("api-ecommerce-auth" not in r.headers for r in seen)
    body = json.loads(seen[0].content)
    assert body == {
        "products": [{"kinguinId": 4, "qty": 1, "price": 5.79}],
        "orderExternalId": "op-42",
    }


async def test_v1_client_is_unchanged_and_refuses_current_calls() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"orderId": "20549751"})

    c = client(handler, api="v1")
    assert await c.place_order([line(qty=50)]) == "20549751"  # v1 has no 9-key limit
    assert seen[0].headers["api-ecommerce-auth"] == "secret"
    assert "x-api-key" not in seen[0].headers
    assert json.loads(seen[0].content) == {"products": [{"kinguinId": 4, "qty": 50, "price": 5.79}]}
    for call in (c.balance(), c.return_keys("1"), c.find_by_external_id("x")):
        with pytest.raises(RuntimeError):
            await call
    with pytest.raises(RuntimeError):
        await c.place_order([line()], "op-1")
    current = client(handler)
    with pytest.raises(RuntimeError, match="dispatch"):
        await current.dispatch("1")
    with pytest.raises(ValueError):
        kinguin.KinguinClient(BASE, "k", api="v2")  # type: ignore[arg-type]
    await c.aclose()
    await current.aclose()


@pytest.mark.parametrize(
    "lines,path",
    [
        ([line(qty=10)], "products[0].qty"),
        ([line(1), line(2, qty=9), line(3, qty=12)], "products[2].qty"),
        ([line(p) for p in range(1, 12)], "products"),
        ([], "products"),
    ],
)
async def test_limits_are_checked_before_sending(lines: list[KeyLine], path: str) -> None:
    sent: list[httpx.Request] = []
    c = client(lambda r: sent.append(r) or httpx.Response(500))
    with pytest.raises(kinguin.ConstraintViolation) as caught:
        await c.place_order(lines, "op-1")
    assert list(caught.value.field_errors) == [path]
    assert sent == []
    await c.aclose()


async def test_ten_products_of_nine_keys_are_allowed() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, content=DOCS_ORDER.encode())

    c = client(handler)
    await c.place_order([line(p, qty=9) for p in range(1, 11)], "op-1")
    assert len(json.loads(sent[0].content)["products"]) == 10
    await c.aclose()


async def test_keys_are_read_over_every_page() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        count = {1: 100, 2: 30}.get(page, 0)
        start = (page - 1) * 100
        return httpx.Response(
            200,
            json=[
                {"id": f"k{start + i}", "serial": f"S{start + i}", "type": "text/plain"}
                for i in range(count)
            ],
        )

    c = client(handler)
    keys = await c.get_keys("ORDER")
    assert len(keys) == 130
    assert [k.position for k in keys] == list(range(130))
    assert len({k.key_id for k in keys}) == 130
    await c.aclose()


async def test_search_keeps_only_exact_references_over_every_page() -> None:
    def row(order_id: str, ref: str | None) -> dict[str, object]:
        return {"orderId": order_id, "orderExternalId": ref, "status": "completed"}

    pages = {
        1: [row(f"N{i}", "op-10") for i in range(99)] + [row("MINE", "op-1")],
        2: [row("OTHER", None), row("LIKE", "op-1 ")],
    }

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        assert "sortBy" not in request.url.params  # no sort reliance
        return httpx.Response(200, json={"results": pages.get(page, []), "item_count": 102})

    c = client(handler)
    found = await c.find_by_external_id("op-1")
    assert found is not None and found.order_id == "MINE"
    await c.aclose()


async def test_two_orders_with_one_reference_are_not_adopted_silently() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        rows = [
            {"orderId": i, "orderExternalId": "op-1", "status": "completed"} for i in ("A", "B")
        ]
        return httpx.Response(200, json={"results": rows, "item_count": 2})

    c = client(handler)
    with pytest.raises(ResponseInvalid, match="A, B"):
        await c.find_by_external_id("op-1")
    await c.aclose()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"",
        DEEP,
        b"[]",
        b'{"orderId": ["A"], "status": "processing"}',
        b'{"orderId": "A", "status": "processing", "products": [{"qty": "many"}]}',
        b'{"orderId": "A", "status": null}',
        b"\xff\xfe",
    ],
)
async def test_every_broken_order_answer_is_a_typed_error(body: bytes) -> None:
    c = client(lambda r: httpx.Response(201, content=body))
    with pytest.raises(ResponseInvalid):
        await c.place_order([line()], "op-1")
    with pytest.raises(ResponseInvalid):
        await c.order_details("A")
    await c.aclose()


@pytest.mark.parametrize("body", [b"{}", DEEP, b'{"balance": null}', b'{"balance": true}'])
async def test_broken_balance_is_a_typed_error(body: bytes) -> None:
    c = client(lambda r: httpx.Response(200, content=body))
    with pytest.raises(ResponseInvalid):
        await c.balance()
    await c.aclose()


async def test_broken_key_pages_and_lists_are_typed_errors() -> None:
    for body in (DEEP, b'{"results": 5}', b'{"results": [1, 2], "item_count": 2}', b"[1]"):
        c = client(lambda r, body=body: httpx.Response(200, content=body))
        with pytest.raises(ResponseInvalid):
            await c.get_keys("A")
        with pytest.raises(ResponseInvalid):
            await c.list_orders()
        await c.aclose()


async def test_a_deep_v1_answer_is_a_typed_error_too() -> None:
    c = client(lambda r: httpx.Response(200, content=DEEP), api="v1")
    with pytest.raises(ResponseInvalid):
        await c.get_order("1")
    bad = client(lambda r: httpx.Response(400, content=DEEP), api="v1")
    with pytest.raises(RequestRejected):
        await bad.get_order("1")
    await c.aclose()
    await bad.aclose()


async def test_errors_with_property_path_reach_the_caller() -> None:
    body = {
        "kind": "ConstraintViolation",
        "status": 400,
        "title": "Bad Request",
        "detail": "qty too big",
        "propertyPath": "products[0].qty",
        "invalidValue": 12,
    }
    c = client(lambda r: httpx.Response(400, json=body))
    with pytest.raises(kinguin.ConstraintViolation) as caught:
        await c.place_order([line()], "op-1")
    assert list(caught.value.field_errors) == ["products[0].qty"]
    assert not caught.value.outcome_unknown
    await c.aclose()


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://gateway.kinguin.net/esa/api", "current"),
        ("https://GATEWAY.kinguin.net./esa/api", "current"),
        ("https://gateway.sandbox.kinguin.net/esa/api", "current"),
        ("https://api2.kinguin.net/integration", "v1"),
        ("http://127.0.0.1:8765/kinguin", "v1"),
        ("https://gateway.kinguin.net.evil.example/esa/api", "v1"),
        ("not a url", "v1"),
        (None, "v1"),
    ],
)
def test_default_generation_by_url(url: str | None, expected: str) -> None:
    assert config.default_kinguin_api(url) == expected


def test_env_overrides_then_file_then_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "settings.json").write_text(
        json.dumps(
            {"providers": {"kinguin": {"url": "https://gateway.kinguin.net/esa/api", "api": "v1"}}}
        )
    )
    entry = config.load_settings(tmp_path).provider(Provider.KINGUIN)
    assert (entry.generation, entry.sources.get("api")) == ("v1", "file")
    monkeypatch.setenv("FULFILDESK_KINGUIN_API", "current")
    entry = config.load_settings(tmp_path).provider(Provider.KINGUIN)
    assert (entry.generation, entry.sources.get("api")) == ("current", "env")
    monkeypatch.setenv("FULFILDESK_KINGUIN_API", "v7")  # not a generation: ignored
    entry = config.load_settings(tmp_path).provider(Provider.KINGUIN)
    assert (entry.generation, entry.sources.get("api")) == ("v1", "file")
    monkeypatch.delenv("FULFILDESK_KINGUIN_API")
    (tmp_path / "settings.json").write_text(
        json.dumps({"providers": {"kinguin": {"url": "https://gateway.kinguin.net/esa/api"}}})
    )
    settings = config.load_settings(tmp_path)
    entry = settings.provider(Provider.KINGUIN)
    assert (entry.generation, entry.api) == ("current", None)
    entry.api = "v1"  # chosen in Settings
    config.save_provider_urls(settings)
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["providers"]["kinguin"] == {
        "url": "https://gateway.kinguin.net/esa/api",
        "api": "v1",
    }
