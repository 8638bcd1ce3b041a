"""Secrets only in the vault: buy through every provider with canary values (the sandbox hands
out keys, codes and PINs that start with a canary, and accepts only a canary token), sync, look
up, then read every byte of the data directory (databases, WAL, logs, settings) for them: 0 hits.
Without an OS keyring, as on a headless Linux box, so the vault key must not be there either."""

from __future__ import annotations

import base64
import os
import stat
from decimal import Decimal
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from fulfildesk.config import Settings, save_provider_urls
from fulfildesk.context import AppContext, setup_logging
from fulfildesk.domain.models import KeyLine, Provider
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT
from fulfildesk.sandbox.server import start_in_thread
from fulfildesk.services.inventory import EntryDraft, InventoryOrderDraft
from fulfildesk.services.shipping import ReservationRequest
from fulfildesk.services.sync import service_for
from fulfildesk.services.vouchers import VoucherRequest
from fulfildesk.store.vault import key_file_for

CANARY = "CANARYq7Zk"
TOKEN = "CANARYTOKENx9Wp"
HOODIE = "0b6f2a8e-3c44-4f1a-9d2e-5b7c8a9d0e11"


def needles(secrets: list[str]) -> list[bytes]:
    """Each secret as it could sit on disk: UTF-8, UTF-16 and base64 of it."""
    found: list[bytes] = []
    for text in secrets:
        found += [text.encode(), text.encode("utf-16-le"), base64.b64encode(text.encode())]
    return found


def hits(root: Path, secrets: list[str]) -> list[str]:
    wanted = needles(secrets)
    report = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        report += [f"{path.relative_to(root)}: {n!r}" for n in wanted if n in data]
    return report


@pytest.fixture
def no_keyring() -> None:
    keyring.set_keyring(FailKeyring())  # the autouse memory keyring is put back afterwards


async def test_no_secret_in_clear_anywhere_in_the_data_dir(
    tmp_path: Path, no_keyring: None
) -> None:
    running = start_in_thread(
        SandboxConfig(
            data_dir=tmp_path / "sandbox",
            token=TOKEN,
            canary=CANARY,
            kinguin_step=0.05,
            demo_history=False,
        )
    )
    home = tmp_path / "home"
    settings = Settings(data_dir=home)
    for provider, url in running.provider_urls.items():
        entry = settings.provider(Provider(provider))
        entry.url, entry.token, entry.token_source = url, TOKEN, "env"
    save_provider_urls(settings)
    setup_logging(home, "DEBUG")
    ctx = AppContext.open(settings, policy=HttpPolicy(backoff_base=0.01), poll_interval=0.02)
    try:
        assert ctx.keys and ctx.vouchers and ctx.inventory and ctx.shipping
        bought = await ctx.keys.buy([KeyLine(product_id=5, quantity=2, max_price=Decimal("9"))])
        assert bought.completed, bought.message
        codes = await ctx.vouchers.buy(
            VoucherRequest(product_id=29877, denomination=Decimal("25"), quantity=2)
        )
        assert codes.completed, codes.message
        pins = await ctx.vouchers.buy(
            VoucherRequest(product_id=15365, denomination=Decimal("20"), contact="+1-5234567890")
        )
        assert pins.completed, pins.message
        inventory = await ctx.inventory.submit(
            InventoryOrderDraft(player_id=77, entries=[EntryDraft(type="fill_loot", loot_id=1)])
        )
        assert inventory.completed, inventory.message
        reserved = await ctx.shipping.reserve(
            ReservationRequest("canary", HOODIE, SEED_ESTABLISHMENT)
        )
        assert reserved.completed, reserved.message
        # what else writes provider answers: a lookup, fetching keys again, a full sync
        await ctx.vouchers.lookup(order_id=codes.operation.provider_order_id)
        assert bought.order is not None
        await ctx.keys.fetch_keys(bought.order)
        await service_for(ctx).run(full=True)
        secrets = [k.serial for k in bought.keys]
        secrets += [v.code for v in codes.vouchers + pins.vouchers]
        secrets += [v.pin for v in codes.vouchers + pins.vouchers if v.pin]
        assert len(secrets) >= 7 and all(s.startswith(CANARY) for s in secrets)
        # the vault has them (decrypted on request), and nothing else does
        stored = await ctx.store.run(
            lambda s: s.keys_for_order("kinguin", bought.operation.provider_order_id or "")
        )
        assert sorted(k.serial for k in stored) == sorted(k.serial for k in bought.keys)
        found_open = hits(home, [CANARY, TOKEN, *secrets])  # WAL and -shm still in place
    finally:
        await ctx.aclose()
        running.stop()
    assert found_open == []
    assert hits(home, [CANARY, TOKEN]) == []  # after closing (checkpointed) too
    # the data directory and everything in it: the user's only
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for path in home.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    # no keyring: the vault key is not beside the database
    assert not (home / "vault.key").exists()
    assert key_file_for(home).exists() and home not in key_file_for(home).parents
    assert not any(
        key_file_for(home).read_bytes().strip() in p.read_bytes()
        for p in home.rglob("*")
        if p.is_file()
    )
    assert os.environ["FULFILDESK_SECRET_KEY_DIR"]  # (the conftest keeps it out of ~/.config)
