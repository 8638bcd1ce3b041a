"""The window fits the screen it opens on: at 200 % scale a 1920×1080 screen is 960×540 logical
pixels, smaller than the default size; a size saved on a bigger screen must not hang off a
smaller one."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

#: room for the window manager's title bar when the frame is not known yet (before show)
TITLE_BAR = 32


def fit_to_screen(window: QWidget) -> None:
    """Shrink `window` to the screen's available area (never below its minimum) and move it
    back onto the screen."""
    screen = window.screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width() if window.isVisible() else 0
    extra_h = frame.height() - window.height() if window.isVisible() else TITLE_BAR
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    width = max(min(window.width(), area.width() - extra_w), minimum.width())
    height = max(min(window.height(), area.height() - extra_h), minimum.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(frame.x(), area.left()), max(area.left(), area.right() + 1 - width - extra_w))
    y = min(max(frame.y(), area.top()), max(area.top(), area.bottom() + 1 - height - extra_h))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
