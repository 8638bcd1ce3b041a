"""Inventory orders: the order builder, the results view (with 202 pending), player lookup."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.domain.texts import plain_field_message, tidy
from fulfildesk.services.inventory import (
    FIELDS_BY_TYPE,
    EntryDraft,
    InventoryOrderDraft,
    normal_player,
    player_problem,
)
from fulfildesk.ui.dialogs.buy_keys import error_label, set_error
from fulfildesk.ui.dialogs.confirm import ask, describe
from fulfildesk.ui.i18n import QT_TRANSLATE_NOOP, when
from fulfildesk.ui.text import plain_label, tooltip
from fulfildesk.ui.theme import Tone, background, colour, emphasise
from fulfildesk.ui.vocabulary import ENTRY_TYPE_NAMES, status_name, words

ENTRY_TYPE_LABELS = ENTRY_TYPE_NAMES  # one vocabulary (domain/vocabulary.py)
OPERATION_LABELS = {
    "add": "add",
    "subtract": "subtract",
    "set": QT_TRANSLATE_NOOP("inventory", "set to"),
    "check_greater_than_or_equal": QT_TRANSLATE_NOOP("inventory", "require at least"),
    "check_less_than": QT_TRANSLATE_NOOP("inventory", "require fewer than"),
    "check_greater_than_or_equal_and_subtract": QT_TRANSLATE_NOOP("inventory", "require and take"),
}
SOURCES_SHOWN = (
    "SUPPORT",
    "REFUND",
    "REWARDS",
    "PROMOCODE",
    "WEB_SITE",
    "IN_GAME",
    "SYSTEM",
    "CLIENT",
    "ESPORTS",
    "ACTIVITY",
)

COLUMNS = (
    "type",
    "quantity",
    "loot_id",
    "price_item_id",
    "price",
    "external_tran_id",
    "item_id",
    "inventory_id",
    "inventory_operation",
)
HEADERS = (
    QT_TRANSLATE_NOOP("inventory", "Entry type"),
    QT_TRANSLATE_NOOP("inventory", "Qty"),
    QT_TRANSLATE_NOOP("inventory", "Loot id"),
    QT_TRANSLATE_NOOP("inventory", "Price item"),
    QT_TRANSLATE_NOOP("inventory", "Price"),
    QT_TRANSLATE_NOOP("inventory", "Promotion code"),
    QT_TRANSLATE_NOOP("inventory", "Item id"),
    QT_TRANSLATE_NOOP("inventory", "Inventory id"),
    QT_TRANSLATE_NOOP("inventory", "Operation"),
)
WIDTHS = (230, 80, 80, 80, 70, 130, 70, 200, 150)
ITEM_NAMES = {
    1: QT_TRANSLATE_NOOP("inventory", "Gold"),
    2: QT_TRANSLATE_NOOP("inventory", "Gems"),
    100: "XP",
}


def setup_player_field(owner: QWidget, edit: QLineEdit, error: QLabel, api: str) -> str:
    """The player box as the generation names players (v2: UUID, v1: number); answers its
    label. The message for a key of the wrong kind appears under the box as soon as the
    person leaves it, and goes away as they type."""
    if api == "v2":
        edit.setPlaceholderText(
            QCoreApplication.translate(
                "inventory", "player UUID, e.g. 0b7e6c52-3f1a-4c1e-9a55-2f6b1d2c9e10"
            )
        )
        edit.setMaxLength(40)
        edit.setMinimumWidth(320)
        label = QCoreApplication.translate("inventory", "Player UUID")
    else:
        edit.setPlaceholderText(QCoreApplication.translate("inventory", "player id, e.g. 7"))
        edit.setMaxLength(12)
        label = QCoreApplication.translate("inventory", "Player id")

    def check() -> None:
        text = edit.text().strip()
        set_error(error, player_problem(text, api) if text else "")

    edit.editingFinished.connect(check)
    edit.textEdited.connect(lambda _t: set_error(error, ""))
    return label


def item_label(item_id: int | None) -> str:
    if item_id is None:
        return QCoreApplication.translate("inventory", "item")
    name = ITEM_NAMES.get(item_id)
    if name:
        name = QCoreApplication.translate("inventory", name)
    return (
        QCoreApplication.translate("inventory", "{name} (item {item_id})").format(
            name=name, item_id=item_id
        )
        if name
        else QCoreApplication.translate("inventory", "item {item_id}").format(item_id=item_id)
    )


def draft_summary(draft: InventoryOrderDraft) -> str:
    """Order, items and amount of an inventory order, for its confirmation."""
    items = []
    pays: dict[int | None, int] = {}
    for entry in draft.entries:
        text = f"{entry.quantity} × {ENTRY_TYPE_LABELS.get(entry.type, entry.type)}"
        if entry.loot_id is not None:
            text += QCoreApplication.translate("inventory", " (loot {loot_id})").format(
                loot_id=entry.loot_id
            )
        items.append(text)
        if entry.price:
            pays[entry.price_item_id] = pays.get(entry.price_item_id, 0) + entry.price
    amount = (
        QCoreApplication.translate("inventory", "the player pays ")
        + ", ".join(f"{n} {item_label(i)}" for i, n in pays.items())
        if pays
        else QCoreApplication.translate("inventory", "nothing is charged")
    )
    all_or_nothing = (
        QCoreApplication.translate("inventory", "all or nothing")
        if draft.is_transaction
        else QCoreApplication.translate("inventory", "each entry on its own")
    )
    return describe(
        order=QCoreApplication.translate(
            "inventory", "new order for player {player_id}, source {0}, {all_or_nothing}"
        ).format(
            words(draft.source.lower()), player_id=draft.player_id, all_or_nothing=all_or_nothing
        ),
        items="; ".join(items),
        amount=amount,
    )


class InventoryOrderDialog(QDialog):
    submitted = Signal(object)  # InventoryOrderDraft

    def __init__(self, parent: QWidget | None = None, *, api: str = "v1") -> None:
        super().__init__(parent)
        #: "v2" names players by UUID, "v1" by number (the provider's API generation)
        self.api = api
        self.setWindowTitle(self.tr("Inventory order"))
        self.setMinimumSize(1160, 600)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                self.tr(
                    "Grant or sell in-game items to a player. Each entry is applied and "
                    "reported on its own; an all-or-nothing order undoes every entry "
                    "when one fails."
                ),
                self,
                wrap=True,
            )
        )
        form = QFormLayout()
        self.player = QLineEdit(self)
        self.player_error = error_label(self)
        player_label = setup_player_field(self, self.player, self.player_error, api)
        self.source = QComboBox(self)
        for source in SOURCES_SHOWN:
            self.source.addItem(source.replace("_", " ").capitalize(), source)
        self.transaction = QCheckBox(
            self.tr("All or nothing: if one entry fails, undo every entry"), self
        )
        form.addRow(player_label, self.player)
        form.addRow("", self.player_error)
        form.addRow(self.tr("Source"), self.source)
        form.addRow("", self.transaction)
        layout.addLayout(form)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("inventory", h) for h in HEADERS]
        )
        self.table.verticalHeader().setDefaultSectionSize(30)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        header = self.table.horizontalHeaderItem(3)
        assert header is not None  # the headers are set just above
        header.setToolTip(
            tooltip(self.tr("The item the player pays with, e.g. 1 = Gold, 2 = Gems"))
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add entry"), self)
        self.add_button.clicked.connect(lambda: self.add_entry())
        self.remove_button = QPushButton(self.tr("Remove selected entry"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.entries_error = error_label(self)
        layout.addWidget(self.entries_error)
        # results
        self.results_title = plain_label("", self)
        emphasise(self.results_title)
        layout.addWidget(self.results_title)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.results = QTableWidget(0, 4, self)
        self.results.setHorizontalHeaderLabels(
            ["#", self.tr("Entry"), self.tr("Result"), self.tr("Inventory changes")]
        )
        self.results.verticalHeader().hide()
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.results.hide()
        layout.addWidget(self.results, 1)
        buttons = QHBoxLayout()
        self.confirm_box: QMessageBox | None = None
        self.send_button = QPushButton(self.tr("Send order…"), self)
        self.send_button.clicked.connect(self.submit)
        self.new_button = QPushButton(self.tr("New order"), self)
        self.new_button.clicked.connect(self.reset)
        self.new_button.hide()
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        # Enter anywhere in the form means Send (which asks first), never Add entry or Close
        for other in (self.add_button, self.remove_button, self.new_button, close):
            other.setAutoDefault(False)
        self.send_button.setDefault(True)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.send_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.add_entry()

    def set_known_players(self, players: list[str]) -> None:
        """Players the console already knows, offered as the person types (or picks)."""
        completer = QCompleter(players, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.player.setCompleter(completer)

    # ---------------------------------------------------------------- entries table

    def add_entry(self, entry: EntryDraft | None = None) -> int:
        entry = entry or EntryDraft()
        row = self.table.rowCount()
        self.table.insertRow(row)
        kind = QComboBox(self.table)
        for value, label in ENTRY_TYPE_LABELS.items():
            kind.addItem(label, value)
        kind.setCurrentIndex(kind.findData(entry.type))
        kind.currentIndexChanged.connect(lambda _i, k=kind: self._type_changed(k))
        self.table.setCellWidget(row, 0, kind)
        quantity = QSpinBox(self.table)
        quantity.setRange(0, 1_000_000)
        quantity.setValue(entry.quantity)
        self.table.setCellWidget(row, 1, quantity)
        operation = QComboBox(self.table)
        for value, label in OPERATION_LABELS.items():
            operation.addItem(QCoreApplication.translate("inventory", label), value)
        operation.setCurrentIndex(max(0, operation.findData(entry.inventory_operation)))
        self.table.setCellWidget(row, 8, operation)
        for column, name in enumerate(COLUMNS):
            if column in (0, 1, 8):
                continue
            value = getattr(entry, name)
            self.table.setItem(row, column, QTableWidgetItem("" if value is None else str(value)))
        self._apply_type(row)
        return row

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows or [self.table.rowCount() - 1]:
            if self.table.rowCount() > 1 and row >= 0:
                self.table.removeRow(row)

    def _type_changed(self, combo: QComboBox) -> None:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, 0) is combo:
                self._apply_type(row)

    def _combo(self, row: int, column: int) -> QComboBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QComboBox)  # columns 0 and 8 hold combo boxes (add_entry)
        return widget

    def _spin(self, row: int, column: int) -> QSpinBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QSpinBox)  # column 1 holds the quantity box (add_entry)
        return widget

    def _apply_type(self, row: int) -> None:
        kind = self._combo(row, 0).currentData()
        used = FIELDS_BY_TYPE.get(kind, ())
        for column, name in enumerate(COLUMNS):
            if column in (0, 1):
                continue
            enabled = name in used
            if column == 8:
                self.table.cellWidget(row, 8).setEnabled(enabled)
                continue
            item = self.table.item(row, column)
            if item is None:
                item = QTableWidgetItem("")
                self.table.setItem(row, column, item)
            flags = item.flags()
            if enabled:
                item.setFlags(flags | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip("")
            else:
                item.setFlags((flags & ~Qt.ItemFlag.ItemIsEditable) & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(tooltip(self.tr("Not used by this entry type")))

    def set_cell(self, row: int, name: str, value: str) -> None:
        column = COLUMNS.index(name)
        if column == 1:
            self._spin(row, 1).setValue(int(value))
        else:
            item = self.table.item(row, column)
            assert item is not None  # every editable cell has an item (_apply_type)
            item.setText(value)

    def entry_editable(self, row: int, name: str) -> bool:
        column = COLUMNS.index(name)
        if column == 8:
            return self.table.cellWidget(row, 8).isEnabled()
        item = self.table.item(row, column)
        return bool(item and item.flags() & Qt.ItemFlag.ItemIsEditable)

    # ---------------------------------------------------------------- validation

    def draft(self) -> tuple[InventoryOrderDraft, dict[str, str]]:
        problems: dict[str, str] = {}
        text = self.player.text().strip()
        player_id: int | str = text if self.api == "v2" else int(text) if text.isdigit() else 0
        entries = []
        for row in range(self.table.rowCount()):
            values: dict[str, object] = {
                "type": self._combo(row, 0).currentData(),
                "quantity": self._spin(row, 1).value(),
                "inventory_operation": self._combo(row, 8).currentData(),
            }
            for column, name in enumerate(COLUMNS):
                if column in (0, 1, 8):
                    continue
                raw = (
                    self.table.item(row, column).text()  # type: ignore[union-attr]
                    if self.table.item(row, column)
                    else ""
                ).strip()
                if name in ("external_tran_id", "inventory_id"):
                    values[name] = raw
                elif raw and not raw.isdigit():
                    problems[f"entries.{row}.{name}"] = self.tr(
                        "'{raw}' is not a whole number."
                    ).format(raw=raw)
                    values[name] = None
                else:
                    values[name] = int(raw) if raw else None
            entries.append(EntryDraft(**values))  # type: ignore[arg-type]
        draft = InventoryOrderDraft(
            player_id=player_id,
            source=self.source.currentData(),
            is_transaction=self.transaction.isChecked(),
            entries=entries,
            api=self.api,
        )
        for key, message in draft.problems().items():
            problems.setdefault(key, message)
        return draft, problems

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show each problem at its field: the player box, or the entry's cell."""
        set_error(self.player_error, problems.get("player_id", ""))
        for row in range(self.table.rowCount()):
            for column in range(2, len(COLUMNS) - 1):
                item = self.table.item(row, column)
                if item is not None:
                    item.setBackground(QBrush())
        lines = []
        for key, message in problems.items():
            message = plain_field_message(message)
            parts = key.split(".")
            if parts[0] == "entries" and len(parts) >= 2 and parts[1].isdigit():
                row = int(parts[1])
                name = parts[2] if len(parts) > 2 else ""
                label = (
                    QCoreApplication.translate("inventory", HEADERS[COLUMNS.index(name)])
                    if name in COLUMNS
                    else self.tr("entry")
                )
                lines.append(
                    self.tr("Entry {0}, {1}: {message}").format(
                        row + 1, label.lower(), message=message
                    )
                )
                if name in COLUMNS and row < self.table.rowCount():
                    column = COLUMNS.index(name)
                    item = self.table.item(row, column)
                    if item is not None:
                        item.setBackground(QBrush(background(Tone.BAD)))
                        item.setToolTip(tooltip(message))
            elif key not in ("player_id",):
                lines.append(f"{key.replace('_', ' ').capitalize()}: {message}")
        set_error(self.entries_error, "\n".join(lines))

    def submit(self) -> None:
        """Validate, then ask: the question names the player, every entry and what the player
        pays; Enter and Escape in it send nothing. One question at a time, one order per Send."""
        if not self.send_button.isEnabled() or not self.send_button.isVisible():
            return
        if self.confirm_box is not None and self.confirm_box.isVisible():
            self.confirm_box.raise_()
            return
        draft, problems = self.draft()
        self.show_problems(problems)
        if problems:
            return
        self.confirm_box = ask(
            self,
            self.tr("Confirm inventory order"),
            self.tr("Send this inventory order?\n\n") + draft_summary(draft),
            [(self.tr("Send order"), lambda: self._confirmed(draft))],
            self.tr("Don't send"),
            icon=QMessageBox.Icon.Question,
        )

    def _confirmed(self, draft: InventoryOrderDraft) -> None:
        if not self.send_button.isEnabled():
            return
        self.send_button.setEnabled(False)
        self.results_title.setText(self.tr("Sending…"))
        self.submitted.emit(draft)

    # ---------------------------------------------------------------- results

    def show_failure(self, message: str, field_errors: dict[str, str]) -> None:
        self.send_button.setEnabled(True)
        self.progress.hide()
        self.results_title.setText("")
        self.show_problems(field_errors)
        if not field_errors:
            set_error(self.entries_error, tidy(message))
        else:
            set_error(self.entries_error, tidy(message) + "\n" + self.entries_error.text())

    def unlock(self) -> None:
        """Usable again after the order ended, however it ended (results stay shown)."""
        self.send_button.setEnabled(True)
        self.progress.hide()
        if self.results_title.text() == "Sending…":
            self.results_title.setText("")

    def show_results(
        self,
        entries: list[Any],
        pending: bool,
        order_id: str,
        provider_status: str,
    ) -> None:
        self.progress.setVisible(pending)
        if pending:
            self.results_title.setText(
                self.tr(
                    "Order {order_id} accepted. The provider is still applying it; this "
                    "view updates by itself."
                ).format(order_id=order_id)
            )
        else:
            shown = status_name("", "inventory", provider_status) or words(provider_status)
            self.results_title.setText(
                self.tr("Order {order_id}: {shown}.").format(order_id=order_id, shown=shown)
            )
            self.send_button.hide()
            self.new_button.show()
        self.results.show()
        self.results.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            changes = ", ".join(
                f"{item_label(c.item_id)}: {c.before if c.before is not None else 0} → "
                f"{c.after} ({c.delta:+d})"
                for c in entry.changes
            )
            if entry.notes:
                changes = ", ".join([*entry.notes, changes]) if changes else ", ".join(entry.notes)
            cells = [
                str(row + 1),
                ENTRY_TYPE_LABELS.get(entry.type, entry.type)
                + (
                    self.tr(" · loot {loot_id}").format(loot_id=entry.loot_id)
                    if entry.loot_id is not None
                    else ""
                ),
                entry.result_text,
                changes or "—",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    ok = entry.result == "success"
                    waiting = entry.result in (None, "not_started")
                    tone = Tone.GOOD if ok else Tone.HINT if waiting else Tone.BAD
                    item.setForeground(colour(tone))
                    item.setToolTip(
                        tooltip(self.tr("Result code: {result}").format(result=entry.result))
                    )
                self.results.setItem(row, column, item)
        self.results.resizeColumnsToContents()

    def reset(self) -> None:
        self.table.setRowCount(0)
        self.add_entry()
        self.results.hide()
        self.results_title.setText("")
        self.new_button.hide()
        self.send_button.show()
        self.send_button.setEnabled(True)
        set_error(self.entries_error, "")


class PlayerOrdersDialog(QDialog):
    fetchRequested = Signal(object)  # int (v1) or UUID text (v2)
    openRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, api: str = "v1") -> None:
        super().__init__(parent)
        self.api = api
        self.setWindowTitle(self.tr("A player's inventory orders"))
        self.setMinimumSize(720, 420)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.player = QLineEdit(self)
        self.error = error_label(self)
        label = setup_player_field(self, self.player, self.error, api)
        self.player.returnPressed.connect(self.fetch)
        self.fetch_button = QPushButton(self.tr("Fetch orders"), self)
        self.fetch_button.clicked.connect(self.fetch)
        row.addWidget(plain_label(label, self))
        row.addWidget(self.player, 1)
        row.addWidget(self.fetch_button)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.summary = plain_label("", self)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Order"), self.tr("Created (UTC)"), self.tr("Status"), self.tr("Entries")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)

    def fetch(self) -> None:
        if not self.fetch_button.isEnabled():  # one fetch per intent (Enter + default button)
            return
        text = self.player.text().strip()
        problem = player_problem(text, self.api)
        if problem:
            set_error(self.error, problem)
            return
        set_error(self.error, "")
        self.fetch_button.setEnabled(False)
        self.summary.setText(self.tr("Fetching…"))
        self.fetchRequested.emit(normal_player(text, self.api))

    def show_orders(self, orders: list) -> None:  # type: ignore[type-arg]
        self.fetch_button.setEnabled(True)
        self.summary.setText(
            self.tr(
                "{n_orders} order(s), newest first; double-click one to open it in "
                "the list. They are cached for offline use."
            ).format(n_orders=len(orders))
        )
        self.table.setRowCount(len(orders))
        for row, result in enumerate(orders):
            order = result.order
            entries = ", ".join(
                f"{e.quantity} × {ENTRY_TYPE_LABELS.get(e.type, e.type)}" for e in result.entries
            )
            cells = [
                order.provider_order_id,
                when(order.created_at.isoformat()) if order.created_at else "",
                order.provider_status,
                entries,
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def show_error(self, message: str) -> None:
        self.fetch_button.setEnabled(True)
        self.summary.setText("")
        set_error(self.error, message)

    def unlock(self) -> None:
        self.fetch_button.setEnabled(True)
        if self.summary.text() == self.tr("Fetching…"):
            self.summary.setText("")

    def _open(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            item = self.table.item(rows[0].row(), 0)
            if item is not None:
                self.openRequested.emit(item.text())
