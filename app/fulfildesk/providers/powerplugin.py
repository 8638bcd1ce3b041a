"""Physical goods orders API (seed 000, `powerplugin`): wire, mapping, errors, client.

The only module that knows this provider's JSON. It reads both reservation shapes: the seed's
(`playerName`) and the newer one (`firstName`/`lastName`, `province`, address fields null until
details are given, `postalCode` sometimes a number).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import quote

import httpx
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from fulfildesk.domain.models import Money, Order, OrderLine, OrderStatus, Provider
from fulfildesk.providers.auth import basic, bearer
from fulfildesk.providers.errors import ProviderError, ResponseInvalid, status_error_class
from fulfildesk.providers.http import HttpPolicy, ProviderClient, Sleep

PROVIDER = Provider.POWERPLUGIN.value
CURRENCY = "EUR"


def _text(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _decimal(value: Any) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return None
    return value


Text = Annotated[str | None, BeforeValidator(_text)]


class OrderWire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    operation_id: Text = Field(default=None, alias="operationId")
    order_type: Text = Field(default=None, alias="orderType")
    order_status: Text = Field(default=None, alias="orderStatus")
    order_display_status: Text = Field(default=None, alias="orderDisplayStatus")
    value: Annotated[Decimal | None, BeforeValidator(_decimal)] = None
    reference: Text = None
    player_id: Text = Field(default=None, alias="playerId")
    product_id: Text = Field(default=None, alias="productId")
    product_name: Text = Field(default=None, alias="productName")
    quantity: int | None = None
    player_email: Text = Field(default=None, alias="playerEmail")
    player_name: Text = Field(default=None, alias="playerName")
    first_name: Text = Field(default=None, alias="firstName")
    last_name: Text = Field(default=None, alias="lastName")
    establishment_id: Text = Field(default=None, alias="establishmentId")
    establishment_name: Text = Field(default=None, alias="establishmentName")
    transaction_id: Text = Field(default=None, alias="transactionId")
    address: Text = None
    country: Text = None
    province: Text = None
    postal_code: Text = Field(default=None, alias="postalCode")
    city: Text = None
    date: Text = None
    track_token: Text = Field(default=None, alias="trackToken")
    track_url: Text = Field(default=None, alias="trackUrl")
    tracking_number: Text = Field(default=None, alias="trackingNumber")
    recipient_name: Text = Field(default=None, alias="recipientName")

    @property
    def name(self) -> str:
        if self.player_name:
            return self.player_name
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass
class Shipment:
    """One transaction as the warehouse sees it (reservation and acquisition merged)."""

    order: Order
    transaction_id: str
    player_id: str
    stage: str  # reserved | to_track | in_transit | delivered | cancelled | refunded
    product_name: str
    player_name: str
    player_email: str
    address: str
    country: str
    postal_code: str
    city: str
    track_url: str | None
    tracking_number: str | None
    value: Decimal | None
    recipient_name: str = ""


_STAGES = {
    ("Reservation", "pending"): ("reserved", OrderStatus.RESERVED),
    ("Reservation", "completed"): ("to_track", OrderStatus.SHIPPED),
    ("Reservation", "cancelled"): ("cancelled", OrderStatus.CANCELLED),
    ("Acquisition", "shipped"): ("to_track", OrderStatus.SHIPPED),
    ("Acquisition", "intransit"): ("in_transit", OrderStatus.SHIPPED),
    ("Acquisition", "in_transit"): ("in_transit", OrderStatus.SHIPPED),
    ("Acquisition", "completed"): ("delivered", OrderStatus.COMPLETED),
    ("Acquisition", "delivered"): ("delivered", OrderStatus.COMPLETED),
    ("Acquisition", "cancelled"): ("cancelled", OrderStatus.CANCELLED),
    ("Acquisition", "refunded"): ("refunded", OrderStatus.REFUNDED),
}


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _wire(raw: Any) -> OrderWire:
    try:
        return OrderWire.model_validate(raw)
    except ValidationError as exc:
        raise ResponseInvalid(
            provider=PROVIDER,
            message="The physical goods provider sent an "
            f"order this console cannot read ({exc.errors()[0]['msg']})",
        ) from exc


def merge(records: list[dict[str, Any]]) -> list[Shipment]:
    """Group a player's records by transaction; the acquisition, when there is one, wins."""
    by_tx: dict[str, list[tuple[OrderWire, dict[str, Any]]]] = {}
    for raw in records:
        wire = _wire(raw)
        if wire.transaction_id:
            by_tx.setdefault(wire.transaction_id, []).append((wire, raw))
    shipments = []
    for tx, items in by_tx.items():
        reservation = next(
            (w for w, _ in items if (w.order_type or "").lower() == "reservation"), None
        )
        acquisition = next(
            ((w, r) for w, r in items if (w.order_type or "").lower() == "acquisition"), None
        )
        wire, raw = acquisition if acquisition else items[0]
        first = reservation or wire
        shipments.append(_shipment(tx, wire, raw, first))
    return shipments


