"""Provider settings: URL in settings.json, token in the OS keyring (never in a file)."""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.config import Settings, save_provider_urls, store_token
from fulfildesk.context import vault_key_note
from fulfildesk.domain.models import Provider
from fulfildesk.ui.dialogs.buy_keys import error_label, set_error
from fulfildesk.ui.text import plain_label


class SettingsDialog(QDialog):
    applied = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "Each provider needs its base URL and its API token. Tokens are kept in the "
                "operating system's keyring; environment variables (FULFILDESK_<NAME>_URL and "
                "_TOKEN) override what is set here. Changes take effect the next time the console "
                "starts.",
                self,
                wrap=True,
            )
        )
        # where the vault key is (the keyring, or a key file outside the data directory)
        layout.addWidget(plain_label(vault_key_note(settings.data_dir), self, wrap=True))
        self.urls: dict[Provider, QLineEdit] = {}
        self.tokens: dict[Provider, QLineEdit] = {}
        self.errors: dict[Provider, object] = {}
        for provider in Provider:
            box = QGroupBox(provider.label, self)
            form = QFormLayout(box)
            entry = settings.provider(provider)
            url = QLineEdit(entry.url or "", box)
            url.setPlaceholderText("https://…")
            token = QLineEdit(box)
            token.setEchoMode(QLineEdit.EchoMode.Password)
            token.setPlaceholderText("stored" if entry.token else "not set")
            if os.environ.get(f"FULFILDESK_{provider.name}_URL"):
                url.setEnabled(False)
                url.setToolTip(f"Set by FULFILDESK_{provider.name}_URL")
            if entry.token_source == "env":
                token.setEnabled(False)
                token.setPlaceholderText(f"set by FULFILDESK_{provider.name}_TOKEN")
            form.addRow("URL", url)
            form.addRow("Token", token)
            error = error_label(box)
            form.addRow(error)
            self.urls[provider], self.tokens[provider], self.errors[provider] = url, token, error
            layout.addWidget(box)
        self.note = plain_label("", self, wrap=True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        ok = True
        for provider, url_edit in self.urls.items():
            url = url_edit.text().strip()
            error = ""
            if url and not (
                url.startswith("https://")
                or url.startswith("http://127.")
                or url.startswith("http://localhost")
            ):
                error = "Use an https:// URL (plain http only for a sandbox on this computer)."
            set_error(self.errors[provider], error)  # type: ignore[arg-type]
            ok = ok and not error
        if not ok:
            return
        session_only = []
        for provider in Provider:
            entry = self.settings.provider(provider)
            if self.urls[provider].isEnabled():
                entry.url = self.urls[provider].text().strip() or None
            token = self.tokens[provider].text()
            if token and self.tokens[provider].isEnabled():
                entry.token = token
                if store_token(provider, entry.url, token):
                    entry.token_source = "keyring"
                else:
                    entry.token_source = "session"
                    session_only.append(provider.label)
        save_provider_urls(self.settings)
        if session_only:
            self.note.setText(
                "No keyring is available on this computer: the token for "
                f"{', '.join(session_only)} is kept for this session only and "
                "will be asked for again next time."
            )
        self.applied.emit()
        self.accept()
