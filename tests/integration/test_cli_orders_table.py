"""`fulfildesk orders` refuses nonsense and prints a readable table (issue 13.9)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from test_cli_sync_orders import env_for, run

from fulfildesk.domain.models import Money, Order, OrderLine, OrderStatus, Provider
from fulfildesk.store.db import Store
from fulfildesk.store.vault import open_vault


def seed(home: Path) -> None:
    store = Store(home / "cache.sqlite", open_vault(home))
    store.upsert_orders(
        [
            Order(
                provider=Provider.KINGUIN,
                provider_order_id="K-1",
                status=OrderStatus.OUT_OF_STOCK,
                provider_status="out_of_stock",
                lines=[OrderLine(product_id="5", name="Anno", quantity=1)],
                total=Money(amount=Decimal("3.5"), currency="EUR"),
            ),
            Order(
                provider=Provider.INVENTORY,
                provider_order_id="I-2",
                status=OrderStatus.COMPLETED,
                provider_status="partial",
                player_id="7",
            ),
            Order(
                provider=Provider.POWERPLUGIN,
                provider_order_id="P-3",
                status=OrderStatus.SHIPPED,
                provider_status="Acquisition Shipped",
                total=Money(amount=Decimal("1234.5"), currency="USD"),
            ),
        ]
    )
    store.close()


def test_unknown_provider_and_status_exit_2_listing_valid_values(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = env_for(sandbox, tmp_path / "home", "kinguin")
    wrong = run(["orders", "--provider", "amazon"], env)
    assert wrong.returncode == 2
    assert "'amazon'" in wrong.stderr
    for code in ("kinguin", "plum", "powerplugin", "inventory"):
        assert code in wrong.stderr
    bogus = run(["orders", "--status", "bogus"], env)
    assert bogus.returncode == 2 and "'bogus'" in bogus.stderr
    assert "out_of_stock (Out of stock)" in bogus.stderr


def test_table_has_a_header_words_and_aligned_money(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home.mkdir()
    seed(home)
    env = env_for(sandbox, home, "kinguin")
    shown = run(["orders"], env)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].split()[:3] == ["Provider", "Order", "Status"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    body = "\n".join(lines[2:])
    assert "out_of_stock" not in body and "Out of stock" in body
    assert "Partly applied" in body  # a partial inventory order reads as partial
    assert "Physical goods" in body and "powerplugin" not in body
    money = [line for line in lines[2:] if "EUR" in line or "USD" in line]
    ends = {line.index(".") for line in money if "." in line}
    assert len(ends) == 1  # the decimal points line up
    assert any("1234.50" in line for line in money) and any("3.50" in line for line in money)
