"""Plum's catalogue rules and balance, against the real sandbox over loopback HTTP (issue 10):
a charge above the balance is refused before anything is recorded or sent (service and CLI),
open-value amounts stay within the product's min/max, per-product quantity limits hold, and a
delayed-delivery product ends pending until a later lookup or sync fills its code in."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk.domain.validation import FieldProblems
from fulfildesk.providers.errors import ProviderError
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.plum import PlaceOrderRequest, PlumClient
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.services.sync import SyncService
from fulfildesk.services.vouchers import VoucherRequest, VoucherService
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault

OPEN_VALUE, LIMITED, DELAYED, VISA = 33000, 33100, 33200, 29877
POLICY = HttpPolicy(read_timeout=10, placement_read_timeout=10, backoff_base=0.01)


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    return SandboxConfig(data_dir=tmp_path / "sandbox", demo_history=False, plum_balance="100.00")


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


@pytest.fixture
async def svc(sandbox, store: AsyncStore):  # type: ignore[no-untyped-def]
    client = PlumClient(sandbox.base_url("plum"), "sandbox-token", policy=POLICY)
    yield VoucherService(client, store, poll_interval=0.02, min_interval=0)
    await client.aclose()


def plum_orders(sandbox) -> int:  # type: ignore[no-untyped-def]
    return sandbox.sandbox.db.conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]


def balance_calls(sandbox) -> int:  # type: ignore[no-untyped-def]
    return len(sandbox.sandbox.plum._balance_calls)


async def test_the_sandbox_serves_one_product_of_each_kind(svc: VoucherService) -> None:
    products = {p.product_id: p for p in await svc.products()}
    assert products[OPEN_VALUE].open_value
    assert (products[OPEN_VALUE].min_value, products[OPEN_VALUE].max_value) == (5, 500)
    assert products[LIMITED].order_quantity_limit == 2
    assert products[DELAYED].delayed and not products[VISA].delayed


async def test_a_charge_above_the_balance_is_refused_before_anything_is_sent(
    sandbox,
    svc: VoucherService,
    store: AsyncStore,  # type: ignore[no-untyped-def]
) -> None:
    # 100 USD in the account: 3 x 50 USD is 150
    with pytest.raises(FieldProblems) as refused:
        await svc.buy(VoucherRequest(product_id=VISA, denomination=Decimal(50), quantity=3))
    message = refused.value.field_errors["balance"]
    assert "150.00 USD" in message and "100.00 USD" in message and "top up" in message
    assert plum_orders(sandbox) == 0
    assert await store.run(Store.journal_list) == []  # nothing recorded either
    # within the balance: bought, and the cached balance follows the charge (no new call)
    calls = balance_calls(sandbox)
    bought = await svc.buy(VoucherRequest(product_id=VISA, denomination=Decimal(50)))
    assert bought.completed, bought.message
    assert (await svc.balance()).amount == Decimal("50.00")
    assert balance_calls(sandbox) == calls
    with pytest.raises(FieldProblems, match=r"holds 50\.00 USD"):
        await svc.buy(VoucherRequest(product_id=VISA, denomination=Decimal(100)))
    assert plum_orders(sandbox) == 1


async def test_open_value_amount_within_the_products_bounds(sandbox, svc: VoucherService) -> None:  # type: ignore[no-untyped-def]
    for amount, words in (("501", "from 5 to 500 USD"), ("4", "from 5 to 500"), ("7.5", "whole")):
        with pytest.raises(FieldProblems, match=words) as refused:
            await svc.buy(VoucherRequest(product_id=OPEN_VALUE, denomination=Decimal(amount)))
        assert set(refused.value.field_errors) == {"denomination"}
    assert plum_orders(sandbox) == 0
    bought = await svc.buy(VoucherRequest(product_id=OPEN_VALUE, denomination=Decimal(37)))
    assert bought.completed, bought.message
    assert [v.amount for v in bought.vouchers] == [Decimal(37)]
    # the provider refuses an amount outside the bounds too (not only the console)
    with pytest.raises(ProviderError) as plum_says:
        await svc.client.place_order(
            PlaceOrderRequest(OPEN_VALUE, 1, Decimal(501), po_number="FD-OUT-OF-BOUNDS")
        )
    assert plum_says.value.code == "PLE10018"


async def test_per_product_quantity_limit(sandbox, svc: VoucherService) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FieldProblems, match="at most 2 of this product") as refused:
        await svc.buy(VoucherRequest(product_id=LIMITED, denomination=Decimal(25), quantity=3))
    assert set(refused.value.field_errors) == {"quantity"}
    assert plum_orders(sandbox) == 0
    ok = await svc.buy(VoucherRequest(product_id=LIMITED, denomination=Decimal(25), quantity=2))
    assert ok.completed and len(ok.vouchers) == 2
    with pytest.raises(ProviderError) as plum_says:  # and the provider holds the limit too
        await svc.client.place_order(
            PlaceOrderRequest(LIMITED, 3, Decimal(25), po_number="FD-OVER-THE-LIMIT")
        )
    assert plum_says.value.code == "PLE10001"
    assert plum_orders(sandbox) == 1


async def test_delayed_delivery_ends_pending_then_a_lookup_fills_the_code_in(
    sandbox,
    svc: VoucherService,
    store: AsyncStore,  # type: ignore[no-untyped-def]
) -> None:
    outcome = await svc.buy(VoucherRequest(product_id=DELAYED, denomination=Decimal(25)))
    assert outcome.operation.state is OpState.PLACED and svc.pending_delivery(outcome)
    assert "delivered later" in outcome.message and "code arrives later" in outcome.message
    assert outcome.vouchers == []
    order_id = outcome.operation.provider_order_id
    # looked up before delivery: still pending, no code
    found, vouchers = await svc.lookup(order_id=order_id)
    assert vouchers == [] and found.delivery_status == "pending"
    assert (await store.run(Store.journal_get, outcome.operation.operation_id)).state is (
        OpState.PLACED
    )
    sandbox.sandbox.plum.deliver_delayed()
    found, vouchers = await svc.lookup(po_number=outcome.operation.payload["po_number"])
    assert len(vouchers) == 1 and vouchers[0].code.startswith("https://")
    op = await store.run(Store.journal_get, outcome.operation.operation_id)
    assert op.state is OpState.COMPLETED
    assert await store.run(Store.vouchers_for_order, "plum", order_id) == vouchers


async def test_delayed_delivery_settled_by_a_later_sync(
    sandbox,
    svc: VoucherService,
    store: AsyncStore,  # type: ignore[no-untyped-def]
) -> None:
    outcome = await svc.buy(VoucherRequest(product_id=DELAYED, denomination=Decimal(50)))
    assert svc.pending_delivery(outcome)
    sync = SyncService(store, plum=svc.client, vouchers=svc)
    await sync.run(["plum"])
    op = await store.run(Store.journal_get, outcome.operation.operation_id)
    assert op.state is OpState.PLACED  # not delivered yet: a sync changes nothing
    sandbox.sandbox.plum.deliver_delayed()
    reports = await sync.run(["plum"])
    assert not reports["plum"].failed, reports["plum"].error
    op = await store.run(Store.journal_get, outcome.operation.operation_id)
    assert op.state is OpState.COMPLETED
    stored = await store.run(Store.vouchers_for_order, "plum", op.provider_order_id)
    assert len(stored) == 1 and stored[0].code


def test_cli_refuses_a_charge_above_the_balance_and_says_pending_delivery(
    sandbox,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    env = {
        **os.environ,
        "FULFILDESK_HOME": str(tmp_path / "home"),
        "FULFILDESK_PLUM_URL": sandbox.base_url("plum"),
        "FULFILDESK_PLUM_TOKEN": "sandbox-token",
        "FULFILDESK_SECRET_KEY_DIR": str(tmp_path / "keys"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fulfildesk", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    over = cli("buy-vouchers", "--product", str(VISA), "--denomination", "50", "--qty", "3")
    assert over.returncode == 2, over.stdout + over.stderr
    assert "--balance:" in over.stderr and "150.00 USD" in over.stderr
    assert plum_orders(sandbox) == 0
    delayed = cli("buy-vouchers", "--product", str(DELAYED), "--denomination", "25")
    assert delayed.returncode == 0, delayed.stderr
    assert "pending delivery" in delayed.stdout and "code arrives later" in delayed.stdout
    assert plum_orders(sandbox) == 1
