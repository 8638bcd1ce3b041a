"""Desktop notifications (issue 14): when long work ends while the window is not in front, a
system tray message (QSystemTrayIcon.showMessage) if the desktop has a tray, else a line in the
message log. `Notifier.notify` is public: the bulk runner calls it when a run ends."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from fulfildesk import APP_NAME


class Notifier(QObject):
    #: a notification was given: title, text, where ("tray" or "log")
    notified = Signal(str, str, str)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.tray: QSystemTrayIcon | None = None

    def _tray(self) -> QSystemTrayIcon | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        if self.tray is None:
            icon = self.window.windowIcon()
            if icon.isNull():
                icon = self.window.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(APP_NAME)
            self.tray.messageClicked.connect(self._bring_front)
        self.tray.show()
        return self.tray

    def _bring_front(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def in_front(self) -> bool:
        return bool(self.window.isActiveWindow()) and QApplication.applicationState().name == (
            "ApplicationActive"
        )

    def notify(self, title: str, text: str, *, provider: str = "", force: bool = False) -> str:
        """Tell the person `text` unless the window is in front (`force`: even then). Answers
        where it went: "tray", "log" or "" (not needed)."""
        if not force and self.in_front():
            return ""
        tray = self._tray()
        if tray is not None:
            tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10000)
            where = "tray"
        else:
            self.window.log_message("info", provider, f"{title}: {text}")
            where = "log"
        self.notified.emit(title, text, where)
        return where
