"""A zoomable view of an image key.

The zoomed image is never built: the canvas is as large as the zoomed image would be (so the
scroll area scrolls it), and each paint draws only the exposed part of the viewport from the
source image. Memory stays the source image plus one viewport, whatever the zoom (a 63 KB PNG
at 400 % used to build a 1 GB pixmap).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.ui.text import plain_label

#: the zoomed canvas is capped at this many pixels a side (Qt's widget limit is 16,777,215)
MAX_CANVAS_SIDE = 1 << 20


class ZoomCanvas(QWidget):
    """Paints `image` at `percent` %, only where it is exposed."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self.percent = 100
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def scaled_size(self) -> QSize:
        def side(value: int) -> int:
            return max(1, min(MAX_CANVAS_SIDE, value * self.percent // 100))

        return QSize(side(self.image.width()), side(self.image.height()))

    def set_percent(self, percent: int) -> None:
        self.percent = max(1, percent)
        self.resize(self.scaled_size())
        self.update()

    def sizeHint(self) -> QSize:
        return self.scaled_size()

    def paintEvent(self, event: QPaintEvent) -> None:
        exposed = event.rect()
        factor = self.percent / 100
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.percent < 100)
        source = QRectF(
            exposed.x() / factor,
            exposed.y() / factor,
            exposed.width() / factor,
            exposed.height() / factor,
        )
        painter.drawImage(QRectF(exposed), self.image, source)
        painter.end()


class ImageZoomDialog(QDialog):
    def __init__(self, image: QImage, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 460)
        self.image = image
        layout = QVBoxLayout(self)
        self.area = QScrollArea(self)
        self.picture = ZoomCanvas(image, self.area)
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
        fit = QPushButton(self.tr("Actual size"), self)
        fit.clicked.connect(lambda: self.slider.setValue(100))
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        row.addWidget(plain_label(self.tr("Zoom"), self))
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
        self.picture.set_percent(percent)
        self.level.setText(f"{percent}%")
