"""Copying secrets: marked for password managers, kept out of clipboard history, and cleared
after a timeout, and when the app quits, if the clipboard still holds them.

Clearing at quit is also what keeps PySide6 6.11 from crashing at exit: a QMimeData left on the
clipboard when the interpreter shuts down segfaults (reproduced here, every time).
"""

from __future__ import annotations

import atexit

from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtGui import QGuiApplication, QImage

CLEAR_AFTER_MS = 45_000
_state = {"hooked": False, "owned": False}


def clear_owned_secret() -> None:
    """Clear the clipboard if it still holds something this app put there."""
    app = QGuiApplication.instance()
    if _state["owned"] and app is not None:
        clipboard = QGuiApplication.clipboard()
        if clipboard.ownsClipboard() or clipboard.mimeData() is not None:
            clipboard.clear()
    _state["owned"] = False


def _set(mime: QMimeData) -> None:
    app = QGuiApplication.instance()
    if not _state["hooked"] and app is not None:
        app.aboutToQuit.connect(clear_owned_secret)
        atexit.register(clear_owned_secret)
        _state["hooked"] = True
    QGuiApplication.clipboard().setMimeData(mime)
    _state["owned"] = True


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
    _set(mime)

    def clear() -> None:
        if clipboard.text() == text:
            clipboard.clear()

    QTimer.singleShot(clear_after_ms, clear)


def copy_secret_image(image: QImage) -> None:
    mime = _secret_mime()
    mime.setImageData(image)
    _set(mime)
