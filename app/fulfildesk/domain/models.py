"""Domain models: what an order, a line, a key and an amount of money are, whoever sold them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

# the enums live apart so the window can start without pydantic (issue 15: start-up)
from fulfildesk.domain.enums import OrderStatus as OrderStatus
from fulfildesk.domain.enums import Provider as Provider


class Money(BaseModel):
    """An amount in a currency. Always Decimal, never float."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal
    currency: str = Field(min_length=3, max_length=3)

    @field_validator("amount", mode="before")
    @classmethod
    def _no_float(cls, value: Any) -> Any:
        if isinstance(value, float):
            # A float reaching the domain is a bug at a wire boundary; convert via repr so that
            # 3.59 stays 3.59 rather than 3.589999...
            return Decimal(repr(value))
        return value

    def __str__(self) -> str:
        return f"{self.amount:.2f} {self.currency}"


class OrderLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    product_id: str
    name: str = ""
    quantity: int = 1
    unit_price: Decimal | None = None


class Order(BaseModel):
    """One order at one provider, in provider-neutral terms, with the provider's JSON kept raw."""

    provider: Provider
    provider_order_id: str
    status: OrderStatus
    provider_status: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    player_id: str | None = None
    email: str | None = None
    establishment: str | None = None
    lines: list[OrderLine] = Field(default_factory=list)
    total: Money | None = None
    tracking_number: str | None = None
    reference: str | None = None
    dispatch_id: str | None = None
    raw: dict[str, Any] = Field(default_factory=dict)

    @property
    def products_summary(self) -> str:
        return ", ".join(f"{line.quantity} × {line.name or line.product_id}" for line in self.lines)


class KeyLine(BaseModel):
    """One product a key purchase asks for: product id, quantity, the most we accept to pay."""

    model_config = ConfigDict(frozen=True)

    product_id: int = Field(gt=0)
    quantity: int = Field(ge=1, le=100)
    max_price: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    name: str = ""


class SerialKey(BaseModel):
    """A delivered key: plain text, or a base64 image (image/png|jpeg|gif) showing the key."""

    model_config = ConfigDict(frozen=True)

    provider: Provider
    provider_order_id: str
    product_id: str | None = None
    name: str = ""
    content_type: str
    serial: str
    position: int = 0
    #: the provider's own id of the key and its delivery status (Kinguin's current API)
    key_id: str | None = None
    status: str | None = None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Voucher(BaseModel):
    """A delivered voucher: a code, a code and a pin, or a URL (often with a pin)."""

    model_config = ConfigDict(frozen=True)

    provider: Provider = Provider.PLUM
    provider_order_id: str
    position: int = 0
    product_id: str | None = None
    type: str = "code"
    code: str = ""
    pin: str = ""
    validity: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    country: str | None = None

    @property
    def is_url(self) -> bool:
        return self.type.lower().startswith("url") or self.code.lower().startswith(
            ("https://", "http://")
        )

    @property
    def has_pin(self) -> bool:
        return bool(self.pin)

    @property
    def kind_label(self) -> str:
        if self.is_url:
            return "Link" + (" + PIN" if self.has_pin else "")
        return "Code + PIN" if self.has_pin else "Code"


class VoucherProduct(BaseModel):
    """A voucher product from the provider's catalogue."""

    model_config = ConfigDict(frozen=True)

    product_id: int
    name: str
    currency: str
    country: str | None = None
    denominations: list[Decimal] = Field(default_factory=list)
    #: value of one unit of the product currency in the account currency
    exchange_rate: Decimal | None = None
    discount_percent: Decimal = Decimal(0)
    #: "fixed_denomination", or "open_value" (any amount from min_value to max_value)
    value_type: str = "fixed_denomination"
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    #: most vouchers of this product in one order, when the provider limits it
    order_quantity_limit: int | None = None
    #: "realtime", or "delayed" (delivered later: up to 7 business days)
    delivery_type: str = "realtime"
    fee_percent: Decimal = Decimal(0)

    @property
    def open_value(self) -> bool:
        return self.value_type.strip().lower() == "open_value"

    @property
    def delayed(self) -> bool:
        return self.delivery_type.strip().lower() not in ("", "realtime")
