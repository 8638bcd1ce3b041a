"""The sandbox's fault injection (sandbox/faults.py) on the wire: each fault does what
docs/sandbox.md says, before or after the provider acted; and Kinguin's current API, whose
purchases settle every fault by their orderExternalId; an oversize answer to a purchase is
settled by lookup (both generations)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from fulfildesk.domain.models import KeyLine
from fulfildesk.providers.errors import ProviderError
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.kinguin import KinguinClient, OrderQuery
from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
from fulfildesk.sandbox.faults import FaultSpecError, endpoint_of, parse_spec
from fulfildesk.sandbox.server import RunningSandbox, start_in_thread

KINGUIN = {"api-ecommerce-auth": DEFAULT_TOKEN}
ORDER = {"products": [{"kinguinId": 5, "qty": 1, "price": 3.59}]}


@pytest.fixture
def running(tmp_path: Path) -> Iterator[RunningSandbox]:
    sandbox = start_in_thread(
        SandboxConfig(
            data_dir=tmp_path / "sandbox",
            demo_history=False,
            kinguin_step=0.05,
            kinguin_current_key_step=0.05,
            faults_seed=3,
        )
    )
    yield sandbox
    sandbox.stop()


def kinguin_orders(url: str) -> list[dict]:  # type: ignore[type-arg]
    answer = httpx.get(f"{url}/kinguin/v1/order", headers=KINGUIN, params={"limit": 100})
    answer.raise_for_status()
    return answer.json()["results"]


def test_spec_grammar_and_endpoint_names() -> None:
    rules = parse_spec(
        "kinguin:place:after-5xx:0.3, plum:placeOrder:garbage-2xx:0.2,*:*:latency=200ms"
    )
    assert [(r.provider, r.endpoint, r.fault, r.value, r.probability) for r in rules] == [
        ("kinguin", "place", "after-5xx", None, 0.3),
        ("plum", "placeOrder", "garbage-2xx", None, 0.2),
        ("*", "*", "latency", 0.2, 1.0),
    ]
    for bad in ("kinguin:place", "nobody:*:reset", "*:*:explode", "*:*:reset:2", "*:*:latency=x"):
        with pytest.raises(FaultSpecError):
            parse_spec(bad)
    body = json.dumps({"query": "plumProAPI.mutation.placeOrder"}).encode()
    assert endpoint_of("POST", "/plum/v1/oauth/api", body) == ("plum", ("placeOrder", "place"))
    assert endpoint_of("POST", "/kinguin/v1/order", b"") == (
        "kinguin-v1",
        ("place", "order-create"),
    )
    assert endpoint_of("GET", "/kinguin-current/v2/order/AB/keys", b"")[1] == ("keys",)
    assert endpoint_of("POST", "/powerplugin/orders/p1/reservation", b"")[1][0] == "place"
    assert endpoint_of("POST", "/inventory/inventory/v2/player/u/order", b"")[1][0] == "place"
    assert endpoint_of("GET", "/", b"") is None


def test_the_cli_refuses_a_malformed_spec(capsys: pytest.CaptureFixture[str]) -> None:
    from fulfildesk.cli import main

    with pytest.raises(SystemExit) as info:
        main(["sandbox", "--faults", "kinguin:place:explode"])
    assert info.value.code == 2
    assert "unknown fault 'explode'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "fault,acted,status",
    [
        ("before-5xx", False, 503),
        ("after-5xx", True, 500),
        ("429=7", False, 429),
        ("html-2xx", True, 200),
        ("garbage-2xx", True, 200),
        ("truncated", True, 201),
    ],
)
def test_each_fault_before_or_after_the_action(
    running: RunningSandbox, fault: str, acted: bool, status: int
) -> None:
    running.sandbox.faults.set(f"kinguin-v1:place:{fault}")
    answer = httpx.post(f"{running.url}/kinguin/v1/order", json=ORDER, headers=KINGUIN)
    assert answer.status_code == status
    if fault.startswith("429"):
        assert answer.headers["retry-after"] == "7"
    if status == 200:
        with pytest.raises(ValueError):
            answer.json()
    if fault == "truncated":
        with pytest.raises(ValueError):
            json.loads(answer.content)
    running.sandbox.faults.set("")
    assert len(kinguin_orders(running.url)) == (1 if acted else 0)


def test_reset_drops_the_connection_mid_body_after_the_action(running: RunningSandbox) -> None:
    running.sandbox.faults.set("kinguin:place:reset")
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(f"{running.url}/kinguin/v1/order", json=ORDER, headers=KINGUIN)
    running.sandbox.faults.set("")
    assert len(kinguin_orders(running.url)) == 1


def test_plum_429_carries_penalty_seconds(running: RunningSandbox) -> None:
    running.sandbox.faults.set("plum:placeOrder:429=90")
    body = {"query": "plumProAPI.mutation.placeOrder", "variables": {"data": {}}}
    answer = httpx.post(
        f"{running.url}/plum/v1/oauth/api",
        json=body,
        headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"},
    )
    assert answer.status_code == 429 and answer.headers["retry-after"] == "90"
    assert answer.json()["errors"][0]["penaltySeconds"] == 90


def test_stuck_202_never_finishes(running: RunningSandbox) -> None:
    running.sandbox.faults.set("inventory:place:stuck-202")
    order = {
        "source": "SUPPORT",
        "order_id": "stuck-1",
        "entries": [{"type": "fill_loot", "loot_id": 5, "quantity": 1}],
    }
    headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
    url = f"{running.url}/inventory/inventory/v1/player/9/order"
    answer = httpx.post(url, json=order, headers=headers)
    assert answer.status_code == 202
    running.sandbox.faults.set("")
    running.sandbox.inventory.finish_overdue()  # what a restart does: still not finished
    again = httpx.get(f"{url}/stuck-1", headers=headers).json()
    assert [e["result"] for e in again["entries"]] == ["not_started"]


@pytest.mark.parametrize(
    "fault",
    [
        "before-5xx",
        "after-5xx",
        "reset",
        "truncated",
        "html-2xx",
        "garbage-2xx",
        "429=0.01",
        "oversize=0.25",
    ],
)
async def test_kinguin_current_settles_every_fault_by_its_external_id(
    running: RunningSandbox, fault: str
) -> None:
    """The current API's recovery path under each fault: place with an orderExternalId; when
    the answer is lost or unreadable, the lookup by that id finds the one order or none."""
    running.sandbox.faults.set(f"kinguin-current:place:{fault}")
    client = KinguinClient(
        f"{running.url}/kinguin-current",
        DEFAULT_TOKEN,
        api="current",
        policy=HttpPolicy(
            max_attempts=2, backoff_base=0.01, backoff_cap=0.02, max_response_bytes=64 * 1024
        ),
    )
    line = KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"))
    try:
        placed: set[str] = set()
        for n in range(3):
            reference = f"FM-{fault}-{n}"
            try:
                placed.add((await client.create_order([line], reference)).order_id)
            except ProviderError as exc:
                found = await client.find_by_external_id(reference)
                if exc.outcome_unknown and found is not None:
                    placed.add(found.order_id)
                else:
                    assert found is None, f"{reference}: refused ({exc}) but an order exists"
        running.sandbox.faults.set("")
        listing = await client.list_orders(OrderQuery(limit=100))
        on_provider = {o.provider_order_id for o in listing.orders}
        assert on_provider == placed  # no orphan, no duplicate
    finally:
        await client.aclose()


@pytest.mark.parametrize("api", ["v1", "current"])
async def test_an_oversize_answer_to_a_purchase_is_settled_by_lookup(
    running: RunningSandbox, tmp_path: Path, api: str
) -> None:
    """`oversize` after the order was created: the client stops reading at its cap
    (ResponseTooLarge, outcome unknown), the key service looks the order up and adopts it: one
    order, its keys kept."""
    from fulfildesk.services.keys import KeyPurchaseService
    from fulfildesk.store.db import AsyncStore, Store
    from fulfildesk.store.vault import Vault

    mount = "kinguin" if api == "v1" else "kinguin-current"
    running.sandbox.faults.set(f"{'kinguin-v1' if api == 'v1' else mount}:place:oversize=1")
    client = KinguinClient(
        f"{running.url}/{mount}",
        DEFAULT_TOKEN,
        api=api,  # type: ignore[arg-type]
        policy=HttpPolicy(max_response_bytes=256 * 1024),
    )
    store = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    service = KeyPurchaseService(
        client, store, poll_interval=0.05, ready_timeout=10, reconcile_backoff=0.01
    )
    try:
        line = KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"))
        outcome = await service.buy([line])
        assert outcome.completed, outcome.message
        assert (
            running.sandbox.faults.injected.get(
                f"{mount if api == 'current' else 'kinguin-v1'}:place:oversize"
            )
            == 1
        )
        history = [
            e["detail"]
            for e in await store.run(Store.journal_events, outcome.operation.operation_id)
        ]
        assert any("outcome was unknown" in d for d in history), history
        running.sandbox.faults.set("")
        listing = await client.list_orders(OrderQuery(limit=100))
        assert {o.provider_order_id for o in listing.orders} == {
            outcome.operation.provider_order_id
        }
        assert len(outcome.keys) == 1
    finally:
        await client.aclose()
        store.close()
