"""Read-side queries over the order cache, shared by the window's list model and the CLI.

Every page is read by keyset on (sort key, id): the cost of a page does not grow with its depth.
The window's reader thread keeps keyset anchors (`sort_keys`: the key of every 200th row) so a
scrollbar jump is a keyset read too; it reads by OFFSET only until the anchors are built.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from fulfildesk.domain.vocabulary import products_text, provider_name, status_name

LIST_COLUMNS = (
    "id",
    "provider",
    "provider_order_id",
    "status",
    "provider_status",
    "created_at",
    "updated_at",
    "player_id",
    "email",
    "establishment",
    "products",
    "total",
    "currency",
    "tracking_number",
    "reference",
    "dispatch_id",
)

#: a search shows at most this many matches (the most recently cached); the window says so
SEARCH_LIMIT = 10_000

#: sort name -> SQL expression (each has an index ending in id, same text: the planner matches
#: an expression index by its text). Totals sort within their currency: the currency is part of
#: the key (every EUR total in order, then every USD total...), never mixing amounts.
SORTS = {
    "created": "created_at",
    "total": "printf('%-3s%020.4f', COALESCE(currency, ''), COALESCE(CAST(total AS REAL), -1.0))",
    "status": "status",
    "provider": "provider",
}


@dataclass(frozen=True)
class OrderFilter:
    providers: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    search: str = ""
    #: ISO timestamps (UTC), inclusive bounds on created_at
    date_from: str | None = None
    date_to: str | None = None
    establishment: str | None = None
    #: only orders with this tag (issue 14); "tag:NAME" or "#NAME" in the search does the same
    tag: str | None = None

    @property
    def text_search(self) -> str:
        """The search's words matched in the text: tag words ("tag:x", "#x") are filters."""
        return tags_in(self.search)[1].strip() if self.search else ""

    @property
    def search_only(self) -> bool:
        """Nothing but a text search narrows the view."""
        return bool(self.text_search) and not (
            self.providers
            or self.statuses
            or self.date_from
            or self.date_to
            or self.establishment
            or self.tag
            or tags_in(self.search)[0]
        )

    def where(self, ids: str | None = None) -> tuple[str, list[Any]]:
        """The WHERE clause and its arguments. `ids`: the search's matches already read
        (`match_ids`, as a JSON array), so the full-text match is not evaluated again."""
        clauses: list[str] = []
        args: list[Any] = []
        wanted, search = tags_in(self.search)
        for tag in [*([self.tag] if self.tag else []), *wanted]:
            clauses.append(
                "EXISTS (SELECT 1 FROM order_tags AS t WHERE t.provider = orders.provider AND "
                "t.provider_order_id = orders.provider_order_id AND t.tag = ?)"
            )
            args.append(tag.strip().lstrip("#").lower())
        if self.providers:
            clauses.append(f"provider IN ({', '.join('?' for _ in self.providers)})")
            args.extend(self.providers)
        if self.statuses:
            clauses.append(f"status IN ({', '.join('?' for _ in self.statuses)})")
            args.extend(self.statuses)
        if self.date_from:
            clauses.append("created_at >= ?")
            args.append(self.date_from)
        if self.date_to:
            clauses.append("created_at <= ?")
            args.append(self.date_to)
        if self.establishment:
            clauses.append("establishment = ?")
            args.append(self.establishment)
        match = fts_query(search)
        if match and ids is not None:
            clauses.append("id IN (SELECT value FROM json_each(?))")
            args.append(ids)
        elif match:
            # the SEARCH_LIMIT most recently cached matches: the cost of a search does not
            # grow with the cache (FTS5 reads its doclists newest-first for ORDER BY rowid DESC)
            clauses.append(
                "id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ? "
                "ORDER BY rowid DESC LIMIT ?)"
            )
            args.extend([match, SEARCH_LIMIT])
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), args


TAG_WORD = re.compile(r"(?:^|\s)(?:tag:|#)([\w-]{1,40})", re.UNICODE)


def tags_in(text: str) -> tuple[list[str], str]:
    """The tags a search names ("tag:urgent", "#urgent") and the rest of its words."""
    found = [t.lower() for t in TAG_WORD.findall(text[:SEARCH_MAX_CHARS])]
    return found, TAG_WORD.sub(" ", text) if found else text


