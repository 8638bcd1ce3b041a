"""Notes, tags and the claim of the order in the detail pane (issues 14 and 17).

Notes are free text with operator and time (and the seat in team mode), oldest first; tags are
chips in a theme tone (never a colour written here), removed with their × button."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.ui.text import plain_label
from fulfildesk.ui.theme import Tone, emphasise, tint

TONE_NAMES = {
    "info": Tone.INFO,
    "good": Tone.GOOD,
    "warn": Tone.WARN,
    "bad": Tone.BAD,
    "hint": Tone.HINT,
}


def note_line(note: dict[str, Any]) -> str:
    when = str(note.get("at", ""))[:16].replace("T", " ")
    seat = f" @ {note['seat']}" if note.get("seat") else ""
    return f"{when}  {note.get('operator', '')}{seat}: {note.get('body', '')}"


class NotesPanel(QGroupBox):
    noteAdded = Signal(str)  # body
    tagAdded = Signal(str, str)  # tag, tone name
    tagRemoved = Signal(str)
    claimRequested = Signal()
    releaseRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Team notes and tags"))
        layout = QVBoxLayout(self)
        claim_row = QHBoxLayout()
        self.claim_label = plain_label("", self, wrap=True)
        emphasise(self.claim_label)
        self.claim_button = QPushButton(self.tr("Claim"), self)
        self.claim_button.clicked.connect(self.claimRequested)
        self.release_button = QPushButton(self.tr("Release"), self)
        self.release_button.clicked.connect(self.releaseRequested)
        claim_row.addWidget(self.claim_label, 1)
        claim_row.addWidget(self.claim_button)
        claim_row.addWidget(self.release_button)
        layout.addLayout(claim_row)
        self.tags_row = QHBoxLayout()
        layout.addLayout(self.tags_row)
        add_tag = QHBoxLayout()
        self.tag_input = QLineEdit(self)
        self.tag_input.setPlaceholderText(self.tr("New tag, Enter to add"))
        self.tag_input.setMaxLength(40)
        self.tag_input.returnPressed.connect(self._add_tag)
        self.tone = QComboBox(self)
        for name, label in (
            ("info", self.tr("Blue")),
            ("good", self.tr("Green")),
            ("warn", self.tr("Orange")),
            ("bad", self.tr("Red")),
            ("hint", self.tr("Grey")),
        ):
            self.tone.addItem(label, name)
        add_tag.addWidget(self.tag_input, 1)
        add_tag.addWidget(self.tone)
        layout.addLayout(add_tag)
        self.notes_label = plain_label("", self, wrap=True, selectable=True)
        layout.addWidget(self.notes_label)
        self.note_input = QPlainTextEdit(self)
        self.note_input.setPlaceholderText(self.tr("Internal note (Ctrl+Return to add)"))
        self.note_input.setMaximumHeight(70)
        QShortcut(QKeySequence("Ctrl+Return"), self.note_input, self._add_note)
        layout.addWidget(self.note_input)
        self.add_note_button = QPushButton(self.tr("Add note"), self)
        self.add_note_button.clicked.connect(self._add_note)
        layout.addWidget(self.add_note_button, 0, Qt.AlignmentFlag.AlignRight)
        self.chips: dict[str, QLabel] = {}
        self.removers: dict[str, QToolButton] = {}
        self.show_notes([])
        self.show_claim("", can_claim=False, can_release=False)

    def _add_note(self) -> None:
        body = self.note_input.toPlainText().strip()
        if body:
            self.noteAdded.emit(body)

    def _add_tag(self) -> None:
        tag = self.tag_input.text().strip()
        if tag:
            self.tagAdded.emit(tag, str(self.tone.currentData()))

    def note_saved(self) -> None:
        self.note_input.clear()

    def tag_saved(self) -> None:
        self.tag_input.clear()

    def show_notes(self, notes: list[dict[str, Any]]) -> None:
        self.notes_label.setText(
            "\n".join(note_line(n) for n in notes) if notes else self.tr("No notes yet.")
        )

    def show_tags(self, tags: list[tuple[str, str]]) -> None:
        while self.tags_row.count():
            item = self.tags_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.chips = {}
        self.removers = {}
        for tag, tone in tags:
            chip = plain_label(f"#{tag}", self)
            emphasise(chip)
            tint(chip, TONE_NAMES.get(tone, Tone.INFO))
            remove = QToolButton(self)
            remove.setText("×")
            remove.setAutoRaise(True)
            remove.setToolTip(self.tr("Remove the tag %1").replace("%1", tag))
            remove.setAccessibleName(self.tr("Remove the tag %1").replace("%1", tag))
            remove.clicked.connect(lambda _c=False, t=tag: self.tagRemoved.emit(t))
            self.tags_row.addWidget(chip)
            self.tags_row.addWidget(remove)
            self.tags_row.addSpacing(8)
            self.chips[tag] = chip
            self.removers[tag] = remove
        self.tags_row.addStretch(1)

    def show_claim(self, text: str, *, can_claim: bool, can_release: bool) -> None:
        self.claim_label.setText(text)
        self.claim_label.setVisible(bool(text))
        self.claim_button.setVisible(can_claim)
        self.release_button.setVisible(can_release)
