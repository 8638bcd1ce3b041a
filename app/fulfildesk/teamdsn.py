"""The team server's connection string (issue 17) without its password.

A libpq DSN may carry a password (`password=…` in the key/value form, `user:secret@` or
`?password=` in the URI form). The settings file keeps the DSN without it; the password goes to
the secret store (the OS keyring, or the data directory's secrets file) under TEAM_PASSWORD, and
is put back only into the string handed to the database driver.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

#: the secret store account of the team server's password
TEAM_PASSWORD = "team-dsn-password"

_PAIR = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']*)")


def _is_uri(dsn: str) -> bool:
    return dsn.startswith(("postgresql://", "postgres://"))


def _pairs(dsn: str) -> list[tuple[str, str]] | None:
    """The key/value pairs of a libpq key/value DSN (values unquoted); None if unreadable."""
    pairs: list[tuple[str, str]] = []
    pos = 0
    text = dsn.strip()
    while pos < len(text):
        match = _PAIR.match(text, pos)
        if match is None or match.end() == pos:
            return None
        key, value = match.group(1), match.group(2)
        if value.startswith("'"):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        pairs.append((key, value))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return pairs


def _quote_value(value: str) -> str:
    if value and not re.search(r"[\s'\\]", value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def dsn_problem(dsn: str) -> str:
    """Why a DSN cannot be a libpq connection string ("" when it can, or is empty)."""
    dsn = dsn.strip()
    if not dsn:
        return ""
    if _is_uri(dsn):
        try:
            parts = urlsplit(dsn)
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            return "The server address is not a valid postgresql:// address."
        return "" if parts.hostname or parts.path.strip("/") else "Name the server's host."
    pairs = _pairs(dsn)
    if not pairs:
        return (
            "Write the connection as key=value pairs (e.g. host=db.example.com dbname=desk "
            "user=desk) or as postgresql://user@host/dbname."
        )
    return ""


def split_password(dsn: str) -> tuple[str, str | None]:
    """(the DSN without its password, the password or None)."""
    dsn = dsn.strip()
    if not dsn:
        return dsn, None
    if _is_uri(dsn):
        try:
            parts = urlsplit(dsn)
        except ValueError:
            return dsn, None
        password = unquote(parts.password) if parts.password is not None else None
        netloc = parts.netloc
        if parts.password is not None:
            userinfo, _, host = netloc.rpartition("@")
            user = userinfo.split(":", 1)[0]
            netloc = f"{user}@{host}" if user else host
        query = parse_qsl(parts.query, keep_blank_values=True)
        kept = [(k, v) for k, v in query if k != "password"]
        for k, v in query:
            if k == "password":
                password = v
        return (
            urlunsplit((parts.scheme, netloc, parts.path, urlencode(kept), parts.fragment)),
            password,
        )
    pairs = _pairs(dsn)
    if pairs is None:
        return dsn, None
    password = None
    kept = []
    for key, value in pairs:
        if key == "password":
            password = value
        else:
            kept.append((key, value))
    if password is None:
        return dsn, None
    return " ".join(f"{k}={_quote_value(v)}" for k, v in kept), password


def with_password(dsn: str, password: str | None) -> str:
    """The DSN with `password` put in (unchanged when there is none, or it has one already)."""
    if not password or not dsn.strip():
        return dsn
    bare, already = split_password(dsn)
    if already:
        return dsn
    if _is_uri(bare):
        parts = urlsplit(bare)
        userinfo, at, host = parts.netloc.rpartition("@")
        if at and userinfo:
            netloc = f"{userinfo}:{quote(password, safe='')}@{host}"
            return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        query = [*parse_qsl(parts.query, keep_blank_values=True), ("password", password)]
        return urlunsplit(
            (parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment)
        )
    return f"{bare} password={_quote_value(password)}"
