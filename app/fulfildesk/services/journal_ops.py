"""Journal actions shared by every purchasing service."""

from __future__ import annotations

from typing import Any

from fulfildesk.domain.models import Order
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


class JournalSteps:
    """The two journal moves every purchasing service makes (needs a `store` attribute)."""

    store: AsyncStore

    async def _get(self, operation_id: str) -> Operation:
        return await self.store.run(lambda s: s.journal_get(operation_id))

    async def _transition(
        self,
        op: Operation,
        state: OpState,
        detail: str = "",
        orders: list[Order] | None = None,
        **fields: Any,
    ) -> Operation:
        return await self.store.run(
            lambda s: s.journal_transition(
                op.operation_id, state, detail, orders=orders or [], **fields
            )
        )
