"""A damaged order cache at start-up (issue 12, item 6): it is moved aside, never deleted, and
the window asks before rebuilding it from the providers; Escape keeps the list empty and sends
nothing to the providers, Enter rebuilds it by a sync. The journal is not touched either way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from fulfildesk.config import Settings
from fulfildesk.context import AppContext


@pytest.fixture
def damaged_window(settings: Settings, qtbot, arun, sandbox) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from fulfildesk.ui.main_window import MainWindow

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.cache_path.write_bytes(b"this is not a database " * 400)
    ctx = AppContext.open(settings, poll_interval=0.02)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    yield window
    arun(window.runner.cancel_all())
    window.model.close()
    arun(ctx.aclose())


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Return])
def test_damaged_cache_is_rebuilt_only_with_consent(
    damaged_window, qtbot, sandbox, settings, key
) -> None:  # type: ignore[no-untyped-def]
    window = damaged_window
    aside = list(settings.data_dir.glob("cache.sqlite.damaged-*"))
    assert len(aside) == 1  # moved aside, not deleted
    assert aside[0].read_bytes().startswith(b"this is not a database")
    window.start()
    qtbot.waitUntil(lambda: getattr(window, "cache_box", None) is not None, timeout=10000)
    box = window.cache_box
    qtbot.waitUntil(box.isVisible)
    assert aside[0].name in box.text()
    assert "journal" in box.informativeText()
    before = len(sandbox.requests)
    with qtbot.waitSignal(window.startupFinished, timeout=20000):
        qtbot.keyClick(box, key)
    if key == Qt.Key.Key_Escape:  # "Not now": nothing fetched, the list stays empty
        assert [p for _m, p in sandbox.requests[before:] if "order" in p] == []
        assert window.model.rowCount() == 0
    else:  # "Rebuild now" (the default): a sync fills the list again
        assert any("order" in path for _m, path in sandbox.requests[before:])
        qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=10000)
