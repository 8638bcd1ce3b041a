"""The order list as a Qt model that reads the cache a window of rows at a time.

Nothing slow runs on the GUI thread: the model asks its reader thread (`reader.py`) for the
first block, the count, the blocks the view paints and keyset anchors, and shows each as it
arrives. A filter or sort change starts a new generation: the model empties at once (it never
shows rows of an old filter), paints the first block when it is read and fills in the count when
it arrives; anything read for an older generation is dropped.

Rows are kept in blocks of BLOCK rows, read by keyset after the previous block or after the
block's anchor (constant time at any depth), by OFFSET only until the anchors are built. At most
MAX_BLOCKS blocks stay in memory, so memory does not grow with the size of the cache.
"""

from __future__ import annotations

import enum
import sqlite3
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from fulfildesk.domain.enums import OrderStatus
from fulfildesk.store.queries import (
    OrderFilter,
    Sort,
    in_view,
    position_of,
    query_orders,
    row_by_id,
    rows_between,
)
from fulfildesk.ui.i18n import QT_TRANSLATE_NOOP, money, when
from fulfildesk.ui.models.reader import BLOCK, Hook, Key, OrderReader
from fulfildesk.ui.text import tooltip
from fulfildesk.ui.theme import Tone, colour
from fulfildesk.ui.vocabulary import PROVIDER_NAMES, products_text, status_name

MAX_BLOCKS = 24  # 2,400 rows: several screens either side of any viewport
#: a view this small is counted on the GUI thread to place an order (a few ms); a bigger one
#: waits for its anchors (counting up to a million rows there froze the window 0.1-0.8 s)
FIND_BY_COUNTING = 20_000

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
    Columns.PROVIDER: QT_TRANSLATE_NOOP("orders", "Provider"),
    Columns.ORDER: QT_TRANSLATE_NOOP("orders", "Order"),
    Columns.STATUS: QT_TRANSLATE_NOOP("orders", "Status"),
    Columns.CREATED: QT_TRANSLATE_NOOP("orders", "Created (UTC)"),
    Columns.PRODUCTS: QT_TRANSLATE_NOOP("orders", "Products"),
    Columns.TOTAL: QT_TRANSLATE_NOOP("orders", "Total"),
    Columns.PLAYER: QT_TRANSLATE_NOOP("orders", "Player"),
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


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _FOREGROUND, _ALIGNMENT, _USER))
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection (WAL lets it read while the store writes)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only=ON")
    return conn


def status_label(status: str, provider: str = "", provider_status: str = "") -> str:
    return status_name(status, provider, provider_status)


def sort_for(key: str, descending: bool) -> Sort:
    """Totals sort within their currency (`queries.SORTS`), in SQL and in the keyset alike."""
    return Sort(key, descending)


