"""Keys: the buy dialog (with the Kinguin balance) and its purchase, fetching the keys of any
order, and returning keys (current API) behind a confirmation naming them and the refund."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox

from fulfildesk.domain.models import KeyLine, Provider
from fulfildesk.services.keys import ProfileLimitExceeded, PurchaseRefused, delivery_text
from fulfildesk.ui.compat import OpState, ProviderError
from fulfildesk.ui.controllers.base import JOURNAL, Changes, FlowController
from fulfildesk.ui.i18n import money
from fulfildesk.ui.profiles import ask_over_profile_limit
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
    #: how many keys of an order are delivered: provider order id, "3 of 5 keys delivered",
    #: whether some are still pending
    deliveryChanged = Signal(str, str, bool)
    #: a key return ended: order id, final state, the sentence for a person
    returnFinished = Signal(str, str, str)

    dialog: BuyKeysDialog | None = None
    return_box: QMessageBox | None = None
    provider = KINGUIN

    def open_dialog(self) -> BuyKeysDialog | None:
        from fulfildesk.ui.dialogs.buy_keys import BuyKeysDialog

        if self.ctx.keys is None:
            self.not_configured(
                self.tr("Kinguin not configured"),
                self.tr("Set the Kinguin URL and API key in Settings first."),
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
        self.work(self._load_balance(dialog), "balance")
        return dialog

    async def _load_balance(self, dialog: BuyKeysDialog) -> None:
        assert self.ctx.keys is not None
        try:
            balance = await self.ctx.keys.balance()
        except ProviderError as exc:
            dialog.set_balance(
                None,
                self.tr("Kinguin balance unavailable: {user_message}").format(
                    user_message=exc.user_message
                ),
            )
            return
        if balance is None:
            dialog.set_balance(
                None, self.tr("Kinguin balance: not offered by this API generation (v1)")
            )
        else:
            dialog.set_balance(balance.amount)

    def start_purchase(
        self,
        lines: list[KeyLine],
        dialog: BuyKeysDialog | None = None,
        *,
        over_profile_limit: bool = False,
    ) -> asyncio.Task[Any]:
        if dialog is not None:
            dialog.set_busy(True, self.tr("Recording the purchase…"))
        work = self._buy(lines, dialog, over_profile_limit)
        return self.work(work, "purchase", dialog, purchase=True)

    def progress(self, operation_id: str, state: OpState, text: str) -> None:
        self.say(text, 0, log=False)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_progress(text)

    async def _buy(
        self, lines: list[KeyLine], dialog: BuyKeysDialog | None, over_limit: bool = False
    ) -> None:
        assert self.ctx.keys is not None
        try:
            op = await self.ctx.keys.begin(lines, over_profile_limit=over_limit)
        except ProfileLimitExceeded as refused:  # issue 14: the profile's own confirmation
            if dialog is not None:
                dialog.set_busy(False, refused.message)
            self.limit_box = ask_over_profile_limit(
                dialog if dialog is not None and dialog.isVisible() else self.parent_widget,
                refused.message,
                lambda: self.start_purchase(lines, dialog, over_profile_limit=True),
            )
            return
        except PurchaseRefused as refused:
            # a limit, the balance or the daily spend limit: nothing was journaled or sent
            if dialog is not None and dialog.isVisible():
                dialog.show_failure(refused.message, refused.field_errors)
            else:
                self.say(refused.message, 15000)
            return
        self.changed.emit(JOURNAL)
        outcome = await self.ctx.keys.drive(op.operation_id, self.progress)
        self.changed.emit(Changes.orders(KINGUIN, journal=True))
        state = outcome.operation.state
        if outcome.order is not None and outcome.expected:
            self.deliveryChanged.emit(
                outcome.order.provider_order_id,
                delivery_text(outcome.delivered, outcome.expected),
                outcome.delivered < outcome.expected,
            )
        placed = state is OpState.PLACED and outcome.order is not None
        if (outcome.completed or placed) and outcome.order is not None:
            # bought; with keys still on their way (current API) the order shows
            # "n of m keys delivered" and the console keeps collecting them
            order_id = outcome.order.provider_order_id
            if outcome.completed:
                self.done(
                    self.tr("Bought {n_keys} key(s): Kinguin order {order_id}.").format(
                        n_keys=len(outcome.keys), order_id=order_id
                    )
                )
            else:
                self.say(outcome.message, 15000)
            if dialog is not None:
                dialog.set_busy(False)
                dialog.accept()
            self.openOrder.emit(KINGUIN, order_id)
            if outcome.expected:
                self.deliveryChanged.emit(
                    order_id,
                    delivery_text(outcome.delivered, outcome.expected),
                    outcome.delivered < outcome.expected,
                )
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
            self.fail(
                self.tr("Could not get the keys of order {order_id}: {0}").format(
                    error_message(exc), order_id=order_id
                )
            )
            return
        except ValueError as exc:
            self.say(self.tr("Could not get the keys: {exc}.").format(exc=exc), 15000)
            return
        self.keysFetched.emit(row, keys)
        delivered, expected = await self.ctx.keys.delivery(order_id)
        text = delivery_text(delivered, expected)
        self.deliveryChanged.emit(order_id, text, delivered < expected)
        self.changed.emit(Changes.orders(KINGUIN))
        self.say(
            self.tr("Kinguin order {order_id}: {text}; {n_keys} key(s) stored.").format(
                order_id=order_id, text=text, n_keys=len(keys)
            ),
            8000,
        )

    # ------------------------------------------------------------------ key return

    def confirm_return(self, row: dict[str, Any]) -> asyncio.Task[Any]:
        """Ask (naming the keys and the refund; default Cancel), then return the keys."""
        return self.work(self._confirm_return(row), "return-keys-confirm")

    async def _confirm_return(self, row: dict[str, Any]) -> None:
        assert self.ctx.keys is not None
        order_id = row["provider_order_id"]
        order = await self.ctx.store.run(lambda s: s.get_order(KINGUIN, order_id))
        keys = await self.ctx.store.run(lambda s: s.keys_for_order(KINGUIN, order_id))
        why = self.ctx.keys.can_return(order, keys)
        if why:
            self.returnFinished.emit(order_id, OpState.FAILED.value, why)
            self.say(why, 15000)
            return
        assert order is not None
        returnable = [k for k in keys if (k.status or "DELIVERED") == "DELIVERED"]
        refund = self.ctx.keys.refund_estimate(order, returnable)
        names = "\n".join(
            f"  {k.name or 'key'} (Kinguin key {k.key_id or k.position + 1})" for k in returnable
        )
        box = QMessageBox(self.parent_widget)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Return keys to Kinguin"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        n = len(returnable)
        how_many = self.tr("1 key") if n == 1 else self.tr("{0} keys").format(n)
        box.setText(
            self.tr(
                "Return {keys} of Kinguin order "
                "{order_id}?\n\n{names}\n\nKinguin refunds about {refund} EUR to the "
                "balance. The keys stop working and cannot be used afterwards. "
                "Kinguin takes a return once per order, within 24 hours of delivery, "
                "and only for keys not claimed."
            ).format(keys=how_many, order_id=order_id, names=names, refund=money(refund))
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(
            self.tr("Return {keys}").format(keys=how_many)
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(
            lambda result: (
                result == QMessageBox.StandardButton.Yes
                and self.work(self._return(row), "return-keys", purchase=True)
            )
        )
        self.return_box = box
        box.open()

    async def _return(self, row: dict[str, Any]) -> None:
        assert self.ctx.keys is not None
        order_id = row["provider_order_id"]
        self.return_box = None
        try:
            op = await self.ctx.keys.begin_return(order_id)
        except PurchaseRefused as refused:
            self.returnFinished.emit(order_id, OpState.FAILED.value, refused.message)
            self.say(refused.message, 15000)
            return
        self.changed.emit(JOURNAL)
        outcome = await self.ctx.keys.drive(op.operation_id, self.progress)
        self.changed.emit(Changes.orders(KINGUIN, journal=True))
        keys = await self.ctx.store.run(lambda s: s.keys_for_order(KINGUIN, order_id))
        self.keysFetched.emit(row, keys)
        self.returnFinished.emit(order_id, outcome.state.value, outcome.message)
        self.say(outcome.message, 15000)
