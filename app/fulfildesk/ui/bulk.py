"""Bulk actions in the window (issue 14, item 1): a preview of what happens to each selected
order (and what is skipped and why), then a run in the background with progress, pause and
cancel, ending in a per-order result list that can be exported as CSV.

The whole path works from the keyboard: the actions have shortcuts (Warehouse menu); in the
dialog, tracking numbers are scanned (or typed) one per line with Enter and go to the next order
without one, Ctrl+Return starts the run, and Tab reaches every button. The run itself is
`services.bulk` (one journal entry per order, resumed after a crash without repeating anything).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.context import AppContext
from fulfildesk.domain.models import Provider
from fulfildesk.services.bulk import (
    ACTIONS,
    CANCELLED,
    FAILED,
    SKIPPED,
    BulkRunner,
    BulkService,
    ItemResult,
    PlanItem,
    export_results,
    parse_tracking_list,
    plan,
    record_slips,
)
from fulfildesk.services.shipping import shipment_for, slip_for
from fulfildesk.ui.asyncglue import TaskRunner
from fulfildesk.ui.controllers.base import Changes, FlowController
from fulfildesk.ui.i18n import QT_TRANSLATE_NOOP
from fulfildesk.ui.service_texts import service_text
from fulfildesk.ui.text import plain_label
from fulfildesk.ui.theme import Tone, colour

POWERPLUGIN = Provider.POWERPLUGIN.value
TONES = {"done": Tone.GOOD, "already done": Tone.GOOD, FAILED: Tone.BAD, SKIPPED: Tone.HINT}
#: the actions' names (services/bulk.py ACTIONS) and the results' states, for the window
ACTION_NAMES = {
    "ship": QT_TRANSLATE_NOOP("bulk", "Ship"),
    "track": QT_TRANSLATE_NOOP("bulk", "Add tracking"),
    "complete": QT_TRANSLATE_NOOP("bulk", "Mark delivered"),
    "cancel_reservation": QT_TRANSLATE_NOOP("bulk", "Cancel reservation"),
    "slip": QT_TRANSLATE_NOOP("bulk", "Packing slip"),
}
STATE_NAMES = {
    "done": QT_TRANSLATE_NOOP("bulk", "done"),
    "already done": QT_TRANSLATE_NOOP("bulk", "already done"),
    FAILED: QT_TRANSLATE_NOOP("bulk", "failed"),
    SKIPPED: QT_TRANSLATE_NOOP("bulk", "skipped"),
    CANCELLED: QT_TRANSLATE_NOOP("bulk", "cancelled"),
}


def action_name(action: str) -> str:
    """A bulk action's name in the window's language."""
    return QCoreApplication.translate("bulk", ACTION_NAMES.get(action, ACTIONS[action][0]))


def state_name(state: str) -> str:
    """A result's state in the window's language (an unknown one unchanged)."""
    return QCoreApplication.translate("bulk", STATE_NAMES[state]) if state in STATE_NAMES else state


class SlipsNotMade(Exception):
    """The slips could not be saved or printed; the text says why (already reported)."""


class _ScanKeys(QObject):
    """Enter in the scan field adds the number; it never reaches the dialog's buttons."""

    def __init__(self, dialog: BulkDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                self.dialog.scan()
                return True
        return False


class BulkDialog(QDialog):
    """Preview -> run -> results for one action on many orders."""

    previewed = Signal()
    finished_run = Signal()

    def __init__(
        self, controller: BulkController, action: str, ids: list[str], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.action = action
        self.ids = ids
        self.items: list[PlanItem] = []
        self.results: list[ItemResult] = []
        self.runner: BulkRunner | None = None
        self.task: asyncio.Task[Any] | None = None
        self.slip_path: Path | None = None
        verb = action_name(action)
        self.setWindowTitle(self.tr("%1: %2 selected order(s)").replace("%1", verb).replace(
            "%2", str(len(ids))
        ))  # fmt: skip
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        self.intro = plain_label(
            self.tr(
                "Preview: what happens to each order, and which are skipped and why. "
                "Nothing is sent until you start."
            ),
            self,
            wrap=True,
        )
        layout.addWidget(self.intro)
        self.scan_field: QLineEdit | None = None
        self.paste: QPlainTextEdit | None = None
        if action == "track":
            self.scan_field = QLineEdit(self)
            self.scan_field.setPlaceholderText(
                self.tr("Scan or type a tracking number and press Enter: it goes to the next order")
            )
            self.scan_field.installEventFilter(_ScanKeys(self))
            layout.addWidget(self.scan_field)
            self.paste = QPlainTextEdit(self)
            self.paste.setPlaceholderText(
                self.tr("…or paste a two-column list: order (reference or id), tracking number")
            )
            self.paste.setMaximumHeight(90)
            self.paste.textChanged.connect(self.preview)
            layout.addWidget(self.paste)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Order"), self.tr("What happens"), self.tr("Skipped because")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.summary = plain_label("", self, wrap=True)
        layout.addWidget(self.summary)
        self.progress = QProgressBar(self)
        self.progress.hide()
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        start_text = {
            "slip": self.tr("Save PDF…"),
        }.get(action, self.tr("Start: %1").replace("%1", verb.lower()))
        self.start_button = QPushButton(start_text, self)
        self.start_button.setToolTip(self.tr("Ctrl+Return"))
        self.start_button.clicked.connect(self.start)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.clicked.connect(self.print_slips)
        self.print_button.setVisible(action == "slip")
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button = QPushButton(self.tr("Cancel run"), self)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.export_button = QPushButton(self.tr("Export results…"), self)
        self.export_button.clicked.connect(lambda: self.export())
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(self.close)
        for button in (
            self.start_button,
            self.print_button,
            self.pause_button,
            self.cancel_button,
            self.export_button,
            self.close_button,
        ):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.insertStretch(2, 1)
        layout.addLayout(row)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.start)
        self._buttons("preview")

    # ---------------------------------------------------------------- preview

    def tracking(self) -> dict[str, str]:
        if self.paste is None:
            return {}
        pairs, _bad = parse_tracking_list(self.paste.toPlainText())
        return dict(pairs)

    def preview(self) -> None:
        self.controller.work(self._preview(), "bulk preview")

    async def _preview(self) -> None:
        self.items = await self.controller.plan(self.action, self.ids, self.tracking())
        self._show_items()
        self.previewed.emit()

    def _show_items(self) -> None:
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            for c, text in enumerate(
                (item.reference, service_text(item.what), service_text(item.skip))
            ):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if item.skipped:
                    cell.setForeground(colour(Tone.HINT))
                self.table.setItem(r, c, cell)
        doing = sum(not i.skipped for i in self.items)
        skipped = len(self.items) - doing
        self.summary.setText(
            self.tr("%1 order(s) will be handled, %2 skipped.")
            .replace("%1", str(doing))
            .replace("%2", str(skipped))
        )
        self.start_button.setEnabled(doing > 0 and self.task is None)
        self.table.resizeColumnToContents(0)

    def scan(self) -> None:
        """A scanned (or typed) number goes to the next order without one."""
        if self.scan_field is None or self.paste is None:
            return
        number = self.scan_field.text().strip()
        if not number:
            return
        have = self.tracking()
        refs = {i.transaction_id: i.reference for i in self.items} or {t: t for t in self.ids}
        following = next(
            (tx for tx in self.ids if tx not in have and refs.get(tx, tx) not in have), None
        )
        if following is None:
            self.summary.setText(self.tr("Every order has a tracking number already."))
            return
        text = self.paste.toPlainText().rstrip("\n")
        line = f"{refs.get(following, following)}, {number}"
        self.paste.setPlainText(f"{text}\n{line}" if text else line)
        self.scan_field.clear()

    # ---------------------------------------------------------------- run

    def _buttons(self, phase: str) -> None:
        """preview | running (a bulk run) | slips (slips being made) | results"""
        running = phase == "running"
        self.start_button.setEnabled(phase == "preview" and any(not i.skipped for i in self.items))
        self.print_button.setEnabled(phase == "preview")
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(phase == "results")
        self.close_button.setEnabled(not running)
        if self.scan_field is not None:
            self.scan_field.setEnabled(phase == "preview")
        if self.paste is not None:
            self.paste.setReadOnly(phase != "preview")

    def start(self) -> None:
        if self.task is not None or not self.start_button.isEnabled():
            return
        if self.action == "slip":
            self.save_slips()
            return
        self.runner = self.controller.runner_for(self.items)
        if self.runner is None:
            return
        self._buttons("running")
        self.progress.setRange(0, sum(not i.skipped for i in self.items))
        self.progress.setValue(0)
        self.progress.show()
        self.task = self.controller.work(self._run(self.runner), "bulk run", purchase=True)

    async def _run(self, runner: BulkRunner) -> None:
        def progress(done: int, total: int, result: ItemResult) -> None:
            self.progress.setValue(done)
            self.progress.setFormat(
                self.tr("%1 of %2: %3")
                .replace("%1", str(done))
                .replace("%2", str(total))
                .replace("%3", result.reference)
            )

        try:
            results = await runner.run(progress)
        except Exception as exc:
            if type(exc).__name__ != "TeamOffline":  # team mode: nothing was started
                raise
            self.controller.fail(str(exc))
            self.progress.hide()
            self._buttons("preview")
            return
        finally:
            self.task = None
        self.show_results(results)
        self.controller.finished(self.action, results)

    def toggle_pause(self) -> None:
        if self.runner is None:
            return
        if self.runner.paused:
            self.runner.resume()
            self.pause_button.setText(self.tr("Pause"))
        else:
            self.runner.pause()
            self.pause_button.setText(self.tr("Resume"))

    def cancel_run(self) -> None:
        if self.runner is not None:
            self.runner.cancel()
            self.pause_button.setText(self.tr("Pause"))

    def show_results(self, results: list[ItemResult]) -> None:
        self.results = results
        self.intro.setText(self.tr("Results, one line per order. Export them with Ctrl+S."))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Order"), self.tr("Result"), self.tr("Message")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setRowCount(len(results))
        for r, result in enumerate(results):
            for c, text in enumerate(
                (result.reference, state_name(result.state), service_text(result.message))
            ):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                tone = TONES.get(result.state)
                if tone is not None and c == 1:
                    cell.setForeground(colour(tone))
                self.table.setItem(r, c, cell)
        counts: dict[str, int] = {}
        for result in results:
            counts[result.state] = counts.get(result.state, 0) + 1
        self.summary.setText(", ".join(self._count(state, n) for state, n in counts.items()))
        self.progress.hide()
        self._buttons("results")
        QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.export())
        self.export_button.setFocus()
        self.finished_run.emit()

    def _count(self, state: str, n: int) -> str:
        """'5 done' in the results' summary, in the window's language (plural forms)."""
        if state == "done":
            return self.tr("%n done", "", n)
        if state == "already done":
            return self.tr("%n already done", "", n)
        if state == FAILED:
            return self.tr("%n failed", "", n)
        if state == SKIPPED:
            return self.tr("%n skipped", "", n)
        if state == CANCELLED:
            return self.tr("%n cancelled", "", n)
        return f"{n} {state}"

    def export(self, path: Path | None = None) -> Path | None:
        if not self.results:
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export results"), "bulk-results.csv", self.tr("CSV (*.csv)")
            )
            if not name:
                return None
            path = Path(name)
        export_results(path, self.results)
        self.controller.done(self.tr("Results exported to %1.").replace("%1", str(path)))
        return path

    # ---------------------------------------------------------------- slips

    def save_slips(self, path: Path | None = None) -> None:
        if self.task is not None:  # slips are being made: a second click does nothing
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save packing slips"), "packing-slips.pdf", self.tr("PDF (*.pdf)")
            )
            if not name or self.task is not None:
                return
            path = Path(name)
        self._making_slips()
        self.task = self.controller.work(self._slips(path), "bulk slips")

    def print_slips(self) -> None:
        if self.task is not None:
            return
        self._making_slips()
        self.task = self.controller.work(self._slips(None), "bulk print")

    def _making_slips(self) -> None:
        """Busy while the slips are drawn (on a worker thread): no second start, a moving bar."""
        self._buttons("slips")
        self.summary.setText(
            self.tr("Making %1 packing slip(s)…").replace(
                "%1", str(sum(not i.skipped for i in self.items))
            )
        )
        self.progress.setRange(0, 0)
        self.progress.show()

    async def _slips(self, path: Path | None) -> None:
        try:
            results = await self.controller.slips(
                [i for i in self.items if not i.skipped], path, self
            )
        except SlipsNotMade as exc:  # reported here, where they were asked for; try again
            self.progress.hide()
            self.summary.setText(str(exc))
            self._buttons("preview")
            return
        except Exception:  # unexpected: the runner reports it; the dialog is usable again
            self.progress.hide()
            self._buttons("preview")
            raise
        finally:
            self.task = None
        if not results and path is None:  # the print dialog was cancelled: back to the preview
            self.progress.hide()
            self._show_items()
            self._buttons("preview")
            return
        results += [
            ItemResult(i.transaction_id, i.reference, i.action, SKIPPED, i.skip)
            for i in self.items
            if i.skipped
        ]
        self.slip_path = path
        self.show_results(results)
        if path is not None and any(r.state == "done" for r in results):
            self.summary.setText(
                self.summary.text() + " " + self.tr("Saved to %1.").replace("%1", str(path))
            )


