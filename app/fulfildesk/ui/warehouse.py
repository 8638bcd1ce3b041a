"""The warehouse in the window: the shipping queue, the forms and the actions on an order.

WarehouseController owns the flows (forms, confirmations, service calls, messages) so the main
window only wires it in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.context import AppContext
from fulfildesk.domain.models import Provider
from fulfildesk.services.pickers import ShippingChoices, shipping_choices
from fulfildesk.services.shipping import (
    QUEUE,
    Address,
    ReservationRequest,
    address_problems,
    details_problems,
    queue,
    shipment_for,
    slip_for,
    tracking_problem,
)
from fulfildesk.ui.asyncglue import TaskRunner
from fulfildesk.ui.compat import ProviderError
from fulfildesk.ui.controllers.base import Changes, FlowController
from fulfildesk.ui.dialogs.confirm import ask, describe
from fulfildesk.ui.dialogs.forms import Field, FormDialog
from fulfildesk.ui.i18n import QT_TRANSLATE_NOOP, when
from fulfildesk.ui.text import error_message, select_only_row
from fulfildesk.ui.vocabulary import status_name, tr
from fulfildesk.ui.widgets.voucher_viewer import safe_link

STAGE_ACTIONS = {
    "to_ship": (
        ("details", QT_TRANSLATE_NOOP("warehouse", "Customer details…")),
        ("ship", QT_TRANSLATE_NOOP("warehouse", "Ship…")),
        ("cancel_reservation", QT_TRANSLATE_NOOP("warehouse", "Cancel reservation…")),
        ("slip", QT_TRANSLATE_NOOP("warehouse", "Packing slip…")),
    ),
    "to_track": (
        ("tracking", QT_TRANSLATE_NOOP("warehouse", "Add tracking…")),
        ("cancel", QT_TRANSLATE_NOOP("warehouse", "Cancel or refund…")),
        ("slip", QT_TRANSLATE_NOOP("warehouse", "Packing slip…")),
    ),
    "to_complete": (
        ("complete", QT_TRANSLATE_NOOP("warehouse", "Mark delivered")),
        ("cancel", QT_TRANSLATE_NOOP("warehouse", "Cancel or refund…")),
        ("slip", QT_TRANSLATE_NOOP("warehouse", "Packing slip…")),
    ),
}


def stage_of(provider_status: str) -> str | None:
    for stage, (_title, statuses) in QUEUE.items():
        if provider_status in statuses:
            return stage
    return None


class ShippingQueue(QWidget):
    actionRequested = Signal(str, str)  # action, transaction id
    openRequested = Signal(str)
    newReservationRequested = Signal()
    playerLookupRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.tabs = QTabBar(self)
        self.stages = list(QUEUE)
        for stage in self.stages:
            self.tabs.addTab(tr(QUEUE[stage][0]))
        self.tabs.currentChanged.connect(lambda _i: self._show())
        top.addWidget(self.tabs)
        top.addStretch(1)
        new = QPushButton(self.tr("New reservation…"), self)
        new.clicked.connect(self.newReservationRequested)
        lookup = QPushButton(self.tr("Player lookup…"), self)
        lookup.clicked.connect(self.playerLookupRequested)
        top.addWidget(new)
        top.addWidget(lookup)
        layout.addLayout(top)
        # the queue is empty until the console knows a player: say how to fill it
        self.empty_hint = QLabel(
            self.tr(
                "No physical goods orders yet. Use Player lookup… to fetch a player's orders "
                "(pick a known player or paste an id), or New reservation… to make one."
            ),
            self,
        )
        self.empty_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_hint.setWordWrap(True)
        layout.addWidget(self.empty_hint)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Reference"),
                self.tr("Player"),
                self.tr("Product"),
                self.tr("Establishment"),
                self.tr("Since (UTC)"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table)
        self.buttons_row = QHBoxLayout()
        layout.addLayout(self.buttons_row)
        self.buttons: dict[str, QPushButton] = {}
        self.rows: dict[str, list[dict[str, Any]]] = {stage: [] for stage in self.stages}
        self._show()

    @property
    def stage(self) -> str:
        return self.stages[self.tabs.currentIndex()]

    def set_rows(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        selected = self.selected()
        self.rows = rows
        for index, stage in enumerate(self.stages):
            self.tabs.setTabText(index, f"{tr(QUEUE[stage][0])} ({len(rows.get(stage, []))})")
        self._show(selected)

    def counts(self) -> dict[str, int]:
        return {stage: len(rows) for stage, rows in self.rows.items()}

    def _show(self, keep: str | None = None) -> None:
        rows = self.rows.get(self.stage, [])
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [
                row["reference"] or row["provider_order_id"],
                row.get("email") or row["player_id"] or "",
                row["products"] or "",
                row["establishment"] or "",
                when(row["updated_at"] or row["created_at"]),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row["provider_order_id"])
                if c == 1 and row["player_id"]:
                    item.setToolTip(self.tr("Player id: {0}").format(row["player_id"]))
                self.table.setItem(r, c, item)
            if keep and row["provider_order_id"] == keep:
                select_only_row(self.table, r)
        self.table.resizeColumnsToContents()
        self.empty_hint.setVisible(not any(self.rows.values()))
        while self.buttons_row.count():
            layout_item = self.buttons_row.takeAt(0)
            widget = layout_item.widget() if layout_item is not None else None
            if widget:
                widget.deleteLater()
        self.buttons = {}
        for action, label in STAGE_ACTIONS[self.stage]:
            button = QPushButton(QCoreApplication.translate("warehouse", label), self)
            button.clicked.connect(lambda _c=False, a=action: self._act(a))
            self.buttons[action] = button
            self.buttons_row.addWidget(button)
        self.buttons_row.addStretch(1)
        self._selection_changed()

    def focus_table(self) -> None:
        """The orders of this stage take the focus, the first selected when none was."""
        self.table.setFocus()
        if self.selected() is None and self.table.rowCount() > 0:
            select_only_row(self.table, 0)

    def selected(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def selected_ids(self) -> list[str]:
        """Every selected order of the stage shown, top to bottom (the bulk actions)."""
        rows = sorted({i.row() for i in self.table.selectedItems()})
        items = [self.table.item(r, 0) for r in rows]
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i is not None]

    def select_next(self, after: str) -> str | None:
        """Select the next waiting order of this stage after `after` (scanner flow)."""
        ids: list[str] = [row["provider_order_id"] for row in self.rows.get(self.stage, [])]
        rest = [i for i in ids if i != after]
        if not rest:
            return None
        self.select(rest[0])
        return rest[0]

    def select(self, transaction_id: str) -> bool:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == transaction_id:
                select_only_row(self.table, r)
                return True
        return False

    def _selection_changed(self) -> None:
        has = self.selected() is not None
        for button in self.buttons.values():
            button.setEnabled(has)

    def _act(self, action: str) -> None:
        tx = self.selected()
        if tx:
            self.actionRequested.emit(action, tx)

    def _open(self) -> None:
        tx = self.selected()
        if tx:
            self.openRequested.emit(tx)


def reservation_form(parent: QWidget) -> FormDialog:
    return FormDialog(
        QCoreApplication.translate("warehouse", "New reservation"),
        QCoreApplication.translate(
            "warehouse",
            "Hold stock of a product for a player at an establishment. Pick them from the "
            "lists (type part of a name or an email to search them), or paste an id.",
        ),
        [
            Field(
                "player",
                QCoreApplication.translate("warehouse", "Player"),
                kind="picker",
                placeholder=QCoreApplication.translate("warehouse", "name, email or id"),
            ),
            Field(
                "product",
                QCoreApplication.translate("warehouse", "Product"),
                kind="picker",
                placeholder=QCoreApplication.translate("warehouse", "name or id"),
            ),
            Field(
                "establishment",
                QCoreApplication.translate("warehouse", "Establishment"),
                kind="picker",
                placeholder=QCoreApplication.translate("warehouse", "name or id"),
            ),
            Field("quantity", QCoreApplication.translate("warehouse", "Quantity"), kind="number"),
            Field(
                "email",
                QCoreApplication.translate("warehouse", "Player email (optional)"),
                placeholder=QCoreApplication.translate("warehouse", "player@example.com"),
            ),
        ],
        QCoreApplication.translate("warehouse", "Reserve"),
        parent,
    )


def fill_pickers(dialog: FormDialog, choices: ShippingChoices) -> None:
    """The players, products and establishments the console knows, into a form's pickers."""
    lists = {
        "player": choices.players,
        "product": choices.products,
        "establishment": choices.establishments,
    }
    for name, entries in lists.items():
        if name in dialog.inputs:
            dialog.set_choices(name, [(c.label, c.value) for c in entries])
    emails = {c.value: c.detail for c in choices.players if c.detail}
    player = dialog.inputs.get("player")
    email = dialog.inputs.get("email")
    if isinstance(player, QComboBox) and isinstance(email, QLineEdit):

        def picked(_index: int) -> None:
            found = emails.get(dialog.values()["player"], "")
            if found and not email.text().strip():
                email.setText(found)

        player.currentIndexChanged.connect(picked)


