"""The few lower-layer types the window needs, imported in ONE place.

Both are domain types (`domain/errors.py`, `domain/journal.py`); this module keeps the window's
imports of them in one place.
"""

from __future__ import annotations

from fulfildesk.domain.errors import ProviderError
from fulfildesk.domain.journal import Operation, OpState

__all__ = ["OpState", "Operation", "ProviderError"]
