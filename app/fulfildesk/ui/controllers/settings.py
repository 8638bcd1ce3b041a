"""Settings: open the dialog; what it saves takes effect at the next start (the dialog says so)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fulfildesk.ui.controllers.base import FlowController

if TYPE_CHECKING:
    from fulfildesk.ui.dialogs.settings import SettingsDialog


class SettingsController(FlowController):
    dialog: SettingsDialog | None = None

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

    def _applied(self) -> None:
        self.done("Settings saved; they take effect the next time the console starts.")
