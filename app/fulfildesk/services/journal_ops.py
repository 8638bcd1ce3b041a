"""Journal actions shared by every purchasing service."""

from __future__ import annotations

from fulfildesk.store.db import AsyncStore
from fulfildesk.store.journal import Operation, OpState


async def dismiss(store: AsyncStore, operation_id: str, reason: str) -> Operation:
    """A person reviewed a purchase whose outcome could not be proven and closes it."""
    op = await store.run(lambda s: s.journal_get(operation_id))
    if op.state is not OpState.NEEDS_REVIEW:
        raise ValueError("only a purchase that needs review can be dismissed")
    return await store.run(
        lambda s: s.journal_transition(operation_id, OpState.ABANDONED, f"dismissed: {reason}")
    )
