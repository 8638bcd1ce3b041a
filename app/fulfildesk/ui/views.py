"""Saved views (issue 14): name the order list's current filters, sort and search; pick one from
the side list (a dock) or the palette. Three are built in; the rest are kept in the cache (and
shared through the team database in team mode: services/views.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.services.views import ViewsService, clean_name
from fulfildesk.ui.models.orders import Columns

if TYPE_CHECKING:
    from fulfildesk.ui.ops import OpsController


def _state(**filters: Any) -> dict[str, Any]:
    return {"filters": filters, "sort": [int(Columns.CREATED), 1]}


def builtin_views() -> list[tuple[str, Callable[[], dict[str, Any]]]]:
    """Name -> the view as of today (dates move with the calendar)."""
    today = date.today().isoformat()
    week_ago = (date.today() - timedelta(days=7)).isoformat()
    return [
        (
            QCoreApplication.translate("Views", "To ship today"),
            lambda: _state(provider="powerplugin", status="reserved"),
        ),
        (
            QCoreApplication.translate("Views", "Needs review"),
            lambda: _state(status="needs_review"),
        ),
        (
            QCoreApplication.translate("Views", "Failed this week"),
            lambda: _state(status="failed", use_from=True, date_from=week_ago, date_to=today),
        ),
    ]


class ViewsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Saved views"))
        layout.addWidget(self.list, 1)
        hint = QLabel(self.tr("Enter: show · Delete: forget · Ctrl+Alt+S: save the current"))
        hint.setWordWrap(True)
        layout.addWidget(hint)


class ViewsController(QObject):
    #: the list of views was re-read
    reloaded = Signal()
    #: a view was applied (its name)
    applied = Signal(str)

    def __init__(self, ops: OpsController) -> None:
        super().__init__(ops)
        self.ops = ops
        self.window = ops.window
        self.service = ViewsService(ops.ctx.store, ops.ctx.team)
        self.saved: list[dict[str, Any]] = []
        self.panel = ViewsPanel(self.window)
        self.panel.list.itemActivated.connect(
            lambda item: self.apply(item.data(Qt.ItemDataRole.UserRole))
        )
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.panel.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._delete_current)
        self.name_dialog: QInputDialog | None = None

    # ---------------------------------------------------------------- the list

    def all_views(self) -> list[dict[str, Any]]:
        builtin = [{"name": name, "builtin": True} for name, _ in builtin_views()]
        return [*builtin, *({**v, "builtin": False} for v in self.saved)]

    def _fill(self) -> None:
        lst = self.panel.list
        current = lst.currentItem().text() if lst.currentItem() is not None else None
        lst.clear()
        for view in self.all_views():
            label = view["name"] + (
                ""
                if not view["builtin"]
                else "  " + QCoreApplication.translate("Views", "(built in)")
            )
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, view["name"])
            lst.addItem(item)
            if label == current:
                lst.setCurrentItem(item)

    async def reload(self) -> None:
        try:
            self.saved = await self.service.views()
        except Exception as exc:  # the team went away: the cache's views
            self.window.log_message(
                "info",
                "",
                QCoreApplication.translate("Views", "Shared views unavailable: ") + str(exc),
            )
            self.service.team = None
            self.saved = await self.service.views()
        self._fill()
        self.reloaded.emit()

    # ---------------------------------------------------------------- state of the list

    def current_state(self) -> dict[str, Any]:
        column, descending = self.window.orders.sort_state()
        return {"filters": self.window.orders.filter_state(), "sort": [column, descending]}

    def state_of(self, name: str) -> dict[str, Any] | None:
        for builtin, make in builtin_views():
            if builtin == name:
                return make()
        for view in self.saved:
            if view["name"] == name:
                return dict(view["query"])
        return None

    def apply(self, name: str) -> bool:
        state = self.state_of(name)
        if state is None:
            return False
        sort = state.get("sort")
        if isinstance(sort, list) and len(sort) == 2:
            self.window.orders.restore_sort(int(sort[0]), bool(sort[1]))
        filters = state.get("filters")
        self.window.orders.restore_filter_state(filters if isinstance(filters, dict) else {})
        self.window.statusBar().showMessage(
            QCoreApplication.translate("Views", "View: ") + name, 4000
        )
        self.applied.emit(name)
        return True

    # ---------------------------------------------------------------- saving

    def save_current(self) -> QInputDialog:
        """Ask for a name (non-blocking) and keep the current view under it."""
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(QCoreApplication.translate("Views", "Save current view"))
        dialog.setLabelText(
            QCoreApplication.translate(
                "Views", "Name of the view (filters, sort and search of the list):"
            )
        )
        dialog.setTextValue(self.window.orders.search.text().strip())
        dialog.textValueSelected.connect(lambda name: self.save_as(name))
        self.name_dialog = dialog
        dialog.open()
        return dialog

    def save_as(self, name: str) -> None:
        name = clean_name(name)
        if not name:
            return
        if any(name == builtin for builtin, _ in builtin_views()):
            self.window.log_message(
                "info",
                "",
                QCoreApplication.translate("Views", "That name belongs to a built-in view."),
            )
            return
        state = self.current_state()
        self.ops.runner.start(self._save(name, state), "save-view")

    async def _save(self, name: str, state: dict[str, Any]) -> None:
        try:
            await self.service.save(name, state, self.ops.ctx.settings.operator)
        except Exception as exc:  # team refused or offline: kept locally
            self.window.log_message(
                "info",
                "",
                QCoreApplication.translate("Views", "View kept on this computer only: ") + str(exc),
            )
        await self.reload()

    def _delete_current(self) -> None:
        item = self.panel.list.currentItem()
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        if any(name == builtin for builtin, _ in builtin_views()):
            return
        self.ops.runner.start(self._delete(name), "delete-view")

    async def _delete(self, name: str) -> None:
        await self.service.delete(name)
        await self.reload()
