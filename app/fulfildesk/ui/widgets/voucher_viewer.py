"""Shows an order's vouchers: code, code + PIN, or link + PIN; masked until revealed."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from fulfildesk.domain.models import Voucher
from fulfildesk.ui.text import plain_label
from fulfildesk.ui.widgets.cards import CardList
from fulfildesk.ui.widgets.clipboard import copy_secret_text


def safe_link(text: str) -> QUrl | None:
    """Only http(s) links with a host are opened; anything else is shown, never launched."""
    url = QUrl(text.strip(), QUrl.ParsingMode.StrictMode)
    if url.isValid() and url.scheme() in ("https", "http") and url.host():
        return url
    return None


class SecretField(QWidget):
    """A masked, read-only value with Reveal and Copy."""

    copied = Signal(str)
    used = Signal(str, str)  # action, detail: for the order's history

    def __init__(self, value: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = value
        self.what = what
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.field = QLineEdit(value, self)
        self.field.setReadOnly(True)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(what)
        self.field.setMinimumWidth(200)
        self.reveal_button = QPushButton(self.tr("Reveal"), self)
        self.reveal_button.setCheckable(True)
        self.reveal_button.toggled.connect(self.set_revealed)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.clicked.connect(self.copy)
        layout.addWidget(self.field, 0, 0)
        layout.addWidget(self.reveal_button, 0, 1)
        layout.addWidget(self.copy_button, 0, 2)
        layout.setColumnStretch(0, 1)

    @property
    def revealed(self) -> bool:
        return self.field.echoMode() == QLineEdit.EchoMode.Normal

    def set_revealed(self, revealed: bool) -> None:
        self.field.setEchoMode(
            QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        )
        self.reveal_button.setText(self.tr("Hide") if revealed else self.tr("Reveal"))
        if revealed:
            self.used.emit(f"{self.what} revealed", "")

    def copy(self) -> None:
        copy_secret_text(self.value)
        self.used.emit(f"{self.what} copied", "")
        self.copied.emit(
            self.tr("{what} copied; the clipboard is cleared in 45 seconds.").format(what=self.what)
        )


class VoucherCard(QFrame):
    message = Signal(str)
    used = Signal(str, str)

    def __init__(self, voucher: Voucher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.voucher = voucher
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        amount = (
            f"{voucher.amount} {voucher.currency or ''}".strip()
            if voucher.amount is not None
            else ""
        )
        title = self.tr("{kind_label} voucher").format(kind_label=voucher.kind_label) + (
            f" · {amount}" if amount else ""
        )
        if voucher.validity:
            title += self.tr(" · valid until {validity}").format(validity=voucher.validity)
        if voucher.country:
            title += f" · {voucher.country}"
        layout.addWidget(plain_label(title, self), 0, 0, 1, 2)
        row = 1
        label = self.tr("Link") if voucher.is_url else self.tr("Code")
        self.code = SecretField(voucher.code, self.tr("Voucher {0}").format(label.lower()), self)
        self.code.copied.connect(self.message)
        self.code.used.connect(self.used)
        layout.addWidget(plain_label(label, self), row, 0)
        layout.addWidget(self.code, row, 1)
        self.pin: SecretField | None = None
        if voucher.pin:
            row += 1
            self.pin = SecretField(voucher.pin, self.tr("Voucher PIN"), self)
            self.pin.copied.connect(self.message)
            self.pin.used.connect(self.used)
            layout.addWidget(plain_label("PIN", self), row, 0)
            layout.addWidget(self.pin, row, 1)
        self.open_button: QPushButton | None = None
        if voucher.is_url:
            row += 1
            self.open_button = QPushButton(self.tr("Open link in browser"), self)
            self.open_button.setEnabled(safe_link(voucher.code) is not None)
            self.open_button.clicked.connect(self.open_link)
            layout.addWidget(self.open_button, row, 1)
        layout.setColumnStretch(1, 1)

    def open_link(self) -> bool:
        url = safe_link(self.voucher.code)
        if url is None:
            self.message.emit(
                self.tr("This voucher's link is not a web address; it was not opened.")
            )
            return False
        return QDesktopServices.openUrl(url)


class VoucherViewer(CardList):
    message = Signal(str)
    secretUsed = Signal(str, str)  # action, detail: logged in the order's history

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[VoucherCard] = []
        self.set_vouchers([])

    def set_vouchers(self, vouchers: list[Voucher]) -> None:
        self._reset(not vouchers, self.tr("No vouchers stored for this order."))
        self.cards = []
        for voucher in vouchers:
            card = VoucherCard(voucher, self._inner)
            card.message.connect(self.message)
            card.used.connect(self.secretUsed)
            self.cards.append(card)
            self._add(card)
        self._finish()
