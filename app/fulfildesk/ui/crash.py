"""The crash dialog: an unhandled exception anywhere in the window (a Qt slot, via sys.excepthook;
a task or callback on the event loop, via the loop's exception handler; a task of the window's
TaskRunner) is logged and shown in words, with "Copy details" and where the log is.

The window is kept: Qt slots and asyncio tasks end at the exception, and every purchase is
journaled, so carrying on is safe. Only errors that leave the interpreter itself in doubt
(MemoryError, SystemError) advise quitting. Repeats while the dialog is open are counted in it
rather than stacking dialogs.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from fulfildesk import APP_NAME

log = logging.getLogger(__name__)

#: errors after which the interpreter itself may be unsound: the dialog advises quitting
FATAL = (MemoryError, SystemError)
#: how many reports the details keep while the dialog is open (the log has them all)
MAX_REPORTS = 20


def details_text(exc: BaseException, where: str) -> str:
    """What "Copy details" copies: when, where, the versions, and the traceback."""
    from fulfildesk.ui.help import versions

    lines = [
        QCoreApplication.translate(
            "crash", "{APP_NAME} error report, {0:%Y-%m-%d %H:%M:%S} UTC"
        ).format(datetime.now(UTC), APP_NAME=APP_NAME)
    ]
    lines.append(QCoreApplication.translate("crash", "Where: {0}").format(where or "the window"))
    lines += [f"{name}: {version}" for name, version in versions()]
    lines.append("")
    lines += traceback.format_exception(type(exc), exc, exc.__traceback__)
    return "\n".join(line.rstrip("\n") for line in lines)


class CrashDialog(QDialog):
    """One dialog per burst of errors: later ones while it is open are counted in it."""

    def __init__(
        self, exc: BaseException, where: str, log_file: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Something went wrong"))
        self.setObjectName("crashDialog")
        self.log_file = log_file
        self.count = 0
        self._details: list[str] = []
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size)
        )
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice = QLabel(self)
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        self.advice.setWordWrap(True)
        self.repeats = QLabel(self)
        self.repeats.hide()
        self.log_label = QLabel(self)
        self.log_label.setTextFormat(Qt.TextFormat.PlainText)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label.setText(
            self.tr("The details were written to the log:\n%1").replace("%1", str(log_file))
        )
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.hide()
        self.details_button = QPushButton(self.tr("Show details"), self)
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.copy_button = QPushButton(self.tr("Copy details"), self)
        self.copy_button.clicked.connect(self.copy_details)
        self.log_button = QPushButton(self.tr("Open log folder"), self)
        self.log_button.clicked.connect(self.open_log_folder)
        self.buttons = QDialogButtonBox(self)
        self.keep_button = self.buttons.addButton(
            self.tr("Keep working"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.quit_button = self.buttons.addButton(
            self.tr("Quit"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        for button in (self.details_button, self.copy_button, self.log_button):
            button.setAutoDefault(False)  # Enter means "Keep working", not "Show details"
        self.keep_button.setDefault(True)
        self.keep_button.setFocus()
        self.buttons.accepted.connect(self.accept)
        self.quit_button.clicked.connect(self.quit_application)

        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        for widget in (self.summary, self.advice, self.repeats, self.log_label):
            text.addWidget(widget)
        top.addLayout(text, 1)
        row = QHBoxLayout()
        for button in (self.details_button, self.copy_button, self.log_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 260)
        self.add(exc, where)

    def add(self, exc: BaseException, where: str) -> None:
        """Show this error (the first, or one more while the dialog is open)."""
        self.count += 1
        self._details.append(details_text(exc, where))
        del self._details[:-MAX_REPORTS]  # an error in a paint event repeats at every paint
        self.details.setPlainText("\n\n".join(self._details))
        self.summary.setText(describe(exc, where, self))
        if isinstance(exc, FATAL):
            self.advice.setText(
                self.tr(
                    "The console may not work properly after this error. Quit and start it "
                    "again; purchases are journaled, so unfinished ones resume at the next start "
                    "and nothing is bought twice."
                )
            )
            self.keep_button.setAutoDefault(False)
            self.keep_button.setDefault(False)
            self.quit_button.setDefault(True)
            self.quit_button.setFocus()
        elif self.count == 1:
            self.advice.setText(
                self.tr(
                    "The window keeps working: only the step that failed was stopped. Purchases "
                    "are journaled, so nothing is bought twice and unfinished work resumes. If "
                    "something looks wrong, quit and start the console again."
                )
            )
        if self.count > 1:
            self.repeats.setText(
                self.tr("This has now happened %n times; the latest is shown.", "", self.count)
            )
            self.repeats.show()

    def text(self) -> str:
        """What the dialog says (tests, screen readers' summary)."""
        return "\n".join(
            label.text() for label in (self.summary, self.advice, self.log_label) if label.text()
        )

    def details_text(self) -> str:
        return self.details.toPlainText()

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details_text())
        self.copy_button.setText(self.tr("Copied"))

    def open_log_folder(self) -> None:
        from fulfildesk.ui.help import open_folder

        open_folder(self.log_file.parent, self)

    def quit_application(self) -> None:
        self.done(QDialog.DialogCode.Rejected)
        parent = self.parentWidget()
        if parent is not None:
            parent.close()  # asks first when a purchase is running
        else:
            QApplication.quit()

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText(self.tr("Hide details") if shown else self.tr("Show details"))
        self.resize(self.width(), 520 if shown else 260)


