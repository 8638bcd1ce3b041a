"""Notes and tags on orders in the cache (issue 14, item 5). Functions over a `Store`, called
on its thread: `await store.run(add_note, provider, order_id, operator, body)`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fulfildesk.store.db import Store, ts_precise

MAX_NOTE = 4000
MAX_TAG = 40
TONES = ("info", "good", "warn", "bad", "hint")


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, lower case, inner spaces as dashes, at most MAX_TAG."""
    return "-".join(tag.strip().lstrip("#").lower().split())[:MAX_TAG]


def add_note(s: Store, provider: str, order_id: str, operator: str, body: str) -> dict[str, Any]:
    body = body.strip()[:MAX_NOTE]
    if not body:
        raise ValueError("Write the note first.")
    at = ts_precise()
    with s.db.conn:
        cur = s.db.conn.execute(
            "INSERT INTO order_notes (provider, provider_order_id, at, operator, body)"
            " VALUES (?, ?, ?, ?, ?)",
            [provider, order_id, at, operator, body],
        )
    return {"id": cur.lastrowid, "at": at, "operator": operator, "body": body, "seat": ""}


def notes(s: Store, provider: str, order_id: str) -> list[dict[str, Any]]:
    return list(
        s.db.query(
            "SELECT id, at, operator, body, '' AS seat FROM order_notes WHERE provider = ? AND "
            "provider_order_id = ? ORDER BY id",
            [provider, order_id],
        )
    )


def add_tag(
    s: Store, provider: str, order_id: str, operator: str, tag: str, tone: str = "info"
) -> str:
    name = clean_tag(tag)
    if not name:
        raise ValueError("Type the tag's name.")
    tone = tone if tone in TONES else "info"
    with s.db.conn:
        s.db.conn.execute(
            "INSERT INTO order_tags (provider, provider_order_id, tag, tone, operator, at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (provider, provider_order_id, tag)"
            " DO UPDATE SET tone = excluded.tone",
            [provider, order_id, name, tone, operator, ts_precise()],
        )
    return name


def remove_tag(s: Store, provider: str, order_id: str, tag: str) -> None:
    with s.db.conn:
        s.db.conn.execute(
            "DELETE FROM order_tags WHERE provider = ? AND provider_order_id = ? AND tag = ?",
            [provider, order_id, clean_tag(tag)],
        )


def tags(s: Store, provider: str, order_id: str) -> list[tuple[str, str]]:
    """(tag, tone) of one order, by name."""
    return [
        (r["tag"], r["tone"])
        for r in s.db.query(
            "SELECT tag, tone FROM order_tags WHERE provider = ? AND provider_order_id = ? "
            "ORDER BY tag",
            [provider, order_id],
        )
    ]


def all_tags(s: Store) -> list[tuple[str, str]]:
    """Every tag in use with its colour (the filter's list)."""
    return [
        (r["tag"], r["tone"])
        for r in s.db.query(
            "SELECT tag, max(tone) AS tone FROM order_tags GROUP BY tag ORDER BY tag"
        )
    ]


def annotate(s: Store, rows: Any) -> Any:
    """Rows of an export with each order's tags and notes (oldest first) added."""
    for row in rows:
        key = [row["provider"], row["provider_order_id"]]
        row["tags"] = " ".join(t for t, _tone in tags(s, *key))
        row["notes"] = " | ".join(
            f"{n['at'][:16].replace('T', ' ')} {n['operator']}: {n['body']}" for n in notes(s, *key)
        )
        yield row


def export_with_annotations(s: Store, path: Path | str, filt: Any, sort: Any) -> int:
    """The view as CSV, like `Store.export_orders_csv`, with `tags` and `notes` columns."""
    import csv

    from fulfildesk.store.queries import EXPORT_COLUMNS, export_row, iter_orders

    columns = [*EXPORT_COLUMNS, "tags", "notes"]
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in annotate(s, iter_orders(s.db.conn, filt, sort)):
            # the vocabulary's words, as the window (and `fulfildesk export`) write them
            out = export_row(row) | {"tags": row.get("tags"), "notes": row.get("notes")}
            writer.writerow([out[c] if out[c] is not None else "" for c in columns])
            count += 1
    return count
