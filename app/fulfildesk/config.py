"""Settings: where data lives, and how to reach each provider.

Precedence for a provider's URL and token: environment (FULFILDESK_<NAME>_URL / _TOKEN), then the
settings file (URL only) and the OS keyring (token). Tokens are never written to the settings file.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from fulfildesk.domain.models import Provider

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


@dataclass
class ProviderSettings:
    name: Provider
    url: str | None = None
    token: str | None = None
    #: where the token came from: env, keyring, session (memory only), or None
    token_source: str | None = None
    #: Kinguin only: the API generation chosen explicitly (FULFILDESK_KINGUIN_API, or "api" in
    #: the settings file); None means "by URL" (see `api`)
    api_choice: str | None = None
    #: where api_choice came from: env, file, or None
    api_source: str | None = None
    #: Kinguin only: the most this installation may spend per UTC day (EUR), None = no limit
    #: (FULFILDESK_KINGUIN_DAILY_LIMIT, or "daily_limit" in the settings file)
    daily_limit: Decimal | None = None
    #: where daily_limit came from: env, file, or None
    daily_limit_source: str | None = None

    @property
    def api(self) -> str:
        """Kinguin's API generation to speak: the explicit choice, else by URL."""
        return self.api_choice or default_kinguin_api(self.url)

    @property
    def configured(self) -> bool:
        return bool(self.url and self.token)


@dataclass
class Settings:
    data_dir: Path
    providers: dict[Provider, ProviderSettings] = field(default_factory=dict)
    operator: str = field(default_factory=lambda: os.environ.get("USER", "operator"))
    demo: bool = False

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


def _kinguin_api_choice(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    return text if text in KINGUIN_APIS else None


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


def _keyring_account(provider: Provider, url: str | None) -> str:
    return f"{provider.value}-token@{url or ''}"


def read_token(provider: Provider, url: str | None) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, _keyring_account(provider, url))
    except Exception as exc:
        log.info("OS keyring unavailable (%s)", type(exc).__name__)
        return None


def store_token(provider: Provider, url: str | None, token: str) -> bool:
    """Keep a token in the OS keyring; False when there is no working keyring."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _keyring_account(provider, url), token)
        return keyring.get_password(KEYRING_SERVICE, _keyring_account(provider, url)) == token
    except Exception as exc:
        log.info("OS keyring unavailable (%s)", type(exc).__name__)
        return False


def load_settings(data_dir: Path | None = None) -> Settings:
    data_dir = (data_dir or default_data_dir()).expanduser()
    settings = Settings(data_dir=data_dir)
    file_values: dict[str, dict[str, object]] = {}
    path = data_dir / SETTINGS_FILE
    if path.exists():
        try:
            file_values = json.loads(path.read_text(encoding="utf-8")).get("providers", {})
        except (OSError, ValueError) as exc:
            log.warning("settings file %s is unreadable (%s); using defaults", path, exc)
    for provider in Provider:
        entry = settings.provider(provider)
        stored = file_values.get(provider.value, {})
        if not isinstance(stored, dict):
            stored = {}
        file_url = stored.get("url")
        entry.url = os.environ.get(f"FULFILDESK_{provider.name}_URL") or (
            file_url if isinstance(file_url, str) else None
        )
        if provider is Provider.KINGUIN:
            env_api = os.environ.get("FULFILDESK_KINGUIN_API")
            if env_api and _kinguin_api_choice(env_api) is None:
                log.warning(
                    "FULFILDESK_KINGUIN_API=%r is not one of %s; ignored", env_api, KINGUIN_APIS
                )
            if _kinguin_api_choice(env_api):
                entry.api_choice, entry.api_source = _kinguin_api_choice(env_api), "env"
            elif _kinguin_api_choice(stored.get("api")):
                entry.api_choice, entry.api_source = _kinguin_api_choice(stored.get("api")), "file"
            env_limit = os.environ.get("FULFILDESK_KINGUIN_DAILY_LIMIT")
            if env_limit is not None and env_limit.strip():
                entry.daily_limit, entry.daily_limit_source = parse_daily_limit(env_limit), "env"
                if entry.daily_limit is None and env_limit.strip().lower() not in ("off", "0"):
                    log.warning("FULFILDESK_KINGUIN_DAILY_LIMIT=%r is not an amount", env_limit)
            elif parse_daily_limit(stored.get("daily_limit")) is not None:
                entry.daily_limit = parse_daily_limit(stored.get("daily_limit"))
                entry.daily_limit_source = "file"
        env_token = os.environ.get(f"FULFILDESK_{provider.name}_TOKEN")
        if env_token:
            entry.token, entry.token_source = env_token, "env"
        elif entry.url:
            token = read_token(provider, entry.url)
            if token:
                entry.token, entry.token_source = token, "keyring"
    return settings


def save_provider_urls(settings: Settings) -> None:
    path = settings.data_dir / SETTINGS_FILE
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    data: dict[str, dict[str, dict[str, str]]] = {"providers": {}}
    for p, s in settings.providers.items():
        entry: dict[str, str] = {"url": s.url} if s.url else {}
        if p is Provider.KINGUIN and s.api_choice and s.api_source != "env":
            entry["api"] = s.api_choice  # a choice made in Settings; the env never persists
        if p is Provider.KINGUIN and s.daily_limit is not None and s.daily_limit_source != "env":
            entry["daily_limit"] = str(s.daily_limit)
        if entry:
            data["providers"][p.value] = entry
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