def shipment_from(raw: dict[str, Any]) -> Shipment:
    wire = _wire(raw)
    return _shipment(wire.transaction_id or "", wire, raw, wire)


def _shipment(tx: str, wire: OrderWire, raw: dict[str, Any], first: OrderWire) -> Shipment:
    key = (
        (wire.order_type or "Reservation").capitalize(),
        (wire.order_status or "").replace(" ", "").lower(),
    )
    stage, status = _STAGES.get(key, ("unknown", OrderStatus.UNKNOWN))
    provider_status = f"{wire.order_type or ''} {wire.order_status or ''}".strip()
    quantity = wire.quantity or first.quantity or 1
    product = wire.product_name or first.product_name or wire.product_id or ""
    order = Order(
        provider=Provider.POWERPLUGIN,
        provider_order_id=tx,
        status=status,
        provider_status=provider_status,
        created_at=_when(first.date),
        updated_at=_when(wire.date),
        player_id=wire.player_id,
        email=wire.player_email,
        establishment=wire.establishment_name or wire.establishment_id,
        lines=[
            OrderLine(
                product_id=wire.product_id or "",
                name=product,
                quantity=quantity,
                unit_price=(wire.value / quantity) if wire.value is not None else None,
            )
        ],
        total=Money(amount=wire.value, currency=CURRENCY) if wire.value is not None else None,
        tracking_number=wire.tracking_number,
        reference=wire.reference,
        raw={**raw, "_stage": stage},
    )
    return Shipment(
        order=order,
        transaction_id=tx,
        player_id=wire.player_id or "",
        stage=stage,
        product_name=product,
        player_name=wire.name,
        player_email=wire.player_email or "",
        address=wire.address or "",
        country=wire.country or "",
        postal_code=wire.postal_code or "",
        city=wire.city or "",
        track_url=wire.track_url,
        tracking_number=wire.tracking_number,
        value=wire.value,
        recipient_name=wire.recipient_name or "",
    )


def shipment_from_order(order: Order) -> Shipment:
    """A cached order back as a shipment (reads the cached raw JSON, here only)."""
    raw = {k: v for k, v in order.raw.items() if k != "_stage"}
    return (
        shipment_from(raw)
        if raw.get("transactionId")
        else Shipment(
            order=order,
            transaction_id=order.provider_order_id,
            player_id=order.player_id or "",
            stage=str(order.raw.get("_stage", "unknown")),
            product_name=order.products_summary,
            player_name="",
            player_email="",
            address="",
            country="",
            postal_code="",
            city="",
            track_url=None,
            tracking_number=order.tracking_number,
            value=None,
        )
    )


# --------------------------------------------------------------------------- errors

#: words in a provider message -> the form field it concerns
_FIELDS = (
    ("addressline1", "address"),
    ("address", "address"),
    ("postal", "postal_code"),
    ("country", "country"),
    ("recipient", "recipient"),
    ("email", "email"),
    ("city", "city"),
    ("tracking", "tracking_number"),
    ("quantity", "quantity"),
    ("productid", "product"),
    ("establishmentid", "establishment"),
)


def parse_error(response: httpx.Response) -> ProviderError:
    status = response.status_code
    try:
        body = json.loads(response.content)
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    message = str(body.get("message") or body.get("error") or body.get("detail") or "")
    field = str(body.get("field") or "")
    field_errors: dict[str, str] = {}
    lookup = (field or message).lower().replace(" ", "")
    for word, name in _FIELDS:
        if word in lookup:
            field_errors[name] = message
            break
    cls = status_error_class(status)
    if status == 401:
        text = (
            "The physical goods provider refused the API key. Creating a new key in its "
            "dashboard revokes the previous one: if a new key was made, enter it in Settings "
            "(Physical goods → API key)"
        )
    elif status == 404:
        text = message or "The provider has no such order or transaction"
    elif status >= 500:
        text = (message or "The physical goods provider failed") + "; try again in a moment"
    else:
        text = message or f"The physical goods provider refused the request (HTTP {status})"
    return cls(
        provider=PROVIDER,
        message=text,
        code=str(status),
        status=status,
        retryable=status >= 500,
        outcome_unknown=status >= 500,
        field_errors=field_errors,
    )


# --------------------------------------------------------------------------- client


@dataclass(frozen=True)
class Address:
    recipient_name: str
    address_line1: str
    postal_code: str
    country: str
    city: str = ""


AUTH_SCHEMES = ("basic", "bearer")


def default_auth_scheme(token: str) -> str:
    """The provider recommends HTTP Basic with its `tpp_…` keys; other tokens (the seed's, the
    sandbox's) are sent as Bearer, which the provider also accepts."""
    return "basic" if token.startswith("tpp_") else "bearer"


