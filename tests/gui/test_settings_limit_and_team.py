"""Settings (issue 10): the daily spend limit and the team server are edited in the dialog, apply
at once, and a fresh process uses them. The team server's password goes to the secret store
(here, with no OS keyring, the encrypted secrets file), never to settings.json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from fulfildesk.domain.models import Provider
from fulfildesk.services.keys import SpendRefused
from fulfildesk.ui.dialogs.settings import SettingsDialog

PASSWORD = "s3cret-team-pw"
DSN = f"host=127.0.0.1 port=9 dbname=desk user=desk password={PASSWORD} connect_timeout=1"


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("FULFILDESK_SECRET_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("FULFILDESK_KINGUIN_DAILY_LIMIT", raising=False)
    monkeypatch.delenv("FULFILDESK_TEAM_DSN", raising=False)
    yield
    keyring.set_keyring(previous)


def test_daily_limit_and_team_server_apply_at_once_and_in_a_fresh_process(
    no_keyring,  # type: ignore[no-untyped-def]
    ctx,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
    arun,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    assert ctx.keys is not None and ctx.keys.daily_limit is None and ctx.team is None
    applied = []

    async def apply(settings):  # type: ignore[no-untyped-def]
        applied.append(await ctx.reconfigure(settings))

    dialog = SettingsDialog(ctx.settings, apply=apply)
    qtbot.addWidget(dialog)
    general = dialog.general
    # wrong values: said at each field, nothing saved
    general.daily_limit.setText("lots")
    general.team_dsn.setText("just a hostname")
    dialog.save()
    assert "amount above 0" in general.limit_error.text()
    assert "key=value" in general.dsn_error.text()
    assert not applied and not (ctx.settings.data_dir / "settings.json").exists()
    general.daily_limit.setText("40")
    general.team_dsn.setText(DSN)  # the password pasted inside the DSN
    dialog.save()
    qtbot.waitUntil(lambda: bool(applied), timeout=10000)
    # applied at once: the key service refuses above the limit, the team service is rebuilt
    assert ctx.keys is not None and ctx.keys.daily_limit == Decimal(40)
    with pytest.raises(SpendRefused, match="daily spend"):
        arun(ctx.keys.check_spend(Decimal("40.01")))
    assert ctx.team is not None and f"password={PASSWORD}" in ctx.team.dsn
    # settings.json has the limit and the DSN without its password; no file holds it in clear
    saved = json.loads((ctx.settings.data_dir / "settings.json").read_text())
    assert saved["providers"]["kinguin"]["daily_limit"] == "40"
    assert saved["team_dsn"] == "host=127.0.0.1 port=9 dbname=desk user=desk connect_timeout=1"
    for path in ctx.settings.data_dir.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    assert "secrets.enc" in dialog.note.text()
    # a fresh process reads both: the limit for its key service, the password for its team
    probe = (
        "from fulfildesk.config import load_settings\n"
        "from fulfildesk.context import AppContext\n"
        "ctx = AppContext.open(load_settings())\n"
        "print(ctx.keys.daily_limit)\n"
        "print(ctx.team.dsn)\n"
        "ctx.store.close()\n"
    )
    env = {
        **os.environ,
        "FULFILDESK_HOME": str(ctx.settings.data_dir),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    run = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    limit, dsn = run.stdout.splitlines()[-2:]
    assert limit == "40"
    assert dsn.endswith(f"password={PASSWORD}") and dsn.startswith("host=127.0.0.1 port=9")
    # cleared in Settings: no limit, working alone, and the stored password forgotten
    applied.clear()
    again = SettingsDialog(ctx.settings, apply=apply)
    qtbot.addWidget(again)
    assert again.general.daily_limit.text() == "40"
    assert PASSWORD not in again.general.team_dsn.text()
    assert again.general.team_password.placeholderText() == "stored"
    again.general.daily_limit.clear()
    again.general.team_dsn.clear()
    again.save()
    qtbot.waitUntil(lambda: bool(applied), timeout=10000)
    assert ctx.keys.daily_limit is None and ctx.team is None
    assert ctx.settings.provider(Provider.KINGUIN).daily_limit is None
