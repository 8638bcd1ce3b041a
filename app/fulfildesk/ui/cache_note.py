"""A damaged order cache at start-up: it was moved aside (nothing deleted) and the console asks
before rebuilding it from the providers (issue 12: a rebuild with the operator's consent)."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def cache_rebuild_box(parent: QWidget, note: str) -> tuple[QMessageBox, QWidget]:
    """The question, with "Rebuild now" (Enter) and "Not now" (Escape); answers the box and
    its rebuild button."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("CacheNote", "The order cache was damaged"),
        note,
        parent=parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(
        QCoreApplication.translate(
            "CacheNote",
            "Rebuild it now from the providers? That is a full sync; the purchase journal is "
            "not touched. Not now: the list stays empty until you choose File > Full sync "
            "(or run `fulfildesk repair`).",
        )
    )
    rebuild = box.addButton(
        QCoreApplication.translate("CacheNote", "Rebuild now"), QMessageBox.ButtonRole.AcceptRole
    )
    later = box.addButton(
        QCoreApplication.translate("CacheNote", "Not now"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(rebuild)
    box.setEscapeButton(later)
    return box, rebuild


async def ask_cache_rebuild(parent: QWidget, note: str) -> bool:
    """Show the question (window-modal, the window stays alive) and answer the choice."""
    box, rebuild = cache_rebuild_box(parent, note)
    parent.cache_box = box  # type: ignore[attr-defined]  # tests and screenshots reach it
    answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def finished(_result: int) -> None:
        if not answer.done():
            answer.set_result(box.clickedButton() is rebuild)

    box.finished.connect(finished)
    box.open()
    return await answer
