"""Notes, tags, claims and the order history in the window (issue 14 item 5, issue 17).

The detail pane gets a notes-and-tags panel (with the order's claim in team mode), the filter
row a tag filter, and the window the actions: claim or release the selected order, and show its
history (the team audit with operator, seat, time and action in team mode; this seat's history
otherwise). A claim held by another seat is refused with who holds it and until when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHeaderView,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from fulfildesk.context import AppContext
from fulfildesk.services.notes import Annotations
from fulfildesk.ui.asyncglue import TaskRunner
from fulfildesk.ui.controllers.base import Changes, FlowController
from fulfildesk.ui.i18n import QT_TRANSLATE_NOOP
from fulfildesk.ui.text import plain_label
from fulfildesk.ui.widgets.notes import NotesPanel

CLAIM_MINUTES = 15


class _MiddleElide(QStyledItemDelegate):
    """The order column elides in the middle in team mode, so a long order id keeps both its
    start and the claim marker at its end ("01394853-bd…  ⚑ Bob") visible."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


#: what a claim is for (services/team.py), as the window says it ("You are shipping this")
PURPOSES = {"shipping": QT_TRANSLATE_NOOP("OrderWorkController", "shipping")}


def _purpose(purpose: str) -> str:
    known = PURPOSES.get(purpose)
    return QCoreApplication.translate("OrderWorkController", known) if known else purpose


def _hhmm(value: datetime) -> str:
    return value.astimezone().strftime("%H:%M")


