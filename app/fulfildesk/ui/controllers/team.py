"""Team mode in the window (issue 17), kept small: a status-bar label (online, offline, how many
orders other seats hold) and a claim marker in the order list, both kept current by the team
service's live changes (LISTEN/NOTIFY). Without a team server the controller does nothing.

Claiming, notes and the history dialog come later; what may be claimed or spent offline is
decided by the service layer, not here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from fulfildesk.context import AppContext
from fulfildesk.ui.asyncglue import TaskRunner
from fulfildesk.ui.controllers.base import Changes, FlowController

if TYPE_CHECKING:  # psycopg loads only in team mode
    from fulfildesk.services.team import Claim

CLAIM_MARK = "⚑"


class TeamController(FlowController):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent_widget: QWidget) -> None:
        super().__init__(ctx, runner, parent_widget)
        self.label = QLabel(parent_widget)
        self.label.setObjectName("teamStatus")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setVisible(ctx.team is not None)
        #: (provider, order id) -> the marker the order list shows
        self.markers: dict[tuple[str, str], str] = {}
        self.claims: dict[tuple[str, str], Claim] = {}
        self.online = False
        self._bound: object = None
        self.rebind()

    def rebind(self) -> None:
        """Follow the context's team service (Settings may have set, changed or removed the
        team server: the context then holds another service, or none)."""
        team = self.ctx.team
        self.label.setVisible(team is not None)
        if team is self._bound:
            return
        self._bound, self.online = team, False
        self.claims.clear()
        self.markers.clear()
        if team is not None:
            team.on_status(self._status)
            team.subscribe(self._change)
            self._show()

    @property
    def widgets(self) -> list[QWidget]:
        return [self.label]

    async def start(self, wait: float = 5.0) -> bool:
        """Start the team connection (team mode only) and wait up to `wait` seconds for the
        first attempt, so the purchases resumed at start-up find the team online."""
        return await self.ctx.start_team(wait=wait)

    def _status(self, online: bool, problem: str) -> None:
        self.online = online
        self._show()
        if online:
            self.work(self.reload_claims(), "team claims")

    def _show(self) -> None:
        team = self.ctx.team
        if team is None:
            return
        if not self.online:
            self.label.setText(self.tr("Team: offline"))
            self.label.setToolTip(team.problem or self.tr("The team server cannot be reached."))
            return
        others = sum(1 for c in self.claims.values() if c.seat_id != team.seat.seat_id)
        self.label.setText(
            self.tr("Team: online · {others} claimed by others").format(others=others)
        )
        self.label.setToolTip(
            self.tr("Seat {seat_id} ({operator})").format(
                seat_id=team.seat.seat_id, operator=team.seat.operator
            )
        )

    def _change(self, change: dict[str, Any]) -> None:
        if change.get("kind") in ("claim", "done", "reconnected"):
            self.work(self.reload_claims(), "team claims")
        provider = change.get("provider") or ""
        if provider:
            self.changed.emit(Changes.orders(provider, journal=change.get("kind") == "purchase"))

    async def reload_claims(self) -> None:
        team = self.ctx.team
        if team is None:
            return
        from fulfildesk.services.team import TeamOffline

        try:
            claims = await team.claims()
        except TeamOffline:
            return
        self.claims = {(c.provider, c.provider_order_id): c for c in claims}
        before = set(self.markers)
        self.markers.clear()  # in place: the order list model holds this same dict
        self.markers.update({key: f"{CLAIM_MARK} {c.operator}" for key, c in self.claims.items()})
        self._show()
        providers = frozenset(p for p, _ in before | set(self.markers))
        if providers:
            self.changed.emit(Changes(providers=providers))
