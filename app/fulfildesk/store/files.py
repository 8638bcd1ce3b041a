"""The two SQLite files of a data directory, and keeping them apart.

journal.sqlite  the purchase journal, its events, the encrypted keys and vouchers and the order
                history: irreplaceable. synchronous=FULL, never moved, never rebuilt.
cache.sqlite    orders, their full-text index and sync state: rebuildable from the providers by
                a sync. A cache that is damaged is moved aside (cache.sqlite.damaged-<time>) and
                started again empty; nothing here ever opens, moves or deletes the journal.

An install from before the split kept everything in cache.sqlite. Opening it copies the journal's
tables into journal.sqlite in one transaction, checks that every row arrived (by each table's
key), and only then lets the cache migration drop them from the cache.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from fulfildesk.store.schema import JOURNAL_TABLES, journal_migrations, migrations

log = logging.getLogger(__name__)

CACHE_FILE = "cache.sqlite"
JOURNAL_FILE = "journal.sqlite"
SQLITE_MAGIC = b"SQLite format 3\x00"
#: held (exclusive) while a process opens and migrates the data directory's files
OPEN_LOCK_FILE = ".open.lock"
#: what the console creates in a data directory: readable by the user only
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed and make it readable by the user only."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    with contextlib.suppress(OSError):  # a directory we do not own keeps its mode
        if os.name != "nt" and (path.stat().st_mode & 0o777) != PRIVATE_DIR:
            path.chmod(PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty if absent, owner-only (0600); tighten an existing one. SQLite gives
    the -wal and -shm files it creates the mode of their database, so a database created
    through this stays private with its sidecars."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    os.close(fd)
    with contextlib.suppress(OSError):
        if os.name != "nt":
            for each in [path, *_sidecars(path)]:
                if each.exists() and (each.stat().st_mode & 0o777) != PRIVATE_FILE:
                    each.chmod(PRIVATE_FILE)
    return path


@contextlib.contextmanager
def open_lock(data_dir: Path) -> Iterator[None]:
    """One process at a time opens (creates, migrates) the files of a data directory: a fresh
    data directory opened by two processes at once must not fail with "table already exists"
    or "database is locked". Blocks until the other process has finished opening."""
    private_dir(data_dir)
    fd = os.open(data_dir / OPEN_LOCK_FILE, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


class CacheDamaged(Exception):
    """The cache file cannot be used (the message says why)."""


class JournalUnreadable(Exception):
    """The journal file cannot be opened: nothing is moved or rebuilt, a person must look.
    `advice` says how to recover it (SQLite's .recover into a new file)."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path

    @property
    def advice(self) -> str:
        return recover_advice(self.path) if self.path else str(self)


class DiskFull(Exception):
    """The disk holding the data directory is full. Whatever was committed before is kept; the
    write that failed was rolled back whole. The message names the data directory."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(disk_full_advice(data_dir))
        self.data_dir = data_dir


def journal_path_for(cache_path: Path) -> Path:
    """journal.sqlite beside cache.sqlite; `<name>.journal.sqlite` beside any other cache name."""
    if cache_path.name == CACHE_FILE:
        return cache_path.with_name(JOURNAL_FILE)
    return cache_path.with_name(f"{cache_path.stem}.journal{cache_path.suffix or '.sqlite'}")


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def header_problem(path: Path) -> str | None:
    """A cheap look at the file's header: None when it may be a good database (or is absent)."""
    if not path.exists():
        return None
    size = path.stat().st_size
    if size == 0:
        return None  # SQLite treats an empty file as an empty database
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return "the file is not a SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # the page count is valid when "version-valid-for" equals the change counter; with a WAL
    # left over (a crash mid-checkpoint) the file may be shorter until SQLite replays it
    wal = path.with_name(path.name + "-wal")
    replaying = wal.exists() and wal.stat().st_size > 0
    if header[24:28] == header[92:96] and pages and size < pages * page_size and not replaying:
        return f"the file is truncated ({size} of {pages * page_size} bytes)"
    return None


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a cache (and its -wal/-shm) to `<name>.damaged-<UTC time>`; nothing is deleted."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    if path.exists():
        path.rename(target)
    for sidecar in _sidecars(path):
        if sidecar.exists():
            sidecar.rename(target.with_name(target.name + sidecar.name[len(path.name) :]))
    return target


def recover_advice(path: Path) -> str:
    """How a person recovers a damaged journal, without losing the file."""
    recovered = path.with_name(path.stem + ".recovered" + path.suffix)
    return (
        f"The purchase journal {path} is damaged, so the console refuses to buy (a purchase "
        "must be recorded before it is sent). The file was left untouched: never delete it, it "
        "holds the purchases and the encrypted keys and vouchers. To recover it, close the "
        f"console, copy the data directory {path.parent} somewhere safe, then run:\n"
        f'  sqlite3 "{path}" ".recover" | sqlite3 "{recovered}"\n'
        f'check the new file (sqlite3 "{recovered}" "PRAGMA integrity_check"), move the '
        f"damaged file aside and rename {recovered.name} to {path.name}."
    )


def disk_full_advice(data_dir: Path) -> str:
    return (
        f"The disk holding the data directory {data_dir} is full: nothing more can be recorded, "
        "so nothing was sent. Everything recorded before is kept. Free some space on that disk "
        "and try again."
    )


def is_disk_full(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError | OSError) and (
        "disk is full" in text or "no space left" in text or getattr(exc, "errno", 0) == 28
    )


def _not_damage(exc: sqlite3.DatabaseError) -> bool:
    """A busy/locked database or a full disk is not a damaged file: never move it aside."""
    text = str(exc).lower()
    return is_disk_full(exc) or "locked" in text or "busy" in text


def connect_journal(path: Path) -> Database:
    """Open (creating if needed) journal.sqlite: WAL, synchronous=FULL, foreign keys on."""
    private_dir(path.parent)
    problem = header_problem(path)
    if problem:
        raise JournalUnreadable(f"{path}: {problem}. It was left untouched.", path)
    try:
        private_file(path)
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        db = Database(conn, execute_plugins=False)  # no third-party code in our files
        db.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit that records money spent or keys received survives a power cut.
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        # a deleted or rewritten row leaves no old bytes behind in the file
        db.execute("PRAGMA secure_delete=ON")
        journal_migrations.apply(db)
        db.execute("SELECT count(*) FROM journal").fetchone()
    except sqlite3.DatabaseError as exc:
        if _not_damage(exc):
            raise
        raise JournalUnreadable(f"{path}: {exc}. It was left untouched.", path) from exc
    return db


def _open_cache_file(path: Path) -> Database:
    problem = header_problem(path)
    if problem:
        raise CacheDamaged(problem)
    private_file(path)
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
    try:
        db = Database(conn, execute_plugins=False)  # no third-party code in our files
        db.execute("PRAGMA journal_mode=WAL")
        # the cache is rebuildable: NORMAL keeps it consistent, a power cut may lose the last sync
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA secure_delete=ON")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _not_damage(exc):
            raise
        raise CacheDamaged(str(exc)) from exc
    return db


def _copy_double_owned(journal: Database, columns: list[str]) -> None:
    """Legacy entries that share a provider order with an entry already copied (the UNIQUE
    index refused them) arrive without the order id, in needs-review, saying why."""
    if "provider_order_id" not in columns:
        return
    refused = journal.execute(
        "SELECT l.operation_id, l.provider_order_id FROM legacy.journal AS l WHERE NOT EXISTS "
        "(SELECT 1 FROM main.journal AS j WHERE j.operation_id = l.operation_id)"
    ).fetchall()
    names = ", ".join(columns)
    picked = ", ".join(
        {"provider_order_id": "NULL", "state": "'needs_review'", "error": "?"}.get(c, c)
        for c in columns
    )
    for operation_id, order_id in refused:
        reason = (
            f"Order {order_id} was also assigned to an older journal entry, which keeps it. "
            "Check at the provider which order this entry created; nothing was bought again."
        )
        args = [reason] if "error" in columns else []
        journal.execute(
            f"INSERT INTO main.journal ({names}) SELECT {picked} "  # noqa: S608
            "FROM legacy.journal WHERE operation_id = ?",
            [*args, operation_id],
        )
        journal.execute(
            "INSERT INTO main.journal_events (operation_id, at, state, detail) VALUES "
            "(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'needs_review', ?)",
            [operation_id, f"order {order_id} owned by another entry"],
        )


def copy_legacy_tables(cache: Database, journal: Database) -> dict[str, int]:
    """Copy the journal's tables from a pre-split cache into the journal, in one transaction,
    then prove every row arrived. Returns rows per table found in the cache. Idempotent."""
    present = [t for t in JOURNAL_TABLES if cache[t].exists()]
    if not present:
        return {}
    counts: dict[str, int] = {}
    cache_file = cache.execute("PRAGMA database_list").fetchone()[2]
    journal.execute("ATTACH DATABASE ? AS legacy", [cache_file])
    try:
        with journal.atomic():
            for table in present:
                columns = [c.name for c in cache[table].columns]
                names = ", ".join(columns)
                journal.execute(
                    f"INSERT OR IGNORE INTO main.{table} ({names}) "  # noqa: S608
                    f"SELECT {names} FROM legacy.{table} ORDER BY rowid"
                )
                if table == "journal":
                    _copy_double_owned(journal, columns)
        for table in present:
            key = JOURNAL_TABLES[table]
            match = " AND ".join(f"j.{k} IS l.{k}" for k in key)
            missing = journal.execute(
                f"SELECT count(*) FROM legacy.{table} AS l WHERE NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM main.{table} AS j WHERE {match})"
            ).fetchone()[0]
            if missing:
                raise RuntimeError(
                    f"moving the journal out of the cache: {missing} row(s) of {table} did not "
                    "arrive; nothing was removed from the cache"
                )
            counts[table] = journal.execute(
                f"SELECT count(*) FROM legacy.{table}"  # noqa: S608
            ).fetchone()[0]
    finally:
        journal.execute("DETACH DATABASE legacy")
    if any(counts.values()):
        log.info("moved the journal out of the cache: %s", counts)
    return counts


def connect_cache(path: Path, journal: Database) -> tuple[Database, str | None]:
    """Open cache.sqlite, moving a damaged one aside and starting empty. Returns the database
    and, when it was moved aside, a sentence saying so (for the log and the person)."""
    private_dir(path.parent)
    note = None
    try:
        db = _open_cache_file(path)
        try:
            copy_legacy_tables(db, journal)
            migrations.apply(db)
        except sqlite3.DatabaseError as exc:
            db.close()
            if _not_damage(exc):
                raise
            raise CacheDamaged(str(exc)) from exc
    except CacheDamaged as exc:
        aside = move_aside(path)
        note = (
            f"The order cache was damaged ({exc}); it was moved aside to {aside.name} and "
            "started again empty. A sync fills it again from the providers. The purchase "
            "journal and every key and voucher are in a separate file and were not touched."
        )
        if not journal.execute("SELECT count(*) FROM journal").fetchone()[0]:
            note += (
                f" If this install dates from before the journal had its own file, the "
                f"purchases recorded then are in {aside.name}: keep that file."
            )
        log.error("%s", note)
        db = _open_cache_file(path)
        migrations.apply(db)
    return db, note


def rebuild_cache(path: Path, journal: Database) -> tuple[Database, Path | None]:
    """Move the cache aside (if present) and start it again empty: for `fulfildesk repair`."""
    aside = move_aside(path) if path.exists() else None
    db, _ = connect_cache(path, journal)
    return db, aside
