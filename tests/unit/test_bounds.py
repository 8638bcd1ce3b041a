"""Bounded everything (issue 12 part 8): ids a provider cannot take, over-long free text and
huge searches are refused in the service / store layer, with a field error, before anything is
recorded or sent."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk.domain.models import KeyLine
from fulfildesk.domain.validation import MAX_ID, FieldProblems, url_problem
from fulfildesk.services.inventory import EntryDraft, InventoryOrderDraft, InventoryService
from fulfildesk.services.keys import KeyPurchaseService
from fulfildesk.services.shipping import ReservationRequest, ShippingService
from fulfildesk.services.vouchers import VoucherRequest, VoucherService
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.queries import (
    SEARCH_MAX_WORD_CHARS,
    SEARCH_MAX_WORDS,
    capped_words,
    fts_query,
)
from fulfildesk.store.vault import Vault


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AsyncStore]:
    s = AsyncStore(Store(tmp_path / "cache.sqlite", Vault.generate()))
    yield s
    s.close()


class Unused:
    """A provider client the refused request never reaches."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"the provider was called ({name}) for a refused request")


async def journal(store: AsyncStore) -> list[object]:
    return await store.run(Store.journal_list)


async def test_a_kinguin_id_beyond_64_bits_is_a_field_error_and_nothing_is_recorded(
    store: AsyncStore,
) -> None:
    service = KeyPurchaseService(Unused(), store)  # type: ignore[arg-type]
    lines = [
        KeyLine(product_id=5, quantity=1, max_price=Decimal("3.59")),
        KeyLine(product_id=2**64, quantity=1, max_price=Decimal("3.59"), name="x" * 500),
    ]
    with pytest.raises(FieldProblems) as info:
        await service.buy(lines)
    assert set(info.value.field_errors) == {"lines.1.product_id", "lines.1.name"}
    assert "9,223,372,036,854,775,807" in info.value.field_errors["lines.1.product_id"]
    assert await journal(store) == []


async def test_the_largest_64_bit_id_is_accepted_by_the_check() -> None:
    from fulfildesk.services.keys import line_problems

    assert line_problems([KeyLine(product_id=MAX_ID, quantity=1, max_price=Decimal(1))]) == {}


async def test_inventory_ids_and_texts_are_range_checked(store: AsyncStore) -> None:
    service = InventoryService(Unused(), store)  # type: ignore[arg-type]
    draft = InventoryOrderDraft(
        player_id=2**63,
        entries=[
            EntryDraft(type="fill_loot", loot_id=2**70, quantity=1),
            EntryDraft(type="promotion_code", external_tran_id="P" * 1000),
        ],
    )
    with pytest.raises(FieldProblems) as info:
        await service.submit(draft)
    assert {"player_id", "entries.0.loot_id", "entries.1.external_tran_id"} <= set(
        info.value.field_errors
    )
    assert await journal(store) == []
    many = InventoryOrderDraft(player_id=7, entries=[EntryDraft(loot_id=1)] * 10_000)
    assert "entries" in many.problems()


async def test_plum_ids_denominations_and_names_are_bounded(store: AsyncStore) -> None:
    service = VoucherService(Unused(), store)  # type: ignore[arg-type]
    request = VoucherRequest(2**64, Decimal("1e30"), 1, product_name="n" * 5000)
    with pytest.raises(FieldProblems) as info:
        await service.buy(request)
    assert {"product", "denomination", "product_name"} <= set(info.value.field_errors)
    assert VoucherRequest(29877, Decimal("NaN")).problems().get("denomination")
    assert await journal(store) == []


async def test_warehouse_ids_are_bounded(store: AsyncStore) -> None:
    service = ShippingService(Unused(), store)  # type: ignore[arg-type]
    request = ReservationRequest("p1", "x" * 500, "e" * 65, denomination=2**40)
    with pytest.raises(FieldProblems) as info:
        await service.reserve(request)
    assert {"product", "establishment", "denomination"} <= set(info.value.field_errors)
    assert await journal(store) == []


def test_search_is_capped_in_words_and_characters() -> None:
    words = capped_words(" ".join(f"word{n}" for n in range(10_000)))
    assert len(words) == SEARCH_MAX_WORDS
    assert capped_words("a" * 100_000) == ["a" * SEARCH_MAX_WORD_CHARS]
    assert fts_query("PO-123 anno") == '"PO-123"* "anno"*'
    assert len(fts_query("x " * 1_000_000)) < 200


def test_a_huge_search_becomes_a_small_query() -> None:
    from fulfildesk.store.queries import OrderFilter

    _clause, args = OrderFilter(search=" ".join(["anno"] * 100_000)).where()
    assert len(str(args)) < 2_000


def test_plain_http_from_the_environment_is_named_at_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from fulfildesk.config import load_settings
    from fulfildesk.domain.models import Provider

    monkeypatch.setenv("FULFILDESK_KINGUIN_URL", "http://api.example.com/integration")
    with caplog.at_level(logging.WARNING):
        settings = load_settings(tmp_path)
    assert settings.provider(Provider.KINGUIN).url == "http://api.example.com/integration"
    assert "FULFILDESK_KINGUIN_URL" in caplog.text and "https://" in caplog.text
    assert url_problem("http://api.example.com") and not url_problem("https://api.example.com")
    assert not url_problem("http://127.0.0.1:8765/kinguin")
