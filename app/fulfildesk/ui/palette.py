"""The command palette, Ctrl+K (issue 14): every action of the window that the profile shows and
that can run now (from the one action table, ui/actions.py), with its shortcut, fuzzy matched
(domain/fuzzy.py); the saved views; and "go to order …" by id, reference or tracking number (the
list's own search of the cache). Keyboard only: type, Up/Down, Enter runs, Escape closes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from fulfildesk.domain.fuzzy import rank
from fulfildesk.domain.vocabulary import PROVIDER_NAMES
from fulfildesk.services.views import find_orders
from fulfildesk.ui.actions import ACTIONS

if TYPE_CHECKING:
    from fulfildesk.ui.ops import OpsController

SEARCH_DELAY_MS = 150
ORDER_RESULTS = 8


@dataclass(frozen=True)
class Entry:
    kind: str  # "action", "view" or "order"
    text: str
    shortcut: str = ""
    target: Any = None  # action name, view name, or (provider, order id)


def clean(text: str) -> str:
    return text.replace("&", "").replace("…", "").strip()


class CommandPalette(QDialog):
    #: an entry ran (kind, text): tests and the message log
    ran = Signal(str, str)
    #: the order search of the current text came back
    searched = Signal()

    def __init__(self, ops: OpsController) -> None:
        super().__init__(ops.window)
        self.ops = ops
        self.window_ = ops.window
        self.setWindowTitle(self.tr("Command palette"))
        self.setObjectName("commandPalette")
        self.setModal(True)
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        self.input = QLineEdit(self)
        self.input.setPlaceholderText(
            self.tr("Type a command, a saved view, or an order id, reference or tracking number")
        )
        self.input.setAccessibleName(self.tr("Command"))
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.itemActivated.connect(lambda _item: self.run_current())
        self.hint = QLabel(self.tr("↑↓ choose · Enter run · Esc close"), self)
        layout.addWidget(self.input)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.input.textChanged.connect(self.refilter)
        self.input.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.orders: list[Entry] = []
        self.entries: list[Entry] = []

    # ---------------------------------------------------------------- what it offers

    def base_entries(self) -> list[Entry]:
        found = []
        for spec in ACTIONS:
            action = self.window_.actions_by_name.get(spec.name)
            if spec.name == "palette" or action is None:
                continue
            if not (action.isVisible() and action.isEnabled()):
                continue
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            found.append(Entry("action", clean(action.text()), shortcut, spec.name))
        for view in self.ops.views.all_views():
            found.append(Entry("view", self.tr("View: ") + view["name"], "", view["name"]))
        return found

    def open_palette(self) -> None:
        self.input.blockSignals(True)
        self.input.clear()
        self.input.blockSignals(False)
        self.orders = []
        self.refilter()
        self.show()
        self.raise_()
        self.activateWindow()
        self.input.setFocus()

    def refilter(self) -> None:
        text = self.input.text()
        base = self.base_entries()
        matched = [base[n] for n in rank(text, [e.text for e in base])]
        if not text.strip():
            self.orders = []
        self.entries = [*matched, *self.orders]
        self._fill()
        if len(text.strip()) >= 2:
            self._timer.start()

    def _fill(self) -> None:
        self.list.clear()
        for entry in self.entries:
            label = entry.text + (f"    {entry.shortcut}" if entry.shortcut else "")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.list.addItem(item)
        if self.entries:
            self.list.setCurrentRow(0)

    def _search(self) -> None:
        self.ops.runner.start(self._search_orders(self.input.text()), "palette-search")

    async def _search_orders(self, text: str) -> None:
        rows = await find_orders(self.ops.ctx.store, text, ORDER_RESULTS)
        if text != self.input.text():
            return  # superseded by what was typed since
        self.orders = [
            Entry(
                "order",
                self.tr("Go to order {id} ({provider}) {extra}")
                .format(
                    id=row["provider_order_id"],
                    provider=PROVIDER_NAMES.get(row["provider"], row["provider"]),
                    extra=" · ".join(
                        str(row[k]) for k in ("reference", "tracking_number") if row.get(k)
                    ),
                )
                .strip(),
                "",
                (row["provider"], row["provider_order_id"]),
            )
            for row in rows
        ]
        current = self.list.currentRow()
        base = [e for e in self.entries if e.kind != "order"]
        self.entries = [*base, *self.orders]
        self._fill()
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)
        self.searched.emit()

    # ---------------------------------------------------------------- keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 8,
                Qt.Key.Key_PageUp: -8,
            }.get(Qt.Key(event.key()))
            if step is not None and self.list.count():
                row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
                self.list.setCurrentRow(row)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.run_current()
                return True
        return super().eventFilter(watched, event)

    def current_entry(self) -> Entry | None:
        item = self.list.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return entry if isinstance(entry, Entry) else None

    def run_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        self.accept()
        if entry.kind == "action":
            self.window_.actions_by_name[entry.target].trigger()
        elif entry.kind == "view":
            self.ops.views.apply(entry.target)
        else:
            self.ops.go_to_order(*entry.target)
        self.ran.emit(entry.kind, entry.text)
