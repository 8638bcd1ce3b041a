"""Copying secrets: marked for password managers, kept out of clipboard history, and cleared
after a timeout if the clipboard still holds them."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtGui import QGuiApplication, QImage

CLEAR_AFTER_MS = 45_000


def _secret_mime() -> QMimeData:
    mime = QMimeData()
    # KDE Klipper / KeePassXC convention: do not keep this in clipboard history.
    mime.setData("x-kde-passwordManagerHint", b"secret")
    # Windows: exclude from clipboard history and cloud clipboard.
    mime.setData(
        'application/x-qt-windows-mime;value="ExcludeClipboardContentFromMonitorProcessing"',
        b"\x01\x00\x00\x00",
    )
    return mime


def copy_secret_text(text: str, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
    clipboard = QGuiApplication.clipboard()
    mime = _secret_mime()
    mime.setText(text)
    clipboard.setMimeData(mime)

    def clear() -> None:
        if clipboard.text() == text:
            clipboard.clear()

    QTimer.singleShot(clear_after_ms, clear)


def copy_secret_image(image: QImage) -> None:
    mime = _secret_mime()
    mime.setImageData(image)
    QGuiApplication.clipboard().setMimeData(mime)
