"""Test connection: one cheap authenticated call per provider, answered in words.

Builds the client exactly as the console would (services/clients.py) from provider settings that
need not be saved yet, makes one call, closes the client. The answer names what works and what is
wrong; it never contains a secret (provider errors never carry one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fulfildesk.config import ProviderSettings
from fulfildesk.domain.models import Provider
from fulfildesk.providers.errors import ProviderError
from fulfildesk.providers.http import HttpPolicy
from fulfildesk.services import clients

#: a Settings check should answer quickly: one retry at most, short waits
CHECK_POLICY = HttpPolicy(max_attempts=2, retry_after_cap=5.0, read_timeout=15.0)


@dataclass
class ConnectionReport:
    provider: Provider
    ok: bool
    summary: str
    details: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join([self.summary, *self.details])


def missing(entry: ProviderSettings) -> str | None:
    """What is missing before a call can even be tried, in words (None: nothing)."""
    if not entry.url:
        return "Enter the provider's base URL."
    if entry.name is Provider.PLUM and not entry.token and not entry.has_client_credentials:
        return (
            "Enter the client id, client secret and refresh token from the Xoxoday dashboard "
            "(or an access token)."
        )
    if entry.name is Provider.INVENTORY and not entry.token and not entry.has_client_credentials:
        return "Enter the client id and client secret (or a static bearer token)."
    if not entry.token and entry.name in (Provider.POWERPLUGIN, Provider.KINGUIN):
        return "Enter the API key."
    return None


async def check_connection(
    entry: ProviderSettings, data_dir: Path, *, policy: HttpPolicy | None = None
) -> ConnectionReport:
    problem = missing(entry)
    if problem:
        return ConnectionReport(entry.name, False, f"Not tested: {problem}")
    policy = policy or CHECK_POLICY
    try:
        if entry.name is Provider.PLUM:
            return await _plum(entry, data_dir, policy)
        if entry.name is Provider.INVENTORY:
            return await _inventory(entry, data_dir, policy)
        if entry.name is Provider.POWERPLUGIN:
            return await _powerplugin(entry, data_dir, policy)
        return await _kinguin(entry, policy)
    except ProviderError as exc:
        return ConnectionReport(entry.name, False, f"Not working: {exc.user_message}.")
    except ValueError as exc:
        return ConnectionReport(entry.name, False, f"Not working: {exc}.")


async def _plum(entry: ProviderSettings, data_dir: Path, policy: HttpPolicy) -> ConnectionReport:
    client = clients.plum_client(entry, data_dir, policy=policy)
    try:
        balance = await client.get_balance(max_age=0)
        details = []
        if client.tokens is not None:
            details.append("The access token renews itself with the refresh token.")
            until = client.refresh_token_expires_at
            if until is not None:
                details.append(
                    f"The refresh token is valid until {until:%Y-%m-%d %H:%M} UTC "
                    "(each use extends it)."
                )
            warning = client.credential_warning()
            if warning:
                details.append(warning)
        else:
            details.append(
                "Only an access token is set: it expires after about 15 days. Add the client id, "
                "client secret and refresh token so the console can renew it."
            )
        return ConnectionReport(
            entry.name,
            True,
            f"Connected to Plum: the account balance is {balance.amount:,.2f} {balance.currency}.",
            details,
        )
    finally:
        await client.aclose()


async def _inventory(
    entry: ProviderSettings, data_dir: Path, policy: HttpPolicy
) -> ConnectionReport:
    client = clients.inventory_client(entry, data_dir, policy=policy)
    try:
        await client.check()
    finally:
        await client.aclose()
    how = (
        "the client id and secret (tokens are requested and renewed automatically)"
        if entry.has_client_credentials
        else "the bearer token"
    )
    players = "players by UUID" if entry.generation == "v2" else "players by number"
    return ConnectionReport(
        entry.name,
        True,
        f"Connected to the inventory provider with {how}; API {entry.generation} ({players}).",
    )


async def _powerplugin(
    entry: ProviderSettings, data_dir: Path, policy: HttpPolicy
) -> ConnectionReport:
    client = clients.powerplugin_client(entry, data_dir, policy=policy)
    try:
        await client.check()
    finally:
        await client.aclose()
    scheme = "HTTP Basic" if client.auth_scheme == "basic" else "a Bearer header"
    return ConnectionReport(
        entry.name,
        True,
        f"Connected to the physical goods provider: it accepted the API key sent as {scheme}.",
    )


async def _kinguin(entry: ProviderSettings, policy: HttpPolicy) -> ConnectionReport:
    from fulfildesk.providers.kinguin import KinguinClient

    client = KinguinClient(entry.url or "", entry.token or "", policy=policy)
    try:
        await client.list_orders()
    finally:
        await client.aclose()
    return ConnectionReport(entry.name, True, "Connected to Kinguin: it accepted the API key.")
