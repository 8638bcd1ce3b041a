"""The message log: every success and error of this session with its time, provider and full
text, copyable; and the status bar's one-line summary of the latest message, which opens it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.ui.i18n import QT_TRANSLATE_NOOP
from fulfildesk.ui.text import plain_label, tooltip
from fulfildesk.ui.theme import Tone, colour, tint
from fulfildesk.ui.vocabulary import provider_name

LEVELS = {
    "error": QT_TRANSLATE_NOOP("messages", "Error"),
    "success": QT_TRANSLATE_NOOP("messages", "Done"),
    "info": QT_TRANSLATE_NOOP("messages", "Note"),
}
MAX_MESSAGES = 2000


@dataclass(frozen=True)
class Message:
    at: datetime
    level: str  # error | success | info
    provider: str  # provider code, or "" for the console itself
    text: str

    def line(self) -> str:
        who = (
            provider_name(self.provider)
            if self.provider
            else QCoreApplication.translate("Message", "Console")
        )
        return QCoreApplication.translate(
            "Message", "{at:%Y-%m-%d %H:%M:%S} UTC  {0}  {who}  {text}"
        ).format(
            QCoreApplication.translate("messages", LEVELS[self.level]),
            at=self.at,
            who=who,
            text=self.text,
        )


class MessageLog(QWidget):
    """A table of messages, newest last; Copy copies the selected ones (or all), full text."""

    added = Signal(object)  # Message

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messages: list[Message] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time (UTC)"), "", self.tr("Provider"), self.tr("Message")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # one line per message (the full text is its tooltip, and Copy copies it whole)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAccessibleName(self.tr("Messages"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 140), (1, 50), (2, 110)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.count_label = plain_label(self.tr("No messages yet."), self)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setToolTip(
            tooltip(self.tr("Copy the selected messages (all when none is selected)"))
        )
        self.copy_button.clicked.connect(self.copy)
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.clicked.connect(self.clear)
        row.addWidget(self.count_label, 1)
        row.addWidget(self.copy_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.table)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self.copy)

    def add(self, level: str, provider: str, text: str) -> Message:
        message = Message(datetime.now(UTC), level if level in LEVELS else "info", provider, text)
        self.messages.append(message)
        if len(self.messages) > MAX_MESSAGES:
            del self.messages[0]
            self.table.removeRow(0)
        row = self.table.rowCount()
        self.table.insertRow(row)
        cells = (
            f"{message.at:%Y-%m-%d %H:%M:%S}",
            QCoreApplication.translate("messages", LEVELS[message.level]),
            provider_name(provider) if provider else self.tr("Console"),
            text,
        )
        for column, value in enumerate(cells):
            item = QTableWidgetItem(value)
            item.setToolTip(tooltip(text))
            if message.level == "error" and column in (1, 3):
                item.setForeground(colour(Tone.BAD))
            self.table.setItem(row, column, item)
        self.table.scrollToBottom()
        errors = sum(1 for m in self.messages if m.level == "error")
        self.count_label.setText(
            (self.tr("1 message") if len(self.messages) == 1 else self.tr("{0} messages")).format(
                len(self.messages)
            )
            + (
                (self.tr(", 1 error") if errors == 1 else self.tr(", {0} errors")).format(errors)
                if errors
                else ""
            )
        )
        self.added.emit(message)
        return message

    def selected_text(self) -> str:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        chosen = [self.messages[r] for r in rows] if rows else self.messages
        return "\n".join(m.line() for m in chosen)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.selected_text())

    def clear(self) -> None:
        self.messages.clear()
        self.table.setRowCount(0)
        self.count_label.setText(self.tr("No messages yet."))


class StatusSummary(QPushButton):
    """The latest message on one line, elided to the room it has; a click (or Space when it has
    the focus) opens the log. A flat button whose text is a left-aligned label inside it, so it
    reads like a status line (a button centres its own text; no style sheet in ui/)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(120)
        self.setAccessibleName(self.tr("Latest message (opens the message log)"))
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 6, 0)
        row.addWidget(self.label)
        self.full_text = ""
        self.level = "info"

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self.label.sizeHint().height() + 6))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())

    def shown_text(self) -> str:
        """What the status line shows (the latest message's first line, elided)."""
        return self.label.text()

    def show_message(self, message: Message) -> None:
        name = provider_name(message.provider) if message.provider else ""
        text = message.text
        self.full_text = text if name in text else f"{name}: {text}" if name else text
        self.level = message.level
        tint(self.label, Tone.BAD if message.level == "error" else None)
        self.setToolTip(tooltip(self.full_text + self.tr("\n\nClick to open the message log.")))
        self._elide()

    def clear_message(self) -> None:
        self.full_text = ""
        self.label.setText("")
        self.setToolTip("")

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(40, self.width() - 14)
        first_line = self.full_text.splitlines()[0] if self.full_text else ""
        self.label.setText(
            self.label.fontMetrics().elidedText(first_line, Qt.TextElideMode.ElideRight, room)
        )
