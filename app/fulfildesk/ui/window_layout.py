"""The main window's remembered layout: geometry, docks, the order list's columns, sort and
filters, per data folder (never secrets). Split in two for the list-first start (issue 15): the
list's part before the first paint, the docks' part once `MainWindow.complete` built them."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

LAYOUT_VERSION = 1


def layout_settings(window: Any) -> QSettings:
    """Window layout and the last filters, per data folder (never secrets)."""
    path = window.ctx.settings.data_dir / "window-layout.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def save_layout(window: Any) -> None:
    store = layout_settings(window)
    store.setValue("version", LAYOUT_VERSION)
    store.setValue("geometry", window.saveGeometry())
    store.setValue("state", window.saveState(LAYOUT_VERSION))
    store.setValue("splitter", window.orders.splitter.saveState())
    store.setValue("columns", window.orders.table.horizontalHeader().saveState())
    column, descending = window.orders.sort_state()
    store.setValue("sort_column", column)
    store.setValue("sort_descending", descending)
    store.setValue("filters", json.dumps(window.orders.filter_state()))
    store.sync()


def layout_known(store: QSettings) -> bool:
    version = store.value("version")
    return version is not None and int(str(version)) == LAYOUT_VERSION


def restore_list_state(window: Any, store: QSettings) -> bool:
    """The window's geometry and the order list's columns, sort and filters."""
    if not layout_known(store):
        return False
    for key, restore in (
        ("geometry", window.restoreGeometry),
        ("splitter", window.orders.splitter.restoreState),
        ("columns", window.orders.table.horizontalHeader().restoreState),
    ):
        value = store.value(key)
        if isinstance(value, QByteArray):
            restore(value)
    window.orders.restore_sort(
        int(str(store.value("sort_column", 3))),
        str(store.value("sort_descending")) in ("1", "true"),
    )
    try:
        filters = json.loads(str(store.value("filters") or "{}"))
    except ValueError:
        filters = {}
    if isinstance(filters, dict):
        window.orders.restore_filter_state(filters)
    return True


def restore_dock_state(window: Any, store: QSettings) -> bool:
    """The docks and toolbar (once `MainWindow.complete` has built them)."""
    if not layout_known(store):
        return False
    value = store.value("state")
    if isinstance(value, QByteArray):
        window.restoreState(value, LAYOUT_VERSION)
    window.shipping_dock.setVisible(window.shipping_dock.isVisible() and window.warehouse.enabled)
    return True
