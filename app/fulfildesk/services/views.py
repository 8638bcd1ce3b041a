"""Saved views (issue 14): a named filter, sort and search of the order list. Kept in the cache
(`saved_views`); in team mode, while the team database is online, also shared through its
`saved_views` table (read back merged: the team's version of a name wins). Also the palette's
"go to order" search: the list's own full-text index (id, reference, tracking number, ...)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fulfildesk.store import ops
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.queries import OrderFilter, query_orders

if TYPE_CHECKING:
    from fulfildesk.services.team import TeamService

#: a view's name: trimmed, at most this long
NAME_MAX = 60


def clean_name(name: str) -> str:
    return " ".join(name.split())[:NAME_MAX]


class ViewsService:
    def __init__(self, store: AsyncStore, team: TeamService | None = None) -> None:
        self.store = store
        self.team = team

    def _team_online(self) -> bool:
        return self.team is not None and bool(self.team.online)

    async def views(self) -> list[dict[str, Any]]:
        """[{"name", "query", "operator"}] sorted by name."""
        found = {v["name"]: v for v in await self.store.run(ops.saved_views)}
        if self._team_online():
            assert self.team is not None
            for row in await self.team.views():
                query = row["query"]
                if isinstance(query, dict):
                    found[row["name"]] = {
                        "name": row["name"],
                        "query": query,
                        "operator": row["operator"],
                    }
        return sorted(found.values(), key=lambda v: str(v["name"]).lower())

    async def save(self, name: str, query: dict[str, Any], operator: str) -> str:
        name = clean_name(name)
        if not name:
            raise ValueError("A view needs a name.")
        at = datetime.now(UTC).isoformat(timespec="seconds")
        await self.store.run(ops.save_view, name, query, operator, at)
        if self._team_online():
            assert self.team is not None
            await self.team.save_view(name, query)
        return name

    async def delete(self, name: str) -> None:
        await self.store.run(ops.delete_view, name)


def _find(store: Store, text: str, limit: int) -> list[dict[str, Any]]:
    return query_orders(store.db.conn, OrderFilter(search=text), limit=limit)


async def find_orders(store: AsyncStore, text: str, limit: int = 8) -> list[dict[str, Any]]:
    """Orders whose id, reference, tracking number (or other indexed text) starts with the words
    of `text`: the list's own search, newest first."""
    if not text.strip():
        return []
    return await store.run(_find, text, limit)
