"""Voucher forms: buy (with a confirmation of the charge), look up and resend, bulk issue."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.domain.models import Money, Voucher, VoucherProduct
from fulfildesk.domain.texts import plain, tidy
from fulfildesk.services.vouchers import (
    RecipientRow,
    VoucherRequest,
    balance_problem,
    estimate_charge,
    parse_recipients_csv,
    product_problems,
)
from fulfildesk.ui.dialogs.buy_keys import error_label, set_error
from fulfildesk.ui.dialogs.confirm import ask, describe
from fulfildesk.ui.i18n import money, number
from fulfildesk.ui.text import plain_label
from fulfildesk.ui.theme import emphasise
from fulfildesk.ui.widgets.voucher_viewer import VoucherViewer

ACCOUNT_CURRENCY = "USD"


class ProductPicker(QWidget):
    """Product and denomination from the provider's catalogue."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.product = QComboBox(self)
        self.product.setMinimumWidth(320)
        self.product.addItem(self.tr("Loading products…"), None)
        self.product.setEnabled(False)
        self.product_error = error_label(self)
        self.denomination = QComboBox(self)
        self.denomination_error = error_label(self)
        # open-value products: the person types the amount (within the product's min/max)
        self.amount = QLineEdit(self)
        self.amount.setMaxLength(12)
        self.amount.hide()
        self.amount.textEdited.connect(lambda _t: self._amount_edited())
        self.amount.editingFinished.connect(self._check_amount)
        self.product_note = plain_label("", self, wrap=True)
        self.product_note.setObjectName("productNote")
        self.product_note.hide()
        amounts = QHBoxLayout()
        amounts.setContentsMargins(0, 0, 0, 0)
        amounts.addWidget(self.denomination, 1)
        amounts.addWidget(self.amount, 1)
        layout.addRow(self.tr("Product"), self.product)
        layout.addRow("", self.product_error)
        self.amount_label = QLabel(self.tr("Denomination"), self)
        layout.addRow(self.amount_label, amounts)
        layout.addRow("", self.denomination_error)
        layout.addRow("", self.product_note)
        self.product.currentIndexChanged.connect(self._product_changed)
        self.denomination.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.products: list[VoucherProduct] = []

    def set_products(self, products: list[VoucherProduct]) -> None:
        self.products = products
        self.product.blockSignals(True)
        self.product.clear()
        self.product.addItem(self.tr("Choose a product…"), None)
        for product in sorted(products, key=lambda p: p.name):
            where = f", {product.country}" if product.country else ""
            self.product.addItem(f"{product.name} ({product.currency}{where})", product.product_id)
        self.product.blockSignals(False)
        self.product.setEnabled(True)
        self._product_changed()

    def set_load_error(self, message: str) -> None:
        self.product.clear()
        self.product.addItem(self.tr("Products could not be loaded"), None)
        set_error(self.product_error, message)

    def current(self) -> VoucherProduct | None:
        product_id = self.product.currentData()
        return next((p for p in self.products if p.product_id == product_id), None)

    def current_denomination(self) -> Decimal | None:
        product = self.current()
        if product is not None and product.open_value:
            text = self.amount.text().strip().replace(",", "")
            try:
                value = Decimal(text)
            except (InvalidOperation, ValueError):
                return None
            return value if value.is_finite() and value > 0 else None
        value = self.denomination.currentData()
        return Decimal(str(value)) if value is not None else None

    def _amount_edited(self) -> None:
        set_error(self.denomination_error, "")
        self.changed.emit()

    def _check_amount(self) -> None:
        """The typed amount, checked at the field as soon as the person leaves it."""
        product = self.current()
        if product is None or not product.open_value or not self.amount.text().strip():
            return
        set_error(self.denomination_error, self._amount_problem(product))

    def _amount_problem(self, product: VoucherProduct) -> str:
        value = self.current_denomination()
        if value is None:
            return self.tr("Enter the amount as a number, e.g. {example}.").format(
                example=f"{(product.min_value or Decimal(10)).normalize():f}"
            )
        return product_problems(product, value, 1).get("denomination", "")

    def _product_changed(self) -> None:
        product = self.current()
        self.denomination.clear()
        self.amount.clear()
        set_error(self.product_error, "")
        set_error(self.denomination_error, "")
        open_value = product is not None and product.open_value
        self.denomination.setVisible(not open_value)
        self.amount.setVisible(open_value)
        self.amount_label.setText(self.tr("Amount") if open_value else self.tr("Denomination"))
        if product is None:
            self.denomination.addItem(self.tr("Choose a product first"), None)
            self.denomination.setEnabled(False)
        elif open_value:
            low = f"{product.min_value.normalize():f}" if product.min_value is not None else "1"
            high = f"{product.max_value.normalize():f}" if product.max_value is not None else ""
            self.amount.setPlaceholderText(
                self.tr("any whole amount from {low} to {high} {currency}").format(
                    low=low, high=high, currency=product.currency
                )
            )
        else:
            for value in product.denominations:
                self.denomination.addItem(f"{value} {product.currency}", str(value))
            self.denomination.setEnabled(True)
        notes = product_notes(product) if product is not None else []
        self.product_note.setText("\n".join(notes))
        self.product_note.setVisible(bool(notes))
        self.changed.emit()

    def select(self, product_id: int, denomination: Decimal | None = None) -> bool:
        index = self.product.findData(product_id)
        if index < 0:
            return False
        self.product.setCurrentIndex(index)
        if denomination is not None:
            found = self.denomination.findData(str(denomination))
            if found >= 0:
                self.denomination.setCurrentIndex(found)
        return True

    def problems(self) -> dict[str, str]:
        found = {}
        product = self.current()
        if product is None:
            found["product"] = self.tr("Choose a product.")
        elif product.open_value and (problem := self._amount_problem(product)):
            found["denomination"] = problem
        elif self.current_denomination() is None:
            found["denomination"] = self.tr("Choose a denomination.")
        set_error(self.product_error, found.get("product", ""))
        set_error(self.denomination_error, found.get("denomination", ""))
        return found


