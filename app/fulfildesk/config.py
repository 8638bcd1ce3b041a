"""Settings: where data lives, and how to reach each provider.

Per provider: the API generation, the base URL and the credential fields that generation needs.
Precedence: the environment (FULFILDESK_<NAME>_URL, _API, _AUTH_URL, _AUTH, _TOKEN, _CLIENT_ID,
_CLIENT_SECRET, _REFRESH_TOKEN), then the settings file (plain settings only) and the secret store
(secrets: the OS keyring, or without one the data directory's own secrets file, see
secretstore.py). Secrets are never written to the settings file.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from fulfildesk.domain.enums import Provider
from fulfildesk.domain.validation import url_problem
from fulfildesk.secretstore import SecretStore

log = logging.getLogger(__name__)

APP_DIR_NAME = "fulfildesk"
SETTINGS_FILE = "settings.json"
KEYRING_SERVICE = "fulfildesk"
#: Kinguin's API generations (providers.kinguin.Api): the seed's v1, or the current API
KINGUIN_APIS = ("v1", "current")
#: hosts that serve only Kinguin's current API (live and Kinguin's own sandbox)
KINGUIN_CURRENT_HOSTS = ("gateway.kinguin.net", "gateway.sandbox.kinguin.net")


def default_data_dir() -> Path:
    env = os.environ.get("FULFILDESK_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


#: plain (non-secret) settings kept in settings.json, by field name -> environment suffix
PLAIN_FIELDS = {"url": "URL", "api": "API", "auth_url": "AUTH_URL", "auth_scheme": "AUTH"}
#: secret fields, kept in the keyring / secrets file, by field name -> environment suffix
SECRET_FIELDS = {
    "token": "TOKEN",
    "client_id": "CLIENT_ID",
    "client_secret": "CLIENT_SECRET",
    "refresh_token": "REFRESH_TOKEN",
}
#: API generations per provider (the first is the default)
GENERATIONS: dict[Provider, tuple[str, ...]] = {
    Provider.KINGUIN: KINGUIN_APIS,  # default by URL: see default_kinguin_api
    Provider.PLUM: ("v1",),
    Provider.INVENTORY: ("v1", "v2"),
    Provider.POWERPLUGIN: ("v1",),
}


@dataclass
class ProviderSettings:
    name: Provider
    url: str | None = None
    token: str | None = None
    #: where the token came from: env, keyring, file, session (memory only), demo, or None
    token_source: str | None = None
    # -- credentials beyond a static token (issue 10); `api` is the API generation
    api: str | None = None
    #: OAuth client of Plum (refresh tokens) and inventory v2 (client credentials)
    client_id: str | None = None
    client_secret: str | None = None
    #: Plum's refresh token (rotates on every use: the rotated one is persisted separately)
    refresh_token: str | None = None
    #: inventory: the users service base URL for /users/v2/oauth/token (default: `url`)
    auth_url: str | None = None
    #: powerplugin: "basic" (the key as HTTP Basic user name; recommended) or "bearer"
    auth_scheme: str | None = None
    #: where each secret field came from: env, keyring, file, session
    sources: dict[str, str] = field(default_factory=dict)
    #: Kinguin only: the most this installation may spend per UTC day (EUR), None = no limit
    #: (FULFILDESK_KINGUIN_DAILY_LIMIT, or "daily_limit" in the settings file)
    daily_limit: Decimal | None = None
    #: where daily_limit came from: env, file, or None
    daily_limit_source: str | None = None

    @property
    def generation(self) -> str:
        """The API generation to speak: the explicit choice (environment or Settings) when it is
        one this provider has, else the default (Kinguin: by URL, see default_kinguin_api)."""
        choices = GENERATIONS.get(self.name, ("v1",))
        if self.api in choices:
            return self.api
        if self.name is Provider.KINGUIN:
            return default_kinguin_api(self.url)
        return choices[0]

    @property
    def has_client_credentials(self) -> bool:
        if not (self.client_id and self.client_secret):
            return False
        return bool(self.refresh_token) if self.name is Provider.PLUM else True

    @property
    def configured(self) -> bool:
        return bool(self.url and (self.token or self.has_client_credentials))

    def __repr__(self) -> str:  # never show a secret
        return f"ProviderSettings(name={self.name.value!r}, url={self.url!r}, api={self.api!r})"


@dataclass
class Settings:
    data_dir: Path
    providers: dict[Provider, ProviderSettings] = field(default_factory=dict)
    operator: str = field(default_factory=lambda: os.environ.get("USER", "operator"))
    #: issue 14: the workstation profile (services/profiles.py; a convenience, not security) and
    #: per-profile daily spend limits ("profile" and "profile_limits" in the settings file)
    profile: str = "all"
    profile_limits: dict[str, str] = field(default_factory=dict)
    demo: bool = False
    #: team mode (issue 17): a libpq connection string, kept in settings.json without its
    #: password (team_password). FULFILDESK_TEAM_DSN wins over the file. None: working alone.
    team_dsn: str | None = None
    team_dsn_source: str | None = None
    #: the operator's profile (warehouse, store_manager, key_dispatcher, all), the window's
    #: language ("" = the system's) and whether the first-run guide was completed (issue 16)
    language: str = ""
    first_run_done: bool = False
    #: the team server's password: kept in the secret store (teamdsn.TEAM_PASSWORD), never in
    #: settings.json; put into the DSN only for the driver (team_connect_dsn)
    team_password: str | None = field(default=None, repr=False)

    @property
    def team_connect_dsn(self) -> str | None:
        """The DSN the database driver gets: team_dsn with the stored password put back."""
        from fulfildesk.teamdsn import with_password

        return with_password(self.team_dsn, self.team_password) if self.team_dsn else None

    @property
    def cache_path(self) -> Path:
        """Orders, their search index and sync state: rebuildable by a sync."""
        return self.data_dir / "cache.sqlite"

    @property
    def journal_path(self) -> Path:
        """The purchase journal, keys, vouchers, order history: never rebuilt."""
        return self.data_dir / "journal.sqlite"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "logs" / "fulfildesk.log"

    def provider(self, name: Provider) -> ProviderSettings:
        return self.providers.setdefault(name, ProviderSettings(name=name))


def default_kinguin_api(url: str | None) -> str:
    """`current` for a URL under Kinguin's gateway (which serves only the current API), `v1`
    for anything else (the sandbox's /kinguin, a seed-era server)."""
    if not url:
        return "v1"
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return "v1"
    for gateway in KINGUIN_CURRENT_HOSTS:
        if host == gateway or host.endswith("." + gateway):
            return "current"
    return "v1"


def secret_account(provider: Provider, url: str | None, name: str = "token") -> str:
    """The keyring / secrets-file account of one secret (`<provider>-token@<url>` as before)."""
    return f"{provider.value}-{name.replace('_', '-')}@{url or ''}"


def plum_state_account(url: str | None) -> str:
    """Where Plum's rotated refresh token and current access token are persisted."""
    return secret_account(Provider.PLUM, url, "oauth-state")


def parse_daily_limit(value: object) -> Decimal | None:
    """A daily spend limit: a positive amount ("250", "99.50"); "", "off", "0" or anything
    unreadable means no limit."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().lower()
    if text in ("", "off", "none", "0"):
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount > 0 else None


def secret_store(settings_or_dir: Settings | Path) -> SecretStore:
    data_dir = (
        settings_or_dir.data_dir if isinstance(settings_or_dir, Settings) else settings_or_dir
    )
    return SecretStore(data_dir)


def env_name(provider: Provider, suffix: str) -> str:
    return f"FULFILDESK_{provider.name}_{suffix}"


def read_token(provider: Provider, url: str | None, data_dir: Path | None = None) -> str | None:
    return SecretStore(data_dir or default_data_dir()).get(secret_account(provider, url))


def store_token(
    provider: Provider, url: str | None, token: str, data_dir: Path | None = None
) -> bool:
    """Keep a token (keyring, else the secrets file); True once it is kept."""
    store_secret(data_dir or default_data_dir(), provider, url, "token", token)
    return True


def store_secret(
    data_dir: Path, provider: Provider, url: str | None, name: str, value: str | None
) -> str:
    """Keep (or with None, forget) one secret field; answer "keyring" or "file"."""
    return SecretStore(data_dir).set(secret_account(provider, url, name), value)


def load_settings(data_dir: Path | None = None) -> Settings:
    data_dir = (data_dir or default_data_dir()).expanduser()
    settings = Settings(data_dir=data_dir)
    file_values: dict[str, dict[str, object]] = {}
    path = data_dir / SETTINGS_FILE
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            file_values = loaded.get("providers", {})
            for key in ("operator", "profile", "language"):
                if isinstance(loaded.get(key), str) and loaded[key].strip():
                    setattr(settings, key, loaded[key].strip())
            settings.first_run_done = loaded.get("first_run_done") is True
            if isinstance(loaded.get("profile_limits"), dict):
                settings.profile_limits = {
                    str(k): str(v) for k, v in loaded["profile_limits"].items()
                }
            if isinstance(loaded.get("team_dsn"), str) and loaded["team_dsn"].strip():
                settings.team_dsn, settings.team_dsn_source = loaded["team_dsn"].strip(), "file"
        except (OSError, ValueError, AttributeError) as exc:
            log.warning("settings file %s is unreadable (%s); using defaults", path, exc)
    if os.environ.get("FULFILDESK_TEAM_DSN", "").strip():
        settings.team_dsn = os.environ["FULFILDESK_TEAM_DSN"].strip()
        settings.team_dsn_source = "env"
    store: SecretStore | None = None
    if settings.team_dsn:
        from fulfildesk.teamdsn import TEAM_PASSWORD

        store = SecretStore(data_dir)
        settings.team_password = store.get(TEAM_PASSWORD) or None
    for provider in Provider:
        entry = settings.provider(provider)
        saved = file_values.get(provider.value, {}) if isinstance(file_values, dict) else {}
        if not isinstance(saved, dict):
            saved = {}
        for name, suffix in PLAIN_FIELDS.items():
            for source, value in (
                ("env", os.environ.get(env_name(provider, suffix))),
                ("file", saved.get(name)),
            ):
                if not isinstance(value, str) or not value.strip():
                    continue
                value = value.strip()
                if name == "api":
                    choices = GENERATIONS.get(provider, ("v1",))
                    if value.lower() not in choices:
                        log.warning(
                            "%s API generation %r (%s) is not one of %s; ignored",
                            provider.value,
                            value,
                            source,
                            choices,
                        )
                        continue
                    value = value.lower()
                if name in ("url", "auth_url") and url_problem(value):
                    # kept, so the provider shows the reason on every call (InsecureUrl)
                    # instead of looking unconfigured; nothing is ever sent to it
                    log.warning(
                        "%s %s from %s: %s",
                        provider.value,
                        name,
                        f"${env_name(provider, suffix)}" if source == "env" else path.name,
                        url_problem(value),
                    )
                setattr(entry, name, value)
                entry.sources[name] = source
                break
        for name, suffix in SECRET_FIELDS.items():
            env_value = os.environ.get(env_name(provider, suffix))
            if env_value:
                setattr(entry, name, env_value)
                entry.sources[name] = "env"
            elif entry.url:
                store = store or SecretStore(data_dir)
                value = store.get(secret_account(provider, entry.url, name))
                if value:
                    setattr(entry, name, value)
                    entry.sources[name] = store.kind
        entry.token_source = entry.sources.get("token")
        if provider is Provider.KINGUIN:
            env_limit = os.environ.get("FULFILDESK_KINGUIN_DAILY_LIMIT")
            if env_limit is not None and env_limit.strip():
                entry.daily_limit, entry.daily_limit_source = parse_daily_limit(env_limit), "env"
                if entry.daily_limit is None and env_limit.strip().lower() not in ("off", "0"):
                    log.warning("FULFILDESK_KINGUIN_DAILY_LIMIT=%r is not an amount", env_limit)
            elif parse_daily_limit(saved.get("daily_limit")) is not None:
                entry.daily_limit = parse_daily_limit(saved.get("daily_limit"))
                entry.daily_limit_source = "file"
    return settings


def save_settings(settings: Settings) -> None:
    """Write the plain settings (never a secret) to settings.json."""
    path = settings.data_dir / SETTINGS_FILE
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {
        "providers": {
            p.value: {
                name: getattr(s, name)
                for name in PLAIN_FIELDS
                # a value from the environment is never written to the file
                if getattr(s, name) and s.sources.get(name) != "env"
            }
            | (
                {"daily_limit": str(s.daily_limit)}
                if p is Provider.KINGUIN
                and s.daily_limit is not None
                and s.daily_limit_source != "env"
                else {}
            )
            for p, s in settings.providers.items()
            if s.url
        }
    }
    # who works here and how (the first-run guide and Settings write these)
    if settings.first_run_done:
        data |= {"operator": settings.operator, "first_run_done": True}
    data |= {
        key: getattr(settings, key) for key in ("profile", "language") if getattr(settings, key)
    }
    if settings.team_dsn and settings.team_dsn_source != "env":
        from fulfildesk.teamdsn import split_password

        data["team_dsn"] = split_password(settings.team_dsn)[0]  # its password: secret store
    data["operator"] = settings.operator  # issue 14
    data["profile"] = settings.profile
    if settings.profile_limits:
        data["profile_limits"] = dict(settings.profile_limits)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    os.replace(tmp, path)


#: the old name
save_provider_urls = save_settings
