"""The purchases panel: recent journal entries, and the ones a person must review."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.ui.compat import Operation, OpState
from fulfildesk.ui.i18n import QT_TRANSLATE_NOOP, money, when
from fulfildesk.ui.text import plain_label, tooltip
from fulfildesk.ui.theme import Tone, colour
from fulfildesk.ui.vocabulary import provider_name

STATE_LABELS = {
    OpState.INTENT: QT_TRANSLATE_NOOP("purchases", "Recorded"),
    OpState.SENDING: QT_TRANSLATE_NOOP("purchases", "Outcome unknown"),
    OpState.PLACED: QT_TRANSLATE_NOOP("purchases", "Placed"),
    OpState.DISPATCHED: QT_TRANSLATE_NOOP("purchases", "Dispatched"),
    OpState.COMPLETED: QT_TRANSLATE_NOOP("purchases", "Completed"),
    OpState.FAILED: QT_TRANSLATE_NOOP("purchases", "Failed"),
    OpState.NEEDS_REVIEW: QT_TRANSLATE_NOOP("purchases", "Needs review"),
    OpState.ABANDONED: QT_TRANSLATE_NOOP("purchases", "Dismissed"),
}


def describe(op: Operation) -> str:
    """What a purchase asked for, in a few words."""
    payload = op.payload
    if "lines" in payload:
        return ", ".join(
            f"{line['quantity']} × {line.get('name') or 'product ' + str(line['product_id'])}"
            for line in payload["lines"]
        )
    if "denomination" in payload:
        name = payload.get("product_name") or QCoreApplication.translate(
            "purchases", "product {0}"
        ).format(payload.get("product_id"))
        to = (
            QCoreApplication.translate("purchases", " for {0}").format(payload["email"])
            if payload.get("email")
            else ""
        )
        return QCoreApplication.translate(
            "purchases", "{0} × {1} {name} voucher{to} (PO {2})"
        ).format(
            payload.get("quantity", 1),
            payload["denomination"],
            payload.get("po_number", "?"),
            name=name,
            to=to,
        )
    if "entries" in payload:
        count = len(payload["entries"])
        text = (
            QCoreApplication.translate("purchases", "1 entry for player {0} (order {1})")
            if count == 1
            else QCoreApplication.translate(
                "purchases", "{count} entries for player {0} (order {1})"
            )
        )
        return text.format(
            payload["player_id"],
            payload.get("order_id", "?"),
            count=count,
        )
    if op.kind == "bulk":  # one order of a bulk warehouse run (services/bulk.py)
        from fulfildesk.ui.bulk import ACTION_NAMES

        action = str(payload.get("action", ""))
        what = (
            QCoreApplication.translate("bulk", ACTION_NAMES[action]).lower()
            if action in ACTION_NAMES
            else action.replace("_", " ")
        )
        return QCoreApplication.translate("purchases", "Bulk {0}: {1}").format(
            what, payload.get("reference") or payload.get("transaction_id", "")
        )
    return op.kind


def operation_amount(op: Operation) -> str:
    """The most a purchase can charge, from what it asked for."""
    payload = op.payload
    if "lines" in payload:
        from decimal import Decimal

        total = sum(
            (
                Decimal(str(line.get("max_price", 0))) * int(line["quantity"])
                for line in payload["lines"]
            ),
            Decimal(0),
        )
        return QCoreApplication.translate("purchases", "at most {total} EUR").format(
            total=money(total)
        )
    if "denomination" in payload:
        return QCoreApplication.translate("purchases", "{0} × {1} face value").format(
            payload.get("quantity", 1), payload["denomination"]
        )
    return ""


class PurchasesPanel(QWidget):
    resumeRequested = Signal(str)
    dismissRequested = Signal(str)
    openOrderRequested = Signal(str, str)  # provider, order id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = plain_label("", self)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("When (UTC)"),
                self.tr("Provider"),
                self.tr("State"),
                self.tr("Order"),
                self.tr("Details"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.resume_button = QPushButton(self.tr("Resume"), self)
        self.resume_button.setToolTip(tooltip(self.tr("Carry this purchase forward now")))
        self.dismiss_button = QPushButton(self.tr("Dismiss after review…"), self)
        self.resume_button.clicked.connect(lambda: self._emit(self.resumeRequested))
        self.dismiss_button.clicked.connect(lambda: self._emit(self.dismissRequested))
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.operations: list[Operation] = []
        self._selection_changed()

    def set_operations(self, operations: list[Operation]) -> None:
        selected = self.selected()
        self.operations = sorted(operations, key=lambda o: o.created_at, reverse=True)[:200]
        self.table.setRowCount(len(self.operations))
        for row, op in enumerate(self.operations):
            what = describe(op)
            details = op.error or what
            cells = [
                when(op.created_at, seconds=True),
                provider_name(op.provider),
                QCoreApplication.translate("purchases", STATE_LABELS[op.state]),
                op.provider_order_id or "—",
                details,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tooltip(details))
                if op.state in (OpState.NEEDS_REVIEW, OpState.FAILED) and column == 2:
                    item.setForeground(colour(Tone.BAD))
                self.table.setItem(row, column, item)
            if selected and op.operation_id == selected.operation_id:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        review = sum(1 for o in operations if o.state is OpState.NEEDS_REVIEW)
        running = sum(1 for o in operations if o.state.resumable)
        parts = [
            self.tr("1 purchase")
            if len(operations) == 1
            else self.tr("{0} purchases").format(len(operations))
        ]
        if running:
            parts.append(self.tr("{running} in progress").format(running=running))
        if review:
            parts.append(
                self.tr("1 needs review")
                if review == 1
                else self.tr("{0} need review").format(review)
            )
        self.summary.setText(" · ".join(parts))
        self._selection_changed()

    def selected(self) -> Operation | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        index = rows[0].row()
        return self.operations[index] if index < len(self.operations) else None

    def _selection_changed(self) -> None:
        op = self.selected()
        self.resume_button.setEnabled(op is not None and op.state.resumable)
        self.dismiss_button.setEnabled(op is not None and op.state is OpState.NEEDS_REVIEW)

    def _emit(self, signal: SignalInstance) -> None:
        op = self.selected()
        if op is not None:
            signal.emit(op.operation_id)

    def _open(self) -> None:
        op = self.selected()
        if op is not None and op.provider_order_id:
            self.openOrderRequested.emit(op.provider, op.provider_order_id)

    def select_operation(self, operation_id: str) -> None:
        for row, op in enumerate(self.operations):
            if op.operation_id == operation_id:
                self.table.selectRow(row)
                item = self.table.item(row, 0)
                if item is not None:
                    self.table.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)
                return

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Return:
            self._open()
            return
        super().keyPressEvent(event)
