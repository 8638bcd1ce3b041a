"""The contract every flow controller follows.

A controller owns its actions' handlers, its dialogs and its service calls. It never refreshes a
screen itself: when an operation ends it emits `changed` with a `Changes` value saying what
changed, and the window refreshes that, once (Anki's CollectionOp idea). `openOrder` asks the
window to show an order; `message` puts a line in the status bar.

All asynchronous work goes through `work()`: it starts the coroutine on the shared TaskRunner,
counts it (so `busy` says whether a purchase is running), and in `finally` unlocks the dialog the
work was started from, so a form is usable again after any exception.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from fulfildesk.context import AppContext
from fulfildesk.domain.texts import tidy
from fulfildesk.ui.asyncglue import TaskRunner


@dataclass(frozen=True)
class Changes:
    """What an operation changed; the window refreshes exactly that, once."""

    providers: frozenset[str] = field(default_factory=frozenset)  # their cached orders changed
    journal: bool = False  # the purchases journal changed
    sync_times: bool = False  # a sync ran: the last-sync tooltip and the establishments

    @classmethod
    def orders(cls, *providers: str, journal: bool = False) -> Changes:
        return cls(providers=frozenset(providers), journal=journal)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.providers | other.providers,
            self.journal or other.journal,
            self.sync_times or other.sync_times,
        )

    def __bool__(self) -> bool:
        return bool(self.providers or self.journal or self.sync_times)


JOURNAL = Changes(journal=True)


class Unlockable(Protocol):
    def unlock(self) -> None:
        """Make the form usable again (buttons enabled, progress hidden); keep its messages."""


def hold(dialog: object) -> None:
    """Lock a form at once, before its work starts, so a second Enter cannot send again."""
    method = getattr(dialog, "hold", None)
    if callable(method):
        method()


class FlowController(QObject):
    changed = Signal(object)  # Changes
    message = Signal(str, int)  # passing progress: text, milliseconds (0 = until replaced)
    #: a message for the log: level (error | success | info), provider code or "", full text
    note = Signal(str, str, str)
    openOrder = Signal(str, str)  # provider, order id
    busyChanged = Signal(bool)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.ctx = ctx
        self.runner = runner
        self.parent_widget = parent_widget
        self._purchases = 0

    @property
    def busy(self) -> bool:
        """True while a purchase started by this controller is under way."""
        return self._purchases > 0

    #: the provider this flow talks to (messages are logged under it)
    provider = ""

    def say(
        self,
        text: str,
        ms: int = 10000,
        *,
        level: str = "info",
        provider: str | None = None,
        log: bool = True,
    ) -> None:
        """Tell the operator: `log=False` for passing progress (status bar only); everything
        else also goes to the message log, with its time and provider."""
        if level == "error":
            text = tidy(text)
        if log and text:
            self.note.emit(level, self.provider if provider is None else provider, text)
        else:
            self.message.emit(text, ms)

    def fail(self, text: str, provider: str | None = None) -> None:
        self.say(text, 0, level="error", provider=provider)

    def done(self, text: str, ms: int = 10000, provider: str | None = None) -> None:
        self.say(text, ms, level="success", provider=provider)

    def work(
        self,
        coro: Coroutine[Any, Any, Any],
        name: str,
        dialog: Unlockable | None = None,
        *,
        purchase: bool = False,
    ) -> asyncio.Task[Any]:
        """Run `coro` in the background; whatever happens, `dialog` is unlocked and the busy
        count restored at the end. An unexpected exception still reaches the runner's report."""
        if dialog is not None:
            hold(dialog)
        if purchase:
            self._purchases += 1
            if self._purchases == 1:
                self.busyChanged.emit(True)

        async def guarded() -> Any:
            try:
                return await coro
            finally:
                if purchase:
                    self._purchases -= 1
                    if not self._purchases and shiboken6.isValid(self):
                        self.busyChanged.emit(False)
                if dialog is not None and shiboken6.isValid(dialog):
                    dialog.unlock()

        return self.runner.start(guarded(), name)

    def not_configured(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent_widget, title, text)
