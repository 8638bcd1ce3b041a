"""Player inventory orders (seed 001; OpenAPI in ../shared/fixtures/inventory): wire, mapping,
errors, client. The only module that knows this provider's JSON.

Paths are appended to the base URL as published: `/inventory/v1/player/{player_id}/order` (v1,
players by number, deprecated by the provider) or `/inventory/v2/player/{player_uuid}/order` (v2,
players by UUID). Credentials: a static bearer token, or client credentials exchanged at
`POST {auth_url}/users/v2/oauth/token` for tokens that expire (renewed shortly before
`expires_in`, and once on 403 `auth_token_expired`).
A repeated `order_id` is recognised by the provider and not applied twice, which makes creating
an order safe to repeat with the same order_id.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fulfildesk.domain.inventory_enums import SOURCES as SOURCES  # re-exported
from fulfildesk.domain.models import Order, OrderLine, OrderStatus, Provider
from fulfildesk.providers.auth import Auth, Clock, RenewingToken, basic_header, bearer
from fulfildesk.providers.errors import (
    AuthenticationError,
    ProviderError,
    ProviderStatusError,
    ResponseInvalid,
    status_error_class,
)
from fulfildesk.providers.http import HttpPolicy, ProviderClient, ProviderHttp, Sleep

#: player id (v1: a number) or player UUID (v2: text)
PlayerKey = int | str
TOKEN_PATH = "/users/v2/oauth/token"
GENERATIONS = ("v1", "v2")

PROVIDER = Provider.INVENTORY.value

ENTRY_TYPES = (
    "fill_loot",
    "purchase_loot",
    "purchase_dynamic_bundle",
    "promotion_code",
    "fill_loot_single_transient",
    "fill_entitled_loot",
    "create_new_persistent_inventory",
    "update_existing_persistent_inventory",
    "create_new_transient_inventory",
    "update_existing_transient_inventory",
    "update_inventory",
    # in the published OpenAPI, not in seed 001
    "custom_loot",
)
OPERATIONS = (
    "invalid",
    "add",
    "subtract",
    "set",
    "check_greater_than_or_equal",
    "check_less_than",
    "check_greater_than_or_equal_and_subtract",
)

#: every documented entry result, in words a person can act on
RESULT_TEXT: dict[str, str] = {
    "success": "Done.",
    "internal_error": "The provider had an internal error on this entry.",
    "invalid_entry_type": "This entry type (or its operation) is not valid here.",
    "not_allowed_on_current_portal": "Not allowed on the player's current portal.",
    "loot_not_found": "No loot with this id exists.",
    "loot_not_active": "This loot exists but is not active.",
    "price_item_not_found": "The currency item of the price does not exist.",
    "price_not_allowed": "This loot cannot be bought with that price.",
    "dynamic_bundle_invalid": "The dynamic bundle is not valid.",
    "too_many_requests": "Too many requests; try again shortly.",
    "price_does_not_match": "The price does not match the loot's current price.",
    "vendor_version_does_not_match": "The vendor version does not match; refresh and retry.",
    "dynamic_bundle_ltis_do_not_match": "The bundle's loot does not match.",
    "cannot_afford_price": "The player cannot afford the price.",
    "cannot_afford_coupon": "The player does not have the coupon.",
    "failed_to_spend_price": "The price could not be taken from the player.",
    "failed_to_spend_coupon": "The coupon could not be used.",
    "loot_not_for_sale_with_price_item": "This loot is not for sale with that currency.",
    "coupons_disabled": "Coupons are disabled.",
    "coupon_item_not_found": "The coupon item does not exist.",
    "coupon_item_not_active": "The coupon item is not active.",
    "coupon_item_not_applicable_for_quantity": "The coupon does not apply to this quantity.",
    "coupon_item_not_applicable_for_price_item": "The coupon does not apply to this currency.",
    "coupon_item_not_applicable_for_loot": "The coupon does not apply to this loot.",
    "quantity_not_allowed": "This quantity is not allowed.",
    "promotion_expired": "The promotion has expired.",
    "promotion_not_found": "No promotion has this code.",
    "promotion_no_uses_left": "The promotion has no uses left.",
    "promotion_not_available": "The promotion is not available to this player.",
    "promotion_claimed_already": "The player has already claimed this promotion.",
    "dynamic_bundles_not_available": "Dynamic bundles are not available.",
    "transient_single_loot_already_applied": "This single transient loot was already applied.",
    "loot_not_fillable_from_client": "This loot cannot be granted from a client.",
    "permission_denied": "Permission denied for this entry.",
    "failed_to_find_any_sub_loot": "No sub-loot could be found.",
    "failed_to_fill_any_sub_loot": "No sub-loot could be granted.",
    "failed_to_fill_all_random": "Not every random loot could be granted.",
    "cannot_meet_loot_blocker": "The player holds an item that blocks this loot.",
    "cannot_meet_loot_required": "The player lacks an item this loot requires.",
    "failed_to_consume_loot_required": "A required item could not be consumed.",
    "failed_to_submit_new_order": "A follow-up order could not be submitted.",
    "failed_to_modify_inventory": "The inventory could not be changed.",
    "inventory_not_found": "No inventory record with this id.",
    "item_not_found": "No item with this id exists.",
    "item_not_active": "The item is not active.",
    "too_many_inv_custom_attributes": "Too many custom attributes.",
    "always_owned_inventory_cannot_be_modified": "Always-owned inventory cannot be changed.",
    "available_until_is_in_past": "The availability date is in the past.",
    "rollback": "Undone, because another entry of this transaction failed.",
    "not_started": "Not processed yet; the provider finishes it shortly.",
    "entitled_loot_not_found": "The player has no entitlement for this loot.",
}


def result_text(code: str | None) -> str:
    if not code:
        return "No result yet."
    return RESULT_TEXT.get(code, f"The provider reported '{code}'.")


# --------------------------------------------------------------------------- wire models


class _Wire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class CurrencyWire(_Wire):
    price_item_id: int
    price: int


class PurchasePriceWire(_Wire):
    price_item_id: int | None = None
    price: int | None = None
    price_coupon_item_id: int | None = None
    currencies: list[CurrencyWire] | None = None


class EntryCreateWire(_Wire):
    """PlayerOrderEntryCreate: every field of the request schema."""

    type: str
    loot_id: int | None = None
    quantity: int
    vendor_version: int | None = None
    vendor_etag: str | None = None
    dynamic_bundle_loot_ids: list[int] | None = None
    purchase_price: PurchasePriceWire | None = None
    external_tran_id: str | None = None
    external_item_sku: str | None = None
    use_inventory_bucket: str | None = None
    player_portal_event_id: int | None = None
    inventory_id: str | None = None
    legacy_inventory_id: int | None = None
    item_id: int | None = None
    expires: str | None = None
    xp_quantity_transform_type: str | None = None
    hard_quantity_maximum: int | None = None
    inventory_operation: str | None = None
    inventory_selector_type: str | None = None
    quantity_mult_inventory_item_id: int | None = None
    time_frame_id: int | None = None
    custom_data: dict[str, str] | None = None
    entry_id: str | None = None


class OrderCreateWire(_Wire):
    """PlayerOrderCreate: every field of the request schema."""

    source: str = "CLIENT"
    client_order_ref_id: str | None = None
    portal_id: int | None = None
    portal_user_id: str | None = None
    instance_id: str | None = None
    match_id: str | None = None
    is_transaction: bool = False
    order_id: str | None = None
    entries: list[EntryCreateWire]


class InventoryRecordWire(_Wire):
    inventory_id: str
    type: str = "persistent"
    legacy_inventory_id: int | None = None
    bucket: str | None = None
    count: int = 0
    acquired: str | None = None
    expires: str | None = None
    custom_data: dict[str, str] | None = None


class InventoryChangeWire(_Wire):
    before_item_id: int | None = None
    after_item_id: int | None = None
    before: InventoryRecordWire | None = None
    after: InventoryRecordWire | None = None


class DetailWire(_Wire):
    type: str
    loot_id: int | None = None
    inv_change: InventoryChangeWire | None = None


class EntryWire(_Wire):
    type: str
    loot_id: int | None = None
    quantity: int = 0
    item_id: int | None = None
    inventory_id: str | None = None
    external_tran_id: str | None = None
    entry_id: str | None = None
    result: str | None = None
    details: list[DetailWire] = Field(default_factory=list)


class PlayerOrderWire(_Wire):
    source: str | None = None
    client_order_ref_id: str | None = None
    is_transaction: bool = False
    order_id: str | None = None
    player_uuid: str | None = None
    created_time: datetime | None = None
    entries: list[EntryWire] = Field(default_factory=list)


#: PageMeta.limit in the provider's OpenAPI: minimum 1, maximum 50
MAX_PAGE_LIMIT = 50


class PageWire(_Wire):
    starting_position: str | None = None
    cursor: str | None = None
    sort: str | None = None
    limit: int = 10


class OrdersPageWire(_Wire):
    data: list[dict[str, Any]] = Field(default_factory=list)
    page: PageWire = Field(default_factory=PageWire)


# --------------------------------------------------------------------------- domain results


@dataclass(frozen=True)
class InventoryChange:
    item_id: int | None
    inventory_id: str | None
    before: int | None
    after: int | None
    kind: str = "persistent"

    @property
    def delta(self) -> int:
        return (self.after or 0) - (self.before or 0)


@dataclass(frozen=True)
class EntryOutcome:
    index: int
    type: str
    quantity: int
    loot_id: int | None
    item_id: int | None
    result: str | None
    changes: list[InventoryChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def result_text(self) -> str:
        return result_text(self.result)

    @property
    def succeeded(self) -> bool:
        return self.result == "success"


@dataclass
class InventoryOrder:
    order: Order
    entries: list[EntryOutcome]
    #: True while the provider still has entries to process (202 Accepted, then polling)
    pending: bool


def _status(entries: list[EntryOutcome]) -> tuple[OrderStatus, str]:
    results = [e.result for e in entries]
    if any(r in (None, "not_started") for r in results):
        return OrderStatus.PROCESSING, "accepted"
    if all(r == "success" for r in results):
        return OrderStatus.COMPLETED, "success"
    if any(r == "success" for r in results):
        return OrderStatus.COMPLETED, "partial"
    return OrderStatus.FAILED, "failed"


def map_order(raw: dict[str, Any], player_id: PlayerKey) -> InventoryOrder:
    try:
        wire = PlayerOrderWire.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ResponseInvalid(
            provider=PROVIDER,
            message="The inventory provider sent an order "
            f"this console cannot read ({first['msg']})",
        ) from exc
    outcomes = []
    for index, entry in enumerate(wire.entries):
        changes, notes = [], []
        for detail in entry.details:
            change = detail.inv_change
            if detail.type == "inventory_change" and change is not None:
                record = change.after or change.before
                changes.append(
                    InventoryChange(
                        item_id=change.after_item_id or change.before_item_id,
                        inventory_id=record.inventory_id if record else None,
                        before=change.before.count if change.before else None,
                        after=change.after.count if change.after else None,
                        kind=record.type if record else "persistent",
                    )
                )
            elif detail.type != "inventory_change":
                notes.append(detail.type.replace("_", " "))
        outcomes.append(
            EntryOutcome(
                index=index,
                type=entry.type,
                quantity=entry.quantity,
                loot_id=entry.loot_id,
                item_id=entry.item_id,
                result=entry.result,
                changes=changes,
                notes=notes,
            )
        )
    status, provider_status = _status(outcomes)
    lines = [
        OrderLine(
            product_id=str(e.loot_id if e.loot_id is not None else e.item_id or ""),
            name=e.type.replace("_", " "),
            quantity=e.quantity,
        )
        for e in outcomes
    ]
    order = Order(
        provider=Provider.INVENTORY,
        provider_order_id=wire.order_id or "",
        status=status,
        provider_status=provider_status,
        created_at=wire.created_time or datetime.now(UTC),
        player_id=str(player_id),
        lines=lines,
        reference=wire.client_order_ref_id,
        raw={**raw, "player_id": player_id},
    )
    return InventoryOrder(order, outcomes, status is OrderStatus.PROCESSING)


def entries_from_order(order: Order) -> list[EntryOutcome]:
    """The entry outcomes of a cached inventory order (read from its raw JSON, here only)."""
    key = order.raw.get("player_id") or order.player_id or 0
    player: PlayerKey = int(key) if str(key).isdigit() else str(key)
    return map_order(order.raw, player).entries


# --------------------------------------------------------------------------- errors


def _loc_field(loc: list[Any]) -> str:
    """['body', 'entries', 0, 'quantity'] -> 'entries.0.quantity'."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "request"


