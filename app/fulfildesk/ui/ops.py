"""Issue 14's window parts, composed in one place so main_window.py stays small: the command
palette, saved views (dock), provider health (dock and status bar signal), notifications, and
the operator and profile. The window creates `OpsController` before its actions are built (the
action table's handlers are `ops.*`) and calls `install` once they are."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QLabel

from fulfildesk.config import save_settings
from fulfildesk.domain.journal import OpState
from fulfildesk.domain.vocabulary import PROVIDER_NAMES
from fulfildesk.services import profiles
from fulfildesk.services.health import HealthService
from fulfildesk.ui.notify import Notifier
from fulfildesk.ui.palette import CommandPalette
from fulfildesk.ui.profiles import OperatorDialog, apply_profile_to_window, profile_names
from fulfildesk.ui.text import tooltip
from fulfildesk.ui.theme import Tone, tint
from fulfildesk.ui.views import ViewsController
from fulfildesk.ui.widgets.health import HealthPanel

if TYPE_CHECKING:
    from fulfildesk.ui.main_window import MainWindow

#: how often the health figures are written to the cache, and the panel redrawn (when shown)
FLUSH_MS = 30_000
PANEL_MS = 5_000


class OpsController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.runner = window.runner
        self.notifier = Notifier(window)
        self.views = ViewsController(self)
        self.views_dock = self._dock(
            self.tr("Views"), "viewsDock", self.views.panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.health = HealthService(self.ctx.store)
        self.health_panel = HealthPanel(self.health, window)
        self.health_dock = self._dock(
            self.tr("Provider health"),
            "healthDock",
            self.health_panel,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        window.health_dock = self.health_dock  # type: ignore[attr-defined]  # profiles
        window.tabifyDockWidget(window.messages_dock, self.health_dock)
        window.purchases_dock.raise_()
        self.palette = CommandPalette(self)
        self.operator_dialog: OperatorDialog | None = None
        #: operation id -> state at the last reading of the journal (None before the first)
        self._states: dict[str, str] | None = None
        self.degraded_label = QLabel(window)
        self.degraded_label.setTextFormat(Qt.TextFormat.PlainText)
        tint(self.degraded_label, Tone.BAD)
        self.degraded_label.hide()
        self.operator_label = QLabel(window)
        self.operator_label.setTextFormat(Qt.TextFormat.PlainText)
        self.operator_label.setContentsMargins(12, 0, 4, 0)  # apart from "Demo sandbox"
        self._degraded_timer = QTimer(self)
        self._degraded_timer.setSingleShot(True)
        self._degraded_timer.setInterval(500)
        self._degraded_timer.timeout.connect(self.update_degraded)
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(FLUSH_MS)
        self._flush_timer.timeout.connect(self.flush_health)
        self._panel_timer = QTimer(self)
        self._panel_timer.setInterval(PANEL_MS)
        self._panel_timer.timeout.connect(self._refresh_panel_if_shown)

    def _dock(self, title: str, name: str, widget: Any, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.window.addDockWidget(area, dock)
        return dock

    def install(self) -> None:
        """After the actions exist: status bar parts, the profile, listeners, timers."""
        window = self.window
        bar = window.statusBar()
        bar.addPermanentWidget(self.degraded_label)
        bar.addPermanentWidget(self.operator_label)
        self.views_dock.hide()  # until asked for (or restored by the saved layout)
        self.health_dock.hide()
        self.apply_profile(self.ctx.settings.profile)
        self.health.listeners.append(lambda _provider: self._degraded_timer.start())
        self.health.start()
        health = self.health  # a closed window stops listening to every client's requests
        window.destroyed.connect(lambda *_args: health.stop())
        self._flush_timer.start()
        self._panel_timer.start()
        window.sync.finished.connect(self._sync_finished)
        window.purchasesReloaded.connect(self._journal_read)
        self.runner.start(self._load(), "ops-load")

    async def _load(self) -> None:
        # once more after the window put its saved layout back (which may show any dock)
        apply_profile_to_window(self.window, profiles.profile_of(self.ctx.settings.profile))
        await self.health.load()
        await self.views.reload()
        self.update_degraded()

    # ---------------------------------------------------------------- actions (ui/actions.py)

    def open_palette(self) -> CommandPalette:
        self.palette.open_palette()
        return self.palette

    def show_views(self) -> None:
        self.views_dock.show()
        self.views_dock.raise_()
        self.views.panel.list.setFocus()
        if self.views.panel.list.currentRow() < 0 and self.views.panel.list.count():
            self.views.panel.list.setCurrentRow(0)

    def show_health(self) -> None:
        self.health_dock.show()
        self.health_dock.raise_()
        self.health_panel.refresh()

    def open_operator(self) -> OperatorDialog:
        dialog = OperatorDialog(self.ctx.settings.operator, self.ctx.settings.profile, self.window)
        dialog.accepted.connect(lambda: self.set_operator(*dialog.values()))
        self.operator_dialog = dialog
        dialog.open()
        return dialog

    # ---------------------------------------------------------------- operator and profile

    def set_operator(self, operator: str, profile: str) -> None:
        profiles.apply_operator(self.ctx, operator)
        self.apply_profile(profile)
        try:
            save_settings(self.ctx.settings)
        except OSError as exc:
            self.window.log_message("error", "", self.tr("Settings not saved: ") + str(exc))

    def apply_profile(self, profile: str) -> None:
        profile = profiles.apply_profile(self.ctx, profile)
        apply_profile_to_window(self.window, profile)
        name = profile_names()[profile]
        self.operator_label.setText(f"{self.ctx.settings.operator} · {name}")
        self.operator_label.setToolTip(
            tooltip(
                self.tr(
                    "Operator and profile (File ▸ Operator and profile…). The profile chooses "
                    "what the window shows; it is a convenience, not security."
                )
            )
        )

    # ---------------------------------------------------------------- health

    def update_degraded(self) -> None:
        found = self.health.degraded_all()
        names = [PROVIDER_NAMES.get(p, p) for p in found]
        self.degraded_label.setVisible(bool(found))
        self.degraded_label.setText(self.tr("Degraded: ") + ", ".join(names) if found else "")
        self.degraded_label.setToolTip(
            tooltip("\n".join(f"{PROVIDER_NAMES.get(p, p)}: {why}" for p, why in found.items()))
        )

    def flush_health(self) -> None:
        self.runner.start(self.health.flush(), "health-flush")

    def window_closing(self) -> None:
        """The window closes: no more timed flushes; what was recorded since the last one is
        written now (else up to FLUSH_MS of figures would be lost)."""
        self._flush_timer.stop()
        self._panel_timer.stop()
        self.health.flush_now()

    def _refresh_panel_if_shown(self) -> None:
        if self.health_dock.isVisible():
            self.health_panel.refresh()

    # ---------------------------------------------------------------- notifications

    def go_to_order(self, provider: str, order_id: str) -> None:
        """Show the order: in the list as filtered, else with the list searched for its id."""
        orders = self.window.orders
        if orders.model.count_known and orders.model.find(provider, order_id) is not None:
            self.window.select_order(provider, order_id)
            return
        orders.restore_filter_state({"search": order_id})
        orders.select_order(provider, order_id)

    def _sync_finished(self) -> None:
        self.notifier.notify(self.tr("Sync finished"), self.tr("The order list is up to date."))

    def _journal_read(self) -> None:
        """The journal was re-read (after any flow, resume or start-up): notify of purchases
        that went to needs review and of inventory orders that left pending since last time."""
        states = {op.operation_id: op for op in self.window.purchases.operations}
        seen, self._states = self._states, {k: op.state.value for k, op in states.items()}
        if seen is None:
            return  # the first reading: what was there before this session is not news
        review = [
            op
            for key, op in states.items()
            if op.state is OpState.NEEDS_REVIEW and seen.get(key) != OpState.NEEDS_REVIEW.value
        ]
        if review:
            self.notifier.notify(
                self.tr("A purchase needs review"),
                self.tr("{n} purchase(s) could not be proven; see the Purchases panel.").format(
                    n=len(review)
                ),
            )
        resolved = [
            op
            for key, op in states.items()
            if op.provider == "inventory"
            and op.state.is_final
            and key in seen
            and not OpState(seen[key]).is_final
        ]
        for op in resolved:
            self.notifier.notify(
                self.tr("Inventory order resolved"),
                self.tr("Inventory order {order}: {state}.").format(
                    order=op.provider_order_id or op.operation_id[:8], state=op.state.value
                ),
                provider="inventory",
            )

    def notify_bulk_finished(self, summary: str) -> str:
        """For the bulk runner: a run ended (`summary` says how it went)."""
        return self.notifier.notify(self.tr("Bulk run finished"), summary)
