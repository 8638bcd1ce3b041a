"""The order list as a Qt model that reads the cache a window of rows at a time.

Rows are fetched in blocks of BLOCK rows: by keyset after the previous block when it is cached
(constant time at any depth), by OFFSET otherwise (a scrollbar jump). At most MAX_BLOCKS blocks
stay in memory, so memory does not grow with the size of the cache.
"""

from __future__ import annotations

import enum
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fulfildesk.domain.models import OrderStatus
from fulfildesk.domain.vocabulary import PROVIDER_NAMES, products_text, status_name
from fulfildesk.store.queries import OrderFilter, Sort, count_orders, position_of, query_orders
from fulfildesk.ui.text import tooltip
from fulfildesk.ui.theme import Tone, colour

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

STATUS_TONES = {  # colours come from the palette (ui/theme.py)
    OrderStatus.COMPLETED.value: Tone.GOOD,
    OrderStatus.FAILED.value: Tone.BAD,
    OrderStatus.OUT_OF_STOCK.value: Tone.WARN,
    OrderStatus.NEEDS_REVIEW.value: Tone.BAD,
    OrderStatus.PENDING.value: Tone.INFO,
    OrderStatus.PROCESSING.value: Tone.INFO,
}

#: one display name per provider (domain/vocabulary.py), kept under its old name for callers
PROVIDER_SHORT = PROVIDER_NAMES


def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection for the GUI thread (WAL lets it read while the store writes)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only=ON")
    return conn


def status_label(status: str, provider: str = "", provider_status: str = "") -> str:
    return status_name(status, provider, provider_status)


@dataclass(frozen=True)
class TotalWithinCurrency(Sort):
    """Sorting by total never mixes currencies: the currency is part of the sort key (every EUR
    total in order, then every USD total…), in SQL and in the keyset alike."""

    @property
    def expression(self) -> str:
        return "printf('%-3s%020.4f', COALESCE(currency, ''), COALESCE(CAST(total AS REAL), -1.0))"

    def key_of(self, row: dict[str, Any]) -> tuple[Any, int]:
        total = float(row["total"]) if row["total"] is not None else -1.0
        return f"{row['currency'] or '':<3}{total:020.4f}", row["id"]


def sort_for(key: str, descending: bool) -> Sort:
    return TotalWithinCurrency(key, descending) if key == "total" else Sort(key, descending)


class OrdersModel(QAbstractTableModel):
    def __init__(self, db_path: Path, parent: Any = None) -> None:
        super().__init__(parent)
        self._conn = open_reader(db_path)
        self._filter = OrderFilter()
        self._sort = Sort()
        self._count = 0
        self._blocks: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._count = count_orders(self._conn, self._filter)

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
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and 0 <= section < len(Columns)
        ):
            column = Columns(section)
            if column not in SORT_KEYS:
                return tooltip(f"{HEADERS[column]}: the list does not sort by this column.")
            if column is Columns.TOTAL:
                return tooltip(
                    "Click to sort by total, within each currency (totals in different "
                    "currencies are never compared)."
                )
            return tooltip(f"Click to sort by {HEADERS[column].lower()}.")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self._count):
            return None
        row = self.row(index.row())
        if row is None:
            return None
        column = Columns(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Columns.STATUS:
                try:
                    explanation = OrderStatus(row["status"]).explanation
                except ValueError:
                    explanation = ""
                return tooltip(f"{explanation}\nProvider status: {row['provider_status']}")
            if column is Columns.PRODUCTS:
                return tooltip(products_text(row["provider"], row["products"] or ""))
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column is Columns.STATUS:
            tone = STATUS_TONES.get(row["status"])
            return colour(tone) if tone is not None else None
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
            return status_label(row["status"], row["provider"], row["provider_status"])
        if column is Columns.CREATED:
            return (row["created_at"] or "").replace("T", " ").rstrip("Z")[:16]
        if column is Columns.PRODUCTS:
            return products_text(row["provider"], row["products"] or "")
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
        self._sort = sort_for(key, descending=order == Qt.SortOrder.DescendingOrder)
        self._blocks.clear()
        self.endResetModel()

    @property
    def order_sort(self) -> Sort:
        return self._sort

    def close(self) -> None:
        self._conn.close()
