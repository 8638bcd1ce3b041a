"""The composition root: settings -> store, provider clients, services. Used by CLI and GUI."""

from __future__ import annotations

import logging
import logging.handlers
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fulfildesk.config import Settings
from fulfildesk.domain.enums import Provider
from fulfildesk.services import clients
from fulfildesk.store.db import AsyncStore, Store
from fulfildesk.store.files import DiskFull, JournalUnreadable
from fulfildesk.store.vault import open_vault

if TYPE_CHECKING:  # each provider's client and service load only when it is configured
    from fulfildesk.providers.http import HttpPolicy
    from fulfildesk.providers.inventory import InventoryClient
    from fulfildesk.providers.kinguin import KinguinClient
    from fulfildesk.providers.plum import PlumClient
    from fulfildesk.providers.powerplugin import PowerPluginClient
    from fulfildesk.sandbox.server import RunningSandbox
    from fulfildesk.services.contract import Outcome, Progress, PurchaseService
    from fulfildesk.services.inventory import InventoryService
    from fulfildesk.services.keys import KeyPurchaseService
    from fulfildesk.services.shipping import ShippingService
    from fulfildesk.services.team import TeamService
    from fulfildesk.services.vouchers import VoucherService


__all__ = ["AppContext", "DiskFull", "JournalUnreadable", "setup_logging", "vault_key_note"]


