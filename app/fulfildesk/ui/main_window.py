"""The main window: the order list, the detail pane, the purchases panel and the buy flow.

The window owns no business logic: it starts service coroutines through the TaskRunner and
refreshes what a finished operation changed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from fulfildesk import APP_NAME
from fulfildesk.context import AppContext
from fulfildesk.domain.models import KeyLine, OrderStatus, Provider
from fulfildesk.providers.errors import ProviderError
from fulfildesk.services.journal_ops import dismiss
from fulfildesk.store.journal import OpState
from fulfildesk.store.queries import SEARCH_LIMIT, OrderFilter
from fulfildesk.ui.asyncglue import TaskRunner
from fulfildesk.ui.models.orders import Columns, OrdersModel, status_label
from fulfildesk.ui.text import plain_label, tooltip
from fulfildesk.ui.warehouse import (
    STAGE_ACTIONS,
    ShippingQueue,
    WarehouseController,
    history_text,
    open_tracking_page,
    stage_of,
)
from fulfildesk.ui.widgets.order_detail import OrderDetail
from fulfildesk.ui.widgets.purchases import PurchasesPanel

if TYPE_CHECKING:  # dialogs and their services load when first opened (faster start-up)
    from fulfildesk.services.inventory import InventoryOrderDraft
    from fulfildesk.services.sync import SyncReport
    from fulfildesk.services.vouchers import BulkProgress, VoucherRequest
    from fulfildesk.ui.dialogs.buy_keys import BuyKeysDialog
    from fulfildesk.ui.dialogs.inventory import InventoryOrderDialog, PlayerOrdersDialog
    from fulfildesk.ui.dialogs.kinguin_search import KinguinSearchDialog
    from fulfildesk.ui.dialogs.vouchers import (
        BulkVoucherDialog,
        VoucherDialog,
        VoucherLookupDialog,
    )

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 150


class MainWindow(QMainWindow):
    #: emitted when a purchase ends (operation id, final or paused state)
    purchaseFinished = Signal(str, str)
    #: emitted when start-up work (resume + first sync) is done
    startupFinished = Signal()
    ordersRefreshed = Signal()
    syncFinished = Signal()
    exportFinished = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = TaskRunner(self)
        self.runner.busyChanged.connect(self._busy_changed)
        self.runner.failed.connect(self._task_failed)
        self.buy_dialog: BuyKeysDialog | None = None
        self.voucher_dialog: VoucherDialog | None = None
        self.lookup_dialog: VoucherLookupDialog | None = None
        self.bulk_dialog: BulkVoucherDialog | None = None
        self._bulk_running: asyncio.Event | None = None
        self.inventory_dialog: InventoryOrderDialog | None = None
        self.player_dialog: PlayerOrdersDialog | None = None
        self.search_dialog: KinguinSearchDialog | None = None
        self._detail_task: asyncio.Task[Any] | None = None
        title = APP_NAME + (" — demo sandbox" if ctx.settings.demo else "")
        self.setWindowTitle(title)
        self.resize(1280, 800)
        self._build_actions()
        self._build_central()
        self._build_purchases()
        self._build_warehouse()
        self._build_status_bar()
        self._update_provider_status()

    # ---------------------------------------------------------------- building

    def _build_actions(self) -> None:
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        self.buy_action = QAction("Buy keys…", self)
        self.buy_action.setShortcut(QKeySequence("Ctrl+B"))
        self.buy_action.setStatusTip("Buy game keys from Kinguin (Ctrl+B)")
        self.buy_action.triggered.connect(self.open_buy_dialog)
        self.sync_action = QAction("Refresh orders", self)
        self.sync_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.sync_action.setStatusTip("Fetch the latest orders from the providers (F5)")
        self.sync_action.triggered.connect(lambda: self.start_sync())
        self.vouchers_action = QAction("Buy vouchers…", self)
        self.vouchers_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.vouchers_action.setStatusTip("Buy Plum vouchers (Ctrl+Shift+V)")
        self.vouchers_action.triggered.connect(self.open_voucher_dialog)
        self.lookup_action = QAction("Look up voucher order…", self)
        self.lookup_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lookup_action.triggered.connect(self.open_lookup_dialog)
        self.bulk_action = QAction("Bulk issue vouchers…", self)
        self.bulk_action.triggered.connect(self.open_bulk_dialog)
        self.resume_action = QAction("Resume purchases", self)
        self.resume_action.setStatusTip("Carry every unfinished purchase forward now")
        self.resume_action.triggered.connect(self.start_resume)
        self.settings_action = QAction("Settings…", self)
        self.settings_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
        self.settings_action.triggered.connect(self.open_settings)
        self.export_action = QAction("Export view to CSV…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(lambda: self.export_csv())
        self.full_sync_action = QAction("Full sync (fetch everything again)", self)
        self.full_sync_action.triggered.connect(lambda: self.start_sync(full=True))
        self.quit_action = QAction("Quit", self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.close)
        self.search_action = QAction("Search Kinguin orders…", self)
        self.search_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.search_action.triggered.connect(self.open_search_dialog)
        self.inventory_action = QAction("Inventory order…", self)
        self.inventory_action.setShortcut(QKeySequence("Ctrl+I"))
        self.inventory_action.setStatusTip("Grant or sell in-game items to a player (Ctrl+I)")
        self.inventory_action.triggered.connect(self.open_inventory_dialog)
        self.player_action = QAction("Player's inventory orders…", self)
        self.player_action.triggered.connect(self.open_player_dialog)
        for action in (
            self.buy_action,
            self.search_action,
            self.vouchers_action,
            self.lookup_action,
            self.inventory_action,
            self.sync_action,
        ):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.settings_action)
        menu = self.menuBar().addMenu("&File")
        for action in (
            self.sync_action,
            self.full_sync_action,
            self.export_action,
            self.resume_action,
            self.settings_action,
        ):
            menu.addAction(action)
        keys_menu = self.menuBar().addMenu("&Keys")
        keys_menu.addAction(self.buy_action)
        keys_menu.addAction(self.search_action)
        voucher_menu = self.menuBar().addMenu("&Vouchers")
        for action in (self.vouchers_action, self.lookup_action, self.bulk_action):
            voucher_menu.addAction(action)
        inventory_menu = self.menuBar().addMenu("&Inventory")
        inventory_menu.addAction(self.inventory_action)
        inventory_menu.addAction(self.player_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)

    def _build_central(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit(central)
        self.search.setPlaceholderText("Search orders: id, product, player, reference…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search orders")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(find)
        self.provider_filter = QComboBox(central)
        self.provider_filter.addItem("All providers", None)
        for provider in Provider:
            self.provider_filter.addItem(provider.label, provider.value)
        self.status_filter = QComboBox(central)
        self.status_filter.addItem("All statuses", None)
        for status in OrderStatus:
            self.status_filter.addItem(status_label(status.value), status.value)
        self.use_from = QCheckBox("From", central)
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-3), central)
        self.use_to = QCheckBox("to", central)
        self.date_to = QDateEdit(QDate.currentDate(), central)
        for edit_widget in (self.date_from, self.date_to):
            edit_widget.setCalendarPopup(True)
            edit_widget.setDisplayFormat("yyyy-MM-dd")
            edit_widget.dateChanged.connect(self._apply_filter)
        self.use_from.toggled.connect(self._apply_filter)
        self.use_to.toggled.connect(self._apply_filter)
        self.establishment_filter = QComboBox(central)
        self.establishment_filter.addItem("All establishments", None)
        self.establishment_filter.currentIndexChanged.connect(self._apply_filter)
        self.provider_filter.currentIndexChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.provider_filter)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.establishment_filter)
        filters.addWidget(self.use_from)
        filters.addWidget(self.date_from)
        filters.addWidget(self.use_to)
        filters.addWidget(self.date_to)
        layout.addLayout(filters)

        splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.model = OrdersModel(self.ctx.settings.cache_path, self)
        self.table = QTableView(splitter)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Columns.PRODUCTS, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (Columns.PROVIDER, 80),
            (Columns.ORDER, 100),
            (Columns.STATUS, 110),
            (Columns.CREATED, 130),
            (Columns.TOTAL, 90),
            (Columns.PLAYER, 90),
        ):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        header.setSortIndicator(Columns.CREATED, Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self.detail = OrderDetail(splitter)
        self.detail.fetchKeysRequested.connect(self.start_fetch_keys)
        self.detail.resendRequested.connect(self.start_resend)
        self.detail.vouchers.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.detail.keys.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 480])
        layout.addWidget(splitter, 1)
        self.empty_hint = plain_label("", central, wrap=True)
        self.empty_hint.setStyleSheet("color: palette(mid); padding: 4px;")
        layout.addWidget(self.empty_hint)
        self.setCentralWidget(central)
        self._update_empty_hint()

    def _build_purchases(self) -> None:
        self.purchases = PurchasesPanel(self)
        self.purchases.resumeRequested.connect(self.start_resume_one)
        self.purchases.dismissRequested.connect(self.confirm_dismiss)
        self.purchases.openOrderRequested.connect(
            lambda order_id: self.select_order(Provider.KINGUIN.value, order_id)
        )
        dock = QDockWidget("Purchases", self)
        dock.setObjectName("purchasesDock")
        dock.setWidget(self.purchases)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.purchases_dock = dock
        self.resizeDocks([dock], [190], Qt.Orientation.Vertical)

    def _build_warehouse(self) -> None:
        self.shipping_queue = ShippingQueue(self)
        dock = QDockWidget("Shipping queue", self)
        dock.setObjectName("shippingDock")
        dock.setWidget(self.shipping_queue)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.tabifyDockWidget(self.purchases_dock, dock)
        self.purchases_dock.raise_()
        self.shipping_dock = dock
        self.warehouse = WarehouseController(self.ctx, self.runner, self, self.shipping_queue)
        self.warehouse.changed.connect(self.refresh_orders)
        self.warehouse.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.warehouse.openOrder.connect(
            lambda tx: self.select_order(Provider.POWERPLUGIN.value, tx)
        )
        self.detail.warehouseAction.connect(self._warehouse_action)
        menu = self.menuBar().addMenu("&Warehouse")
        self.reserve_action = QAction("New reservation…", self)
        self.reserve_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reserve_action.triggered.connect(self.warehouse.open_reservation)
        self.player_lookup_action = QAction("Player lookup…", self)
        self.player_lookup_action.triggered.connect(self.warehouse.open_player_lookup)
        self.queue_action = QAction("Shipping queue", self)
        self.queue_action.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.queue_action.triggered.connect(
            lambda: (self.shipping_dock.show(), self.shipping_dock.raise_())
        )
        for action in (self.reserve_action, self.player_lookup_action, self.queue_action):
            menu.addAction(action)
            action.setEnabled(self.ctx.shipping is not None)
        self.shipping_dock.setVisible(self.ctx.shipping is not None)

    def _warehouse_action(self, action: str, tx: str) -> None:
        if action == "track_page":
            if self.detail.row is not None:
                self.runner.start(self._open_track_page(tx), "track-page")
            return
        if action == "print_slip":
            self.warehouse.print_slip(tx)
            return
        self.warehouse.act(action, tx)

    async def _open_track_page(self, tx: str) -> None:
        from fulfildesk.services.shipping import shipment_for

        shipment = await shipment_for(self.ctx.store, tx)
        if shipment is None or not open_tracking_page(shipment.track_url):
            self.statusBar().showMessage("This order has no tracking page yet.", 8000)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.provider_label = QLabel(self)
        self.provider_label.setTextFormat(Qt.TextFormat.PlainText)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.hide()
        self.sync_progress = QLabel(self)
        self.sync_progress.setTextFormat(Qt.TextFormat.PlainText)
        self.sync_bar = QProgressBar(self)
        self.sync_bar.setRange(0, 0)
        self.sync_bar.setMaximumWidth(120)
        self.sync_cancel = QPushButton("Cancel sync", self)
        self.sync_cancel.clicked.connect(self.cancel_sync)
        for widget in (self.sync_progress, self.sync_bar, self.sync_cancel):
            widget.hide()
            bar.addPermanentWidget(widget)
        self._sync_task: asyncio.Task[Any] | None = None
        bar.addPermanentWidget(self.busy)
        bar.addPermanentWidget(self.provider_label)

    def _update_provider_status(self) -> None:
        parts = []
        for provider, service in (
            (Provider.KINGUIN, self.ctx.keys),
            (Provider.PLUM, self.ctx.vouchers),
            (Provider.INVENTORY, self.ctx.inventory),
            (Provider.POWERPLUGIN, self.ctx.shipping),
        ):
            name = {
                "kinguin": "Kinguin",
                "plum": "Plum",
                "inventory": "Inventory",
                "powerplugin": "Warehouse",
            }[provider.value]
            if service is None:
                parts.append(f"{name}: not configured")
            elif self.ctx.settings.demo:
                parts.append(f"{name}: demo sandbox")
            else:
                parts.append(f"{name}: {self.ctx.settings.provider(provider).url}")
        self.provider_label.setText("  ·  ".join(parts))
        self.buy_action.setEnabled(self.ctx.keys is not None)
        self.search_action.setEnabled(self.ctx.kinguin is not None)
        self.inventory_action.setEnabled(self.ctx.inventory is not None)
        self.player_action.setEnabled(self.ctx.inventory is not None)
        for action in (self.vouchers_action, self.lookup_action, self.bulk_action):
            action.setEnabled(self.ctx.vouchers is not None)
        self.resume_action.setEnabled(
            any(s is not None for s in (self.ctx.keys, self.ctx.vouchers, self.ctx.inventory))
        )
        self.sync_action.setEnabled(bool(self.ctx.syncable))

    # ---------------------------------------------------------------- start-up and shutdown

    def start(self) -> None:
        """Called once the window is shown: resume unfinished purchases, then refresh."""
        self.resizeDocks([self.purchases_dock], [170], Qt.Orientation.Vertical)
        self.runner.start(self._startup(), "startup")

    async def _startup(self) -> None:
        await self._reload_purchases()
        if any(
            s is not None
            for s in (self.ctx.keys, self.ctx.vouchers, self.ctx.inventory, self.ctx.shipping)
        ):
            self.statusBar().showMessage("Resuming unfinished purchases…")
            outcomes = await self._resume_services()
            review = [o for o in outcomes if o.operation.state is OpState.NEEDS_REVIEW]
            self.refresh_orders()
            await self._reload_purchases()
            if review:
                self.statusBar().showMessage(
                    f"{len(review)} purchase(s) need review: see Purchases below."
                )
            elif outcomes:
                self.statusBar().showMessage(
                    f"Resumed {len(outcomes)} unfinished purchase(s).", 8000
                )
            else:
                self.statusBar().clearMessage()
        await self._update_sync_times()
        task = self.start_sync()
        if task is not None:
            try:
                await task
            except asyncio.CancelledError:
                pass
        await self._refresh_establishments()
        self.startupFinished.emit()

    async def shutdown(self) -> None:
        await self.runner.cancel_all()
        self.model.close()

    def purchase_running(self) -> bool:
        """True while a purchase form shows a purchase under way (not any background task)."""
        dialogs = (self.buy_dialog, self.voucher_dialog, self.inventory_dialog)
        return any(d is not None and d.isVisible() and d.progress.isVisible() for d in dialogs)

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

    # ---------------------------------------------------------------- orders list

    def _apply_filter(self) -> None:
        provider = self.provider_filter.currentData()
        status = self.status_filter.currentData()
        self.model.set_filter(
            OrderFilter(
                providers=[provider] if provider else [],
                statuses=[status] if status else [],
                search=self.search.text(),
                date_from=(
                    self.date_from.date().toString("yyyy-MM-dd") + "T00:00:00Z"
                    if self.use_from.isChecked()
                    else None
                ),
                date_to=(
                    self.date_to.date().toString("yyyy-MM-dd") + "T23:59:59Z"
                    if self.use_to.isChecked()
                    else None
                ),
                establishment=self.establishment_filter.currentData(),
            )
        )
        self._update_empty_hint()
        self.ordersRefreshed.emit()

    def refresh_orders(self) -> None:
        current = self.detail.row
        self.model.refresh()
        if self.ctx.shipping is not None:
            self.runner.start(self.warehouse.reload(), "queue")
        if current is not None:
            self.select_order(current["provider"], current["provider_order_id"])
        self._update_empty_hint()
        self.ordersRefreshed.emit()

    def _update_empty_hint(self) -> None:
        count = self.model.rowCount()
        if count and self.model.order_filter.search and count >= SEARCH_LIMIT:
            self.empty_hint.setText(
                f"Showing the {SEARCH_LIMIT:,} most recently synced matches; "
                "add words to narrow the search."
            )
        elif count:
            self.empty_hint.setText(f"{count:,} order{'s' if count != 1 else ''}")
        elif self.model.order_filter != OrderFilter():
            self.empty_hint.setText("No order matches the search and filters.")
        elif self.ctx.keys is None:
            self.empty_hint.setText(
                "No orders yet. Configure a provider in Settings…, or start "
                "with `fulfildesk --demo` to try the sandbox."
            )
        else:
            self.empty_hint.setText(
                "No orders cached yet. Refresh orders (F5) or buy keys (Ctrl+B)."
            )

    def select_order(self, provider: str, order_id: str) -> bool:
        row = self.model.find(provider, order_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row(rows[0].row()) if rows else None
        if self._detail_task is not None and not self._detail_task.done():
            self._detail_task.cancel()
        if row is None:
            self.detail.show_row(None, [])
            return
        self._detail_task = self.runner.start(self._load_detail(row), "detail")

    async def _load_detail(self, row: dict[str, Any]) -> None:
        from fulfildesk.services.inventory import outcomes_of

        provider, order_id = row["provider"], row["provider_order_id"]
        keys = await self.ctx.store.run(lambda s: s.keys_for_order(provider, order_id))
        vouchers = await self.ctx.store.run(lambda s: s.vouchers_for_order(provider, order_id))
        entries = []
        if provider == Provider.INVENTORY.value:
            order = await self.ctx.store.run(lambda s: s.get_order(provider, order_id))
            entries = outcomes_of(order) if order is not None else []
        self.detail.show_row(row, keys, vouchers, entries)
        if provider == Provider.POWERPLUGIN.value and self.ctx.shipping is not None:
            events = await self.ctx.shipping.history(order_id)
            stage = stage_of(row["provider_status"])
            actions = list(STAGE_ACTIONS.get(stage, ())) if stage else []
            actions += [("print_slip", "Print slip…"), ("track_page", "Open tracking page")]
            self.detail.show_warehouse(history_text(events), actions)

    # ---------------------------------------------------------------- sync

    def start_sync(self, full: bool = False) -> asyncio.Task[Any] | None:
        """Sync every configured provider in the background (progress and Cancel in the
        status bar). A second request while one runs is ignored."""
        from fulfildesk.services.sync import service_for

        service = service_for(self.ctx)
        if not service.providers or (self._sync_task and not self._sync_task.done()):
            return None
        self._sync_task = self.runner.start(self._sync(full), "sync")
        return self._sync_task

    def cancel_sync(self) -> None:
        if self._sync_task is not None and not self._sync_task.done():
            self._sync_task.cancel()

    async def _sync(self, full: bool = False) -> None:
        from fulfildesk.services.sync import service_for

        service = service_for(self.ctx)
        reports: dict[str, SyncReport] = {}
        for widget in (self.sync_progress, self.sync_bar, self.sync_cancel):
            widget.show()
        self.sync_progress.setText("Syncing…")

        def progress(report: SyncReport) -> None:
            reports[report.provider] = report
            self.sync_progress.setText(
                "  ".join(
                    f"{r.provider}: {r.orders:,}"
                    + (" ✓" if r.done and not r.failed else " ✗" if r.failed else "")
                    for r in reports.values()
                )
            )

        try:
            reports = await service.run(progress=progress, full=full)
        except asyncio.CancelledError:
            self.statusBar().showMessage(
                "Sync cancelled; what was fetched is kept, and the next sync continues from there.",
                10000,
            )
            self.refresh_orders()
            raise
        finally:
            for widget in (self.sync_progress, self.sync_bar, self.sync_cancel):
                widget.hide()
        self.refresh_orders()
        await self._update_sync_times()
        failed = [r for r in reports.values() if r.failed]
        total = sum(r.orders for r in reports.values())
        if failed:
            self.statusBar().showMessage(
                f"Synced {total:,} orders; failed: "
                + "; ".join(f"{r.provider}: {r.error}" for r in failed),
                20000,
            )
        else:
            self.statusBar().showMessage(
                f"Synced {total:,} orders from {len(reports)} provider(s).", 8000
            )
        self.syncFinished.emit()

    async def _update_sync_times(self) -> None:
        lines = []
        for provider in self.ctx.syncable:
            state = await self.ctx.store.run(lambda s, p=provider: s.sync_state(p))
            when = (state["last_success_at"] or "never").replace("T", " ").rstrip("Z")
            line = f"{provider}: last sync {when}"
            if state["last_error"]:
                line += f" (last attempt failed: {state['last_error']})"
            lines.append(line)
        self.provider_label.setToolTip(tooltip("\n".join(lines)))
        self.last_sync_lines = lines

    async def _refresh_establishments(self) -> None:
        from fulfildesk.store.queries import establishments

        names = await self.ctx.store.run(lambda s: establishments(s.db.conn))
        current = self.establishment_filter.currentData()
        self.establishment_filter.blockSignals(True)
        self.establishment_filter.clear()
        self.establishment_filter.addItem("All establishments", None)
        for name in names:
            self.establishment_filter.addItem(name, name)
        index = self.establishment_filter.findData(current)
        self.establishment_filter.setCurrentIndex(max(index, 0))
        self.establishment_filter.blockSignals(False)

    def export_csv(self, path: str | None = None) -> asyncio.Task[Any] | None:
        """Write the current filtered and sorted view to a CSV file."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export orders", "orders.csv", "CSV (*.csv)"
            )
            if not path:
                return None
        return self.runner.start(self._export(path), "export")

    async def _export(self, path: str) -> None:
        from fulfildesk.store.queries import iter_orders, write_csv

        filt, sort = self.model.order_filter, self.model.order_sort

        def write(s) -> int:  # type: ignore[no-untyped-def]
            with open(path, "w", newline="", encoding="utf-8") as handle:
                return write_csv(handle, iter_orders(s.db.conn, filt, sort))

        try:
            count = await self.ctx.store.run(write)
        except OSError as exc:
            self.statusBar().showMessage(f"Could not write {path}: {exc.strerror}", 15000)
            return
        self.statusBar().showMessage(f"Exported {count:,} orders to {path}.", 10000)
        self.exportFinished.emit(path)

    # ---------------------------------------------------------------- buying

    def open_buy_dialog(self) -> BuyKeysDialog | None:
        from fulfildesk.ui.dialogs.buy_keys import BuyKeysDialog

        if self.ctx.keys is None:
            QMessageBox.information(
                self, "Kinguin not configured", "Set the Kinguin URL and API key in Settings first."
            )
            return None
        if self.buy_dialog is not None and self.buy_dialog.isVisible():
            self.buy_dialog.raise_()
            self.buy_dialog.activateWindow()
            return self.buy_dialog
        dialog = BuyKeysDialog(self)
        dialog.submitted.connect(lambda lines: self.start_purchase(lines, dialog))
        self.buy_dialog = dialog
        dialog.open()
        return dialog

    def start_purchase(
        self, lines: list[KeyLine], dialog: BuyKeysDialog | None = None
    ) -> asyncio.Task[Any]:
        if dialog is not None:
            dialog.set_busy(True, "Recording the purchase…")
        return self.runner.start(self._buy(lines, dialog), "purchase")

    def _purchase_progress(self, operation_id: str, state: OpState, text: str) -> None:
        self.statusBar().showMessage(text)
        if self.buy_dialog is not None and self.buy_dialog.isVisible():
            self.buy_dialog.show_progress(text)

    async def _buy(self, lines: list[KeyLine], dialog: BuyKeysDialog | None) -> None:
        assert self.ctx.keys is not None
        op = await self.ctx.keys.begin(lines)
        await self._reload_purchases()
        outcome = await self.ctx.keys.drive(op.operation_id, self._purchase_progress)
        self.refresh_orders()
        await self._reload_purchases()
        state = outcome.operation.state
        if outcome.completed and outcome.order is not None:
            self.statusBar().showMessage(
                f"Bought {len(outcome.keys)} key(s): Kinguin order "
                f"{outcome.order.provider_order_id}.",
                10000,
            )
            if dialog is not None:
                dialog.set_busy(False)
                dialog.accept()
            self.select_order(Provider.KINGUIN.value, outcome.order.provider_order_id)
        elif dialog is not None and dialog.isVisible():
            if state is OpState.FAILED:
                dialog.show_failure(outcome.message, outcome.field_errors)
            else:
                dialog.set_busy(False, outcome.message)
                self.purchases.select_operation(op.operation_id)
        else:
            self.statusBar().showMessage(outcome.message, 15000)
        self.purchaseFinished.emit(op.operation_id, state.value)

    def start_resume(self) -> None:
        self.runner.start(self._resume_all(), "resume")

    async def _resume_services(self) -> list[Any]:
        outcomes: list[Any] = []
        for service in (self.ctx.keys, self.ctx.vouchers, self.ctx.inventory, self.ctx.shipping):
            if service is not None:
                outcomes += await service.resume_all(self._purchase_progress)
        return outcomes

    async def _resume_all(self) -> None:
        outcomes = await self._resume_services()
        self.refresh_orders()
        await self._reload_purchases()
        self.statusBar().showMessage(
            f"{len(outcomes)} unfinished purchase(s) checked."
            if outcomes
            else "No unfinished purchases.",
            8000,
        )

    def start_resume_one(self, operation_id: str) -> None:
        self.runner.start(self._resume_one(operation_id), "resume-one")

    async def _resume_one(self, operation_id: str) -> None:
        op = await self.ctx.store.run(lambda s: s.journal_get(operation_id))
        service = {
            Provider.PLUM.value: self.ctx.vouchers,
            Provider.INVENTORY.value: self.ctx.inventory,
            Provider.POWERPLUGIN.value: self.ctx.shipping,
        }.get(op.provider, self.ctx.keys)
        if service is None:
            self.statusBar().showMessage(f"{op.provider} is not configured.", 8000)
            return
        outcome = await service.drive(operation_id, self._purchase_progress)
        self.refresh_orders()
        await self._reload_purchases()
        self.statusBar().showMessage(outcome.message, 10000)

    def confirm_dismiss(self, operation_id: str) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Dismiss purchase")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            "Dismiss this purchase after review?\n\nThe console will stop tracking it. "
            "Nothing is bought or cancelled at Kinguin. Only do this once you have "
            "checked the Kinguin account."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(
            lambda result: (
                result == QMessageBox.StandardButton.Yes
                and self.runner.start(self._dismiss(operation_id), "dismiss")
            )
        )
        box.open()

    async def _dismiss(self, operation_id: str) -> None:
        await dismiss(self.ctx.store, operation_id, f"reviewed by {self.ctx.settings.operator}")
        await self._reload_purchases()

    async def _reload_purchases(self) -> None:
        ops = await self.ctx.store.run(lambda s: s.journal_list())
        self.purchases.set_operations(ops)

    # ---------------------------------------------------------------- keys of older orders

    def start_fetch_keys(self, row: dict[str, Any]) -> None:
        self.runner.start(self._fetch_keys(row), "fetch-keys")

    async def _fetch_keys(self, row: dict[str, Any]) -> None:
        assert self.ctx.keys is not None
        order = await self.ctx.store.run(
            lambda s: s.get_order(row["provider"], row["provider_order_id"])
        )
        if order is None:
            return
        try:
            keys = await self.ctx.keys.fetch_keys(order)
        except ProviderError as exc:
            self.statusBar().showMessage(f"Could not get the keys: {exc.user_message}", 15000)
            return
        if self.detail.row and self.detail.row["provider_order_id"] == order.provider_order_id:
            self.detail.show_row(row, keys)
        self.statusBar().showMessage(
            f"{len(keys)} key(s) stored for order {order.provider_order_id}.", 8000
        )

    # ---------------------------------------------------------------- vouchers

    def _load_products_into(self, dialog: VoucherDialog | BulkVoucherDialog) -> None:
        async def load() -> None:
            assert self.ctx.vouchers is not None
            try:
                products = await self.ctx.vouchers.products()
            except ProviderError as exc:
                dialog.picker.set_load_error(exc.user_message)
                return
            dialog.set_products(products)

        self.runner.start(load(), "voucher-products")

    def open_voucher_dialog(self) -> VoucherDialog | None:
        from fulfildesk.ui.dialogs.vouchers import VoucherDialog

        if self.ctx.vouchers is None:
            QMessageBox.information(
                self, "Plum not configured", "Set the Plum URL and token in Settings first."
            )
            return None
        if self.voucher_dialog is not None and self.voucher_dialog.isVisible():
            self.voucher_dialog.raise_()
            return self.voucher_dialog
        dialog = VoucherDialog(self)
        dialog.submitted.connect(lambda request: self.start_voucher_purchase(request, dialog))
        self.voucher_dialog = dialog
        self._load_products_into(dialog)
        dialog.open()
        return dialog

    def start_voucher_purchase(
        self, request: VoucherRequest, dialog: VoucherDialog | None = None
    ) -> asyncio.Task[Any]:
        if dialog is not None:
            dialog.set_busy(True, "Recording the purchase…")
        return self.runner.start(self._buy_vouchers(request, dialog), "voucher-purchase")

    def _voucher_progress(self, operation_id: str, state: OpState, text: str) -> None:
        self.statusBar().showMessage(text)
        if self.voucher_dialog is not None and self.voucher_dialog.isVisible():
            self.voucher_dialog.show_progress(text)

    async def _buy_vouchers(self, request: VoucherRequest, dialog: VoucherDialog | None) -> None:
        assert self.ctx.vouchers is not None
        op = await self.ctx.vouchers.begin(request)
        await self._reload_purchases()
        outcome = await self.ctx.vouchers.drive(op.operation_id, self._voucher_progress)
        self.refresh_orders()
        await self._reload_purchases()
        state = outcome.operation.state
        if outcome.completed:
            order_id = outcome.operation.provider_order_id or ""
            self.statusBar().showMessage(
                f"Bought {len(outcome.vouchers)} voucher(s): Plum order {order_id}.", 10000
            )
            if dialog is not None:
                dialog.set_busy(False)
                dialog.accept()
            self.select_order(Provider.PLUM.value, order_id)
        elif dialog is not None and dialog.isVisible():
            if state is OpState.FAILED:
                dialog.show_failure(outcome.message, outcome.field_errors)
            else:
                dialog.set_busy(False, outcome.message)
        else:
            self.statusBar().showMessage(outcome.message, 15000)
        self.purchaseFinished.emit(op.operation_id, state.value)

    def open_lookup_dialog(self) -> VoucherLookupDialog | None:
        from fulfildesk.ui.dialogs.vouchers import VoucherLookupDialog

        if self.ctx.vouchers is None:
            return None
        dialog = VoucherLookupDialog(self)
        dialog.lookupRequested.connect(
            lambda kind, value: self.runner.start(self._lookup(dialog, kind, value), "lookup")
        )
        dialog.resendRequested.connect(
            lambda order_id: self.runner.start(self._resend(order_id, dialog), "resend")
        )
        self.lookup_dialog = dialog
        dialog.open()
        return dialog

    async def _lookup(self, dialog: VoucherLookupDialog, kind: str, value: str) -> None:
        from fulfildesk.ui.dialogs.vouchers import order_summary

        assert self.ctx.vouchers is not None
        try:
            found, vouchers = await self.ctx.vouchers.lookup(
                order_id=value if kind == "order" else None,
                po_number=value if kind == "po" else None,
            )
        except ProviderError as exc:
            dialog.show_error(exc.user_message)
            return
        order = found.order
        dialog.show_result(
            order.provider_order_id,
            order_summary(
                order.provider_order_id,
                order.provider_status,
                found.delivery_status,
                str(order.total) if order.total else "",
                value if kind == "po" else None,
            ),
            vouchers,
        )
        self.refresh_orders()

    def start_resend(self, order_id: str) -> None:
        self.runner.start(self._resend(order_id, None), "resend")

    async def _resend(self, order_id: str, dialog: VoucherLookupDialog | None) -> None:
        assert self.ctx.vouchers is not None
        try:
            await self.ctx.vouchers.resend(order_id)
        except ProviderError as exc:
            message = f"Could not resend: {exc.user_message}"
        else:
            message = f"Plum emailed the vouchers of order {order_id} to the receiver again."
        self.statusBar().showMessage(message, 12000)
        if dialog is not None:
            dialog.resend_done(message)

    def open_bulk_dialog(self) -> BulkVoucherDialog | None:
        from fulfildesk.ui.dialogs.vouchers import BulkVoucherDialog

        if self.ctx.vouchers is None:
            return None
        dialog = BulkVoucherDialog(self)
        dialog.startRequested.connect(lambda requests: self.start_bulk(dialog, requests))
        dialog.pauseToggled.connect(self._bulk_pause)
        self.bulk_dialog = dialog
        self._load_products_into(dialog)
        dialog.open()
        return dialog

    def _bulk_pause(self, paused: bool) -> None:
        if self._bulk_running is not None:
            if paused:
                self._bulk_running.clear()
            else:
                self._bulk_running.set()

    def start_bulk(
        self, dialog: BulkVoucherDialog, requests: list[VoucherRequest]
    ) -> asyncio.Task[Any]:
        # Created now, not inside the task: a Pause pressed right after Start must count.
        self._bulk_running = asyncio.Event()
        self._bulk_running.set()
        return self.runner.start(self._bulk(dialog, requests, self._bulk_running), "bulk")

    async def _bulk(
        self, dialog: BulkVoucherDialog, requests: list[VoucherRequest], running: asyncio.Event
    ) -> None:
        assert self.ctx.vouchers is not None

        def progress(p: BulkProgress) -> None:
            dialog.show_progress(p.done, p.total, p.message)
            if p.done and p.summary.done == p.done:
                last = p.summary.succeeded + p.summary.failed + p.summary.unresolved
                item = max(last, key=lambda i: i.index)
                dialog.mark_row(
                    item.index, "issued" if item.state is OpState.COMPLETED else item.message
                )

        summary = await self.ctx.vouchers.bulk_issue(requests, progress, running)
        self._bulk_running = None
        dialog.finished_with(summary.text())
        self.refresh_orders()
        await self._reload_purchases()
        self.statusBar().showMessage(summary.text().splitlines()[0], 15000)

    # ---------------------------------------------------------------- Kinguin search

    def open_search_dialog(self) -> KinguinSearchDialog | None:
        from fulfildesk.ui.dialogs.kinguin_search import KinguinSearchDialog

        if self.ctx.kinguin is None:
            return None
        dialog = KinguinSearchDialog(self)
        dialog.searchRequested.connect(
            lambda values: self.runner.start(self._search(dialog, values), "search")
        )
        dialog.openRequested.connect(self._open_found_order)
        self.search_dialog = dialog
        dialog.open()
        return dialog

    async def _search(self, dialog: KinguinSearchDialog, values: dict[str, Any]) -> None:
        from fulfildesk.services.sync import search_kinguin

        assert self.ctx.kinguin is not None
        try:
            page = await search_kinguin(self.ctx.kinguin, self.ctx.store, values)
        except ProviderError as exc:
            dialog.show_error(exc.user_message)
            return
        dialog.show_page(page.orders, len(page.anonymous), page.item_count)
        self.refresh_orders()

    def _open_found_order(self, order_id: str) -> None:
        if self.select_order(Provider.KINGUIN.value, order_id):
            self.raise_()
            self.activateWindow()

    # ---------------------------------------------------------------- inventory

    def open_inventory_dialog(self) -> InventoryOrderDialog | None:
        from fulfildesk.ui.dialogs.inventory import InventoryOrderDialog

        if self.ctx.inventory is None:
            QMessageBox.information(
                self,
                "Inventory provider not configured",
                "Set the inventory URL and token in Settings first.",
            )
            return None
        dialog = InventoryOrderDialog(self)
        dialog.submitted.connect(lambda draft: self.start_inventory_order(draft, dialog))
        self.inventory_dialog = dialog
        dialog.open()
        return dialog

    def start_inventory_order(
        self, draft: InventoryOrderDraft, dialog: InventoryOrderDialog | None = None
    ) -> asyncio.Task[Any]:
        return self.runner.start(self._inventory_order(draft, dialog), "inventory-order")

    async def _inventory_order(
        self, draft: InventoryOrderDraft, dialog: InventoryOrderDialog | None
    ) -> None:
        service = self.ctx.inventory
        assert service is not None
        op = await service.begin(draft)
        await self._reload_purchases()
        outcome = await service.drive(op.operation_id, self._purchase_progress, wait=False)
        if outcome.pending and outcome.result is not None:
            if dialog is not None:
                dialog.show_results(
                    outcome.result.entries, True, outcome.result.order.provider_order_id, "accepted"
                )
            await self._reload_purchases()
            outcome = await service.wait_for(op.operation_id, self._purchase_progress)
        self.refresh_orders()
        await self._reload_purchases()
        state = outcome.operation.state
        if dialog is not None:
            if state is OpState.FAILED:
                dialog.show_failure(outcome.message, outcome.field_errors)
            elif outcome.result is not None:
                dialog.show_results(
                    outcome.result.entries,
                    outcome.pending,
                    outcome.result.order.provider_order_id,
                    outcome.result.order.provider_status,
                )
        if outcome.result is not None and not outcome.pending:
            self.select_order(Provider.INVENTORY.value, outcome.result.order.provider_order_id)
        self.statusBar().showMessage(outcome.message, 10000)
        self.purchaseFinished.emit(op.operation_id, state.value)

    def open_player_dialog(self) -> PlayerOrdersDialog | None:
        from fulfildesk.ui.dialogs.inventory import PlayerOrdersDialog

        if self.ctx.inventory is None:
            return None
        dialog = PlayerOrdersDialog(self)
        dialog.fetchRequested.connect(
            lambda player: self.runner.start(self._player_orders(dialog, player), "player")
        )
        dialog.openRequested.connect(
            lambda order_id: self.select_order(Provider.INVENTORY.value, order_id)
        )
        self.player_dialog = dialog
        dialog.open()
        return dialog

    async def _player_orders(self, dialog: PlayerOrdersDialog, player_id: int) -> None:
        assert self.ctx.inventory is not None
        try:
            orders = await self.ctx.inventory.player_orders(player_id)
        except ProviderError as exc:
            dialog.show_error(exc.user_message)
            return
        dialog.show_orders(orders)
        self.refresh_orders()

    # ---------------------------------------------------------------- settings

    def open_settings(self) -> None:
        from fulfildesk.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx.settings, self)
        dialog.open()

    # ---------------------------------------------------------------- feedback

    def _busy_changed(self, busy: bool) -> None:
        self.busy.setVisible(busy)

    def _task_failed(self, text: str) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Something went wrong")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            "An operation failed unexpectedly. Purchases are journaled: nothing is "
            f"bought twice, and unfinished work resumes.\n\n{text}"
        )
        box.open()
