"""Settings says where the key that encrypts keys, codes and PINs is kept."""

from __future__ import annotations

from pathlib import Path

import keyring
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtWidgets import QLabel

from fulfildesk.config import Settings
from fulfildesk.store.vault import key_file_for, open_vault
from fulfildesk.ui.dialogs.settings import SettingsDialog


def texts(dialog: SettingsDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def test_settings_names_the_keyring_or_the_key_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "with-keyring"
    open_vault(home)  # the test keyring works
    dialog = SettingsDialog(Settings(data_dir=home))
    qtbot.addWidget(dialog)
    assert "operating system's keyring" in texts(dialog)

    keyring.set_keyring(FailKeyring())
    bare = tmp_path / "no-keyring"
    open_vault(bare)
    dialog = SettingsDialog(Settings(data_dir=bare))
    qtbot.addWidget(dialog)
    shown = texts(dialog)
    assert str(key_file_for(bare)) in shown and "outside the data directory" in shown