class OrdersModel(QAbstractTableModel):
    #: the count of the current view arrived (rowCount is now exact)
    settled = Signal()
    #: the current view's keyset anchors are read: `find` is cheap from now on
    anchorsReady = Signal()
    #: a block of rows of the current view arrived and is shown (block number)
    blockShown = Signal(int)

    def __init__(self, db_path: Path, parent: Any = None, *, reader_hook: Hook | None = None):
        super().__init__(parent)
        # for the few callers that need a row now (selection, find); painting never uses it
        self._conn = open_reader(db_path)
        self._reader = OrderReader(db_path, self, hook=reader_hook)
        self._reader.pageRead.connect(self._on_page)
        self._reader.counted.connect(self._on_count)
        self._reader.anchored.connect(self._on_anchors)
        self._filter = OrderFilter()
        self._sort = Sort()
        self._generation = 0
        self._count = 0
        self._count_known = False
        self._blocks: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        #: blocks of the previous generation of the *same* view, shown while a refresh reads
        self._stale: dict[int, list[dict[str, Any]]] = {}
        self._anchors: list[Key | None] = [None]
        self._anchors_done = False
        self._wanted: set[int] = set()
        self._ask = QTimer(self)
        self._ask.setSingleShot(True)
        self._ask.setInterval(0)
        self._ask.timeout.connect(self._send_wanted)
        self._open(keep_rows=False)
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
            return QCoreApplication.translate("orders", HEADERS[Columns(section)])
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and 0 <= section < len(Columns)
        ):
            column = Columns(section)
            if column not in SORT_KEYS:
                return tooltip(
                    self.tr("{0}: the list does not sort by this column.").format(
                        QCoreApplication.translate("orders", HEADERS[column])
                    )
                )
            if column is Columns.TOTAL:
                return tooltip(
                    self.tr(
                        "Click to sort by total, within each currency (totals in different "
                        "currencies are never compared)."
                    )
                )
            return tooltip(
                self.tr("Click to sort by {0}.").format(
                    QCoreApplication.translate("orders", HEADERS[column]).lower()
                )
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # called for every role of every visible cell on each paint: return early and cheaply
        if role not in _ROLES:
            return None
        number = index.row()
        if not (0 <= number < self._count):
            return None
        row = self._cached(number)
        if row is None:
            return None
        column = index.column()
        if role == _DISPLAY:
            shown = row.get("_display")
            if shown is None:
                shown = row["_display"] = tuple(self._display(row, c) for c in Columns)
            if column == Columns.ORDER and self.markers:  # team mode: who holds the order
                marker = self.markers.get((row["provider"], row["provider_order_id"]))
                if marker:
                    return f"{shown[column]}  {marker}"
            return shown[column] if 0 <= column < len(shown) else None
        if role == _TOOLTIP:
            if column == Columns.STATUS:
                try:
                    explanation = OrderStatus(row["status"]).explanation
                except ValueError:
                    explanation = ""
                return tooltip(
                    self.tr("{explanation}\nProvider status: {0}").format(
                        row["provider_status"], explanation=explanation
                    )
                )
            if column == Columns.PRODUCTS:
                return tooltip(products_text(row["provider"], row["products"] or ""))
            return None
        if role == _FOREGROUND:
            if column != Columns.STATUS:
                return None
            tone = STATUS_TONES.get(row["status"])
            return colour(tone) if tone is not None else None
        if role == _ALIGNMENT:
            return _RIGHT if column == Columns.TOTAL else None
        if role == _USER:
            return row
        if column == Columns.STATUS:  # the tooltip
            try:
                explanation = OrderStatus(row["status"]).explanation
            except ValueError:
                explanation = ""
            return tooltip(
                self.tr("{explanation}\nProvider status: {0}").format(
                    row["provider_status"], explanation=explanation
                )
            )
        if column == Columns.PRODUCTS:
            return tooltip(row["products"] or "")
        return None

    @staticmethod
    def _display(row: dict[str, Any], column: Columns) -> str:
        if column is Columns.PROVIDER:
            provider: str = row["provider"]
            return PROVIDER_SHORT.get(provider, provider)
        if column is Columns.ORDER:
            order_id: str = row["provider_order_id"]
            return order_id
        if column is Columns.STATUS:
            return status_label(row["status"], row["provider"], row["provider_status"])
        if column is Columns.CREATED:
            return when(row["created_at"])
        if column is Columns.PRODUCTS:
            return products_text(row["provider"], row["products"] or "")
        if column is Columns.TOTAL:
            if row["total"] is None:
                return ""
            return money(Decimal(row["total"]), row["currency"])
        if column is Columns.PLAYER:
            return row["player_id"] or ""
        return ""

    # ---------------------------------------------------------------- what the view paints

    def _cached(self, number: int) -> dict[str, Any] | None:
        """The row if its block is here; otherwise ask the reader for it (never reads here)."""
        block_no, offset = divmod(number, BLOCK)
        block = self._blocks.get(block_no)
        if block is None:
            if block_no not in self._wanted:
                self._wanted.add(block_no)
                if not self._ask.isActive():
                    self._ask.start()
            block = self._stale.get(block_no)
            if block is None:
                return None
        return block[offset] if offset < len(block) else None

    def _hint(self, block_no: int) -> Key | None:
        """The key to read a block after: the previous block's last row, or the block's anchor."""
        previous = self._blocks.get(block_no - 1)
        if previous and len(previous) == BLOCK:
            return self._sort.key_of(previous[-1])
        if block_no < len(self._anchors):
            return self._anchors[block_no]
        return None

    def _send_wanted(self) -> None:
        wanted = {b: self._hint(b) for b in self._wanted if b not in self._blocks}
        self._wanted.clear()
        if wanted:
            self._reader.want(self._generation, wanted)

    def _on_page(self, generation: int, block_no: int, rows: list[dict[str, Any]]) -> None:
        if generation != self._generation:
            return  # read for a view the window no longer shows
        self._store(block_no, rows)
        if not self._count_known and block_no == 0 and len(rows) > self._count:
            self._resize(len(rows))  # paint the first block before the count is known
        top = block_no * BLOCK
        bottom = min(top + len(rows), self._count) - 1
        if bottom >= top:
            self.dataChanged.emit(self.index(top, 0), self.index(bottom, len(Columns) - 1))
        self.blockShown.emit(block_no)

    def _on_count(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return
        self._resize(count)
        self._count_known = True
        self.settled.emit()

    def _on_anchors(self, generation: int, anchors: list[Key | None]) -> None:
        if generation == self._generation:
            self._anchors = anchors
            self._anchors_done = True
            self.anchorsReady.emit()

    def _resize(self, count: int) -> None:
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()
        elif count < self._count:
            self.beginRemoveRows(QModelIndex(), count, self._count - 1)
            self._count = count
            self.endRemoveRows()

    def _store(self, block_no: int, rows: list[dict[str, Any]]) -> None:
        self._blocks[block_no] = rows
        self._blocks.move_to_end(block_no)
        self._stale.pop(block_no, None)
        while len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)

    def _open(self, *, keep_rows: bool) -> None:
        """Start a new generation: the reader reads the view's first block, count, anchors."""
        self._generation += 1
        self._count_known = False
        self._anchors = [None]
        self._anchors_done = False
        self._wanted.clear()
        if keep_rows:  # same filter and sort: show the rows read so far until fresh ones come
            self._stale.update(self._blocks)
            while len(self._stale) > MAX_BLOCKS:
                self._stale.pop(next(iter(self._stale)))
            self._blocks.clear()
        else:
            self.beginResetModel()
            self._blocks.clear()
            self._stale.clear()
            self._count = 0
            self.endResetModel()
        self._reader.open(self._generation, self._filter, self._sort)

    # ---------------------------------------------------------------- for callers

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def count_known(self) -> bool:
        """True once the current view's count arrived (rowCount is then exact)."""
        return self._count_known

    @property
    def first_page_shown(self) -> bool:
        """The current view's first rows are here (or it has none)."""
        return 0 in self._blocks or (self._count_known and self._count == 0)

    @property
    def reader(self) -> OrderReader:
        return self._reader

    def row(self, number: int) -> dict[str, Any] | None:
        """The row at `number` now: from memory, else read here (selection, find, tests).

        Painting never calls this; it uses what the reader thread delivered.
        """
        if not (0 <= number < self._count):
            return None
        block_no, offset = divmod(number, BLOCK)
        block = self._blocks.get(block_no)
        if block is None:
            block = query_orders(
                self._conn,
                self._filter,
                limit=BLOCK,
                sort=self._sort,
                after=self._hint(block_no),
                offset=block_no * BLOCK,
            )
            self._store(block_no, block)
        return block[offset] if offset < len(block) else None

    @property
    def cached_blocks(self) -> int:
        return len(self._blocks)

    def set_filter(self, filt: OrderFilter) -> None:
        self._filter = filt
        self._open(keep_rows=False)

    @property
    def order_filter(self) -> OrderFilter:
        return self._filter

    def refresh(self) -> None:
        """Read the same view again (after a sync or an operation), keeping what is shown."""
        self._open(keep_rows=True)

    @property
    def locates_quickly(self) -> bool:
        """`find` costs a block's worth of index steps (the view's anchors are read), or the view
        is small; else it counts every row above the order, on the calling (GUI) thread."""
        small = self._count_known and self._count <= FIND_BY_COUNTING
        return small or (self._anchors_done and not self._filter.text_search)

    def find(self, provider: str, order_id: str) -> int | None:
        """The row number of an order under the current filter and sort, if it is there."""
        found = self._conn.execute(
            "SELECT id FROM orders WHERE provider = ? AND provider_order_id = ?",
            [provider, order_id],
        ).fetchone()
        if not found:
            return None
        if self._anchors_done and not self._filter.text_search:
            position = self._position_by_anchors(found[0])
        else:
            position = position_of(self._conn, self._filter, self._sort, found[0])
        if position is None or position >= self._count:
            return None
        row = self.row(position)
        if row and row["provider"] == provider and row["provider_order_id"] == order_id:
            return position
        return None

    def _position_by_anchors(self, row_id: int) -> int | None:
        """The row number of `row_id` from the anchors: the blocks wholly above it, found by
        bisecting the anchors' keys, then the rows of its block above it (at most BLOCK)."""
        row = row_by_id(self._conn, row_id)
        if row is None:
            return None
        if not in_view(self._conn, self._filter, row_id):
            return None
        target = self._sort.key_of(row)
        keys = self._anchors[1:]  # keys[b]: the last row of block b
        descending = self._sort.descending
        low, high = 0, len(keys)
        while low < high:  # the number of blocks wholly above the target
            middle = (low + high) // 2
            key = keys[middle]
            above = key is not None and (key > target if descending else key < target)
            if above:
                low = middle + 1
            else:
                high = middle
        after = keys[low - 1] if low else None
        return low * BLOCK + rows_between(self._conn, self._filter, self._sort, after, target)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(Columns(column)) if 0 <= column < len(Columns) else None
        if key is None:
            return
        wanted = sort_for(key, descending=order == Qt.SortOrder.DescendingOrder)
        if wanted == self._sort:
            return
        self._sort = wanted
        self._open(keep_rows=False)

    @property
    def order_sort(self) -> Sort:
        return self._sort

    def close(self) -> None:
        self._reader.stop()
        self._conn.close()
