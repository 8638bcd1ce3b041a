"""Notes, tags, claims and history of one order, for the window (issues 14 and 17).

Alone, notes and tags live in the order cache (store/notes.py) and the history is the seat's
own (journal.sqlite). In team mode each note and tag is also written to the team database, so
every seat sees them, and an order's history is the team audit (operator, seat, time, action);
while the team is offline the seat keeps its local copy and says so.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from fulfildesk.store import notes as local
from fulfildesk.store.db import AsyncStore, Store

log = logging.getLogger(__name__)


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value.tzinfo else value.isoformat()
    return str(value or "")


class Annotations:
    def __init__(self, store: AsyncStore, operator: str, team: Any = None) -> None:
        self.store = store
        self.operator = operator or "operator"
        self.team = team

    @property
    def team_online(self) -> bool:
        return self.team is not None and bool(self.team.online)

    async def add_note(self, provider: str, order_id: str, body: str) -> dict[str, Any]:
        note = await self.store.run(local.add_note, provider, order_id, self.operator, body)

        def history(s: Store) -> None:
            order = s.get_order(provider, order_id)
            if order is not None:
                s.record_event(order, self.operator, "Note", note["body"][:200])

        await self.store.run(history)
        if self.team_online:
            from fulfildesk.services.team import TeamOffline

            try:
                await self.team.add_note(provider, order_id, note["body"])
            except TeamOffline:
                log.info("note kept on this seat: the team is offline")
        return note

    async def notes(self, provider: str, order_id: str) -> list[dict[str, Any]]:
        """Every note, oldest first: the team's in team mode (every seat's), else this seat's."""
        if self.team_online:
            from fulfildesk.services.team import TeamOffline

            try:
                rows = await self.team.notes(provider, order_id)
                return [
                    {
                        "at": _when(r["created_at"]),
                        "operator": r["operator"],
                        "seat": r["seat_id"],
                        "body": r["body"],
                    }
                    for r in rows
                ]
            except TeamOffline:
                pass
        return await self.store.run(local.notes, provider, order_id)

    async def add_tag(self, provider: str, order_id: str, tag: str, tone: str) -> str:
        name = await self.store.run(local.add_tag, provider, order_id, self.operator, tag, tone)
        if self.team_online:
            from fulfildesk.services.team import TeamOffline

            try:
                await self.team.tag(provider, order_id, name)
            except TeamOffline:
                pass
        return name

    async def remove_tag(self, provider: str, order_id: str, tag: str) -> None:
        await self.store.run(local.remove_tag, provider, order_id, tag)
        if self.team_online:  # team mode: off the order for every seat
            from fulfildesk.services.team import TeamOffline

            try:
                await self.team.untag(provider, order_id, tag)
            except TeamOffline:
                pass

    async def tags(self, provider: str, order_id: str) -> list[tuple[str, str]]:
        mine = await self.store.run(local.tags, provider, order_id)
        if not self.team_online:
            return mine
        from fulfildesk.services.team import TeamOffline

        try:
            shared = await self.team.tags(provider, order_id)
        except TeamOffline:
            return mine
        tones = dict(mine)
        return sorted({(t, tones.get(t, "info")) for t in [*tones, *shared]})

    async def all_tags(self) -> list[tuple[str, str]]:
        return await self.store.run(local.all_tags)

    async def history(self, provider: str, order_id: str) -> tuple[str, list[dict[str, Any]]]:
        """("team", the team audit) in team mode, else ("local", this seat's history)."""
        if self.team_online:
            from fulfildesk.services.team import TeamOffline

            try:
                rows = await self.team.history(provider, order_id)
                return "team", [
                    {
                        "at": _when(r["at"]),
                        "operator": r["operator"],
                        "seat": r["seat_id"],
                        "action": r["action"],
                        "detail": r["detail"] or "",
                    }
                    for r in rows
                ]
            except TeamOffline:
                pass
        rows = await self.store.run(Store.order_events, provider, order_id)
        return "local", [{**r, "seat": ""} for r in rows]
