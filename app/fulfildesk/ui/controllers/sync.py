"""Sync and export: fetch the providers' orders in the background (progress and Cancel in the
status bar), remember when each provider last synced, and export the current view to CSV."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressBar, QPushButton

from fulfildesk.ui.controllers.base import Changes, FlowController
from fulfildesk.ui.i18n import number
from fulfildesk.ui.vocabulary import provider_name

if TYPE_CHECKING:
    from fulfildesk.services.sync import SyncReport
    from fulfildesk.ui.models.orders import OrdersModel


class SyncController(FlowController):
    finished = Signal()  # a sync ended (not cancelled)
    exported = Signal(str)  # path
    syncTimes = Signal(list)  # one line per provider: when it last synced

    def __init__(self, ctx, runner, parent_widget, model: OrdersModel) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, runner, parent_widget)
        self.model = model
        self.task: asyncio.Task[Any] | None = None
        self.last_sync_lines: list[str] = []
        self.progress_label = QLabel(parent_widget)
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(parent_widget)
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(120)
        self.cancel_button = QPushButton(self.tr("Cancel sync"), parent_widget)
        self.cancel_button.clicked.connect(self.cancel)
        self.widgets = (self.progress_label, self.bar, self.cancel_button)
        for widget in self.widgets:
            widget.hide()

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def start(self, full: bool = False) -> asyncio.Task[Any] | None:
        """Sync every configured provider; a second request while one runs is ignored."""
        if not self.ctx.syncable or self.running:
            return None
        self.task = self.work(self._sync(full), "sync")
        return self.task

    def start_full(self) -> asyncio.Task[Any] | None:
        return self.start(full=True)

    def cancel(self) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()

    async def _sync(self, full: bool) -> None:
        from fulfildesk.services.sync import service_for

        service = service_for(self.ctx)
        every = Changes.orders(*service.providers, journal=False) | Changes(sync_times=True)
        reports: dict[str, SyncReport] = {}
        for widget in self.widgets:
            widget.show()
        self.progress_label.setText(self.tr("Syncing…"))

        def progress(report: SyncReport) -> None:
            reports[report.provider] = report
            self.progress_label.setText(
                "  ".join(
                    f"{provider_name(r.provider)}: {number(r.orders)}"
                    + (" ✓" if r.done and not r.failed else " ✗" if r.failed else "")
                    for r in reports.values()
                )
            )

        try:
            reports = await service.run(progress=progress, full=full)
        except asyncio.CancelledError:
            self.say(
                self.tr(
                    "Sync cancelled; what was fetched is kept, and the next sync "
                    "continues from there."
                )
            )
            self.changed.emit(every)
            raise
        finally:
            for widget in self.widgets:
                widget.hide()
        await self.update_sync_times()
        self.changed.emit(every)
        failed = [r for r in reports.values() if r.failed]
        total = sum(r.orders for r in reports.values())
        if failed:
            # one line per provider that failed, in the CLI's words ("Plum: token refused — …")
            errors = "; ".join(r.line() for r in failed)
            self.fail(
                self.tr("Synced {total} orders; not synced: {errors}").format(
                    total=number(total), errors=errors
                )
            )
        else:
            self.done(
                self.tr("Synced {total} orders from {n_reports} provider(s).").format(
                    total=number(total), n_reports=len(reports)
                ),
                8000,
            )
        self.finished.emit()

    async def update_sync_times(self) -> None:
        lines = []
        providers = self.ctx.syncable
        states = await self.ctx.store.run(lambda s: [s.sync_state(p) for p in providers])
        for provider, state in zip(providers, states, strict=True):
            when = (state["last_success_at"] or "never").replace("T", " ").rstrip("Z")
            line = self.tr("{provider}: last sync {when}").format(provider=provider, when=when)
            if state["last_error"]:
                line += self.tr(" (last attempt failed: {0})").format(state["last_error"])
            lines.append(line)
        self.last_sync_lines = lines
        self.syncTimes.emit(lines)

    # ---------------------------------------------------------------- export

    def export_csv(self, path: str | None = None) -> asyncio.Task[Any] | None:
        """Write the current filtered and sorted view to a CSV file."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.parent_widget, self.tr("Export orders"), "orders.csv", self.tr("CSV (*.csv)")
            )
            if not path:
                return None
        return self.work(self._export(path), "export")

    async def _export(self, path: str) -> None:
        filt, sort = self.model.order_filter, self.model.order_sort
        try:
            count = await self.ctx.store.run(lambda s: s.export_orders_csv(path, filt, sort))
        except OSError as exc:
            self.fail(
                self.tr("Could not write {path}: {strerror}").format(
                    path=path, strerror=exc.strerror
                )
            )
            return
        self.done(
            self.tr("Exported {count} orders to {path}.").format(count=number(count), path=path)
        )
        self.exported.emit(path)
