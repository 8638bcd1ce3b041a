"""Provider-neutral domain models shared by every layer (no Qt, no HTTP)."""

from fulfildesk.domain.models import (
    KeyLine,
    Money,
    Order,
    OrderLine,
    OrderStatus,
    Provider,
    SerialKey,
    Voucher,
    VoucherProduct,
)

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