def details_form(parent: QWidget) -> FormDialog:
    return FormDialog(
        QCoreApplication.translate("warehouse", "Customer details"),
        QCoreApplication.translate(
            "warehouse",
            "Change the customer's billing and contact details. Empty fields are left as they are.",
        ),
        [
            Field(
                "email",
                QCoreApplication.translate("warehouse", "Email"),
                placeholder=QCoreApplication.translate("warehouse", "player@example.com"),
            ),
            Field("address", QCoreApplication.translate("warehouse", "Address line")),
            Field(
                "postal_code", QCoreApplication.translate("warehouse", "Postal code"), max_length=12
            ),
            Field("city", QCoreApplication.translate("warehouse", "City")),
            Field("country", QCoreApplication.translate("warehouse", "Country"), kind="country"),
        ],
        QCoreApplication.translate("warehouse", "Save details"),
        parent,
    )


def ship_form(parent: QWidget) -> FormDialog:
    return FormDialog(
        QCoreApplication.translate("warehouse", "Ship order"),
        QCoreApplication.translate(
            "warehouse",
            "Confirm the shipment to this address. The reservation becomes an "
            "acquisition waiting for its tracking number.",
        ),
        [
            Field(
                "recipient", QCoreApplication.translate("warehouse", "Recipient"), max_length=120
            ),
            Field("address", QCoreApplication.translate("warehouse", "Address line")),
            Field(
                "postal_code", QCoreApplication.translate("warehouse", "Postal code"), max_length=12
            ),
            Field("city", QCoreApplication.translate("warehouse", "City")),
            Field("country", QCoreApplication.translate("warehouse", "Country"), kind="country"),
        ],
        QCoreApplication.translate("warehouse", "Ship"),
        parent,
    )


