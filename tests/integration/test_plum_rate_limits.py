"""Plum's documented rate limits over real loopback HTTP: the sandbox refuses what Plum refuses
(the (N+1)-th call of each query in a minute, getVouchers' daily quota, the penalty), a refused
placeOrder places and charges nothing, and the console lives within the limits: a purchase that
meets one ends refused (never unknown) and a retry buys exactly once; a sync over more history
pages than the limit completes, by pacing or by waiting out the penalty."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.plum import PlaceOrderRequest, PlumClient
from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
from fulfildesk.sandbox.plum import RATE_LIMITS
from fulfildesk.services.sync import SyncService
from fulfildesk.services.vouchers import VoucherRequest, VoucherService
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault
from helpers.wait import eventually

LIMIT = 2
LIMIT_BODY = {"errors": [{"message": "auth.request_limit_exceeded", "penaltySeconds": 30}]}
HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
VISA = VoucherRequest(product_id=29877, denomination=Decimal("25"), quantity=1)


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    """Every per-minute limit LIMIT, a 30 s penalty (no test waits for it)."""
    config = SandboxConfig(data_dir=tmp_path / "sandbox", kinguin_step=0.05, plum_penalty=30.0)
    for field_name in RATE_LIMITS.values():
        setattr(config, field_name, LIMIT)
    return config


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


def query_body(name: str, n: int) -> dict[str, Any]:
    today = datetime.now(UTC).date()
    data: dict[str, Any] = {
        "placeOrder": {
            "productId": 29877,
            "quantity": 1,
            "denomination": 25,
            "poNumber": f"RL-{n}",
            "notifyReceiverEmail": 0,
            "notifyAdminEmail": 0,
        },
        "getOrderDetails": {"poNumber": "no-such-po"},
        "getOrderHistory": {
            "startDate": (today - timedelta(days=30)).isoformat(),
            "endDate": today.isoformat(),
            "limit": 10,
            "page": 1,
        },
        "getVouchers": {"limit": 5, "page": 1},
        "getBalance": {},
    }[name]
    kind = "query" if name == "getBalance" else "mutation"
    return {"query": f"plumProAPI.{kind}.{name}", "variables": {"data": data}}


def post(url: str, name: str, n: int) -> httpx.Response:
    return httpx.post(f"{url}/v1/oauth/api", json=query_body(name, n), headers=HEADERS)


def plum_orders(sandbox, po_number: str | None = None) -> int:  # type: ignore[no-untyped-def]
    conn = sandbox.sandbox.db.conn
    if po_number is None:
        return conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]
    sql = "SELECT count(*) FROM p_orders WHERE po_number = ?"
    return conn.execute(sql, (po_number,)).fetchone()[0]


@pytest.mark.parametrize("name", list(RATE_LIMITS))
def test_the_call_over_each_limit_is_refused_with_the_documented_body(sandbox, name: str) -> None:  # type: ignore[no-untyped-def]
    url = sandbox.base_url("plum")
    for n in range(LIMIT):
        assert post(url, name, n).status_code != 429
    refused = post(url, name, LIMIT)
    assert refused.status_code == 429
    assert refused.json() == LIMIT_BODY
    # the penalty: that query stays refused, the others are served
    assert post(url, name, LIMIT + 1).status_code == 429
    other = "getBalance" if name != "getBalance" else "getVouchers"
    assert post(url, other, 0).status_code == 200
    plum = sandbox.sandbox.plum
    assert plum.accepted[name] == LIMIT and plum.refused[name] == 2


def test_a_refused_place_order_places_and_charges_nothing(sandbox) -> None:  # type: ignore[no-untyped-def]
    url = sandbox.base_url("plum")
    plum = sandbox.sandbox.plum
    for n in range(LIMIT):
        assert post(url, "placeOrder", n).status_code == 200
    orders, balance = plum_orders(sandbox), plum.balance()
    refused = post(url, "placeOrder", 99)
    assert refused.status_code == 429 and refused.json() == LIMIT_BODY
    assert plum_orders(sandbox) == orders and plum_orders(sandbox, "RL-99") == 0
    assert plum.balance() == balance
    # the poNumber was not taken: nothing answers for it
    details = httpx.post(
        f"{url}/v1/oauth/api",
        json={
            "query": "plumProAPI.mutation.getOrderDetails",
            "variables": {"data": {"poNumber": "RL-99"}},
        },
        headers=HEADERS,
    )
    assert details.status_code == 404 and details.json()["errorId"] == "PLE10016"


def test_the_penalty_passes_and_the_window_starts_empty(sandbox) -> None:  # type: ignore[no-untyped-def]
    url = sandbox.base_url("plum")
    plum = sandbox.sandbox.plum
    plum.config.plum_penalty = 0.3
    for n in range(LIMIT):
        assert post(url, "getBalance", n).status_code == 200
    refused = post(url, "getBalance", 0)
    assert refused.status_code == 429
    penalty = refused.json()["errors"][0]["penaltySeconds"]
    assert 0 < penalty <= 0.3
    eventually(lambda: time.monotonic() >= plum._penalty_until["getBalance"], what="penalty")
    for n in range(LIMIT):  # a fresh window: LIMIT calls again
        assert post(url, "getBalance", n).status_code == 200
    assert post(url, "getBalance", 0).status_code == 429


def test_get_vouchers_daily_quota(sandbox) -> None:  # type: ignore[no-untyped-def]
    url = sandbox.base_url("plum")
    config = sandbox.sandbox.plum.config
    config.plum_vouchers_rate, config.plum_vouchers_daily = 50, 3
    for n in range(3):
        assert post(url, "getVouchers", n).status_code == 200
    refused = post(url, "getVouchers", 3)
    assert refused.status_code == 429
    (error,) = refused.json()["errors"]
    assert error["message"] == "auth.request_limit_exceeded"
    # no per-minute penalty: until the first call of the day leaves the 24 hours
    assert 23 * 3600 < error["penaltySeconds"] <= 24 * 3600


def test_rate_limit_flags_reach_the_sandbox_config() -> None:
    from fulfildesk import cli

    parser = cli.build_parser()
    args = parser.parse_args(
        ["sandbox", "--plum-rate", "placeOrder=5", "--plum-rate", "getBalance=3"]
    )
    assert args.plum_rate == [("placeOrder", 5), ("getBalance", 3)]
    with pytest.raises(SystemExit):
        parser.parse_args(["sandbox", "--plum-rate", "nothing=5"])


# ---------------------------------------------------------------------- the console


def console(sandbox, store: AsyncStore, **client: Any) -> VoucherService:  # type: ignore[no-untyped-def]
    plum = PlumClient(sandbox.base_url("plum"), DEFAULT_TOKEN, **client)
    return VoucherService(plum, store, poll_interval=0.02, min_interval=0)


async def test_a_purchase_that_meets_the_limit_is_refused_and_a_retry_buys_once(
    sandbox,  # type: ignore[no-untyped-def]
    store: AsyncStore,
) -> None:
    plum = sandbox.sandbox.plum
    plum.config.plum_penalty = 1.0
    plum.config.plum_vouchers_rate = plum.config.plum_balance_rate = 50
    # another console on the same account used up this minute's placeOrder calls
    url = sandbox.base_url("plum")
    for n in range(LIMIT):
        assert post(url, "placeOrder", n).status_code == 200
    orders, balance = plum_orders(sandbox), plum.balance()
    # the penalty is longer than this console waits inside a call: it reports, it does not wait
    svc = console(sandbox, store, policy=HttpPolicy(retry_after_cap=0.05, backoff_base=0.01))
    try:
        refused = await svc.buy(VISA)
        assert refused.operation.state is OpState.FAILED, refused.message
        assert not refused.needs_review
        assert "Nothing was placed and nothing was charged" in refused.message
        po = refused.operation.payload["po_number"]
        assert plum_orders(sandbox, po) == 0 and plum_orders(sandbox) == orders
        assert plum.balance() == balance
        events = await store.run(Store.journal_events, refused.operation.operation_id)
        details = [e["detail"] for e in events]
        assert "Plum refused the order" in details
        assert not any("unknown" in d for d in details), details  # refused, never unknown
        # once the penalty has passed, trying again buys exactly once
        eventually(lambda: time.monotonic() >= plum._penalty_until["placeOrder"], what="penalty")
        bought = await svc.buy(VISA)
        assert bought.completed, bought.message
        assert plum_orders(sandbox) == orders + 1
        assert plum_orders(sandbox, bought.operation.payload["po_number"]) == 1
        assert plum_orders(sandbox, po) == 0  # the refused purchase is never placed later
        assert (await svc.resume_all()) == []
        assert plum_orders(sandbox) == orders + 1
    finally:
        await svc.client.aclose()


async def test_a_purchase_waits_out_a_short_penalty_and_buys_once(
    sandbox,  # type: ignore[no-untyped-def]
    store: AsyncStore,
) -> None:
    plum = sandbox.sandbox.plum
    plum.config.plum_penalty = 0.3
    plum.config.plum_vouchers_rate = plum.config.plum_balance_rate = 50
    url = sandbox.base_url("plum")
    for n in range(LIMIT):
        assert post(url, "placeOrder", n).status_code == 200
    orders = plum_orders(sandbox)
    svc = console(sandbox, store, policy=HttpPolicy(backoff_base=0.01))
    try:
        bought = await svc.buy(VISA)
        assert bought.completed, bought.message
        assert plum.refused["placeOrder"] >= 1  # it met the limit and waited
        assert plum_orders(sandbox) == orders + 1
        assert plum_orders(sandbox, bought.operation.payload["po_number"]) == 1
    finally:
        await svc.client.aclose()


async def test_the_client_paces_place_order_within_the_limit(sandbox) -> None:  # type: ignore[no-untyped-def]
    plum = sandbox.sandbox.plum
    plum.config.plum_rate_window = 0.5
    client = PlumClient(
        sandbox.base_url("plum"), DEFAULT_TOKEN, rate_limits={"placeOrder": LIMIT}, rate_window=0.5
    )
    try:
        for n in range(3 * LIMIT):
            await client.place_order(
                PlaceOrderRequest(29877, 1, Decimal(10), po_number=f"PACED-{n}")
            )
    finally:
        await client.aclose()
    assert plum.refused["placeOrder"] == 0  # paced: never over the limit
    assert plum.accepted["placeOrder"] == 3 * LIMIT
    assert client.pacer.waited.get("placeOrder", 0) > 0


def test_place_order_pacing_defaults_to_the_stricter_figure() -> None:
    from fulfildesk.providers.plum import RATE_LIMITS as CLIENT_LIMITS

    assert CLIENT_LIMITS["placeOrder"] == 20 == SandboxConfig().plum_place_rate
    assert CLIENT_LIMITS == {
        name: getattr(SandboxConfig(), field_name) for name, field_name in RATE_LIMITS.items()
    }


# ---------------------------------------------------------------------- sync


def sandbox_history(sandbox) -> int:  # type: ignore[no-untyped-def]
    start = (datetime.now(UTC).date() - timedelta(days=365)).isoformat()
    sql = "SELECT count(*) FROM p_orders WHERE substr(created_at, 1, 10) >= ?"
    return sandbox.sandbox.db.conn.execute(sql, (start,)).fetchone()[0]


@pytest.mark.parametrize("paced", [False, True], ids=["waits", "paces"])
async def test_a_sync_over_more_pages_than_the_limit_completes(
    sandbox,  # type: ignore[no-untyped-def]
    store: AsyncStore,
    paced: bool,
) -> None:
    plum = sandbox.sandbox.plum
    # orders over the year, several history windows apart (placed, then dated back)
    url = sandbox.base_url("plum")
    plum.config.plum_place_rate = 50
    today = datetime.now(UTC)
    for n in range(6):
        assert post(url, "placeOrder", n).status_code == 200
        with plum.db.conn as conn:
            conn.execute(
                "UPDATE p_orders SET created_at = ? WHERE po_number = ?",
                ((today - timedelta(days=40 * n)).isoformat(), f"RL-{n}"),
            )
    plum.config.plum_history_rate = 3
    plum.config.plum_penalty = 0.2
    extra: dict[str, Any] = {}
    if paced:  # the client knows the limit: it never meets it
        plum.config.plum_rate_window = 0.5
        extra = {"rate_limits": {"getOrderHistory": 3, "getOrderDetails": LIMIT}}
        extra["rate_window"] = 0.5
    client = PlumClient(
        sandbox.base_url("plum"), DEFAULT_TOKEN, policy=HttpPolicy(backoff_base=0.01), **extra
    )
    try:
        report = (await SyncService(store, plum=client).run(["plum"]))["plum"]
    finally:
        await client.aclose()
    assert not report.failed and not report.errors, report
    assert report.pages > 3  # more history pages than the limit allows in a window
    cached = await store.run(lambda s: s.count_orders("plum"))
    assert cached == sandbox_history(sandbox) >= 6  # no order lost
    if paced:
        assert plum.refused["getOrderHistory"] == 0
    else:
        assert plum.refused["getOrderHistory"] >= 1  # it met the limit and waited


# ---------------------------------------------------------------------- catalogue


async def test_the_catalogue_is_fetched_once_per_ttl_and_shared_by_processes(
    sandbox,  # type: ignore[no-untyped-def]
    store: AsyncStore,
    tmp_path: Path,
) -> None:
    plum = sandbox.sandbox.plum
    plum.config.plum_vouchers_rate = 50
    saved = tmp_path / "data" / "plum-catalogue.json"
    first = console(sandbox, store)
    second = console(sandbox, store)  # another window or a CLI buy on the same data directory
    first.catalogue_path = second.catalogue_path = saved
    try:
        products = await first.products()
        calls = plum.accepted["getVouchers"]
        assert calls == 2 and len(products) == 130  # two pages of 100
        for _ in range(5):  # every form open
            assert await first.products() == products
        assert await second.products() == products  # from the data directory's copy
        assert plum.accepted["getVouchers"] == calls
        second.catalogue_ttl = 0.0  # its time is up: fetched again, once
        assert await second.products() == products
        assert plum.accepted["getVouchers"] == 2 * calls
    finally:
        await first.client.aclose()
        await second.client.aclose()
