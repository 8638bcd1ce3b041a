"""Vouchers: buying one Plum order, looking an order up (and resending it), and bulk issue."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox

from fulfildesk.domain.models import Provider
from fulfildesk.domain.validation import FieldProblems
from fulfildesk.services.keys import ProfileLimitExceeded
from fulfildesk.ui.compat import OpState, ProviderError
from fulfildesk.ui.controllers.base import JOURNAL, Changes, FlowController
from fulfildesk.ui.profiles import ask_over_profile_limit
from fulfildesk.ui.text import error_message

if TYPE_CHECKING:
    from fulfildesk.services.vouchers import BulkProgress, VoucherRequest
    from fulfildesk.ui.dialogs.vouchers import (
        BulkVoucherDialog,
        VoucherDialog,
        VoucherLookupDialog,
    )

PLUM = Provider.PLUM.value


class VouchersController(FlowController):
    purchaseFinished = Signal(str, str)  # operation id, final or paused state

    dialog: VoucherDialog | None = None
    provider = PLUM
    lookup_dialog: VoucherLookupDialog | None = None
    bulk_dialog: BulkVoucherDialog | None = None
    #: set while a bulk issue runs; cleared = paused
    bulk_running: asyncio.Event | None = None
    #: issue 14: the profile limit's own confirmation, while it is asked
    limit_box: QMessageBox | None = None

    def _configured(self, explain: bool = False) -> bool:
        if self.ctx.vouchers is None and explain:
            self.not_configured(
                self.tr("Plum not configured"),
                self.tr("Set the Plum URL and token in Settings first."),
            )
        return self.ctx.vouchers is not None

    def _load_products_into(self, dialog: VoucherDialog | BulkVoucherDialog) -> None:
        async def load() -> None:
            assert self.ctx.vouchers is not None
            try:
                products = await self.ctx.vouchers.products()
            except ProviderError as exc:
                dialog.picker.set_load_error(error_message(exc))
                return
            dialog.set_products(products)
            if hasattr(dialog, "set_balance"):  # the single-order form shows the balance
                await self._load_balance(dialog)  # type: ignore[arg-type]

        self.work(load(), "voucher-products")

    async def _load_balance(self, dialog: VoucherDialog) -> None:
        """The Plum balance into the form (getBalance's cache: at most one call in 30 s)."""
        assert self.ctx.vouchers is not None
        try:
            balance = await self.ctx.vouchers.balance()
        except ProviderError as exc:
            dialog.set_balance(None, error_message(exc))
            return
        dialog.set_balance(balance)

    # ---------------------------------------------------------------- one purchase

    def open_dialog(self) -> VoucherDialog | None:
        from fulfildesk.ui.dialogs.vouchers import VoucherDialog

        if not self._configured(explain=True):
            return None
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return self.dialog
        dialog = VoucherDialog(self.parent_widget)
        dialog.submitted.connect(lambda request: self.start_purchase(request, dialog))
        self.dialog = dialog
        self._load_products_into(dialog)
        dialog.open()
        return dialog

    def start_purchase(
        self,
        request: VoucherRequest,
        dialog: VoucherDialog | None = None,
        *,
        over_profile_limit: bool = False,
    ) -> asyncio.Task[Any]:
        if dialog is not None:
            dialog.set_busy(True, self.tr("Recording the purchase…"))
        work = self._buy(request, dialog, over_profile_limit)
        return self.work(work, "voucher-purchase", dialog, purchase=True)

    def _ask_over_limit(
        self, dialog: VoucherDialog | BulkVoucherDialog | None, message: str, buy: Any
    ) -> None:
        parent = dialog if dialog is not None and dialog.isVisible() else self.parent_widget
        self.limit_box = ask_over_profile_limit(parent, message, buy)

    def progress(self, operation_id: str, state: OpState, text: str) -> None:
        self.say(text, 0, log=False)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_progress(text)

    async def _buy(
        self, request: VoucherRequest, dialog: VoucherDialog | None, over_limit: bool = False
    ) -> None:
        assert self.ctx.vouchers is not None
        try:  # the product's bounds and limit and the balance, checked again before recording
            op = await self.ctx.vouchers.begin(request, over_profile_limit=over_limit)
        except ProfileLimitExceeded as refused:  # issue 14: the profile's own confirmation
            if dialog is not None:
                dialog.set_busy(False, refused.message)
            self._ask_over_limit(
                dialog,
                refused.message,
                lambda: self.start_purchase(request, dialog, over_profile_limit=True),
            )
            return
        except FieldProblems as exc:
            if dialog is not None:
                dialog.show_failure(str(exc), exc.field_errors)
            self.fail(str(exc))
            return
        self.changed.emit(JOURNAL)
        outcome = await self.ctx.vouchers.drive(op.operation_id, self.progress)
        self.changed.emit(Changes.orders(PLUM, journal=True))
        state = outcome.operation.state
        if dialog is not None:
            await self._load_balance(dialog)
        if self.ctx.vouchers.pending_delivery(outcome):
            # paid; the codes arrive later (a lookup or a sync fills them in)
            self.done(outcome.message, 15000)
            if dialog is not None and dialog.isVisible():
                dialog.set_busy(False, outcome.message)
            self.openOrder.emit(PLUM, outcome.operation.provider_order_id or "")
        elif outcome.completed:
            order_id = outcome.operation.provider_order_id or ""
            self.done(
                self.tr("Bought {n_vouchers} voucher(s): Plum order {order_id}.").format(
                    n_vouchers=len(outcome.vouchers), order_id=order_id
                )
            )
            if dialog is not None:
                dialog.set_busy(False)
                dialog.accept()
            self.openOrder.emit(PLUM, order_id)
        else:
            self.fail(outcome.message)
            if dialog is not None and dialog.isVisible():
                if state is OpState.FAILED:
                    dialog.show_failure(outcome.message, outcome.field_errors)
                else:
                    dialog.set_busy(False, outcome.message)
        self.purchaseFinished.emit(op.operation_id, state.value)

    # ---------------------------------------------------------------- lookup and resend

    def open_lookup(self) -> VoucherLookupDialog | None:
        from fulfildesk.ui.dialogs.vouchers import VoucherLookupDialog

        if not self._configured():
            return None
        dialog = VoucherLookupDialog(self.parent_widget)
        dialog.lookupRequested.connect(
            lambda kind, value: self.work(self._lookup(dialog, kind, value), "lookup", dialog)
        )
        dialog.resendRequested.connect(
            lambda order_id: self.work(self._resend(order_id, dialog), "resend", dialog)
        )
        self.lookup_dialog = dialog
        dialog.open()
        return dialog

    async def _lookup(self, dialog: VoucherLookupDialog, kind: str, value: str) -> None:
        from fulfildesk.ui.dialogs.vouchers import order_summary

        assert self.ctx.vouchers is not None
        try:
            found, vouchers = await self.ctx.vouchers.lookup(
                order_id=value if kind == "order" else None,
                po_number=value if kind == "po" else None,
            )
        except ProviderError as exc:
            dialog.show_error(error_message(exc))
            return
        order = found.order
        summary = order_summary(
            order.provider_order_id,
            order.provider_status,
            found.delivery_status,
            str(order.total) if order.total else "",
            value if kind == "po" else None,
        )
        dialog.show_result(order.provider_order_id, summary, vouchers)
        self.changed.emit(Changes.orders(PLUM))

    def resend(self, order_id: str) -> asyncio.Task[Any]:
        return self.work(self._resend(order_id, None), "resend")

    async def _resend(self, order_id: str, dialog: VoucherLookupDialog | None) -> None:
        assert self.ctx.vouchers is not None
        try:
            await self.ctx.vouchers.resend(order_id)
        except ProviderError as exc:
            message = self.tr("Could not resend order {order_id}: {0}").format(
                error_message(exc), order_id=order_id
            )
            self.fail(message)
        else:
            message = self.tr(
                "Plum emailed the vouchers of order {order_id} to the receiver again."
            ).format(order_id=order_id)
            self.done(message, 12000)
        if dialog is not None:
            dialog.resend_done(message)

    # ---------------------------------------------------------------- bulk

    def open_bulk(self) -> BulkVoucherDialog | None:
        from fulfildesk.ui.dialogs.vouchers import BulkVoucherDialog

        if not self._configured():
            return None
        dialog = BulkVoucherDialog(self.parent_widget)
        dialog.startRequested.connect(lambda requests: self.start_bulk(dialog, requests))
        dialog.pauseToggled.connect(self.pause_bulk)
        self.bulk_dialog = dialog
        self._load_products_into(dialog)
        dialog.open()
        return dialog

    def pause_bulk(self, paused: bool) -> None:
        if self.bulk_running is not None:
            if paused:
                self.bulk_running.clear()
            else:
                self.bulk_running.set()

    def start_bulk(
        self,
        dialog: BulkVoucherDialog,
        requests: list[VoucherRequest],
        *,
        over_profile_limit: bool = False,
    ) -> asyncio.Task[Any]:
        if over_profile_limit:  # confirmed in the limit's box: the dialog runs again
            dialog.set_running(len(requests))
        # Created now, not inside the task: a Pause pressed right after Start must count.
        self.bulk_running = running = asyncio.Event()
        running.set()
        work = self._bulk(dialog, requests, running, over_profile_limit)
        return self.work(work, "bulk", dialog, purchase=True)

    async def _bulk(
        self,
        dialog: BulkVoucherDialog,
        requests: list[VoucherRequest],
        running: asyncio.Event,
        over_limit: bool = False,
    ) -> None:
        assert self.ctx.vouchers is not None

        def progress(p: BulkProgress) -> None:
            dialog.show_progress(p.done, p.total, p.message)
            if p.done and p.summary.done == p.done:
                last = p.summary.succeeded + p.summary.failed + p.summary.unresolved
                item = max(last, key=lambda i: i.index)
                dialog.mark_row(
                    item.index, "issued" if item.state is OpState.COMPLETED else item.message
                )

        try:  # the whole batch counts against the profile's daily voucher limit
            summary = await self.ctx.vouchers.bulk_issue(
                requests, progress, running, over_profile_limit=over_limit
            )
        except ProfileLimitExceeded as refused:  # nothing was sent: ask, or keep the money
            dialog.show_refused(refused.message)
            self._ask_over_limit(
                dialog,
                refused.message,
                lambda: self.start_bulk(dialog, requests, over_profile_limit=True),
            )
            return
        finally:
            self.bulk_running = None
        dialog.finished_with(summary.text())
        self.changed.emit(Changes.orders(PLUM, journal=True))
        self.say(summary.text().splitlines()[0], 15000)
