"""Messages worded by the services and domain layers (field checks, connection reports), in the
window's language.

Those layers do not import Qt and their words are shared with the CLI, which stays English, so
they are translated here, at the ui boundary: each known message shape is a pattern whose
captured values are put into a translatable template (context "service_texts"). A message of no
known shape, or a provider's own words, is shown unchanged.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from fulfildesk.ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "service_texts"

#: the words some messages name a field with ("Enter the {what}.")
WHATS = (
    QT_TRANSLATE_NOOP("service_texts", "recipient's name"),
    QT_TRANSLATE_NOOP("service_texts", "address line"),
    QT_TRANSLATE_NOOP("service_texts", "city"),
    QT_TRANSLATE_NOOP("service_texts", "product id"),
    QT_TRANSLATE_NOOP("service_texts", "establishment id"),
    QT_TRANSLATE_NOOP("service_texts", "postal code"),
)

#: the stages an order can be in, as services/bulk.py words them ("the order is {stage}")
STAGES = (
    QT_TRANSLATE_NOOP("service_texts", "waiting to be shipped"),
    QT_TRANSLATE_NOOP("service_texts", "shipped, without tracking"),
    QT_TRANSLATE_NOOP("service_texts", "in transit"),
    QT_TRANSLATE_NOOP("service_texts", "delivered"),
    QT_TRANSLATE_NOOP("service_texts", "cancelled"),
    QT_TRANSLATE_NOOP("service_texts", "refunded"),
)

#: templates whose {0} is a list of field checks, lowercased and joined with ", "
LISTS = {"no complete address on the order: {0}; ship it on its own with Ship…"}

#: (pattern of the English message, its template): {0}, {1}... are the captured values
SHAPES: tuple[tuple[str, str], ...] = (
    # connection reports (services/connection.py)
    (
        r"Connected to Kinguin: it accepted the API key\.",
        QT_TRANSLATE_NOOP("service_texts", "Connected to Kinguin: it accepted the API key."),
    ),
    (
        r"Connected to Plum: the account balance is (.+)\.",
        QT_TRANSLATE_NOOP("service_texts", "Connected to Plum: the account balance is {0}."),
    ),
    (
        r"Connected to the physical goods provider: it accepted the API key sent as (.+)\.",
        QT_TRANSLATE_NOOP(
            "service_texts",
            "Connected to the physical goods provider: it accepted the API key sent as {0}.",
        ),
    ),
    (
        r"Connected to the inventory provider with the client id and secret \(tokens are "
        r"requested and renewed automatically\); API (\w+) \(players by UUID\)\.",
        QT_TRANSLATE_NOOP(
            "service_texts",
            "Connected to the inventory provider with the client id and secret (tokens are "
            "requested and renewed automatically); API {0} (players by UUID).",
        ),
    ),
    (
        r"Connected to the inventory provider with the bearer token; API (\w+) "
        r"\(players by (UUID|number)\)\.",
        QT_TRANSLATE_NOOP(
            "service_texts",
            "Connected to the inventory provider with the bearer token; API {0} (players by {1}).",
        ),
    ),
    (
        r"The access token renews itself with the refresh token\.",
        QT_TRANSLATE_NOOP(
            "service_texts", "The access token renews itself with the refresh token."
        ),
    ),
    (
        r"The refresh token is valid until (.+) UTC \(each use extends it\)\.",
        QT_TRANSLATE_NOOP(
            "service_texts", "The refresh token is valid until {0} UTC (each use extends it)."
        ),
    ),
    (r"Not tested: (.+)", QT_TRANSLATE_NOOP("service_texts", "Not tested: {0}")),
    (r"Not working: (.+)", QT_TRANSLATE_NOOP("service_texts", "Not working: {0}")),
    (
        r"Enter the provider's base URL\.",
        QT_TRANSLATE_NOOP("service_texts", "Enter the provider's base URL."),
    ),
    (r"Enter the API key\.", QT_TRANSLATE_NOOP("service_texts", "Enter the API key.")),
    (
        r"Enter the client id and client secret \(or a static bearer token\)\.",
        QT_TRANSLATE_NOOP(
            "service_texts", "Enter the client id and client secret (or a static bearer token)."
        ),
    ),
    # key deliveries (services/keys.py delivery_text)
    (r"(\d+) of 1 key delivered", QT_TRANSLATE_NOOP("service_texts", "{0} of 1 key delivered")),
    (
        r"(\d+) of (\d+) keys delivered",
        QT_TRANSLATE_NOOP("service_texts", "{0} of {1} keys delivered"),
    ),
    (r"1 key delivered", QT_TRANSLATE_NOOP("service_texts", "1 key delivered")),
    (r"(\d+) keys delivered", QT_TRANSLATE_NOOP("service_texts", "{0} keys delivered")),
    # field checks (services/shipping.py, domain/validation.py)
    (
        r"Enter the player's id \(letters, digits and dashes\)\.",
        QT_TRANSLATE_NOOP("service_texts", "Enter the player's id (letters, digits and dashes)."),
    ),
    (r"Enter the product id\.", QT_TRANSLATE_NOOP("service_texts", "Enter the product id.")),
    (
        r"Enter the establishment id\.",
        QT_TRANSLATE_NOOP("service_texts", "Enter the establishment id."),
    ),
    (r"Reserve 1 to 50 units\.", QT_TRANSLATE_NOOP("service_texts", "Reserve 1 to 50 units.")),
    (
        r"Change at least one detail\.",
        QT_TRANSLATE_NOOP("service_texts", "Change at least one detail."),
    ),
    (
        r"Scan or type the tracking number\.",
        QT_TRANSLATE_NOOP("service_texts", "Scan or type the tracking number."),
    ),
    (
        r"'(.*)' is not a tracking number: 5 to 40 letters, digits or dashes\.",
        QT_TRANSLATE_NOOP(
            "service_texts", "'{0}' is not a tracking number: 5 to 40 letters, digits or dashes."
        ),
    ),
    (
        r"'(.*)' is not an email address such as name@example\.com\.",
        QT_TRANSLATE_NOOP(
            "service_texts", "'{0}' is not an email address such as name@example.com."
        ),
    ),
    (
        r"'(.*)' is not a valid postal code for (\w+)\.",
        QT_TRANSLATE_NOOP("service_texts", "'{0}' is not a valid postal code for {1}."),
    ),
    (
        r"'(.*)' is not a valid postal code\.",
        QT_TRANSLATE_NOOP("service_texts", "'{0}' is not a valid postal code."),
    ),
    (r"Enter the postal code\.", QT_TRANSLATE_NOOP("service_texts", "Enter the postal code.")),
    (r"Choose the country\.", QT_TRANSLATE_NOOP("service_texts", "Choose the country.")),
    (
        r"'(.*)' is not an ISO 3166 country\.",
        QT_TRANSLATE_NOOP("service_texts", "'{0}' is not an ISO 3166 country."),
    ),
    # bulk runs: the preview and the results (services/bulk.py)
    (
        r"not a warehouse order in the cache",
        QT_TRANSLATE_NOOP("service_texts", "not a warehouse order in the cache"),
    ),
    (
        r"(.+) is handling this order",
        QT_TRANSLATE_NOOP("service_texts", "{0} is handling this order"),
    ),
    (r"the order is (.+)", QT_TRANSLATE_NOOP("service_texts", "the order is {0}")),
    (
        r"no complete address on the order: (.+); ship it on its own with Ship…",
        QT_TRANSLATE_NOOP(
            "service_texts",
            "no complete address on the order: {0}; ship it on its own with Ship…",
        ),
    ),
    (
        r"ship to (.+) \(the address on the order\)",
        QT_TRANSLATE_NOOP("service_texts", "ship to {0} (the address on the order)"),
    ),
    (r"no tracking number given", QT_TRANSLATE_NOOP("service_texts", "no tracking number given")),
    (
        r"'(.*)' is not a tracking number: 5 to 40 letters, digits or dashes",
        QT_TRANSLATE_NOOP(
            "service_texts", "'{0}' is not a tracking number: 5 to 40 letters, digits or dashes"
        ),
    ),
    (
        r"tracking number (.+) is also given for (.+)",
        QT_TRANSLATE_NOOP("service_texts", "tracking number {0} is also given for {1}"),
    ),
    (r"already has tracking (.+)", QT_TRANSLATE_NOOP("service_texts", "already has tracking {0}")),
    (
        r"add tracking (\S+) \(replaces (.+)\)",
        QT_TRANSLATE_NOOP("service_texts", "add tracking {0} (replaces {1})"),
    ),
    (r"add tracking (\S+)", QT_TRANSLATE_NOOP("service_texts", "add tracking {0}")),
    (r"mark delivered", QT_TRANSLATE_NOOP("service_texts", "mark delivered")),
    (
        r"cancel the reservation \(the stock is released\)",
        QT_TRANSLATE_NOOP("service_texts", "cancel the reservation (the stock is released)"),
    ),
    (r"one page in the slips PDF", QT_TRANSLATE_NOOP("service_texts", "one page in the slips PDF")),
    (
        r"Shipped: (.+) \(found done at the provider\)",
        QT_TRANSLATE_NOOP("service_texts", "Shipped: {0} (found done at the provider)"),
    ),
    (r"Shipped: (.+)", QT_TRANSLATE_NOOP("service_texts", "Shipped: {0}")),
    (
        r"Tracking added: (.+) \(found done at the provider\)",
        QT_TRANSLATE_NOOP("service_texts", "Tracking added: {0} (found done at the provider)"),
    ),
    (r"Tracking added: (\S+)", QT_TRANSLATE_NOOP("service_texts", "Tracking added: {0}")),
    (
        r"Acquisition completed \(found done at the provider\)",
        QT_TRANSLATE_NOOP("service_texts", "Acquisition completed (found done at the provider)"),
    ),
    (r"Acquisition completed", QT_TRANSLATE_NOOP("service_texts", "Acquisition completed")),
    (
        r"Reservation cancelled: stock released \(found done at the provider\)",
        QT_TRANSLATE_NOOP(
            "service_texts", "Reservation cancelled: stock released (found done at the provider)"
        ),
    ),
    (
        r"Reservation cancelled: stock released",
        QT_TRANSLATE_NOOP("service_texts", "Reservation cancelled: stock released"),
    ),
    (
        r"Not finished: it is resumed and nothing is sent twice\.",
        QT_TRANSLATE_NOOP(
            "service_texts", "Not finished: it is resumed and nothing is sent twice."
        ),
    ),
    (
        r"Cancelled before it was sent; nothing was done to this order\.",
        QT_TRANSLATE_NOOP(
            "service_texts", "Cancelled before it was sent; nothing was done to this order."
        ),
    ),
    (
        r"The order is now (.+); nothing was sent\.",
        QT_TRANSLATE_NOOP("service_texts", "The order is now {0}; nothing was sent."),
    ),
    (
        r"Could not read the order back \((.+)\); it is checked again later and nothing is "
        r"sent twice\.",
        QT_TRANSLATE_NOOP(
            "service_texts",
            "Could not read the order back ({0}); it is checked again later and nothing is "
            "sent twice.",
        ),
    ),
    (r"Enter the (.+?)\.", QT_TRANSLATE_NOOP("service_texts", "Enter the {0}.")),
    (
        r"The (.+?) is longer than (\d+) characters\.",
        QT_TRANSLATE_NOOP("service_texts", "The {0} is longer than {1} characters."),
    ),
)

_COMPILED = tuple((re.compile(pattern + r"$"), template) for pattern, template in SHAPES)
_WHATS = set(WHATS) | set(STAGES)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def service_text(text: str) -> str:
    """`text` in the window's language when it has a known shape, else unchanged. Several
    sentences (a report's summary and details) are translated one by one."""
    if not text:
        return text
    sentences = re.split(r"(?<=\.)\s+(?=[A-Z'])", text.strip())
    return " ".join(_one(sentence) for sentence in sentences)


def _one(sentence: str) -> str:
    for pattern, template in _COMPILED:
        match = pattern.match(sentence)
        if match is None:
            continue
        if template in LISTS:
            return _tr(template).format(", ".join(_item(v) for v in match.group(1).split(", ")))
        values = [
            _tr(v) if v in _WHATS else (_one(v) if template.endswith(": {0}") else v)
            for v in match.groups()
        ]
        return _tr(template).format(*values)
    return sentence


def _item(part: str) -> str:
    """One check of a list ("enter the city"): translated as the sentence it was made from
    ("Enter the city."), then lowercased again."""
    sentence = part[:1].upper() + part[1:] + "."
    translated = _one(sentence)
    if translated == sentence:
        return part
    return translated.rstrip(".")[:1].lower() + translated.rstrip(".")[1:]
