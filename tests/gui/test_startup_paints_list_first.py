"""Issue 15: the window paints the order list before the heavy layers load, then completes.

The real start (ui.app._amain) builds MainWindow(deferred=True) on a context without provider
clients, waits for the list's first painted page and then calls finish_startup.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fulfildesk.context import AppContext
from fulfildesk.domain.models import Order, OrderStatus, Provider
from fulfildesk.ui.app import finish_startup, first_paint
from fulfildesk.ui.main_window import MainWindow


def seed(ctx: AppContext, count: int) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    ctx.store.store.upsert_orders(
        Order(
            provider=Provider.KINGUIN,
            provider_order_id=f"k-{i}",
            status=OrderStatus.COMPLETED if i % 2 else OrderStatus.FAILED,
            provider_status="x",
            created_at=start + timedelta(minutes=i),
        )
        for i in range(count)
    )


def test_the_list_paints_first_and_the_window_completes_after(  # type: ignore[no-untyped-def]
    settings, qtbot, arun
) -> None:
    ctx = AppContext.open(settings, connect=False)
    seed(ctx, 500)
    # a remembered filter applies to the list's very first read
    first = MainWindow(ctx)
    first.orders.status_filter.setCurrentIndex(first.orders.status_filter.findData("failed"))
    first.save_layout()
    first.model.close()
    first.deleteLater()

    window = MainWindow(ctx, deferred=True)
    qtbot.addWidget(window)
    assert ctx.kinguin is None and ctx.keys is None  # no provider client yet
    assert not window.completed and not hasattr(window, "keys")
    window.show()
    arun(first_paint(window))
    assert window.model.first_page_shown
    rows = [window.model.row(i) for i in range(min(window.model.rowCount(), 50))]
    assert rows and {row["status"] for row in rows if row} == {"failed"}
    # the count arriving before the rest of the window is built does not build the detail pane
    # (its modules, pydantic's included, cost 130 ms of the start when it did)
    qtbot.waitUntil(lambda: window.model.count_known, timeout=5000)
    assert window.orders._detail is None

    finish_startup(window, ctx)
    assert window.completed and window.layout_restored
    assert ctx.kinguin is not None and ctx.keys is not None  # configured: built now
    assert window.keys is not None and window.detail is window.orders.detail
    assert window.purchases_dock is not None and window.actions_by_name
    arun(window.runner.cancel_all())
    window.model.close()
    arun(ctx.aclose())


def test_a_window_closed_before_it_completed_closes_cleanly(settings, qtbot, arun) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext.open(settings, connect=False)
    window = MainWindow(ctx, deferred=True)
    qtbot.addWidget(window)
    window.show()
    assert not window.purchase_running()
    window.close()
    assert Path(settings.data_dir / "window-layout.ini").exists()
    arun(window.shutdown())
    arun(ctx.aclose())
