"""Operator and profiles (issue 14).

The operator is the name recorded on every journal entry, history line, print and reveal
(`Settings.operator`, the settings file's `operator`). A profile (`Settings.profile`, the settings
file's `profile`) chooses which menus, docks and actions the window shows and which daily spend
limit applies to key purchases. A profile is a convenience on a shared workstation, NOT security:
anyone at the keyboard can change it, and the installation's own daily limit (`daily_limit`) stays
the hard limit for every profile.

Per-profile limits: the settings file's `profile_limits` ({"warehouse": "0", ...}), else
DEFAULT_PROFILE_LIMITS; never above the installation's `daily_limit`. Going over a profile's limit
is refused (ProfileLimitExceeded) until the person confirms it; "0" means every key purchase asks.

Voucher purchases (Plum) have a daily limit per profile of their own, in the Plum account's
currency (what Plum charges, as the balance check estimates it): the same `profile_limits` with
the key "<profile>.vouchers" ({"store_manager": "100", "store_manager.vouchers": "5000"}), else
DEFAULT_VOUCHER_LIMITS. A plain "<profile>" key stays the key (Kinguin, EUR) limit, so settings
files written before voucher limits existed keep their meaning. Enforced by VoucherService (the
day's charges summed from the journal; a bulk issue counts its whole batch).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fulfildesk.config import Settings

WAREHOUSE = "warehouse"
STORE_MANAGER = "store_manager"
KEY_DISPATCHER = "key_dispatcher"
ALL = "all"
PROFILES = (WAREHOUSE, STORE_MANAGER, KEY_DISPATCHER, ALL)
#: None: no limit of the profile's own (the installation's daily limit still holds)
DEFAULT_PROFILE_LIMITS: dict[str, Decimal | None] = {
    WAREHOUSE: Decimal(0),
    STORE_MANAGER: Decimal(100),
    KEY_DISPATCHER: None,
    ALL: None,
}
#: voucher purchases, in the Plum account currency: the store manager issues vouchers (no limit
#: of its own); every other named profile asks before each one
DEFAULT_VOUCHER_LIMITS: dict[str, Decimal | None] = {
    WAREHOUSE: Decimal(0),
    STORE_MANAGER: None,
    KEY_DISPATCHER: Decimal(0),
    ALL: None,
}
VOUCHERS_SUFFIX = ".vouchers"


def profile_of(value: object) -> str:
    text = str(value or "").strip().lower().replace(" ", "_")
    return text if text in PROFILES else ALL


def parse_limit(value: object) -> Decimal | None:
    """A profile limit: an amount >= 0 ("0": every purchase asks); "", "off", "none": none."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().lower()
    if text in ("", "off", "none"):
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def profile_limit(settings: Settings, profile: str | None = None) -> Decimal | None:
    """The daily spend limit of `profile` (default: the settings' profile), capped at the
    installation's daily limit."""
    from fulfildesk.domain.models import Provider

    profile = profile_of(profile or getattr(settings, "profile", ALL))
    configured: dict[str, Any] = getattr(settings, "profile_limits", {}) or {}
    if profile in configured:
        limit = parse_limit(configured[profile])
    else:
        limit = DEFAULT_PROFILE_LIMITS.get(profile)
    hard = settings.provider(Provider.KINGUIN).daily_limit
    if limit is not None and hard is not None:
        return min(limit, hard)
    return limit


def voucher_limit(settings: Settings, profile: str | None = None) -> Decimal | None:
    """The daily voucher spend limit of `profile` (default: the settings' profile), in the Plum
    account currency: `profile_limits["<profile>.vouchers"]`, else DEFAULT_VOUCHER_LIMITS."""
    profile = profile_of(profile or getattr(settings, "profile", ALL))
    configured: dict[str, Any] = getattr(settings, "profile_limits", {}) or {}
    key = profile + VOUCHERS_SUFFIX
    if key in configured:
        return parse_limit(configured[key])
    return DEFAULT_VOUCHER_LIMITS.get(profile)


def apply_operator(ctx: Any, operator: str) -> None:
    """Use `operator` from now on: the settings and every service that records it."""
    operator = operator.strip() or ctx.settings.operator
    ctx.settings.operator = operator
    for service in (ctx.keys, ctx.vouchers, ctx.inventory, ctx.shipping, *ctx.purchase_services):
        if service is not None and hasattr(service, "operator"):
            service.operator = operator
    if ctx.team is not None:  # team mode: the seat's name from its next connection
        ctx.team.seat = dataclasses.replace(ctx.team.seat, operator=operator)


def apply_profile(ctx: Any, profile: str) -> str:
    """Use `profile` from now on: the settings and the key and voucher services' limits."""
    profile = profile_of(profile)
    ctx.settings.profile = profile
    if ctx.keys is not None:
        ctx.keys.profile = profile
        ctx.keys.profile_limit = profile_limit(ctx.settings, profile)
    if getattr(ctx, "vouchers", None) is not None:
        ctx.vouchers.profile = profile
        ctx.vouchers.profile_limit = voucher_limit(ctx.settings, profile)
    return profile
