"""The sandbox's own SQLite file: state that survives a restart of `fulfildesk sandbox`."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, time
from pathlib import Path


class SandboxDB:
    def __init__(self, data_dir: Path | None) -> None:
        if data_dir is None:
            target = ":memory:"
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            target = str(data_dir / "sandbox.sqlite")
        self.conn = sqlite3.connect(target, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        if target != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")

    def close(self) -> None:
        self.conn.close()


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(value: datetime) -> str:
    """Stored form: fixed width, microseconds, sorts as text (2018-10-31T11:31:13.000000+00:00)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def wire_time(stored: str | None) -> str | None:
    """Seed 003 style on the wire: 2018-10-31T11:31:13+00:00."""
    if stored is None:
        return None
    return datetime.fromisoformat(stored).astimezone(UTC).isoformat(timespec="seconds")


def parse_when(text: str, *, end_of_day: bool = False) -> datetime:
    text = text.strip()
    if len(text) == 10:  # a bare date
        day = datetime.fromisoformat(text)
        return datetime.combine(day.date(), time.max if end_of_day else time.min, tzinfo=UTC)
    # an unencoded "+" in a query string arrives as a space: 2018-11-13T10:00:00 00:00
    text = re.sub(r"(T\d\d:\d\d(?::\d\d)?(?:\.\d+)?) (\d\d:?\d\d)$", r"\1+\2", text)
    value = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    return value if value.tzinfo else value.replace(tzinfo=UTC)
