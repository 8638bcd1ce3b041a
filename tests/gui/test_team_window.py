"""Team mode in the window: the status-bar label and the claim marker follow another seat's
claim through LISTEN/NOTIFY (a real PostgreSQL, the real sandbox, offscreen)."""

from __future__ import annotations

import pytest

from fulfildesk.config import Settings
from fulfildesk.services.team import Seat, TeamService
from fulfildesk.store import team as team_store
from fulfildesk.ui.models.orders import Columns
from helpers.pg import PgCluster


@pytest.fixture
def settings(settings: Settings, team_dsn: str) -> Settings:
    import asyncio

    async def init() -> None:
        conn = await team_store.connect(team_dsn)
        await team_store.migrate(conn)
        await conn.close()

    asyncio.run(init())
    settings.team_dsn = team_dsn
    return settings


def test_another_seats_claim_shows_in_the_list_and_the_status_bar(  # type: ignore[no-untyped-def]
    window, qtbot, arun, team_dsn: str, pg_cluster: PgCluster
) -> None:
    assert window.ctx.team is not None
    with qtbot.waitSignal(window.startupFinished, timeout=60000):
        window.start()
    qtbot.waitUntil(lambda: window.team.label.text().startswith("Team: online"), timeout=30000)
    assert window.team.label.text() == "Team: online · 0 claimed by others"
    # the list re-reads after the sync on its reader thread: wait for the rows, do not race them
    qtbot.waitUntil(
        lambda: window.model.rowCount() > 0 and window.model.row(0) is not None, timeout=10000
    )
    index = window.model.index(0, Columns.ORDER)
    row = window.model.row(0)
    provider, order_id = row["provider"], row["provider_order_id"]
    assert window.model.data(index) == order_id

    bob = TeamService(team_dsn, Seat("seat-bob", "bob"), None, retry=0.1)
    arun(bob.start())
    assert arun(bob.wait_online(30))
    try:
        arun(bob.claim(provider, order_id))
        qtbot.waitUntil(
            lambda: window.model.data(window.model.index(0, Columns.ORDER)) == f"{order_id}  ⚑ bob",
            timeout=30000,
        )
        assert window.team.label.text() == "Team: online · 1 claimed by others"
        arun(bob.release(provider, order_id))
        qtbot.waitUntil(
            lambda: window.model.data(window.model.index(0, Columns.ORDER)) == order_id,
            timeout=30000,
        )
    finally:
        arun(bob.aclose())
    # the server goes away: the window says so, and says when it is back
    pg_cluster.stop()
    try:
        qtbot.waitUntil(lambda: window.team.label.text() == "Team: offline", timeout=30000)
    finally:
        pg_cluster.start()
    qtbot.waitUntil(lambda: window.team.label.text().startswith("Team: online"), timeout=30000)