def describe(exc: BaseException, where: str, ctx: QObject) -> str:
    """The error in words: what kind of thing failed and the message, without a traceback."""
    kinds: list[tuple[type[BaseException], str]] = [
        (MemoryError, QCoreApplication.translate("crash", "The computer ran out of memory")),
        (
            PermissionError,
            QCoreApplication.translate(
                "crash", "A file or folder could not be opened: permission denied"
            ),
        ),
        (
            FileNotFoundError,
            QCoreApplication.translate("crash", "A file or folder the console needs is missing"),
        ),
        (TimeoutError, QCoreApplication.translate("crash", "Something took too long to answer")),
        (ConnectionError, QCoreApplication.translate("crash", "A network connection failed")),
        (OSError, QCoreApplication.translate("crash", "The system refused an operation")),
        (
            ValueError,
            QCoreApplication.translate("crash", "The console met a value it did not expect"),
        ),
        (
            KeyError,
            QCoreApplication.translate(
                "crash", "The console looked for something that was not there"
            ),
        ),
    ]
    kind = next((text for cls, text in kinds if isinstance(exc, cls)), None)
    kind = kind or QCoreApplication.translate("crash", "The console hit an unexpected problem")
    message = str(exc).strip() or type(exc).__name__
    place = f" {where}" if where else ""
    return f"{kind}{place}.\n\n{type(exc).__name__}: {message}"


class CrashReporter(QObject):
    """Shows unhandled exceptions of one window. `install()` routes sys.excepthook and the
    running event loop's exception handler here; `report()` is also called for failed tasks."""

    def __init__(self, window: QWidget, log_dir: Path) -> None:
        super().__init__(window)
        self.window = window
        self.log_file = Path(log_dir) / "fulfildesk.log"
        self.dialog: CrashDialog | None = None
        self._previous_hook: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reporting = False

    def report(self, exc: BaseException, where: str = "") -> CrashDialog | None:
        """Show `exc` (already logged by whoever caught it) in the crash dialog."""
        if self._reporting:  # an error while showing an error: the log has it, stop here
            return self.dialog
        self._reporting = True
        try:
            parent = self.window if shiboken6.isValid(self.window) else None
            if self.dialog is not None and shiboken6.isValid(self.dialog):
                if self.dialog.isVisible():
                    self.dialog.add(exc, where)
                    return self.dialog
                self.dialog.deleteLater()
            self.dialog = CrashDialog(exc, where, self.log_file, parent)
            self.dialog.open()
            return self.dialog
        finally:
            self._reporting = False

    def task_failed(self, exc: BaseException, name: str) -> CrashDialog | None:
        """A task of the window's TaskRunner raised (the runner logged it)."""
        return self.report(exc, self._in_task(name))

    def _in_task(self, name: str) -> str:
        if name and not name.startswith("Task-"):
            return self.tr("in background work (%1)").replace("%1", name)
        return self.tr("in background work")

    # ------------------------------------------------------------ the hooks

    def install(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self._previous_hook = sys.excepthook
        sys.excepthook = self._excepthook
        try:
            self._loop = loop or asyncio.get_event_loop()
        except RuntimeError:
            self._loop = None
        if self._loop is not None:
            self._loop.set_exception_handler(self._loop_handler)

    def uninstall(self) -> None:
        if sys.excepthook == self._excepthook:
            sys.excepthook = self._previous_hook or sys.__excepthook__
        if self._loop is not None and not self._loop.is_closed():
            self._loop.set_exception_handler(None)
        self._loop = None

    def _excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            (self._previous_hook or sys.__excepthook__)(exc_type, exc, tb)
            return
        log.error("unhandled exception", exc_info=(exc_type, exc, tb))
        try:
            self.report(exc.with_traceback(tb), self.tr("while handling what you just did"))
        except Exception:  # never let the hook itself fail silently
            log.exception("the crash dialog failed")
            sys.__excepthook__(exc_type, exc, tb)

    def _loop_handler(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if exc is None or isinstance(exc, asyncio.CancelledError):
            loop.default_exception_handler(context)  # a warning without an exception: log it
            return
        task = context.get("task") or context.get("future")
        name = task.get_name() if isinstance(task, asyncio.Task) else ""
        log.error(
            "unhandled exception in the event loop: %s%s",
            context.get("message", ""),
            f" (task {name})" if name else "",
            exc_info=(type(exc), exc, exc.__traceback__),
        )
        try:
            self.report(exc, self._in_task(name))
        except Exception:
            log.exception("the crash dialog failed")


def install_crash_handler(window: Any) -> CrashReporter:
    """Route every unhandled exception of the running application to `window`'s crash dialog."""
    reporter: CrashReporter = window.crash
    reporter.install()
    return reporter
