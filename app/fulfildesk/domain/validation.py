"""Field rules shared by forms and services: one message per problem, written for a person."""

from __future__ import annotations

import re

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
CONTACT = re.compile(r"^\+?[0-9][0-9\- ]{6,19}$")


def email_problem(text: str, *, required: bool) -> str:
    text = text.strip()
    if not text:
        return "Enter the receiver's email address." if required else ""
    if len(text) > 254 or not EMAIL.match(text):
        return f"'{text}' is not an email address such as name@example.com."
    return ""


def contact_problem(text: str, *, required: bool = False) -> str:
    text = text.strip()
    if not text:
        return "Enter a mobile number such as +1-5234567890." if required else ""
    if not CONTACT.match(text):
        return f"'{text}' is not a mobile number; write it like +1-5234567890."
    return ""


# ------------------------------------------------------------------ addresses

#: postal code shapes for the countries staff ship to most; others get a generic check
POSTAL_CODES: dict[str, str] = {
    "US": r"\d{5}(-\d{4})?",
    "CA": r"[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d",
    "GB": r"[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}",
    "IE": r"[A-Za-z]\d[\dWw] ?[A-Za-z\d]{4}",
    "DE": r"\d{5}",
    "FR": r"\d{5}",
    "ES": r"\d{5}",
    "IT": r"\d{5}",
    "NL": r"\d{4} ?[A-Za-z]{2}",
    "BE": r"\d{4}",
    "AT": r"\d{4}",
    "CH": r"\d{4}",
    "PT": r"\d{4}-\d{3}",
    "PL": r"\d{2}-\d{3}",
    "SE": r"\d{3} ?\d{2}",
    "DK": r"\d{4}",
    "NO": r"\d{4}",
    "FI": r"\d{5}",
    "CZ": r"\d{3} ?\d{2}",
    "BR": r"\d{5}-?\d{3}",
    "MX": r"\d{5}",
    "AR": r"[A-Za-z]?\d{4}([A-Za-z]{3})?",
    "JP": r"\d{3}-?\d{4}",
    "AU": r"\d{4}",
    "NZ": r"\d{4}",
    "IN": r"\d{6}",
    "CN": r"\d{6}",
    "KR": r"\d{5}",
    "RU": r"\d{6}",
}
GENERIC_POSTAL = r"[A-Za-z0-9][A-Za-z0-9 \-]{1,9}"


def country_code(text: str) -> str | None:
    """An ISO 3166-1 alpha-2 code for a code or an English country name, else None."""
    import pycountry

    text = text.strip()
    if not text:
        return None
    found = pycountry.countries.get(alpha_2=text.upper()) if len(text) == 2 else None
    if found is None and len(text) == 3:
        found = pycountry.countries.get(alpha_3=text.upper())
    if found is None:
        try:
            found = pycountry.countries.lookup(text)
        except LookupError:
            return None
    return str(found.alpha_2)


def countries() -> list[tuple[str, str]]:
    """(alpha-2 code, name) for every ISO 3166 country, sorted by name."""
    import pycountry

    return sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda p: p[1])


def postal_code_problem(text: str, country: str | None, *, required: bool = True) -> str:
    text = text.strip()
    if not text:
        return "Enter the postal code." if required else ""
    pattern = POSTAL_CODES.get((country or "").upper(), GENERIC_POSTAL)
    if not re.fullmatch(pattern, text):
        where = f" for {country.upper()}" if country else ""
        return f"'{text}' is not a valid postal code{where}."
    return ""


def country_problem(text: str, *, required: bool = True) -> str:
    if not text.strip():
        return "Choose the country." if required else ""
    if country_code(text) is None:
        return f"'{text}' is not an ISO 3166 country."
    return ""


def text_problem(text: str, what: str, *, required: bool = True, max_length: int = 200) -> str:
    text = text.strip()
    if not text:
        return f"Enter the {what}." if required else ""
    if len(text) > max_length:
        return f"The {what} is longer than {max_length} characters."
    if any(ord(c) < 32 for c in text):
        return f"The {what} contains control characters."
    return ""


# ------------------------------------------------------------------ provider URLs


def is_loopback_host(host: str) -> bool:
    """Whether `host` names this computer: localhost, 127.0.0.0/8 or ::1."""
    import ipaddress

    host = host.strip().lower().rstrip(".").strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str | None) -> str:
    """Why a provider base URL cannot be used ("" when it can): https for every host, plain
    http only for a sandbox on this computer (loopback). The one rule for every source of a URL
    (environment, settings.json, the Settings dialog, the command line, the HTTP client)."""
    from urllib.parse import urlsplit

    text = (url or "").strip()
    if not text:
        return ""
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return f"'{text}' is not a URL such as https://api.example.com."
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        return f"'{text}' is not a URL such as https://api.example.com."
    if scheme == "http" and not is_loopback_host(host):
        return (
            f"'{text}' uses plain http: use an https:// URL (plain http only for a sandbox on "
            "this computer)."
        )
    return ""


# ------------------------------------------------------------------ bounds


#: the largest id or amount a provider takes as a number: a signed 64-bit integer (Kinguin's
#: kinguinId, inventory's player, loot and item ids, Plum's productId). Beyond it a provider
#: answers 500, which reads as "outcome unknown": refused before anything is recorded or sent.
MAX_ID = 2**63 - 1
#: free text sent to a provider (a product name, a tag, an id typed by a person)
MAX_TEXT = 200


class FieldProblems(ValueError):
    """A request refused before it is recorded or sent: field -> message."""

    def __init__(self, field_errors: dict[str, str]) -> None:
        super().__init__("; ".join(field_errors.values()))
        self.field_errors = dict(field_errors)


def id_problem(value: object, what: str = "id", *, maximum: int = MAX_ID) -> str:
    """Why `value` is not an id a provider takes (a whole number from 1 to 2**63 - 1)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        return f"The {what} must be a whole number from 1 to {maximum:,}."
    return ""


def length_problem(text: str | None, what: str, max_length: int = MAX_TEXT) -> str:
    """Why `text` is too long to send (the form caps it too; the service never trusts that)."""
    if text is not None and len(text) > max_length:
        return f"The {what} is longer than {max_length} characters."
    return ""
