"""Provider clients from provider settings: the one place that turns credential fields into a
client with the right generation and token source. Used by the composition root (context.py) and
by Test connection (services/connection.py), so both build exactly the same client.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from fulfildesk.config import ProviderSettings, secret_account
from fulfildesk.domain.enums import Provider
from fulfildesk.secretstore import JsonSecret, SecretStore

if TYPE_CHECKING:
    from fulfildesk.providers.http import HttpPolicy
    from fulfildesk.providers.inventory import InventoryClient
    from fulfildesk.providers.plum import PlumClient
    from fulfildesk.providers.powerplugin import PowerPluginClient

log = logging.getLogger(__name__)

#: the cross-process credential-renewal lock, in the data directory
LOCK_NAME = "credentials-{provider}.lock"


def lock_path(data_dir: Path, provider: Provider) -> Path:
    return data_dir / LOCK_NAME.format(provider=provider.value)


def plum_state(data_dir: Path, url: str | None, refresh_token: str) -> JsonSecret:
    """Where the Plum token line that starts at `refresh_token` is persisted (rotated refresh
    token, current access token, expiries): the keyring or the secrets file, never settings."""
    from fulfildesk.providers.auth import fingerprint

    account = secret_account(Provider.PLUM, url, f"oauth-state-{fingerprint(refresh_token)[:16]}")
    return JsonSecret(SecretStore(data_dir), account)


def plum_client(
    entry: ProviderSettings, data_dir: Path, *, policy: HttpPolicy | None = None
) -> PlumClient:
    from fulfildesk.providers.plum import PlumClient, PlumCredentials

    url = entry.url or ""
    if entry.has_client_credentials and entry.refresh_token:
        credentials = PlumCredentials(
            client_id=entry.client_id or "",
            client_secret=entry.client_secret or "",
            refresh_token=entry.refresh_token,
            access_token=entry.token,
        )
        return PlumClient(
            url,
            credentials=credentials,
            store=plum_state(data_dir, entry.url, entry.refresh_token),
            lock_path=lock_path(data_dir, Provider.PLUM),
            policy=policy,
        )
    return PlumClient(url, entry.token or "", policy=policy)


def inventory_client(
    entry: ProviderSettings, data_dir: Path, *, policy: HttpPolicy | None = None
) -> InventoryClient:
    from fulfildesk.providers.inventory import InventoryClient

    if entry.has_client_credentials:
        return InventoryClient(
            entry.url or "",
            api=entry.generation,
            client_id=entry.client_id,
            client_secret=entry.client_secret,
            auth_url=entry.auth_url or entry.url,
            lock_path=lock_path(data_dir, Provider.INVENTORY),
            policy=policy,
        )
    return InventoryClient(entry.url or "", entry.token or "", api=entry.generation, policy=policy)


def powerplugin_client(
    entry: ProviderSettings, data_dir: Path, *, policy: HttpPolicy | None = None
) -> PowerPluginClient:
    from fulfildesk.providers.powerplugin import AUTH_SCHEMES, PowerPluginClient

    scheme = (entry.auth_scheme or "").strip().lower()
    if scheme and scheme not in AUTH_SCHEMES:
        log.warning("FULFILDESK_POWERPLUGIN_AUTH must be basic or bearer; using the default")
    return PowerPluginClient(
        entry.url or "",
        entry.token or "",
        auth_scheme=scheme if scheme in AUTH_SCHEMES else None,
        policy=policy,
    )