def parse_error(response: httpx.Response) -> ProviderError:
    status = response.status_code
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    cls = status_error_class(status)
    if status == 422 and isinstance(body, dict) and isinstance(body.get("detail"), list):
        field_errors: dict[str, str] = {}
        for item in body["detail"]:
            if isinstance(item, dict):
                name = _loc_field(item.get("loc") or [])
                field_errors.setdefault(name, str(item.get("msg") or "not valid"))
        summary = "; ".join(f"{k}: {v}" for k, v in field_errors.items())
        return cls(
            provider=PROVIDER,
            status=status,
            code="422",
            message=f"The inventory provider refused the order: {summary}",
            field_errors=field_errors,
        )
    if isinstance(body, dict) and "error_code" in body:
        code = str(body.get("error_code"))
        desc = str(body.get("desc") or "")
        if status == 403:
            message = f"The inventory token was refused ({desc}). Enter it again in Settings"
        elif status == 404:
            message = f"No such order for this player ({desc})"
        else:
            message = desc or code
        return cls(
            provider=PROVIDER,
            status=status,
            code=code,
            message=message,
            retryable=status >= 500 or status == 429,
            outcome_unknown=status >= 500,
        )
    return cls(
        provider=PROVIDER,
        status=status,
        message=f"The inventory provider answered HTTP {status}",
        retryable=status >= 500,
        outcome_unknown=status >= 500,
    )


