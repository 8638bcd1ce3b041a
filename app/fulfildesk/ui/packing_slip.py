"""Packing slips: one A6 page per order, saved as PDF or printed (QtPrintSupport).

The reference is printed as text, as a Code 128 barcode and as a standard QR code (segno builds
the matrix, never a Micro QR; QPainter draws both, so no image library is involved).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import segno
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from fulfildesk.services.shipping import SlipData
from fulfildesk.ui.code128 import modules
from fulfildesk.ui.theme import INK, PAPER

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def _draw(painter: QPainter, slip: SlipData, width: float, height: float) -> None:
    margin = width * 0.06
    y = margin
    painter.setPen(INK)  # paper is white whatever the screen palette
    title = QFont("DejaVu Sans", 16, QFont.Weight.Bold)
    body = QFont("DejaVu Sans", 10)
    small = QFont("DejaVu Sans", 8)
    line = height * 0.045

    qr_size = min(width, height) * 0.3
    text_width = width - 2 * margin - qr_size - margin * 0.5  # the QR code sits top right

    def text(value: str, font: QFont, step: float = 1.0) -> None:
        nonlocal y
        painter.setFont(font)
        painter.drawText(
            QRectF(margin, y, text_width, line * 2),
            int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
            value,
        )
        y += line * step

    text(QCoreApplication.translate("packing_slip", "PACKING SLIP"), title, 1.6)
    text(
        QCoreApplication.translate("packing_slip", "Reference: {reference}").format(
            reference=slip.reference
        ),
        body,
    )
    text(
        QCoreApplication.translate("packing_slip", "Transaction: {transaction_id}").format(
            transaction_id=slip.transaction_id
        ),
        small,
    )
    y += line * 0.5
    text(
        QCoreApplication.translate("packing_slip", "Ship to"),
        QFont("DejaVu Sans", 10, QFont.Weight.Bold),
    )
    for value in (
        slip.recipient,
        slip.address,
        f"{slip.postal_code} {slip.city}".strip(),
        slip.country,
    ):
        if value:
            text(value, body)
    y += line * 0.5
    text(
        QCoreApplication.translate("packing_slip", "Contents"),
        QFont("DejaVu Sans", 10, QFont.Weight.Bold),
    )
    text(f"{slip.quantity} × {slip.product}", body)
    if slip.establishment:
        text(
            QCoreApplication.translate("packing_slip", "From: {establishment}").format(
                establishment=slip.establishment
            ),
            small,
        )
    if slip.tracking_number:
        text(
            QCoreApplication.translate("packing_slip", "Tracking: {tracking_number}").format(
                tracking_number=slip.tracking_number
            ),
            small,
        )
    reference = slip.reference or slip.transaction_id
    # Code 128 of the reference across the bottom: every warehouse scanner reads it
    bars = modules(reference)
    bar_width = width - 2 * margin
    module = bar_width / len(bars)
    bar_top, bar_height = height - margin - height * 0.14, height * 0.1
    painter.fillRect(QRectF(margin, bar_top, bar_width, bar_height), PAPER)
    for index, dark in enumerate(bars):
        if dark:
            painter.fillRect(
                QRectF(margin + index * module, bar_top, module + 0.05, bar_height),
                INK,
            )
    painter.setFont(small)
    painter.drawText(
        QRectF(margin, bar_top + bar_height, bar_width, line),
        int(Qt.AlignmentFlag.AlignHCenter),
        reference,
    )
    # a standard QR code of the reference (never Micro QR, which many scanners miss), top right
    qr = segno.make(reference, error="m", micro=False)
    rows = list(qr.matrix_iter(border=4))
    size = qr_size
    cell = size / len(rows)
    left, top = width - margin - size, margin
    painter.fillRect(QRectF(left, top, size, size), PAPER)
    for r, row in enumerate(rows):
        for c, filled in enumerate(row):
            if filled:
                painter.fillRect(
                    QRectF(left + c * cell, top + r * cell, cell + 0.5, cell + 0.5), INK
                )


def render(device: QPagedPaintDevice, slips: list[SlipData]) -> None:
    painter = QPainter(device)
    try:
        for index, slip in enumerate(slips):
            if index:
                device.newPage()
            rect = painter.viewport()
            _draw(painter, slip, float(rect.width()), float(rect.height()))
    finally:
        painter.end()


def save_pdf(path: Path, slips: list[SlipData]) -> Path:
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(QCoreApplication.translate("packing_slip", "Packing slip"))
    render(writer, slips)
    return path


def save_png(path: Path, slip: SlipData, dots_per_mm: float = 8.0) -> Path:
    """The slip as an image (A6 at 8 dots per mm, about 200 dpi), drawn by the same code as
    the PDF: for previews and for checking that its codes scan."""
    width, height = round(105 * dots_per_mm), round(148 * dots_per_mm)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(PAPER)
    painter = QPainter(image)
    try:
        _draw(painter, slip, float(width), float(height))
    finally:
        painter.end()
    image.save(str(path))
    return path


def print_slips(slips: list[SlipData], parent: QWidget | None = None) -> bool:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    render(printer, slips)
    return True
