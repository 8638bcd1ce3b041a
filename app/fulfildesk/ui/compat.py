"""The few lower-layer types the window needs, imported in ONE place.

`ProviderError` still lives in `providers/errors.py` and `OpState` in `store/journal.py`; both are
moving to `domain/`. When they do, change the two imports below and nothing else in `ui/`.
"""

from __future__ import annotations

from fulfildesk.providers.errors import ProviderError
from fulfildesk.store.journal import Operation, OpState

__all__ = ["OpState", "Operation", "ProviderError"]
