"""The first-run guide (issue 16): who works here and how, then the demo or a provider.

Shown once per data directory, at the first start of the window (not in demo mode, whose data
directory is a separate one and whose start CI smoke-tests unattended; FULFILDESK_NO_GUIDE=1
also skips it, for scripted starts). It is window-modal but does not block the event loop, so
the window keeps syncing behind it. Finishing or skipping it sets `first_run_done` in
settings.json, with the operator's name and profile (`operator`, `profile`), and it is never
shown again; Help > First-run guide… opens it on purpose.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QProcess, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fulfildesk.config import PLAIN_FIELDS, SECRET_FIELDS, Settings, save_settings, store_secret
from fulfildesk.domain.models import Provider
from fulfildesk.ui.asyncglue import TaskRunner
from fulfildesk.ui.dialogs.buy_keys import set_error
from fulfildesk.ui.dialogs.settings import ProviderBox
from fulfildesk.ui.i18n import QT_TRANSLATE_NOOP
from fulfildesk.ui.text import plain_label

#: the profiles a person can choose (settings.json `profile`), in the order offered
PROFILES = (
    ("warehouse", QT_TRANSLATE_NOOP("FirstRunGuide", "Warehouse: reservations and shipping")),
    ("store_manager", QT_TRANSLATE_NOOP("FirstRunGuide", "Store manager: vouchers and inventory")),
    ("key_dispatcher", QT_TRANSLATE_NOOP("FirstRunGuide", "Key dispatcher: game keys")),
    ("all", QT_TRANSLATE_NOOP("FirstRunGuide", "All of it")),
)

PAGE_WELCOME, PAGE_START, PAGE_CONNECT, PAGE_READY = range(4)


def should_show(settings: Settings) -> bool:
    """At the first start of a (non-demo) data directory, unless scripted starts opt out."""
    return (
        not settings.first_run_done
        and not settings.demo
        and os.environ.get("FULFILDESK_NO_GUIDE", "") in ("", "0")
    )


def demo_command() -> tuple[str, list[str]]:
    """How to start this console again in demo mode (a PyInstaller bundle is its own
    executable; from Python it is `python -m fulfildesk`)."""
    if getattr(sys, "frozen", False):
        return sys.executable, ["--demo"]
    return sys.executable, ["-m", "fulfildesk", "--demo"]


class WelcomePage(QWizardPage):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome to Fulfilment Desk"))
        self.setSubTitle(
            self.tr(
                "Fulfil what players order: game keys, vouchers, physical goods and in-game "
                "items. Two questions, then you can start."
            )
        )
        form = QFormLayout(self)
        self.operator = QLineEdit(settings.operator, self)
        self.operator.setPlaceholderText(self.tr("e.g. Ana García"))
        self.operator.setMaxLength(80)
        form.addRow(self.tr("Your name"), self.operator)
        self.profile = QComboBox(self)
        for value, label in PROFILES:
            self.profile.addItem(QCoreApplication.translate("FirstRunGuide", label), value)
        self.profile.setCurrentIndex(max(0, self.profile.findData(settings.profile or "all")))
        form.addRow(self.tr("What you do"), self.profile)
        form.addRow(
            plain_label(
                self.tr(
                    "Your name is written in the history of every order you work on. The "
                    "profile chooses the menus the window shows and the spending limits; "
                    "change it in File > Operator and profile."
                ),
                self,
                wrap=True,
            )
        )
        self.registerField("operator*", self.operator)


class StartPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("How do you want to start?"))
        layout = QVBoxLayout(self)
        self.demo = QRadioButton(self.tr("Try the demo"), self)
        self.connect_choice = QRadioButton(self.tr("Connect a provider"), self)
        self.later = QRadioButton(self.tr("Neither for now: open the console"), self)
        self.group = QButtonGroup(self)
        for button, explanation in (
            (
                self.demo,
                self.tr(
                    "Opens a second window on built-in sandbox providers with sample "
                    "orders. Nothing real is bought; its data is kept apart from yours."
                ),
            ),
            (
                self.connect_choice,
                self.tr(
                    "Enter a provider's address and credentials and test the connection "
                    "before you save."
                ),
            ),
            (self.later, self.tr("Everything can be set up later in File > Settings.")),
        ):
            self.group.addButton(button)
            layout.addWidget(button)
            note = plain_label(explanation, self, wrap=True)
            note.setContentsMargins(24, 0, 0, 8)
            layout.addWidget(note)
        self.connect_choice.setChecked(True)
        layout.addStretch(1)

    def nextId(self) -> int:
        return PAGE_CONNECT if self.connect_choice.isChecked() else PAGE_READY


class ReadyPage(QWizardPage):
    """The last page after "try the demo" or "later": what Finish does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Ready"))
        layout = QVBoxLayout(self)
        self.note = plain_label("", self, wrap=True)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def initializePage(self) -> None:
        wizard = self.wizard()
        demo = isinstance(wizard, FirstRunGuide) and wizard.start_page.demo.isChecked()
        self.note.setText(
            self.tr(
                "Press Finish: the demo opens in a second window, next to this console. "
                "Close it when you are done; nothing of it is kept here."
            )
            if demo
            else self.tr(
                "Press Finish to start working. File > Settings connects a provider at any "
                "time, and Help > First-run guide… brings this guide back."
            )
        )

    def nextId(self) -> int:
        return -1


