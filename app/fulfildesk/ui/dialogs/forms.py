"""A small form dialog: labelled fields with a message under each, submitted by Enter."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.domain.texts import plain, tidy
from fulfildesk.domain.validation import countries
from fulfildesk.ui.dialogs.buy_keys import error_label, set_error
from fulfildesk.ui.service_texts import service_text
from fulfildesk.ui.text import plain_label


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | country | number | picker (a searchable list; ids too)
    placeholder: str = ""
    max_length: int = 200
    minimum: int = 1
    maximum: int = 50


def country_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItem("", "")
    for code, name in countries():
        combo.addItem(f"{name} ({code})", code)
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(completer.filterMode())
    return combo


def picker_combo(parent: QWidget, placeholder: str) -> QComboBox:
    """An editable, searchable list: typing any part of a name, an email or an id narrows it;
    an id that is not listed can still be typed or pasted."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText(placeholder)
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return combo


class FormDialog(QDialog):
    submitted = Signal(dict)

    def __init__(
        self,
        title: str,
        intro: str,
        fields: list[Field],
        submit_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._locked = False  # a submission is being handled
        self._held = False  # work started from this form is running
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(plain_label(intro, self, wrap=True))
        self.form = QFormLayout()
        self.inputs: dict[str, QLineEdit | QComboBox | QSpinBox] = {}
        self.kinds = {spec.name: spec.kind for spec in fields}
        self.errors: dict[str, QLabel] = {}
        for spec in fields:
            widget: QLineEdit | QComboBox | QSpinBox
            if spec.kind == "country":
                widget = country_combo(self)
            elif spec.kind == "picker":
                widget = picker_combo(self, spec.placeholder)
                line = widget.lineEdit()
                if line is not None:
                    line.returnPressed.connect(self.submit)
                    line.textEdited.connect(lambda _t, n=spec.name: set_error(self.errors[n], ""))
            elif spec.kind == "number":
                widget = QSpinBox(self)
                widget.setRange(spec.minimum, spec.maximum)
            else:
                widget = QLineEdit(self)
                widget.setMaxLength(spec.max_length)
                widget.setPlaceholderText(spec.placeholder)
                widget.returnPressed.connect(self.submit)
                widget.textEdited.connect(lambda _t, n=spec.name: set_error(self.errors[n], ""))
            widget.setAccessibleName(spec.label)
            # messages appearing under the fields never squash an input
            widget.setMinimumHeight(widget.sizeHint().height())
            self.inputs[spec.name] = widget
            self.errors[spec.name] = error_label(self)
            self.form.addRow(spec.label, widget)
            self.form.addRow("", self.errors[spec.name])
        layout.addLayout(self.form)
        self.banner = error_label(self)
        layout.addWidget(self.banner)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        layout.addWidget(self.progress)
        buttons = QDialogButtonBox(self)
        self.submit_button = buttons.addButton(submit_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.submit_button.clicked.connect(self.submit)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        """A picker's entries, (label, value) each; what is typed or chosen already stays."""
        widget = self.inputs[name]
        assert isinstance(widget, QComboBox)
        chosen = self.values()[name]
        widget.blockSignals(True)
        widget.clear()
        for label, value in choices:
            widget.addItem(label, value)
        widget.blockSignals(False)
        self.set_value(name, chosen)

    def set_value(self, name: str, value: str) -> None:
        widget = self.inputs[name]
        if isinstance(widget, QComboBox) and self.kinds.get(name) == "picker":
            index = widget.findData(value) if value else -1
            if index >= 0:
                widget.setCurrentIndex(index)
            else:
                widget.setCurrentIndex(-1)
                widget.setEditText(value)
        elif isinstance(widget, QComboBox):
            index = widget.findData(value.upper()) if value else 0
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        else:
            widget.setText(value)

    def values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QComboBox) and self.kinds.get(name) == "picker":
                # a listed entry's label means its id; anything else is taken as typed (an id)
                text = widget.currentText().strip()
                index = widget.findText(text, Qt.MatchFlag.MatchFixedString)
                found[name] = str(widget.itemData(index)) if text and index >= 0 else text
            elif isinstance(widget, QComboBox):
                data = widget.currentData()
                text = widget.currentText().strip()
                found[name] = (
                    data if data and widget.itemText(widget.currentIndex()) == text else text
                )
            elif isinstance(widget, QSpinBox):
                found[name] = str(widget.value())
            else:
                found[name] = widget.text()
        return found

    def show_errors(self, problems: dict[str, str], banner: str = "") -> None:
        first = None
        problems = {name: service_text(plain(text)) for name, text in problems.items()}
        for name, label in self.errors.items():
            set_error(label, problems.get(name, ""))
            if name in problems and first is None:
                first = self.inputs[name]
        other = [f"{k}: {v}" for k, v in problems.items() if k not in self.errors]
        set_error(self.banner, " ".join(filter(None, [tidy(banner) if banner else "", *other])))
        if first is not None:
            first.setFocus()
        self._grow()

    def _grow(self) -> None:
        """Make room for the messages: the dialog grows, the inputs keep their height."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        wanted = max(self.sizeHint().height(), self.minimumSizeHint().height())
        if self.height() < wanted:
            self.resize(self.width(), wanted)

    def submit(self) -> None:
        """One submission per intent: Enter in a field also reaches the default button, a
        scanner sends its Enter twice, a key is held down. The form locks before it emits; it
        stays locked while the work it started runs (`hold`), and opens again in `unlock`."""
        if self._locked or not self.submit_button.isEnabled() or self.choosing():
            return
        self._locked = True
        try:
            self.submitted.emit(self.values())
        finally:
            if not self._held:
                self._locked = False

    def choosing(self) -> bool:
        """A picker's list is open: Enter picks the entry, it does not submit the form (the
        completer hands Enter to the field before it completes, so the typed text would go)."""
        for name, widget in self.inputs.items():
            if self.kinds.get(name) != "picker" or not isinstance(widget, QComboBox):
                continue
            completer = widget.completer()
            popup = completer.popup() if completer is not None else None
            view = widget.view()
            if (popup is not None and popup.isVisible()) or (view is not None and view.isVisible()):
                return True
        return False

    def hold(self) -> None:
        """Work was started from this form: keep it locked until `unlock`."""
        self._held = True
        self._locked = True
        self.set_busy(True)

    @property
    def in_flight(self) -> bool:
        return self._held

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.submit_button.setEnabled(not busy)

    def unlock(self) -> None:
        """Usable again after the work it started ended, however it ended."""
        self._held = False
        self._locked = False
        self.set_busy(False)
