"""Packing slips: one A6 page per order, saved as PDF or printed (QtPrintSupport).

The reference is printed as text, as a Code 128 barcode and as a standard QR code (segno builds
the matrix, never a Micro QR; QPainter draws both, so no image library is involved).

The window never draws slips on the GUI thread: `write_pdf` and `print_slips` are coroutines
that take the slips' texts (`Labels`, translated on the GUI thread) and hand the drawing to a
worker thread (`asyncio.to_thread`, a QThread of qasync's executor). Everything the drawing
touches is allowed there: QPainter on a QPdfWriter, QImage or QPrinter, QFont (Qt 6), plain
data (SlipData, Labels) and the constant colours INK and PAPER (QColor values, only read);
never a QWidget, a QPixmap or the application's palette. The PDF is drawn into memory and then
written by Python next to its target and renamed over it, so a failed write (disk full, no
permission, no such folder) is an OSError with its reason and never leaves half a file.
"""

from __future__ import annotations

import asyncio
import errno
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import segno
from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QRectF, Qt
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
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Labels:
    """The slip's fixed texts in the window's language, translated before the drawing starts
    (on the GUI thread), so the worker thread gets plain strings."""

    title: str
    reference: str
    transaction: str
    ship_to: str
    contents: str
    establishment: str
    tracking: str
    document: str

    @classmethod
    def current(cls) -> Labels:
        return cls(
            title=QCoreApplication.translate("packing_slip", "PACKING SLIP"),
            reference=QCoreApplication.translate("packing_slip", "Reference: {reference}"),
            transaction=QCoreApplication.translate("packing_slip", "Transaction: {transaction_id}"),
            ship_to=QCoreApplication.translate("packing_slip", "Ship to"),
            contents=QCoreApplication.translate("packing_slip", "Contents"),
            establishment=QCoreApplication.translate("packing_slip", "From: {establishment}"),
            tracking=QCoreApplication.translate("packing_slip", "Tracking: {tracking_number}"),
            document=QCoreApplication.translate("packing_slip", "Packing slip"),
        )


class SlipRenderError(RuntimeError):
    """Qt could not start drawing on the device (a printer that refused the job)."""


def _draw(painter: QPainter, slip: SlipData, width: float, height: float, labels: Labels) -> None:
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

    text(labels.title, title, 1.6)
    text(labels.reference.format(reference=slip.reference), body)
    text(labels.transaction.format(transaction_id=slip.transaction_id), small)
    y += line * 0.5
    text(labels.ship_to, QFont("DejaVu Sans", 10, QFont.Weight.Bold))
    for value in (
        slip.recipient,
        slip.address,
        f"{slip.postal_code} {slip.city}".strip(),
        slip.country,
    ):
        if value:
            text(value, body)
    y += line * 0.5
    text(labels.contents, QFont("DejaVu Sans", 10, QFont.Weight.Bold))
    text(f"{slip.quantity} × {slip.product}", body)
    if slip.establishment:
        text(labels.establishment.format(establishment=slip.establishment), small)
    if slip.tracking_number:
        text(labels.tracking.format(tracking_number=slip.tracking_number), small)
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


def render(device: QPagedPaintDevice, slips: list[SlipData], labels: Labels | None = None) -> None:
    """Draw the slips on `device`, one page each (any thread; see the module's docstring)."""
    labels = labels or Labels.current()
    painter = QPainter(device)
    if not painter.isActive():
        raise SlipRenderError("the device refused to start drawing")
    try:
        for index, slip in enumerate(slips):
            if index:
                device.newPage()
            rect = painter.viewport()
            _draw(painter, slip, float(rect.width()), float(rect.height()), labels)
    finally:
        painter.end()


def pdf_bytes(slips: list[SlipData], labels: Labels | None = None) -> bytes:
    """The slips as one PDF document, drawn in memory."""
    labels = labels or Labels.current()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(labels.document)
    render(writer, slips, labels)
    del writer  # the document is complete once its painter ended
    data = bytes(buffer.data().data())
    buffer.close()
    return data


def save_pdf(path: Path, slips: list[SlipData], labels: Labels | None = None) -> Path:
    """Write the slips' PDF to `path` whole or not at all: drawn in memory, written to a
    hidden file next to it, then renamed over it. Raises OSError (with its errno) when the file
    cannot be written. Safe on any thread; the window calls it through `write_pdf`."""
    data = pdf_bytes(slips, labels)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path  # write through a link
    partial = target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.partial")
    with open(partial, "xb") as handle:  # no folder, no permission: raised here, nothing made
        try:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # a full disk says so here, not later
        except BaseException:
            handle.close()
            partial.unlink(missing_ok=True)
            raise
    try:
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


async def write_pdf(path: Path, slips: list[SlipData]) -> Path:
    """`save_pdf` on a worker thread: the window stays responsive while the slips are drawn."""
    labels = Labels.current()  # translated here, on the GUI thread
    return await asyncio.to_thread(save_pdf, path, list(slips), labels)


def save_png(path: Path, slip: SlipData, dots_per_mm: float = 8.0) -> Path:
    """The slip as an image (A6 at 8 dots per mm, about 200 dpi), drawn by the same code as
    the PDF: for previews and for checking that its codes scan."""
    width, height = round(105 * dots_per_mm), round(148 * dots_per_mm)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(PAPER)
    painter = QPainter(image)
    try:
        _draw(painter, slip, float(width), float(height), Labels.current())
    finally:
        painter.end()
    image.save(str(path))
    return path


def choose_printer(parent: QWidget | None = None) -> QPrinter | None:
    """The print dialog (GUI thread): the printer the operator chose, or None."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer


async def print_to(printer: QPrinter, slips: list[SlipData]) -> None:
    """Draw the slips on a chosen printer on a worker thread (Qt allows QPainter on a
    QPrinter there); SlipRenderError when the printer refused the job."""
    labels = Labels.current()
    await asyncio.to_thread(render, printer, list(slips), labels)


async def print_slips(slips: list[SlipData], parent: QWidget | None = None) -> bool:
    """Ask for a printer, then print on a worker thread; False when the operator cancelled."""
    printer = choose_printer(parent)
    if printer is None:
        return False
    await print_to(printer, slips)
    return True


def save_error(exc: BaseException, path: Path) -> str:
    """Why slips could not be saved to `path`, for the operator."""
    number = getattr(exc, "errno", None)
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = QCoreApplication.translate("packing_slip", "the disk is full")
    elif number in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = QCoreApplication.translate("packing_slip", "no permission to write there")
    elif number in (errno.ENOENT, errno.ENOTDIR):
        reason = QCoreApplication.translate("packing_slip", "the folder does not exist")
    elif isinstance(exc, OSError) and exc.strerror:
        reason = exc.strerror
    else:
        reason = str(exc) or type(exc).__name__
    return QCoreApplication.translate(
        "packing_slip", "Packing slips not saved to {path}: {reason}."
    ).format(path=path, reason=reason)