def tracking_form(parent: QWidget) -> FormDialog:
    return FormDialog(
        QCoreApplication.translate("warehouse", "Add tracking number"),
        QCoreApplication.translate(
            "warehouse",
            "Scan the parcel's barcode (or type the number and press Enter). The "
            "next order waiting for tracking is selected after each scan.",
        ),
        [
            Field(
                "tracking_number",
                QCoreApplication.translate("warehouse", "Tracking number"),
                placeholder=QCoreApplication.translate("warehouse", "scan or type"),
                max_length=40,
            )
        ],
        QCoreApplication.translate("warehouse", "Save tracking"),
        parent,
    )


POWERPLUGIN = Provider.POWERPLUGIN.value


class WarehouseController(FlowController):
    """Emits `changed(Changes)` after every warehouse operation, `openOrder("powerplugin", tx)`
    to show an order, and `message(text, ms)` for the status bar (see controllers/base.py)."""

    provider = Provider.POWERPLUGIN.value
    #: a form's pickers got the players, products and establishments the console knows
    pickersFilled = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        parent_widget: QWidget,
        shipping_queue: ShippingQueue,
    ) -> None:
        super().__init__(ctx, runner, parent_widget)
        self.queue = shipping_queue
        self.dialog: FormDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.last_slip: Path | None = None
        #: transactions with a confirmed action under way (a second one is ignored)
        self.in_flight: set[str] = set()
        #: orders whose packing slip is being saved or printed (a second click is ignored)
        self.slips_in_flight: set[str] = set()
        shipping_queue.actionRequested.connect(self.act)
        shipping_queue.openRequested.connect(lambda tx: self.openOrder.emit(POWERPLUGIN, tx))
        shipping_queue.newReservationRequested.connect(self.open_reservation)
        shipping_queue.playerLookupRequested.connect(self.open_player_lookup)

    @property
    def enabled(self) -> bool:
        return self.ctx.shipping is not None

    async def reload(self) -> None:
        rows = await queue(self.ctx.store)
        self.queue.set_rows(rows)

    def act(self, action: str, transaction_id: str) -> None:
        handlers = {
            "details": self.open_details,
            "ship": self.open_ship,
            "tracking": self.open_tracking,
            "complete": self.confirm_complete,
            "cancel": self.confirm_cancel_acquisition,
            "cancel_reservation": self.confirm_cancel_reservation,
            "slip": self.save_slip,
        }
        handlers[action](transaction_id)

    # ---------------------------------------------------------------- helpers

    def _run(self, coro: Any, name: str, dialog: FormDialog | None = None) -> asyncio.Task[Any]:
        return self.work(coro, name, dialog)

    async def _call(self, dialog: FormDialog | None, action: str, work: Any) -> Any:
        """Run one service call; on a provider refusal, show it at the form's fields."""
        if dialog is not None:
            dialog.set_busy(True)
        try:
            result = await work
        except ProviderError as exc:
            if dialog is not None:
                dialog.show_errors(exc.field_errors, error_message(exc))
            self.fail(self.tr("{action} failed: {0}").format(error_message(exc), action=action))
            return None
        await self.reload()  # before `changed`: the tracking flow selects the next in the queue
        self.changed.emit(Changes.orders(POWERPLUGIN, journal=True))
        return result

    def _form(self, dialog: FormDialog) -> FormDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    # ---------------------------------------------------------------- reservation

    def open_reservation(self) -> FormDialog | None:
        if not self.enabled:
            return None
        dialog = self._form(reservation_form(self.parent_widget))
        self._fill_pickers(dialog)
        dialog.submitted.connect(lambda v: self._reserve(dialog, v))
        return dialog

    def _fill_pickers(self, dialog: FormDialog) -> None:
        async def fill() -> None:
            fill_pickers(dialog, await shipping_choices(self.ctx.store))
            self.pickersFilled.emit(dialog)

        self._run(fill(), "pickers")

    def _reserve(self, dialog: FormDialog, values: dict[str, str]) -> None:
        request = ReservationRequest(
            player_id=values["player"].strip(),
            product_id=values["product"].strip(),
            establishment_id=values["establishment"].strip(),
            email=values["email"].strip(),
            quantity=int(values["quantity"]),
        )
        problems = request.problems()
        dialog.show_errors(problems)
        if problems:
            return

        async def work() -> None:
            assert self.ctx.shipping is not None
            outcome = await self._call(
                dialog, self.tr("Reservation"), self.ctx.shipping.reserve(request)
            )
            if outcome is None:
                return
            if outcome.completed and outcome.shipment is not None:
                dialog.accept()
                self.done(
                    self.tr("Reserved {product_name}: reference {reference}.").format(
                        product_name=outcome.shipment.product_name,
                        reference=outcome.shipment.order.reference,
                    )
                )
                self.openOrder.emit(POWERPLUGIN, outcome.shipment.transaction_id)
            else:
                dialog.show_errors(outcome.field_errors, outcome.message)
                self.fail(self.tr("Reservation failed: {message}").format(message=outcome.message))

        self._run(work(), "reserve", dialog)

    # ---------------------------------------------------------------- details and ship

    def open_details(self, tx: str) -> FormDialog | None:
        dialog = self._form(details_form(self.parent_widget))

        async def prefill() -> None:
            shipment = await shipment_for(self.ctx.store, tx)
            if shipment is not None:
                dialog.setWindowTitle(
                    self.tr("Customer details: {0}").format(shipment.order.reference or tx)
                )
                dialog.set_value("email", shipment.player_email)
                dialog.set_value("address", shipment.address)
                dialog.set_value("postal_code", shipment.postal_code)
                dialog.set_value("city", shipment.city)
                dialog.set_value("country", shipment.country)

        self._run(prefill(), "prefill")
        dialog.submitted.connect(lambda v: self._details(dialog, tx, v))
        return dialog

    def _details(self, dialog: FormDialog, tx: str, values: dict[str, str]) -> None:
        details = {
            "email": values["email"],
            "address": values["address"],
            "postalCode": values["postal_code"],
            "city": values["city"],
            "country": values["country"],
        }
        problems = details_problems(details)
        dialog.show_errors(problems)
        if problems:
            return

        async def work() -> None:
            shipment = await shipment_for(self.ctx.store, tx)
            assert self.ctx.shipping is not None and shipment is not None
            result = await self._call(
                dialog, self.tr("Details"), self.ctx.shipping.update_details(shipment, details)
            )
            if result is not None:
                dialog.accept()
                self.done(self.tr("Customer details saved."))

        self._run(work(), "details", dialog)

    def open_ship(self, tx: str) -> FormDialog | None:
        dialog = self._form(ship_form(self.parent_widget))

        async def prefill() -> None:
            shipment = await shipment_for(self.ctx.store, tx)
            if shipment is not None:
                dialog.setWindowTitle(
                    self.tr("Ship {product_name} ({0})").format(
                        shipment.order.reference or tx, product_name=shipment.product_name
                    )
                )
                dialog.set_value("recipient", shipment.recipient_name or shipment.player_name)
                dialog.set_value("address", shipment.address)
                dialog.set_value("postal_code", shipment.postal_code)
                dialog.set_value("city", shipment.city)
                dialog.set_value("country", shipment.country)

        self._run(prefill(), "prefill")
        dialog.submitted.connect(lambda v: self._ship(dialog, tx, v))
        return dialog

    def _ship(self, dialog: FormDialog, tx: str, values: dict[str, str]) -> None:
        address = Address(
            recipient_name=values["recipient"],
            address_line1=values["address"],
            postal_code=values["postal_code"],
            country=values["country"],
            city=values["city"],
        )
        problems = address_problems(address)
        dialog.show_errors(problems)
        if problems:
            return

        async def work() -> None:
            shipment = await shipment_for(self.ctx.store, tx)
            assert self.ctx.shipping is not None and shipment is not None
            result = await self._call(
                dialog, self.tr("Shipping"), self.ctx.shipping.ship(shipment, address)
            )
            if result is not None:
                dialog.accept()
                self.done(
                    self.tr("Shipped {product_name} to {recipient_name}.").format(
                        product_name=result.product_name, recipient_name=address.recipient_name
                    )
                )

        self._run(work(), "ship", dialog)

    # ---------------------------------------------------------------- tracking (scanner flow)

    def open_tracking(self, tx: str) -> FormDialog | None:
        dialog = self._form(tracking_form(self.parent_widget))
        dialog.setProperty("transaction", tx)
        self._title_tracking(dialog, tx)
        dialog.inputs["tracking_number"].setFocus()
        dialog.submitted.connect(lambda v: self._track(dialog, v))
        return dialog

    def _title_tracking(self, dialog: FormDialog, tx: str) -> None:
        async def title() -> None:
            shipment = await shipment_for(self.ctx.store, tx)
            if shipment is not None:
                dialog.setWindowTitle(
                    self.tr("Tracking for {0}: {product_name}").format(
                        shipment.order.reference or tx, product_name=shipment.product_name
                    )
                )

        self._run(title(), "title")

    def _track(self, dialog: FormDialog, values: dict[str, str]) -> None:
        number = values["tracking_number"]
        problem = tracking_problem(number)
        dialog.show_errors({"tracking_number": problem} if problem else {})
        if problem:
            return
        tx = str(dialog.property("transaction"))

        async def work() -> None:
            shipment = await shipment_for(self.ctx.store, tx)
            assert self.ctx.shipping is not None and shipment is not None
            result = await self._call(
                dialog, self.tr("Tracking"), self.ctx.shipping.track(shipment, number)
            )
            if result is None:
                return
            self.done(
                self.tr("Tracking {0} saved for {1}.").format(
                    number.strip(), result.order.reference or tx
                )
            )
            self.queue.tabs.setCurrentIndex(self.queue.stages.index("to_track"))
            following = self.queue.select_next(tx)
            if following is None:
                dialog.accept()
                self.done(self.tr("Every shipped order has its tracking number."))
                return
            dialog.setProperty("transaction", following)
            dialog.set_value("tracking_number", "")
            self._title_tracking(dialog, following)
            dialog.inputs["tracking_number"].setFocus()

        self._run(work(), "track", dialog)

    # ---------------------------------------------------------------- confirmations

    def _describe(self, tx: str) -> str:
        """Order, items, amount and player of a queued order, for its confirmations."""
        row = next(
            (r for rows in self.queue.rows.values() for r in rows if r["provider_order_id"] == tx),
            None,
        )
        if row is None:
            return describe(order=tx)
        reference = row["reference"] or tx
        amount = (
            f"{Decimal(str(row['total'])):.2f} {row['currency'] or ''}".strip()
            if row["total"]
            else ""
        )  # as the list shows it: 59.90 EUR, not the provider's 59.9
        return describe(
            order=self.tr("{reference} (transaction {tx})").format(reference=reference, tx=tx)
            if reference != tx
            else tx,
            items=row["products"] or "",
            amount=amount or self.tr("not given by the provider"),
            who=row["player_id"] or "",
        )

    def _confirm(
        self, title: str, question: str, tx: str, after: str, actions: list[Any]
    ) -> QMessageBox:
        if self.confirm_box is not None and self.confirm_box.isVisible():
            self.confirm_box.raise_()  # a double-click opens one question, not two
            return self.confirm_box
        text = f"{question}\n\n{self._describe(tx)}\n\n{after}"
        self.confirm_box = ask(self.parent_widget, title, text, actions, self.tr("Keep the order"))
        return self.confirm_box

    def confirm_complete(self, tx: str) -> QMessageBox:
        return self._confirm(
            self.tr("Mark delivered"),
            self.tr("Mark this order as delivered?"),
            tx,
            self.tr(
                "The acquisition is completed at the provider, which may attribute "
                "rewards and update stock. It cannot be completed twice."
            ),
            [(self.tr("Mark delivered"), lambda: self._simple(tx, "complete"))],
        )

    def confirm_cancel_reservation(self, tx: str) -> QMessageBox:
        return self._confirm(
            self.tr("Cancel reservation"),
            self.tr("Cancel this reservation?"),
            tx,
            self.tr(
                "The reserved stock goes back to the establishment and the order can "
                "no longer be shipped. Nothing was paid, so nothing is refunded."
            ),
            [(self.tr("Cancel reservation"), lambda: self._simple(tx, "cancel_reservation"))],
        )

    def confirm_cancel_acquisition(self, tx: str) -> QMessageBox:
        return self._confirm(
            self.tr("Cancel shipped order"),
            self.tr("Cancel this shipped order?"),
            tx,
            self.tr(
                "• Cancel and refund: the acquisition is cancelled and the player is "
                "refunded the order's value.\n• Cancel without refund: the "
                "acquisition is cancelled and no money is returned.\n\nThe stock is "
                "released either way. This cannot be undone."
            ),
            [
                (self.tr("Cancel and refund"), lambda: self._simple(tx, "refund")),
                (self.tr("Cancel without refund"), lambda: self._simple(tx, "cancel")),
            ],
        )

    def _simple(self, tx: str, action: str) -> None:
        if tx in self.in_flight:  # one request per intent, whatever arrives twice
            return
        self.in_flight.add(tx)

        async def work() -> None:
            shipment = await shipment_for(self.ctx.store, tx)
            service = self.ctx.shipping
            assert service is not None and shipment is not None
            call: Callable[[], Awaitable[Any]] = {
                "complete": lambda: service.complete(shipment),
                "cancel_reservation": lambda: service.cancel_reservation(shipment),
                "refund": lambda: service.cancel_acquisition(shipment, refund=True),
                "cancel": lambda: service.cancel_acquisition(shipment, refund=False),
            }[action]
            label = {
                "complete": self.tr("Marking delivered"),
                "cancel_reservation": self.tr("Cancelling"),
                "refund": self.tr("Refunding"),
                "cancel": self.tr("Cancelling"),
            }[action]
            result = await self._call(None, label, call())
            if result is not None:
                self.done(
                    f"{result.order.reference or tx}: "
                    + status_name(result.order.status, self.provider, result.order.provider_status)
                    + f" ({result.order.provider_status})."
                )

        async def once() -> None:
            try:
                await work()
            finally:
                self.in_flight.discard(tx)

        self._run(once(), action)

    # ---------------------------------------------------------------- slips and lookup

    def save_slip(self, tx: str, path: Path | None = None) -> None:
        """Save an order's packing slip as PDF. The slip is drawn on a worker thread (the window
        stays usable); a second request for the same order while it is made is ignored."""
        if not self._slip_starts(tx):
            return

        async def work() -> None:
            from fulfildesk.ui.packing_slip import save_error, write_pdf

            shipment = await shipment_for(self.ctx.store, tx)
            if shipment is None:
                return
            target = path
            if target is None:
                name, _ = QFileDialog.getSaveFileName(
                    self.parent_widget,
                    self.tr("Save packing slip"),
                    f"packing-slip-{shipment.order.reference or tx}.pdf",
                    self.tr("PDF (*.pdf)"),
                )
                if not name:
                    return
                target = Path(name)
            self.say(self.tr("Making the packing slip…"), 0, log=False)
            try:
                await write_pdf(target, [slip_for(shipment)])
            except (OSError, ValueError) as exc:  # ValueError: a reference Code 128 cannot hold
                self.fail(save_error(exc, target))  # clears the progress line too
                return
            self.last_slip = target
            await self._slip_logged(tx, f"saved as PDF ({target.name})")
            self.done(self.tr("Packing slip saved to {target}.").format(target=target))

        self._run(self._slip_once(tx, work()), "slip")

    def print_slip(self, tx: str) -> None:
        if not self._slip_starts(tx):
            return

        async def work() -> None:
            from fulfildesk.ui.packing_slip import SlipRenderError, print_slips

            shipment = await shipment_for(self.ctx.store, tx)
            if shipment is None:
                return
            try:
                printed = await print_slips([slip_for(shipment)], self.parent_widget)
            except (SlipRenderError, ValueError) as exc:
                self.fail(self.tr("Packing slip not printed: {0}").format(exc))
                return
            if printed:
                await self._slip_logged(tx, "sent to the printer")
                self.done(self.tr("Packing slip sent to the printer."))

        self._run(self._slip_once(tx, work()), "print")

    def _slip_starts(self, tx: str) -> bool:
        """Mark an order's slip as being made; False (and a note) when it already is."""
        if tx in self.slips_in_flight:
            self.say(self.tr("The packing slip of this order is still being made."), log=False)
            return False
        self.slips_in_flight.add(tx)
        return True

    async def _slip_once(self, tx: str, work: Awaitable[None]) -> None:
        try:
            await work
        finally:
            self.slips_in_flight.discard(tx)

    async def _slip_logged(self, tx: str, how: str) -> None:
        """Every print and save of a slip is in the order's history; a reprint says so."""
        from fulfildesk.services.bulk import record_slips

        await record_slips(self.ctx.store, [tx], self.ctx.settings.operator, how)
        self.changed.emit(Changes.orders(POWERPLUGIN))

    def open_player_lookup(self) -> FormDialog | None:
        if not self.enabled:
            return None
        dialog = self._form(
            FormDialog(
                QCoreApplication.translate("warehouse", "Player lookup"),
                QCoreApplication.translate(
                    "warehouse",
                    "Fetch a player's physical goods orders and keep them in the list (also "
                    "offline). Pick a player the console knows, or paste a new player's id.",
                ),
                [
                    Field(
                        "player",
                        QCoreApplication.translate("warehouse", "Player"),
                        kind="picker",
                        placeholder=QCoreApplication.translate("warehouse", "name, email or id"),
                    )
                ],
                QCoreApplication.translate("warehouse", "Fetch orders"),
                self.parent_widget,
            )
        )
        self._fill_pickers(dialog)

        def fetch(values: dict[str, str]) -> None:
            async def work() -> None:
                assert self.ctx.shipping is not None
                try:
                    shipments = await self._call(
                        dialog, self.tr("Lookup"), self.ctx.shipping.player_orders(values["player"])
                    )
                except ValueError as exc:
                    dialog.show_errors({"player": str(exc)})
                    return
                if shipments is not None:
                    dialog.accept()
                    self.say(
                        self.tr("{n_shipments} order(s) of player {0} cached.").format(
                            values["player"].strip(), n_shipments=len(shipments)
                        )
                    )

            self._run(work(), "lookup", dialog)

        dialog.submitted.connect(fetch)
        return dialog


def open_tracking_page(url: str | None) -> bool:
    target = safe_link(url or "")
    return target is not None and bool(target) and QDesktopServices.openUrl(QUrl(target))


def history_text(events: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{e['at'][:19].replace('T', ' ')}  {e['operator']}: {e['action']}"
        + (f" ({e['detail']})" if e["detail"] else "")
        for e in events
    )
