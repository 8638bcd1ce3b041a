"""Issue 14: the profile's daily voucher limit, in the Plum account currency, against the real
sandbox over loopback HTTP and real SQLite files: refused before anything is journaled or sent,
bought once confirmed, the day's spend summed from the journal, a bulk issue counting its whole
batch, the settings' `<profile>.vouchers` keys, and the CLI's exit 2 / --over-profile-limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from fulfildesk.config import Settings, load_settings, save_settings
from fulfildesk.domain.validation import FieldProblems
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.plum import PlumClient
from fulfildesk.services import profiles
from fulfildesk.services.keys import ProfileLimitExceeded
from fulfildesk.services.vouchers import VoucherRequest, VoucherService, estimate_charge
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault

VISA = 29877
POLICY = HttpPolicy(read_timeout=10, placement_read_timeout=10, backoff_base=0.01)


def request(email: str = "player@example.com", quantity: int = 1) -> VoucherRequest:
    return VoucherRequest(product_id=VISA, denomination=Decimal(25), quantity=quantity, email=email)


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


@pytest.fixture
async def svc(sandbox, store: AsyncStore):  # type: ignore[no-untyped-def]
    client = PlumClient(sandbox.base_url("plum"), "sandbox-token", policy=POLICY)
    yield VoucherService(client, store, poll_interval=0.02, min_interval=0, operator="ana")
    await client.aclose()


def plum_orders(sandbox) -> int:  # type: ignore[no-untyped-def]
    return sandbox.sandbox.db.conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]


async def one_charge(svc: VoucherService, quantity: int = 1) -> Decimal:
    product = await svc.product(VISA)
    assert product is not None
    charge = estimate_charge(product, Decimal(25), quantity)
    assert charge is not None and charge > 0
    return charge


async def test_over_the_limit_nothing_is_sent_until_confirmed(
    sandbox,
    svc: VoucherService,
    store: AsyncStore,  # type: ignore[no-untyped-def]
) -> None:
    svc.profile, svc.profile_limit = "warehouse", Decimal(0)  # every voucher purchase asks
    before = plum_orders(sandbox)
    with pytest.raises(ProfileLimitExceeded) as refused:
        await svc.begin(request())
    assert isinstance(refused.value, FieldProblems)  # the forms' own error path holds it too
    assert "warehouse profile" in refused.value.message
    assert "Nothing was sent to Plum" in refused.value.message
    assert "balance" in refused.value.field_errors
    assert await store.run(Store.journal_list, None, None) == []  # nothing journaled
    assert plum_orders(sandbox) == before  # nothing sent
    outcome = await svc.buy(request(), over_profile_limit=True)  # the person confirmed
    assert outcome.completed, outcome.message
    assert plum_orders(sandbox) == before + 1  # exactly one order
    ops = await store.run(Store.journal_list, None, None)
    assert len(ops) == 1 and ops[0].payload["charge"] == str(await one_charge(svc))


async def test_the_days_spend_comes_from_the_journal(
    sandbox,
    svc: VoucherService,
    store: AsyncStore,  # type: ignore[no-untyped-def]
) -> None:
    charge = await one_charge(svc)
    svc.profile, svc.profile_limit = "store_manager", charge * 2  # room for two
    assert await svc.spent_today() == 0
    for email in ("a@example.com", "b@example.com"):
        assert (await svc.buy(request(email))).completed
    assert await svc.spent_today() == charge * 2
    with pytest.raises(ProfileLimitExceeded) as refused:
        await svc.begin(request("c@example.com"))
    assert f"{charge * 2:.2f} USD were already spent today" in refused.value.message
    assert "0.00 USD are left" in refused.value.message
    assert plum_orders(sandbox) == 2
    svc.profile_limit = None  # no limit of the profile's own
    assert (await svc.buy(request("c@example.com"))).completed
    assert plum_orders(sandbox) == 3


async def test_a_failed_purchase_counts_nothing(
    svc: VoucherService,
    store: AsyncStore,  # type: ignore[no-untyped-def]
) -> None:
    charge = await one_charge(svc)
    op = await svc.begin(request())
    await store.run(Store.journal_transition, op.operation_id, OpState.FAILED, "test refusal")
    svc.profile_limit = charge
    assert await svc.spent_today() == 0
    await svc.begin(request("b@example.com"))  # the whole limit is left


async def test_bulk_issue_counts_the_whole_batch(
    sandbox,
    svc: VoucherService,
    store: AsyncStore,  # type: ignore[no-untyped-def]
) -> None:
    charge = await one_charge(svc)
    batch = [request(f"r{n}@example.com") for n in range(3)]
    svc.profile, svc.profile_limit = "store_manager", charge * 2  # each fits, the batch does not
    with pytest.raises(ProfileLimitExceeded) as refused:
        await svc.bulk_issue(batch)
    assert "These 3 orders cost about" in refused.value.message
    assert plum_orders(sandbox) == 0
    assert await store.run(Store.journal_list, None, None) == []
    summary = await svc.bulk_issue(batch, over_profile_limit=True)  # confirmed once
    assert len(summary.succeeded) == 3
    assert plum_orders(sandbox) == 3
    svc.profile_limit = charge * 10
    assert len((await svc.bulk_issue(batch[:1])).succeeded) == 1  # under the limit: no question


def test_voucher_limits_in_the_settings_keep_old_files_valid(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert profiles.voucher_limit(settings, "warehouse") == 0
    assert profiles.voucher_limit(settings, "key_dispatcher") == 0
    assert profiles.voucher_limit(settings, "store_manager") is None
    assert profiles.voucher_limit(settings, "all") is None
    # a file written before voucher limits: its plain keys stay the key limits only
    settings.profile_limits = {"warehouse": "20", "store_manager": "off"}
    assert profiles.voucher_limit(settings, "warehouse") == 0
    assert profiles.profile_limit(settings, "warehouse") == 20
    settings.profile_limits = {
        "store_manager": "250",
        "store_manager.vouchers": "5000",
        "warehouse.vouchers": "off",
    }
    save_settings(settings)
    again = load_settings(tmp_path)
    assert profiles.voucher_limit(again, "store_manager") == 5000
    assert profiles.profile_limit(again, "store_manager") == 250  # the plain key: keys
    assert profiles.voucher_limit(again, "warehouse") is None
    ctx = SimpleNamespace(settings=again, keys=None, vouchers=SimpleNamespace())
    assert profiles.apply_profile(ctx, "Store Manager") == "store_manager"
    assert (ctx.vouchers.profile, ctx.vouchers.profile_limit) == ("store_manager", 5000)


def test_cli_refuses_over_the_profile_limit_unless_told(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text(
        json.dumps({"profile": "warehouse", "profile_limits": {"warehouse.vouchers": "1"}})
    )
    env = {
        **os.environ,
        "FULFILDESK_HOME": str(home),
        "FULFILDESK_PLUM_URL": sandbox.base_url("plum"),
        "FULFILDESK_PLUM_TOKEN": "sandbox-token",
        "FULFILDESK_SECRET_KEY_DIR": str(tmp_path / "keys"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fulfildesk", "buy-vouchers", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    args = ("--product", str(VISA), "--denomination", "25", "--email", "p@example.com")
    refused = cli(*args)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "Not bought:" in refused.stderr and "warehouse profile" in refused.stderr
    assert "1.00 USD" in refused.stderr and "--over-profile-limit" in refused.stderr
    assert plum_orders(sandbox) == 0
    bought = cli(*args, "--over-profile-limit")
    assert bought.returncode == 0, bought.stdout + bought.stderr
    assert ": completed" in bought.stdout
    assert plum_orders(sandbox) == 1


def test_cli_buy_keys_refuses_over_the_profile_key_limit_unless_told(
    sandbox, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The key limit of the profile holds for `buy-keys` too (the window asks; the CLI needs
    the flag): the warehouse profile's limit is 0, so every key purchase from it is refused."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text(json.dumps({"profile": "warehouse"}))
    env = {
        **os.environ,
        "FULFILDESK_HOME": str(home),
        "FULFILDESK_KINGUIN_URL": sandbox.base_url("kinguin"),
        "FULFILDESK_KINGUIN_TOKEN": "sandbox-token",
        "FULFILDESK_SECRET_KEY_DIR": str(tmp_path / "keys"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fulfildesk", "buy-keys", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    orders = len(sandbox.sandbox.db.conn.execute("SELECT * FROM k_orders").fetchall())
    args = ("--product", "5", "--max-price", "3.59")
    refused = cli(*args)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "warehouse profile" in refused.stderr and "--over-profile-limit" in refused.stderr
    assert len(sandbox.sandbox.db.conn.execute("SELECT * FROM k_orders").fetchall()) == orders
    bought = cli(*args, "--over-profile-limit")
    assert bought.returncode == 0, bought.stdout + bought.stderr
    assert len(sandbox.sandbox.db.conn.execute("SELECT * FROM k_orders").fetchall()) == orders + 1