class ConnectPage(QWizardPage):
    """One provider at a time, with the same fields and Test connection as Settings."""

    tested = Signal(object)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = TaskRunner(self)
        self.setTitle(self.tr("Connect a provider"))
        layout = QVBoxLayout(self)
        # in the page, not the subtitle: the wizard's header has room for two lines only
        layout.addWidget(
            plain_label(
                self.tr(
                    "Choose the provider, fill in what its dashboard gives you and press Test "
                    "connection. What you enter is saved when you press Finish; secrets go to "
                    "the system keyring, or to the console's encrypted vault."
                ),
                self,
                wrap=True,
            )
        )
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Provider"), self))
        self.provider = QComboBox(self)
        row.addWidget(self.provider, 1)
        layout.addLayout(row)
        self.boxes: dict[Provider, ProviderBox] = {}
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        for provider in Provider:
            box = ProviderBox(provider, settings.provider(provider), holder)
            box.test_button.clicked.connect(lambda _=False, p=provider: self.test(p))
            box.setVisible(False)
            column.addWidget(box)
            self.boxes[provider] = box
            self.provider.addItem(box.title(), provider.value)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        self.provider.currentIndexChanged.connect(self._show)
        self._show()

    def _show(self) -> None:
        chosen = self.provider.currentData()
        for provider, box in self.boxes.items():
            box.setVisible(provider.value == chosen)

    def test(self, provider: Provider) -> None:
        self.boxes[provider].start_test(self.runner, self.settings.data_dir, self.tested.emit)

    def validatePage(self) -> bool:
        problems = [box.problem() for box in self.boxes.values()]
        for box, problem in zip(self.boxes.values(), problems, strict=True):
            set_error(box.error, problem)
        return not any(problems)

    def keep(self) -> bool:
        """Put what was typed into the settings (secrets into the secret store), as Settings'
        Save does. True when a provider's settings changed."""
        changed = False
        for provider, box in self.boxes.items():
            edited = box.edited()
            entry = self.settings.provider(provider)
            if not edited.url or (
                edited.url == entry.url
                and not any(edited.sources.get(n) == "typed" for n in SECRET_FIELDS)
            ):
                continue
            for name in PLAIN_FIELDS:
                setattr(entry, name, getattr(edited, name))
            for name in SECRET_FIELDS:
                value = getattr(edited, name)
                if not value or edited.sources.get(name) == "env":
                    continue
                entry.sources[name] = store_secret(
                    self.settings.data_dir, provider, entry.url, name, value
                )
                setattr(entry, name, value)
            entry.token_source = entry.sources.get("token")
            changed = True
        return changed


class FirstRunGuide(QWizard):
    """Welcome (name, profile) > how to start (demo, provider, later) > connect a provider."""

    #: emitted with the settings when the guide is done (finished or skipped) and saved
    completed = Signal(object)
    #: emitted with the settings when a provider was connected (the window reconfigures)
    providersChanged = Signal(object)

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        start_demo: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.start_demo = start_demo or self._start_demo
        self.setObjectName("firstRunGuide")
        self.setWindowTitle(self.tr("First-run guide"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Skip"))
        self.welcome = WelcomePage(settings, self)
        self.start_page = StartPage(self)
        self.connect_page = ConnectPage(settings, self)
        self.setPage(PAGE_WELCOME, self.welcome)
        self.setPage(PAGE_START, self.start_page)
        self.setPage(PAGE_CONNECT, self.connect_page)
        self.ready_page = ReadyPage(self)
        self.setPage(PAGE_READY, self.ready_page)
        self.setStartId(PAGE_WELCOME)
        self.resize(640, 520)
        self.finished.connect(self._finished)

    def _finished(self, result: int) -> None:
        accepted = result == QWizard.DialogCode.Accepted
        name = self.welcome.operator.text().strip()
        if accepted and name:
            self.settings.operator = name
        if accepted:
            self.settings.profile = self.welcome.profile.currentData() or "all"
        connected = (
            accepted and self.start_page.connect_choice.isChecked() and self.connect_page.keep()
        )
        self.settings.first_run_done = True
        save_settings(self.settings)
        if accepted and self.start_page.demo.isChecked():
            self.start_demo()
        if connected:
            self.providersChanged.emit(self.settings)
        self.completed.emit(self.settings)

    def _start_demo(self) -> None:
        program, arguments = demo_command()
        arguments += ["--data-dir", str(self.settings.data_dir)]
        QProcess.startDetached(program, arguments)