# --------------------------------------------------------------------------- client


@dataclass
class OrdersPage:
    orders: list[InventoryOrder]
    cursor: str | None


def new_order_ids() -> tuple[str, str]:
    """(order_id, client_order_ref_id), generated and journaled before the request."""
    return str(uuid.uuid4()), str(uuid.uuid4())


def player_uuid(value: PlayerKey) -> str:
    """A v2 player key: a UUID in its canonical form (ValueError otherwise)."""
    return str(uuid.UUID(str(value).strip()))


class InventoryTokenSource(RenewingToken):
    """Client credentials -> short-lived tokens. Nothing rotates, so nothing is persisted."""

    provider = PROVIDER
    max_margin = 60.0

    def __init__(
        self,
        auth_http: ProviderHttp,
        client_id: str,
        client_secret: str,
        *,
        lock_path: Path | None = None,
        clock: Clock = time.time,
    ) -> None:
        super().__init__(lock_path=lock_path, clock=clock)
        self._http = auth_http
        self._basic = basic_header(client_id, client_secret)

    def is_refusal(self, response: httpx.Response) -> bool:
        if response.status_code not in (401, 403):
            return False
        try:
            body = json.loads(response.content)
        except ValueError:
            return response.status_code == 401
        code = body.get("error_code") if isinstance(body, dict) else None
        return code == "auth_token_expired" or response.status_code == 401

    async def fetch(self) -> None:
        try:
            response = await self._http.request(
                "POST",
                TOKEN_PATH,
                json_body={"grant_type": "client_credentials"},
                idempotent=True,
                authenticate=False,
                extra_headers={"Authorization": self._basic},
            )
        except ProviderStatusError as exc:
            if exc.status in (400, 401, 403):
                raise AuthenticationError(
                    provider=PROVIDER,
                    status=exc.status,
                    code=exc.code,
                    message="The inventory provider refused the client id or client secret. "
                    "Check them in Settings (the users service issues tokens for them)",
                ) from None
            raise
        try:
            body = json.loads(response.content)
            token = str(body["access_token"])
            expires_in = float(body.get("expires_in") or 0) or None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ResponseInvalid(
                provider=PROVIDER,
                message="The inventory users service answered the token request with "
                "something this console cannot read",
                status=response.status_code,
            ) from exc
        self.adopt(token, expires_in)


