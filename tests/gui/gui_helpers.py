"""Helpers shared by GUI tests (imported as `gui_helpers`: pytest puts this folder on the path)."""

from __future__ import annotations

from typing import Any


def writes(sandbox: Any, fragment: str = "") -> list[tuple[str, str]]:
    """The non-GET requests the sandbox received whose path contains `fragment`."""
    return [(m, p) for m, p in list(sandbox.requests) if m != "GET" and fragment in p]


def click_choice(qtbot: Any, box: Any, text: str) -> None:
    """Press the button labelled `text` of a confirmation box."""
    from PySide6.QtCore import Qt

    from fulfildesk.ui.dialogs.confirm import button

    qtbot.mouseClick(button(box, text), Qt.MouseButton.LeftButton)
