"""Physical goods: the sandbox's state machine over loopback, the client, the shipping service."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from fulfildesk.providers.errors import AuthenticationError, NotFoundError, RequestRejected
from fulfildesk.providers.powerplugin import Address, PowerPluginClient, merge
from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT, SEED_PLAYER, SEED_PRODUCT
from fulfildesk.services.shipping import (
    ReservationRequest,
    ShippingService,
    address_problems,
    details_problems,
    tracking_problem,
)
from fulfildesk.store.db import AsyncStore, Store, ts_precise
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault

HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"
FIGURINE = "4e9a1c3b-7d52-4b8e-a1f0-2c3d4e5f6a72"  # 2 in stock per establishment
FREE = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c54"
ADDRESS = Address(
    recipient_name="Ana Torres",
    address_line1="Gran Vía 1",
    postal_code="28013",
    country="ES",
    city="Madrid",
)


@pytest.fixture
async def client(sandbox):  # type: ignore[no-untyped-def]
    c = PowerPluginClient(sandbox.base_url("powerplugin"), "sandbox-token")
    yield c
    await c.aclose()


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


def test_seed_example_request_runs_unchanged(sandbox) -> None:  # type: ignore[no-untyped-def]
    answer = httpx.post(
        f"{sandbox.base_url('powerplugin')}/orders/{SEED_PLAYER}/reservation",
        headers={"Authorization": "Bearer sandbox-token"},
        json={
            "productId": SEED_PRODUCT,
            "establishmentId": SEED_ESTABLISHMENT,
            "email": "user@user.com",
            "quantity": 1,
        },
    )
    assert answer.status_code == 200
    body = answer.json()
    for field in (
        "operationId",
        "orderType",
        "orderStatus",
        "orderDisplayStatus",
        "value",
        "reference",
        "playerId",
        "productId",
        "playerEmail",
        "playerName",
        "establishmentId",
        "establishmentName",
        "establishmentImage",
        "establishmentThumbnailUrl",
        "transactionId",
        "address",
        "country",
        "postalCode",
        "city",
        "date",
        "trackToken",
        "trackUrl",
    ):
        assert field in body, field
    assert body["orderType"] == "Reservation" and body["orderStatus"] == "Pending"
    assert body["establishmentName"] == "User Establishment"
    assert body["trackUrl"].startswith("https://app.thepowerplugin.com/delivery?token=")
    assert body["reference"].startswith("PROV-REF-")


async def test_the_whole_life_of_an_order(client: PowerPluginClient) -> None:
    player = "player-life"
    reserved = await client.reserve(player, HOODIE, SEED_ESTABLISHMENT, email="a@example.com")
    tx = reserved.transaction_id
    assert reserved.stage == "reserved" and reserved.order.status.value == "reserved"
    message = await client.update_details(
        player, tx, {"city": "Madrid", "country": "ES", "postalCode": "28013"}
    )
    assert message == "Order details updated successfully"
    shipped = await client.send(player, tx, ADDRESS)
    assert shipped.stage == "to_track" and shipped.order.status.value == "shipped"
    tracked = await client.track(player, tx, "1Z999AA10123456784")
    assert tracked.stage == "in_transit" and tracked.tracking_number == "1Z999AA10123456784"
    done = await client.complete(player, tx)
    assert done.stage == "delivered" and done.order.status.value == "completed"
    refunded = await client.cancel_acquisition(player, tx, refund=True)
    assert refunded.stage == "refunded"
    [merged] = [s for s in await client.player_orders(player) if s.transaction_id == tx]
    assert merged.stage == "refunded" and merged.city == "Madrid"
    assert (await client.transaction(player, tx)).stage == "refunded"


@pytest.mark.parametrize(
    "step,message",
    [
        ("ship_cancelled", "cancelled"),
        ("track_unsent", "never sent"),
        ("complete_twice", "already completed"),
        ("refund_free", "nothing was paid"),
        ("ship_twice", "already sent"),
        ("cancel_reservation_twice", "only a pending reservation"),
        ("cancel_acquisition_twice", "already cancelled"),
        ("reserve_twice", "already exists"),
        ("send_without_address", "Missing or invalid address"),
        ("send_bad_postal_code", "not a valid postal code"),
        ("track_without_number", "trackingNumber is required"),
        ("details_on_refunded", "refunded"),
    ],
)
async def test_refused_transitions(client: PowerPluginClient, step: str, message: str) -> None:
    player = f"p-{step}"
    product = FREE if step == "refund_free" else HOODIE
    order = await client.reserve(player, product, SEED_ESTABLISHMENT)
    tx = order.transaction_id
    with pytest.raises(RequestRejected) as info:
        if step == "ship_cancelled":
            await client.cancel_reservation(player, tx)
            await client.send(player, tx, ADDRESS)
        elif step == "track_unsent":
            await client.track(player, tx, "TRACK12345")
        elif step == "complete_twice":
            await client.send(player, tx, ADDRESS)
            await client.complete(player, tx)
            await client.complete(player, tx)
        elif step == "refund_free":
            await client.send(player, tx, ADDRESS)
            await client.cancel_acquisition(player, tx, refund=True)
        elif step == "ship_twice":
            await client.send(player, tx, ADDRESS)
            await client.send(player, tx, ADDRESS)
        elif step == "cancel_reservation_twice":
            await client.cancel_reservation(player, tx)
            await client.cancel_reservation(player, tx)
        elif step == "cancel_acquisition_twice":
            await client.send(player, tx, ADDRESS)
            await client.cancel_acquisition(player, tx, refund=False)
            await client.cancel_acquisition(player, tx, refund=False)
        elif step == "reserve_twice":
            await client.reserve(player, product, SEED_ESTABLISHMENT)
        elif step == "send_without_address":
            await client.send(player, tx, Address("", "", "", ""))
        elif step == "send_bad_postal_code":
            await client.send(player, tx, Address("Ana", "Calle 1", "ABC", "ES"))
        elif step == "track_without_number":
            await client.send(player, tx, ADDRESS)
            await client.track(player, tx, "")
        elif step == "details_on_refunded":
            await client.send(player, tx, ADDRESS)
            await client.cancel_acquisition(player, tx, refund=True)
            await client.update_details(player, tx, {"city": "Paris"})
    assert info.value.status == 400
    assert message in info.value.message


NORTH = "7f0e3c52-1d1b-4d4e-9f6b-2f3a8d1c9b10"  # untouched by the demo history


async def test_stock_is_held_and_freed(client: PowerPluginClient) -> None:
    first = await client.reserve("stock-1", FIGURINE, NORTH, quantity=2)
    with pytest.raises(RequestRejected) as info:
        await client.reserve("stock-2", FIGURINE, NORTH)
    assert "Not enough stock" in info.value.message and "quantity" in info.value.field_errors
    await client.cancel_reservation("stock-1", first.transaction_id)
    again = await client.reserve("stock-2", FIGURINE, NORTH)
    assert again.stage == "reserved"


async def test_errors_422_404_401(client: PowerPluginClient, sandbox) -> None:  # type: ignore[no-untyped-def]
    order = await client.reserve("errs", HOODIE, SEED_ESTABLISHMENT)
    with pytest.raises(RequestRejected) as invalid:
        await client.update_details("errs", order.transaction_id, {"email": "nope"})
    assert invalid.value.status == 422 and "email" in invalid.value.field_errors
    with pytest.raises(RequestRejected) as country:
        await client.update_details("errs", order.transaction_id, {"country": "Narnia"})
    assert country.value.status == 422 and "country" in country.value.field_errors
    with pytest.raises(NotFoundError):
        await client.update_details("errs", "no-such-transaction", {"city": "Paris"})
    with pytest.raises(RequestRejected) as bad_payload:
        await client.reserve("errs", "", SEED_ESTABLISHMENT)
    assert "product" in bad_payload.value.field_errors
    bad = PowerPluginClient(sandbox.base_url("powerplugin"), "wrong")
    with pytest.raises(AuthenticationError):
        await bad.player_orders("errs")
    await bad.aclose()


async def test_demo_players_have_orders_in_every_state(client: PowerPluginClient) -> None:
    stages = set()
    for player in (
        SEED_PLAYER,
        "8a7d3f2e-6c1b-4e9a-b5d4-3c2b1a0f9e87",
        "5c4b3a29-1e0f-4d8c-9b7a-6f5e4d3c2b11",
    ):
        stages |= {s.stage for s in await client.player_orders(player)}
    assert {"reserved", "to_track", "in_transit", "delivered", "refunded"} <= stages


def test_newer_reservation_shape_is_read() -> None:
    [shipment] = merge(
        [
            {
                "operationId": "op",
                "orderType": "Reservation",
                "orderStatus": "Pending",
                "value": "19.90",
                "playerId": "p",
                "productId": "x",
                "firstName": "Ana",
                "lastName": "Torres",
                "province": "Madrid",
                "transactionId": "tx",
                "address": None,
                "postalCode": 28013,
                "date": "2025-04-11T12:42:39.469Z",
            }
        ]
    )
    assert shipment.player_name == "Ana Torres" and shipment.postal_code == "28013"
    assert shipment.order.total is not None and str(shipment.order.total.amount) == "19.90"


def test_form_rules() -> None:
    assert set(address_problems(Address("", "", "1", "Narnia"))) == {
        "recipient",
        "address",
        "country",
        "postal_code",
    }
    assert "postal_code" in address_problems(Address("A", "B", "1234", "US"))
    assert not address_problems(Address("A", "B", "SW1A 1AA", "GB"))
    assert not address_problems(Address("A", "B", "10115", "Germany"))
    assert "email" in details_problems({"email": "x"})
    assert "form" in details_problems({"email": ""})
    assert tracking_problem("") and tracking_problem("a b") and not tracking_problem("1Z999AA1")


async def test_service_reserves_once_and_keeps_history(sandbox, store: AsyncStore) -> None:  # type: ignore[no-untyped-def]
    client = PowerPluginClient(sandbox.base_url("powerplugin"), "sandbox-token")
    svc = ShippingService(client, store, operator="maria")
    outcome = await svc.reserve(ReservationRequest("hist", HOODIE, SEED_ESTABLISHMENT))
    assert outcome.completed and outcome.shipment is not None
    shipment = outcome.shipment
    shipment = await svc.ship(shipment, ADDRESS)
    shipment = await svc.track(shipment, "TRACK-0001")
    await svc.complete(shipment)
    events = await svc.history(shipment.transaction_id)
    assert [e["action"] for e in events] == [
        "Reserved",
        "Shipped",
        "Tracking added",
        "Acquisition completed",
    ]
    assert all(e["operator"] == "maria" for e in events)
    cached = await store.run(lambda s: s.get_order("powerplugin", shipment.transaction_id))
    assert cached is not None and cached.status.value == "completed"
    with pytest.raises(ValueError, match="postal code"):
        await svc.ship(shipment, Address("A", "B", "XYZ", "ES"))
    await client.aclose()


async def test_lost_reservation_answer_is_found_not_repeated(
    sandbox,
    store: AsyncStore,  # type: ignore[no-untyped-def]
) -> None:
    client = PowerPluginClient(sandbox.base_url("powerplugin"), "sandbox-token")
    svc = ShippingService(client, store)
    request = ReservationRequest("lost", HOODIE, SEED_ESTABLISHMENT)
    op = await store.run(lambda s: s.journal_create("powerplugin", "reserve", {**request.__dict__}))
    await store.run(
        lambda s: s.journal_transition(op.operation_id, OpState.SENDING, sent_at=ts_precise())
    )
    made = await client.reserve("lost", HOODIE, SEED_ESTABLISHMENT)  # the answer was lost
    [outcome] = await svc.resume_all()
    assert outcome.completed
    assert outcome.operation.provider_order_id == made.transaction_id
    reservations = [s for s in await client.player_orders("lost") if s.stage == "reserved"]
    assert len(reservations) == 1
    await client.aclose()
