"""One vocabulary: the words a person reads for providers, statuses and inventory entry types.

Defined once here and used by the window, the CLI output, the exports and the messages, so the
same thing never has two names ("Physical goods", not "Warehouse" on one screen and "powerplugin"
on another), and no raw code (`out_of_stock`, `fill_loot`) shows through.
"""

from __future__ import annotations

from fulfildesk.domain.enums import OrderStatus, Provider

#: one display name per provider
PROVIDER_NAMES: dict[str, str] = {
    Provider.KINGUIN.value: "Kinguin",
    Provider.PLUM.value: "Plum",
    Provider.POWERPLUGIN.value: "Physical goods",
    Provider.INVENTORY.value: "Inventory",
}

#: what each provider sells, for headings and tooltips
PROVIDER_GOODS: dict[str, str] = {
    Provider.KINGUIN.value: "game keys",
    Provider.PLUM.value: "vouchers",
    Provider.POWERPLUGIN.value: "physical goods",
    Provider.INVENTORY.value: "in-game items",
}

#: one word (or two) per normalized status
STATUS_NAMES: dict[str, str] = {
    OrderStatus.RESERVED.value: "Reserved",
    OrderStatus.PENDING.value: "Pending",
    OrderStatus.PROCESSING.value: "Processing",
    OrderStatus.SHIPPED.value: "Shipped",
    OrderStatus.COMPLETED.value: "Completed",
    OrderStatus.CANCELLED.value: "Cancelled",
    OrderStatus.REFUNDED.value: "Refunded",
    OrderStatus.OUT_OF_STOCK.value: "Out of stock",
    OrderStatus.FAILED.value: "Failed",
    OrderStatus.NEEDS_REVIEW.value: "Needs review",
    OrderStatus.UNKNOWN.value: "Unknown",
}

#: a partial outcome is shown as partial, whatever normalized status it maps to
PARTIAL = "Partly applied"
_PARTIAL_PROVIDER_STATUSES = {(Provider.INVENTORY.value, "partial")}

#: inventory entry types, as the order form and every result list name them
ENTRY_TYPE_NAMES: dict[str, str] = {
    "fill_loot": "Grant loot",
    "purchase_loot": "Sell loot (player pays)",
    "promotion_code": "Redeem promotion code",
    "fill_loot_single_transient": "Grant single transient loot",
    "fill_entitled_loot": "Grant entitled loot",
    "purchase_dynamic_bundle": "Sell dynamic bundle",
    "create_new_persistent_inventory": "Create item (persistent)",
    "create_new_transient_inventory": "Create item (transient)",
    "update_existing_persistent_inventory": "Change item (persistent)",
    "update_existing_transient_inventory": "Change item (transient)",
    "update_inventory": "Change inventory record",
    "custom_loot": "Custom loot",
}


def words(code: str) -> str:
    """A code nobody defined a name for, in words: 'out_of_stock' -> 'Out of stock'."""
    text = code.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else ""


def provider_name(provider: str) -> str:
    return PROVIDER_NAMES.get(provider, words(provider))


def provider_choices() -> list[tuple[str, str]]:
    """(value, display name) of every provider, in the order the window lists them."""
    return [(p.value, PROVIDER_NAMES[p.value]) for p in Provider]


def status_name(status: str, provider: str = "", provider_status: str = "") -> str:
    """The status in words; a partial outcome reads as partial."""
    if (provider, provider_status) in _PARTIAL_PROVIDER_STATUSES:
        return PARTIAL
    return STATUS_NAMES.get(status, words(status))


def status_choices() -> list[tuple[str, str]]:
    return list(STATUS_NAMES.items())


def entry_type_name(entry_type: str) -> str:
    return ENTRY_TYPE_NAMES.get(entry_type, words(entry_type))


_ENTRY_WORDS = {code.replace("_", " "): name for code, name in ENTRY_TYPE_NAMES.items()}


def products_text(provider: str, products: str) -> str:
    """A cached products summary in the vocabulary: an inventory order's '2 × purchase loot'
    reads '2 × Sell loot (player pays)', as in the order form."""
    if provider != Provider.INVENTORY.value or not products:
        return products
    parts = []
    for part in products.split(", "):
        count, sep, what = part.partition(" × ")
        name = _ENTRY_WORDS.get(what.strip()) or ENTRY_TYPE_NAMES.get(what.strip())
        parts.append(f"{count}{sep}{name}" if sep and name else part)
    return ", ".join(parts)
