"""The purchase journal as stored: rows of the `journal` table <-> `Operation`.

The states and the operation itself live in `fulfildesk.domain.journal` and are re-exported here
so `from fulfildesk.store.journal import Operation, OpState` keeps working.
"""

from __future__ import annotations

import json
from typing import Any

from fulfildesk.domain.journal import JournalConflict, Operation, OpState, OrderAlreadyOwned

__all__ = ["JournalConflict", "OpState", "Operation", "OrderAlreadyOwned", "operation_from_row"]


def operation_from_row(row: dict[str, Any]) -> Operation:
    return Operation(
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
        lookups=int(row.get("lookups") or 0),
        lease_owner=row.get("lease_owner"),
        lease_until=row.get("lease_until"),
    )
