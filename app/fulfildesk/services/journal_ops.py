"""Kept for imports from before the purchase contract (`services.contract`)."""

from fulfildesk.services.contract import dismiss

__all__ = ["dismiss"]
