"""Every command of the window in one table: text, shortcut, menu, toolbar place, enabling rule
and the controller method it calls. The menus and the toolbar are built from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from fulfildesk.context import AppContext
from fulfildesk.ui.i18n import QT_TRANSLATE_NOOP

Shortcut = str | QKeySequence.StandardKey | None


def always(_ctx: AppContext) -> bool:
    return True


@dataclass(frozen=True)
class ActionSpec:
    name: str  # the window gets `<name>_action`
    text: str
    handler: str  # dotted path from the window, e.g. "keys.open_dialog"
    menu: str | None  # None: a window-wide shortcut that is in no menu
    shortcut: Shortcut = None
    tip: str = ""
    toolbar: int = 0  # position in the toolbar; 0 = not there
    enabled: Callable[[AppContext], bool] = always
    separator_before: bool = False  # in its menu (the toolbar puts one before Settings)
    #: issue 14: the profiles that show it (services/profiles.py); () = every profile
    profiles: tuple[str, ...] = ()


MENUS = (
    QT_TRANSLATE_NOOP("actions", "&File"),
    QT_TRANSLATE_NOOP("actions", "&Keys"),
    QT_TRANSLATE_NOOP("actions", "&Vouchers"),
    QT_TRANSLATE_NOOP("actions", "&Inventory"),
    QT_TRANSLATE_NOOP("actions", "&Warehouse"),
    QT_TRANSLATE_NOOP("actions", "&View"),
    QT_TRANSLATE_NOOP("actions", "&Help"),
)
_WH, _SM, _KD = ("warehouse",), ("store_manager",), ("key_dispatcher",)


def _purchases(ctx: AppContext) -> bool:
    return any(s is not None for s in (ctx.keys, ctx.vouchers, ctx.inventory))


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "sync",
        QT_TRANSLATE_NOOP("actions", "Refresh orders"),
        "sync.start",
        QT_TRANSLATE_NOOP("actions", "&File"),
        QKeySequence.StandardKey.Refresh,
        QT_TRANSLATE_NOOP("actions", "Fetch the latest orders from the providers (F5)"),
        toolbar=6,
        enabled=lambda ctx: bool(ctx.syncable),
    ),
    ActionSpec(
        "full_sync",
        QT_TRANSLATE_NOOP("actions", "Full sync (fetch everything again)"),
        "sync.start_full",
        QT_TRANSLATE_NOOP("actions", "&File"),
        enabled=lambda ctx: bool(ctx.syncable),
    ),
    ActionSpec(
        "export",
        QT_TRANSLATE_NOOP("actions", "Export view to CSV…"),
        "sync.export_csv",
        QT_TRANSLATE_NOOP("actions", "&File"),
        "Ctrl+E",
    ),
    ActionSpec(
        "resume",
        QT_TRANSLATE_NOOP("actions", "Resume purchases"),
        "journal.resume_all",
        QT_TRANSLATE_NOOP("actions", "&File"),
        tip=QT_TRANSLATE_NOOP("actions", "Carry every unfinished purchase forward now"),
        enabled=_purchases,
    ),
    ActionSpec(
        "messages",
        QT_TRANSLATE_NOOP("actions", "Messages"),
        "show_messages",
        QT_TRANSLATE_NOOP("actions", "&File"),
        "Ctrl+Shift+M",
        QT_TRANSLATE_NOOP(
            "actions",
            "Every success and error of this session, with time and provider (Ctrl+Shift+M)",
        ),
    ),
    ActionSpec(
        "settings",
        QT_TRANSLATE_NOOP("actions", "Settings…"),
        "settings.open_dialog",
        QT_TRANSLATE_NOOP("actions", "&File"),
        QKeySequence.StandardKey.Preferences,
        toolbar=8,
    ),
    ActionSpec(
        "quit",
        QT_TRANSLATE_NOOP("actions", "Quit"),
        "close",
        QT_TRANSLATE_NOOP("actions", "&File"),
        QKeySequence.StandardKey.Quit,
        separator_before=True,
    ),
    ActionSpec(
        "buy",
        QT_TRANSLATE_NOOP("actions", "Buy keys…"),
        "keys.open_dialog",
        QT_TRANSLATE_NOOP("actions", "&Keys"),
        "Ctrl+B",
        QT_TRANSLATE_NOOP("actions", "Buy game keys from Kinguin (Ctrl+B)"),
        toolbar=1,
        enabled=lambda ctx: ctx.keys is not None,
        profiles=_KD,
    ),
    ActionSpec(
        "search",
        QT_TRANSLATE_NOOP("actions", "Search Kinguin orders…"),
        "kinguin_search.open_dialog",
        QT_TRANSLATE_NOOP("actions", "&Keys"),
        "Ctrl+Shift+F",
        toolbar=2,
        enabled=lambda ctx: ctx.kinguin is not None,
        profiles=_KD,
    ),
    ActionSpec(
        "vouchers",
        QT_TRANSLATE_NOOP("actions", "Buy vouchers…"),
        "vouchers.open_dialog",
        QT_TRANSLATE_NOOP("actions", "&Vouchers"),
        "Ctrl+Shift+V",
        QT_TRANSLATE_NOOP("actions", "Buy Plum vouchers (Ctrl+Shift+V)"),
        toolbar=3,
        enabled=lambda ctx: ctx.vouchers is not None,
        profiles=_SM,
    ),
    ActionSpec(
        "lookup",
        QT_TRANSLATE_NOOP("actions", "Look up voucher order…"),
        "vouchers.open_lookup",
        QT_TRANSLATE_NOOP("actions", "&Vouchers"),
        "Ctrl+L",
        toolbar=4,
        enabled=lambda ctx: ctx.vouchers is not None,
        profiles=_SM,
    ),
    ActionSpec(
        "bulk",
        QT_TRANSLATE_NOOP("actions", "Bulk issue vouchers…"),
        "vouchers.open_bulk",
        QT_TRANSLATE_NOOP("actions", "&Vouchers"),
        enabled=lambda ctx: ctx.vouchers is not None,
        profiles=_SM,
    ),
    ActionSpec(
        "inventory",
        QT_TRANSLATE_NOOP("actions", "Inventory order…"),
        "inventory.open_dialog",
        QT_TRANSLATE_NOOP("actions", "&Inventory"),
        "Ctrl+I",
        QT_TRANSLATE_NOOP("actions", "Grant or sell in-game items to a player (Ctrl+I)"),
        toolbar=5,
        enabled=lambda ctx: ctx.inventory is not None,
        profiles=_SM,
    ),
    ActionSpec(
        "player",
        QT_TRANSLATE_NOOP("actions", "Player's inventory orders…"),
        "inventory.open_player_dialog",
        QT_TRANSLATE_NOOP("actions", "&Inventory"),
        enabled=lambda ctx: ctx.inventory is not None,
        profiles=_SM,
    ),
    ActionSpec(
        "reserve",
        QT_TRANSLATE_NOOP("actions", "New reservation…"),
        "warehouse.open_reservation",
        QT_TRANSLATE_NOOP("actions", "&Warehouse"),
        "Ctrl+R",
        enabled=lambda ctx: ctx.shipping is not None,
        profiles=_WH,
    ),
    ActionSpec(
        "player_lookup",
        QT_TRANSLATE_NOOP("actions", "Player lookup…"),
        "warehouse.open_player_lookup",
        QT_TRANSLATE_NOOP("actions", "&Warehouse"),
        enabled=lambda ctx: ctx.shipping is not None,
        profiles=_WH,
    ),
    ActionSpec(
        "queue",
        QT_TRANSLATE_NOOP("actions", "Shipping queue"),
        "show_shipping_queue",
        QT_TRANSLATE_NOOP("actions", "&Warehouse"),
        "Ctrl+Shift+Q",
        enabled=lambda ctx: ctx.shipping is not None,
        profiles=_WH,
    ),
    ActionSpec(
        "operator",
        QT_TRANSLATE_NOOP("actions", "Operator and profile…"),
        "ops.open_operator",
        QT_TRANSLATE_NOOP("actions", "&File"),
        tip=QT_TRANSLATE_NOOP(
            "actions", "Who works at this console and which profile the window shows"
        ),
    ),
    # issue 14 (ui/ops.py): palette, saved views, provider health
    ActionSpec(
        "palette",
        QT_TRANSLATE_NOOP("actions", "Command palette…"),
        "ops.open_palette",
        QT_TRANSLATE_NOOP("actions", "&View"),
        "Ctrl+K",
    ),
    ActionSpec(
        "save_view",
        QT_TRANSLATE_NOOP("actions", "Save current view…"),
        "ops.views.save_current",
        QT_TRANSLATE_NOOP("actions", "&View"),
        "Ctrl+Alt+S",
    ),
    ActionSpec(
        "views",
        QT_TRANSLATE_NOOP("actions", "Saved views"),
        "ops.show_views",
        QT_TRANSLATE_NOOP("actions", "&View"),
        "Ctrl+Shift+G",
    ),
    ActionSpec(
        "health",
        QT_TRANSLATE_NOOP("actions", "Provider health"),
        "ops.show_health",
        QT_TRANSLATE_NOOP("actions", "&View"),
        "Ctrl+Shift+H",
        profiles=_KD,
    ),
    # issue 14: bulk actions on the orders selected in the shipping queue or the list
    ActionSpec(
        "bulk_ship",
        QT_TRANSLATE_NOOP("actions", "Ship selected orders…"),
        "bulk.open_ship",
        QT_TRANSLATE_NOOP("actions", "&Warehouse"),
        "Ctrl+Shift+S",
        enabled=lambda ctx: ctx.shipping is not None,
        separator_before=True,
    ),
    ActionSpec(
        "bulk_track",
        QT_TRANSLATE_NOOP("actions", "Add tracking to selected…"),
        "bulk.open_track",
        QT_TRANSLATE_NOOP("actions", "&Warehouse"),
        "Ctrl+Shift+T",
        enabled=lambda ctx: ctx.shipping is not None,
    ),
    ActionSpec(
        "bulk_complete",
        QT_TRANSLATE_NOOP("actions", "Mark selected delivered…"),
        "bulk.open_complete",
        QT_TRANSLATE_NOOP("actions", "&Warehouse"),
        "Ctrl+Shift+D",
        enabled=lambda ctx: ctx.shipping is not None,
    ),
    ActionSpec(
        "bulk_slips",
        QT_TRANSLATE_NOOP("actions", "Packing slips for selected…"),
        "bulk.open_slips",
        QT_TRANSLATE_NOOP("actions", "&Warehouse"),
        "Ctrl+P",
        enabled=lambda ctx: ctx.shipping is not None,
    ),
    ActionSpec(
        "bulk_cancel",
        QT_TRANSLATE_NOOP("actions", "Cancel selected reservations…"),
        "bulk.open_cancel",
        QT_TRANSLATE_NOOP("actions", "&Warehouse"),
        enabled=lambda ctx: ctx.shipping is not None,
    ),
    # issue 14 item 5 / issue 17: the selected order's claim and history
    ActionSpec(
        "claim",
        QT_TRANSLATE_NOOP("actions", "Claim selected order"),
        "order_work.claim",
        QT_TRANSLATE_NOOP("actions", "&Warehouse"),
        "Ctrl+Alt+C",
        QT_TRANSLATE_NOOP(
            "actions", "Tell the other seats you are working on this order (team mode)"
        ),
        enabled=lambda ctx: ctx.team is not None,
        separator_before=True,
    ),
    ActionSpec(
        "release",
        QT_TRANSLATE_NOOP("actions", "Release claim"),
        "order_work.release",
        QT_TRANSLATE_NOOP("actions", "&Warehouse"),
        enabled=lambda ctx: ctx.team is not None,
    ),
    ActionSpec(
        "history",
        QT_TRANSLATE_NOOP("actions", "Order history…"),
        "order_work.open_history",
        QT_TRANSLATE_NOOP("actions", "&File"),
        "Ctrl+H",
    ),
    ActionSpec(
        "find",
        QT_TRANSLATE_NOOP("actions", "Find orders"),
        "orders.focus_search",
        None,
        QKeySequence.StandardKey.Find,
    ),
    # Help (ui/help.py): the shortcut sheet is generated from this table
    ActionSpec(
        "shortcuts",
        QT_TRANSLATE_NOOP("actions", "Keyboard shortcuts"),
        "help.show_shortcuts",
        QT_TRANSLATE_NOOP("actions", "&Help"),
        QKeySequence.StandardKey.HelpContents,
    ),
    ActionSpec(
        "first_run",
        QT_TRANSLATE_NOOP("actions", "First-run guide…"),
        "help.show_first_run",
        QT_TRANSLATE_NOOP("actions", "&Help"),
    ),
    ActionSpec(
        "log_folder",
        QT_TRANSLATE_NOOP("actions", "Open log folder"),
        "help.open_log_folder",
        QT_TRANSLATE_NOOP("actions", "&Help"),
        tip=QT_TRANSLATE_NOOP("actions", "Show the folder with fulfildesk.log in the file manager"),
        separator_before=True,
    ),
    ActionSpec(
        "data_folder",
        QT_TRANSLATE_NOOP("actions", "Open data folder"),
        "help.open_data_folder",
        QT_TRANSLATE_NOOP("actions", "&Help"),
        tip=QT_TRANSLATE_NOOP(
            "actions", "Show the folder with the journal, the order cache and the settings"
        ),
    ),
    ActionSpec(
        "about",
        QT_TRANSLATE_NOOP("actions", "About Fulfilment Desk"),
        "help.show_about",
        QT_TRANSLATE_NOOP("actions", "&Help"),
        separator_before=True,
    ),
)


def tr(text: str) -> str:
    """A text of the table (marked with QT_TRANSLATE_NOOP) in the window's language."""
    return QCoreApplication.translate("actions", text)


def _resolve(window: Any, path: str) -> Callable[[], Any]:
    return reduce(getattr, path.split("."), window)  # type: ignore[no-any-return]


def build_actions(window: QMainWindow, ctx: AppContext, toolbar: QToolBar) -> dict[str, QAction]:
    """Create every action (as `window.<name>_action`), the menus and the toolbar."""
    actions: dict[str, QAction] = {}
    menus = {title: window.menuBar().addMenu(tr(title)) for title in MENUS}
    for spec in ACTIONS:
        action = QAction(tr(spec.text), window)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setStatusTip(tr(spec.tip))
        handler = _resolve(window, spec.handler)
        action.triggered.connect(lambda _checked=False, h=handler: h())
        action.setEnabled(spec.enabled(ctx))
        if spec.menu is None:
            window.addAction(action)
        else:
            if spec.separator_before:
                menus[spec.menu].addSeparator()
            menus[spec.menu].addAction(action)
        setattr(window, f"{spec.name}_action", action)
        actions[spec.name] = action
    for spec in sorted((s for s in ACTIONS if s.toolbar), key=lambda s: s.toolbar):
        if spec.name == "settings":
            toolbar.addSeparator()
        toolbar.addAction(actions[spec.name])
    return actions
