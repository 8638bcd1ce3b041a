"""The purchase journal: every operation that spends money or receives a secret.

States (one row per operation, one event row per change):
  intent       committed before anything was sent; safe to send
  sending      committed just before the request: the outcome is unknown until proven
  placed       the provider acknowledged the order (provider_order_id known)
  dispatched   keys were requested (dispatch_id known)
  completed    the outcome and every secret are stored (final)
  failed       the provider refused it; nothing was bought (final)
  needs_review the outcome cannot be proven; a person decides (never retried automatically)
  abandoned    a person closed a reviewed operation (final)
"""

from __future__ import annotations

import enum
import json
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

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Operation:
        return cls(
            operation_id=row["operation_id"],
            provider=row["provider"],
            kind=row["kind"],
            state=OpState(row["state"]),
            payload=json.loads(row["payload"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            sent_at=row["sent_at"],
            provider_order_id=row["provider_order_id"],
            dispatch_id=row["dispatch_id"],
            error=row["error"],
        )
