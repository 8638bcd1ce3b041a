"""The purchase journal's vocabulary: the states an operation goes through and the operation.

States (one row per operation, one event row per change):
  intent       committed before anything was sent; safe to send
  sending      committed just before the request: the outcome is unknown until proven
  placed       the provider acknowledged the order (provider_order_id known)
  dispatched   keys were requested (dispatch_id known)
  completed    the outcome and every secret are stored (final)
  failed       the provider refused it; nothing was bought (final)
  needs_review the outcome cannot be proven; a person decides (never retried automatically)
  abandoned    a person closed a reviewed operation (final)

Pure data: how operations are stored is `fulfildesk.store.journal`'s business.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class OpState(enum.StrEnum):
    INTENT = "intent"
    SENDING = "sending"
    PLACED = "placed"
    DISPATCHED = "dispatched"
    COMPLETED = "completed"
    FAILED = "failed"
    NEEDS_REVIEW = "needs_review"
    ABANDONED = "abandoned"

    @property
    def is_final(self) -> bool:
        return self in (OpState.COMPLETED, OpState.FAILED, OpState.ABANDONED)

    @property
    def resumable(self) -> bool:
        return self in (OpState.INTENT, OpState.SENDING, OpState.PLACED, OpState.DISPATCHED)


@dataclass
class Operation:
    operation_id: str
    provider: str
    kind: str
    state: OpState
    payload: dict[str, Any]
    created_at: str
    updated_at: str
    sent_at: str | None = None
    provider_order_id: str | None = None
    dispatch_id: str | None = None
    error: str | None = None
    #: lookups made while the outcome was unknown (`sending`) without settling it
    lookups: int = 0
    #: who drives the operation now ("host:pid:nonce") and until when (UTC text); None = free
    lease_owner: str | None = None
    lease_until: str | None = None


class JournalConflict(Exception):
    """A journal write lost a race: the operation is no longer in the state the writer read (or
    is driven by another process), or the provider order is already owned by another entry.
    Nothing was written; re-read the operation."""


class OrderAlreadyOwned(JournalConflict):
    """The provider order is already assigned to another journal entry (a UNIQUE index says so,
    not a check in Python)."""
