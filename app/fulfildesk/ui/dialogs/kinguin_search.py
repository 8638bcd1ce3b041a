"""Kinguin order search: every filter, sort and paging parameter of GET /v1/order."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.domain.models import Order
from fulfildesk.services.status import KINGUIN_STATUSES
from fulfildesk.ui.dialogs.buy_keys import error_label, set_error
from fulfildesk.ui.i18n import money, when
from fulfildesk.ui.text import plain_label, tooltip
from fulfildesk.ui.vocabulary import explain, status_name, words


def _date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class KinguinSearchDialog(QDialog):
    searchRequested = Signal(object)  # dict of OrderQuery fields
    openRequested = Signal(str)
    page: int  # set in __init__, after the buttons that step it are connected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Search Kinguin orders"))
        self.setMinimumSize(900, 600)
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.price_from = QLineEdit(self)
        self.price_from.setPlaceholderText(self.tr("from, e.g. 4"))
        self.price_to = QLineEdit(self)
        self.price_to.setPlaceholderText(self.tr("to, e.g. 15"))
        self.use_from = QCheckBox(self.tr("Created from"), self)
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-1), self)
        self.use_to = QCheckBox(self.tr("to"), self)
        self.date_to = QDateEdit(QDate.currentDate(), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.kinguin_id = QLineEdit(self)
        self.kinguin_id.setPlaceholderText(self.tr("product id, e.g. 18"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("product name contains…"))
        self.sort_by = QComboBox(self)
        for label, value in (
            (self.tr("Created"), "createdAt"),
            (self.tr("Total price"), "totalPrice"),
            (self.tr("Status"), "status"),
        ):
            self.sort_by.addItem(label, value)
        self.sort_type = QComboBox(self)
        self.sort_type.addItem(self.tr("Newest / highest first"), "desc")
        self.sort_type.addItem(self.tr("Oldest / lowest first"), "asc")
        self.limit = QSpinBox(self)
        self.limit.setRange(1, 100)
        self.limit.setValue(25)
        grid.addWidget(plain_label(self.tr("Total price (EUR)"), self), 0, 0)
        grid.addWidget(self.price_from, 0, 1)
        grid.addWidget(self.price_to, 0, 2)
        grid.addWidget(self.use_from, 0, 3)
        grid.addWidget(self.date_from, 0, 4)
        grid.addWidget(self.use_to, 0, 5)
        grid.addWidget(self.date_to, 0, 6)
        grid.addWidget(plain_label(self.tr("Product"), self), 1, 0)
        grid.addWidget(self.kinguin_id, 1, 1)
        grid.addWidget(self.name, 1, 2, 1, 2)
        grid.addWidget(plain_label(self.tr("Sort"), self), 1, 4)
        grid.addWidget(self.sort_by, 1, 5)
        grid.addWidget(self.sort_type, 1, 6)
        layout.addLayout(grid)
        statuses = QHBoxLayout()
        statuses.addWidget(plain_label(self.tr("Statuses"), self))
        self.status_boxes: dict[str, QCheckBox] = {}
        for status in KINGUIN_STATUSES:
            box = QCheckBox(words(status), self)
            box.setToolTip(tooltip(explain("kinguin", status, "")))
            self.status_boxes[status] = box
            statuses.addWidget(box)
        statuses.addStretch(1)
        layout.addLayout(statuses)
        self.form_error = error_label(self)
        layout.addWidget(self.form_error)
        actions = QHBoxLayout()
        self.search_button = QPushButton(self.tr("Search"), self)
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(lambda: self.search(page=1))
        actions.addWidget(self.search_button)
        actions.addWidget(plain_label(self.tr("per page"), self))
        actions.addWidget(self.limit)
        actions.addStretch(1)
        self.prev_button = QPushButton(self.tr("◀ Previous"), self)
        self.next_button = QPushButton(self.tr("Next ▶"), self)
        self.page_label = plain_label("", self)
        self.prev_button.clicked.connect(lambda: self.search(page=self.page - 1))
        self.next_button.clicked.connect(lambda: self.search(page=self.page + 1))
        for widget in (self.prev_button, self.page_label, self.next_button):
            actions.addWidget(widget)
        layout.addLayout(actions)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Order"),
                self.tr("Status"),
                self.tr("Created (UTC)"),
                self.tr("Total"),
                self.tr("Products"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)
        self.footer = plain_label(
            self.tr(
                "Orders without an id (status error) are counted but cannot be "
                "opened. Double-click an order to open it in the list."
            ),
            self,
            wrap=True,
        )
        layout.addWidget(self.footer)
        self.page = 1
        self.pages = 0
        self._update_paging()

    def filters(self, page: int) -> dict[str, object] | None:
        """Check the form; None (with the message shown) when something is wrong."""
        values: dict[str, object] = {
            "page": page,
            "limit": self.limit.value(),
            "sort_by": self.sort_by.currentData(),
            "sort_type": self.sort_type.currentData(),
        }
        problems = []
        for name, edit in (
            ("total_price_from", self.price_from),
            ("total_price_to", self.price_to),
        ):
            text = edit.text().strip().replace(",", ".")
            if text:
                try:
                    value = Decimal(text)
                    if not value.is_finite() or value < 0:
                        raise InvalidOperation
                    values[name] = value
                except InvalidOperation:
                    problems.append(
                        self.tr("'{text}' is not a price such as 4.50.").format(text=text)
                    )
        low, high = values.get("total_price_from"), values.get("total_price_to")
        if isinstance(low, Decimal) and isinstance(high, Decimal) and low > high:
            problems.append(self.tr("The lowest total is above the highest."))
        if self.use_from.isChecked():
            values["created_at_from"] = datetime.combine(
                _date(self.date_from.date()), time.min, tzinfo=UTC
            )
        if self.use_to.isChecked():
            values["created_at_to"] = datetime.combine(
                _date(self.date_to.date()), time(23, 59, 59), tzinfo=UTC
            )
        if (
            self.use_from.isChecked()
            and self.use_to.isChecked()
            and self.date_from.date() > self.date_to.date()
        ):
            problems.append(self.tr("The start date is after the end date."))
        kid = self.kinguin_id.text().strip()
        if kid:
            if not kid.isdigit():
                problems.append(
                    self.tr("'{kid}' is not a product id (a whole number).").format(kid=kid)
                )
            else:
                values["kinguin_id"] = int(kid)
        if self.name.text().strip():
            values["name"] = self.name.text().strip()
        values["statuses"] = [s for s, box in self.status_boxes.items() if box.isChecked()]
        set_error(self.form_error, " ".join(problems))
        return None if problems else values

    def search(self, page: int = 1) -> None:
        if not self.search_button.isEnabled():  # one search per intent, whatever arrives twice
            return
        values = self.filters(max(1, page))
        if values is None:
            return
        self.search_button.setEnabled(False)
        self.page = int(values["page"])  # type: ignore[call-overload]
        self.searchRequested.emit(values)

    def show_page(self, orders: list[Order], anonymous: int, item_count: int) -> None:
        self.search_button.setEnabled(True)
        self.pages = math.ceil(item_count / self.limit.value()) if item_count else 0
        self.table.setRowCount(len(orders) + anonymous)
        rows: list[tuple[str, str, str, str, str, str]] = []
        for order in orders:
            rows.append(
                (
                    order.provider_order_id,
                    status_name(order.status.value, "kinguin", order.provider_status),
                    when(order.created_at.isoformat()) if order.created_at else "",
                    self.tr("{amount} EUR").format(amount=money(order.total.amount))
                    if order.total
                    else "",
                    order.products_summary,
                    explain("kinguin", order.provider_status, order.status.value),
                )
            )
        for _ in range(anonymous):
            rows.append(
                (
                    self.tr("(no id)"),
                    self.tr("Failed"),
                    "",
                    "",
                    "",
                    explain("kinguin", "error", "failed"),
                )
            )
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells[:5]):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setToolTip(tooltip(cells[5]))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self._update_paging(item_count)

    def show_error(self, message: str) -> None:
        self.search_button.setEnabled(True)
        set_error(self.form_error, message)

    def unlock(self) -> None:
        self.search_button.setEnabled(True)

    def _update_paging(self, item_count: int | None = None) -> None:
        if item_count is None:
            self.page_label.setText("")
        else:
            self.page_label.setText(
                (
                    self.tr("Page {page} of {0} ({item_count} order)")
                    if item_count == 1
                    else self.tr("Page {page} of {0} ({item_count} orders)")
                ).format(max(self.pages, 1), page=self.page, item_count=item_count)
            )
        self.prev_button.setEnabled(self.page > 1 and item_count is not None)
        self.next_button.setEnabled(item_count is not None and self.page < self.pages)

    def _open(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            item = self.table.item(rows[0].row(), 0)
            if item is not None and item.text() != "(no id)":
                self.openRequested.emit(item.text())
