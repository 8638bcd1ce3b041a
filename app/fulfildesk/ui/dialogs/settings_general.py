"""Settings beyond one provider: the daily spend limit and the team server.

The daily limit (Kinguin, EUR per UTC day) goes to settings.json. The team server's DSN goes to
settings.json without its password; the password (typed in its own field, or found inside a
pasted DSN) goes to the secret store: the OS keyring, or without one the data directory's own
secrets file. Both apply as soon as the dialog is saved (AppContext.reconfigure).
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from fulfildesk.config import Settings, parse_daily_limit
from fulfildesk.domain.models import Provider
from fulfildesk.secretstore import SecretStore
from fulfildesk.teamdsn import TEAM_PASSWORD, dsn_problem, split_password
from fulfildesk.ui.dialogs.buy_keys import error_label, set_error
from fulfildesk.ui.text import plain_label

LIMIT_ENV = "FULFILDESK_KINGUIN_DAILY_LIMIT"
DSN_ENV = "FULFILDESK_TEAM_DSN"


class GeneralBox(QGroupBox):
    """The daily spend limit and the team server, with a message under each field."""

    def __init__(self, settings: Settings, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Spending and team"))
        self.settings = settings
        form = QFormLayout(self)
        kinguin = settings.provider(Provider.KINGUIN)
        self.daily_limit = QLineEdit(self)
        self.daily_limit.setObjectName("dailyLimit")
        self.daily_limit.setMaxLength(14)
        self.daily_limit.setPlaceholderText(self.tr("no limit (e.g. 250 or 99.50)"))
        if kinguin.daily_limit is not None:
            self.daily_limit.setText(f"{kinguin.daily_limit:f}")
        self._env_lock(self.daily_limit, LIMIT_ENV)
        self.limit_error: QLabel = error_label(self)
        self.daily_limit.textEdited.connect(lambda _t: self._say(self.limit_error, ""))
        limit_hint = plain_label(
            self.tr(
                "The most this installation may spend on Kinguin keys per UTC day. Empty: no limit."
            ),
            self,
            wrap=True,
        )
        form.addRow(self.tr("Daily spend limit (EUR)"), self.daily_limit)
        form.addRow("", self.limit_error)
        form.addRow("", limit_hint)
        bare = split_password(settings.team_dsn or "")[0]
        self.team_dsn = QLineEdit(bare, self)
        self.team_dsn.setObjectName("teamDsn")
        self.team_dsn.setMaxLength(500)
        self.team_dsn.setPlaceholderText(
            self.tr("working alone (e.g. host=db.example.com dbname=desk user=desk)")
        )
        self._env_lock(self.team_dsn, DSN_ENV)
        self.dsn_error: QLabel = error_label(self)
        self.team_dsn.textEdited.connect(lambda _t: self._say(self.dsn_error, ""))
        self.team_password = QLineEdit(self)
        self.team_password.setObjectName("teamPassword")
        self.team_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.team_password.setPlaceholderText(
            self.tr("stored") if settings.team_password else self.tr("not set")
        )
        self._env_lock(self.team_password, DSN_ENV)
        form.addRow(self.tr("Team server"), self.team_dsn)
        form.addRow("", self.dsn_error)
        self.password_note: QLabel = plain_label(
            self.tr(
                "The password is kept with the other secrets, never in settings.json; a "
                "password written inside the connection string is moved there on Save."
            ),
            self,
            wrap=True,
        )
        form.addRow(self.tr("Team server password"), self.team_password)
        form.addRow("", self.password_note)
        self.form = form
        for label in (self.limit_error, self.dsn_error):
            form.setRowVisible(label, False)  # a message's row takes room only when shown

    def _say(self, label: QLabel, text: str) -> None:
        set_error(label, text)
        self.form.setRowVisible(label, bool(text))

    def _env_lock(self, widget: QLineEdit, name: str) -> None:
        if os.environ.get(name, "").strip():
            widget.setEnabled(False)
            widget.setToolTip(self.tr("Set by {name}").format(name=name))

    def problems(self) -> bool:
        """Show what is wrong at each field; True when something is."""
        limit_text = self.daily_limit.text().strip()
        limit_problem = ""
        if self.daily_limit.isEnabled() and limit_text and limit_text.lower() != "off":
            if parse_daily_limit(limit_text.replace(",", "")) is None:
                limit_problem = self.tr(
                    "Enter an amount above 0 in EUR, e.g. 250 or 99.50, or leave it empty "
                    "for no limit."
                )
        self._say(self.limit_error, limit_problem)
        dsn_text = self.team_dsn.text().strip() if self.team_dsn.isEnabled() else ""
        problem = dsn_problem(dsn_text)
        self._say(self.dsn_error, problem)
        return bool(limit_problem or problem)

    def apply(self, settings: Settings) -> str | None:
        """Put the fields into `settings` (the password into the secret store); answer where
        the password went ("keyring" or "file"), or None when none was kept."""
        kinguin = settings.provider(Provider.KINGUIN)
        if self.daily_limit.isEnabled():
            limit = parse_daily_limit(self.daily_limit.text().strip().replace(",", ""))
            kinguin.daily_limit = limit
            kinguin.daily_limit_source = "file" if limit is not None else None
        if not self.team_dsn.isEnabled():
            return None
        bare, inline = split_password(self.team_dsn.text())
        typed = self.team_password.text() or None
        store = SecretStore(settings.data_dir)
        settings.team_dsn = bare or None
        settings.team_dsn_source = "file" if bare else None
        password = typed or inline
        kept = None
        if not bare:  # working alone: nothing to keep a password for
            if settings.team_password:
                store.set(TEAM_PASSWORD, None)
            settings.team_password = None
        elif password:
            kept = store.set(TEAM_PASSWORD, password)
            settings.team_password = password
        self.team_dsn.setText(bare)
        self.team_password.clear()
        self.team_password.setPlaceholderText(
            self.tr("stored") if settings.team_password else self.tr("not set")
        )
        return kept
