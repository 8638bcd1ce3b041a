"""Provider-neutral domain models shared by every layer (no Qt, no HTTP).

The names below load on first use (PEP 562): importing a submodule (`domain.enums`, say) must not
build the pydantic models, so the window can paint its list before pydantic loads (issue 15).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "KeyLine",
    "Money",
    "Order",
    "OrderLine",
    "OrderStatus",
    "Provider",
    "SerialKey",
    "Voucher",
    "VoucherProduct",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from fulfildesk.domain import models

        return getattr(models, name)
    raise AttributeError(f"module 'fulfildesk.domain' has no attribute {name!r}")
