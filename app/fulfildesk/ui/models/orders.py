"""The order list as a Qt model that reads the cache a window of rows at a time.

Rows are fetched in blocks of BLOCK rows: by keyset after the previous block when it is cached
(constant time at any depth), by OFFSET otherwise (a scrollbar jump). At most MAX_BLOCKS blocks
stay in memory, so memory does not grow with the size of the cache.
"""

from __future__ import annotations

import enum
import sqlite3
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from fulfildesk.domain.models import OrderStatus, Provider
from fulfildesk.store.queries import OrderFilter, Sort, count_orders, position_of, query_orders
from fulfildesk.ui.text import tooltip

BLOCK = 200
MAX_BLOCKS = 40

Index = QModelIndex | QPersistentModelIndex


class Columns(enum.IntEnum):
    PROVIDER = 0
    ORDER = 1
    STATUS = 2
    CREATED = 3
    PRODUCTS = 4
    TOTAL = 5
    PLAYER = 6


#: the columns a click on the header sorts by (each backed by an index)
SORT_KEYS = {
    Columns.PROVIDER: "provider",
    Columns.STATUS: "status",
    Columns.CREATED: "created",
    Columns.TOTAL: "total",
}

HEADERS = {
    Columns.PROVIDER: "Provider",
    Columns.ORDER: "Order",
    Columns.STATUS: "Status",
    Columns.CREATED: "Created (UTC)",
    Columns.PRODUCTS: "Products",
    Columns.TOTAL: "Total",
    Columns.PLAYER: "Player",
}

STATUS_COLOURS = {
    OrderStatus.COMPLETED.value: QColor(32, 120, 60),
    OrderStatus.FAILED.value: QColor(170, 40, 40),
    OrderStatus.OUT_OF_STOCK.value: QColor(170, 90, 0),
    OrderStatus.NEEDS_REVIEW.value: QColor(170, 40, 40),
    OrderStatus.PENDING.value: QColor(40, 80, 160),
    OrderStatus.PROCESSING.value: QColor(40, 80, 160),
}

PROVIDER_SHORT = {
    Provider.KINGUIN.value: "Kinguin",
    Provider.PLUM.value: "Plum",
    Provider.POWERPLUGIN.value: "Physical",
    Provider.INVENTORY.value: "Inventory",
}


def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection for the GUI thread (WAL lets it read while the store writes)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only=ON")
    return conn


def status_label(status: str) -> str:
    return status.replace("_", " ").capitalize()


class OrdersModel(QAbstractTableModel):
    def __init__(self, db_path: Path, parent: Any = None) -> None:
        super().__init__(parent)
        self._conn = open_reader(db_path)
        self._filter = OrderFilter()
        self._sort = Sort()
        self._count = 0
        self._blocks: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._count = count_orders(self._conn, self._filter)
        #: team mode: (provider, order id) -> a marker before the order id ("⚑ ana")
        self.markers: dict[tuple[str, str], str] = {}

    # ---------------------------------------------------------------- Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Columns)
        ):
            return HEADERS[Columns(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self._count):
            return None
        row = self.row(index.row())
        if row is None:
            return None
        column = Columns(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._display(row, column)
            if column is Columns.ORDER and self.markers:  # team mode: who holds the order
                marker = self.markers.get((row["provider"], row["provider_order_id"]))
                return f"{text}  {marker}" if marker else text
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Columns.STATUS:
                try:
                    explanation = OrderStatus(row["status"]).explanation
                except ValueError:
                    explanation = ""
                return tooltip(f"{explanation}\nProvider status: {row['provider_status']}")
            if column is Columns.PRODUCTS:
                return tooltip(row["products"] or "")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column is Columns.STATUS:
            return STATUS_COLOURS.get(row["status"])
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Columns.TOTAL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    @staticmethod
    def _display(row: dict[str, Any], column: Columns) -> str:
        if column is Columns.PROVIDER:
            return PROVIDER_SHORT.get(row["provider"], row["provider"])
        if column is Columns.ORDER:
            return row["provider_order_id"]
        if column is Columns.STATUS:
            return status_label(row["status"])
        if column is Columns.CREATED:
            return (row["created_at"] or "").replace("T", " ").rstrip("Z")[:16]
        if column is Columns.PRODUCTS:
            return row["products"] or ""
        if column is Columns.TOTAL:
            if row["total"] is None:
                return ""
            return f"{Decimal(row['total']):,.2f} {row['currency'] or ''}".strip()
        if column is Columns.PLAYER:
            return row["player_id"] or ""
        return ""

    # ---------------------------------------------------------------- windowed reading

    def row(self, number: int) -> dict[str, Any] | None:
        block_no, offset = divmod(number, BLOCK)
        block = self._block(block_no)
        return block[offset] if offset < len(block) else None

    def _block(self, block_no: int) -> list[dict[str, Any]]:
        block = self._blocks.get(block_no)
        if block is not None:
            self._blocks.move_to_end(block_no)
            return block
        previous = self._blocks.get(block_no - 1)
        if previous and len(previous) == BLOCK:
            # keyset after the previous block: constant cost at any depth
            block = query_orders(
                self._conn,
                self._filter,
                limit=BLOCK,
                sort=self._sort,
                after=self._sort.key_of(previous[-1]),
                offset=block_no * BLOCK,
            )
        else:
            block = query_orders(
                self._conn, self._filter, limit=BLOCK, sort=self._sort, offset=block_no * BLOCK
            )
        self._blocks[block_no] = block
        while len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    @property
    def cached_blocks(self) -> int:
        return len(self._blocks)

    def set_filter(self, filt: OrderFilter) -> None:
        self._filter = filt
        self.refresh()

    @property
    def order_filter(self) -> OrderFilter:
        return self._filter

    def refresh(self) -> None:
        self.beginResetModel()
        self._blocks.clear()
        self._count = count_orders(self._conn, self._filter)
        self.endResetModel()

    def find(self, provider: str, order_id: str) -> int | None:
        """The row number of an order under the current filter and sort, if it is there."""
        found = self._conn.execute(
            "SELECT id FROM orders WHERE provider = ? AND provider_order_id = ?",
            [provider, order_id],
        ).fetchone()
        if not found:
            return None
        position = position_of(self._conn, self._filter, self._sort, found[0])
        if position is None or position >= self._count:
            return None
        row = self.row(position)
        if row and row["provider"] == provider and row["provider_order_id"] == order_id:
            return position
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(Columns(column)) if 0 <= column < len(Columns) else None
        if key is None:
            return
        self.beginResetModel()
        self._sort = Sort(key, descending=order == Qt.SortOrder.DescendingOrder)
        self._blocks.clear()
        self.endResetModel()

    @property
    def order_sort(self) -> Sort:
        return self._sort

    def close(self) -> None:
        self._conn.close()
