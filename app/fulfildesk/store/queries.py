"""Read-side queries over the order cache, shared by the window's list model and the CLI.

Pages are read by keyset (created_at, id) so any depth costs the same; the window jumps by
OFFSET only when the user drags the scrollbar far past what it has read.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

LIST_COLUMNS = (
    "id",
    "provider",
    "provider_order_id",
    "status",
    "provider_status",
    "created_at",
    "updated_at",
    "player_id",
    "establishment",
    "products",
    "total",
    "currency",
    "tracking_number",
    "reference",
    "dispatch_id",
)


@dataclass(frozen=True)
class OrderFilter:
    providers: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    search: str = ""

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.providers:
            clauses.append(f"provider IN ({', '.join('?' for _ in self.providers)})")
            args.extend(self.providers)
        if self.statuses:
            clauses.append(f"status IN ({', '.join('?' for _ in self.statuses)})")
            args.extend(self.statuses)
        match = fts_query(self.search)
        if match:
            clauses.append("id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?)")
            args.append(match)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), args


def fts_query(text: str) -> str:
    """Turn what a person typed into a safe FTS5 query: every word, as a prefix."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words)


def count_orders(conn: sqlite3.Connection, filt: OrderFilter) -> int:
    where, args = filt.where()
    return conn.execute(f"SELECT count(*) FROM orders{where}", args).fetchone()[0]  # noqa: S608


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def query_orders(
    conn: sqlite3.Connection,
    filt: OrderFilter,
    *,
    limit: int = 200,
    offset: int = 0,
    after: tuple[str, int] | None = None,
) -> list[dict[str, Any]]:
    """Newest first. `after` is the (created_at, id) of the last row already read."""
    where, args = filt.where()
    if after is not None:
        where += (" AND " if where else " WHERE ") + "(created_at, id) < (?, ?)"
        args = [*args, after[0], after[1]]
    sql = (
        f"SELECT {', '.join(LIST_COLUMNS)} FROM orders{where} "  # noqa: S608
        "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"
    )
    return _rows(conn.execute(sql, [*args, limit, 0 if after is not None else offset]))


def orders_with_status(
    conn: sqlite3.Connection, provider: str, provider_statuses: list[str], limit: int = 500
) -> list[dict[str, Any]]:
    """Orders of one provider in the given provider statuses, oldest first (a work queue)."""
    if not provider_statuses:
        return []
    marks = ", ".join("?" for _ in provider_statuses)
    cursor = conn.execute(
        f"SELECT {', '.join(LIST_COLUMNS)} FROM orders WHERE provider = ? AND "  # noqa: S608
        f"provider_status IN ({marks}) ORDER BY created_at, id LIMIT ?",
        [provider, *provider_statuses, limit],
    )
    return _rows(cursor)