def product_notes(product: VoucherProduct) -> list[str]:
    """What the person must know about a product before buying it (limit, delivery)."""
    notes = []
    if product.order_quantity_limit:
        notes.append(
            QCoreApplication.translate(
                "vouchers", "At most {limit} of this product per order."
            ).format(limit=product.order_quantity_limit)
        )
    if product.delayed:
        notes.append(
            QCoreApplication.translate(
                "vouchers",
                "Delivered later: Plum takes up to 7 business days to deliver this product. "
                "The order is charged now; the code arrives later and is filled in when the "
                "order is looked up or synced.",
            )
        )
    return notes


def balance_text(balance: Money | None, error: str = "") -> str:
    if balance is not None:
        return QCoreApplication.translate("vouchers", "Plum balance: {amount} {currency}").format(
            amount=number(balance.amount, 2), currency=balance.currency
        )
    if error:
        return QCoreApplication.translate(
            "vouchers", "Plum balance unavailable ({error}); Plum checks it."
        ).format(error=error)
    return QCoreApplication.translate("vouchers", "Plum balance: reading…")


def charge_text(
    product: VoucherProduct | None, denomination: Decimal | None, quantity: int
) -> tuple[str, Decimal | None]:
    if product is None or denomination is None:
        return QCoreApplication.translate(
            "vouchers", "Choose a product and a denomination to see the total."
        ), None
    face = denomination * quantity
    estimate = estimate_charge(product, denomination, quantity)
    text = QCoreApplication.translate(
        "vouchers", "{quantity} × {denomination} {currency} = {face} {currency} face value"
    ).format(quantity=quantity, denomination=denomination, currency=product.currency, face=face)
    if estimate is None:
        return text + QCoreApplication.translate(
            "vouchers", "; Plum gives no exchange rate for this currency right now."
        ), None
    discount = (
        QCoreApplication.translate("vouchers", " after the {0:f}% discount").format(
            product.discount_percent.normalize()
        )
        if product.discount_percent
        else ""
    )
    return (
        text
        + QCoreApplication.translate(
            "vouchers",
            ". About {estimate} {ACCOUNT_CURRENCY} will be charged to the Plum account{discount}.",
        ).format(estimate=money(estimate), ACCOUNT_CURRENCY=ACCOUNT_CURRENCY, discount=discount),
        estimate,
    )


