"""The "Buy keys" form: product lines validated field by field (Kinguin's limits: at most 9 keys of
a product, 10 products), the Kinguin balance and the total shown before buying, and a
confirmation naming the total (its default button does nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.domain.models import KeyLine
from fulfildesk.domain.texts import plain, tidy
from fulfildesk.ui.dialogs.confirm import ask, describe
from fulfildesk.ui.i18n import money
from fulfildesk.ui.text import plain_label
from fulfildesk.ui.theme import Tone, emphasise, tint

MAX_LINES = 10
#: Kinguin sells at most this many keys of one product per order (the live API's limit)
MAX_QTY = 9
MAX_PRICE = Decimal("10000")
CURRENCY = "EUR"


def error_label(parent: QWidget) -> QLabel:
    label = plain_label("", parent, wrap=True)
    label.setObjectName("fieldError")
    tint(label, Tone.BAD)
    label.hide()
    return label


def set_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def parse_price(text: str) -> tuple[Decimal | None, str]:
    text = text.strip().replace(",", ".")
    if not text:
        return None, QCoreApplication.translate(
            "buy_keys", "Enter the most you will pay per key, for example 3.59."
        )
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, QCoreApplication.translate(
            "buy_keys", "'{text}' is not a price; write it like 3.59."
        ).format(text=text)
    if not value.is_finite() or value <= 0:
        return None, QCoreApplication.translate("buy_keys", "The price must be more than 0.")
    if value > MAX_PRICE:
        return None, QCoreApplication.translate(
            "buy_keys", "The price must be at most {MAX_PRICE} {CURRENCY} per key."
        ).format(MAX_PRICE=MAX_PRICE, CURRENCY=CURRENCY)
    if -value.as_tuple().exponent > 2:  # type: ignore[operator]
        return None, QCoreApplication.translate("buy_keys", "Use at most two decimals (cents).")
    return value, ""


def parse_product_id(text: str) -> tuple[int | None, str]:
    text = text.strip()
    if not text:
        return None, QCoreApplication.translate(
            "buy_keys", "Enter the Kinguin product id, for example 5."
        )
    if not text.isdigit() or int(text) <= 0:
        return None, QCoreApplication.translate(
            "buy_keys", "'{text}' is not a product id; it is a whole number such as 5."
        ).format(text=text)
    if int(text) > 2**31 - 1:
        return None, QCoreApplication.translate("buy_keys", "That product id is too large.")
    return int(text), ""


@dataclass
class LineRow:
    product: QLineEdit
    name: QLineEdit
    quantity: QSpinBox
    price: QLineEdit
    remove: QPushButton
    product_error: QLabel
    price_error: QLabel
    quantity_error: QLabel


class BuyKeysDialog(QDialog):
    submitted = Signal(list)  # list[KeyLine]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Buy game keys"))
        self.setMinimumWidth(640)
        outer = QVBoxLayout(self)
        intro = plain_label(
            self.tr(
                "Keys are bought from Kinguin and paid from the Kinguin balance. The "
                "price is the most you accept per key; the order is refused if the "
                "product costs more."
            ),
            self,
            wrap=True,
        )
        outer.addWidget(intro)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        for column, title in enumerate(
            (
                self.tr("Product id"),
                self.tr("Name (optional)"),
                self.tr("Quantity"),
                self.tr("Max price per key ({CURRENCY})").format(CURRENCY=CURRENCY),
                "",
            )
        ):
            header = plain_label(title, self)
            emphasise(header)
            self.grid.addWidget(header, 0, column)
        self.grid.setColumnStretch(1, 1)
        outer.addLayout(self.grid)
        self.rows: list[LineRow] = []
        self.add_button = QPushButton(self.tr("Add another product"), self)
        self.add_button.clicked.connect(lambda: self.add_line())
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        outer.addLayout(add_row)
        self.total_label = plain_label("", self, wrap=True)
        self.total_label.setObjectName("total")
        emphasise(self.total_label, 11)
        outer.addWidget(self.total_label)
        self.balance_label = plain_label(self.tr("Kinguin balance: checking…"), self, wrap=True)
        self.balance_label.setObjectName("balance")
        outer.addWidget(self.balance_label)
        self.total_error = error_label(self)
        outer.addWidget(self.total_error)
        #: the Kinguin balance once known (None: unknown or not offered by the API)
        self.balance: Decimal | None = None
        self.confirm_box: QMessageBox | None = None
        self.error_banner = error_label(self)
        outer.addWidget(self.error_banner)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status_label = plain_label("", self, wrap=True)
        outer.addWidget(self.progress)
        outer.addWidget(self.status_label)
        self.buttons = QDialogButtonBox(self)
        self.buy_button = self.buttons.addButton(
            self.tr("Buy…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buy_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        outer.addWidget(self.buttons)
        self.add_line()
        self._update_total()

    # ---------------------------------------------------------------- lines

    def add_line(
        self, product_id: int | None = None, quantity: int = 1, price: str = "", name: str = ""
    ) -> LineRow:
        if len(self.rows) >= MAX_LINES:
            raise ValueError(f"at most {MAX_LINES} products per order")
        row = LineRow(
            product=QLineEdit(str(product_id) if product_id else "", self),
            name=QLineEdit(name, self),
            quantity=QSpinBox(self),
            price=QLineEdit(price, self),
            remove=QPushButton(self.tr("Remove"), self),
            product_error=error_label(self),
            price_error=error_label(self),
            quantity_error=error_label(self),
        )
        row.product.setPlaceholderText("e.g. 5")
        row.product.setMaxLength(10)
        row.name.setPlaceholderText(self.tr("e.g. Anno"))
        row.name.setMaxLength(200)
        row.quantity.setRange(1, 100)
        row.quantity.setValue(quantity)
        row.price.setPlaceholderText("e.g. 3.59")
        row.price.setMaxLength(12)
        row.remove.clicked.connect(lambda: self.remove_line(row))
        for edit in (row.product, row.price):
            edit.textChanged.connect(self._update_total)
            edit.textEdited.connect(lambda _t, r=row: self._clear_errors(r))
        row.quantity.valueChanged.connect(self._update_total)
        row.quantity.valueChanged.connect(lambda _v, r=row: self._clear_errors(r))
        self.rows.append(row)
        self._relayout()
        self._update_total()
        row.product.setFocus()
        return row

    def remove_line(self, row: LineRow) -> None:
        if len(self.rows) == 1:
            return
        self.rows.remove(row)
        for widget in (
            row.product,
            row.name,
            row.quantity,
            row.price,
            row.remove,
            row.product_error,
            row.price_error,
            row.quantity_error,
        ):
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._relayout()
        self._update_total()

    def _relayout(self) -> None:
        for number, row in enumerate(self.rows):
            grid_row = 1 + number * 2
            self.grid.addWidget(row.product, grid_row, 0)
            self.grid.addWidget(row.name, grid_row, 1)
            self.grid.addWidget(row.quantity, grid_row, 2)
            self.grid.addWidget(row.price, grid_row, 3)
            self.grid.addWidget(row.remove, grid_row, 4)
            self.grid.addWidget(row.product_error, grid_row + 1, 0, 1, 2)
            self.grid.addWidget(row.quantity_error, grid_row + 1, 2)
            self.grid.addWidget(row.price_error, grid_row + 1, 3, 1, 2)
            row.remove.setEnabled(len(self.rows) > 1)
        self.add_button.setEnabled(len(self.rows) < MAX_LINES)

    def _clear_errors(self, row: LineRow) -> None:
        set_error(row.product_error, "")
        set_error(row.price_error, "")
        set_error(row.quantity_error, "")
        set_error(self.error_banner, "")
        set_error(self.total_error, "")

    # ---------------------------------------------------------------- totals and validation

    def total(self) -> Decimal | None:
        total = Decimal(0)
        for row in self.rows:
            price, _error = parse_price(row.price.text())
            if price is None:
                return None
            total += price * row.quantity.value()
        return total

    def _update_total(self) -> None:
        total = self.total()
        if total is None:
            self.total_label.setText(self.tr("Fill in every product to see the total."))
            self.buy_button.setText(self.tr("Buy…"))
        else:
            keys = sum(row.quantity.value() for row in self.rows)
            self.total_label.setText(
                (self.tr("1 key") if keys == 1 else self.tr("{0} keys").format(keys))
                + self.tr(
                    ": at most {total} {CURRENCY} will be charged to the Kinguin balance."
                ).format(total=money(total), CURRENCY=CURRENCY)
            )
            self.buy_button.setText(
                self.tr("Buy for up to {total} {CURRENCY}…").format(
                    total=money(total), CURRENCY=CURRENCY
                )
            )

    def validate(self) -> list[KeyLine] | None:
        """Check every field; show each problem under its field. None when anything is wrong."""
        lines: list[KeyLine] = []
        ok = True
        first_bad: QWidget | None = None
        for row in self.rows:
            product_id, product_error = parse_product_id(row.product.text())
            price, price_error = parse_price(row.price.text())
            set_error(row.product_error, product_error)
            set_error(row.price_error, price_error)
            quantity_error = ""
            if row.quantity.value() > MAX_QTY:
                quantity_error = self.tr(
                    "Kinguin sells at most {MAX_QTY} keys of one product per order; "
                    "split it into several orders."
                ).format(MAX_QTY=MAX_QTY)
                ok = False
                first_bad = first_bad or row.quantity
            set_error(row.quantity_error, quantity_error)
            if product_error and first_bad is None:
                first_bad = row.product
            if price_error and first_bad is None:
                first_bad = row.price
            if product_id is None or price is None:
                ok = False
                continue
            lines.append(
                KeyLine(
                    product_id=product_id,
                    quantity=row.quantity.value(),
                    max_price=price,
                    name=row.name.text().strip(),
                )
            )
        ids = [line.product_id for line in lines]
        if ok and len(set(ids)) != len(ids):
            ok = False
            seen: set[int] = set()
            for row in self.rows:
                pid, _ = parse_product_id(row.product.text())
                if pid in seen:
                    set_error(
                        row.product_error,
                        self.tr(
                            "This product is already in the order; raise its quantity instead."
                        ),
                    )
                    first_bad = first_bad or row.product
                seen.add(pid or 0)
        total = self.total()
        set_error(self.total_error, "")
        if ok and total is not None and self.balance is not None and total > self.balance:
            ok = False
            set_error(
                self.total_error,
                self.tr(
                    "This order could cost up to {total} {CURRENCY}, more than the "
                    "Kinguin balance of {balance} {CURRENCY}. Top up the account or "
                    "order less."
                ).format(total=money(total), CURRENCY=CURRENCY, balance=money(self.balance)),
            )
        if first_bad is not None:
            first_bad.setFocus()
        return lines if ok else None

    def submit(self) -> None:
        """Validate, then ask: the question names every item and the most that is charged;
        Enter and Escape in it keep the money. One question at a time, one purchase per Buy."""
        if not self.buy_button.isEnabled():
            return
        if self.confirm_box is not None and self.confirm_box.isVisible():
            self.confirm_box.raise_()
            return
        lines = self.validate()
        if lines is None:
            return
        total = sum((line.max_price * line.quantity for line in lines), Decimal(0))
        items = "; ".join(
            f"{line.quantity} × {line.name or 'product'} (product {line.product_id}), at most "
            f"{line.max_price:.2f} {CURRENCY} each"
            for line in lines
        )
        text = self.tr("Buy these keys from Kinguin?\n\n") + describe(
            order=self.tr("a new Kinguin order"),
            items=items,
            amount=self.tr("at most {total} {CURRENCY}, charged to the Kinguin balance").format(
                total=money(total), CURRENCY=CURRENCY
            ),
        )
        if self.balance is not None:
            text += self.tr("\n\nKinguin balance now: {balance} {CURRENCY}.").format(
                balance=money(self.balance), CURRENCY=CURRENCY
            )
        self.confirm_box = ask(
            self,
            self.tr("Confirm key purchase"),
            text,
            [
                (
                    self.tr("Buy for up to {total} {CURRENCY}").format(
                        total=money(total), CURRENCY=CURRENCY
                    ),
                    lambda: self._confirmed(lines),
                )
            ],
            self.tr("Don't buy"),
            icon=QMessageBox.Icon.Question,
        )

    def _confirmed(self, lines: list[KeyLine]) -> None:
        if self.buy_button.isEnabled():
            self.submitted.emit(lines)

    def set_balance(self, amount: Decimal | None, text: str = "") -> None:
        """Show the Kinguin balance (None: unknown; `text` says why)."""
        self.balance = amount
        if amount is not None:
            self.balance_label.setText(
                self.tr("Kinguin balance: {amount} {CURRENCY}").format(
                    amount=money(amount), CURRENCY=CURRENCY
                )
            )
        else:
            self.balance_label.setText(text or self.tr("Kinguin balance: not available"))

    # ---------------------------------------------------------------- while buying

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.buy_button.setEnabled(not busy)
        self.add_button.setEnabled(not busy and len(self.rows) < MAX_LINES)
        for row in self.rows:
            for widget in (row.product, row.name, row.quantity, row.price, row.remove):
                widget.setEnabled(not busy)
        self.cancel_button.setText(
            self.tr("Close (keeps buying in the background)") if busy else self.tr("Close")
        )
        self.status_label.setText(text)

    def show_progress(self, text: str) -> None:
        self.status_label.setText(text)

    def unlock(self) -> None:
        """Usable again after the purchase ended, however it ended (the message stays)."""
        if self.progress.isVisible():
            self.set_busy(False, self.status_label.text())

    def show_failure(self, message: str, field_errors: dict[str, str]) -> None:
        """The refusal in the banner, and each field's message at its field: ``quantity[2]``
        is the third line's quantity, ``quantity`` the first line's, ``total`` the total."""
        self.set_busy(False)
        set_error(self.error_banner, tidy(message))
        for where, text in field_errors.items():
            name, _, rest = where.partition("[")
            index = int(rest.rstrip("]")) if rest.rstrip("]").isdigit() else 0
            if name == "total":
                set_error(self.total_error, plain(text))
                continue
            if not 0 <= index < len(self.rows):
                continue
            row = self.rows[index]
            label = {
                "product": row.product_error,
                "price": row.price_error,
                "quantity": row.quantity_error,
            }.get(name)
            if label is not None:
                set_error(label, plain(text))
                widget = {"product": row.product, "price": row.price}.get(name, row.quantity)
                widget.setFocus()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Enter in a field submits the form through validation, never bypassing it.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.buy_button.isEnabled():
                self.submit()
            return
        super().keyPressEvent(event)
