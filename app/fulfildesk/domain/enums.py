"""The providers and the normalized order status: plain enums, importable without pydantic."""

from __future__ import annotations

import enum


class Provider(enum.StrEnum):
    KINGUIN = "kinguin"
    PLUM = "plum"
    POWERPLUGIN = "powerplugin"
    INVENTORY = "inventory"

    @property
    def label(self) -> str:
        return _PROVIDER_LABELS[self]


_PROVIDER_LABELS = {
    Provider.KINGUIN: "Game keys (Kinguin)",
    Provider.PLUM: "Vouchers (Plum)",
    Provider.POWERPLUGIN: "Physical goods",
    Provider.INVENTORY: "In-game inventory",
}


class OrderStatus(enum.StrEnum):
    """The normalized status every provider's own status maps onto (raw status is kept too)."""

    RESERVED = "reserved"
    PENDING = "pending"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    OUT_OF_STOCK = "out_of_stock"
    FAILED = "failed"
    NEEDS_REVIEW = "needs_review"
    UNKNOWN = "unknown"

    @property
    def is_final(self) -> bool:
        return self in _FINAL_STATUSES

    @property
    def explanation(self) -> str:
        return _STATUS_EXPLANATIONS[self]


_FINAL_STATUSES = frozenset(
    {
        OrderStatus.COMPLETED,
        OrderStatus.CANCELLED,
        OrderStatus.REFUNDED,
        OrderStatus.OUT_OF_STOCK,
        OrderStatus.FAILED,
    }
)

_STATUS_EXPLANATIONS = {
    OrderStatus.RESERVED: "Stock is reserved for the player; nothing has shipped yet.",
    OrderStatus.PENDING: "The provider has the order and is still processing it.",
    OrderStatus.PROCESSING: "The order is paid and waits to be dispatched.",
    OrderStatus.SHIPPED: "The goods are on their way to the player.",
    OrderStatus.COMPLETED: "The order is complete; keys or goods have been delivered.",
    OrderStatus.CANCELLED: "The order was cancelled; nothing will be delivered.",
    OrderStatus.REFUNDED: "The order was refunded.",
    OrderStatus.OUT_OF_STOCK: "The provider ran out of stock at the given price; nothing was "
    "charged.",
    OrderStatus.FAILED: "The provider could not process the order.",
    OrderStatus.NEEDS_REVIEW: "The outcome could not be proven; a person must check before "
    "anything is bought again.",
    OrderStatus.UNKNOWN: "The provider reported a status this version does not know.",
}
