"""The centre of the window: the filter row, the order list and the detail pane.

It knows how to show orders (filter, select, load an order's keys, vouchers, entries and
warehouse history); it starts no operation of its own: the detail pane's requests are wired to
the flow controllers by the window.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.context import AppContext
from fulfildesk.domain.enums import Provider
from fulfildesk.store.queries import SEARCH_LIMIT, OrderFilter
from fulfildesk.ui.asyncglue import TaskRunner
from fulfildesk.ui.i18n import number
from fulfildesk.ui.models.orders import SORT_KEYS, Columns, OrdersModel
from fulfildesk.ui.text import plain_label, select_only_row
from fulfildesk.ui.theme import Tone, tint
from fulfildesk.ui.vocabulary import provider_choices, status_choices

if TYPE_CHECKING:
    from fulfildesk.domain.models import SerialKey
    from fulfildesk.ui.widgets.order_detail import OrderDetail

#: the search runs on the reader thread and a newer one supersedes (interrupts) an older one, so
#: there is nothing to save by waiting: 0 only coalesces changes made in one event-loop pass
SEARCH_DEBOUNCE_MS = 0
LIST_MIN_WIDTH = 560
SORTABLE = {int(column) for column in SORT_KEYS}
DETAIL_MIN_WIDTH = 340
COLUMN_WIDTHS = (
    (Columns.PROVIDER, 112),
    (Columns.ORDER, 100),
    (Columns.STATUS, 110),
    (Columns.CREATED, 130),
    (Columns.TOTAL, 90),
    (Columns.PLAYER, 90),
)


class OrdersView(QWidget):
    refreshed = Signal()  # the list was filtered or refreshed, and its count is known
    secretUsed = Signal(str, str)  # provider, order id: a reveal or copy was written in history

    def __init__(
        self, ctx: AppContext, runner: TaskRunner, parent: QWidget, *, deferred: bool = False
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self._detail_task: asyncio.Task[Any] | None = None
        self._wanted_establishment: str | None = None  # restored before the list is known
        #: the order shown before a filter change or refresh: selected again (or the pane cleared
        #: when the new view hides it) once the reader has counted the new view
        self._reselect: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(self._build_filters())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = OrdersModel(ctx.settings.cache_path, self)
        self.model.settled.connect(self._settled)
        #: (generation, order) to select again once a big view's anchors are read
        self._keep_later: tuple[int, dict[str, Any]] | None = None
        self.model.anchorsReady.connect(self._anchors_ready)
        self.table = self._build_table(splitter)
        # the pane scrolls rather than imposing its height on the window (1366×768 screens);
        # the pane itself is built on first use (`detail`), after the list's first paint
        self._detail: OrderDetail | None = None
        self.detail_scroll = QScrollArea(splitter)
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail_scroll)
        # the list keeps a usable width whatever the detail pane shows
        splitter.setChildrenCollapsible(False)
        self.table.setMinimumWidth(LIST_MIN_WIDTH)
        self.detail_scroll.setMinimumWidth(DETAIL_MIN_WIDTH)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([800, 460])
        self.splitter = splitter
        layout.addWidget(splitter, 1)
        self.empty_hint = plain_label("", self, wrap=True)
        self.empty_hint.setMargin(4)
        tint(self.empty_hint, Tone.HINT)
        layout.addWidget(self.empty_hint)
        self._update_empty_hint()
        if not deferred:
            self.complete()

    @property
    def detail(self) -> OrderDetail:
        """The detail pane, built on first use (its modules load after the list's first paint)."""
        if self._detail is None:
            from fulfildesk.ui.widgets.order_detail import OrderDetail

            detail = OrderDetail()
            self._detail = detail
            self.detail_scroll.setWidget(detail)
            detail.keys.secretUsed.connect(self.record_secret_use)
            detail.vouchers.secretUsed.connect(self.record_secret_use)
        return self._detail

    def complete(self) -> None:
        """Build what the first paint of the list did not need (the detail pane)."""
        _ = self.detail

    def record_secret_use(self, action: str, detail: str) -> None:
        """Revealing or copying a key or voucher is written in the order's history, with the
        operator (never the secret itself)."""
        row = self.detail.row
        if row is None:
            return
        provider, order_id = row["provider"], row["provider_order_id"]
        operator = self.ctx.settings.operator

        def write(s):  # type: ignore[no-untyped-def]
            order = s.get_order(provider, order_id)
            if order is not None:
                s.record_event(order, operator, action, detail)
            return s.order_events(provider, order_id)

        async def record() -> None:
            events = await self.ctx.store.run(write)
            shown = self.detail.row
            if shown is not None and shown["provider_order_id"] == order_id:
                self.detail.show_history(_history_text(events))
            self.secretUsed.emit(provider, order_id)

        self.runner.start(record(), "history")

    def _build_filters(self) -> QHBoxLayout:
        self.search = search = QLineEdit(self)
        search.setPlaceholderText(
            self.tr("Search orders: id, product, player, reference…  (Ctrl+F)")
        )
        search.setClearButtonEnabled(True)
        # a few words of the search stay visible when the filters' texts are long (Spanish)
        search.setMinimumWidth(search.fontMetrics().averageCharWidth() * 14)
        search.setAccessibleName(self.tr("Search orders"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        search.textChanged.connect(lambda _t: self._search_timer.start())
        # keyboard: Enter or Down in the search goes to the results (the date filters between
        # them take several Tabs, one per date section)
        search.returnPressed.connect(self.focus_results)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), search)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self.focus_results)
        self.provider_filter = QComboBox(self)
        self.provider_filter.addItem(self.tr("All providers"), None)
        for value, name in provider_choices():
            self.provider_filter.addItem(name, value)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("All statuses"), None)
        for value, name in status_choices():
            self.status_filter.addItem(name, value)
        self.establishment_filter = QComboBox(self)
        self.establishment_filter.addItem(self.tr("All establishments"), None)
        self.use_from = QCheckBox(self.tr("From"), self)
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-3), self)
        self.use_to = QCheckBox(self.tr("to"), self)
        self.date_to = QDateEdit(QDate.currentDate(), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.apply_filter)
        for box in (self.use_from, self.use_to):
            box.toggled.connect(self.apply_filter)
        for combo in (self.provider_filter, self.status_filter, self.establishment_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        row = QHBoxLayout()
        row.addWidget(search, 1)
        for widget in (
            self.provider_filter,
            self.status_filter,
            self.establishment_filter,
            self.use_from,
            self.date_from,
            self.use_to,
            self.date_to,
        ):
            row.addWidget(widget)
        return row

    def _build_table(self, parent: QWidget) -> QTableView:
        table = QTableView(parent)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # several orders at once for the bulk actions (Shift/Ctrl); the pane shows the first
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(Columns.PRODUCTS, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS:
            table.setColumnWidth(column, width)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSortIndicator(Columns.CREATED, Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        self._sorted_by = (int(Columns.CREATED), Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        table.setSortingEnabled(True)
        return table

    def _sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        """Only sortable columns look sortable: a click on another header puts the arrow back
        where the list is really sorted."""
        if column in SORTABLE:
            self._sorted_by = (column, order)
            return
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(*self._sorted_by)
        header.blockSignals(False)

    # ---------------------------------------------------------------- remembered state

    def filter_state(self) -> dict[str, Any]:
        day = "yyyy-MM-dd"
        return {
            "search": self.search.text(),
            "provider": self.provider_filter.currentData(),
            "status": self.status_filter.currentData(),
            "establishment": self.establishment_filter.currentData(),
            "use_from": self.use_from.isChecked(),
            "date_from": self.date_from.date().toString(day),
            "use_to": self.use_to.isChecked(),
            "date_to": self.date_to.date().toString(day),
        }

    def restore_filter_state(self, state: dict[str, Any]) -> None:
        widgets = (
            self.search,
            self.provider_filter,
            self.status_filter,
            self.use_from,
            self.use_to,
            self.date_from,
            self.date_to,
        )
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.search.setText(str(state.get("search") or ""))
            for combo, value in (
                (self.provider_filter, state.get("provider")),
                (self.status_filter, state.get("status")),
            ):
                combo.setCurrentIndex(max(combo.findData(value), 0) if value else 0)
            self.use_from.setChecked(bool(state.get("use_from")))
            self.use_to.setChecked(bool(state.get("use_to")))
            for edit, key in ((self.date_from, "date_from"), (self.date_to, "date_to")):
                day = QDate.fromString(str(state.get(key) or ""), "yyyy-MM-dd")
                if day.isValid():
                    edit.setDate(day)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._wanted_establishment = state.get("establishment") or None
        self.apply_filter()

    def sort_state(self) -> tuple[int, int]:
        column, order = self._sorted_by
        return column, 1 if order == Qt.SortOrder.DescendingOrder else 0

    def restore_sort(self, column: int, descending: bool) -> None:
        if column in SORTABLE:
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            self.table.horizontalHeader().setSortIndicator(column, order)

    def focus_results(self) -> None:
        """The list takes the focus, its first order selected when none was."""
        self.table.setFocus()
        if not self.table.selectionModel().hasSelection() and self.model.rowCount() > 0:
            select_only_row(self.table, 0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ---------------------------------------------------------------- filtering and refresh

    def current_filter(self) -> OrderFilter:
        provider = self.provider_filter.currentData()
        status = self.status_filter.currentData()
        day = "yyyy-MM-dd"
        return OrderFilter(
            providers=[provider] if provider else [],
            statuses=[status] if status else [],
            search=self.search.text(),
            date_from=(
                self.date_from.date().toString(day) + "T00:00:00Z"
                if self.use_from.isChecked()
                else None
            ),
            date_to=(
                self.date_to.date().toString(day) + "T23:59:59Z"
                if self.use_to.isChecked()
                else None
            ),
            establishment=self.establishment_filter.currentData(),
            tag=getattr(self, "tag_filter_value", None),  # ui/order_work.py's tag filter
        )

    def _current(self) -> dict[str, Any] | None:
        """The order selected in the list (its detail may still be loading), else the one the
        detail pane shows."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            row = self.model.row(rows[0].row())
            if row is not None:
                return row
        # before complete() there is no detail pane (and building one would load its modules
        # before the list's first paint)
        return self._detail.row if self._detail is not None else None

    def apply_filter(self) -> None:
        """Show another filter: the reader thread reads it; `refreshed` when it is counted."""
        self._reselect = self._current()
        self.model.set_filter(self.current_filter())
        self._update_empty_hint()

    def refresh(self) -> None:
        """Re-read the list, keeping the order shown in the detail pane selected."""
        self._reselect = self._current()
        self.model.refresh()

    def _settled(self) -> None:
        """The current view's count arrived: the order shown before is selected again, or the
        pane is cleared if the view hides it. An order chosen while the view was read wins
        over the one shown when it was asked for."""
        current, self._reselect = self._current() or self._reselect, None
        if current is not None and not self.model.locates_quickly:
            # placing it in a big view counts the rows above it: once the reader has the
            # view's anchors that is a block's worth, now it could be a million on this thread
            self._keep_later = (self.model.generation, current)
        else:
            self._keep_detail(current)
        self._update_empty_hint()
        self.refreshed.emit()

    def _anchors_ready(self) -> None:
        """The view's anchors arrived: the order shown before a big view was read is selected
        again now (or the pane cleared, if the view hides it)."""
        pending, self._keep_later = self._keep_later, None
        if pending is not None and pending[0] == self.model.generation:
            self._keep_detail(self._current() or pending[1])

    def _keep_detail(self, current: dict[str, Any] | None) -> None:
        """Select the order the detail pane showed again; if the filter now hides it, the pane
        is cleared: it never shows an order the list does not."""
        if current is None:
            return
        if not self.select_order(current["provider"], current["provider_order_id"]):
            self.table.clearSelection()
            if self._detail_task is not None and not self._detail_task.done():
                self._detail_task.cancel()
            self.detail.show_row(None, [])

    def _update_empty_hint(self) -> None:
        count = self.model.rowCount()
        if not self.model.count_known:
            text = self.tr("Counting orders…")
        elif count and self.model.order_filter.search and count >= SEARCH_LIMIT:
            text = self.tr(
                "Showing the {SEARCH_LIMIT} most recently synced matches; add "
                "words to narrow the search."
            ).format(SEARCH_LIMIT=number(SEARCH_LIMIT))
        elif count:
            text = (self.tr("{count} order") if count == 1 else self.tr("{count} orders")).format(
                count=number(count)
            )
        elif self.model.order_filter != OrderFilter():
            text = self.tr("No order matches the search and filters.")
        elif self.ctx.keys is None:
            text = self.tr(
                "No orders yet. Configure a provider in Settings…, or start with "
                "`fulfildesk --demo` to try the sandbox."
            )
        else:
            text = self.tr("No orders cached yet. Refresh orders (F5) or buy keys (Ctrl+B).")
        self.empty_hint.setText(text)

    async def refresh_establishments(self) -> None:
        names = await self.ctx.store.run(lambda s: s.establishments())
        combo = self.establishment_filter
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All establishments"), None)
        for name in names:
            combo.addItem(name, name)
        wanted = self._wanted_establishment or current
        self._wanted_establishment = None
        combo.setCurrentIndex(max(combo.findData(wanted), 0) if wanted else 0)
        combo.blockSignals(False)
        if combo.currentData() != current:
            self.apply_filter()

    # ---------------------------------------------------------------- selection and detail

    def select_order(self, provider: str, order_id: str) -> bool:
        if not self.model.count_known:
            # the list is being re-read (a refresh after an operation): select it once counted
            self._reselect = {"provider": provider, "provider_order_id": order_id}
            return True
        row = self.model.find(provider, order_id)
        if row is None:
            return False
        selected = [i.row() for i in self.table.selectionModel().selectedRows()]
        if selected == [row]:
            # already selected (a refresh keeps the selection): show it as it is now
            self._selection_changed(QItemSelection(), QItemSelection())
        else:
            select_only_row(self.table, row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def show_fetched_keys(self, row: dict[str, Any], keys: list[SerialKey]) -> None:
        shown = self.detail.row
        if shown and shown["provider_order_id"] == row["provider_order_id"]:
            self.detail.show_row(row, keys)

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
        if (
            provider == Provider.KINGUIN.value
            and self.ctx.keys is not None
            and self.ctx.keys.api == "current"
        ):
            # a sync may have brought news of a key (refunded, canceled) the stored key lacks
            keys = await self.ctx.keys.current_keys(order_id)
        else:
            keys = await self.ctx.store.run(lambda s: s.keys_for_order(provider, order_id))
        vouchers = await self.ctx.store.run(lambda s: s.vouchers_for_order(provider, order_id))
        entries = []
        if provider == Provider.INVENTORY.value:
            order = await self.ctx.store.run(lambda s: s.get_order(provider, order_id))
            entries = outcomes_of(order) if order is not None else []
        self.detail.show_row(row, keys, vouchers, entries)
        if (
            provider == Provider.KINGUIN.value
            and self.ctx.keys is not None
            and self.ctx.keys.api == "current"
        ):
            delivered, expected = await self.ctx.keys.delivery(order_id)
            if expected and delivered < expected:
                from fulfildesk.services.keys import delivery_text

                self.detail.set_delivery(order_id, delivery_text(delivered, expected), True)
        if provider != Provider.POWERPLUGIN.value:
            events = await self.ctx.store.run(lambda s: s.order_events(provider, order_id))
            self.detail.show_history(_history_text(events))
        if provider == Provider.POWERPLUGIN.value:
            from fulfildesk.services.shipping import shipment_for

            shipment = await shipment_for(self.ctx.store, order_id)
            if shipment is not None:
                place = ", ".join(
                    p
                    for p in (
                        shipment.address,
                        f"{shipment.postal_code} {shipment.city}".strip(),
                        shipment.country,
                    )
                    if p
                )
                self.detail.show_shipment(
                    shipment.recipient_name or shipment.player_name,
                    place,
                    shipment.tracking_number or "",
                    shipment.track_url or "",
                )
        if provider == Provider.POWERPLUGIN.value and self.ctx.shipping is not None:
            from fulfildesk.ui.warehouse import STAGE_ACTIONS, stage_of

            events = await self.ctx.shipping.history(order_id)
            stage = stage_of(row["provider_status"])
            actions = [
                (action, QCoreApplication.translate("warehouse", label))
                for action, label in (STAGE_ACTIONS.get(stage, ()) if stage else ())
            ]
            actions += [
                ("print_slip", self.tr("Print slip…")),
                ("track_page", self.tr("Open tracking page")),
            ]
            self.detail.show_warehouse(_history_text(events), actions)


def _history_text(events: Any) -> str:
    from fulfildesk.ui.warehouse import history_text

    return history_text(events)
