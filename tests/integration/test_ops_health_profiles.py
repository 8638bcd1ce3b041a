"""Issue 14: the profile's daily limit and the operator on the journal (real sandbox, real
SQLite files), provider health recorded by the HTTP layer over loopback and kept across a
restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk.config import Settings, load_settings, save_settings
from fulfildesk.domain.models import KeyLine, Provider
from fulfildesk.providers.errors import ProviderError
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.providers.kinguin import KinguinClient
from fulfildesk.services import profiles
from fulfildesk.services.health import HealthService
from fulfildesk.services.keys import KeyPurchaseService, ProfileLimitExceeded, SpendRefused
from fulfildesk.store import ops
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.journal import OpState
from fulfildesk.store.vault import Vault
from helpers import closing

ANNO = KeyLine(product_id=5, quantity=2, max_price=Decimal("3.59"), name="Anno")


@pytest.fixture
async def store(tmp_path: Path):
    s = AsyncStore(
        Store(tmp_path / "cache.sqlite", Vault.generate(), journal_path=tmp_path / "j.sqlite")
    )
    yield s
    s.close()


def keys_service(url: str, token: str, store: AsyncStore, **kw) -> KeyPurchaseService:  # type: ignore[no-untyped-def]
    return KeyPurchaseService(
        KinguinClient(url, token), store, poll_interval=0.02, ready_timeout=10, **kw
    )


async def test_profile_limit_asks_then_buys_and_the_journal_names_the_operator(
    kinguin_url: str, token: str, store: AsyncStore
) -> None:
    service = keys_service(kinguin_url, token, store, operator="ana")
    service.profile, service.profile_limit = "store_manager", Decimal(5)
    async with closing(service.client):
        with pytest.raises(ProfileLimitExceeded) as refused:
            await service.begin([ANNO])  # up to 7.18 EUR > 5
        assert "store manager profile" in refused.value.message
        assert await store.run(Store.journal_list, None, None) == []  # nothing journaled
        op = await service.begin([ANNO], over_profile_limit=True)  # the person confirmed
        outcome = await service.drive(op.operation_id)
        assert outcome.operation.state is OpState.COMPLETED
        assert await store.run(ops.journal_operators) == {op.operation_id: "ana"}


async def test_the_installation_limit_stays_hard_whatever_the_profile(
    kinguin_url: str, token: str, store: AsyncStore
) -> None:
    service = keys_service(kinguin_url, token, store, daily_limit=Decimal(5))
    service.profile_limit = None
    async with closing(service.client):
        with pytest.raises(SpendRefused) as refused:
            await service.begin([ANNO], over_profile_limit=True)
        assert not isinstance(refused.value, ProfileLimitExceeded)


def test_profile_limits_build_on_the_daily_limit(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert profiles.profile_limit(settings, "warehouse") == 0  # every key purchase asks
    assert profiles.profile_limit(settings, "store_manager") == 100
    assert profiles.profile_limit(settings, "key_dispatcher") is None
    settings.provider(Provider.KINGUIN).daily_limit = Decimal(50)
    assert profiles.profile_limit(settings, "store_manager") == 50  # never above the hard one
    settings.profile_limits = {"key_dispatcher": "30", "store_manager": "off"}
    assert profiles.profile_limit(settings, "key_dispatcher") == 30
    assert profiles.profile_limit(settings, "store_manager") is None
    assert profiles.profile_of("Store Manager") == "store_manager"
    assert profiles.profile_of("root") == "all"


def test_operator_and_profile_are_read_and_written_with_the_settings(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, operator="ana", profile="warehouse")
    settings.profile_limits = {"warehouse": "20"}
    save_settings(settings)
    again = load_settings(tmp_path)
    assert (again.operator, again.profile) == ("ana", "warehouse")
    assert again.profile_limits == {"warehouse": "20"}


async def test_health_is_recorded_by_the_http_layer_and_survives_a_restart(
    kinguin_url: str, token: str, store: AsyncStore
) -> None:
    health = HealthService(store)
    health.start()
    try:
        async with closing(KinguinClient(kinguin_url, token)) as client:
            for _ in range(3):
                await client.list_orders()
        dead = KinguinClient("http://127.0.0.1:9", token, policy=HttpPolicy(max_attempts=1))
        async with closing(dead):
            for _ in range(2):
                with pytest.raises(ProviderError):
                    await dead.list_orders()
    finally:
        health.stop()
    stats = health.stats("kinguin")
    assert (stats.requests, stats.errors) == (5, 2)
    assert stats.p50 is not None and stats.p95 is not None and stats.p50 <= stats.p95
    assert "40% of 5 recent requests failed" in health.degraded("kinguin")
    assert await health.flush() == 1
    restarted = HealthService(store)
    await restarted.load()
    assert restarted.stats("kinguin").requests == 5
    assert restarted.stats("kinguin", timedelta(days=1)).errors == 2
    assert sum(p.requests for p in restarted.series("kinguin")) == 5


async def test_health_keeps_a_day_and_judges_latency(store: AsyncStore) -> None:
    now = [datetime(2026, 12, 1, 12, 0, tzinfo=UTC)]
    health = HealthService(store, clock=lambda: now[0])
    for ms in (100.0, 120.0, 4000.0, 5000.0):
        health.record("plum", ms, False)
    assert health.degraded("plum").startswith("slow: p95 5000 ms")
    await health.flush()
    now[0] += timedelta(minutes=11)
    assert health.degraded("plum") == ""  # no longer recent
    assert health.stats("plum").requests == 4
    now[0] += timedelta(days=1)
    health.record("plum", 50.0, False)
    await health.flush()  # the day-old minute leaves memory and the table
    rows = await store.run(ops.health_rows, "0000")
    assert [r["requests"] for r in rows] == [1]
    assert health.stats("plum", timedelta(days=1)).requests == 1
