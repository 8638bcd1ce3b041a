"""Settings and secrets: saved without a keyring and read by a fresh process; Test connection
for every provider against the real sandbox; AppContext.reconfigure applies changes at once."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from fulfildesk.config import (
    Settings,
    load_settings,
    save_settings,
    store_secret,
)
from fulfildesk.context import AppContext
from fulfildesk.domain.models import Provider
from fulfildesk.sandbox.config import (
    INVENTORY_CLIENT_ID,
    INVENTORY_CLIENT_SECRET,
    PLUM_CLIENT_ID,
    PLUM_CLIENT_SECRET,
    PLUM_REFRESH_TOKEN,
)
from fulfildesk.secretstore import SecretStore
from fulfildesk.services.connection import check_connection


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("FULFILDESK_SECRET_KEY_DIR", str(tmp_path / "keys"))
    yield
    keyring.set_keyring(previous)


def plum_settings(home: Path, url: str) -> Settings:
    settings = Settings(data_dir=home)
    entry = settings.provider(Provider.PLUM)
    entry.url = url
    for name, value in (
        ("client_id", PLUM_CLIENT_ID),
        ("client_secret", PLUM_CLIENT_SECRET),
        ("refresh_token", PLUM_REFRESH_TOKEN),
    ):
        store_secret(home, Provider.PLUM, url, name, value)
        setattr(entry, name, value)
    save_settings(settings)
    return settings


def test_secrets_without_a_keyring_go_to_an_owner_only_encrypted_file(
    no_keyring,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    plum_settings(home, "http://127.0.0.1:9/plum")
    secrets = home / "secrets.enc"
    assert secrets.exists()
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert PLUM_CLIENT_SECRET.encode() not in secrets.read_bytes()
    text = (home / "settings.json").read_text()
    assert PLUM_CLIENT_SECRET not in text and PLUM_REFRESH_TOKEN not in text
    assert json.loads(text)["providers"]["plum"] == {"url": "http://127.0.0.1:9/plum"}
    key_files = list((tmp_path / "keys").iterdir())
    assert len(key_files) == 1 and stat.S_IMODE(key_files[0].stat().st_mode) == 0o600
    assert not any(p.suffix == ".key" for p in home.iterdir())  # the key is not beside it
    where = SecretStore(home).where
    assert str(secrets) in where and "No OS keyring" in where
    loaded = load_settings(home).provider(Provider.PLUM)
    assert loaded.configured and loaded.sources["refresh_token"] == "file"


def test_saved_without_a_keyring_then_used_by_a_fresh_process(
    no_keyring,  # type: ignore[no-untyped-def]
    sandbox,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    plum_settings(home, sandbox.base_url("plum"))
    env = {
        **os.environ,
        "FULFILDESK_HOME": str(home),
        "FULFILDESK_SECRET_KEY_DIR": str(tmp_path / "keys"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    for name in ("URL", "TOKEN", "CLIENT_ID", "CLIENT_SECRET", "REFRESH_TOKEN"):
        env.pop(f"FULFILDESK_PLUM_{name}", None)
    for run in range(2):  # the second run reads the token the first one rotated
        done = subprocess.run(
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
        assert done.returncode == 0, (run, done.stderr)
        assert "completed" in done.stdout
    assert len(sandbox.sandbox.plum.current_refresh_tokens()) == 1
    log = (home / "logs" / "fulfildesk.log").read_text()
    for secret in [PLUM_CLIENT_SECRET, *sandbox.sandbox.plum.current_refresh_tokens()]:
        assert secret not in log


async def test_test_connection_for_each_provider(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path / "home")
    token = sandbox.sandbox.config.token
    for provider in Provider:
        entry = settings.provider(provider)
        entry.url, entry.token = sandbox.base_url(provider.value), token
    answers = {p: await check_connection(settings.provider(p), settings.data_dir) for p in Provider}
    assert all(a.ok for a in answers.values()), {p: a.text for p, a in answers.items()}
    assert "balance is 5,000.00 USD" in answers[Provider.PLUM].summary
    assert "Add the client id" in answers[Provider.PLUM].text  # a bare access token expires
    assert "Bearer" in answers[Provider.POWERPLUGIN].summary

    plum = settings.provider(Provider.PLUM)
    plum.token = None
    plum.client_id, plum.client_secret = PLUM_CLIENT_ID, PLUM_CLIENT_SECRET
    plum.refresh_token = PLUM_REFRESH_TOKEN
    answer = await check_connection(plum, settings.data_dir)
    assert answer.ok and "renews itself" in answer.text and "valid until" in answer.text

    inventory = settings.provider(Provider.INVENTORY)
    inventory.token, inventory.api = None, "v2"
    inventory.client_id, inventory.client_secret = INVENTORY_CLIENT_ID, INVENTORY_CLIENT_SECRET
    answer = await check_connection(inventory, settings.data_dir)
    assert answer.ok and "API v2" in answer.summary and "client id" in answer.summary

    inventory.client_secret = "not-the-secret"
    answer = await check_connection(inventory, settings.data_dir)
    assert not answer.ok and "refused the client id or client secret" in answer.summary
    assert "not-the-secret" not in answer.text

    goods = settings.provider(Provider.POWERPLUGIN)
    goods.token = "tpp_staging_revoked"
    answer = await check_connection(goods, settings.data_dir)
    assert not answer.ok and "revokes the previous one" in answer.summary

    kinguin = settings.provider(Provider.KINGUIN)
    kinguin.url = None
    answer = await check_connection(kinguin, settings.data_dir)
    assert not answer.ok and "base URL" in answer.summary

    unreachable = settings.provider(Provider.PLUM)
    unreachable.url = "http://127.0.0.1:9/plum"
    answer = await check_connection(unreachable, settings.data_dir)
    assert not answer.ok and "cannot reach" in answer.summary


async def test_reconfigure_applies_new_settings_without_a_restart(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path / "home")
    ctx = AppContext.open(settings)
    try:
        assert ctx.vouchers is None and ctx.syncable == []
        entry = settings.provider(Provider.PLUM)
        entry.url = sandbox.base_url("plum")
        entry.client_id, entry.client_secret = PLUM_CLIENT_ID, PLUM_CLIENT_SECRET
        entry.refresh_token = PLUM_REFRESH_TOKEN
        configured = await ctx.reconfigure(settings)
        assert configured == ["plum"] and ctx.vouchers is not None and ctx.plum is not None
        balance = await ctx.plum.get_balance()
        assert balance.currency == "USD"
    finally:
        await ctx.aclose()
