"""Provider status words for the window (the UI does not import provider modules)."""

from __future__ import annotations

from fulfildesk.domain.models import OrderStatus
from fulfildesk.providers import inventory, kinguin

KINGUIN_STATUSES = (
    "pending",
    "processing",
    "completed",
    "out_of_stock",
    "error",
    "canceled",
    "refunded",
)


def explain(provider: str, provider_status: str, status: str) -> str:
    """The provider's own meaning of a status, else the normalized explanation."""
    if provider == "kinguin" and provider_status in kinguin.STATUS_TEXT:
        return kinguin.STATUS_TEXT[provider_status]
    if provider == "inventory":
        return {
            "accepted": "Accepted; the provider is still applying the entries.",
            "success": "Every entry was applied.",
            "partial": "Some entries were applied; see each entry's result.",
            "failed": "No entry was applied; see each entry's result.",
        }.get(provider_status, "")
    try:
        return OrderStatus(status).explanation
    except ValueError:
        return ""


def entry_result_text(code: str | None) -> str:
    return inventory.result_text(code)
