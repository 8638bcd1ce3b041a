"""How the console is wired to Kinguin: the API generation and the daily spend limit from the
environment and settings.json, the demo on the current generation, and the form's field keys."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from fulfildesk.config import Settings, load_settings, parse_daily_limit, save_provider_urls
from fulfildesk.context import AppContext, demo_settings
from fulfildesk.domain.models import Provider
from fulfildesk.services.keys import delivery_text, form_errors


@pytest.mark.parametrize(
    "text,limit",
    [
        ("250", Decimal("250")),
        (" 99.50 ", Decimal("99.50")),
        ("off", None),
        ("0", None),
        ("", None),
        ("-5", None),
        ("lots", None),
        ("NaN", None),
    ],
)
def test_daily_limit_values(text: str, limit: Decimal | None) -> None:
    assert parse_daily_limit(text) == limit


def test_daily_limit_from_env_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "settings.json").write_text(
        json.dumps({"providers": {"kinguin": {"url": "https://x.invalid", "daily_limit": "40"}}})
    )
    from_file = load_settings(tmp_path).provider(Provider.KINGUIN)
    assert from_file.daily_limit == Decimal("40") and from_file.daily_limit_source == "file"
    monkeypatch.setenv("FULFILDESK_KINGUIN_DAILY_LIMIT", "15.5")
    from_env = load_settings(tmp_path)
    entry = from_env.provider(Provider.KINGUIN)
    assert entry.daily_limit == Decimal("15.5") and entry.daily_limit_source == "env"
    save_provider_urls(from_env)  # the environment's value is never written to the file
    saved = json.loads((tmp_path / "settings.json").read_text())["providers"]["kinguin"]
    assert "daily_limit" not in saved
    monkeypatch.setenv("FULFILDESK_KINGUIN_DAILY_LIMIT", "off")
    assert load_settings(tmp_path).provider(Provider.KINGUIN).daily_limit is None


def test_a_limit_chosen_in_the_file_survives_saving(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    entry = settings.provider(Provider.KINGUIN)
    entry.url, entry.daily_limit, entry.daily_limit_source = (
        "https://x.invalid",
        Decimal("7"),
        "file",
    )
    save_provider_urls(settings)
    assert load_settings(tmp_path).provider(Provider.KINGUIN).daily_limit == Decimal("7")


async def test_context_builds_the_client_for_the_chosen_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FULFILDESK_KINGUIN_URL", "https://gateway.kinguin.net/esa/api")
    monkeypatch.setenv("FULFILDESK_KINGUIN_TOKEN", "t")
    monkeypatch.setenv("FULFILDESK_KINGUIN_DAILY_LIMIT", "100")
    ctx = AppContext.open(load_settings(tmp_path))
    try:
        assert ctx.kinguin is not None and ctx.kinguin.api == "current"
        assert ctx.keys is not None and ctx.keys.daily_limit == Decimal("100")
    finally:
        await ctx.aclose()
    monkeypatch.setenv("FULFILDESK_KINGUIN_API", "v1")
    ctx = AppContext.open(load_settings(tmp_path))
    try:
        assert ctx.kinguin is not None and ctx.kinguin.api == "v1"
    finally:
        await ctx.aclose()


def test_demo_uses_the_current_generation(tmp_path: Path) -> None:
    settings, sandbox = demo_settings(tmp_path)
    try:
        entry = settings.provider(Provider.KINGUIN)
        assert entry.url == sandbox.base_url("kinguin-current")
        assert entry.api == "current"
    finally:
        sandbox.stop()


def test_form_errors_map_property_paths_to_lines() -> None:
    assert form_errors(
        {
            "products[2].qty": "a",
            "products[0].price": "b",
            "products[1].kinguinId": "c",
            "products": "d",
            "price": "e",
            "somethingElse": "f",
        }
    ) == {
        "quantity[2]": "a",
        "price[0]": "b",
        "product[1]": "c",
        "products": "d",
        "price": "e",
    }


def test_delivery_text() -> None:
    assert delivery_text(3, 5) == "3 of 5 keys delivered"
    assert delivery_text(0, 1) == "0 of 1 key delivered"
    assert delivery_text(2, 0) == "2 keys delivered"
