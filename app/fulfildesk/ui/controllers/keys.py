"""Keys: the buy dialog and its purchase, and fetching the keys of an older order."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal

from fulfildesk.domain.models import KeyLine, Provider
from fulfildesk.ui.compat import OpState, ProviderError
from fulfildesk.ui.controllers.base import JOURNAL, Changes, FlowController
from fulfildesk.ui.text import error_message

if TYPE_CHECKING:
    from fulfildesk.ui.dialogs.buy_keys import BuyKeysDialog

KINGUIN = Provider.KINGUIN.value


class KeysController(FlowController):
    #: a purchase ended: operation id, final or paused state
    purchaseFinished = Signal(str, str)
    #: keys were fetched for an order: its row and the keys (the window shows them if current)
    keysFetched = Signal(dict, list)
    #: a purchase paused for review: select it in the purchases panel
    reviewOperation = Signal(str)

    dialog: BuyKeysDialog | None = None
    provider = KINGUIN

    def open_dialog(self) -> BuyKeysDialog | None:
        from fulfildesk.ui.dialogs.buy_keys import BuyKeysDialog

        if self.ctx.keys is None:
            self.not_configured(
                "Kinguin not configured", "Set the Kinguin URL and API key in Settings first."
            )
            return None
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = BuyKeysDialog(self.parent_widget)
        dialog.submitted.connect(lambda lines: self.start_purchase(lines, dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def start_purchase(
        self, lines: list[KeyLine], dialog: BuyKeysDialog | None = None
    ) -> asyncio.Task[Any]:
        if dialog is not None:
            dialog.set_busy(True, "Recording the purchase…")
        return self.work(self._buy(lines, dialog), "purchase", dialog, purchase=True)

    def progress(self, operation_id: str, state: OpState, text: str) -> None:
        self.say(text, 0, log=False)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_progress(text)

    async def _buy(self, lines: list[KeyLine], dialog: BuyKeysDialog | None) -> None:
        assert self.ctx.keys is not None
        op = await self.ctx.keys.begin(lines)
        self.changed.emit(JOURNAL)
        outcome = await self.ctx.keys.drive(op.operation_id, self.progress)
        self.changed.emit(Changes.orders(KINGUIN, journal=True))
        state = outcome.operation.state
        if outcome.completed and outcome.order is not None:
            order_id = outcome.order.provider_order_id
            self.done(f"Bought {len(outcome.keys)} key(s): Kinguin order {order_id}.")
            if dialog is not None:
                dialog.set_busy(False)
                dialog.accept()
            self.openOrder.emit(KINGUIN, order_id)
        else:
            self.fail(outcome.message)
            if dialog is not None and dialog.isVisible():
                if state is OpState.FAILED:
                    dialog.show_failure(outcome.message, outcome.field_errors)
                else:
                    dialog.set_busy(False, outcome.message)
                    self.reviewOperation.emit(op.operation_id)
        self.purchaseFinished.emit(op.operation_id, state.value)

    def fetch_keys(self, row: dict[str, Any]) -> asyncio.Task[Any]:
        return self.work(self._fetch_keys(row), "fetch-keys")

    async def _fetch_keys(self, row: dict[str, Any]) -> None:
        assert self.ctx.keys is not None
        provider, order_id = row["provider"], row["provider_order_id"]
        order = await self.ctx.store.run(lambda s: s.get_order(provider, order_id))
        if order is None:
            return
        try:
            keys = await self.ctx.keys.fetch_keys(order)
        except ProviderError as exc:
            self.fail(f"Could not get the keys of order {order_id}: {error_message(exc)}")
            return
        self.keysFetched.emit(row, keys)
        self.done(f"{len(keys)} key(s) stored for order {order_id}.", 8000)
