"""Team mode against a real PostgreSQL (a throwaway cluster) and the real sandbox."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from fulfildesk.cli import main
from fulfildesk.domain.errors import ProviderTimeout
from fulfildesk.domain.models import KeyLine
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.kinguin import KinguinClient
from fulfildesk.services.contract import Interrupted
from fulfildesk.services.keys import KeyPurchaseService
from fulfildesk.services.team import ClaimRefused, Seat, TeamOffline, TeamService
from fulfildesk.store import team as team_store
from fulfildesk.store.db import AsyncStore, Store, ts_precise
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault
from helpers import eventually_async
from helpers.pg import PgCluster

ANNO = KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59"), name="Anno")


@pytest.fixture
async def schema(team_dsn: str) -> str:
    conn = await team_store.connect(team_dsn)
    await team_store.migrate(conn)
    await conn.close()
    return team_dsn


class Seats:
    """Seats of one test, each with its own SQLite journal; all closed at teardown."""

    def __init__(self, dsn: str, tmp: Path) -> None:
        self.dsn, self.tmp = dsn, tmp
        self.opened: list[tuple[TeamService, AsyncStore]] = []

    async def __call__(self, name: str, **kwargs: Any) -> TeamService:
        store = AsyncStore(Store(self.tmp / name / "cache.sqlite", Vault.generate()))
        team = TeamService(self.dsn, Seat(f"seat-{name}", name), store, retry=0.1, **kwargs)
        self.opened.append((team, store))
        await team.start()
        assert await team.wait_online(30), team.problem
        return team

    async def aclose(self) -> None:
        for team, store in self.opened:
            await team.aclose()
            store.close()


@pytest.fixture
async def seats(schema: str, tmp_path: Path) -> AsyncIterator[Seats]:
    made = Seats(schema, tmp_path)
    yield made
    await made.aclose()


def keys_service(team: TeamService, url: str, token: str) -> KeyPurchaseService:
    assert team.store is not None
    policy = HttpPolicy(read_timeout=10, placement_read_timeout=10)
    svc = KeyPurchaseService(
        KinguinClient(url, token, policy=policy),
        team.store,
        poll_interval=0.02,
        reconcile_attempts=1,
        ready_timeout=10,
    )
    team.share([svc])
    return svc


# ---------------------------------------------------------------------- schema and CLI


async def test_init_creates_then_reports_up_to_date_and_status_lists_seats(
    team_dsn: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert await asyncio.to_thread(main, ["team", "--dsn", team_dsn, "status"]) == 1
    assert "team init" in capsys.readouterr().out
    assert await asyncio.to_thread(main, ["team", "--dsn", team_dsn, "init"]) == 0
    assert f"version {team_store.SCHEMA_VERSION}" in capsys.readouterr().out
    assert await asyncio.to_thread(main, ["team", "--dsn", team_dsn, "init"]) == 0
    assert "up to date" in capsys.readouterr().out
    made = Seats(team_dsn, tmp_path)
    try:
        await made("ana")
        assert await asyncio.to_thread(main, ["team", "--dsn", team_dsn, "status"]) == 0
        out = capsys.readouterr().out
        assert f"schema version: {team_store.SCHEMA_VERSION}" in out
        assert "seat-ana  ana" in out
    finally:
        await made.aclose()


async def test_two_seats_migrating_at_once_migrate_once(team_dsn: str) -> None:
    conns = [await team_store.connect(team_dsn) for _ in range(4)]
    applied = await asyncio.gather(*(team_store.migrate(c) for c in conns))
    assert sorted(v for a in applied for v in a) == [v for v, _, _ in team_store.MIGRATIONS]
    for c in conns:
        await c.close()


def test_team_without_a_server_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path), "team", "status"]) == 2
    assert "FULFILDESK_TEAM_DSN" in capsys.readouterr().err


# ---------------------------------------------------------------------- claims and live updates


async def test_a_claim_is_refused_to_a_second_seat_and_shipping_happens_once(
    seats: Seats,
) -> None:
    ana, bob = await seats("ana"), await seats("bob")
    claim = await ana.claim("powerplugin", "PP-1")
    assert claim.operator == "ana"
    with pytest.raises(ClaimRefused) as refused:
        await bob.claim("powerplugin", "PP-1")
    assert "ana (seat-ana) is shipping this order" in str(refused.value)
    assert not await bob.ship("powerplugin", "PP-1")  # no claim, no shipping
    assert await ana.ship("powerplugin", "PP-1")
    # a repeat (its answer lost) is still ana's shipment, recorded once team-wide
    assert await ana.ship("powerplugin", "PP-1")
    assert not await bob.ship("powerplugin", "PP-1")  # never bob's
    history = await bob.history("powerplugin", "PP-1")
    assert [(h["operator"], h["action"]) for h in history] == [
        ("ana", "claimed"),
        ("ana", "shipped"),
    ]


async def test_an_expired_claim_passes_to_the_next_seat(seats: Seats) -> None:
    ana, bob = await seats("ana"), await seats("bob")
    await ana.claim("plum", "P-9", ttl=0.2)

    async def bob_claims() -> bool:
        try:
            await bob.claim("plum", "P-9")
        except ClaimRefused:
            return False
        return True

    await eventually_async(bob_claims, what="the expired claim passes to bob")
    claim = await ana.claim_of("plum", "P-9")
    assert claim is not None and claim.operator == "bob"


async def test_changes_reach_the_other_seat_through_notify(seats: Seats) -> None:
    ana, bob = await seats("ana"), await seats("bob")
    received: list[dict[str, Any]] = []
    arrived: list[float] = []
    bob.subscribe(lambda c: (received.append(c), arrived.append(time.monotonic())))
    sent = time.monotonic()
    await ana.claim("kinguin", "K-1")
    await ana.add_note("kinguin", "K-1", "customer called")
    await ana.tag("kinguin", "K-1", "vip")

    def kinds() -> list[str]:
        got = [c["kind"] for c in received if c.get("order_id") == "K-1"]
        assert got == ["claim", "note", "tag"], got
        return got

    await eventually_async(kinds, what="bob sees ana's changes")
    i = next(i for i, c in enumerate(received) if c["kind"] == "claim")
    assert received[i]["operator"] == "ana" and received[i]["seat"] == "seat-ana"
    print(f"NOTIFY latency, claim on ana -> callback on bob: {arrived[i] - sent:.4f} s")
    assert [n["body"] for n in await bob.notes("kinguin", "K-1")] == ["customer called"]
    # a tag taken off on one seat is off for every seat, and the others hear of it
    assert await bob.tags("kinguin", "K-1") == ["vip"]
    await ana.untag("kinguin", "K-1", "vip")
    assert await bob.tags("kinguin", "K-1") == []
    await eventually_async(
        lambda: [c["kind"] for c in received if c.get("order_id") == "K-1"][-1] == "untag",
        what="bob hears the tag go",
    )


async def test_changes_iterator(seats: Seats) -> None:
    ana, bob = await seats("ana"), await seats("bob")
    stream = bob.changes()
    first = asyncio.ensure_future(stream.__anext__())
    await asyncio.sleep(0)
    await ana.claim("kinguin", "K-2")
    change = await asyncio.wait_for(first, 30)
    assert (change["kind"], change["order_id"], change["operator"]) == ("claim", "K-2", "ana")
    await stream.aclose()


# ---------------------------------------------------------------------- purchases


async def test_a_purchase_records_its_owner_and_who_holds_the_keys(
    seats: Seats, kinguin_url: str, token: str
) -> None:
    ana, bob = await seats("ana"), await seats("bob")
    settled: list[dict[str, Any]] = []
    bob.subscribe(lambda c: settled.append(c) if c.get("state") == "completed" else None)
    svc = keys_service(ana, kinguin_url, token)
    outcome = await svc.buy([ANNO])
    assert outcome.completed, outcome.message
    order_id = outcome.operation.provider_order_id
    assert order_id is not None

    async def holders() -> list[dict[str, Any]]:
        found = await bob.key_holders("kinguin", order_id)
        assert found and found[0]["operator"] == "ana" and found[0]["key_count"] == 1
        return found

    await eventually_async(holders, what="bob sees that ana holds the key")
    await eventually_async(lambda: settled, what="bob hears the purchase settled")
    assert set((await holders())[0].keys()) == {
        "seat_id",
        "operator",
        "key_count",
        "stored_at",
    }  # who and how many, never the key
    await svc.client.aclose()


async def test_a_lost_answer_never_adopts_an_order_another_seat_owns(
    seats: Seats, kinguin_url: str, token: str
) -> None:
    """The measured bug of issue 17: two journals both claimed the same key."""
    ana, bob = await seats("ana"), await seats("bob")
    ana_svc, bob_svc = keys_service(ana, kinguin_url, token), keys_service(bob, kinguin_url, token)
    # bob recorded `sending` for the same products, then lost the answer (nothing was created)
    assert bob.store is not None
    op = await bob_svc.begin([ANNO])

    def to_sending(s: Store) -> Any:
        return s.journal_transition(op.operation_id, OpState.SENDING, "sent", sent_at=ts_precise())

    await bob.store.run(to_sending)
    bought = await ana_svc.buy([ANNO])
    assert bought.completed, bought.message
    outcome = await bob_svc.drive(op.operation_id)
    # alone, bob's journal would adopt ana's order; in the team it is ana's, so bob reviews
    assert outcome.state is OpState.NEEDS_REVIEW, outcome.message
    assert outcome.operation.provider_order_id is None
    owner = await bob._command(lambda s: s.owner_of("kinguin", bought.operation.provider_order_id))
    assert owner is not None and owner.operation_id == bought.operation.operation_id
    for svc in (ana_svc, bob_svc):
        await svc.client.aclose()


async def test_one_order_is_owned_by_one_operation_whatever_python_does(schema: str) -> None:
    """The constraint, not a check: two operations racing to own the same order."""
    stores = [await team_store.TeamStore.open(schema, Seat(f"s{i}", f"op{i}")) for i in range(8)]
    owners = await asyncio.gather(
        *(
            s.own_order(f"op-{i}", "kinguin", "buy_keys", "placed", "K-77")
            for i, s in enumerate(stores)
        )
    )
    assert len({o.operation_id for o in owners}) == 1
    conn = stores[0].conn
    cur = await conn.execute(
        "SELECT count(*) AS n FROM operations WHERE provider_order_id = 'K-77'"
    )
    assert (await cur.fetchone())["n"] == 1
    with pytest.raises(team_store.psycopg.errors.UniqueViolation):
        await conn.execute(
            "INSERT INTO operations (operation_id, provider, kind, seat_id, operator, state,"
            " provider_order_id) VALUES ('x', 'kinguin', 'buy_keys', 's', 'o', 'placed', 'K-77')"
        )
    for s in stores:
        await s.close()


# ---------------------------------------------------------------------- the server down


async def test_offline_seat_refuses_claims_and_purchases_then_comes_back(
    seats: Seats, pg_cluster: PgCluster, kinguin_url: str, token: str
) -> None:
    ana = await seats("ana")
    statuses: list[bool] = []
    ana.on_status(lambda online, _problem: statuses.append(online))
    svc = keys_service(ana, kinguin_url, token)
    await asyncio.to_thread(pg_cluster.stop)
    try:
        await eventually_async(lambda: not ana.online, what="ana sees the team offline")
        with pytest.raises(TeamOffline):
            await ana.claim("kinguin", "K-3")
        with pytest.raises(TeamOffline):
            await svc.buy([ANNO])
        assert await ana.store.run(Store.journal_list, None, None) == []  # nothing recorded
    finally:
        await asyncio.to_thread(pg_cluster.start)
    assert await ana.wait_online(30), ana.problem
    assert statuses[-2:] == [False, True]
    assert (await ana.claim("kinguin", "K-3")).operator == "ana"
    outcome = await svc.buy([ANNO])
    assert outcome.completed, outcome.message
    await svc.client.aclose()


async def test_a_purchase_in_flight_finishes_and_records_its_ownership_when_back(
    seats: Seats, pg_cluster: PgCluster, kinguin_url: str, token: str
) -> None:
    ana = await seats("ana")
    svc = keys_service(ana, kinguin_url, token)
    stopped: list[bool] = []

    def progress(_op: str, state: OpState, _text: str) -> None:
        if state is OpState.PLACED and not stopped:
            pg_cluster.stop()  # the server goes away while the order is at Kinguin
            stopped.append(True)

    try:
        outcome = await svc.buy([ANNO], progress)
    finally:
        await asyncio.to_thread(pg_cluster.start)
    assert stopped and outcome.completed, outcome.message
    assert len(outcome.keys) == 1
    order_id = outcome.operation.provider_order_id
    assert await ana.wait_online(30), ana.problem

    async def recorded() -> bool:
        owner = await ana._command(lambda s: s.owner_of("kinguin", order_id))
        assert owner is not None and owner.operation_id == outcome.operation.operation_id
        states = await ana._command(lambda s: s.operation_states())
        assert states[outcome.operation.operation_id] == "completed"
        assert (await ana.key_holders("kinguin", order_id))[0]["key_count"] == 1
        return True

    await eventually_async(recorded, what="ownership recorded after the restart")
    await svc.client.aclose()


async def test_offline_before_sending_keeps_the_intent(
    seats: Seats, pg_cluster: PgCluster, kinguin_url: str, token: str
) -> None:
    ana = await seats("ana")
    svc = keys_service(ana, kinguin_url, token)
    op = await svc.begin([ANNO])
    await asyncio.to_thread(pg_cluster.stop)
    try:
        await eventually_async(lambda: not ana.online, what="offline")
        outcome = await svc.drive(op.operation_id)
        assert outcome.state is OpState.INTENT
        assert "nothing was sent" in outcome.message
    finally:
        await asyncio.to_thread(pg_cluster.start)
    assert await ana.wait_online(30)
    outcome = await svc.drive(op.operation_id)
    assert outcome.completed, outcome.message
    await svc.client.aclose()


# ---------------------------------------------------------------------- shared credentials


async def test_a_rotating_credential_is_refreshed_once_at_a_time_and_shared_encrypted(
    seats: Seats,
) -> None:
    key = Fernet.generate_key()
    a, b = await seats("ana"), await seats("bob")
    seen: list[str | None] = []

    async def refresh(latest: str | None, generation: int) -> str:
        seen.append(latest)
        await asyncio.sleep(0.01)  # the provider's answer takes a while
        return f"refresh-{generation + 1}"

    results = await asyncio.gather(
        *(t.rotate_credential("plum-oauth-state@x", key, refresh) for t in [a, b] * 5)
    )
    # serialised by the advisory lock: every refresh started from the one before it
    assert seen == [None] + [f"refresh-{i}" for i in range(1, 10)]
    assert sorted(results) == sorted(f"refresh-{i}" for i in range(1, 11))
    stored = await a._command(lambda s: s.read_credential("plum-oauth-state@x"))
    assert stored is not None and stored[0] == 10
    assert "refresh" not in stored[1]  # encrypted in the database
    with pytest.raises(Interrupted):  # (import kept honest: Interrupted is what steps raise)
        raise Interrupted("x")


async def test_plum_refresh_token_rotated_by_one_seat_is_used_by_the_next(
    seats: Seats, sandbox: Any, pg_cluster: PgCluster
) -> None:
    """Issue 17: Plum's refresh token rotates on every use, so two seats refreshing on their
    own lock each other out. In the team, the second seat renews from the first one's token."""
    from fulfildesk.providers.auth import MemoryCredentialStore
    from fulfildesk.providers.plum import PlumClient, PlumCredentials
    from fulfildesk.sandbox.config import PLUM_CLIENT_ID, PLUM_CLIENT_SECRET, PLUM_REFRESH_TOKEN

    key = Fernet.generate_key()
    creds = PlumCredentials(PLUM_CLIENT_ID, PLUM_CLIENT_SECRET, PLUM_REFRESH_TOKEN)
    clients = []
    for name in ("ana", "bob"):
        team = await seats(name)
        store = MemoryCredentialStore()  # each seat's own keyring
        client = PlumClient(
            sandbox.base_url("plum"), credentials=creds, store=store, policy=HttpPolicy()
        )
        team.share_credential(client.tokens, "plum-oauth-state@x", store, key, "plum")
        clients.append((team, client, store))
    try:
        (ana, ana_plum, _), (bob, bob_plum, bob_store) = clients
        assert await ana_plum.get_vouchers_page(10, 1)  # ana refreshes: the first token is spent
        assert ana_plum.tokens is not None and ana_plum.tokens.renewals == 1
        assert bob_plum.tokens is not None
        assert await bob_plum.get_vouchers_page(10, 1)  # with ana's access token: no refresh
        assert bob_plum.tokens.renewals == 0
        with sandbox.sandbox.db.conn as conn:  # every access token expires at Plum
            conn.execute("UPDATE p_tokens SET expires_at = 0 WHERE kind = 'access'")
        assert await bob_plum.get_vouchers_page(10, 1)  # bob refreshes with ana's rotated token
        assert bob_plum.tokens.renewals == 1
        assert sandbox.sandbox.plum.current_refresh_tokens() == [bob_store.load()["refresh_token"]]
        stored = await bob._command(lambda s: s.read_credential("plum-oauth-state@x"))
        assert stored is not None and stored[0] == 2
        assert PLUM_REFRESH_TOKEN not in stored[1] and "refresh_token" not in stored[1]
        # the server down: nobody renews (the next seat would find the token spent)
        await asyncio.to_thread(pg_cluster.stop)
        try:
            await eventually_async(lambda: not ana.online, what="ana sees the team offline")
            with pytest.raises(ProviderTimeout, match="team server"):
                await ana_plum.tokens.renew(ana_plum.tokens.access_token, force=True)
        finally:
            await asyncio.to_thread(pg_cluster.start)
        assert await ana.wait_online(30)
    finally:
        for _, client, _ in clients:
            await client.aclose()


@pytest.fixture
def cli_logging() -> Iterator[None]:
    """`main` logs to stderr through a handler of its own; it goes with the test's stderr."""
    import logging

    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_fulfildesk", False):
            root.removeHandler(handler)
            handler.close()


def test_cli_buys_nothing_while_the_team_server_is_away(
    cli_logging: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kinguin_url: str,
    token: str,
) -> None:
    from helpers.pg import free_port

    monkeypatch.setenv("FULFILDESK_TEAM_DSN", f"host=127.0.0.1 port={free_port()} dbname=x")
    monkeypatch.setenv("FULFILDESK_KINGUIN_URL", kinguin_url)
    monkeypatch.setenv("FULFILDESK_KINGUIN_TOKEN", token)
    home = tmp_path / "home"
    code = main(["--data-dir", str(home), "buy-keys", "--product", "5", "--max-price", "3.59"])
    err = capsys.readouterr().err
    assert code == 1
    assert "team offline" in err and "spends money" in err
    assert main(["--data-dir", str(home), "journal"]) == 0
    assert "intent" not in capsys.readouterr().out  # not even an intent was recorded
    assert main(["--data-dir", str(home), "orders"]) == 0  # browsing the cache still works
