"""The order list's reader thread: every query the list needs, off the GUI thread.

One thread with its own read-only SQLite connection to the cache (WAL lets it read while the
store writes). The window asks for a *view* (filter + sort) under a generation number; the thread
then reads, in this order of priority:

1. the view's first block (so the window paints as soon as it is read); for a search, the
   full-text match is evaluated once, before it, and its ids serve every later query of the
   view (first block, blocks, count, anchors),
2. blocks the view asks for while it scrolls (only the latest request counts),
3. the view's count (the window fills it in when it arrives),
4. keyset anchors: the sort key of the last row of every block, built a chunk at a time (SQLite
   steps BLOCK rows along the sort index and hands back one key), so a jump to any position is
   one keyset read instead of an OFFSET scan.

A newer view supersedes an older one: pending work of the old view is dropped (there is no queue
of obsolete queries), a statement of the old view still running is interrupted
(`sqlite3.Connection.interrupt`), and whatever the thread read for an older generation is never
emitted. The model drops anything that is not of its current generation as well.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from fulfildesk.store.queries import (
    OrderFilter,
    Sort,
    count_orders,
    ids_json,
    key_after,
    match_ids,
    query_orders,
    scan_index,
    sort_keys,
)

log = logging.getLogger(__name__)

#: rows per block, the unit the list reads, keeps and anchors. 100: a block covers a tall
#: window's viewport, and a scrollbar jump into a cache whose rows lie scattered on disk reads
#: half as many pages as with 200 (p95 of a jump at 1M with a cold page cache: 45 -> see
#: docs/performance.md)
BLOCK = 100
#: rows read per anchor-building query (a multiple of BLOCK); between chunks the thread serves
#: block requests and notices a newer view
ANCHOR_CHUNK = 50_000

#: how much lower than the GUI thread the reader runs (Linux nice increment)
READER_NICE = 10
#: anchors start this long after a view opened: the window's paints of a fresh view (its first
#: page, then the count) do not wait for the GIL behind the reader stepping the sort index
#: (GUI lateness during filter changes at 100k, where the count arrives within the first paint)
ANCHOR_DELAY_S = 0.15

Key = tuple[Any, int]
#: called in the reader thread before each query with (generation, kind): tests block on it
Hook = Callable[[int, str], None]


@dataclass
class _View:
    generation: int
    filt: OrderFilter
    sort: Sort
    need_first: bool = True
    need_count: bool = True
    need_anchors: bool = True
    #: block number -> the key to read after (None: use an anchor, else OFFSET)
    blocks: dict[int, Key | None] = field(default_factory=dict)
    #: anchors[b] = the key of the last row of block b - 1 (anchors[0] is None: the top)
    anchors: list[Key | None] = field(default_factory=lambda: [None])
    anchors_done: bool = False
    count: int | None = None
    #: a search's matches (JSON array of ids), read once by the first query of the view
    ids: str | None = None
    matches: int = 0
    opened: float = field(default_factory=time.monotonic)


def _lower_priority() -> None:
    """Let the GUI thread win the CPU over this thread when cores are busy (Linux: per thread).

    On a loaded machine the reader's queries took CPU time from the GUI thread and the event loop
    ran late by as much as a query took; niced, the reader waits instead.
    """
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), READER_NICE)
    except (AttributeError, OSError):  # not Linux, or not allowed: keep the default
        pass


class Superseded(Exception):
    """The view changed while a query of the old one ran."""


class OrderReader(QObject):
    pageRead = Signal(int, int, object)  # generation, block number, rows
    counted = Signal(int, int)  # generation, number of rows in the view
    anchored = Signal(int, object)  # generation, anchors (list of keys, complete)

    def __init__(
        self, db_path: Path, parent: QObject | None = None, *, hook: Hook | None = None
    ) -> None:
        super().__init__(parent)
        self._path = db_path
        self._hook = hook
        self._cond = threading.Condition()
        self._view: _View | None = None
        self._running: int | None = None  # generation of the statement in flight
        self._conn: sqlite3.Connection | None = None
        self._stopping = False
        self.queries: list[tuple[int, str]] = []  # (generation, kind) of every query run
        self._thread = threading.Thread(target=self._run, name="order-reader", daemon=True)
        self._thread.start()

    # ---------------------------------------------------------------- GUI thread API

    def open(self, generation: int, filt: OrderFilter, sort: Sort, *, anchors: bool = True) -> None:
        """Start reading a view; everything pending for an older one is dropped."""
        with self._cond:
            self._view = _View(generation, filt, sort, need_anchors=anchors)
            if self._running is not None and self._running != generation and self._conn:
                self._conn.interrupt()
            self._cond.notify()

    def want(self, generation: int, blocks: dict[int, Key | None]) -> None:
        """Read these blocks of the current view (replacing earlier block requests)."""
        with self._cond:
            view = self._view
            if view is None or view.generation != generation:
                return
            view.blocks = dict(blocks)
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._view = None
            if self._conn is not None and self._running is not None:
                self._conn.interrupt()
            self._cond.notify()
        self._thread.join(timeout=5)

    # ---------------------------------------------------------------- reader thread

    def _run(self) -> None:
        _lower_priority()
        try:
            self._conn = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True)
            self._conn.execute("PRAGMA query_only=ON")
        except sqlite3.Error:
            log.exception("the order list cannot open the cache")
            return
        try:
            while True:
                with self._cond:
                    task = self._next()
                    while task is None and not self._stopping:
                        self._cond.wait(self._idle_wait())
                        task = self._next()
                    if self._stopping:
                        return
                assert task is not None
                view, kind, arg = task
                try:
                    self._do(view, kind, arg)
                except Superseded:
                    pass
                except RuntimeError as exc:
                    # the model went away (window closed) while a read was in flight: stop
                    if "deleted" in str(exc):
                        return
                    raise
                except sqlite3.OperationalError as exc:
                    if "interrupt" not in str(exc):
                        log.exception("order list query failed")
                        self._drop(view, kind, arg)
        finally:
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()

    def _next(self) -> tuple[_View, str, Any] | None:
        """The most urgent work of the current view (under the lock)."""
        view = self._view
        if view is None:
            return None
        if view.need_first:
            return view, "first", None
        if view.blocks:
            block_no = max(view.blocks)  # any order will do: all were asked for by one paint
            return view, "block", (block_no, view.blocks[block_no])
        if view.need_count:
            return view, "count", None
        if view.need_anchors and not view.anchors_done and self._idle_wait() is None:
            return view, "anchors", None
        return None

    def _idle_wait(self) -> float | None:
        """Seconds until the current view's anchors may start (None: now, or nothing to wait
        for)."""
        view = self._view
        if view is None or not view.need_anchors or view.anchors_done:
            return None
        left = view.opened + ANCHOR_DELAY_S - time.monotonic()
        return left if left > 0 else None

    def _drop(self, view: _View, kind: str, arg: Any) -> None:
        """A query failed for another reason than a newer view: do not retry it forever."""
        with self._cond:
            if kind == "first":
                view.need_first = False
            elif kind == "block":
                view.blocks.pop(arg[0], None)
            elif kind == "count":
                view.need_count = False
            elif kind == "anchors":
                view.anchors_done = True

    def _query(self, view: _View, kind: str, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run one query for `view` unless a newer view arrived first."""
        if self._hook is not None:
            self._hook(view.generation, kind)
        with self._cond:
            if self._view is not view:
                raise Superseded
            self._running = view.generation
            self.queries.append((view.generation, kind))
        try:
            assert self._conn is not None
            result = fn(self._conn)
        finally:
            with self._cond:
                self._running = None
        with self._cond:
            if self._view is not view:
                raise Superseded
        return result

    def _do(self, view: _View, kind: str, arg: Any) -> None:
        if kind == "first":
            index = None
            if view.filt.text_search and view.ids is None:
                ids = self._query(view, "match", lambda c: match_ids(c, view.filt.text_search))
                view.ids, view.matches = ids_json(ids), len(ids)
                if view.filt.search_only:  # the count is known already
                    view.count = len(ids)
                index = self._query(
                    view, "plan", lambda c: scan_index(c, view.filt, view.sort, len(ids))
                )
            rows = self._query(
                view,
                kind,
                lambda c: query_orders(
                    c, view.filt, limit=BLOCK, sort=view.sort, ids=view.ids, index=index
                ),
            )
            with self._cond:
                view.need_first = False
                view.blocks.pop(0, None)
            self.pageRead.emit(view.generation, 0, rows)
        elif kind == "block":
            block_no, after = arg
            if after is None and block_no < len(view.anchors):
                after = view.anchors[block_no]
            rows = self._query(
                view,
                kind,
                lambda c: query_orders(
                    c,
                    view.filt,
                    limit=BLOCK,
                    sort=view.sort,
                    after=after,
                    offset=block_no * BLOCK,
                    ids=view.ids,
                ),
            )
            with self._cond:
                view.blocks.pop(block_no, None)
            self.pageRead.emit(view.generation, block_no, rows)
        elif kind == "count":
            if view.count is not None:  # a search's matches, counted when read
                count = view.count
            else:
                count = self._query(view, kind, lambda c: count_orders(c, view.filt, ids=view.ids))
            with self._cond:
                view.need_count = False
                view.count = count
            self.counted.emit(view.generation, count)
        elif kind == "anchors":
            self._anchor_chunk(view)

    def _anchor_chunk(self, view: _View) -> None:
        """Up to ANCHOR_CHUNK rows' worth of anchors, one keyset + OFFSET step per block."""
        if view.filt.text_search:  # at most SEARCH_LIMIT rows: all keys in one pass
            keys = self._query(
                view, "anchors", lambda c: sort_keys(c, view.filt, view.sort, ids=view.ids)
            )
            with self._cond:
                view.anchors = [None, *keys[BLOCK - 1 :: BLOCK]]
                view.anchors_done = True
            self.anchored.emit(view.generation, list(view.anchors))
            return
        found: list[Key] = []
        after = view.anchors[-1]
        done = False

        def steps(conn: sqlite3.Connection) -> None:
            nonlocal after, done
            for _ in range(ANCHOR_CHUNK // BLOCK):
                key = key_after(conn, view.filt, view.sort, after=after, skip=BLOCK - 1)
                if key is None or key[0] is None:  # the end, or a NULL sort value (OFFSET)
                    done = True
                    return
                found.append(key)
                after = key
                with self._cond:
                    if self._view is not view or view.blocks:
                        return  # a newer view, or blocks to read first: come back later

        self._query(view, "anchors", steps)
        with self._cond:
            view.anchors.extend(found)
            view.anchors_done = done
        if done:
            self.anchored.emit(view.generation, list(view.anchors))
