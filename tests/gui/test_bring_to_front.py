"""What a second start's raise request does to the running window (the request itself travels
between real processes in tests/e2e/test_single_instance.py)."""

from __future__ import annotations

from pathlib import Path

from fulfildesk.ui.app import bring_to_front
from fulfildesk.ui.single_instance import SingleInstance


def test_raise_request_restores_a_minimized_window(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    instance = SingleInstance(tmp_path / "data")
    assert instance.try_acquire()
    # a second claim on the same directory, even in this process, finds it taken
    assert not SingleInstance(tmp_path / "data").try_acquire()
    instance.raiseRequested.connect(lambda: bring_to_front(window))
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=5000)
    instance.raiseRequested.emit()
    assert not window.isMinimized() and window.isVisible()
    instance.release()
    again = SingleInstance(tmp_path / "data")
    assert again.try_acquire()  # released: the next start takes it
    again.release()
