"""Messages people can read: one way to word a provider's error, for the window and the CLI.

A provider error reads the same everywhere: the provider's one display name once, then what went
wrong in plain words, then the provider's code if it gave one. Library wording (pydantic's "Input
should be greater than or equal to 1", "Field required") is turned into plain words, and a
provider name repeated by the layers a message passed through ("Kinguin: Kinguin: ...") is kept
once.
"""

from __future__ import annotations

import re

from fulfildesk.domain.vocabulary import PROVIDER_NAMES, provider_name

#: every name a provider has been called in a message, longest first (so "Physical goods
#: provider" is stripped before "Physical goods")
_ALIASES = sorted(
    {
        *PROVIDER_NAMES.values(),
        *PROVIDER_NAMES.keys(),
        "Physical goods provider",
        "Inventory provider",
        "Warehouse",
        "Physical",
        "PowerPlugin",
    },
    key=len,
    reverse=True,
)
_PREFIX = re.compile(
    r"^\s*(?:" + "|".join(re.escape(a) for a in _ALIASES) + r")\s*(?:says)?\s*:\s*",
    re.IGNORECASE,
)

#: pydantic (and similar) wording -> plain words; each pattern matches the whole phrase
_LIBRARY_WORDING: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), plain)
    for pattern, plain in (
        (r"Input should be greater than or equal to (\S+?)\.?$", r"must be at least \1"),
        (r"Input should be greater than (\S+?)\.?$", r"must be more than \1"),
        (r"Input should be less than or equal to (\S+?)\.?$", r"must be at most \1"),
        (r"Input should be less than (\S+?)\.?$", r"must be less than \1"),
        (r"Input should be a valid integer.*$", "must be a whole number"),
        (r"Input should be a valid (?:number|decimal).*$", "must be a number"),
        (r"Input should be a valid string.*$", "must be text"),
        (r"Input should be a valid email.*$", "is not an email address"),
        (r"value is not a valid email address.*$", "is not an email address"),
        (r"Input should be a valid UUID.*$", "is not a valid id"),
        (r"Input should be (?:'[^']*'(?:, | or )?)+\.?$", "is not one of the accepted values"),
        (r"String should have at least (\d+) characters?\.?$", r"needs at least \1 characters"),
        (r"String should have at most (\d+) characters?\.?$", r"must be at most \1 characters"),
        (r"List should have at least (\d+) items?.*$", r"needs at least \1 entries"),
        (r"Field required\.?$", "is required"),
        (r"Missing required field\.?$", "is required"),
        (r"Extra inputs are not permitted\.?$", "is not accepted here"),
        (r"Value error, (.*)$", r"\1"),
    )
)


def plain_field_message(text: str) -> str:
    """A field's message in plain words: 'Input should be greater than or equal to 1' ->
    'Must be at least 1.'"""
    text = (text or "").strip()
    for pattern, plain in _LIBRARY_WORDING:
        match = pattern.search(text)
        if match:
            text = text[: match.start()] + match.expand(plain)
            break
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def strip_provider_prefixes(text: str) -> str:
    """'Kinguin: Kinguin: refused' -> 'refused' (every leading provider name, however many)."""
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text, count=1)
    return text.strip()


def plain(text: str) -> str:
    """Any message in plain words: library wording turned into words, each part once."""
    parts = [p for p in re.split(r"(?<=[.;])\s+", (text or "").strip()) if p]
    seen: list[str] = []
    for part in parts:
        fixed = _plain_part(part)
        if fixed and fixed not in seen:
            seen.append(fixed)
    return " ".join(seen)


def _plain_part(part: str) -> str:
    for pattern, _plain in _LIBRARY_WORDING:
        match = pattern.search(part)
        if match:
            head = part[: match.start()].rstrip()
            # "quantity: Input should be ..." -> "quantity must be ..."
            head = head[:-1].rstrip() if head.endswith(":") else head
            body = plain_field_message(part[match.start() :])
            return f"{head} {body[0].lower()}{body[1:]}" if head else body
    return part


def error_text(provider: str, message: str, code: str | None = None) -> str:
    """A provider's error as people read it, in the window and the CLI alike:
    '<Provider>: <what went wrong, in plain words> (code <code>)'."""
    body = plain(strip_provider_prefixes(message or "")) or "the request failed"
    suffix = f" (code {code})" if code and f"code {code}" not in body else ""
    name = provider_name(provider) if provider else ""
    return f"{name}: {body}{suffix}" if name else f"{body}{suffix}"


def order_owned_text(provider: str, order_id: str, owner: str = "") -> str:
    """Why a provider order cannot be assigned to a purchase: another journal entry owns it (one
    owner per order). The same words in the window and the CLI."""
    whose = f"purchase {owner}" if owner else "another purchase"
    return error_text(
        provider,
        f"order {order_id} already belongs to {whose} in the journal, and an order can belong "
        "to one purchase only. Nothing was changed; check the order number",
    )


def assign_refused_text(provider: str, state: str) -> str:
    """Why an order cannot be assigned to a purchase that is not waiting for review."""
    return error_text(
        provider,
        f"only a purchase that needs review can be assigned an order; this one is {state}. "
        "Nothing was changed",
    )


_ALIAS_PROVIDER = {
    **{name.lower(): code for code, name in PROVIDER_NAMES.items()},
    **{code: code for code in PROVIDER_NAMES},
    "physical goods provider": "powerplugin",
    "inventory provider": "inventory",
    "warehouse": "powerplugin",
    "physical": "powerplugin",
}


def tidy(text: str) -> str:
    """A message that may carry provider prefixes (one per layer it passed through) and library
    wording, as people read it: the provider named once, plain words."""
    match = _PREFIX.match(text or "")
    if match is None:
        return plain(text)
    alias = match.group(0).split(":")[0].strip().lower().removesuffix(" says").strip()
    return error_text(_ALIAS_PROVIDER.get(alias, ""), text)
