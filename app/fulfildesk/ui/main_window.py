"""The main window: composes the order list, the docks, the status bar and the flow controllers.

It owns no flow: each controller (`ui/controllers/`, `ui/warehouse.py`) runs its own dialogs and
service calls and says what changed; the window refreshes that once (`apply`), shows the orders
they ask for, and handles start-up and shutdown.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QToolBar,
    QWidget,
)

from fulfildesk import APP_NAME
from fulfildesk.context import AppContext
from fulfildesk.domain.models import Provider
from fulfildesk.ui.actions import build_actions
from fulfildesk.ui.asyncglue import TaskRunner
from fulfildesk.ui.controllers.base import Changes, FlowController
from fulfildesk.ui.controllers.inventory import InventoryController
from fulfildesk.ui.controllers.keys import KeysController
from fulfildesk.ui.controllers.purchases import PurchasesController
from fulfildesk.ui.controllers.search import SearchController
from fulfildesk.ui.controllers.settings import SettingsController
from fulfildesk.ui.controllers.sync import SyncController
from fulfildesk.ui.controllers.team import TeamController
from fulfildesk.ui.controllers.vouchers import VouchersController
from fulfildesk.ui.orders_view import OrdersView
from fulfildesk.ui.text import tooltip
from fulfildesk.ui.warehouse import ShippingQueue, WarehouseController, open_tracking_page
from fulfildesk.ui.widgets.purchases import PurchasesPanel

PROVIDER_NAMES = {"kinguin": "Kinguin", "plum": "Plum", "inventory": "Inventory"}
PROVIDER_NAMES["powerplugin"] = "Warehouse"


class MainWindow(QMainWindow):
    #: a purchase ended (operation id, final or paused state), whichever flow ran it
    purchaseFinished = Signal(str, str)
    #: start-up work (resume + first sync) is done
    startupFinished = Signal()
    #: the journal was re-read into the purchases panel
    purchasesReloaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = TaskRunner(self)
        self.runner.busyChanged.connect(lambda busy: self.busy.setVisible(busy))
        self.runner.failed.connect(self._task_failed)
        self.setWindowTitle(APP_NAME + (" — demo sandbox" if ctx.settings.demo else ""))
        self.resize(1280, 800)
        self.orders = OrdersView(ctx, self.runner, self)
        self.setCentralWidget(self.orders)
        self.purchases = PurchasesPanel(self)
        self.purchases_dock = self._dock("Purchases", "purchasesDock", self.purchases)
        self.shipping_queue = ShippingQueue(self)
        self.shipping_dock = self._dock("Shipping queue", "shippingDock", self.shipping_queue)
        self.tabifyDockWidget(self.purchases_dock, self.shipping_dock)
        self.purchases_dock.raise_()
        self.shipping_dock.setVisible(ctx.shipping is not None)
        self.resizeDocks([self.purchases_dock], [190], Qt.Orientation.Vertical)
        self._build_controllers()
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        self.actions_by_name = build_actions(self, ctx, toolbar)
        self._build_status_bar()

    # ---------------------------------------------------------------- composition

    @property
    def model(self):  # type: ignore[no-untyped-def]  # the order list model (tests, screens)
        return self.orders.model

    @property
    def detail(self):  # type: ignore[no-untyped-def]
        return self.orders.detail

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return dock

    def _build_controllers(self) -> None:
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
        ]
        self.settings.purchase_running = self.purchase_running
        for controller in self.controllers:
            controller.busyChanged.connect(lambda busy: busy or self.settings.apply_pending())
            controller.changed.connect(self.apply)
            controller.message.connect(self._show_message)
            controller.openOrder.connect(self.open_order)
        for flow in (self.keys, self.vouchers, self.inventory):
            flow.purchaseFinished.connect(self.purchaseFinished)
        self.keys.reviewOperation.connect(self.purchases.select_operation)
        self.keys.keysFetched.connect(self.orders.show_fetched_keys)
        self.sync.syncTimes.connect(
            lambda lines: self.provider_label.setToolTip(tooltip("\n".join(lines)))
        )
        detail = self.orders.detail
        detail.fetchKeysRequested.connect(self.keys.fetch_keys)
        detail.resendRequested.connect(self.vouchers.resend)
        detail.warehouseAction.connect(self._warehouse_action)
        detail.vouchers.message.connect(lambda text: self._show_message(text, 8000))
        detail.keys.message.connect(lambda text: self._show_message(text, 8000))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.provider_label = QLabel(self)
        self.provider_label.setTextFormat(Qt.TextFormat.PlainText)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.hide()
        for widget in (*self.sync.widgets, *self.team.widgets, self.busy, self.provider_label):
            bar.addPermanentWidget(widget)
        parts = []
        for provider, service in (
            (Provider.KINGUIN, self.ctx.keys),
            (Provider.PLUM, self.ctx.vouchers),
            (Provider.INVENTORY, self.ctx.inventory),
            (Provider.POWERPLUGIN, self.ctx.shipping),
        ):
            name = PROVIDER_NAMES[provider.value]
            if service is None:
                parts.append(f"{name}: not configured")
            elif self.ctx.settings.demo:
                parts.append(f"{name}: demo sandbox")
            else:
                parts.append(f"{name}: {self.ctx.settings.provider(provider).url}")
        self.provider_label.setText("  ·  ".join(parts))

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
        if text:
            self.statusBar().showMessage(text, ms)
        else:
            self.statusBar().clearMessage()

    def open_order(self, provider: str, order_id: str) -> bool:
        """Select an order in the list and show it in the detail pane."""
        if not self.orders.select_order(provider, order_id):
            self._show_message(f"Order {order_id} is not in the list (check the filters).", 8000)
            return False
        self.raise_()
        self.activateWindow()
        return True

    def select_order(self, provider: str, order_id: str) -> bool:
        return self.orders.select_order(provider, order_id)

    def show_shipping_queue(self) -> None:
        self.shipping_dock.show()
        self.shipping_dock.raise_()

    def _warehouse_action(self, action: str, tx: str) -> None:
        if action == "track_page":
            self.runner.start(self._open_track_page(tx), "track-page")
        elif action == "print_slip":
            self.warehouse.print_slip(tx)
        else:
            self.warehouse.act(action, tx)

    async def _open_track_page(self, tx: str) -> None:
        from fulfildesk.services.shipping import shipment_for

        shipment = await shipment_for(self.ctx.store, tx)
        if shipment is None or not open_tracking_page(shipment.track_url):
            self._show_message("This order has no tracking page yet.", 8000)

    def _task_failed(self, text: str) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Something went wrong")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            "An operation failed unexpectedly. Purchases are journaled: nothing is "
            f"bought twice, and unfinished work resumes.\n\n{text}"
        )
        self.error_box = box
        box.open()

    # ---------------------------------------------------------------- start-up and shutdown

    def start(self) -> None:
        """Called once the window is shown: resume unfinished purchases, then refresh."""
        self.resizeDocks([self.purchases_dock], [170], Qt.Orientation.Vertical)
        self.runner.start(self._startup(), "startup")

    async def _startup(self) -> None:
        note = self.ctx.cache_note
        if note:  # the cache was damaged or missing and started again empty; the journal is safe
            box = QMessageBox(QMessageBox.Icon.Warning, "Order cache rebuilt", note, parent=self)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setInformativeText("The order list fills again with the sync that starts now.")
            self.cache_box = box
            box.open()
        await self.team.connect()  # team mode: before resuming, so purchases can go on
        await self.journal.reload()
        changes = await self.journal.resume_at_startup()
        if changes.providers:
            self.apply(Changes(providers=changes.providers))
        await self.reload_purchases()
        await self.sync.update_sync_times()
        task = self.sync.start()
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
        return any(controller.busy for controller in self.controllers)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.purchase_running():
            answer = QMessageBox.question(
                self,
                "Purchase in progress",
                "A purchase is still running. If you quit now it is resumed the next time the "
                "console starts; nothing is bought twice.\n\nQuit anyway?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        super().closeEvent(event)
