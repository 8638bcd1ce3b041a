"""The inventory wire format against the provider's published OpenAPI, and error shapes."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from fulfildesk.domain.models import OrderStatus
from fulfildesk.providers import inventory
from fulfildesk.providers.errors import AuthenticationError, NotFoundError, RequestRejected
from fulfildesk.services.inventory import EntryDraft, InventoryOrderDraft

OPENAPI = json.loads(
    (
        Path(__file__).resolve().parents[1] / "fixtures" / "inventory" / "player-order-openapi.json"
    ).read_text()
)
SCHEMAS = OPENAPI["components"]["schemas"]


def response(status: int, body: object) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        request=httpx.Request("POST", "https://inv.test/x"),
    )


def test_every_documented_result_code_has_words() -> None:
    codes = SCHEMAS["PlayerOrderEntryResult"]["enum"]
    assert len(codes) == 51
    assert set(codes) <= set(inventory.RESULT_TEXT)
    assert all(inventory.result_text(code) != f"The provider reported '{code}'." for code in codes)


def test_entry_types_sources_and_operations_match_the_openapi() -> None:
    assert set(inventory.ENTRY_TYPES) == set(SCHEMAS["PlayerOrderEntryType"]["enum"])
    assert set(inventory.SOURCES) == set(SCHEMAS["Source"]["enum"])
    assert set(inventory.OPERATIONS) == set(SCHEMAS["InventoryOperation"]["enum"])


def test_request_models_carry_every_field_of_the_request_schema() -> None:
    order_fields = set(SCHEMAS["PlayerOrderCreate-Input"]["properties"])
    entry_fields = set(SCHEMAS["PlayerOrderEntryCreate-Input"]["properties"])
    assert order_fields <= set(inventory.OrderCreateWire.model_fields)
    assert entry_fields <= set(inventory.EntryCreateWire.model_fields)


def test_map_a_partly_failed_order_with_inventory_changes() -> None:
    raw = {
        "order_id": "o-1",
        "player_uuid": "5b1c7c0e-0000-4000-8000-000000000001",
        "created_time": "2026-11-23T10:00:00.000000Z",
        "is_transaction": False,
        "client_order_ref_id": "2c7f5b44-2f6c-4bb8-9b0e-2f6ae7a3b1d1",
        "entries": [
            {
                "type": "purchase_loot",
                "loot_id": 3,
                "quantity": 1,
                "entry_id": "e0",
                "result": "success",
                "details": [
                    {
                        "type": "inventory_change",
                        "loot_id": 3,
                        "inv_change": {
                            "before_item_id": 1,
                            "after_item_id": 1,
                            "before": {
                                "inventory_id": "a",
                                "type": "persistent",
                                "count": 1000,
                                "acquired": "2026-01-01T00:00:00Z",
                            },
                            "after": {
                                "inventory_id": "a",
                                "type": "persistent",
                                "count": 850,
                                "acquired": "2026-01-01T00:00:00Z",
                            },
                        },
                    },
                    {"type": "claim_promo_code", "loot_id": 3},
                ],
            },
            {
                "type": "fill_loot",
                "loot_id": 999999,
                "quantity": 1,
                "entry_id": "e1",
                "result": "loot_not_found",
                "details": [],
            },
        ],
    }
    result = inventory.map_order(raw, 7)
    assert result.order.status is OrderStatus.COMPLETED
    assert result.order.provider_status == "partial"
    assert result.order.player_id == "7" and result.order.reference.startswith("2c7f")
    first, second = result.entries
    assert first.changes[0].before == 1000 and first.changes[0].after == 850
    assert first.changes[0].delta == -150 and first.notes == ["claim promo code"]
    assert second.result_text == "No loot with this id exists."
    assert not result.pending
    assert inventory.entries_from_order(result.order)[1].result == "loot_not_found"


def test_not_started_entries_mean_pending() -> None:
    raw = {
        "order_id": "o",
        "entries": [{"type": "fill_loot", "quantity": 1, "result": "not_started"}],
    }
    result = inventory.map_order(raw, 1)
    assert result.pending and result.order.status is OrderStatus.PROCESSING


def test_422_names_the_field_and_403_is_authentication() -> None:
    error = inventory.parse_error(
        response(
            422,
            {
                "detail": [
                    {
                        "loc": ["body", "entries", 1, "quantity"],
                        "msg": "Input should be greater than or equal to 1",
                        "type": "greater_than_equal",
                    }
                ]
            },
        )
    )
    assert isinstance(error, RequestRejected)
    assert error.field_errors == {
        "entries.1.quantity": "Input should be greater than or equal to 1"
    }
    forbidden = inventory.parse_error(
        response(403, {"auth_success": False, "error_code": "invalid_token", "desc": "bad"})
    )
    assert isinstance(forbidden, AuthenticationError) and "Settings" in forbidden.user_message
    missing = inventory.parse_error(
        response(404, {"auth_success": True, "error_code": "order_not_found", "desc": "nope"})
    )
    assert isinstance(missing, NotFoundError)


@pytest.mark.parametrize(
    "entry,field",
    [
        (EntryDraft(type="fill_loot"), "entries.0.loot_id"),
        (EntryDraft(type="purchase_loot", loot_id=3), "entries.0.price_item_id"),
        (EntryDraft(type="promotion_code"), "entries.0.external_tran_id"),
        (EntryDraft(type="create_new_persistent_inventory"), "entries.0.item_id"),
        (EntryDraft(type="update_inventory", inventory_id="not-a-uuid"), "entries.0.inventory_id"),
        (EntryDraft(type="fill_loot", loot_id=1, quantity=0), "entries.0.quantity"),
    ],
)
def test_drafts_are_checked_field_by_field(entry: EntryDraft, field: str) -> None:
    problems = InventoryOrderDraft(player_id=7, entries=[entry]).problems()
    assert field in problems


def test_draft_wire_sends_only_the_fields_of_its_type() -> None:
    draft = InventoryOrderDraft(
        player_id=7,
        is_transaction=True,
        entries=[
            EntryDraft(
                type="purchase_loot",
                loot_id=3,
                price_item_id=1,
                price=150,
                external_tran_id="ignored",
                item_id=9,
            )
        ],
    )
    body = draft.wire("order-1", "ref-1").model_dump(mode="json", exclude_none=True)
    entry = body["entries"][0]
    assert entry["purchase_price"] == {"currencies": [{"price_item_id": 1, "price": 150}]}
    assert "external_tran_id" not in entry and "item_id" not in entry
    assert body["order_id"] == "order-1" and body["is_transaction"] is True
    assert InventoryOrderDraft(player_id=0).problems().keys() >= {"player_id", "entries"}