@dataclass(frozen=True)
class Sort:
    key: str = "created"
    descending: bool = True

    @property
    def expression(self) -> str:
        return SORTS[self.key]

    def order_by(self) -> str:
        direction = "DESC" if self.descending else "ASC"
        return f"{self.expression} {direction}, id {direction}"

    def after(self) -> str:
        """The keyset condition for rows after (value, id) in this order."""
        op = "<" if self.descending else ">"
        return f"({self.expression}, id) {op} (?, ?)"

    def key_of(self, row: dict[str, Any]) -> tuple[Any, int]:
        """The row's value of the sort expression (NULL-free, like the SQL)."""
        value: Any = row[{"created": "created_at"}.get(self.key, self.key)]
        if self.key == "total":  # printf('%-3s%020.4f', currency, total) as in SORTS
            total = float(value) if value is not None else -1.0
            return f"{row['currency'] or '':<3}{total:020.4f}", row["id"]
        return value, row["id"]


#: what a search reads of what was typed: at most this many characters, words, and characters
#: per word (a pasted page must not become a query that takes the cache down)
SEARCH_MAX_CHARS = 500
SEARCH_MAX_WORDS = 12
SEARCH_MAX_WORD_CHARS = 64


def capped_words(text: str) -> list[str]:
    """The words of a search, capped (SEARCH_MAX_CHARS, SEARCH_MAX_WORDS, SEARCH_MAX_WORD_CHARS)."""
    found = re.findall(r"[\w-]+", text[:SEARCH_MAX_CHARS], flags=re.UNICODE)
    words = [w.strip("-")[:SEARCH_MAX_WORD_CHARS] for w in found]
    return [w for w in words if w][:SEARCH_MAX_WORDS]


def fts_query(text: str) -> str:
    """Turn what a person typed into a safe FTS5 query: every word, as a prefix.

    A dash is part of a word (the index is built with tokenchars '-'), so a pasted reference,
    PO number or UUID is one token and is found at once, whatever the size of the cache.
    """
    return " ".join(f'"{w}"*' for w in capped_words(text))


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def match_ids(conn: sqlite3.Connection, search: str) -> list[int]:
    """The ids of a search's matches (the SEARCH_LIMIT most recently cached), newest first: the
    full-text match evaluated once, for the first page, the count, the blocks and the anchors.
    Tag words ("tag:urgent", "#urgent") are filters, not text to match."""
    match = fts_query(tags_in(search)[1])
    if not match:
        return []
    cursor = conn.execute(
        "SELECT rowid FROM orders_fts WHERE orders_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
        [match, SEARCH_LIMIT],
    )
    return [r[0] for r in cursor]


def ids_json(ids: list[int]) -> str:
    return "[" + ",".join(map(str, ids)) + "]"


#: sort name -> the index that walks the whole list in that order (for `scan_index`)
SORT_INDEXES = {
    "created": "idx_orders_created",
    "status": "idx_orders_status_sort",
    "total": "idx_orders_total_currency",
}

#: what reading one match's row costs, in microseconds: about 2 when its page is in memory,
#: 50-100 when it comes from disk (a cache not read since the machine started; measured at 1M:
#: sorting 2,246 matches took 6 ms warm and 103-133 ms cold); 20 weighs both
ROW_READ_US = 20.0
#: one step along a sort index (its pages are read in order, 130 entries to a page)
INDEX_STEP_US = 0.25
#: the rows of the first page a search shows (the window reads blocks of 100)
FIRST_PAGE_ROWS = 100


def scan_index(conn: sqlite3.Connection, filt: OrderFilter, sort: Sort, matches: int) -> str | None:
    """The sort's index when walking it (and probing the matches) beats sorting the matches.

    A first page of a search over `matches` of the cache's N rows either reads every match's
    row and sorts them (matches * ROW_READ_US) or walks the sort index until 200 matches have
    passed and reads those 200 rows (200 * N / matches * INDEX_STEP_US + 200 * ROW_READ_US).
    SQLite does not know how many rows the match gives, so it always picks the first. Measured
    at 1M: 2,246 matches sorted 6 ms warm / 103-133 ms cold, walked 19 ms warm / 54-69 ms
    cold; 10,000 matches sorted 15-25 ms warm / 226-417 ms cold, walked 7-9 / 17-32 ms.
    """
    index = SORT_INDEXES.get(sort.key)
    if index is None or not filt.search_only or not matches:
        return None
    total = conn.execute("SELECT max(rowid) FROM orders").fetchone()[0] or 0
    sort_cost = matches * ROW_READ_US
    walk_cost = FIRST_PAGE_ROWS * (total / matches * INDEX_STEP_US + ROW_READ_US)
    return index if walk_cost < sort_cost else None


