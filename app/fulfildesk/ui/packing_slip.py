"""Packing slips: one A6 page per order, saved as PDF or printed (QtPrintSupport).

The reference is printed as text and as a QR code (segno builds the matrix; QPainter draws it,
so no image library is involved).
"""

from __future__ import annotations

from pathlib import Path

import segno
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from fulfildesk.services.shipping import SlipData
from fulfildesk.ui.theme import INK, PAPER


def _draw(painter: QPainter, slip: SlipData, width: float, height: float) -> None:
    margin = width * 0.06
    y = margin
    painter.setPen(INK)  # paper is white whatever the screen palette
    title = QFont("DejaVu Sans", 16, QFont.Weight.Bold)
    body = QFont("DejaVu Sans", 10)
    small = QFont("DejaVu Sans", 8)
    line = height * 0.045

    def text(value: str, font: QFont, step: float = 1.0) -> None:
        nonlocal y
        painter.setFont(font)
        painter.drawText(
            QRectF(margin, y, width - 2 * margin, line * 2),
            int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
            value,
        )
        y += line * step

    text("PACKING SLIP", title, 1.6)
    text(f"Reference: {slip.reference}", body)
    text(f"Transaction: {slip.transaction_id}", small)
    y += line * 0.5
    text("Ship to", QFont("DejaVu Sans", 10, QFont.Weight.Bold))
    for value in (
        slip.recipient,
        slip.address,
        f"{slip.postal_code} {slip.city}".strip(),
        slip.country,
    ):
        if value:
            text(value, body)
    y += line * 0.5
    text("Contents", QFont("DejaVu Sans", 10, QFont.Weight.Bold))
    text(f"{slip.quantity} × {slip.product}", body)
    if slip.establishment:
        text(f"From: {slip.establishment}", small)
    if slip.tracking_number:
        text(f"Tracking: {slip.tracking_number}", small)
    # QR code of the reference, bottom right
    qr = segno.make(slip.reference or slip.transaction_id, error="m")
    rows = list(qr.matrix_iter(border=2))
    size = min(width, height) * 0.32
    cell = size / len(rows)
    left, top = width - margin - size, height - margin - size
    painter.fillRect(QRectF(left, top, size, size), PAPER)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
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
    writer.setTitle("Packing slip")
    render(writer, slips)
    return path


def print_slips(slips: list[SlipData], parent: object = None) -> bool:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    dialog = QPrintDialog(printer, parent)  # type: ignore[arg-type]
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    render(printer, slips)
    return True