class PowerPluginClient(ProviderClient):
    #: calls that spend money or hand out a secret: an unreadable 2xx leaves the outcome unknown
    acting_methods = frozenset(
        {
            "reserve",
            "update_details",
            "cancel_reservation",
            "send",
            "track",
            "complete",
            "cancel_acquisition",
        }
    )

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        auth_scheme: str | None = None,
        policy: HttpPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        scheme = (auth_scheme or default_auth_scheme(token)).strip().lower()
        if scheme not in AUTH_SCHEMES:
            raise ValueError(f"the physical goods auth must be one of {AUTH_SCHEMES}")
        self.auth_scheme = scheme
        super().__init__(
            PROVIDER,
            base_url,
            {},
            parse_error,
            policy=policy,
            transport=transport,
            sleep=sleep,
            auth=basic(token) if scheme == "basic" else bearer(token),
        )

    async def check(self) -> None:
        """A cheap authenticated call (Test connection): the orders of a player nobody has."""
        from fulfildesk.providers.errors import ProviderStatusError

        try:
            await self.http.request("GET", "/players/0/orders", idempotent=True)
        except ProviderStatusError as exc:
            if exc.status not in (400, 404):
                raise

    @staticmethod
    def _seg(value: str) -> str:
        return quote(str(value), safe="")

    async def _json(self, method: str, path: str, body: Any = None, *, idempotent: bool) -> Any:
        response = await self.http.request(method, path, json_body=body, idempotent=idempotent)
        try:
            return json.loads(response.content)
        except ValueError as exc:
            raise ResponseInvalid(
                provider=PROVIDER,
                message="The physical goods provider sent a response that is not JSON",
                status=response.status_code,
            ) from exc

    async def reserve(
        self,
        player_id: str,
        product_id: str,
        establishment_id: str,
        *,
        email: str = "",
        quantity: int = 1,
        denomination: int | None = None,
    ) -> Shipment:
        body: dict[str, Any] = {
            "productId": product_id,
            "establishmentId": establishment_id,
            "quantity": quantity,
        }
        if email:
            body["email"] = email
        if denomination is not None:
            body["denomination"] = denomination
        data = await self._json(
            "POST", f"/orders/{self._seg(player_id)}/reservation", body, idempotent=False
        )
        return shipment_from(data)

    async def update_details(
        self, player_id: str, transaction_id: str, details: dict[str, str]
    ) -> str:
        data = await self._json(
            "PUT",
            f"/orders/{self._seg(player_id)}/details/{self._seg(transaction_id)}",
            details,
            idempotent=True,
        )
        return str(data.get("message") or "Details updated") if isinstance(data, dict) else ""

    async def cancel_reservation(self, player_id: str, transaction_id: str) -> None:
        await self._json(
            "DELETE",
            f"/orders/{self._seg(player_id)}/reservation/{self._seg(transaction_id)}",
            idempotent=False,
        )

    async def send(self, player_id: str, transaction_id: str, address: Address) -> Shipment:
        body = {
            "addressLine1": address.address_line1,
            "country": address.country,
            "postalCode": address.postal_code,
            "recipientName": address.recipient_name,
        }
        data = await self._json(
            "POST",
            f"/orders/{self._seg(player_id)}/send/{self._seg(transaction_id)}",
            body,
            idempotent=False,
        )
        return shipment_from(data)

    async def track(self, player_id: str, transaction_id: str, tracking_number: str) -> Shipment:
        data = await self._json(
            "POST",
            f"/orders/{self._seg(player_id)}/track/{self._seg(transaction_id)}",
            {"trackingNumber": tracking_number},
            idempotent=True,
        )
        return shipment_from(data)

    async def complete(self, player_id: str, transaction_id: str) -> Shipment:
        data = await self._json(
            "POST",
            f"/orders/{self._seg(player_id)}/acquisition/{self._seg(transaction_id)}",
            idempotent=False,
        )
        return shipment_from(data)

    async def cancel_acquisition(
        self, player_id: str, transaction_id: str, *, refund: bool
    ) -> Shipment:
        data = await self._json(
            "DELETE",
            f"/orders/{self._seg(player_id)}/acquisition/{self._seg(transaction_id)}",
            {"refund": refund},
            idempotent=False,
        )
        return shipment_from(data)

    async def player_orders(self, player_id: str) -> list[Shipment]:
        data = await self._json("GET", f"/players/{self._seg(player_id)}/orders", idempotent=True)
        if isinstance(data, dict):  # some deployments wrap the list
            data = data.get("orders") or data.get("data") or []
        if not isinstance(data, list):
            raise ResponseInvalid(
                provider=PROVIDER,
                message="The physical goods provider sent an order list that is not a list",
            )
        return merge(data)

    async def transaction(self, player_id: str, transaction_id: str) -> Shipment:
        data = await self._json(
            "GET",
            f"/players/{self._seg(player_id)}/orders/{self._seg(transaction_id)}",
            idempotent=True,
        )
        return shipment_from(data)