def count_orders(conn: sqlite3.Connection, filt: OrderFilter, *, ids: str | None = None) -> int:
    where, args = filt.where(ids)
    count = conn.execute(f"SELECT count(*) FROM orders{where}", args).fetchone()[0]  # noqa: S608
    return int(count)


def query_orders(
    conn: sqlite3.Connection,
    filt: OrderFilter,
    *,
    limit: int = 200,
    offset: int = 0,
    after: tuple[Any, int] | None = None,
    sort: Sort | None = None,
    ids: str | None = None,
    index: str | None = None,
) -> list[dict[str, Any]]:
    """One page in `sort` order. `after` is the key of the last row already read.

    A NULL sort value (an order without a total, say) is kept out of keyset comparisons by
    reading those rows by OFFSET; they sort last (first) descending (ascending) in SQLite.
    `ids`: the search's matches already read (see `OrderFilter.where`); `index`: walk this
    index (see `scan_index`).
    """
    sort = sort or Sort()
    where, args = filt.where(ids)
    if after is not None and after[0] is not None:
        where += (" AND " if where else " WHERE ") + sort.after()
        args = [*args, after[0], after[1]]
        offset = 0
    elif after is not None:
        after = None
    sql = (
        f"SELECT {', '.join(LIST_COLUMNS)} FROM orders"  # noqa: S608
        f"{f' INDEXED BY {index}' if index else ''}{where} "
        f"ORDER BY {sort.order_by()} LIMIT ? OFFSET ?"
    )
    return _rows(conn.execute(sql, [*args, limit, offset]))


def sort_keys(
    conn: sqlite3.Connection,
    filt: OrderFilter,
    sort: Sort,
    *,
    limit: int = SEARCH_LIMIT,
    ids: str | None = None,
) -> list[tuple[Any, int]]:
    """The (sort value, id) keys of the first `limit` rows of a view, in order.

    For a search (at most SEARCH_LIMIT rows) one pass is cheaper than stepping: every step
    would evaluate the full-text match again.
    """
    where, args = filt.where(ids)
    sql = (
        f"SELECT {sort.expression}, id FROM orders{where} "  # noqa: S608
        f"ORDER BY {sort.order_by()} LIMIT ?"
    )
    return conn.execute(sql, [*args, limit]).fetchall()


def key_after(
    conn: sqlite3.Connection,
    filt: OrderFilter,
    sort: Sort,
    *,
    after: tuple[Any, int] | None = None,
    skip: int = 199,
) -> tuple[Any, int] | None:
    """The (sort value, id) key of the row `skip` rows past `after` (None past the end).

    The anchor step: SQLite walks the sort index by OFFSET in C and hands one key to Python,
    so anchors for a million rows cost a few hundred milliseconds and little of the GIL.
    """
    where, args = filt.where()
    if after is not None:
        where += (" AND " if where else " WHERE ") + sort.after()
        args = [*args, after[0], after[1]]
    sql = (
        f"SELECT {sort.expression}, id FROM orders{where} "  # noqa: S608
        f"ORDER BY {sort.order_by()} LIMIT 1 OFFSET ?"
    )
    # sqlite3 rows are untyped: this query selects exactly (sort value, id)
    return cast("tuple[Any, int] | None", conn.execute(sql, [*args, skip]).fetchone())


def row_by_id(conn: sqlite3.Connection, row_id: int) -> dict[str, Any] | None:
    """One order's list columns, by its id."""
    found = _rows(
        conn.execute(
            f"SELECT {', '.join(LIST_COLUMNS)} FROM orders WHERE id = ?",  # noqa: S608
            [row_id],
        )
    )
    return found[0] if found else None


