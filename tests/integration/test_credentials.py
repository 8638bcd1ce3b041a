"""Credentials with a lifecycle, against the real sandbox over loopback HTTP (issue 10).

Plum: access tokens that expire, refresh tokens that rotate (the old one refused), the rotated
one persisted before use, renewals serialized across real processes. Inventory: v2 with client
credentials and renewal on 403 auth_token_expired. Power Plugin: HTTP Basic with the key.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk.domain.models import Provider
from fulfildesk.providers.auth import MemoryCredentialStore
from fulfildesk.providers.errors import AuthenticationError
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.inventory import InventoryClient, OrderCreateWire
from fulfildesk.providers.plum import (
    PlaceOrderRequest,
    PlumClient,
    PlumCredentials,
    PlumReauthorizationNeeded,
)
from fulfildesk.providers.powerplugin import PowerPluginClient
from fulfildesk.sandbox.config import (
    INVENTORY_CLIENT_ID,
    INVENTORY_CLIENT_SECRET,
    PLUM_CLIENT_ID,
    PLUM_CLIENT_SECRET,
    PLUM_REFRESH_TOKEN,
    SandboxConfig,
)
from fulfildesk.sandbox.server import start_in_thread

POLICY = HttpPolicy(backoff_base=0.01, read_timeout=10, placement_read_timeout=10)
CREDS = PlumCredentials(PLUM_CLIENT_ID, PLUM_CLIENT_SECRET, PLUM_REFRESH_TOKEN)


class Clock:
    """The client's idea of now (the sandbox keeps real time)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    return SandboxConfig(
        data_dir=tmp_path / "sandbox",
        demo_history=False,
        plum_token_ttl=3600,
        inventory_token_ttl=3600,
    )


def plum(sandbox, store, **kw) -> PlumClient:  # type: ignore[no-untyped-def]
    return PlumClient(sandbox.base_url("plum"), credentials=CREDS, store=store, policy=POLICY, **kw)


def plum_order_count(sandbox) -> int:  # type: ignore[no-untyped-def]
    return sandbox.sandbox.db.conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]


def expire_plum_access_tokens(sandbox) -> None:  # type: ignore[no-untyped-def]
    with sandbox.sandbox.db.conn as conn:
        conn.execute("UPDATE p_tokens SET expires_at = 0 WHERE kind = 'access'")


# --------------------------------------------------------------------------- Plum


async def test_first_call_refreshes_and_persists_before_use(sandbox) -> None:  # type: ignore[no-untyped-def]
    store = MemoryCredentialStore()
    client = plum(sandbox, store)
    try:
        products = await client.get_vouchers()
        assert products
        assert client.tokens is not None and client.tokens.renewals == 1
        saved = store.load()
        assert saved is not None
        # the persisted refresh token is the one the sandbox now accepts; the first is spent
        assert sandbox.sandbox.plum.current_refresh_tokens() == [saved["refresh_token"]]
        assert saved["refresh_token"] != PLUM_REFRESH_TOKEN
        assert saved["access_token"] == client.tokens.access_token
        assert client.refresh_token_expires_at is not None
    finally:
        await client.aclose()


async def test_purchase_spanning_an_expiry_completes_with_one_refresh(sandbox) -> None:  # type: ignore[no-untyped-def]
    """The sandbox expires the access token between two calls; the client's clock has not
    noticed, so the refusal itself triggers one refresh and the order is placed once."""
    clock = Clock()
    client = plum(sandbox, MemoryCredentialStore(), clock=clock)
    try:
        await client.get_vouchers_page(10, 1)
        assert client.tokens is not None and client.tokens.renewals == 1
        expire_plum_access_tokens(sandbox)
        request = PlaceOrderRequest(29877, 1, Decimal(10), po_number="PO-SPAN-1")
        placed = await client.place_order(request)
        assert placed.vouchers and placed.order.reference == "PO-SPAN-1"
        assert client.tokens.renewals == 2
        assert plum_order_count(sandbox) == 1
    finally:
        await client.aclose()


async def test_refresh_before_expiry_by_the_clock(sandbox) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    client = plum(sandbox, MemoryCredentialStore(), clock=clock)
    try:
        await client.get_vouchers_page(10, 1)
        first = client.tokens.access_token  # type: ignore[union-attr]
        clock.now += 3600 - 60  # inside the renewal margin, before the expiry
        await client.get_vouchers_page(10, 1)
        assert client.tokens.renewals == 2  # type: ignore[union-attr]
        assert client.tokens.access_token != first  # type: ignore[union-attr]
    finally:
        await client.aclose()