class VoucherDialog(QDialog):
    submitted = Signal(object)  # VoucherRequest

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Buy vouchers"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                self.tr(
                    "Vouchers are bought from Plum and charged to the Plum account. Each "
                    "purchase gets its own PO number, so it is never paid twice, even if "
                    "the answer is slow or lost."
                ),
                self,
                wrap=True,
            )
        )
        self.picker = ProductPicker(self)
        self.picker.changed.connect(self._update_total)
        layout.addWidget(self.picker)
        form = QFormLayout()
        self.quantity = QSpinBox(self)
        self.quantity.setRange(1, 10)
        self.quantity.valueChanged.connect(self._update_total)
        self.quantity_error = error_label(self)
        self.email = QLineEdit(self)
        self.email.setPlaceholderText(self.tr("receiver@example.com"))
        self.email.setMaxLength(254)
        self.email_error = error_label(self)
        self.contact = QLineEdit(self)
        self.contact.setPlaceholderText(self.tr("+1-5234567890 (needed for some products)"))
        self.contact.setMaxLength(24)
        self.contact_error = error_label(self)
        self.tag = QLineEdit(self)
        self.tag.setMaxLength(100)
        self.tag.setPlaceholderText(self.tr("a note kept with the order"))
        self.notify_receiver = QCheckBox(self.tr("Plum emails the vouchers to the receiver"), self)
        self.notify_admin = QCheckBox(
            self.tr("Plum emails the order reference to the admin user"), self
        )
        form.addRow(self.tr("Quantity"), self.quantity)
        form.addRow("", self.quantity_error)
        form.addRow(self.tr("Receiver email"), self.email)
        form.addRow("", self.email_error)
        form.addRow(self.tr("Mobile number"), self.contact)
        form.addRow("", self.contact_error)
        form.addRow(self.tr("Tag"), self.tag)
        form.addRow("", self.notify_receiver)
        form.addRow("", self.notify_admin)
        layout.addLayout(form)
        self.total_label = plain_label("", self, wrap=True)
        emphasise(self.total_label)
        layout.addWidget(self.total_label)
        self.balance: Money | None = None
        self.balance_label = plain_label(balance_text(None), self, wrap=True)
        self.balance_label.setObjectName("plumBalance")
        layout.addWidget(self.balance_label)
        self.balance_error = error_label(self)
        layout.addWidget(self.balance_error)
        self.error_banner = error_label(self)
        layout.addWidget(self.error_banner)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status_label = plain_label("", self, wrap=True)
        layout.addWidget(self.status_label)
        buttons = QDialogButtonBox(self)
        self.buy_button = buttons.addButton(self.tr("Buy…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buy_button.clicked.connect(self.review)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        for edit, label in ((self.email, self.email_error), (self.contact, self.contact_error)):
            edit.textEdited.connect(lambda _t, lab=label: set_error(lab, ""))
        self.confirm_box: QMessageBox | None = None
        self._update_total()

    def set_products(self, products: list[VoucherProduct]) -> None:
        self.picker.set_products(products)

    def set_balance(self, balance: Money | None, error: str = "") -> None:
        """The Plum account balance (from the cache of getBalance), or why it is unknown."""
        self.balance = balance
        self.balance_label.setText(balance_text(balance, error))
        self._update_total()

    def _update_total(self) -> None:
        product = self.picker.current()
        text, estimate = charge_text(
            product, self.picker.current_denomination(), self.quantity.value()
        )
        self.total_label.setText(text)
        # above the product's own limit or the balance: said at once, at the field
        limit = product.order_quantity_limit if product is not None else None
        set_error(
            self.quantity_error,
            product_problems(product, Decimal(1), self.quantity.value()).get("quantity", "")
            if product is not None and limit
            else "",
        )
        set_error(self.balance_error, balance_problem(estimate, self.balance))
        self.buy_button.setText(
            self.tr("Buy for about {estimate} {ACCOUNT_CURRENCY}…").format(
                estimate=money(estimate), ACCOUNT_CURRENCY=ACCOUNT_CURRENCY
            )
            if estimate is not None
            else self.tr("Buy…")
        )
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        """Grow to show every note and message (wrapped text does not grow a dialog itself)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        wanted = max(self.sizeHint().height(), self.minimumSizeHint().height())
        if self.isVisible() and wanted > self.height():
            self.resize(self.width(), wanted)

    def request(self) -> VoucherRequest | None:
        """Validate every field; show each problem at its field. None when anything is wrong."""
        problems = self.picker.problems()
        product = self.picker.current()
        denomination = self.picker.current_denomination()
        request = VoucherRequest(
            product_id=product.product_id if product else 0,
            denomination=denomination or Decimal(0),
            quantity=self.quantity.value(),
            email=self.email.text().strip(),
            contact=self.contact.text().strip(),
            tag=self.tag.text().strip(),
            notify_receiver=self.notify_receiver.isChecked(),
            notify_admin=self.notify_admin.isChecked(),
            product_name=product.name if product else "",
        )
        if product is not None and denomination is not None:
            problems.update(request.problems())
            for name, text in product_problems(product, denomination, request.quantity).items():
                problems.setdefault(name, text)
            estimate = estimate_charge(product, denomination, request.quantity)
            if problem := balance_problem(estimate, self.balance):
                problems.setdefault("balance", problem)
        set_error(self.email_error, problems.get("email", ""))
        set_error(self.contact_error, problems.get("contact", ""))
        set_error(self.quantity_error, problems.get("quantity", ""))
        if "denomination" in problems:
            set_error(self.picker.denomination_error, problems["denomination"])
        set_error(self.balance_error, problems.get("balance", ""))
        return None if problems else request

    def review(self) -> None:
        """Validate, then ask for confirmation with the charge in the account currency. The
        question names the items and the amount; Enter and Escape in it keep the money."""
        if not self.buy_button.isEnabled():
            return
        if self.confirm_box is not None and self.confirm_box.isVisible():
            self.confirm_box.raise_()
            return
        request = self.request()
        if request is None:
            return
        text, estimate = charge_text(self.picker.current(), request.denomination, request.quantity)
        product = self.picker.current()
        currency = product.currency if product is not None else ""
        receiver = request.email or self.tr("no email (the vouchers are shown here)")
        amount = (
            self.tr("about {estimate} {ACCOUNT_CURRENCY}, charged to the Plum account").format(
                estimate=money(estimate), ACCOUNT_CURRENCY=ACCOUNT_CURRENCY
            )
            if estimate is not None
            else self.tr("unknown (Plum gives no exchange rate for this currency right now)")
        )
        body = describe(
            order=self.tr("a new Plum order"),
            items=f"{request.quantity} × {request.product_name} {request.denomination} {currency}",
            amount=amount,
        )
        self.confirm_box = ask(
            self,
            self.tr("Confirm voucher purchase"),
            self.tr(
                "Buy {quantity} × {product_name}?\n\n{body}\n\n{text}\n\nReceiver: {receiver}"
            ).format(
                quantity=request.quantity,
                product_name=request.product_name,
                body=body,
                text=text,
                receiver=receiver,
            ),
            [(self.tr("Buy"), lambda: self._confirmed(request))],
            self.tr("Don't buy"),
            icon=QMessageBox.Icon.Question,
        )

    def _confirmed(self, request: VoucherRequest) -> None:
        if self.buy_button.isEnabled():
            self.submitted.emit(request)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.buy_button.setEnabled(not busy)
        self.status_label.setText(text)
        self.close_button.setText(
            self.tr("Close (keeps buying in the background)") if busy else self.tr("Close")
        )

    def show_progress(self, text: str) -> None:
        self.status_label.setText(text)

    def unlock(self) -> None:
        """Usable again after the purchase ended, however it ended (the message stays)."""
        if self.progress.isVisible():
            self.set_busy(False, self.status_label.text())

    def show_failure(self, message: str, field_errors: dict[str, str]) -> None:
        self.set_busy(False)
        set_error(self.error_banner, tidy(message))
        targets = {
            "product": self.picker.product_error,
            "denomination": self.picker.denomination_error,
            "email": self.email_error,
            "contact": self.contact_error,
            "quantity": self.quantity_error,
            "balance": self.balance_error,
        }
        for name, text in field_errors.items():
            if name in targets:
                set_error(targets[name], plain(text))


class VoucherLookupDialog(QDialog):
    lookupRequested = Signal(str, str)  # kind ("order" | "po"), value
    resendRequested = Signal(str)  # order id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Look up a voucher order"))
        self.setMinimumSize(560, 420)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Plum order id"), "order")
        self.kind.addItem(self.tr("PO number"), "po")
        self.value = QLineEdit(self)
        self.value.setPlaceholderText(self.tr("e.g. 1316578, or FD-…"))
        self.value.setMaxLength(64)
        self.value.returnPressed.connect(self.submit)
        self.lookup_button = QPushButton(self.tr("Look up"), self)
        self.lookup_button.clicked.connect(self.submit)
        row.addWidget(self.kind)
        row.addWidget(self.value, 1)
        row.addWidget(self.lookup_button)
        layout.addLayout(row)
        self.value_error = error_label(self)
        layout.addWidget(self.value_error)
        self.summary = plain_label("", self, wrap=True, selectable=True)
        layout.addWidget(self.summary)
        self.vouchers = VoucherViewer(self)
        layout.addWidget(self.vouchers, 1)
        actions = QHBoxLayout()
        self.resend_button = QPushButton(self.tr("Email the vouchers to the receiver again"), self)
        self.resend_button.setEnabled(False)
        self.resend_button.clicked.connect(self._resend)
        actions.addWidget(self.resend_button)
        actions.addStretch(1)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        actions.addWidget(close)
        layout.addLayout(actions)
        self.order_id: str | None = None

    def submit(self) -> None:
        if not self.lookup_button.isEnabled():  # one lookup per intent (Enter + default button)
            return
        value = self.value.text().strip()
        kind = self.kind.currentData()
        if not value:
            set_error(self.value_error, self.tr("Enter a Plum order id or a PO number."))
            return
        if kind == "order" and not value.isdigit():
            set_error(
                self.value_error,
                self.tr(
                    "A Plum order id is a number. To search by the reference you placed "
                    "the order with, choose 'PO number'."
                ),
            )
            return
        set_error(self.value_error, "")
        self.lookup_button.setEnabled(False)
        self.summary.setText(self.tr("Looking it up at Plum…"))
        self.lookupRequested.emit(kind, value)

    def show_result(self, order_id: str, summary: str, vouchers: list[Voucher]) -> None:
        self.lookup_button.setEnabled(True)
        self.order_id = order_id
        self.summary.setText(summary)
        self.vouchers.set_vouchers(vouchers)
        self.resend_button.setEnabled(True)

    def show_error(self, message: str) -> None:
        self.lookup_button.setEnabled(True)
        self.summary.setText("")
        self.order_id = None
        self.resend_button.setEnabled(False)
        self.vouchers.set_vouchers([])
        set_error(self.value_error, message)

    def _resend(self) -> None:
        if self.order_id:
            self.resend_button.setEnabled(False)
            self.resendRequested.emit(self.order_id)

    def resend_done(self, message: str) -> None:
        self.resend_button.setEnabled(True)
        self.summary.setText(f"{self.summary.text()}\n{message}".strip())

    def unlock(self) -> None:
        """Usable again after a lookup or resend ended, however it ended."""
        self.lookup_button.setEnabled(True)
        self.resend_button.setEnabled(self.order_id is not None)
        if self.summary.text() == "Looking it up at Plum…":
            self.summary.setText("")


class BulkVoucherDialog(QDialog):
    startRequested = Signal(list)  # list[VoucherRequest]
    pauseToggled = Signal(bool)  # True = paused

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bulk issue vouchers"))
        self.setMinimumSize(760, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                self.tr(
                    "One voucher per recipient, each as its own Plum order with its own "
                    "PO number. Load a CSV with an 'email' column (and optionally "
                    "'contact' and 'tag'), check the preview, then start. Nothing is "
                    "bought before you press Start."
                ),
                self,
                wrap=True,
            )
        )
        self.picker = ProductPicker(self)
        self.picker.changed.connect(self._update_summary)
        layout.addWidget(self.picker)
        self.notify = QCheckBox(self.tr("Plum emails each voucher to its recipient"), self)
        self.notify.setChecked(True)
        layout.addWidget(self.notify)
        load_row = QHBoxLayout()
        self.load_button = QPushButton(self.tr("Load recipients from CSV…"), self)
        self.load_button.clicked.connect(self.choose_file)
        self.file_label = plain_label(self.tr("No file loaded."), self)
        load_row.addWidget(self.load_button)
        load_row.addWidget(self.file_label, 1)
        layout.addLayout(load_row)
        self.file_error = error_label(self)
        layout.addWidget(self.file_error)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Line"),
                self.tr("Email"),
                self.tr("Mobile"),
                self.tr("Tag"),
                self.tr("Check / result"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.summary_label = plain_label("", self, wrap=True)
        emphasise(self.summary_label)
        layout.addWidget(self.summary_label)
        self.progress = QProgressBar(self)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.summary = QPlainTextEdit(self)
        self.summary.setReadOnly(True)
        self.summary.hide()
        self.summary.setMaximumHeight(120)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.confirm_box: QMessageBox | None = None
        self.start_button = QPushButton(self.tr("Start…"), self)
        self.start_button.clicked.connect(self.start)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.pause_button.setCheckable(True)
        self.pause_button.setEnabled(False)
        self.pause_button.toggled.connect(self._pause_toggled)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.pause_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.rows: list[RecipientRow] = []
        self._update_summary()

    def set_products(self, products: list[VoucherProduct]) -> None:
        self.picker.set_products(products)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Recipients"), "", self.tr("CSV files (*.csv)")
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        try:
            if path.stat().st_size > 2_000_000:
                raise ValueError(self.tr("The file is larger than 2 MB; split it."))
            self.load_text(path.read_text(encoding="utf-8-sig"), path.name)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            set_error(self.file_error, f"{path.name}: {exc}")

    def load_text(self, text: str, name: str = "") -> None:
        name = name or self.tr("pasted text")
        try:
            self.rows = parse_recipients_csv(text)
        except ValueError as exc:
            self.rows = []
            set_error(self.file_error, str(exc))
        else:
            set_error(self.file_error, "")
        self.file_label.setText(
            self.tr("{name}: {n_rows} recipient(s)").format(name=name, n_rows=len(self.rows))
        )
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            cells = [
                str(row.line),
                row.email,
                row.contact,
                row.tag,
                "ok" if row.ok else "; ".join(row.problems.values()),
            ]
            for column, text_value in enumerate(cells):
                self.table.setItem(i, column, QTableWidgetItem(text_value))
        self.table.resizeColumnsToContents()
        self._update_summary()

    def valid_rows(self) -> list[RecipientRow]:
        return [r for r in self.rows if r.ok]

    def _update_summary(self) -> None:
        valid = len(self.valid_rows())
        skipped = len(self.rows) - valid
        text, _ = charge_text(
            self.picker.current(), self.picker.current_denomination(), max(valid, 1)
        )
        if not self.rows:
            self.summary_label.setText(self.tr("Load a CSV of recipients to see the preview."))
        else:
            self.summary_label.setText(
                self.tr("{valid} voucher(s) will be issued").format(valid=valid)
                + (
                    self.tr("; {skipped} row(s) with problems are skipped").format(skipped=skipped)
                    if skipped
                    else ""
                )
                + f". {text}"
            )
        self.start_button.setEnabled(valid > 0)

    def requests(self) -> list[VoucherRequest] | None:
        if self.picker.problems():
            return None
        product = self.picker.current()
        denomination = self.picker.current_denomination()
        assert product is not None and denomination is not None
        return [
            VoucherRequest(
                product_id=product.product_id,
                denomination=denomination,
                quantity=1,
                email=row.email,
                contact=row.contact,
                tag=row.tag,
                notify_receiver=self.notify.isChecked(),
                product_name=product.name,
            )
            for row in self.valid_rows()
        ]

    def start(self) -> None:
        """Ask first, naming the recipients and the charge; Enter and Escape issue nothing."""
        if not self.start_button.isEnabled():
            return
        if self.confirm_box is not None and self.confirm_box.isVisible():
            self.confirm_box.raise_()
            return
        requests = self.requests()
        if not requests:
            return
        product = self.picker.current()
        text, estimate = charge_text(product, requests[0].denomination, len(requests))
        currency = product.currency if product is not None else ""
        receivers = ", ".join(r.email for r in requests[:3]) + (
            self.tr(" and {0} more").format(len(requests) - 3) if len(requests) > 3 else ""
        )
        body = describe(
            order=self.tr("{n_requests} new Plum orders, one per recipient ({receivers})").format(
                n_requests=len(requests), receivers=receivers
            ),
            items=f"{len(requests)} × {requests[0].product_name} "
            f"{requests[0].denomination} {currency}",
            amount=(
                self.tr("about {estimate} {ACCOUNT_CURRENCY}, charged to the Plum account").format(
                    estimate=money(estimate), ACCOUNT_CURRENCY=ACCOUNT_CURRENCY
                )
                if estimate is not None
                else self.tr("unknown (Plum gives no exchange rate for this currency right now)")
            ),
        )
        self.confirm_box = ask(
            self,
            self.tr("Confirm bulk issue"),
            self.tr("Issue {n_requests} vouchers?\n\n{body}\n\n{text}").format(
                n_requests=len(requests), body=body, text=text
            ),
            [
                (
                    self.tr("Issue {n_requests} vouchers").format(n_requests=len(requests)),
                    lambda: self._confirmed(requests),
                )
            ],
            self.tr("Don't issue"),
            icon=QMessageBox.Icon.Question,
        )

    def _confirmed(self, requests: list[VoucherRequest]) -> None:
        if not self.start_button.isEnabled():
            return
        self.set_running(len(requests))
        self.startRequested.emit(requests)

    def set_running(self, total: int) -> None:
        self.start_button.setEnabled(False)
        self.load_button.setEnabled(False)
        self.picker.setEnabled(False)
        self.pause_button.setEnabled(True)
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        self.progress.show()

    def show_refused(self, message: str) -> None:
        """Refused before anything was sent (the profile's daily limit): the same rows can be
        started again."""
        self.pause_button.setEnabled(False)
        self.progress.hide()
        self.picker.setEnabled(True)
        self.load_button.setEnabled(True)
        self.start_button.setEnabled(bool(self.valid_rows()))
        self.summary_label.setText(message)

    def _pause_toggled(self, paused: bool) -> None:
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.pauseToggled.emit(paused)

    def show_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.summary_label.setText(
            self.tr("{done} of {total} done. {message}").format(
                done=done, total=total, message=message
            )
        )

    def mark_row(self, index: int, text: str) -> None:
        rows = [i for i, r in enumerate(self.rows) if r.ok]
        if index < len(rows):
            self.table.setItem(rows[index], 4, QTableWidgetItem(text))

    def finished_with(self, summary_text: str) -> None:
        self.pause_button.setEnabled(False)
        self.summary.setPlainText(summary_text)
        self.summary.show()
        self.summary_label.setText(summary_text.splitlines()[0])

    def unlock(self) -> None:
        """After a run ended, however it ended: another file can be loaded; Start stays off
        until then, so the same rows are never issued twice by a second click."""
        self.pause_button.setEnabled(False)
        self.load_button.setEnabled(True)


def order_summary(order_id: str, status: str, delivery: str, total: str, po: str | None) -> str:
    parts = [
        QCoreApplication.translate("vouchers", "Plum order {order_id}: {0}").format(
            status or QCoreApplication.translate("vouchers", "unknown status"), order_id=order_id
        ),
        QCoreApplication.translate("vouchers", "delivery {0}").format(
            delivery or QCoreApplication.translate("vouchers", "unknown")
        ),
    ]
    if total:
        parts.append(QCoreApplication.translate("vouchers", "charged {total}").format(total=total))
    if po:
        parts.append(QCoreApplication.translate("vouchers", "PO {po}").format(po=po))
    return ", ".join(parts) + "."
