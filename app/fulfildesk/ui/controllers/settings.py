"""Settings: open the dialog; what it saves applies at once (the context rebuilds its provider
clients), unless a purchase is running, in which case it applies when the purchase has ended."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fulfildesk.domain.models import Provider
from fulfildesk.ui.controllers.base import Changes, FlowController

if TYPE_CHECKING:
    from fulfildesk.config import Settings
    from fulfildesk.ui.dialogs.settings import SettingsDialog


class SettingsController(FlowController):
    dialog: SettingsDialog | None = None
    #: asked before the provider clients are rebuilt (set by the window: any purchase running?)
    purchase_running: Callable[[], bool] = staticmethod(lambda: False)
    #: settings saved while a purchase ran, applied once it has ended
    pending: Settings | None = None

    def open_dialog(self) -> SettingsDialog:
        from fulfildesk.ui.dialogs.settings import SettingsDialog

        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return self.dialog
        dialog = SettingsDialog(self.ctx.settings, self.parent_widget)
        dialog.applied.connect(self._applied)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _applied(self, settings: Settings) -> None:
        if self.purchase_running():
            self.pending = settings
            self.say(
                self.tr("Settings saved; they apply as soon as the running purchase has ended."),
                0,
            )
            return
        self.work(self.apply(settings), "apply-settings")

    def apply_pending(self) -> None:
        """Called when the last running purchase has ended."""
        if self.pending is not None and not self.purchase_running():
            settings, self.pending = self.pending, None
            self.work(self.apply(settings), "apply-settings")

    async def apply(self, settings: Settings) -> list[str]:
        """Rebuild the provider clients from `settings`; the screens refresh every provider."""
        configured = await self.ctx.reconfigure(settings)
        team = getattr(self.parent_widget, "team", None)  # the window's team status follows
        if team is not None and hasattr(team, "rebind"):
            team.rebind()
        self.changed.emit(Changes.orders(*(p.value for p in Provider), journal=True))
        names = ", ".join(configured) if configured else "none"
        self.done(self.tr("Settings applied. Providers configured: {names}.").format(names=names))
        return configured
