"""Every recorded provider file (tests/fixtures/{plum,kinguin,inventory}, copies of
../shared/fixtures) parses through the provider clients into valid models or typed errors, served
over real loopback HTTP by a replay server, through the clients' whole HTTP stack.

The recorded JSON answers are served as they are; the two error tables (Kinguin's error-codes.md,
Plum's error-ids.md) are read row by row, and each row's error body is served with its HTTP
status; the inventory OpenAPI is served as a PlayerOrder using every documented entry type,
entry result code and detail type. test_every_fixture_file_is_covered fails when a fixture file
is added that no test here serves."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fulfildesk.domain.errors import status_error_class
from fulfildesk.domain.models import OrderStatus
from fulfildesk.providers import kinguin, plum
from fulfildesk.providers.errors import (
    ProviderError,
    RateLimitedError,
    RequestRejected,
)
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.inventory import InventoryClient
from fulfildesk.providers.kinguin import KinguinClient
from fulfildesk.providers.plum import PlaceOrderRequest, PlumClient
from helpers.replay import Recorded, replay_server

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "fixtures"
ONE_TRY = HttpPolicy(max_attempts=1)

#: every provider fixture file, and the test(s) below that serve it
COVERED = {
    "plum/placeOrder.code.json": "test_plum_recorded_place_order",
    "plum/getOrderDetails.url.json": "test_plum_recorded_order_details",
    "plum/error.PLE10001.json": "test_plum_recorded_validation_error",
    "plum/error-ids.md": "test_plum_every_error_id_of_the_table",
    "kinguin/error-codes.md": "test_kinguin_every_error_code_of_the_table",
    "inventory/player-order-openapi.json": "test_inventory_order_with_every_documented_enum",
}


def _provider_files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for sub in ("plum", "kinguin", "inventory")
        for p in (root / sub).glob("*")
        if p.is_file()
    }


def test_every_fixture_file_is_covered() -> None:
    assert _provider_files(FIXTURES) == set(COVERED)
    if SHARED.is_dir():  # the shared originals: every one copied here, byte for byte
        assert _provider_files(SHARED) == set(COVERED)
        for name in COVERED:
            assert (SHARED / name).read_bytes() == (FIXTURES / name).read_bytes(), name


async def _plum(answer: Recorded, call: str) -> Any:
    with replay_server(answer) as url:
        client = PlumClient(url, "token", policy=ONE_TRY)
        try:
            if call == "place":
                return await client.place_order(
                    PlaceOrderRequest(
                        product_id=29877, quantity=1, denomination=Decimal(25), po_number="PO-1"
                    )
                )
            return await client.get_order_details(order_id="555555")
        finally:
            await client.aclose()


async def test_plum_recorded_place_order() -> None:
    body = (FIXTURES / "plum/placeOrder.code.json").read_bytes()
    result = await _plum(Recorded(200, body), "place")
    assert result.order.provider_order_id == "6214194"
    assert result.order.status is OrderStatus.COMPLETED
    assert result.order.total is not None and result.order.total.amount == Decimal("25")
    assert result.order.total.currency == "USD"
    [voucher] = result.vouchers
    assert voucher.code == "DEMO-1623981634745-pvya7e" and voucher.pin == ""
    assert voucher.type == "code" and voucher.amount == Decimal("25")


async def test_plum_recorded_order_details() -> None:
    body = (FIXTURES / "plum/getOrderDetails.url.json").read_bytes()
    result = await _plum(Recorded(200, body), "details")
    assert result.order.provider_order_id == "555555"
    assert result.order.total is not None and result.order.total.amount == Decimal("11.18")
    [voucher] = result.vouchers
    assert voucher.is_url and voucher.pin == "727676" and voucher.currency == "EUR"
    assert result.delivery_status == "delivered"


async def test_plum_recorded_validation_error() -> None:
    body = (FIXTURES / "plum/error.PLE10001.json").read_bytes()
    with pytest.raises(RequestRejected) as caught:
        await _plum(Recorded(400, body), "place")
    assert caught.value.code == "PLE10001" and caught.value.status == 400
    assert caught.value.field_errors == {"contact": "Mobile number is missing/Invalid"}
    assert not caught.value.outcome_unknown


def _plum_table() -> list[tuple[str, int]]:
    """(errorId, HTTP status) for every id of error-ids.md, with its later status and, where the
    table notes one, the seed's status too."""
    rows: list[tuple[str, int]] = []
    for line in (FIXTURES / "plum/error-ids.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or not re.match(r"(PLE|PIPE)\d+", cells[0]):
            continue
        statuses = [int(s) for s in re.findall(r"\b([1-5]\d\d)\b", cells[3])]
        for error_id in re.findall(r"(?:PLE|PIPE)\d+", cells[0]):
            rows.extend((error_id, status) for status in statuses)
    return rows


PLUM_TABLE = _plum_table()


def test_the_plum_table_was_read() -> None:
    ids = {error_id for error_id, _ in PLUM_TABLE}
    assert len(ids) == 30 and {"PLE10012", "PLE10041", "PIPE10016"} <= ids
    assert ("PLE10012", 422) in PLUM_TABLE and ("PLE10012", 502) in PLUM_TABLE


@pytest.mark.parametrize(("error_id", "status"), PLUM_TABLE)
async def test_plum_every_error_id_of_the_table(error_id: str, status: int) -> None:
    body = {"code": str(status), "errorId": error_id, "errorInfo": "info", "error": ["Eg: x"]}
    with pytest.raises(ProviderError) as caught:
        await _plum(Recorded(status, json.dumps(body).encode()), "place")
    error = caught.value
    assert isinstance(error, status_error_class(status))
    assert error.code == error_id and error.status == status
    assert error_id in plum.ERRORS, f"{error_id} has no words of its own in the client"
    assert error.message.startswith(plum.ERRORS[error_id][0])


async def test_plum_rate_limit_answer_of_the_table() -> None:
    body = {"errors": [{"message": "auth.request_limit_exceeded", "penaltySeconds": 60}]}
    with pytest.raises(RateLimitedError) as caught:
        await _plum(Recorded(429, json.dumps(body).encode()), "details")
    assert caught.value.retry_after == 60.0


def _kinguin_table() -> list[tuple[int, int]]:
    rows: list[tuple[int, int]] = []
    for line in (FIXTURES / "kinguin/error-codes.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[1].isdigit():
            continue
        rows.extend((int(code), int(cells[1])) for code in re.findall(r"\d{4}", cells[0]))
    return rows


KINGUIN_TABLE = _kinguin_table()


def test_the_kinguin_table_was_read() -> None:
    assert len(KINGUIN_TABLE) == 47
    assert (2610, 400) in KINGUIN_TABLE and (1001, 401) in KINGUIN_TABLE


@pytest.mark.parametrize(("code", "status"), KINGUIN_TABLE)
async def test_kinguin_every_error_code_of_the_table(code: int, status: int) -> None:
    body = json.dumps({"code": code, "message": f"recorded message {code}"}).encode()
    with replay_server(Recorded(status, body)) as url:
        client = KinguinClient(url, "key", policy=ONE_TRY)
        try:
            with pytest.raises(ProviderError) as caught:
                await client.get_order("20549751")
        finally:
            await client.aclose()
    error = caught.value
    assert isinstance(error, status_error_class(status))
    assert error.code == str(code) and error.status == status
    assert code in kinguin._HINTS, f"code {code} has no words of its own in the client"
    assert error.message.startswith(kinguin._HINTS[code])
    assert f"recorded message {code}" in error.message


def _openapi_order() -> dict[str, Any]:
    """A PlayerOrder as the OpenAPI describes it, using every entry type, every one of the 51
    result codes, every detail type and every inventory type."""
    schemas = json.loads((FIXTURES / "inventory/player-order-openapi.json").read_text())[
        "components"
    ]["schemas"]
    types = schemas["PlayerOrderEntryType"]["enum"]
    details = schemas["PlayerOrderDetailType"]["enum"]
    inv_types = schemas["InventoryType"]["enum"]
    buckets = schemas["InventoryBucket"]["enum"]
    entries = []
    for i, result in enumerate(schemas["PlayerOrderEntryResult"]["enum"]):
        record = {
            "inventory_id": f"00000000-0000-4000-8000-{i:012d}",
            "type": inv_types[i % len(inv_types)],
            "bucket": buckets[i % len(buckets)],
            "count": i + 1,
            "acquired": "2023-01-23T21:07:02.000000+00:00",
        }
        entries.append(
            {
                "type": types[i % len(types)],
                "quantity": 1,
                "entry_id": f"e{i}",
                "loot_id": i + 1,
                "result": result,
                "details": [
                    {
                        "type": details[i % len(details)],
                        "loot_id": i + 1,
                        "inv_change": {
                            "before_item_id": 1,
                            "after_item_id": 1,
                            "before": {**record, "count": i},
                            "after": record,
                        },
                    }
                ],
            }
        )
    return {
        "order_id": "recorded-1",
        "player_uuid": "5b1c7c0e-0000-4000-8000-000000000001",
        "created_time": "2023-01-23T21:07:02.000000+00:00",
        "source": schemas["Source"]["enum"][-1],
        "is_transaction": False,
        "entries": entries,
    }


async def test_inventory_order_with_every_documented_enum() -> None:
    raw = _openapi_order()
    with replay_server(Recorded(200, json.dumps(raw).encode())) as url:
        client = InventoryClient(url, "token", policy=ONE_TRY)
        try:
            order = await client.get_order(7, "recorded-1")
            listing_answer = {"data": [raw], "page": {"limit": 50, "sort": "desc"}}
        finally:
            await client.aclose()
    assert [e.result for e in order.entries] == [e["result"] for e in raw["entries"]]
    assert [e.type for e in order.entries] == [e["type"] for e in raw["entries"]]
    assert order.order.provider_order_id == "recorded-1"
    # "not_started" is among the codes: the provider is still working on the order
    assert order.pending and order.order.status is OrderStatus.PROCESSING
    changed = [c for e in order.entries for c in e.changes]
    assert changed and all(c.delta == 1 for c in changed)
    # the list answer (PlayerOrdersResponse) parses the same order
    with replay_server(Recorded(200, json.dumps(listing_answer).encode())) as url:
        client = InventoryClient(url, "token", policy=ONE_TRY)
        try:
            page = await client.list_orders(7)
        finally:
            await client.aclose()
    assert [o.order.provider_order_id for o in page.orders] == ["recorded-1"]
