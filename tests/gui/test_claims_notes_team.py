"""Claims, notes and the team audit through the window, with a real PostgreSQL and a second seat
(bob, another TeamService on the same database): a claim bob holds is refused to this seat with
who and until when, this seat's claim is refused to bob, and notes cross between seats."""

from __future__ import annotations

import pytest

from fulfildesk.config import Settings
from fulfildesk.services.team import ClaimRefused, Seat, TeamService
from fulfildesk.store import team as team_store


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


@pytest.fixture
def bob(team_dsn: str, arun):  # type: ignore[no-untyped-def]
    seat = TeamService(team_dsn, Seat("seat-bob", "bob"), None, retry=0.1)
    arun(seat.start())
    assert arun(seat.wait_online(30))
    yield seat
    arun(seat.aclose())


def started(window, qtbot):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.startupFinished, timeout=60000):
        window.start()
    qtbot.waitUntil(lambda: window.team.label.text().startswith("Team: online"), timeout=30000)
    qtbot.waitUntil(lambda: window.model.count_known and window.model.rowCount() > 2, timeout=10000)


def select(window, qtbot, number: int) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    row = window.model.row(number)
    key = (row["provider"], row["provider_order_id"])
    window.orders.table.selectRow(number)
    qtbot.waitUntil(lambda: window.order_work.order == key, timeout=5000)
    return key


def test_a_claim_is_refused_to_a_second_seat_with_who_and_until_when(  # type: ignore[no-untyped-def]
    window, qtbot, arun, bob
) -> None:
    started(window, qtbot)
    panel = window.order_work.panel
    theirs = select(window, qtbot, 0)
    arun(bob.claim(*theirs, purpose="shipping"))
    qtbot.waitUntil(lambda: "bob (seat-bob) is shipping this until" in panel.claim_label.text())
    assert not panel.claim_button.isVisible()
    window.claim_action.trigger()  # Ctrl+Alt+C
    qtbot.waitUntil(lambda: window.order_work.refusal_box is not None, timeout=10000)
    text = window.order_work.refusal_box.text()
    assert text.startswith("bob (seat-bob) is shipping this order until ")
    assert "release it or the claim expires" in text
    assert arun(bob.claim_of(*theirs)).seat_id == "seat-bob"  # still bob's
    window.order_work.refusal_box.close()

    mine = select(window, qtbot, 1)
    qtbot.waitUntil(lambda: panel.claim_button.isVisible(), timeout=10000)
    panel.claim_button.click()
    qtbot.waitUntil(lambda: panel.claim_label.text().startswith("You are shipping this until"))
    assert panel.release_button.isVisible()
    with pytest.raises(ClaimRefused) as refused:
        arun(bob.claim(*mine))
    assert refused.value.claim is not None and refused.value.claim.operator == "tester"
    window.release_action.trigger()
    qtbot.waitUntil(lambda: panel.claim_label.text() == "Nobody is working on this order.")
    assert arun(bob.claim(*mine)).seat_id == "seat-bob"  # free again: bob may take it


def test_notes_cross_seats_and_the_history_is_the_team_audit(  # type: ignore[no-untyped-def]
    window, qtbot, arun, bob
) -> None:
    started(window, qtbot)
    panel = window.order_work.panel
    order = select(window, qtbot, 0)
    # bob writes a note on his seat: it reaches this window live (LISTEN/NOTIFY)
    arun(bob.add_note(*order, "Box was damaged, repacked"))
    qtbot.waitUntil(lambda: "bob @ seat-bob: Box was damaged" in panel.notes_label.text())
    # this seat writes one: bob reads it, with the operator and seat
    panel.note_input.setPlainText("Customer asked for Friday delivery")
    panel.add_note_button.click()
    qtbot.waitUntil(lambda: "tester @ " in panel.notes_label.text(), timeout=10000)
    notes = arun(bob.notes(*order))
    assert [(n["operator"], n["body"]) for n in notes] == [
        ("bob", "Box was damaged, repacked"),
        ("tester", "Customer asked for Friday delivery"),
    ]
    assert notes[1]["seat_id"] == window.ctx.team.seat.seat_id
    # the history view shows the team audit: operator, seat, time, action
    arun(bob.claim(*order))
    window.history_action.trigger()
    dialog = window.order_work.history_dialog
    qtbot.waitUntil(lambda: bool(dialog.property("filled")), timeout=10000)
    table = window.order_work.history_table
    lines = [tuple(table.item(r, c).text() for c in range(4)) for r in range(table.rowCount())]
    assert "team audit" in window.order_work.history_source.text()
    assert [(op, seat, action) for _at, op, seat, action in lines] == [
        ("bob", "seat-bob", "note"),
        ("tester", window.ctx.team.seat.seat_id, "note"),
        ("bob", "seat-bob", "claimed"),
    ]
    assert all(at[:2] == "20" for at, *_rest in lines)
