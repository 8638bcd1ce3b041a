"""The bulk warehouse service against the real sandbox: the preview's rules (stage, address,
tracking list), all-or-none creation of a run, and a lost answer settled by reading back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fulfildesk.domain.journal import OpState
from fulfildesk.providers.powerplugin import PowerPluginClient
from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT
from fulfildesk.services.bulk import BulkRunner, BulkService, parse_tracking_list, plan
from fulfildesk.services.shipping import ReservationRequest, ShippingService
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.vault import Vault

POSTER = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b63"


@pytest.fixture
async def setup(tmp_path: Path, sandbox: Any) -> Any:
    store = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    client = PowerPluginClient(sandbox.base_url("powerplugin"), sandbox.sandbox.config.token)
    shipping = ShippingService(client, store, operator="ana")
    ids = []
    for n in range(3):
        outcome = await shipping.reserve(
            ReservationRequest(f"svc-bulk-{n}", POSTER, SEED_ESTABLISHMENT)
        )
        assert outcome.shipment is not None
        await shipping.update_details(
            outcome.shipment,
            {"address": "Calle Mayor 1", "postalCode": "28013", "city": "Madrid", "country": "ES"},
        )
        ids.append(outcome.shipment.transaction_id)
    yield store, client, shipping, ids
    await client.aclose()
    store.close()


def test_a_pasted_tracking_list_reads_any_separator() -> None:
    pairs, bad = parse_tracking_list(
        "PROV-1, TRK-00001\nPROV-2;TRK-00002\nPROV-3\tTRK-00003\nPROV-4 TRK-00004\n\n# note\nbroken"
    )
    assert pairs == [(f"PROV-{n}", f"TRK-0000{n}") for n in range(1, 5)]
    assert bad == ["broken"]


async def test_the_preview_says_what_is_skipped_and_why(setup: Any) -> None:
    store, client, _shipping, ids = setup
    items = await plan(store, "track", ids, tracking={ids[0]: "TRK-12345"})
    assert [i.skip for i in items] == ["the order is waiting to be shipped"] * 3
    items = await plan(store, "ship", [ids[0], ids[0], "nope"], held_by_others={ids[1]: "bob"})
    assert [i.transaction_id for i in items] == [ids[0], "nope"]  # a duplicate once
    assert items[1].skip == "not a warehouse order in the cache"
    held = await plan(store, "ship", [ids[1]], held_by_others={ids[1]: "bob (seat-2)"})
    assert held[0].skip == "bob (seat-2) is handling this order"
    runner = BulkRunner(BulkService(client, store, operator="ana"), await plan(store, "ship", ids))
    results = await runner.run()
    assert [r.state for r in results] == ["done"] * 3
    ref = {i.transaction_id: i.reference for i in runner.items}
    items = await plan(
        store,
        "track",
        ids,
        tracking={ref[ids[0]]: "TRK-11111", ids[1]: "TRK-11111", ids[2]: "bad number!"},
    )
    assert items[0].what == "add tracking TRK-11111" and not items[0].skipped
    assert items[1].skip == f"tracking number TRK-11111 is also given for {ref[ids[0]]}"
    assert "is not a tracking number" in items[2].skip


async def test_a_run_is_created_all_or_none(setup: Any) -> None:
    store, client, _shipping, ids = setup

    class Offline(Exception):
        pass

    class Flaky:
        calls = 0

        async def before_create(self, service: Any) -> None:
            Flaky.calls += 1
            if Flaky.calls == 3:
                raise Offline("the team server cannot be reached")

        async def before_transition(self, *args: Any) -> None:
            return None

        async def observed(self, *args: Any) -> None:
            return None

        async def owned_elsewhere(self, *args: Any) -> set[str]:
            return set()

    service = BulkService(client, store, operator="ana")
    service.ownership = Flaky()
    with pytest.raises(Offline):
        await BulkRunner(service, await plan(store, "ship", ids)).run()
    entries = await store.run(Store.journal_list, None, "powerplugin")
    bulk = [o for o in entries if o.kind == "bulk"]
    assert len(bulk) == 2 and all(o.state is OpState.ABANDONED for o in bulk)
    assert await service.resume_all() == []  # nothing left to send
