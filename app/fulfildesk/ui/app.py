"""Starting the window: QApplication + qasync event loop + the composition root."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from fulfildesk import APP_NAME, __version__
from fulfildesk.config import Settings
from fulfildesk.context import AppContext, DiskFull, JournalUnreadable, setup_logging
from fulfildesk.ui.asyncglue import new_event_loop

if TYPE_CHECKING:
    from fulfildesk.ui.single_instance import SingleInstance

log = logging.getLogger(__name__)


def settle_after_startup() -> None:
    """Move what start-up loaded out of the garbage collector's sight.

    Full collections then scan only what the session creates, which keeps long GC pauses off the
    GUI thread (measured on a 30,000-order sync: worst event-loop stall 50 ms -> 17 ms).
    """
    gc.collect()
    gc.freeze()


def run_gui(
    settings: Settings, *, log_level: str = "INFO", instance: SingleInstance | None = None
) -> int:
    """Open the window on `settings` until it closes. The wiring (cli) chose the settings and,
    in demo mode, started the sandbox they point at (and stops it after). `instance` is the
    claim on the data directory (ui.single_instance.claim); without one it is claimed here."""
    # what the interpreter has loaded so far is kept for the whole session: out of the garbage
    # collector's sight, so no full collection walks it before the list's first paint (a
    # 15 ms step at start-up, issue 15); settle_after_startup does the same after the paint
    gc.freeze()
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from fulfildesk.ui.single_instance import claim

    if instance is None:
        instance = claim(settings.data_dir, listen=False)
        if instance is None:  # another window on this directory was raised instead
            return 0

    setup_logging(settings.data_dir, log_level)
    log.info(
        "starting %s %s (demo=%s) in %s", APP_NAME, __version__, settings.demo, settings.data_dir
    )
    log.info("single instance: holding %s (socket %s)", instance.data_dir, instance.name)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)  # the console is a widgets application
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Fulfilment Desk")
    # the window's language: --lang (FULFILDESK_LANG), else Settings, else the system's
    from fulfildesk.ui.i18n import install_language

    install_language(app, os.environ.get("FULFILDESK_LANG") or settings.language)
    # from a checkout: the repository's resources/; in a PyInstaller bundle: its data folder
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[3]))
    icon = root / "resources" / "icons" / "fulfildesk.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    try:
        try:
            # the providers' clients are built after the list's first paint (_amain)
            ctx = AppContext.open(settings, connect=False)
        except JournalUnreadable as exc:
            # never deleted, never rebuilt: the console refuses to buy and says how to recover it
            log.error("journal damaged: %s", exc)
            refuse_to_start(
                QCoreApplication.translate("app", "The purchase journal is damaged"),
                exc.advice,
                str(exc),
            )
            return 1
        except DiskFull as exc:
            refuse_to_start(QCoreApplication.translate("app", "The disk is full"), str(exc), "")
            return 1
        with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
            runner.run(_amain(app, ctx, instance))
    finally:
        instance.release()
    return 0


def refuse_to_start(title: str, text: str, details: str) -> None:
    """A modal message before any window: the console does not open (and so buys nothing).
    Plain text, selectable, so the recovery commands can be copied."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, f"{APP_NAME}: {title}", text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if details:
        box.setDetailedText(details)
    box.exec()


def bring_to_front(window) -> None:  # type: ignore[no-untyped-def]
    """What a second start asks for: the window, restored, on top and focused."""
    from PySide6.QtCore import Qt

    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


async def _amain(app, ctx: AppContext, instance: SingleInstance) -> None:  # type: ignore[no-untyped-def]
    from fulfildesk.ui.main_window import MainWindow

    # paint the order list first; the providers' clients, the controllers, docks and the crash
    # handler load once it is on screen (issue 15: start-up)
    window = MainWindow(ctx, deferred=True)
    closing = asyncio.Event()
    app.aboutToQuit.connect(closing.set)
    app.lastWindowClosed.connect(closing.set)
    window.show()
    await first_paint(window)
    if not closing.is_set():  # closed within its first second: nothing more to build
        instance.raiseRequested.connect(lambda: bring_to_front(window))
        instance.listen()  # later starts on this directory now raise this window
        finish_startup(window, ctx)
        await closing.wait()
    await window.shutdown()
    await ctx.aclose()


def finish_startup(window, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    """Everything the first paint of the list did not need."""
    from fulfildesk.ui.crash import install_crash_handler

    ctx.connect_providers()
    window.complete()
    install_crash_handler(window)
    from fulfildesk.ui.first_run import should_show

    if should_show(ctx.settings):  # once per data directory (issue 16)
        window.help.show_first_run()
    settle_after_startup()
    window.start()


#: the longest the rest of the window waits for the list's first page (an empty or slow cache)
FIRST_PAINT_WAIT_S = 1.0


async def first_paint(window) -> None:  # type: ignore[no-untyped-def]
    """Until the list has painted its first page of rows (or has none, or a second passed)."""
    from PySide6.QtCore import QEvent, QObject

    model, viewport = window.orders.model, window.orders.table.viewport()
    done = asyncio.get_running_loop().create_future()

    class Watch(QObject):
        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not done.done():
                if model.first_page_shown:
                    # resolved after this paint has been drawn
                    asyncio.get_running_loop().call_soon(settle)
            return False

    def settle() -> None:
        if not done.done():
            done.set_result(None)

    watch = Watch()
    viewport.installEventFilter(watch)
    viewport.update()
    try:
        await asyncio.wait_for(asyncio.shield(done), FIRST_PAINT_WAIT_S)
    except TimeoutError:
        pass
    finally:
        viewport.removeEventFilter(watch)
