"""Purchases: the journal panel, resuming unfinished purchases (all, one, at start-up) and
dismissing one after review."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtWidgets import QMessageBox

from fulfildesk.domain.models import Provider
from fulfildesk.services.journal_ops import dismiss
from fulfildesk.ui.compat import OpState
from fulfildesk.ui.controllers.base import JOURNAL, Changes, FlowController
from fulfildesk.ui.dialogs.confirm import ask, describe
from fulfildesk.ui.vocabulary import provider_name
from fulfildesk.ui.widgets.purchases import PurchasesPanel, operation_amount
from fulfildesk.ui.widgets.purchases import describe as describe_operation


class PurchasesController(FlowController):
    def __init__(self, ctx, runner, parent_widget, panel: PurchasesPanel, progress) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, runner, parent_widget)
        self.panel = panel
        self.progress = progress  # (operation id, state, text) -> None, shared with the buy flow
        panel.resumeRequested.connect(self.resume_one)
        panel.dismissRequested.connect(self.confirm_dismiss)
        panel.openOrderRequested.connect(self.openOrder)  # (provider, order id)
        self.confirm_box: QMessageBox | None = None

    def services(self) -> list[Any]:
        """The purchase services to resume: the context's one list, the same that `reconcile`
        and start-up use (a test asserts they are the same)."""
        return list(self.ctx.purchase_services)

    async def reload(self) -> None:
        ops = await self.ctx.store.run(lambda s: s.journal_list())
        self.panel.set_operations(ops)

    async def resume_services(self) -> list[Any]:
        outcomes: list[Any] = []
        for service in self.services():
            outcomes += await service.resume_all(self.progress)
        return outcomes

    async def resume_at_startup(self) -> Changes:
        """Resume what an earlier session left unfinished; returns what that changed (the
        window applies it as part of start-up)."""
        if not self.services():
            return Changes()
        self.say(self.tr("Resuming unfinished purchases…"), 0, log=False)
        outcomes = await self.resume_services()
        review = [o for o in outcomes if o.operation.state is OpState.NEEDS_REVIEW]
        if review:
            self.say(
                self.tr("{n_review} purchase(s) need review: see Purchases below.").format(
                    n_review=len(review)
                ),
                0,
            )
        elif outcomes:
            self.done(
                self.tr("Resumed {n_outcomes} unfinished purchase(s).").format(
                    n_outcomes=len(outcomes)
                ),
                8000,
            )
        else:
            self.say("", 1, log=False)
        return Changes.orders(*(p.value for p in Provider), journal=True)

    def resume_all(self) -> asyncio.Task[Any]:
        return self.work(self._resume_all(), "resume", purchase=True)

    async def _resume_all(self) -> None:
        outcomes = await self.resume_services()
        self.changed.emit(Changes.orders(*(p.value for p in Provider), journal=True))
        self.say(
            self.tr("{n_outcomes} unfinished purchase(s) checked.").format(n_outcomes=len(outcomes))
            if outcomes
            else self.tr("No unfinished purchases."),
            8000,
        )

    def resume_one(self, operation_id: str) -> asyncio.Task[Any]:
        return self.work(self._resume_one(operation_id), "resume-one", purchase=True)

    async def _resume_one(self, operation_id: str) -> None:
        op = await self.ctx.store.run(lambda s: s.journal_get(operation_id))
        # the service of the entry's provider and kind (a bulk warehouse entry is not a
        # reservation), else the provider's
        service = next(
            (
                s
                for s in self.ctx.purchase_services
                if (s.provider, s.kind) == (op.provider, op.kind)
            ),
            None,
        ) or {
            Provider.PLUM.value: self.ctx.vouchers,
            Provider.INVENTORY.value: self.ctx.inventory,
            Provider.POWERPLUGIN.value: self.ctx.shipping,
        }.get(op.provider, self.ctx.keys)
        if service is None:
            self.fail(
                self.tr("{0} is not configured.").format(provider_name(op.provider)), op.provider
            )
            return
        outcome = await service.drive(operation_id, self.progress)
        self.changed.emit(Changes.orders(op.provider, journal=True))
        if outcome.operation.state in (OpState.FAILED, OpState.NEEDS_REVIEW):
            self.fail(outcome.message, op.provider)
        else:
            self.done(outcome.message, provider=op.provider)

    def confirm_dismiss(self, operation_id: str) -> QMessageBox:
        if self.confirm_box is not None and self.confirm_box.isVisible():
            self.confirm_box.raise_()
            return self.confirm_box
        op = next((o for o in self.panel.operations if o.operation_id == operation_id), None)
        provider = provider_name(op.provider) if op is not None else self.tr("the provider")
        body = describe(
            order=(op.provider_order_id or self.tr("not placed"))
            + self.tr(" at {provider}").format(provider=provider)
            if op is not None
            else operation_id,
            items=describe_operation(op) if op is not None else "",
            amount=operation_amount(op) if op is not None else "",
        )
        self.confirm_box = ask(
            self.parent_widget,
            self.tr("Dismiss purchase"),
            self.tr(
                "Dismiss this purchase after review?\n\n{body}\n\nThe console will stop "
                "tracking it. Nothing is bought or cancelled at {provider}. Only do "
                "this once you have checked the {provider} account."
            ).format(body=body, provider=provider),
            [(self.tr("Dismiss"), lambda: self.work(self._dismiss(operation_id), "dismiss"))],
            self.tr("Keep tracking it"),
        )
        return self.confirm_box

    async def _dismiss(self, operation_id: str) -> None:
        await dismiss(
            self.ctx.store,
            operation_id,
            f"reviewed by {self.ctx.settings.operator}",
        )
        self.changed.emit(JOURNAL)
