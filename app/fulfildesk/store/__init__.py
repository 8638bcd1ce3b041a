"""The local SQLite cache, purchase journal and key vault (sqlite-utils; no Qt, no HTTP)."""

from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.journal import Operation, OpState

__all__ = ["AsyncStore", "OpState", "Operation", "Store"]
