"""The Settings dialog: Test connection per provider in words, where secrets are kept, Save that
works without a keyring and applies at once through the context's reconfigure hook."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from fulfildesk.config import load_settings
from fulfildesk.domain.models import Provider
from fulfildesk.sandbox.config import PLUM_CLIENT_ID, PLUM_CLIENT_SECRET, PLUM_REFRESH_TOKEN
from fulfildesk.ui.dialogs.settings import SettingsDialog


def test_test_connection_for_every_provider(settings, qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert "keyring" in dialog.where.text()
    answers = []
    dialog.tested.connect(answers.append)
    for provider in Provider:
        dialog.boxes[provider].test_button.click()
    qtbot.waitUntil(lambda: len(answers) == len(Provider), timeout=15000)
    assert all(a.ok for a in answers), [a.text for a in answers]
    plum = dialog.boxes[Provider.PLUM].answer.text()
    assert plum.startswith("Connected to Plum: the account balance is")
    # a wrong key: the answer says what is wrong, in words
    dialog.boxes[Provider.POWERPLUGIN].secrets["token"].setText("tpp_live_replaced")
    answers.clear()
    dialog.boxes[Provider.POWERPLUGIN].test_button.click()
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=15000)
    assert not answers[0].ok
    assert "revokes the previous one" in dialog.boxes[Provider.POWERPLUGIN].answer.text()


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("FULFILDESK_SECRET_KEY_DIR", str(tmp_path / "keys"))
    yield
    keyring.set_keyring(previous)


def test_save_without_a_keyring_applies_at_once_and_survives_a_restart(
    no_keyring,  # type: ignore[no-untyped-def]
    ctx,  # type: ignore[no-untyped-def]
    sandbox,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    plum = ctx.settings.provider(Provider.PLUM)
    plum.url, plum.token, plum.sources = None, None, {}
    applied = []

    async def apply(settings):  # type: ignore[no-untyped-def]
        applied.append(await ctx.reconfigure(settings))

    dialog = SettingsDialog(ctx.settings, apply=apply)
    qtbot.addWidget(dialog)
    assert "No OS keyring" in dialog.where.text() and "secrets.enc" in dialog.where.text()
    box = dialog.boxes[Provider.PLUM]
    box.url.setText(sandbox.base_url("plum"))
    box.secrets["client_id"].setText(PLUM_CLIENT_ID)
    box.secrets["client_secret"].setText(PLUM_CLIENT_SECRET)
    box.secrets["refresh_token"].setText(PLUM_REFRESH_TOKEN)
    dialog.save()
    qtbot.waitUntil(lambda: bool(applied), timeout=10000)
    assert "plum" in applied[0] and ctx.vouchers is not None
    assert "secrets.enc" in dialog.note.text()
    # the next start reads them (no keyring, the secrets file)
    again = load_settings(ctx.settings.data_dir).provider(Provider.PLUM)
    assert again.configured and again.sources["refresh_token"] == "file"
    text = (ctx.settings.data_dir / "settings.json").read_text()
    assert PLUM_CLIENT_SECRET not in text and PLUM_REFRESH_TOKEN not in text


def test_window_applies_saved_settings_at_once_but_not_during_a_purchase(
    window,  # type: ignore[no-untyped-def]
    sandbox,  # type: ignore[no-untyped-def]
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """Save in the window's Settings rebuilds the provider clients without a restart; while a
    purchase runs the change waits, and applies when the purchase has ended."""
    ctx = window.ctx
    old_client = ctx.powerplugin
    assert old_client is not None
    # a purchase is under way: the change waits
    window.keys._purchases = 1
    dialog = window.settings.open_dialog()
    qtbot.addWidget(dialog)
    dialog.boxes[Provider.POWERPLUGIN].url.setText(sandbox.base_url("powerplugin") + "/")
    dialog.save()
    assert window.settings.pending is not None
    assert ctx.powerplugin is old_client
    assert any(
        "apply as soon as the running purchase has ended" in m.text
        for m in window.messages.messages
    )
    # the purchase ends: the change applies, and the window's flows use the new client
    window.keys._purchases = 0
    window.keys.busyChanged.emit(False)
    qtbot.waitUntil(lambda: ctx.powerplugin is not old_client, timeout=10000)
    assert window.settings.pending is None
    assert ctx.shipping is not None and ctx.shipping in ctx.purchase_services
    qtbot.waitUntil(
        lambda: any("Settings applied" in m.text for m in window.messages.messages), timeout=10000
    )
