"""The Help menu: the keyboard shortcut sheet (generated from the action table), the log and
data folders, and About (versions, and the licences of the bundled libraries, read from the
installed packages' metadata)."""

from __future__ import annotations

import platform
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message
from importlib import metadata
from pathlib import Path
from typing import Any, cast

import PySide6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk import APP_NAME, __version__

DIST_NAME = "fulfildesk"


def versions() -> list[tuple[str, str]]:
    """(component, version) for About and crash reports."""
    return [
        (APP_NAME, __version__),
        (QCoreApplication.translate("help", "Qt"), qVersion()),
        (QCoreApplication.translate("help", "PySide6"), PySide6.__version__),
        (
            QCoreApplication.translate("help", "Python"),
            f"{platform.python_version()} ({platform.python_implementation()})",
        ),
        (
            QCoreApplication.translate("help", "System"),
            f"{platform.system()} {platform.release()} {platform.machine()}",
        ),
    ]


@dataclass(frozen=True)
class Licence:
    name: str
    version: str
    licence: str


_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def _licence_of(dist: metadata.Distribution) -> str:
    # an email.message.Message at run time; the 3.11 stubs' PackageMetadata protocol lacks .get
    meta = cast(Message, dist.metadata)
    expression = meta.get("License-Expression")
    if expression:
        return str(expression).strip()
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 60 and text.upper() != "UNKNOWN":
        return text
    if classifiers:
        return ", ".join(dict.fromkeys(classifiers))
    if text:  # a whole licence text in the field: its first line names it
        return text.splitlines()[0].strip()[:60]
    return QCoreApplication.translate("help", "see the package")


def _requirements(dist: metadata.Distribution) -> list[str]:
    names = []
    for req in dist.requires or []:
        if re.search(r"\bextra\s*==", req):
            continue  # optional extras are not bundled
        match = _NAME.match(req)
        if match:
            names.append(match.group(1))
    return names


def bundled_licences(root: str = DIST_NAME) -> list[Licence]:
    """Every library the application runs on (its dependencies, recursively, as installed),
    with its licence as its metadata states it. Without our own metadata (a bundle built without
    it) every installed distribution is listed instead."""
    seen: dict[str, Licence] = {}
    try:
        todo = _requirements(metadata.distribution(root))
    except metadata.PackageNotFoundError:
        todo = [d.metadata["Name"] for d in metadata.distributions() if d.metadata["Name"]]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen or key == root:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform or Python
        seen[key] = Licence(dist.metadata["Name"] or name, dist.version, _licence_of(dist))
        todo.extend(_requirements(dist))
    return sorted(seen.values(), key=lambda lic: lic.name.lower())


def shortcut_rows(window: Any) -> list[tuple[str, str, str]]:
    """(menu, command, shortcut) for every action of the table that has a shortcut here, in
    menu order: the sheet is generated from ui.actions.ACTIONS, so it cannot drift from it."""
    from fulfildesk.ui.actions import ACTIONS, MENUS

    order = {menu: i for i, menu in enumerate(MENUS)}
    rows = []
    for spec in sorted(ACTIONS, key=lambda s: order.get(s.menu or "", len(MENUS))):
        action = window.actions_by_name.get(spec.name)
        if action is None:
            continue
        keys = ", ".join(
            seq.toString(QKeySequence.SequenceFormat.NativeText)
            for seq in action.shortcuts()
            if not seq.isEmpty()
        )
        if not keys:
            continue
        menu = (
            QCoreApplication.translate("actions", spec.menu).replace("&", "")
            if spec.menu
            else QCoreApplication.translate("help", "Anywhere in the window")
        )
        rows.append((menu, action.text().replace("&", "").rstrip("…"), keys))
    return rows


class ShortcutSheet(QDialog):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Menu"), self.tr("Command"), self.tr("Keys")])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def rows(self) -> list[tuple[str, str, str]]:
        return [
            (_cell(self.table, r, 0), _cell(self.table, r, 1), _cell(self.table, r, 2))
            for r in range(self.table.rowCount())
        ]


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About %s") % APP_NAME)
        head = QLabel(self)
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setText(
            self.tr(
                "%1 %2\nFulfil player orders across game keys, vouchers, physical goods and "
                "in-game inventory.\n\nData folder: %3"
            )
            .replace("%1", APP_NAME)
            .replace("%2", __version__)
            .replace("%3", str(data_dir))
        )
        head.setWordWrap(True)
        head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.versions = QTableWidget(0, 2, self)
        self.versions.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version")])
        self._fill(self.versions, versions())
        licences = bundled_licences()
        self.licences = QTableWidget(0, 3, self)
        self.licences.setHorizontalHeaderLabels(
            [self.tr("Library"), self.tr("Version"), self.tr("Licence")]
        )
        self._fill(self.licences, [(lic.name, lic.version, lic.licence) for lic in licences])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.versions)
        layout.addWidget(QLabel(self.tr("Bundled libraries and their licences:"), self))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(620, 640)

    @staticmethod
    def _fill(table: QTableWidget, rows: Sequence[tuple[str, ...]]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(r, c, item)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def text(self) -> str:
        """Everything the dialog says, as plain text (copying, tests)."""
        lines = []
        for table in (self.versions, self.licences):
            for r in range(table.rowCount()):
                lines.append("  ".join(_cell(table, r, c) for c in range(table.columnCount())))
        return "\n".join(lines)


class HelpController(QObject):
    """What the Help menu's actions call (`help.<method>` in ui.actions)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: QDialog | None = None

    @property
    def data_dir(self) -> Path:
        return Path(self.window.ctx.settings.data_dir)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def show_shortcuts(self) -> ShortcutSheet:
        sheet = ShortcutSheet(self.window, self.window)
        self.dialog = sheet
        sheet.open()
        return sheet

    def show_about(self) -> AboutDialog:
        about = AboutDialog(self.data_dir, self.window)
        self.dialog = about
        about.open()
        return about

    def show_first_run(self) -> QDialog:
        """The first-run guide (ui/first_run.py): shown by itself once per data directory,
        and from Help whenever someone wants it again."""
        from fulfildesk.ui.first_run import FirstRunGuide

        guide = FirstRunGuide(self.window.ctx.settings, self.window)
        guide.providersChanged.connect(self.window.settings._applied)
        self.dialog = guide
        guide.open()
        return guide

    def open_log_folder(self) -> bool:
        return open_folder(self.log_dir, self.window)

    def open_data_folder(self) -> bool:
        return open_folder(self.data_dir, self.window)


def open_folder(path: Path, parent: QWidget | None = None) -> bool:
    """Show a folder in the system's file manager; when there is none, say where it is."""
    path.mkdir(parents=True, exist_ok=True)
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, "", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        QCoreApplication.translate(
            "help", "No file manager could be opened. The folder is:\n%1"
        ).replace("%1", str(path))
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if parent is not None:
        parent._folder_box = box  # type: ignore[attr-defined]  # keep it alive while open
    box.open()
    return False
