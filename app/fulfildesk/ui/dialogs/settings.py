"""Provider settings: per provider the API generation, the base URL, the credential fields that
generation needs, and Test connection. Plain settings go to settings.json; secrets to the OS
keyring, or without one to the data directory's own secrets file (the dialog says which).

Changes apply at once: Save emits `applied(settings)` and, when the dialog was given an `apply`
hook (AppContext.reconfigure), runs it so the provider clients are rebuilt without a restart.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.config import (
    GENERATIONS,
    PLAIN_FIELDS,
    SECRET_FIELDS,
    ProviderSettings,
    Settings,
    env_name,
    save_settings,
    store_secret,
)
from fulfildesk.context import vault_key_note
from fulfildesk.domain.models import Provider
from fulfildesk.domain.validation import url_problem
from fulfildesk.secretstore import SecretStore
from fulfildesk.services.connection import ConnectionReport, check_connection
from fulfildesk.ui import vocabulary
from fulfildesk.ui.asyncglue import TaskRunner
from fulfildesk.ui.dialogs.buy_keys import error_label, set_error
from fulfildesk.ui.dialogs.settings_general import GeneralBox
from fulfildesk.ui.i18n import LANGUAGES, QT_TRANSLATE_NOOP
from fulfildesk.ui.service_texts import service_text
from fulfildesk.ui.text import plain_label
from fulfildesk.ui.theme import Tone, tint

#: the secret fields each provider uses, with their labels
SECRET_LABELS: dict[Provider, list[tuple[str, str]]] = {
    Provider.KINGUIN: [("token", QT_TRANSLATE_NOOP("settings", "API key"))],
    Provider.PLUM: [
        ("client_id", QT_TRANSLATE_NOOP("settings", "Client id")),
        ("client_secret", QT_TRANSLATE_NOOP("settings", "Client secret")),
        ("refresh_token", QT_TRANSLATE_NOOP("settings", "Refresh token")),
        ("token", QT_TRANSLATE_NOOP("settings", "Access token (optional)")),
    ],
    Provider.INVENTORY: [
        ("client_id", QT_TRANSLATE_NOOP("settings", "Client id")),
        ("client_secret", QT_TRANSLATE_NOOP("settings", "Client secret")),
        ("token", QT_TRANSLATE_NOOP("settings", "Static bearer token")),
    ],
    Provider.POWERPLUGIN: [("token", QT_TRANSLATE_NOOP("settings", "API key (tpp_…)"))],
}

HINTS: dict[Provider, str] = {
    Provider.PLUM: (
        QT_TRANSLATE_NOOP(
            "settings",
            "From the Xoxoday Plum Pro dashboard: the client id, client secret "
            "and refresh token. The console renews the access token itself and "
            "saves each new refresh token before using it.",
        )
    ),
    Provider.INVENTORY: (
        QT_TRANSLATE_NOOP(
            "settings",
            "Client id and secret (tokens are requested from the users service "
            "and renewed), or a static bearer token. v2 names players by UUID; "
            "v1 (deprecated by the provider) by number.",
        )
    ),
    Provider.POWERPLUGIN: (
        QT_TRANSLATE_NOOP(
            "settings",
            "The tpp_live_… or tpp_staging_… key. Creating a new key in the "
            "provider's dashboard revokes the previous one.",
        )
    ),
}

Apply = Callable[[Settings], Awaitable[Any]]


def _url_problem(url: str) -> str:
    """The one URL rule (domain.validation.url_problem): https, plain http only on loopback."""
    return url_problem(url)


class ProviderBox(QGroupBox):
    """One provider's fields, its Test connection button and the answer."""

    def __init__(self, provider: Provider, entry: ProviderSettings, parent: QWidget) -> None:
        super().__init__(vocabulary.tr(provider.label), parent)
        self.provider = provider
        self.entry = entry
        form = QFormLayout(self)
        hint = HINTS.get(provider)
        if hint:
            form.addRow(plain_label(QCoreApplication.translate("settings", hint), self, wrap=True))
        self.generation: QComboBox | None = None
        choices = GENERATIONS.get(provider, ())
        if len(choices) > 1:
            self.generation = QComboBox(self)
            self.generation.addItems(list(choices))
            self.generation.setCurrentText(entry.generation)
            self._env_lock(self.generation, "API")
            form.addRow(self.tr("API generation"), self.generation)
        self.url = QLineEdit(entry.url or "", self)
        self.url.setPlaceholderText(self.tr("https://…"))
        self._env_lock(self.url, "URL")
        form.addRow(self.tr("Base URL"), self.url)
        self.auth_url: QLineEdit | None = None
        if provider is Provider.INVENTORY:
            self.auth_url = QLineEdit(entry.auth_url or "", self)
            self.auth_url.setPlaceholderText(self.tr("users service URL (default: the base URL)"))
            self._env_lock(self.auth_url, "AUTH_URL")
            form.addRow(self.tr("Token URL"), self.auth_url)
        self.auth_scheme: QComboBox | None = None
        if provider is Provider.POWERPLUGIN:
            self.auth_scheme = QComboBox(self)
            self.auth_scheme.addItem(self.tr("Automatic (Basic for tpp_ keys)"), "")
            self.auth_scheme.addItem(self.tr("HTTP Basic (recommended)"), "basic")
            self.auth_scheme.addItem(self.tr("Bearer"), "bearer")
            index = max(0, self.auth_scheme.findData(entry.auth_scheme or ""))
            self.auth_scheme.setCurrentIndex(index)
            self._env_lock(self.auth_scheme, "AUTH")
            form.addRow(self.tr("Send the key as"), self.auth_scheme)
        self.secrets: dict[str, QLineEdit] = {}
        for name, label in SECRET_LABELS[provider]:
            edit = QLineEdit(self)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText(
                self.tr("stored") if getattr(entry, name) else self.tr("not set")
            )
            if entry.sources.get(name) == "env":
                edit.setEnabled(False)
                edit.setPlaceholderText(
                    self.tr("set by {0}").format(env_name(provider, SECRET_FIELDS[name]))
                )
            form.addRow(QCoreApplication.translate("settings", label), edit)
            self.secrets[name] = edit
        self.error = error_label(self)
        form.addRow(self.error)
        row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"), self)
        row.addWidget(self.test_button)
        row.addStretch(1)
        form.addRow(row)
        self.answer: QLabel = plain_label("", self, wrap=True)
        self.answer.setObjectName("connectionAnswer")
        form.addRow(self.answer)

    def _env_lock(self, widget: QWidget, suffix: str) -> None:
        name = env_name(self.provider, suffix)
        if os.environ.get(name):
            widget.setEnabled(False)
            widget.setToolTip(self.tr("Set by {name}").format(name=name))

    def problem(self) -> str:
        for edit in (self.url, self.auth_url):
            if edit is not None:
                found = _url_problem(edit.text().strip())
                if found:
                    return found
        return ""

    def edited(self) -> ProviderSettings:
        """The entry as the fields say (unchanged secrets kept), not yet saved."""
        entry = dataclasses.replace(self.entry, sources=dict(self.entry.sources))
        if self.url.isEnabled():
            entry.url = self.url.text().strip() or None
        if self.generation is not None and self.generation.isEnabled():
            entry.api = self.generation.currentText()
        if self.auth_url is not None and self.auth_url.isEnabled():
            entry.auth_url = self.auth_url.text().strip() or None
        if self.auth_scheme is not None and self.auth_scheme.isEnabled():
            entry.auth_scheme = self.auth_scheme.currentData() or None
        for name, edit in self.secrets.items():
            if edit.isEnabled() and edit.text():
                setattr(entry, name, edit.text().strip())
                entry.sources[name] = "typed"
        return entry

    def show_answer(self, report: ConnectionReport) -> None:
        self.answer.setText(service_text(report.text))
        tint(self.answer, Tone.GOOD if report.ok else Tone.BAD)

    def start_test(
        self,
        runner: TaskRunner,
        data_dir: Any,
        answered: Callable[[ConnectionReport], object],
    ) -> None:
        """Test connection (Settings and the first-run guide): the fields are checked first,
        then one cheap authenticated call runs in the background; its answer is shown in the
        box and handed to `answered`."""
        problem = self.problem()
        set_error(self.error, problem)
        if problem:
            return
        self.answer.setText(QCoreApplication.translate("SettingsDialog", "Testing…"))
        tint(self.answer, None)
        self.test_button.setEnabled(False)
        runner.start(self._test(data_dir, answered), name=f"test-{self.provider.value}")

    async def _test(self, data_dir: Any, answered: Callable[[ConnectionReport], object]) -> None:
        try:
            report = await check_connection(self.edited(), data_dir)
        finally:
            self.test_button.setEnabled(True)
        self.show_answer(report)
        answered(report)