def in_view(conn: sqlite3.Connection, filt: OrderFilter, row_id: int) -> bool:
    """Whether the filter shows the order with this id (one look-up by id)."""
    where, args = filt.where()
    found = conn.execute(
        f"SELECT 1 FROM orders{where}{' AND ' if where else ' WHERE '}id = ?",  # noqa: S608
        [*args, row_id],
    ).fetchone()
    return found is not None


def position_of(conn: sqlite3.Connection, filt: OrderFilter, sort: Sort, row_id: int) -> int | None:
    """The row number of an order under a filter and sort, or None if it is filtered out."""
    row = row_by_id(conn, row_id)
    found = [row] if row is not None else []
    if not found:
        return None
    if not in_view(conn, filt, row_id):
        return None
    where, args = filt.where()
    value, _ = sort.key_of(found[0])
    if value is None:
        return None
    op = ">" if sort.descending else "<"
    where += (" AND " if where else " WHERE ") + f"({sort.expression}, id) {op} (?, ?)"
    before = conn.execute(
        f"SELECT count(*) FROM orders{where}",  # noqa: S608
        [*args, value, row_id],
    ).fetchone()[0]
    return int(before)


def rows_between(
    conn: sqlite3.Connection,
    filt: OrderFilter,
    sort: Sort,
    after: tuple[Any, int] | None,
    before: tuple[Any, int],
    *,
    ids: str | None = None,
) -> int:
    """How many rows of a view lie after the key `after` (None: from the top) and before the key
    `before`, in `sort` order: with an anchor for `after`, at most a block's worth, read along
    the sort's index (how the window places an order without counting the rows above it)."""
    where, args = filt.where(ids)
    later, earlier = ("<", ">") if sort.descending else (">", "<")
    conditions = [f"({sort.expression}, id) {earlier} (?, ?)"]
    args = [*args, before[0], before[1]]
    if after is not None:
        conditions.append(f"({sort.expression}, id) {later} (?, ?)")
        args += [after[0], after[1]]
    where += (" AND " if where else " WHERE ") + " AND ".join(conditions)
    return int(conn.execute(f"SELECT count(*) FROM orders{where}", args).fetchone()[0])  # noqa: S608


def iter_orders(
    conn: sqlite3.Connection, filt: OrderFilter, sort: Sort | None = None, page: int = 2000
) -> Iterator[dict[str, Any]]:
    """Every row of a filtered view in order, page by page (for export)."""
    sort = sort or Sort()
    after: tuple[Any, int] | None = None
    offset = 0
    while True:
        rows = query_orders(conn, filt, limit=page, after=after, offset=offset, sort=sort)
        yield from rows
        if len(rows) < page:
            return
        key = sort.key_of(rows[-1])
        if key[0] is None:
            offset += page
        else:
            after = key


def establishments(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT establishment FROM orders WHERE establishment IS NOT NULL "
            "ORDER BY establishment"
        )
    ]


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


def known_players(conn: sqlite3.Connection, provider: str) -> list[str]:
    """Players the console has orders of at a provider (what per-player sync can fetch)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT player_id FROM orders WHERE provider = ? AND player_id IS NOT NULL",
            [provider],
        )
    ]


EXPORT_COLUMNS = (
    "provider",
    "provider_order_id",
    "status",
    "provider_status",
    "created_at",
    "total",
    "currency",
    "player_id",
    "email",
    "establishment",
    "products",
    "tracking_number",
    "reference",
)


def export_row(row: Any) -> dict[str, Any]:
    """An order row as exports carry it: EXPORT_COLUMNS, with the provider, the status and the
    products in the vocabulary's words (domain/vocabulary.py), as the window shows them; the
    provider's own status code stays in provider_status."""
    out = {c: row[c] for c in EXPORT_COLUMNS}
    provider = str(row["provider"] or "")
    out["provider"] = provider_name(provider)
    out["status"] = status_name(str(row["status"] or ""), provider, row["provider_status"] or "")
    out["products"] = products_text(provider, row["products"] or "") or row["products"]
    return out


def write_csv(handle: Any, rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> int:
    """Write rows as CSV with EXPORT_COLUMNS (empty cells for missing values); return the count."""
    import csv

    writer = csv.writer(handle)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for row in rows:
        out = export_row(row)
        writer.writerow([out[c] if out[c] is not None else "" for c in EXPORT_COLUMNS])
        count += 1
    return count
