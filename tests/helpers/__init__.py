"""Test helpers: wait for a condition instead of sleeping, and clients that always close.

Tests import them as `from helpers import eventually` (tests/ is on sys.path through its
conftest.py); the client fixtures are registered in tests/conftest.py.
"""

from helpers.clients import closing, open_client
from helpers.wait import eventually, eventually_async

__all__ = ["closing", "eventually", "eventually_async", "open_client"]
