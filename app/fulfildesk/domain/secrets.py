"""What counts as a secret in a provider's answer, and taking it out of what is kept in clear.

Secrets (game keys, voucher codes and PINs, activation links, tokens) are stored only in the
vault (encrypted, `store.vault`). The raw provider JSON kept with a cached order is for people
and for debugging; every value under a secret-looking name is replaced by `REDACTED` before it is
written anywhere.
"""

from __future__ import annotations

import re
from typing import Any

REDACTED = "(kept encrypted in the vault)"

#: field names (lower case, without "_" and "-") whose values are secrets
SECRET_FIELDS = frozenset(
    {
        "serial",
        "serials",
        "serialkey",
        "serialnumber",
        "key",
        "keys",
        "cdkey",
        "licensekey",
        "productkey",
        "activationcode",
        "activationkey",
        "activationlink",
        "redeemcode",
        "redemptioncode",
        "redemptionurl",
        "vouchercode",
        "voucherurl",
        "giftcode",
        "cardnumber",
        "pin",
        "pincode",
        "cvv",
        "password",
        "passcode",
        "secret",
        "clientsecret",
        "token",
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "apikey",
        "authorization",
    }
)
_NORMALISE = re.compile(r"[_\-\s]")


def is_secret_field(name: str) -> bool:
    return _NORMALISE.sub("", name).lower() in SECRET_FIELDS


def scrub_secrets(value: Any, _secret: bool = False) -> Any:
    """A copy of `value` (JSON-like) with every secret replaced by REDACTED, at any depth: the
    value of a secret field, and every plain value inside a list or object held by one (a list
    of serials). Objects under a secret field keep their other fields (`keys: [{id, status,
    serial}]` keeps id and status), so what is read back from the cache still has its shape."""
    if isinstance(value, dict):
        return {k: scrub_secrets(v, is_secret_field(str(k))) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_secrets(v, _secret) for v in value]
    if _secret and value not in (None, "") and not isinstance(value, bool):
        return REDACTED
    return value