class OrderWorkController(FlowController):
    def __init__(self, window: Any, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, window)
        self.window = window
        self.annotations = Annotations(ctx.store, ctx.settings.operator, ctx.team)
        self.panel = NotesPanel(window.detail)
        window.detail.layout().addWidget(self.panel)
        self.panel.noteAdded.connect(self.add_note)
        self.panel.tagAdded.connect(self.add_tag)
        self.panel.tagRemoved.connect(self.remove_tag)
        self.panel.claimRequested.connect(self.claim)
        self.panel.releaseRequested.connect(self.release)
        self.tag_filter = QComboBox(window.orders)
        self.tag_filter.setToolTip(self.tr("Show only orders with this tag (or type tag:NAME)"))
        self.tag_filter.addItem(self.tr("All tags"), None)
        self.tag_filter.currentIndexChanged.connect(self._tag_filter_changed)
        filters = window.orders.layout().itemAt(0).layout()  # after the establishments
        filters.insertWidget(
            filters.indexOf(window.orders.establishment_filter) + 1, self.tag_filter
        )
        window.orders.table.selectionModel().selectionChanged.connect(lambda *_a: self.load())
        self.refusal_box: QMessageBox | None = None
        self.history_dialog: QDialog | None = None
        self.order: tuple[str, str] | None = None
        if ctx.team is not None:
            ctx.team.subscribe(self._team_change)
            from fulfildesk.ui.models.orders import Columns

            self.elide = _MiddleElide(window.orders.table)
            window.orders.table.setItemDelegateForColumn(Columns.ORDER, self.elide)
        # the tag list once the window is up (the runner's busy bar exists by then)
        window.startupFinished.connect(lambda: self.work(self.reload_tags(), "tags"))

    # ---------------------------------------------------------------- the selected order

    def current(self) -> tuple[str, str] | None:
        row = self.window.orders._current()
        return (row["provider"], row["provider_order_id"]) if row else None

    def load(self) -> None:
        self.order = self.current()
        self.panel.setVisible(self.order is not None)
        if self.order is not None:
            self.work(self._load(self.order), "notes")

    async def _load(self, order: tuple[str, str]) -> None:
        notes = await self.annotations.notes(*order)
        tags = await self.annotations.tags(*order)
        if order != self.order:
            return
        self.panel.show_notes(notes)
        self.panel.show_tags(tags)
        await self._show_claim(order)

    async def _show_claim(self, order: tuple[str, str]) -> None:
        team = self.ctx.team
        if team is None:
            self.panel.show_claim("", can_claim=False, can_release=False)
            return
        from fulfildesk.services.team import TeamOffline

        try:
            claim = await team.claim_of(*order)
        except TeamOffline:
            self.panel.show_claim(
                self.tr("Team offline: claims wait until it is back."),
                can_claim=False,
                can_release=False,
            )
            return
        if claim is None:
            self.panel.show_claim(
                self.tr("Nobody is working on this order."), can_claim=True, can_release=False
            )
            return
        mine = claim.seat_id == team.seat.seat_id
        who = self.tr("You are") if mine else f"{claim.operator} ({claim.seat_id}) " + self.tr("is")
        self.panel.show_claim(
            self.tr("%1 %2 this until %3.")
            .replace("%1", who)
            .replace("%2", _purpose(claim.purpose))
            .replace("%3", _hhmm(claim.expires_at)),
            can_claim=mine,
            can_release=mine,
        )

    def _team_change(self, change: dict[str, Any]) -> None:
        key = (change.get("provider"), change.get("order_id"))
        if change.get("kind") in ("note", "tag", "claim", "done") and key == self.order:
            self.load()

    # ---------------------------------------------------------------- notes and tags

    def add_note(self, body: str) -> None:
        order = self.order

        async def work() -> None:
            if order is None:
                return
            try:
                await self.annotations.add_note(*order, body)
            except ValueError as exc:
                self.fail(str(exc))
                return
            self.panel.note_saved()
            self.done(self.tr("Note added to %1.").replace("%1", order[1]), provider=order[0])
            await self._load(order)
            await self._refresh_history(order)

        self.work(work(), "note")

    def add_tag(self, tag: str, tone: str) -> None:
        order = self.order

        async def work() -> None:
            if order is None:
                return
            try:
                name = await self.annotations.add_tag(*order, tag, tone)
            except ValueError as exc:
                self.fail(str(exc))
                return
            self.panel.tag_saved()
            self.say(
                self.tr("Tagged %1 #%2.").replace("%1", order[1]).replace("%2", name), log=False
            )
            await self._load(order)
            await self.reload_tags()

        self.work(work(), "tag")

    def remove_tag(self, tag: str) -> None:
        order = self.order

        async def work() -> None:
            if order is None:
                return
            await self.annotations.remove_tag(*order, tag)
            await self._load(order)
            await self.reload_tags()

        self.work(work(), "untag")

    async def reload_tags(self) -> None:
        tags = await self.annotations.all_tags()
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(self.tr("All tags"), None)
        for tag, _tone in tags:
            self.tag_filter.addItem(f"#{tag}", tag)
        self.tag_filter.setCurrentIndex(max(self.tag_filter.findData(current), 0))
        self.tag_filter.blockSignals(False)

    def _tag_filter_changed(self) -> None:
        self.window.orders.tag_filter_value = self.tag_filter.currentData()
        self.window.orders.apply_filter()

    async def _refresh_history(self, order: tuple[str, str]) -> None:
        self.changed.emit(Changes.orders(order[0]))

    # ---------------------------------------------------------------- claims

    def claim(self) -> None:
        order = self.current()
        if order is None:
            self.say(self.tr("Select an order to claim."))
            return
        team = self.ctx.team
        if team is None:
            self.not_configured(
                self.tr("Claims need team mode"),
                self.tr("Claims are shared through the team server; set it up in Settings."),
            )
            return

        async def work() -> None:
            from fulfildesk.services.team import ClaimRefused, TeamOffline

            try:
                claim = await team.claim(*order, ttl=CLAIM_MINUTES * 60)
            except ClaimRefused as refused:
                holder = refused.claim
                text = (
                    self.tr("%1 (%2) is %3 this order until %4. It stays theirs until they "
                            "release it or the claim expires.")
                    .replace("%1", holder.operator)
                    .replace("%2", holder.seat_id)
                    .replace("%3", _purpose(holder.purpose))
                    .replace("%4", _hhmm(holder.expires_at))
                    if holder is not None
                    else str(refused)
                )  # fmt: skip
                self.fail(text, provider=order[0])
                box = QMessageBox(
                    QMessageBox.Icon.Information, self.tr("Order already claimed"), text,
                    parent=self.window,
                )  # fmt: skip
                box.setTextFormat(Qt.TextFormat.PlainText)
                self.refusal_box = box
                box.open()
                return
            except TeamOffline as exc:
                self.fail(str(exc), provider=order[0])
                return
            self.done(
                self.tr("You are %1 %2 until %3.")
                .replace("%1", _purpose(claim.purpose))
                .replace("%2", order[1])
                .replace("%3", _hhmm(claim.expires_at)),
                provider=order[0],
            )
            self.order = order
            await self._show_claim(order)

        self.work(work(), "claim")

    def release(self) -> None:
        order = self.current()
        team = self.ctx.team
        if order is None or team is None:
            return

        async def work() -> None:
            from fulfildesk.services.team import TeamOffline

            try:
                released = await team.release(*order)
            except TeamOffline as exc:
                self.fail(str(exc), provider=order[0])
                return
            if released:
                self.done(self.tr("Released %1.").replace("%1", order[1]), provider=order[0])
            await self._show_claim(order)

        self.work(work(), "release")

    # ---------------------------------------------------------------- history

    def open_history(self) -> None:
        order = self.current()
        if order is None:
            self.say(self.tr("Select an order to see its history."))
            return
        dialog = QDialog(self.window)
        dialog.setWindowTitle(self.tr("History of %1").replace("%1", order[1]))
        dialog.resize(760, 420)
        layout = QVBoxLayout(dialog)
        source = plain_label("", dialog, wrap=True)
        layout.addWidget(source)
        table = QTableWidget(0, 5, dialog)
        table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Operator"),
                self.tr("Seat"),
                self.tr("Action"),
                self.tr("Detail"),
            ]
        )
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(table)
        dialog.setProperty("order", order[1])
        self.history_dialog = dialog
        self.history_table = table
        self.history_source = source

        async def fill() -> None:
            kind, rows = await self.annotations.history(*order)
            source.setText(
                self.tr("The team audit: every seat's actions on this order.")
                if kind == "team"
                else self.tr("This seat's history of the order (team mode shows every seat's).")
            )
            table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                cells = (
                    str(row["at"])[:19].replace("T", " "),
                    row["operator"],
                    row["seat"],
                    row["action"],
                    row["detail"] or "",
                )
                for c, text in enumerate(cells):
                    table.setItem(r, c, QTableWidgetItem(text))
            table.resizeColumnsToContents()
            dialog.setProperty("filled", True)

        dialog.open()
        self.work(fill(), "history")