class InventoryClient(ProviderClient):
    """`api` "v1" (players by number) or "v2" (players by UUID). Credentials: `token` (a static
    bearer token) or `client_id` + `client_secret` (tokens from `auth_url`, default base_url)."""

    #: calls that spend money or hand out a secret: an unreadable 2xx leaves the outcome unknown
    acting_methods = frozenset({"create_order"})

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        api: str = "v1",
        client_id: str | None = None,
        client_secret: str | None = None,
        auth_url: str | None = None,
        lock_path: Path | None = None,
        clock: Clock = time.time,
        policy: HttpPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        if api not in GENERATIONS:
            raise ValueError(f"inventory API generation must be one of {GENERATIONS}")
        super().__init__(
            PROVIDER, base_url, {}, parse_error, policy=policy, transport=transport, sleep=sleep
        )
        self.api = api
        self._auth_http: ProviderHttp | None = None
        self.tokens: InventoryTokenSource | None = None
        auth: Auth
        if client_id and client_secret:
            self._auth_http = ProviderHttp(
                PROVIDER,
                auth_url or base_url,
                policy=policy,
                error_parser=parse_error,
                transport=transport,
            )
            self.tokens = InventoryTokenSource(
                self._auth_http, client_id, client_secret, lock_path=lock_path, clock=clock
            )
            auth = self.tokens
        elif token:
            auth = bearer(token)
        else:
            raise ValueError("the inventory provider needs a token or a client id and secret")
        self.http.auth = auth

    async def aclose(self) -> None:
        await super().aclose()
        if self._auth_http is not None:
            await self._auth_http.aclose()

    def player_key(self, player: PlayerKey) -> PlayerKey:
        """The player as this generation names it (v1: a number; v2: a UUID)."""
        return player_uuid(player) if self.api == "v2" else int(player)

    def _path(self, player: PlayerKey, order_id: str | None = None) -> str:
        if self.api == "v2":
            path = f"/inventory/v2/player/{quote(player_uuid(player), safe='')}/order"
        else:
            path = f"/inventory/v1/player/{int(player)}/order"
        return f"{path}/{quote(order_id, safe='')}" if order_id else path

    async def check(self) -> None:
        """A cheap authenticated call (Test connection): one order of a player nobody has."""
        probe: PlayerKey = str(uuid.UUID(int=0)) if self.api == "v2" else 1
        try:
            await self.list_orders(probe, limit=1)
        except ProviderStatusError as exc:
            if exc.status != 404:
                raise

    async def create_order(self, player_id: PlayerKey, order: OrderCreateWire) -> InventoryOrder:
        """POST; 200 is final, 202 is accepted (poll get_order). Safe to repeat with the same
        order_id: the provider recognises it and applies nothing twice."""
        body = order.model_dump(mode="json", exclude_none=True)
        response = await self.http.request(
            "POST",
            self._path(player_id),
            json_body=body,
            idempotent=bool(order.order_id),
            read_timeout=self.http.policy.placement_read_timeout,
        )
        raw = _loads(response)
        if response.status_code == 202:
            raw = {
                **raw,
                "entries": [
                    {**e, "result": e.get("result") or "not_started"}
                    for e in raw.get("entries", [])
                ],
            }
        result = map_order(raw, self.player_key(player_id))
        if len(result.entries) != len(order.entries):
            # an answer that does not account for every entry sent proves nothing
            raise ResponseInvalid(
                provider=PROVIDER,
                message=f"the inventory provider answered the order with "
                f"{len(result.entries)} entries for the {len(order.entries)} sent",
                status=response.status_code,
            )
        return result

    async def get_order(self, player_id: PlayerKey, order_id: str) -> InventoryOrder:
        response = await self.http.request("GET", self._path(player_id, order_id), idempotent=True)
        return map_order(_loads(response), self.player_key(player_id))

    async def list_orders(
        self,
        player_id: PlayerKey,
        *,
        cursor: str | None = None,
        limit: int = 50,
        sort: str = "desc",
    ) -> OrdersPage:
        # the OpenAPI's PageMeta.limit is 1..50: a caller asking for more gets pages of 50
        limit = max(1, min(limit, MAX_PAGE_LIMIT))
        params: dict[str, str] = {"limit": str(limit), "sort": sort}
        if cursor:
            params["cursor"] = cursor
        response = await self.http.request(
            "GET", self._path(player_id), params=params, idempotent=True
        )
        # off the event loop (the GUI thread): a page of orders, each validated and mapped
        return await asyncio.to_thread(_orders_page, response, self.player_key(player_id))


def _orders_page(response: httpx.Response, key: PlayerKey) -> OrdersPage:
    try:
        page = OrdersPageWire.model_validate(_loads(response))
    except ValidationError as exc:
        raise ResponseInvalid(
            provider=PROVIDER,
            message="The inventory provider sent an order list this console cannot read",
        ) from exc
    return OrdersPage([map_order(raw, key) for raw in page.data], page.page.cursor)


def _loads(response: httpx.Response) -> Any:
    try:
        data = json.loads(response.content)
    except ValueError as exc:
        raise ResponseInvalid(
            provider=PROVIDER,
            message="The inventory provider sent a response that is not JSON",
            status=response.status_code,
        ) from exc
    if not isinstance(data, dict):
        raise ResponseInvalid(
            provider=PROVIDER,
            message="The inventory provider sent a response that is not an object",
            status=response.status_code,
        )
    return data
