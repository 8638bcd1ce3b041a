"""The status bar's provider summary: how many providers are set up, and each one's line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from fulfildesk.domain.enums import Provider
from fulfildesk.ui.vocabulary import PROVIDER_NAMES

if TYPE_CHECKING:
    from fulfildesk.context import AppContext


def provider_summary(ctx: AppContext) -> tuple[str, list[str]]:
    """The short label ("3 of 4 providers set up") and one line per provider (its tooltip)."""
    parts = []
    configured = 0
    for provider, service in (
        (Provider.KINGUIN, ctx.keys),
        (Provider.PLUM, ctx.vouchers),
        (Provider.INVENTORY, ctx.inventory),
        (Provider.POWERPLUGIN, ctx.shipping),
    ):
        name = PROVIDER_NAMES[provider.value]
        configured += service is not None
        if service is None:
            parts.append(
                QCoreApplication.translate("MainWindow", "{name}: not configured").format(name=name)
            )
        elif ctx.settings.demo:
            parts.append(
                QCoreApplication.translate("MainWindow", "{name}: demo sandbox").format(name=name)
            )
        else:
            parts.append(f"{name}: {ctx.settings.provider(provider).url}")
    label = (
        QCoreApplication.translate("MainWindow", "Demo sandbox")
        if ctx.settings.demo
        else QCoreApplication.translate("MainWindow", "{0} of 4 providers set up").format(
            configured
        )
    )
    return label, parts