def setup_logging(data_dir: Path, level: str = "INFO", *, stderr: bool = False) -> None:
    """Log to a rotating file in the data directory. Secrets are never passed to the logger;
    httpx's own INFO lines (full URLs with query strings) are silenced."""
    from fulfildesk.store.files import private_dir, private_file

    log_dir = private_dir(data_dir / "logs")
    private_dir(data_dir)
    for existing in [log_dir / "fulfildesk.log", *log_dir.glob("fulfildesk.log.*")]:
        private_file(existing)  # readable by the user only, older logs included
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_fulfildesk", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        log_dir / "fulfildesk.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    file_handler._fulfildesk = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if stderr:
        stream = logging.StreamHandler()
        stream.setLevel(logging.WARNING)
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        stream._fulfildesk = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    for noisy in ("httpx", "httpcore", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@dataclass
class AppContext:
    settings: Settings
    store: AsyncStore
    kinguin: KinguinClient | None = None
    keys: KeyPurchaseService | None = None
    plum: PlumClient | None = None
    vouchers: VoucherService | None = None
    inventory_client: InventoryClient | None = None
    inventory: InventoryService | None = None
    powerplugin: PowerPluginClient | None = None
    shipping: ShippingService | None = None
    #: every journaled service configured here, in resume order. Start-up, the window's
    #: "resume" and `fulfildesk reconcile` all resume exactly this list (`resume_all`).
    purchase_services: list[PurchaseService[Any]] = field(default_factory=list)
    policy: HttpPolicy | None = field(default=None, repr=False)
    poll_interval: float = 1.0
    #: team mode (issue 17): the shared PostgreSQL; None when the console works alone
    team: TeamService | None = None
    _connected: bool = field(default=False, repr=False)

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        policy: HttpPolicy | None = None,
        poll_interval: float = 1.0,
        connect: bool = True,
    ) -> AppContext:
        """The store, and (`connect`) every configured provider's client and service; the
        window opens with connect=False and calls `connect_providers` after its first paint."""
        from fulfildesk.store.files import private_dir, private_file

        private_dir(settings.data_dir)
        settings_file = settings.data_dir / "settings.json"
        if settings_file.exists():
            private_file(settings_file)
        store = AsyncStore(
            Store(
                settings.cache_path,
                lambda: open_vault(settings.data_dir),
                journal_path=settings.journal_path,
            )
        )
        ctx = cls(settings=settings, store=store, policy=policy, poll_interval=poll_interval)
        if connect:
            ctx.connect_providers()
        return ctx

    def connect_providers(self) -> None:
        """Build the team service and the configured providers' clients and services (once)."""
        if self._connected:
            return
        self._connected = True
        self._open_team()
        self._connect()

    def _open_team(self) -> None:
        """Team mode when a team server is set (its password from the secret store)."""
        dsn = self.settings.team_connect_dsn
        if dsn:
            from fulfildesk.services.team import TeamService, seat_for

            settings = self.settings
            self.team = TeamService(dsn, seat_for(settings.data_dir, settings.operator), self.store)

    def _connect(self) -> None:
        """Build each configured provider's client and service from self.settings."""
        ctx, settings, store = self, self.settings, self.store
        policy, poll_interval = self.policy, self.poll_interval
        kinguin = settings.provider(Provider.KINGUIN)
        if kinguin.configured:
            from fulfildesk.providers.kinguin import KinguinClient
            from fulfildesk.services.keys import KeyPurchaseService

            ctx.kinguin = KinguinClient(
                kinguin.url or "",
                kinguin.token or "",
                api="current" if kinguin.generation == "current" else "v1",
                policy=policy,
            )
            ctx.keys = KeyPurchaseService(
                ctx.kinguin,
                store,
                poll_interval=poll_interval,
                operator=settings.operator,
                daily_limit=kinguin.daily_limit,
            )
            from fulfildesk.services.profiles import profile_limit, profile_of

            # issue 14: the profile's daily key limit holds for the CLI and the window
            ctx.keys.profile = profile_of(settings.profile)
            ctx.keys.profile_limit = profile_limit(settings)
        plum = settings.provider(Provider.PLUM)
        if plum.configured:
            from fulfildesk.services.vouchers import VoucherService

            ctx.plum = clients.plum_client(plum, settings.data_dir, policy=policy)
            if ctx.team is not None:  # team mode: one renewal at a time, shared encrypted
                from fulfildesk.services.team import share_plum

                share_plum(ctx.team, ctx.plum, plum, settings.data_dir)
            ctx.vouchers = VoucherService(
                ctx.plum,
                store,
                poll_interval=poll_interval,
                operator=settings.operator,
                # getVouchers: 500 a day; every process of this data directory shares one copy
                catalogue_path=settings.data_dir / "plum-catalogue.json",
            )
            from fulfildesk.services.profiles import profile_of, voucher_limit

            # issue 14: the profile's daily voucher limit holds for the CLI and the window
            ctx.vouchers.profile = profile_of(settings.profile)
            ctx.vouchers.profile_limit = voucher_limit(settings)
        inventory = settings.provider(Provider.INVENTORY)
        if inventory.configured:
            from fulfildesk.services.inventory import InventoryService

            ctx.inventory_client = clients.inventory_client(
                inventory, settings.data_dir, policy=policy
            )
            ctx.inventory = InventoryService(
                ctx.inventory_client, store, poll_interval=poll_interval, operator=settings.operator
            )
        goods = settings.provider(Provider.POWERPLUGIN)
        if goods.configured:
            from fulfildesk.services.shipping import ShippingService

            ctx.powerplugin = clients.powerplugin_client(goods, settings.data_dir, policy=policy)
            ctx.shipping = ShippingService(ctx.powerplugin, store, operator=settings.operator)
        ctx.purchase_services = [
            s for s in (ctx.keys, ctx.vouchers, ctx.inventory, ctx.shipping) if s is not None
        ]
        if ctx.powerplugin is not None:  # bulk warehouse runs: resumed like every purchase
            from fulfildesk.services.bulk import BulkService

            ctx.purchase_services.append(
                BulkService(ctx.powerplugin, store, operator=settings.operator)
            )
        lookups = os.environ.get("FULFILDESK_MAX_LOOKUPS", "")
        if lookups.isdigit() and int(lookups) > 0:
            for service in ctx.purchase_services:
                # lookups that settle nothing before an entry goes to needs review (default 5)
                service.max_lookups = int(lookups)
        if ctx.team is not None:
            ctx.team.share(ctx.purchase_services)

    async def start_team(self, wait: float = 0.0) -> bool:
        """Connect to the team server in the background (team mode only); with `wait`, wait
        up to that many seconds for the first attempt. Answers whether the team is online."""
        if self.team is None:
            return False
        await self.team.start()
        return await self.team.wait_first_attempt(wait) if wait else self.team.online

    async def reconfigure(self, settings: Settings) -> list[str]:
        """Apply changed provider settings at once, without a restart: close every provider
        client, build them again from `settings`, and answer the providers now configured.
        Whoever holds a service (the main window) must read it again from this context."""
        await self._close_clients()
        team_changed = settings.team_connect_dsn != (self.team.dsn if self.team else None)
        if team_changed:  # another team server (or none): the old connection ends here
            if self.team is not None:
                await self.team.aclose()
                self.team = None
        self.kinguin = self.keys = None
        self.plum = self.vouchers = None
        self.inventory_client = self.inventory = None
        self.powerplugin = self.shipping = None
        self.purchase_services = []
        self.settings = settings
        if team_changed:
            self._open_team()
        self._connected = True
        self._connect()
        if team_changed and self.team is not None:
            await self.team.start()  # connects in the background
        return self.syncable

    async def resume_all(self, progress: Progress | None = None) -> list[Outcome]:
        """Carry every unfinished operation of every purchase service forward (start-up, the
        window's "resume", `fulfildesk reconcile`)."""
        from fulfildesk.services.contract import resume_services

        return await resume_services(self.purchase_services, progress)

    def service_for(self, provider: str) -> PurchaseService[Any] | None:
        """The purchase service of a journal entry's provider (None when not configured)."""
        return next((s for s in self.purchase_services if s.provider == provider), None)

    @property
    def cache_note(self) -> str | None:
        """Set when a damaged cache was moved aside at start: say so to the person."""
        return self.store.store.cache_note

    @property
    def syncable(self) -> list[str]:
        """Providers configured here (what a sync pulls)."""
        clients = {
            "kinguin": self.kinguin,
            "plum": self.plum,
            "powerplugin": self.powerplugin,
            "inventory": self.inventory_client,
        }
        return [name for name, client in clients.items() if client is not None]

    async def _close_clients(self) -> None:
        for client in (self.kinguin, self.plum, self.inventory_client, self.powerplugin):
            if client is not None:
                await client.aclose()

    async def aclose(self) -> None:
        if self.team is not None:
            await self.team.aclose()
        await self._close_clients()
        self.store.close()


