"""The main window: composes the order list, the docks, the status bar and the flow controllers.

It owns no flow: each controller (`ui/controllers/`, `ui/warehouse.py`) runs its own dialogs and
service calls and says what changed; the window refreshes that once (`apply`), shows the orders
they ask for, and handles start-up and shutdown. The controllers, docks, dialogs and the
services behind them load in `complete`, after the order list's first paint (issue 15).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from fulfildesk import APP_NAME
from fulfildesk.context import AppContext
from fulfildesk.ui import window_layout
from fulfildesk.ui.asyncglue import TaskRunner
from fulfildesk.ui.orders_view import OrdersView
from fulfildesk.ui.screen_fit import fit_to_screen
from fulfildesk.ui.status_bar import provider_summary
from fulfildesk.ui.text import tooltip

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QLabel, QProgressBar

    from fulfildesk.ui.controllers.base import Changes, FlowController

#: fits a 1366×768 screen with its task bar
DEFAULT_SIZE = (1280, 700)
DOCK_HEIGHT = 220
LAYOUT_VERSION = window_layout.LAYOUT_VERSION


class MainWindow(QMainWindow):
    #: a purchase ended (operation id, final or paused state), whichever flow ran it
    purchaseFinished = Signal(str, str)
    # created in __init__ after the lambdas that use them are connected
    busy: QProgressBar
    provider_label: QLabel
    #: start-up work (resume + first sync) is done
    startupFinished = Signal()
    #: the journal was re-read into the purchases panel
    purchasesReloaded = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, deferred: bool = False
    ) -> None:
        """`deferred`: build only the order list now (the window paints it first) and the rest
        in `complete` (ui.app calls it after the first paint); otherwise everything now."""
        super().__init__(parent)
        self.ctx = ctx
        self.runner = TaskRunner(self)
        self.runner.busyChanged.connect(lambda busy: self.busy.setVisible(busy))
        self.runner.crashed.connect(self._task_failed)
        self.setWindowTitle(APP_NAME + (self.tr(" — demo sandbox") if ctx.settings.demo else ""))
        self.resize(*DEFAULT_SIZE)
        self.provider_lines: list[str] = []
        self.orders = OrdersView(ctx, self.runner, self, deferred=deferred)
        self.setCentralWidget(self.orders)
        self.completed = False
        self.layout_restored = False
        self._deferred = deferred
        if deferred:
            # the list's own layout, sort and filters now, so its first read is the right view
            self._restore_list_state(self._layout_settings())
        else:
            self.complete()

    def complete(self) -> None:
        """Docks, controllers, toolbar and status bar (and the modules behind them)."""
        if self.completed:
            return
        self.completed = True
        from fulfildesk.ui.crash import CrashReporter
        from fulfildesk.ui.help import HelpController
        from fulfildesk.ui.warehouse import ShippingQueue
        from fulfildesk.ui.widgets.messages import MessageLog
        from fulfildesk.ui.widgets.purchases import PurchasesPanel

        ctx = self.ctx
        self.orders.complete()
        self.crash = CrashReporter(self, ctx.settings.data_dir / "logs")
        self.help = HelpController(self)
        self.purchases = PurchasesPanel(self)
        self.purchases_dock = self._dock(self.tr("Purchases"), "purchasesDock", self.purchases)
        self.shipping_queue = ShippingQueue(self)
        self.shipping_dock = self._dock(
            self.tr("Shipping queue"), "shippingDock", self.shipping_queue
        )
        self.messages = MessageLog(self)
        self.messages_dock = self._dock(self.tr("Messages"), "messagesDock", self.messages)
        self.tabifyDockWidget(self.purchases_dock, self.shipping_dock)
        self.tabifyDockWidget(self.shipping_dock, self.messages_dock)
        self.purchases_dock.raise_()
        self.shipping_dock.setVisible(ctx.shipping is not None)
        for dock, minimum in (
            (self.purchases_dock, 140),
            (self.shipping_dock, 150),
            (self.messages_dock, 120),
        ):
            dock.widget().setMinimumHeight(minimum)
        self.resizeDocks([self.purchases_dock], [DOCK_HEIGHT], Qt.Orientation.Vertical)
        self._build_controllers()
        from PySide6.QtWidgets import QToolBar  # the widgets below load after the first paint

        from fulfildesk.ui.actions import build_actions

        toolbar = QToolBar(self.tr("Main"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        from fulfildesk.ui.ops import OpsController

        self.ops = OpsController(self)  # issue 14: palette, views, health, profiles (ui/ops.py)
        self.actions_by_name = build_actions(self, ctx, toolbar)
        self._build_status_bar()
        self.ops.install()
        if self._deferred:  # the list's part was restored before the first paint
            self.layout_restored = self._restore_dock_state(self._layout_settings())
        else:
            self.layout_restored = self.restore_layout()
        fit_to_screen(self)  # 200 % scale, or a size saved on a bigger screen

    # ---------------------------------------------------------------- composition

    @property
    def model(self):  # type: ignore[no-untyped-def]  # the order list model (tests, screens)
        return self.orders.model

    @property
    def detail(self):  # type: ignore[no-untyped-def]
        return self.orders.detail

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        from PySide6.QtWidgets import QDockWidget

        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return dock

    def _build_controllers(self) -> None:
        from fulfildesk.ui.bulk import BulkController
        from fulfildesk.ui.controllers.inventory import InventoryController
        from fulfildesk.ui.controllers.keys import KeysController
        from fulfildesk.ui.controllers.purchases import PurchasesController
        from fulfildesk.ui.controllers.search import SearchController
        from fulfildesk.ui.controllers.settings import SettingsController
        from fulfildesk.ui.controllers.sync import SyncController
        from fulfildesk.ui.controllers.team import TeamController
        from fulfildesk.ui.controllers.vouchers import VouchersController
        from fulfildesk.ui.order_work import OrderWorkController
        from fulfildesk.ui.warehouse import WarehouseController

        ctx, runner = self.ctx, self.runner
        self.keys = KeysController(ctx, runner, self)
        self.vouchers = VouchersController(ctx, runner, self)
        self.inventory = InventoryController(ctx, runner, self)
        self.journal = PurchasesController(ctx, runner, self, self.purchases, self.keys.progress)
        self.sync = SyncController(ctx, runner, self, self.orders.model)
        self.kinguin_search = SearchController(ctx, runner, self)
        self.settings = SettingsController(ctx, runner, self)
        self.warehouse = WarehouseController(ctx, runner, self, self.shipping_queue)
        self.team = TeamController(ctx, runner, self)  # issue 17: status label, claim markers
        self.bulk = BulkController(self, ctx, runner)  # issue 14: bulk warehouse actions
        self.order_work = OrderWorkController(self, ctx, runner)  # notes, tags, claims, history
        self.orders.model.markers = self.team.markers
        self.controllers: list[FlowController] = [
            self.keys,
            self.vouchers,
            self.inventory,
            self.journal,
            self.sync,
            self.kinguin_search,
            self.settings,
            self.warehouse,
            self.team,
            self.bulk,
            self.order_work,
        ]
        self.settings.purchase_running = self.purchase_running

        def settle(busy: bool) -> None:
            if not busy:
                self.settings.apply_pending()

        for controller in self.controllers:
            controller.busyChanged.connect(settle)
            controller.changed.connect(self.apply)
            controller.message.connect(self._show_message)
            controller.note.connect(self.log_message)
            controller.openOrder.connect(self.open_order)
        for flow in (self.keys, self.vouchers, self.inventory):
            flow.purchaseFinished.connect(self.purchaseFinished)
        self.keys.reviewOperation.connect(self.purchases.select_operation)
        self.keys.keysFetched.connect(self.orders.show_fetched_keys)
        self.sync.syncTimes.connect(
            lambda lines: self.provider_label.setToolTip(
                tooltip("\n".join([*self.provider_lines, "", *lines]))
            )
        )
        detail = self.orders.detail
        detail.fetchKeysRequested.connect(self.keys.fetch_keys)
        detail.returnKeysRequested.connect(self.keys.confirm_return)
        detail.returns_enabled = self.ctx.keys is not None and self.ctx.keys.api == "current"
        self.keys.deliveryChanged.connect(detail.set_delivery)
        self.keys.returnFinished.connect(
            lambda order_id, _state, text: detail.show_key_note(order_id, text)
        )
        detail.resendRequested.connect(self.vouchers.resend)
        detail.warehouseAction.connect(self._warehouse_action)
        detail.vouchers.message.connect(lambda text: self.log_message("info", "plum", text))
        detail.keys.message.connect(lambda text: self.log_message("info", "kinguin", text))

    def _build_status_bar(self) -> None:
        from PySide6.QtWidgets import QLabel, QProgressBar

        from fulfildesk.ui.widgets.messages import StatusSummary

        bar = self.statusBar()
        self.message_summary = StatusSummary(self)
        self.message_summary.clicked.connect(self.show_messages)
        self.messages.added.connect(self.message_summary.show_message)
        bar.addWidget(self.message_summary, 1)
        self.provider_label = QLabel(self)
        self.provider_label.setTextFormat(Qt.TextFormat.PlainText)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.hide()
        for widget in (*self.sync.widgets, *self.team.widgets, self.busy, self.provider_label):
            bar.addPermanentWidget(widget)
        # the status bar keeps its room for the message summary: the long line is a tooltip
        label, self.provider_lines = provider_summary(self.ctx)
        self.provider_label.setText(label)
        self.provider_label.setToolTip(tooltip("\n".join(self.provider_lines)))

    # ---------------------------------------------------------------- what the flows report

    def apply(self, changes: Changes) -> None:
        """Refresh what an operation changed, once."""
        if changes.providers:
            self.orders.refresh()
            from_warehouse = self.sender() is self.warehouse
            if self.warehouse.enabled and not from_warehouse:
                self.runner.start(self.warehouse.reload(), "queue")
        if changes.journal:
            self.runner.start(self.reload_purchases(), "journal")
        if changes.sync_times:
            self.runner.start(self.orders.refresh_establishments(), "establishments")

    async def reload_purchases(self) -> None:
        await self.journal.reload()
        self.purchasesReloaded.emit()

    def _show_message(self, text: str, ms: int) -> None:
        """Passing progress: shown in the status bar for `ms`, not logged."""
        if text:
            self.statusBar().showMessage(text, ms)
        else:
            self.statusBar().clearMessage()

    def log_message(self, level: str, provider: str, text: str) -> None:
        """A success or an error: kept in the message log, summed up in the status bar."""
        self.statusBar().clearMessage()  # the summary (a normal widget) shows again
        self.messages.add(level, provider, text)

    def show_messages(self) -> None:
        self.messages_dock.show()
        self.messages_dock.raise_()

    def open_order(self, provider: str, order_id: str) -> bool:
        """Select an order in the list and show it in the detail pane."""
        if not self.orders.select_order(provider, order_id):
            self.log_message(
                "info",
                provider,
                self.tr("Order {0} is not in the list (check the filters).").format(order_id),
            )
            return False
        self.raise_()
        self.activateWindow()
        return True

    def select_order(self, provider: str, order_id: str) -> bool:
        return self.orders.select_order(provider, order_id)

    def show_shipping_queue(self) -> None:
        self.shipping_dock.show()
        self.shipping_dock.raise_()
        self.shipping_queue.focus_table()  # keyboard: the queue's orders, one selected

    def _warehouse_action(self, action: str, tx: str) -> None:
        if action == "track_page":
            self.runner.start(self._open_track_page(tx), "track-page")
        elif action == "print_slip":
            self.warehouse.print_slip(tx)
        else:
            self.warehouse.act(action, tx)

    async def _open_track_page(self, tx: str) -> None:
        from fulfildesk.services.shipping import shipment_for
        from fulfildesk.ui.warehouse import open_tracking_page

        shipment = await shipment_for(self.ctx.store, tx)
        if shipment is None or not open_tracking_page(shipment.track_url):
            self.log_message("info", "powerplugin", self.tr("This order has no tracking page yet."))

    def _task_failed(self, exc: BaseException, task: str) -> None:
        """A task of the runner raised: the crash dialog (ui/crash.py) says so; the window
        runs on."""
        self.log_message("error", "", self.tr("Unexpected failure: {0}").format(exc))
        self.error_box = self.crash.task_failed(exc, task)

    # ---------------------------------------------------------------- start-up and shutdown

    def start(self) -> None:
        """Called once the window is shown: resume unfinished purchases, then refresh."""
        fit_to_screen(self)  # again, now that the window manager's frame is known
        if not self.layout_restored:
            # a useful height that leaves the list most of a small (or 200 %) screen
            dock = min(DOCK_HEIGHT, max(150, self.height() * 3 // 10))
            self.resizeDocks([self.purchases_dock], [dock], Qt.Orientation.Vertical)
        self.runner.start(self._startup(), "startup")

    async def _startup(self) -> None:
        note = self.ctx.cache_note
        rebuild = True
        if note:  # the cache was damaged and moved aside; the journal is safe: ask first
            from fulfildesk.ui.cache_note import ask_cache_rebuild

            rebuild = await ask_cache_rebuild(self, note)
        await self.team.start()  # team mode: before resuming, so purchases can go on
        await self.journal.reload()
        changes = await self.journal.resume_at_startup()
        if changes.providers:
            from fulfildesk.ui.controllers.base import Changes

            self.apply(Changes(providers=changes.providers))
        await self.reload_purchases()
        await self.sync.update_sync_times()
        task = self.sync.start() if rebuild else None
        if task is not None:
            try:
                await task
            except asyncio.CancelledError:
                pass
        await self.orders.refresh_establishments()
        self.startupFinished.emit()

    async def shutdown(self) -> None:
        await self.runner.cancel_all()
        self.orders.model.close()

    def purchase_running(self) -> bool:
        """True while a controller has a purchase under way (not any background task)."""
        return self.completed and any(controller.busy for controller in self.controllers)

    # ---------------------------------------------------------------- remembered layout

    def _layout_settings(self) -> QSettings:
        return window_layout.layout_settings(self)

    def save_layout(self) -> None:
        window_layout.save_layout(self)

    def restore_layout(self) -> bool:
        """Put back what `save_layout` kept; False when there was nothing (first start)."""
        store = self._layout_settings()
        return self._restore_list_state(store) and self._restore_dock_state(store)

    def _restore_list_state(self, store: QSettings) -> bool:
        return window_layout.restore_list_state(self, store)

    def _restore_dock_state(self, store: QSettings) -> bool:
        return window_layout.restore_dock_state(self, store)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.purchase_running():
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(
                self,
                self.tr("Purchase in progress"),
                self.tr(
                    "A purchase is still running. If you quit now it is resumed the next "
                    "time the console starts; nothing is bought twice.\n\nQuit anyway?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.orders._search_timer.stop()  # no late filtering after the list is closed
        self.save_layout()
        ops = getattr(self, "ops", None)
        if ops is not None:  # issue 14: the last health figures, to the cache
            ops.window_closing()
        super().closeEvent(event)
