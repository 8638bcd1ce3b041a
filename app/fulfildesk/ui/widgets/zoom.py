"""A zoomable view of an image key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.ui.text import plain_label


class ImageZoomDialog(QDialog):
    def __init__(self, image: QImage, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 460)
        self.image = image
        layout = QVBoxLayout(self)
        self.area = QScrollArea(self)
        self.picture = QLabel(self.area)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.area.setWidget(self.picture)
        self.area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.area, 1)
        row = QHBoxLayout()
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(25, 400)
        self.slider.setValue(200)
        self.slider.setSingleStep(25)
        self.slider.valueChanged.connect(self.set_zoom)
        self.level = plain_label("", self)
        fit = QPushButton("Actual size", self)
        fit.clicked.connect(lambda: self.slider.setValue(100))
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        row.addWidget(plain_label("Zoom", self))
        row.addWidget(self.slider, 1)
        row.addWidget(self.level)
        row.addWidget(fit)
        row.addWidget(close)
        layout.addLayout(row)
        self.set_zoom(self.slider.value())

    @property
    def zoom(self) -> int:
        return self.slider.value()

    def set_zoom(self, percent: int) -> None:
        width = max(1, self.image.width() * percent // 100)
        pixmap = QPixmap.fromImage(self.image).scaledToWidth(
            width, Qt.TransformationMode.SmoothTransformation
        )
        self.picture.setPixmap(pixmap)
        self.picture.resize(pixmap.size())
        self.level.setText(f"{percent}%")
