"""Kinguin search: query the provider's order list and open a found order in the window."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from fulfildesk.domain.models import Provider
from fulfildesk.ui.compat import ProviderError
from fulfildesk.ui.controllers.base import Changes, FlowController
from fulfildesk.ui.text import error_message

if TYPE_CHECKING:
    from fulfildesk.ui.dialogs.kinguin_search import KinguinSearchDialog

KINGUIN = Provider.KINGUIN.value


class SearchController(FlowController):
    dialog: KinguinSearchDialog | None = None

    def open_dialog(self) -> KinguinSearchDialog | None:
        from fulfildesk.ui.dialogs.kinguin_search import KinguinSearchDialog

        if self.ctx.kinguin is None:
            return None
        dialog = KinguinSearchDialog(self.parent_widget)
        dialog.searchRequested.connect(lambda values: self.search(dialog, values))
        dialog.openRequested.connect(lambda order_id: self.openOrder.emit(KINGUIN, order_id))
        self.dialog = dialog
        dialog.open()
        return dialog

    def search(self, dialog: KinguinSearchDialog, values: dict[str, Any]) -> asyncio.Task[Any]:
        return self.work(self._search(dialog, values), "search", dialog)

    async def _search(self, dialog: KinguinSearchDialog, values: dict[str, Any]) -> None:
        from fulfildesk.services.sync import search_kinguin

        assert self.ctx.kinguin is not None
        try:
            page = await search_kinguin(self.ctx.kinguin, self.ctx.store, values)
        except ProviderError as exc:
            dialog.show_error(error_message(exc))
            return
        dialog.show_page(page.orders, len(page.anonymous), page.item_count)
        self.changed.emit(Changes.orders(KINGUIN))
