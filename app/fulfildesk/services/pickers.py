"""What the warehouse's pickers offer: the players, products and establishments the console has
seen, so nobody types a raw id. The physical goods API has no catalogue or player search, so
they come from the cache (orders synced, looked up or placed here) and the journal (players the
console reserved for, also after a cache rebuild)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fulfildesk.store.db import AsyncStore, Store

PROVIDER = "powerplugin"


@dataclass(frozen=True)
class Choice:
    """One entry of a picker: the id sent to the provider and what a person reads."""

    value: str
    label: str
    #: e.g. a player's email (the reservation form fills it in), a product's price
    detail: str = ""


@dataclass
class ShippingChoices:
    players: list[Choice] = field(default_factory=list)
    products: list[Choice] = field(default_factory=list)
    establishments: list[Choice] = field(default_factory=list)


def _label(name: str | None, value: str, extra: str | None = None) -> str:
    """'Ana Torres <ana@example.com> · 8a7d3f2e…': names first, the id's start to tell twins."""
    parts = [p for p in (name, f"<{extra}>" if extra else None) if p]
    short = value if len(value) <= 12 else value[:8] + "…"
    return f"{' '.join(parts)} · {short}" if parts else value


def _read(s: Store) -> ShippingChoices:
    conn = s.db.conn
    found = ShippingChoices()
    seen: set[str] = set()
    rows: Any = conn.execute(
        "SELECT COALESCE(json_extract(raw, '$.playerId'), player_id) AS pick, "
        "max(json_extract(raw, '$.playerName')), max(COALESCE(json_extract(raw, "
        "'$.playerEmail'), email)) FROM orders WHERE provider = ? AND pick IS NOT NULL "
        "GROUP BY pick ORDER BY 2 COLLATE NOCASE, 1",
        [PROVIDER],
    )
    for player_id, name, email in rows:
        seen.add(str(player_id))
        found.players.append(
            Choice(str(player_id), _label(name, str(player_id), email), email or "")
        )
    for player_id in s.known_players(PROVIDER):  # the journal's, after a cache rebuild too
        if player_id not in seen:
            seen.add(player_id)
            found.players.append(Choice(player_id, player_id))
    for product_id, name, value in conn.execute(
        "SELECT json_extract(raw, '$.productId') AS pick, max(json_extract(raw, '$.productName')), "
        "max(json_extract(raw, '$.value')) FROM orders WHERE provider = ? AND pick IS NOT NULL "
        "GROUP BY pick ORDER BY 2 COLLATE NOCASE, 1",
        [PROVIDER],
    ):
        found.products.append(
            Choice(str(product_id), _label(name, str(product_id)), str(value or ""))
        )
    for establishment_id, name in conn.execute(
        "SELECT json_extract(raw, '$.establishmentId') AS pick, "
        "max(COALESCE(json_extract(raw, '$.establishmentName'), establishment)) FROM orders "
        "WHERE provider = ? AND pick IS NOT NULL GROUP BY pick ORDER BY 2 COLLATE NOCASE, 1",
        [PROVIDER],
    ):
        found.establishments.append(
            Choice(str(establishment_id), _label(name, str(establishment_id)))
        )
    return found


async def shipping_choices(store: AsyncStore) -> ShippingChoices:
    """Players, products and establishments for the reservation form and the player lookup."""
    return await store.run(_read)
