"""Issue 14 (operations): saved views, provider health samples and the operator of each journal
entry. Migrations are appended to the cache and journal sets of `store.schema` (this module is
imported at its end); the functions take a `Store` so services call them with `store.run`.

- `saved_views` (cache): a named filter, sort and search of the order list (JSON).
- `provider_health` (cache): one row per provider and minute: requests, errors, the summed and
  the sampled latencies (at most HEALTH_SAMPLES_PER_MINUTE); rows older than a day are dropped.
- `journal.operator` (journal): who created each entry (copied from the payload's `operator`
  by a trigger, so every writer of the journal fills it).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from fulfildesk.store.schema import journal_migrations, migrations

if TYPE_CHECKING:
    from fulfildesk.store.db import Store

#: latencies kept per provider and minute (enough for a p95 over an hour or a day)
HEALTH_SAMPLES_PER_MINUTE = 60


@migrations()
def m100_ops_saved_views_and_health(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE saved_views (
            name TEXT PRIMARY KEY,
            query TEXT NOT NULL,
            operator TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE provider_health (
            provider TEXT NOT NULL,
            minute TEXT NOT NULL,
            requests INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            latency_sum REAL NOT NULL,
            samples TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (provider, minute)
        )
        """
    )


@journal_migrations()
def j100_ops_journal_operator(db: Database) -> None:
    db.execute("ALTER TABLE journal ADD COLUMN operator TEXT NOT NULL DEFAULT ''")
    db.execute(
        "UPDATE journal SET operator = COALESCE(json_extract(payload, '$.operator'), '') "
        "WHERE json_valid(payload)"
    )
    db.execute(
        """
        CREATE TRIGGER journal_operator AFTER INSERT ON journal
        WHEN NEW.operator = '' AND json_valid(NEW.payload)
        BEGIN
            UPDATE journal SET operator = COALESCE(json_extract(NEW.payload, '$.operator'), '')
            WHERE operation_id = NEW.operation_id;
        END
        """
    )


# ---------------------------------------------------------------------- saved views


def saved_views(store: Store) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT name, query, operator, updated_at FROM saved_views ORDER BY name COLLATE NOCASE"
    ).fetchall()
    views = []
    for name, query, operator, updated_at in rows:
        try:
            state = json.loads(query)
        except ValueError:
            continue
        if isinstance(state, dict):
            views.append({"name": name, "query": state, "operator": operator, "at": updated_at})
    return views


def save_view(store: Store, name: str, query: dict[str, Any], operator: str, at: str) -> None:
    with store.db.atomic():
        store.db.execute(
            "INSERT INTO saved_views (name, query, operator, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET query = excluded.query, "
            "operator = excluded.operator, updated_at = excluded.updated_at",
            [name, json.dumps(query, sort_keys=True), operator, at],
        )


def delete_view(store: Store, name: str) -> None:
    with store.db.atomic():
        store.db.execute("DELETE FROM saved_views WHERE name = ?", [name])


# ---------------------------------------------------------------------- provider health


def add_health(store: Store, buckets: list[dict[str, Any]], oldest: str) -> None:
    """Merge per-minute buckets (provider, minute, requests, errors, latency_sum, samples) and
    drop the rows older than `oldest` (a minute text): the table stays a day long."""
    with store.db.atomic():
        for b in buckets:
            row = store.db.execute(
                "SELECT requests, errors, latency_sum, samples FROM provider_health "
                "WHERE provider = ? AND minute = ?",
                [b["provider"], b["minute"]],
            ).fetchone()
            samples = list(b["samples"])
            requests, errors, latency = b["requests"], b["errors"], b["latency_sum"]
            if row is not None:
                requests += row[0]
                errors += row[1]
                latency += row[2]
                try:
                    samples = [*json.loads(row[3]), *samples]
                except ValueError:
                    pass
            store.db.execute(
                "INSERT OR REPLACE INTO provider_health "
                "(provider, minute, requests, errors, latency_sum, samples) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    b["provider"],
                    b["minute"],
                    requests,
                    errors,
                    latency,
                    json.dumps([round(float(s), 1) for s in samples[-HEALTH_SAMPLES_PER_MINUTE:]]),
                ],
            )
        store.db.execute("DELETE FROM provider_health WHERE minute < ?", [oldest])


def health_rows(store: Store, since: str) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT provider, minute, requests, errors, latency_sum, samples FROM provider_health "
        "WHERE minute >= ? ORDER BY minute",
        [since],
    ).fetchall()
    out = []
    for provider, minute, requests, errors, latency, samples in rows:
        try:
            values = [float(s) for s in json.loads(samples)]
        except (ValueError, TypeError):
            values = []
        out.append(
            {
                "provider": provider,
                "minute": minute,
                "requests": int(requests),
                "errors": int(errors),
                "latency_sum": float(latency),
                "samples": values,
            }
        )
    return out


def journal_operators(store: Store) -> dict[str, str]:
    """operation id -> operator (the journal's own column)."""
    rows = store.journal_db.execute("SELECT operation_id, operator FROM journal").fetchall()
    return {r[0]: r[1] for r in rows}
