"""Inventory: granting or selling in-game items, and a player's inventory orders."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal

from fulfildesk.domain.models import Provider
from fulfildesk.domain.validation import FieldProblems
from fulfildesk.ui.compat import OpState, ProviderError
from fulfildesk.ui.controllers.base import JOURNAL, Changes, FlowController
from fulfildesk.ui.text import error_message

if TYPE_CHECKING:
    from fulfildesk.services.inventory import InventoryOrderDraft
    from fulfildesk.ui.dialogs.inventory import InventoryOrderDialog, PlayerOrdersDialog

INVENTORY = Provider.INVENTORY.value


class InventoryController(FlowController):
    purchaseFinished = Signal(str, str)  # operation id, final or paused state

    dialog: InventoryOrderDialog | None = None
    provider = INVENTORY
    player_dialog: PlayerOrdersDialog | None = None

    def open_dialog(self) -> InventoryOrderDialog | None:
        from fulfildesk.ui.dialogs.inventory import InventoryOrderDialog

        if self.ctx.inventory is None:
            self.not_configured(
                self.tr("Inventory provider not configured"),
                self.tr("Set the inventory URL and token in Settings first."),
            )
            return None
        dialog = InventoryOrderDialog(self.parent_widget, api=self.ctx.inventory.api)
        dialog.submitted.connect(lambda draft: self.start_order(draft, dialog))
        self.dialog = dialog
        self.work(self._offer_players(dialog), "inventory-players")
        dialog.open()
        return dialog

    async def _offer_players(self, dialog: InventoryOrderDialog) -> None:
        if self.ctx.inventory is not None:
            dialog.set_known_players(await self.ctx.inventory.known_players())

    def start_order(
        self, draft: InventoryOrderDraft, dialog: InventoryOrderDialog | None = None
    ) -> asyncio.Task[Any]:
        return self.work(self._order(draft, dialog), "inventory-order", dialog, purchase=True)

    def progress(self, operation_id: str, state: OpState, text: str) -> None:
        self.say(text, 0, log=False)

    async def _order(self, draft: InventoryOrderDraft, dialog: InventoryOrderDialog | None) -> None:
        service = self.ctx.inventory
        assert service is not None
        op = await service.begin(draft)
        self.changed.emit(JOURNAL)
        outcome = await service.drive(op.operation_id, self.progress, wait=False)
        if outcome.pending and outcome.result is not None:
            if dialog is not None:
                dialog.show_results(
                    outcome.result.entries, True, outcome.result.order.provider_order_id, "accepted"
                )
            self.changed.emit(JOURNAL)
            outcome = await service.wait_for(op.operation_id, self.progress)
        self.changed.emit(Changes.orders(INVENTORY, journal=True))
        state = outcome.operation.state
        if dialog is not None:
            if state is OpState.FAILED:
                dialog.show_failure(outcome.message, outcome.field_errors)
            elif outcome.result is not None:
                dialog.show_results(
                    outcome.result.entries,
                    outcome.pending,
                    outcome.result.order.provider_order_id,
                    outcome.result.order.provider_status,
                )
        if outcome.result is not None and not outcome.pending:
            self.openOrder.emit(INVENTORY, outcome.result.order.provider_order_id)
        if state is OpState.FAILED:
            self.fail(outcome.message)
        else:
            self.done(outcome.message)
        self.purchaseFinished.emit(op.operation_id, state.value)

    def open_player_dialog(self) -> PlayerOrdersDialog | None:
        from fulfildesk.ui.dialogs.inventory import PlayerOrdersDialog

        if self.ctx.inventory is None:
            return None
        dialog = PlayerOrdersDialog(self.parent_widget, api=self.ctx.inventory.api)
        dialog.fetchRequested.connect(
            lambda player: self.work(self._player_orders(dialog, player), "player", dialog)
        )
        dialog.openRequested.connect(lambda order_id: self.openOrder.emit(INVENTORY, order_id))
        self.player_dialog = dialog
        dialog.open()
        return dialog

    async def _player_orders(self, dialog: PlayerOrdersDialog, player_id: int | str) -> None:
        assert self.ctx.inventory is not None
        try:
            orders = await self.ctx.inventory.player_orders(player_id)
        except FieldProblems as exc:
            dialog.show_error(exc.field_errors.get("player_id", str(exc)))
            return
        except ProviderError as exc:
            dialog.show_error(error_message(exc))
            self.fail(
                self.tr("Could not fetch player {player_id}'s orders: {0}").format(
                    error_message(exc), player_id=player_id
                )
            )
            return
        dialog.show_orders(orders)
        self.changed.emit(Changes.orders(INVENTORY))
