"""Shows an order's keys: text keys masked until revealed, image keys decoded within limits."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.domain.models import SerialKey
from fulfildesk.ui.text import plain_label
from fulfildesk.ui.widgets.cards import CardList
from fulfildesk.ui.widgets.clipboard import copy_secret_image, copy_secret_text
from fulfildesk.ui.widgets.images import decode_key_image
from fulfildesk.ui.widgets.zoom import ImageZoomDialog

IMAGE_PREVIEW_WIDTH = 360


def status_note(key: SerialKey) -> str:
    """'  ·  returned' for a key Kinguin no longer counts as delivered; '' otherwise."""
    status = (key.status or "DELIVERED").upper()
    return "" if status == "DELIVERED" else f"  ·  {status.lower()}"


class TextKeyCard(QFrame):
    copied = Signal(str)
    #: a secret was shown or copied: action, detail (for the order's history)
    used = Signal(str, str)

    def __init__(self, key: SerialKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("keyCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                self.tr("{0}  ·  text key{1}").format(key.name or "Key", status_note(key)), self
            )
        )
        row = QHBoxLayout()
        self.field = QLineEdit(key.serial, self)
        self.field.setReadOnly(True)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(self.tr("Key for {name}").format(name=key.name))
        self.field.setMinimumWidth(220)
        row.addWidget(self.field, 1)
        self.reveal_button = QPushButton(self.tr("Reveal"), self)
        self.reveal_button.setCheckable(True)
        self.reveal_button.toggled.connect(self.set_revealed)
        row.addWidget(self.reveal_button)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.copy_button)
        layout.addLayout(row)

    @property
    def revealed(self) -> bool:
        return self.field.echoMode() == QLineEdit.EchoMode.Normal

    def set_revealed(self, revealed: bool) -> None:
        self.field.setEchoMode(
            QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        )
        self.reveal_button.setText(self.tr("Hide") if revealed else self.tr("Reveal"))
        if revealed:
            self.used.emit("Key revealed", self._which())

    def _which(self) -> str:
        return f"{self.key.name or 'key'} (key {self.key.position + 1})"

    def copy(self) -> None:
        copy_secret_text(self.key.serial)
        self.used.emit("Key copied", self._which())
        self.copied.emit(
            self.tr("Key for {0} copied; the clipboard is cleared in 45 seconds.").format(
                self.key.name or "the product"
            )
        )


class ImageKeyCard(QFrame):
    """An image key, masked like a text key until revealed."""

    copied = Signal(str)
    used = Signal(str, str)

    def __init__(self, key: SerialKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("keyCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        kind = key.content_type.split("/")[-1].upper()
        layout.addWidget(
            plain_label(
                self.tr("{0}  ·  image key ({kind}){1}").format(
                    key.name or "Key", status_note(key), kind=kind
                ),
                self,
            )
        )
        decoded = decode_key_image(key.serial, key.content_type)
        self.image: QImage | None = decoded.image
        self.error = decoded.error
        self.picture = QLabel(self)
        self.picture.setTextFormat(Qt.TextFormat.PlainText)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignLeft)
        if self.image is not None:
            pixmap = QPixmap.fromImage(self.image)
            if pixmap.width() > IMAGE_PREVIEW_WIDTH:
                pixmap = pixmap.scaledToWidth(
                    IMAGE_PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation
                )
            self.picture.setPixmap(pixmap)
            self.picture.setAccessibleName(self.tr("Image key for {name}").format(name=key.name))
        else:
            self.picture.setText(f"⚠ {self.error}")
            self.picture.setWordWrap(True)
            self.picture.setObjectName("keyError")
        self.picture.setVisible(self.image is None)  # an error shows; a key waits for Reveal
        self.mask_label = plain_label(self.tr("●●●●●●  image key hidden: Reveal to show it"), self)
        self.mask_label.setObjectName("keyMask")
        self.mask_label.setVisible(self.image is not None)
        layout.addWidget(self.mask_label)
        layout.addWidget(self.picture)
        row = QHBoxLayout()
        self.reveal_button = QPushButton(self.tr("Reveal"), self)
        self.reveal_button.setCheckable(True)
        self.reveal_button.toggled.connect(self.set_revealed)
        self.reveal_button.setEnabled(self.image is not None)
        row.addWidget(self.reveal_button)
        self.copy_button = QPushButton(self.tr("Copy image"), self)
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton(self.tr("Save…"), self)
        self.save_button.clicked.connect(self.save)
        self.zoom_button = QPushButton(self.tr("Zoom…"), self)
        self.zoom_button.clicked.connect(self.open_zoom)
        self.zoom_dialog: ImageZoomDialog | None = None
        for button in (self.zoom_button, self.copy_button, self.save_button):
            button.setEnabled(self.image is not None)
            row.addWidget(button)
        self.zoom_button.setEnabled(False)  # shows the key: after Reveal
        row.addStretch(1)
        layout.addLayout(row)

    @property
    def revealed(self) -> bool:
        return self.image is not None and self.picture.isVisibleTo(self)

    def set_revealed(self, revealed: bool) -> None:
        if self.image is None:
            return
        self.picture.setVisible(revealed)
        self.mask_label.setVisible(not revealed)
        self.zoom_button.setEnabled(revealed)
        self.reveal_button.setText(self.tr("Hide") if revealed else self.tr("Reveal"))
        if revealed:
            self.used.emit("Image key revealed", self._which())

    def _which(self) -> str:
        return f"{self.key.name or 'key'} (key {self.key.position + 1})"

    def open_zoom(self) -> ImageZoomDialog | None:
        if self.image is None or not self.revealed:
            return None
        self.zoom_dialog = ImageZoomDialog(
            self.image, self.tr("Image key: {0}").format(self.key.name or "key"), self
        )
        self.zoom_dialog.open()
        return self.zoom_dialog

    def copy(self) -> None:
        if self.image is not None:
            copy_secret_image(self.image)
            self.used.emit("Image key copied", self._which())
            self.copied.emit(
                self.tr("Image key for {0} copied.").format(self.key.name or "the product")
            )

    def save(self) -> None:
        if self.image is None:
            return
        suffix = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "png"}[
            self.key.content_type
        ]
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save image key"),
            f"key-{self.key.provider_order_id}-{self.key.position}.{suffix}",
            self.tr("Images (*.png *.jpg)"),
        )
        if path:
            self.image.save(path)
            self.used.emit("Image key saved to a file", self._which())
            self.copied.emit(self.tr("Image key saved to {path}.").format(path=path))


class KeyViewer(CardList):
    message = Signal(str)
    #: a key was revealed, copied or saved: action, detail (logged in the order's history)
    secretUsed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[TextKeyCard | ImageKeyCard] = []
        self.set_keys([])

    def set_keys(self, keys: list[SerialKey]) -> None:
        self._reset(not keys, self.tr("No keys stored for this order."))
        self.cards = []
        for key in keys:
            card: TextKeyCard | ImageKeyCard = (
                ImageKeyCard(key, self._inner) if key.is_image else TextKeyCard(key, self._inner)
            )
            card.copied.connect(self.message)
            card.used.connect(self.secretUsed)
            self.cards.append(card)
            self._add(card)
        self._finish()