class SettingsDialog(QDialog):
    #: emitted with the saved settings once Save has kept them
    applied = Signal(object)
    #: emitted with each Test connection answer (for tests and the status bar)
    tested = Signal(object)

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, *, apply: Apply | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._apply = apply
        self.runner = TaskRunner(self)
        self.secret_store = SecretStore(settings.data_dir)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                self.tr(
                    "Each provider needs its base URL and the credentials its API "
                    "generation uses. Environment variables (FULFILDESK_<NAME>_URL, "
                    "_TOKEN, _CLIENT_ID, …) override what is set here. Changes apply as "
                    "soon as you save."
                ),
                self,
                wrap=True,
            )
        )
        # where the vault key is (the keyring, or a key file outside the data directory)
        self.vault_note = plain_label(vault_key_note(settings.data_dir), self, wrap=True)
        layout.addWidget(self.vault_note)
        self.where = plain_label(self.secret_store.where, self, wrap=True)
        self.where.setObjectName("secretsWhere")
        layout.addWidget(self.where)
        # the window's language (issue 16): read at start-up, so it applies at the next start
        language_row = QHBoxLayout()
        language_row.addWidget(plain_label(self.tr("Language"), self))
        self.language = QComboBox(self)
        self.language.addItem(self.tr("The system's language"), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        language_row.addWidget(self.language)
        language_row.addWidget(plain_label(self.tr("(takes effect at the next start)"), self), 1)
        layout.addLayout(language_row)
        inner = QWidget(self)
        column = QVBoxLayout(inner)
        self.general = GeneralBox(settings, inner)  # daily spend limit, team server
        column.addWidget(self.general)
        self.boxes: dict[Provider, ProviderBox] = {}
        for provider in Provider:
            box = ProviderBox(provider, settings.provider(provider), inner)
            box.test_button.clicked.connect(lambda _=False, p=provider: self.test(p))
            column.addWidget(box)
            self.boxes[provider] = box
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)
        self.note = plain_label("", self, wrap=True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # as tall as the screen comfortably allows (1366x768: 700), so more than one box shows
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        self.resize(680, min(720, screen.height() - 60) if screen is not None else 600)

    # ------------------------------------------------------------ test connection

    def test(self, provider: Provider) -> None:
        self.boxes[provider].start_test(self.runner, self.settings.data_dir, self.tested.emit)

    # ------------------------------------------------------------ save

    def save(self) -> None:
        ok = True
        for box in self.boxes.values():
            problem = box.problem()
            set_error(box.error, problem)
            ok = ok and not problem
        if self.general.problems() or not ok:
            return
        kept_in: set[str] = set()
        if where := self.general.apply(self.settings):
            kept_in.add(where)
        for provider, box in self.boxes.items():
            entry = self.settings.provider(provider)
            edited = box.edited()
            for name in PLAIN_FIELDS:
                setattr(entry, name, getattr(edited, name))
            for name in SECRET_FIELDS:
                value = getattr(edited, name)
                if not value or edited.sources.get(name) == "env" or not entry.url:
                    continue
                # (re)kept under the current URL: a changed URL keeps its secrets
                where = store_secret(self.settings.data_dir, provider, entry.url, name, value)
                setattr(entry, name, value)
                entry.sources[name] = where
                kept_in.add(where)
            entry.token_source = entry.sources.get("token")
        self.settings.language = self.language.currentData() or ""
        save_settings(self.settings)
        self.secret_store = SecretStore(self.settings.data_dir)
        if "file" in kept_in:
            self.note.setText(SecretStore(self.settings.data_dir, use_keyring=False).where)
        self.applied.emit(self.settings)
        if self._apply is not None:
            self.runner.start(self._apply(self.settings), name="apply-settings")  # type: ignore[arg-type]
        self.accept()