class BulkController(FlowController):
    """Opens the bulk dialog on the orders selected in the shipping queue or the order list."""

    provider = POWERPLUGIN

    def __init__(self, window: Any, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, window)
        self.window = window
        self.dialog: BulkDialog | None = None
        self.service: BulkService | None = None

    def bulk_service(self) -> BulkService | None:
        if self.ctx.powerplugin is None:
            return None
        if self.service is None or self.service.client is not self.ctx.powerplugin:
            existing = next(
                (s for s in self.ctx.purchase_services if isinstance(s, BulkService)), None
            )
            self.service = existing or BulkService(
                self.ctx.powerplugin, self.ctx.store, operator=self.ctx.settings.operator
            )
        return self.service

    def selected(self) -> list[str]:
        """The orders selected in the shipping queue when it has the focus or the order list
        has none selected; else those selected in the order list."""
        queue = self.window.shipping_queue
        in_queue: list[str] = queue.selected_ids()
        table = self.window.orders.table
        rows = sorted(i.row() for i in table.selectionModel().selectedRows())
        listed = [self.window.model.row(r) for r in rows]
        in_list = [
            str(r["provider_order_id"]) for r in listed if r is not None
        ]  # other providers' orders are skipped in the preview, with the reason
        if in_queue and (queue.table.hasFocus() or not in_list):
            return in_queue
        return in_list

    def open(self, action: str, ids: list[str] | None = None) -> BulkDialog | None:
        ids = self.selected() if ids is None else ids
        if not ids:
            self.say(self.tr("Select orders first (Shift or Ctrl with the arrows or the mouse)."))
            return None
        if self.ctx.powerplugin is None:
            self.not_configured(
                self.tr("Warehouse not configured"),
                self.tr("Set up the physical goods provider in Settings first."),
            )
            return None
        dialog = BulkDialog(self, action, ids, self.window)
        self.dialog = dialog
        dialog.open()
        dialog.preview()
        if dialog.scan_field is not None:
            dialog.scan_field.setFocus()
        else:
            dialog.start_button.setFocus()
        return dialog

    def open_ship(self) -> BulkDialog | None:
        return self.open("ship")

    def open_track(self) -> BulkDialog | None:
        return self.open("track")

    def open_complete(self) -> BulkDialog | None:
        return self.open("complete")

    def open_cancel(self) -> BulkDialog | None:
        return self.open("cancel_reservation")

    def open_slips(self) -> BulkDialog | None:
        return self.open("slip")

    async def held_by_others(self) -> dict[str, str]:
        team = self.ctx.team
        if team is None or not team.online:
            return {}
        from fulfildesk.services.team import TeamOffline

        try:
            claims = await team.claims(POWERPLUGIN)
        except TeamOffline:
            return {}
        return {
            c.provider_order_id: f"{c.operator} ({c.seat_id})"
            for c in claims
            if c.seat_id != team.seat.seat_id
        }

    async def plan(self, action: str, ids: list[str], tracking: dict[str, str]) -> list[PlanItem]:
        held = await self.held_by_others()
        return await plan(self.ctx.store, action, ids, tracking=tracking, held_by_others=held)

    def runner_for(self, items: list[PlanItem]) -> BulkRunner | None:
        service = self.bulk_service()
        return BulkRunner(service, items) if service is not None else None

    def finished(self, action: str, results: list[ItemResult]) -> None:
        done = sum(r.state in ("done", "already done") for r in results)
        failed = sum(r.state == FAILED for r in results)
        cancelled = sum(r.state == CANCELLED for r in results)
        text = self.tr("Bulk %1: %2 done, %3 failed, %4 cancelled, %5 skipped.")
        for key, value in (
            ("%1", action_name(action).lower()),
            ("%2", str(done)),
            ("%3", str(failed)),
            ("%4", str(cancelled)),
            ("%5", str(sum(r.state == SKIPPED for r in results))),
        ):
            text = text.replace(key, value)
        (self.fail if failed else self.done)(text)
        ops = getattr(self.window, "ops", None)
        if ops is not None:  # a tray message when the window is behind another (issue 14)
            ops.notify_bulk_finished(text)
        self.changed.emit(Changes.orders(POWERPLUGIN, journal=True))
        self.runner.start(self.window.warehouse.reload(), "queue")

    async def slips(
        self, items: list[PlanItem], path: Path | None, parent: QWidget
    ) -> list[ItemResult]:
        """One PDF (or one print job), one page per order; each written in its history. The
        pages are drawn on a worker thread; SlipsNotMade (already reported) when that failed."""
        from fulfildesk.ui.packing_slip import SlipRenderError, print_slips, save_error, write_pdf

        slips = []
        for item in items:
            shipment = await shipment_for(self.ctx.store, item.transaction_id)
            if shipment is not None:
                slips.append((item, slip_for(shipment)))
        if path is not None:
            self.say(
                self.tr("Making %1 packing slip(s)…").replace("%1", str(len(slips))), 0, log=False
            )
            try:
                await write_pdf(path, [s for _i, s in slips])
            except (OSError, ValueError) as exc:  # ValueError: a reference Code 128 cannot hold
                self.fail(save_error(exc, path))
                raise SlipsNotMade(save_error(exc, path)) from exc
            how = self.tr("saved as PDF (%1)").replace("%1", path.name)
        else:
            try:
                printed = await print_slips([s for _i, s in slips], parent)
            except (SlipRenderError, ValueError) as exc:
                text = self.tr("Packing slips not printed: %1").replace("%1", str(exc))
                self.fail(text)
                raise SlipsNotMade(text) from exc
            if not printed:
                return []
            how = self.tr("sent to the printer")
        reprints = await record_slips(
            self.ctx.store, [i.transaction_id for i, _s in slips], self.ctx.settings.operator, how
        )
        self.changed.emit(Changes.orders(POWERPLUGIN))
        if path is not None:  # where the PDF is, in full
            self.done(
                self.tr("%1 packing slip(s) saved to %2.")
                .replace("%1", str(len(slips)))
                .replace("%2", str(path))
            )
        else:
            self.done(
                self.tr("%1 packing slip(s) %2.").replace("%1", str(len(slips))).replace("%2", how)
            )
        return [
            ItemResult(
                i.transaction_id,
                i.reference,
                "slip",
                "done",
                (self.tr("reprint, ") if again else "") + how,
            )
            for (i, _s), again in zip(slips, reprints, strict=True)
        ]