def vault_key_note(data_dir: Path) -> str:
    """Where the key that encrypts keys, codes and PINs is kept, in one sentence (Settings)."""
    from fulfildesk.store.vault import where_is_the_key

    return where_is_the_key(data_dir)


def demo_settings(data_dir: Path | None) -> tuple[Settings, RunningSandbox]:
    """Settings for demo mode: a separate data directory (DATA_DIR/demo) and the sandbox
    providers started in-process on a free loopback port. The caller stops the sandbox."""
    # the sandbox (FastAPI, uvicorn, Pillow) loads only in demo mode
    from fulfildesk.config import load_settings
    from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
    from fulfildesk.sandbox.server import start_in_thread

    base = load_settings(data_dir)
    demo_dir = base.data_dir / "demo"
    sandbox = start_in_thread(SandboxConfig(data_dir=demo_dir / "sandbox"))
    settings = Settings(data_dir=demo_dir, demo=True)
    for provider, url in sandbox.provider_urls.items():
        entry = settings.provider(Provider(provider))
        entry.url, entry.token, entry.token_source = url, DEFAULT_TOKEN, "demo"
    # the demo buys keys from Kinguin as it is today: the sandbox's current generation
    kinguin = settings.provider(Provider.KINGUIN)
    kinguin.url = sandbox.base_url("kinguin-current")
    kinguin.api, kinguin.sources["api"] = "current", "demo"
    return settings, sandbox
