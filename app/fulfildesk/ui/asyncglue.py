"""All Qt <-> asyncio glue in one small module (qasync is slow-moving; keep it replaceable).

TaskRunner keeps a reference to every task it starts (qasync 0.28 drops @asyncSlot tasks), reports
busy state, and turns an escaped exception into a message instead of a silent log line.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Coroutine
from typing import Any

os.environ.setdefault("QT_API", "pyside6")

import qasync  # QT_API=pyside6 is set above, so qasync binds PySide6
import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def new_event_loop(app: QApplication) -> asyncio.AbstractEventLoop:
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)  # qasync is untyped
    return loop


def new_test_loop(app: QApplication) -> asyncio.AbstractEventLoop:
    """A loop for tests that drive Qt themselves (qtbot.waitUntil / waitSignal)."""
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app, already_running=True)
    return loop


class TaskRunner(QObject):
    busyChanged = Signal(bool)
    failed = Signal(str)
    #: the same failure with its exception and the task's name (for the crash dialog)
    crashed = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def start(self, coro: Coroutine[Any, Any, Any], name: str = "") -> asyncio.Task[Any]:
        loop = asyncio.get_event_loop()
        task = loop.create_task(coro, name=name or None)
        was_busy = self.busy
        self._tasks.add(task)
        task.add_done_callback(self._done)
        if not was_busy:
            self.busyChanged.emit(True)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not shiboken6.isValid(self):  # the window went away while the task finished
            return
        exc = None if task.cancelled() else task.exception()
        if exc is not None:
            log.error(
                "task %s failed", task.get_name(), exc_info=(type(exc), exc, exc.__traceback__)
            )
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            self.crashed.emit(exc, task.get_name())
        if not self._tasks:
            self.busyChanged.emit(False)

    async def cancel_all(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)


def close_test_loop(loop: asyncio.AbstractEventLoop, app: QApplication) -> None:
    """Close a loop made by new_test_loop without loop.stop() (which would make every later
    QApplication.exec() return at once). Touches qasync internals: that is why it lives here."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            app.aboutToQuit.disconnect(loop._after_run_forever)  # type: ignore[attr-defined]
        except (RuntimeError, TypeError):
            pass
    loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
    loop._after_run_forever()  # type: ignore[attr-defined]
    asyncio.events._set_running_loop(None)
    loop.close()
    # qasync's close() only flags its timer object; kill the Qt timers so that collecting the
    # object later (possibly on a worker thread) does not touch timers across threads.
    timer = loop._timer  # type: ignore[attr-defined]
    callbacks = timer._SimpleTimer__callbacks
    for timer_id in list(callbacks):
        timer.killTimer(timer_id)
    callbacks.clear()
