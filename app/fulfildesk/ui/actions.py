"""Every command of the window in one table: text, shortcut, menu, toolbar place, enabling rule
and the controller method it calls. The menus and the toolbar are built from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from fulfildesk.context import AppContext

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


MENUS = ("&File", "&Keys", "&Vouchers", "&Inventory", "&Warehouse", "&View", "&Help")
_WH, _SM, _KD = ("warehouse",), ("store_manager",), ("key_dispatcher",)


def _purchases(ctx: AppContext) -> bool:
    return any(s is not None for s in (ctx.keys, ctx.vouchers, ctx.inventory))


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "sync",
        "Refresh orders",
        "sync.start",
        "&File",
        QKeySequence.StandardKey.Refresh,
        "Fetch the latest orders from the providers (F5)",
        toolbar=6,
        enabled=lambda ctx: bool(ctx.syncable),
    ),
    ActionSpec(
        "full_sync",
        "Full sync (fetch everything again)",
        "sync.start_full",
        "&File",
        enabled=lambda ctx: bool(ctx.syncable),
    ),
    ActionSpec("export", "Export view to CSV…", "sync.export_csv", "&File", "Ctrl+E"),
    ActionSpec(
        "resume",
        "Resume purchases",
        "journal.resume_all",
        "&File",
        tip="Carry every unfinished purchase forward now",
        enabled=_purchases,
    ),
    ActionSpec(
        "messages",
        "Messages",
        "show_messages",
        "&File",
        "Ctrl+Shift+M",
        "Every success and error of this session, with time and provider (Ctrl+Shift+M)",
    ),
    ActionSpec(
        "settings",
        "Settings…",
        "settings.open_dialog",
        "&File",
        QKeySequence.StandardKey.Preferences,
        toolbar=8,
    ),
    ActionSpec(
        "quit", "Quit", "close", "&File", QKeySequence.StandardKey.Quit, separator_before=True
    ),
    ActionSpec(
        "buy",
        "Buy keys…",
        "keys.open_dialog",
        "&Keys",
        "Ctrl+B",
        "Buy game keys from Kinguin (Ctrl+B)",
        toolbar=1,
        enabled=lambda ctx: ctx.keys is not None,
        profiles=_KD,
    ),
    ActionSpec(
        "search",
        "Search Kinguin orders…",
        "kinguin_search.open_dialog",
        "&Keys",
        "Ctrl+Shift+F",
        toolbar=2,
        enabled=lambda ctx: ctx.kinguin is not None,
        profiles=_KD,
    ),
    ActionSpec(
        "vouchers",
        "Buy vouchers…",
        "vouchers.open_dialog",
        "&Vouchers",
        "Ctrl+Shift+V",
        "Buy Plum vouchers (Ctrl+Shift+V)",
        toolbar=3,
        enabled=lambda ctx: ctx.vouchers is not None,
        profiles=_SM,
    ),
    ActionSpec(
        "lookup",
        "Look up voucher order…",
        "vouchers.open_lookup",
        "&Vouchers",
        "Ctrl+L",
        toolbar=4,
        enabled=lambda ctx: ctx.vouchers is not None,
        profiles=_SM,
    ),
    ActionSpec(
        "bulk",
        "Bulk issue vouchers…",
        "vouchers.open_bulk",
        "&Vouchers",
        enabled=lambda ctx: ctx.vouchers is not None,
        profiles=_SM,
    ),
    ActionSpec(
        "inventory",
        "Inventory order…",
        "inventory.open_dialog",
        "&Inventory",
        "Ctrl+I",
        "Grant or sell in-game items to a player (Ctrl+I)",
        toolbar=5,
        enabled=lambda ctx: ctx.inventory is not None,
        profiles=_SM,
    ),
    ActionSpec(
        "player",
        "Player's inventory orders…",
        "inventory.open_player_dialog",
        "&Inventory",
        enabled=lambda ctx: ctx.inventory is not None,
        profiles=_SM,
    ),
    ActionSpec(
        "reserve",
        "New reservation…",
        "warehouse.open_reservation",
        "&Warehouse",
        "Ctrl+R",
        enabled=lambda ctx: ctx.shipping is not None,
        profiles=_WH,
    ),
    ActionSpec(
        "player_lookup",
        "Player lookup…",
        "warehouse.open_player_lookup",
        "&Warehouse",
        enabled=lambda ctx: ctx.shipping is not None,
        profiles=_WH,
    ),
    ActionSpec(
        "queue",
        "Shipping queue",
        "show_shipping_queue",
        "&Warehouse",
        "Ctrl+Shift+Q",
        enabled=lambda ctx: ctx.shipping is not None,
        profiles=_WH,
    ),
    ActionSpec(
        "operator",
        "Operator and profile…",
        "ops.open_operator",
        "&File",
        tip="Who works at this console and which profile the window shows",
    ),
    # issue 14 (ui/ops.py): palette, saved views, provider health
    ActionSpec("palette", "Command palette…", "ops.open_palette", "&View", "Ctrl+K"),
    ActionSpec(
        "save_view", "Save current view…", "ops.views.save_current", "&View", "Ctrl+Shift+S"
    ),
    ActionSpec("views", "Saved views", "ops.show_views", "&View", "Ctrl+Shift+G"),
    ActionSpec(
        "health", "Provider health", "ops.show_health", "&View", "Ctrl+Shift+H", profiles=_KD
    ),
    ActionSpec("find", "Find orders", "orders.focus_search", None, QKeySequence.StandardKey.Find),
    # Help (ui/help.py): the shortcut sheet is generated from this table
    ActionSpec(
        "shortcuts",
        "Keyboard shortcuts",
        "help.show_shortcuts",
        "&Help",
        QKeySequence.StandardKey.HelpContents,
    ),
    ActionSpec(
        "log_folder",
        "Open log folder",
        "help.open_log_folder",
        "&Help",
        tip="Show the folder with fulfildesk.log in the file manager",
        separator_before=True,
    ),
    ActionSpec(
        "data_folder",
        "Open data folder",
        "help.open_data_folder",
        "&Help",
        tip="Show the folder with the journal, the order cache and the settings",
    ),
    ActionSpec("about", "About Fulfilment Desk", "help.show_about", "&Help", separator_before=True),
)


def _resolve(window: Any, path: str) -> Callable[[], Any]:
    return reduce(getattr, path.split("."), window)  # type: ignore[no-any-return]


def build_actions(window: QMainWindow, ctx: AppContext, toolbar: QToolBar) -> dict[str, QAction]:
    """Create every action (as `window.<name>_action`), the menus and the toolbar."""
    actions: dict[str, QAction] = {}
    menus = {title: window.menuBar().addMenu(title) for title in MENUS}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setStatusTip(spec.tip)
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