async def test_old_refresh_token_is_refused_by_the_sandbox(sandbox) -> None:  # type: ignore[no-untyped-def]
    first = plum(sandbox, MemoryCredentialStore())
    await first.get_vouchers_page(10, 1)
    await first.aclose()
    # a second client that did not see the rotation (nothing persisted for it)
    stale = plum(sandbox, MemoryCredentialStore())
    try:
        with pytest.raises(PlumReauthorizationNeeded) as caught:
            await stale.get_vouchers_page(10, 1)
        assert "Xoxoday" in str(caught.value) and "refresh token" in str(caught.value)
    finally:
        await stale.aclose()


async def test_revoked_refresh_token_gives_one_clear_message_and_buys_nothing(sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox.sandbox.plum.revoke_refresh_tokens()
    client = plum(sandbox, MemoryCredentialStore())
    try:
        request = PlaceOrderRequest(29877, 1, Decimal(10), po_number="PO-REVOKED")
        with pytest.raises(PlumReauthorizationNeeded) as caught:
            await client.place_order(request)
        message = str(caught.value)
        assert "Xoxoday Plum Pro dashboard" in message and "Settings" in message
        assert PLUM_REFRESH_TOKEN not in message and PLUM_CLIENT_SECRET not in message
        assert isinstance(caught.value, AuthenticationError)
        assert not caught.value.outcome_unknown
        assert plum_order_count(sandbox) == 0
    finally:
        await client.aclose()


async def test_two_clients_in_one_process_refresh_once(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = MemoryCredentialStore()
    lock = tmp_path / "plum.lock"
    a = plum(sandbox, store, lock_path=lock)
    b = plum(sandbox, store, lock_path=lock)
    try:
        await asyncio.gather(a.get_vouchers_page(5, 1), b.get_vouchers_page(5, 1))
        assert a.tokens.renewals + b.tokens.renewals == 1  # type: ignore[union-attr]
        assert sandbox.sandbox.plum.current_refresh_tokens() == [store.load()["refresh_token"]]  # type: ignore[index]
    finally:
        await a.aclose()
        await b.aclose()


async def test_balance_decreases_and_is_cached(sandbox) -> None:  # type: ignore[no-untyped-def]
    client = plum(sandbox, MemoryCredentialStore())
    try:
        before = await client.get_balance()
        assert before.currency == "USD" and before.amount == Decimal("5000")
        calls = len(sandbox.sandbox.plum._balance_calls)
        assert await client.get_balance() == before  # cached: no second call
        assert len(sandbox.sandbox.plum._balance_calls) == calls
        placed = await client.place_order(
            PlaceOrderRequest(29877, 2, Decimal(25), po_number="PO-BAL")
        )
        after = await client.get_balance()  # an order drops the cache
        assert placed.order.total is not None
        assert after.amount == before.amount - placed.order.total.amount
    finally:
        await client.aclose()


async def test_balance_rate_limit_is_enforced(sandbox) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.providers.errors import RateLimitedError

    client = PlumClient(
        sandbox.base_url("plum"),
        "sandbox-token",
        policy=HttpPolicy(max_attempts=1),
        rate_limits={},  # no pacing: the sandbox's own limit is what is checked
    )
    try:
        for _ in range(10):
            await client.get_balance(max_age=0)
        with pytest.raises(RateLimitedError) as caught:
            await client.get_balance(max_age=0)
        assert caught.value.retry_after == 60
    finally:
        await client.aclose()


async def test_catalogue_paged_to_the_end_with_exchange_rates(sandbox) -> None:  # type: ignore[no-untyped-def]
    client = PlumClient(sandbox.base_url("plum"), "sandbox-token", policy=POLICY)
    try:
        first = await client.get_vouchers(limit=100, page=1)
        assert len(first) == 100
        products = await client.get_vouchers()
        assert len(products) == 130 and len({p.product_id for p in products}) == 130
        by_id = {p.product_id: p for p in products}
        assert by_id[29877].exchange_rate == Decimal("1")
        visa = by_id[33000]
        assert visa.open_value and visa.min_value == 5 and visa.max_value == 500
        assert by_id[33100].order_quantity_limit == 2
        assert by_id[33200].delayed and not by_id[29877].delayed
        placed = await client.place_order(
            PlaceOrderRequest(33000, 1, Decimal(37), po_number="PO-OPEN")
        )
        assert placed.vouchers[0].amount == Decimal(37)
    finally:
        await client.aclose()


async def test_order_history_lists_orders_placed_elsewhere(sandbox) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    other = PlumClient(sandbox.base_url("plum"), "sandbox-token", policy=POLICY)
    for n in range(3):
        await other.place_order(PlaceOrderRequest(29877, 1, Decimal(10), po_number=f"ELSE-{n}"))
    await other.aclose()
    client = plum(sandbox, MemoryCredentialStore())
    try:
        today = datetime.now(UTC)
        page1 = await client.get_order_history(today - timedelta(days=1), today, page=1, limit=2)
        page2 = await client.get_order_history(today - timedelta(days=1), today, page=2, limit=2)
        seen = [o.order.reference for o in page1 + page2]
        assert seen == ["ELSE-0", "ELSE-1", "ELSE-2"]
        assert all(v.code == "" for o in page1 for v in o.vouchers)  # codes are not listed
    finally:
        await client.aclose()


# --------------------------------------------------------------------------- two processes


CHILD = """
import asyncio, json, sys
from pathlib import Path
from fulfildesk.services.clients import plum_client
from fulfildesk.config import load_settings
from fulfildesk.domain.models import Provider

async def main():
    settings = load_settings(Path(sys.argv[1]))
    entry = settings.provider(Provider.PLUM)
    client = plum_client(entry, settings.data_dir)
    Path(sys.argv[2]).touch()
    while not Path(sys.argv[3]).exists():
        await asyncio.sleep(0.005)
    products = await client.get_vouchers_page(5, 1)
    print(json.dumps({"renewals": client.tokens.renewals, "products": len(products)}))
    await client.aclose()

asyncio.run(main())
"""


def child_env(sandbox, home: Path, keys: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        **os.environ,
        "FULFILDESK_PLUM_URL": sandbox.base_url("plum"),
        "FULFILDESK_PLUM_CLIENT_ID": PLUM_CLIENT_ID,
        "FULFILDESK_PLUM_CLIENT_SECRET": PLUM_CLIENT_SECRET,
        "FULFILDESK_PLUM_REFRESH_TOKEN": PLUM_REFRESH_TOKEN,
        "FULFILDESK_SECRET_KEY_DIR": str(keys),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


@pytest.mark.slow
def test_two_processes_needing_a_refresh_at_once_leave_one_valid_token(
    sandbox,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    home, keys = tmp_path / "home", tmp_path / "keys"
    env = child_env(sandbox, home, keys)
    go = tmp_path / "go"
    children = []
    for n in range(2):
        ready = tmp_path / f"ready-{n}"
        children.append(
            (
                subprocess.Popen(
                    [sys.executable, "-c", CHILD, str(home), str(ready), str(go)],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
                ready,
            )
        )
    deadline = time.monotonic() + 60
    while not all(ready.exists() for _, ready in children):
        assert time.monotonic() < deadline, "the children did not start"
        time.sleep(0.01)
    go.touch()  # both need a refresh now
    results = []
    for child, _ in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert sorted(r["renewals"] for r in results) == [0, 1]
    assert all(r["products"] == 5 for r in results)
    valid = sandbox.sandbox.plum.current_refresh_tokens()
    assert len(valid) == 1
    # the survivor is the persisted one: a third process, from the same first token, works
    expire_plum_access_tokens(sandbox)
    third = subprocess.run(
        [sys.executable, "-c", CHILD, str(home), str(tmp_path / "r3"), str(go)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert third.returncode == 0, third.stderr
    assert json.loads(third.stdout.strip().splitlines()[-1])["renewals"] == 1
    assert len(sandbox.sandbox.plum.current_refresh_tokens()) == 1
    # no secret in the settings file, the logs or the cache
    for path in home.rglob("*"):
        if path.is_file() and path.name != "secrets.enc":
            data = path.read_bytes()
            assert valid[0].encode() not in data
            assert PLUM_CLIENT_SECRET.encode() not in data


@pytest.mark.slow
def test_cli_buys_vouchers_run_after_run_with_short_lived_tokens(tmp_path: Path) -> None:
    """The issue's 'done when': tokens that live 2 seconds, buy-vouchers and sync run after run
    from one initial refresh token, each run reading the rotated token the previous one saved."""
    running = start_in_thread(
        SandboxConfig(data_dir=tmp_path / "sandbox", demo_history=False, plum_token_ttl=2)
    )
    try:
        home, keys = tmp_path / "home", tmp_path / "keys"
        env = {**child_env(running, home, keys), "FULFILDESK_HOME": str(home)}
        for n in range(3):
            run = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "fulfildesk",
                    "buy-vouchers",
                    "--product",
                    "29877",
                    "--denomination",
                    "10",
                    "--qty",
                    "1",
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert run.returncode == 0, run.stderr
            assert "completed" in run.stdout
            time.sleep(2.1)  # let the access token expire between runs
            synced = subprocess.run(
                [sys.executable, "-m", "fulfildesk", "sync", "--provider", "plum"],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert synced.returncode == 0, synced.stderr
            assert "FAILED" not in synced.stdout
            time.sleep(2.1)
        assert len(running.sandbox.plum.current_refresh_tokens()) == 1
        count = running.sandbox.db.conn.execute("SELECT count(*) FROM p_orders").fetchone()[0]
        assert count == 3
    finally:
        running.stop()


# --------------------------------------------------------------------------- inventory v2


def entry_order() -> OrderCreateWire:
    return OrderCreateWire.model_validate(
        {
            "source": "CLIENT",
            "entries": [{"type": "fill_loot", "loot_id": 5, "quantity": 1}],
        }
    )


async def test_inventory_v2_with_client_credentials_and_renewal(sandbox) -> None:  # type: ignore[no-untyped-def]
    import uuid

    base = sandbox.base_url("inventory")
    client = InventoryClient(
        base,
        api="v2",
        client_id=INVENTORY_CLIENT_ID,
        client_secret=INVENTORY_CLIENT_SECRET,
        auth_url=base,
        policy=POLICY,
    )
    player = str(uuid.uuid4())
    try:
        created = await client.create_order(player, entry_order())
        assert created.order.player_id == player
        assert client.tokens is not None and client.tokens.renewals == 1
        # the sandbox expires every token it issued: 403 auth_token_expired, one renewal
        sandbox.sandbox.inventory.tokens.update(
            dict.fromkeys(sandbox.sandbox.inventory.tokens, 0.0)
        )
        again = await client.get_order(player, created.order.provider_order_id)
        assert again.order.provider_order_id == created.order.provider_order_id
        assert client.tokens.renewals == 2
        page = await client.list_orders(player)
        assert [o.order.provider_order_id for o in page.orders] == [created.order.provider_order_id]
        with pytest.raises(ValueError):
            await client.list_orders(42)  # v2 names players by UUID
    finally:
        await client.aclose()


async def test_inventory_wrong_client_secret_is_a_clear_error(sandbox) -> None:  # type: ignore[no-untyped-def]
    base = sandbox.base_url("inventory")
    client = InventoryClient(
        base, api="v2", client_id=INVENTORY_CLIENT_ID, client_secret="wrong", policy=POLICY
    )
    try:
        with pytest.raises(AuthenticationError) as caught:
            await client.check()
        assert "client id or client secret" in str(caught.value)
        assert "wrong" not in str(caught.value)
    finally:
        await client.aclose()


async def test_inventory_static_bearer_token_still_works_v1(sandbox) -> None:  # type: ignore[no-untyped-def]
    client = InventoryClient(sandbox.base_url("inventory"), "sandbox-token", policy=POLICY)
    try:
        created = await client.create_order(7, entry_order())
        assert created.order.player_id == "7"
    finally:
        await client.aclose()


# --------------------------------------------------------------------------- power plugin


async def test_powerplugin_basic_auth_with_a_tpp_key(tmp_path: Path) -> None:
    key = "tpp_staging_abc123"
    running = start_in_thread(SandboxConfig(data_dir=None, token=key, demo_history=False))
    try:
        url = running.base_url("powerplugin")
        client = PowerPluginClient(url, key, policy=POLICY)
        assert client.auth_scheme == "basic"
        await client.check()
        await client.aclose()
        revoked = PowerPluginClient(url, "tpp_staging_old", policy=POLICY)
        with pytest.raises(AuthenticationError) as caught:
            await revoked.check()
        assert "revokes the previous one" in str(caught.value)
        await revoked.aclose()
    finally:
        running.stop()


def test_provider_enum_covers_the_settings() -> None:
    assert {p.value for p in Provider} >= {"plum", "inventory", "powerplugin"}


async def test_warning_a_few_days_before_the_refresh_token_ends(tmp_path: Path) -> None:
    running = start_in_thread(
        SandboxConfig(data_dir=None, demo_history=False, plum_refresh_ttl=3 * 86400)
    )
    client = plum(running, MemoryCredentialStore())
    try:
        assert client.credential_warning() is None  # nothing known yet
        await client.get_vouchers_page(5, 1)
        until = client.refresh_token_expires_at
        assert until is not None
        warning = client.credential_warning()
        assert warning is not None and "Xoxoday" in warning and f"{until:%Y-%m-%d}" in warning
    finally:
        await client.aclose()
        running.stop()
