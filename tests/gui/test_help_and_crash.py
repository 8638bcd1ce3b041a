"""The Help menu (shortcut sheet from the action table, folders, About) and the crash dialog
(an exception from a Qt slot, from a loop task, from a window task: shown, window kept)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot, qVersion
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton

from fulfildesk import __version__
from fulfildesk.ui.actions import ACTIONS
from fulfildesk.ui.crash import CrashDialog
from fulfildesk.ui.help import AboutDialog, ShortcutSheet, bundled_licences


class UrlCatcher(QObject):
    """Receives what QDesktopServices.openUrl would give the file manager."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def file_urls():  # type: ignore[no-untyped-def]
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    yield catcher.urls
    QDesktopServices.unsetUrlHandler("file")


def help_menu(window):  # type: ignore[no-untyped-def]
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    return menus["&Help"]


def test_help_menu_lists_its_actions(window) -> None:  # type: ignore[no-untyped-def]
    texts = [a.text() for a in help_menu(window).actions() if not a.isSeparator()]
    assert texts == [
        "Keyboard shortcuts",
        "First-run guide…",
        "Open log folder",
        "Open data folder",
        "About Fulfilment Desk",
    ]
    assert window.menuBar().actions()[-1].text() == "&Help"


def test_shortcut_sheet_is_generated_from_the_action_table(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.shortcuts_action.trigger()
    sheet = window.help.dialog
    assert isinstance(sheet, ShortcutSheet) and sheet.isVisible()
    rows = sheet.rows()
    native = QKeySequence.SequenceFormat.NativeText
    for spec in ACTIONS:
        keys = window.actions_by_name[spec.name].shortcut().toString(native)
        if keys:  # every bound shortcut of the table is on the sheet, with its command
            assert any(row[1] == spec.text.rstrip("…") and keys in row[2] for row in rows), spec
    commands = [row[1] for row in rows]
    assert "Buy keys" in commands and "Find orders" in commands
    buy = next(row for row in rows if row[1] == "Buy keys")
    assert buy[0] == "Keys" and buy[2] == QKeySequence("Ctrl+B").toString(native)
    sheet.reject()


def test_folders_open_in_the_file_manager(window, file_urls) -> None:  # type: ignore[no-untyped-def]
    data_dir = Path(window.ctx.settings.data_dir)
    window.log_folder_action.trigger()
    window.data_folder_action.trigger()
    assert [Path(url.toLocalFile()) for url in file_urls] == [data_dir / "logs", data_dir]
    assert (data_dir / "logs").is_dir()


def test_about_shows_versions_and_licences(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.about_action.trigger()
    about = window.help.dialog
    assert isinstance(about, AboutDialog) and about.isVisible()
    text = about.text()
    assert f"Fulfilment Desk  {__version__}" in text
    assert f"Qt  {qVersion()}" in text and f"PySide6  {PySide6.__version__}" in text
    assert "Python  3." in text
    licences = {lic.name.lower(): lic for lic in bundled_licences()}
    assert "LGPL" in licences["pyside6_essentials"].licence
    assert licences["httpx"].licence.startswith("BSD")
    assert "qasync" in licences and "pytest" not in licences  # runtime libraries only
    assert f"httpx  {licences['httpx'].version}  BSD" in text
    about.reject()


# ------------------------------------------------------------------ the crash dialog


@pytest.fixture
def hooks(window, qloop):  # type: ignore[no-untyped-def]
    window.crash.install(qloop)
    yield window.crash
    window.crash.uninstall()


def crash_dialog(window) -> CrashDialog | None:  # type: ignore[no-untyped-def]
    dialog = window.crash.dialog
    return dialog if dialog is not None and dialog.isVisible() else None


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_the_crash_dialog_and_the_window_lives(
    window, qtbot, hooks
) -> None:  # type: ignore[no-untyped-def]
    button = QPushButton("explode", window)

    def explode() -> None:
        raise ValueError("the price 'abc' is not a number")

    button.clicked.connect(explode)
    button.show()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: crash_dialog(window) is not None, timeout=5000)
    dialog = crash_dialog(window)
    assert "value it did not expect while handling what you just did" in dialog.text()
    assert "ValueError: the price 'abc' is not a number" in dialog.text()
    assert str(window.crash.log_file) in dialog.text()
    assert "keeps working" in dialog.text()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "Traceback" in copied and "in explode" in copied and f"Qt: {qVersion()}" in copied
    # a second error while the dialog is open is counted in it, not stacked
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert crash_dialog(window) is dialog and dialog.count == 2
    assert dialog.repeats.isVisible()
    dialog.keep_button.click()
    assert not dialog.isVisible() and window.isVisible()
    window.buy_action.trigger()  # the window still works
    assert window.keys.dialog is not None and window.keys.dialog.isVisible()
    window.keys.dialog.reject()


@pytest.mark.qt_no_exception_capture
def test_an_exception_on_the_event_loop_shows_the_crash_dialog(window, qtbot, qloop, hooks) -> None:  # type: ignore[no-untyped-def]
    def callback() -> None:
        raise KeyError("establishment")

    qloop.call_soon(callback)
    qtbot.waitUntil(lambda: crash_dialog(window) is not None, timeout=5000)
    assert "KeyError: 'establishment'" in crash_dialog(window).text()
    crash_dialog(window).keep_button.click()

    async def lost() -> None:
        raise ConnectionError("provider closed the connection")

    task = qloop.create_task(lost(), name="lost-task")
    qtbot.waitUntil(task.done)
    # the loop reports a task nobody awaited when the task goes away
    qloop.call_exception_handler(
        {
            "message": "Task exception was never retrieved",
            "exception": task.exception(),
            "task": task,
        }
    )
    dialog = crash_dialog(window)
    assert dialog is not None
    assert "A network connection failed in background work (lost-task)" in dialog.text()
    dialog.keep_button.click()


def test_a_failed_window_task_shows_the_crash_dialog(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    async def work() -> None:
        await asyncio.sleep(0)
        raise MemoryError("out of memory")

    window.runner.start(work(), "refresh")
    qtbot.waitUntil(lambda: crash_dialog(window) is not None, timeout=5000)
    dialog = crash_dialog(window)
    assert window.error_box is dialog
    assert "ran out of memory in background work (refresh)" in dialog.text()
    assert "Quit and start it again" in dialog.text()  # a fatal kind: advice to restart
    assert dialog.quit_button.isDefault()
    assert "Traceback" in dialog.details_text() and "in work" in dialog.details_text()
    dialog.keep_button.click()
    assert window.isVisible()
