"""Operator and profiles in the window (issue 14). See services/profiles.py: a profile is a
convenience on a shared workstation (which menus, docks and actions show, which daily spend
limit asks for a confirmation), not security."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from fulfildesk.services import profiles
from fulfildesk.ui.actions import ACTIONS
from fulfildesk.ui.dialogs.confirm import ask


def profile_names() -> dict[str, str]:
    return {
        profiles.WAREHOUSE: QCoreApplication.translate("Profiles", "Warehouse"),
        profiles.STORE_MANAGER: QCoreApplication.translate("Profiles", "Store manager"),
        profiles.KEY_DISPATCHER: QCoreApplication.translate("Profiles", "Key dispatcher"),
        profiles.ALL: QCoreApplication.translate("Profiles", "All (everything shown)"),
    }


#: docks (window attribute) -> the profiles that show them (absent: every profile)
DOCK_PROFILES: dict[str, tuple[str, ...]] = {
    "shipping_dock": (profiles.WAREHOUSE,),
    "purchases_dock": (profiles.STORE_MANAGER, profiles.KEY_DISPATCHER),
    "health_dock": (profiles.KEY_DISPATCHER,),
}


def shown_in(spec_profiles: tuple[str, ...], profile: str) -> bool:
    return profile == profiles.ALL or not spec_profiles or profile in spec_profiles


def ask_over_profile_limit(
    parent: QWidget | None, message: str, buy: Callable[[], object]
) -> QMessageBox:
    """The profile limit's own confirmation: Enter and Escape keep the money."""
    return ask(
        parent,
        QCoreApplication.translate("Profiles", "Over the profile's daily limit"),
        message
        + "\n\n"
        + QCoreApplication.translate(
            "Profiles", "Buy anyway? The installation's own daily limit still applies."
        ),
        [(QCoreApplication.translate("Profiles", "Buy anyway"), buy)],
        QCoreApplication.translate("Profiles", "Don't buy"),
    )


def apply_profile_to_window(window: Any, profile: str) -> None:
    """Show the actions, menus and docks of `profile` (hidden actions' shortcuts do nothing)."""
    for spec in ACTIONS:
        action = window.actions_by_name.get(spec.name)
        if action is not None:
            action.setVisible(shown_in(spec.profiles, profile))
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None:
            menu_action.setVisible(
                any(a.isVisible() for a in menu.actions() if not a.isSeparator())
            )
    for name, dock_profiles in DOCK_PROFILES.items():
        dock = getattr(window, name, None)
        if dock is None:
            continue
        wanted = shown_in(dock_profiles, profile)
        if name == "shipping_dock":
            wanted = wanted and window.ctx.shipping is not None
        dock.toggleViewAction().setVisible(wanted)
        if not wanted:
            dock.hide()
        elif profile != profiles.ALL:
            dock.show()


class OperatorDialog(QDialog):
    """Who is at the keyboard and which profile the window shows."""

    def __init__(self, operator: str, profile: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Operator and profile"))
        layout = QFormLayout(self)
        self.operator = QLineEdit(operator, self)
        self.operator.setMaxLength(80)
        self.operator.setAccessibleName(self.tr("Operator name"))
        self.profile = QComboBox(self)
        for value, name in profile_names().items():
            self.profile.addItem(name, value)
        self.profile.setCurrentIndex(max(self.profile.findData(profiles.profile_of(profile)), 0))
        layout.addRow(self.tr("&Operator:"), self.operator)
        layout.addRow(self.tr("&Profile:"), self.profile)
        note = QLabel(
            self.tr(
                "The operator's name is written on every journal entry, history line, print "
                "and reveal. A profile only chooses what the window shows and which daily "
                "spend limit asks first: it is a convenience, not security."
            ),
            self,
        )
        note.setWordWrap(True)
        layout.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def _accept(self) -> None:
        if not self.operator.text().strip():
            self.operator.setFocus()
            return
        self.accept()

    def values(self) -> tuple[str, str]:
        return self.operator.text().strip(), str(self.profile.currentData())
