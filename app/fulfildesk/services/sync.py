"""Pulling every configured provider's orders into the cache, in the background.

- Kinguin: its order list, page by page (pages fetched concurrently); incremental from the last
  successful sync (with a safety margin), plus every cached order that is not final yet; a page
  checkpoint makes an interrupted full sync resume where it stopped.
- Plum: its order history (getOrderHistory) by date window and page, incremental; cached orders
  not final yet and outside the window are looked up by order id; purchases waiting for the
  codes of a delayed-delivery product get them once Plum has delivered.
- Physical goods and inventory: the orders of every player the console knows.

Providers run concurrently, each with its own limit of requests in flight. Each batch is upserted
in one transaction on the store's worker thread. A provider that fails does not stop the others;
its error is reported. The whole sync can be cancelled (asyncio cancellation).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fulfildesk.domain.models import Order, OrderStatus
from fulfildesk.domain.texts import strip_provider_prefixes
from fulfildesk.domain.vocabulary import provider_name
from fulfildesk.providers.errors import AuthenticationError, ProviderError
from fulfildesk.providers.inventory import InventoryClient, PlayerKey
from fulfildesk.providers.kinguin import KinguinClient, OrderPage, OrderQuery
from fulfildesk.providers.plum import PlumClient
from fulfildesk.providers.powerplugin import PowerPluginClient
from fulfildesk.store.db import AsyncStore, Store, order_rows, parse_ts, ts

log = logging.getLogger(__name__)

PAGE = 100
#: orders written per transaction during a full sync (2,000-10,000 measured best)
BATCH_ORDERS = 5_000
INCREMENTAL_MARGIN = timedelta(minutes=10)
#: how far back a first (or full) Plum sync reads the order history, and the window per request
PLUM_HISTORY_DAYS = 365
PLUM_WINDOW_DAYS = 31
#: statuses after which a Plum order no longer changes (not looked up again)
PLUM_FINAL = frozenset(
    {OrderStatus.COMPLETED, OrderStatus.FAILED, OrderStatus.CANCELLED, OrderStatus.REFUNDED}
)


@dataclass
class SyncReport:
    provider: str
    pages: int = 0
    orders: int = 0
    errors: list[str] = field(default_factory=list)
    done: bool = False
    error: str | None = None
    #: the provider accepted the credential (True), refused it (False), or was never asked
    authenticated: bool | None = None
    #: a provider synced per player, which knew no player yet (only the credential was checked)
    no_players: bool = False

    @property
    def failed(self) -> bool:
        return self.error is not None

    def line(self, *, cli: bool = False) -> str:
        """One line per provider, as `fulfildesk sync` prints it and the window's log keeps it:
        'Kinguin: 120 orders' or 'Plum: token refused — check ...'. `cli` adds where a command
        line's credential comes from."""
        name = provider_name(self.provider)
        if self.authenticated is False:
            why = strip_provider_prefixes(self.error or "") or "the credential was refused"
            where = f" (command line: FULFILDESK_{self.provider.upper()}_TOKEN)" if cli else ""
            return f"{name}: token refused — check the credential. {why}{where}"
        if self.failed:
            return f"{name}: failed — {strip_provider_prefixes(self.error or '')}"
        if self.no_players:
            return (
                f"{name}: signed in; no player known yet, so nothing to fetch "
                "(look a player up, or place an order, first)"
            )
        text = f"{name}: {self.orders} order{'' if self.orders == 1 else 's'}"
        if self.errors:
            text += f" ({len(self.errors)} not fetched: {'; '.join(self.errors[:3])})"
        return text


Progress = Callable[[SyncReport], None]


async def search_kinguin(
    client: KinguinClient, store: AsyncStore, filters: dict[str, Any]
) -> OrderPage:
    """One page of Kinguin's order search (filters: OrderQuery's fields); results are cached."""
    page = await client.list_orders(OrderQuery(**filters))
    if page.orders:
        await store.run(Store.upsert_orders, page.orders)
    return page


async def _save(store: AsyncStore, orders: list[Order]) -> None:
    if orders:
        await store.run(Store.upsert_orders, orders)


async def _bounded(limit: int, jobs: list[Callable[[], Awaitable[Any]]]) -> list[Any]:
    """Run jobs with at most `limit` in flight; exceptions are returned, not raised."""
    gate = asyncio.Semaphore(limit)

    async def one(job: Callable[[], Awaitable[Any]]) -> Any:
        async with gate:
            return await job()

    return await asyncio.gather(*(one(j) for j in jobs), return_exceptions=True)


class SyncService:
    def __init__(
        self,
        store: AsyncStore,
        *,
        kinguin: KinguinClient | None = None,
        plum: PlumClient | None = None,
        powerplugin: PowerPluginClient | None = None,
        inventory: InventoryClient | None = None,
        concurrency: int = 4,
        batch_orders: int = BATCH_ORDERS,
        vouchers: Any = None,
    ) -> None:
        self.store = store
        #: the voucher service (optional): purchases waiting for delayed codes are settled
        self.vouchers = vouchers
        self.clients = {
            "kinguin": kinguin,
            "plum": plum,
            "powerplugin": powerplugin,
            "inventory": inventory,
        }
        self.concurrency = concurrency
        self.batch_orders = batch_orders

    @property
    def providers(self) -> list[str]:
        return [name for name, client in self.clients.items() if client is not None]

    async def run(
        self,
        providers: list[str] | None = None,
        progress: Progress | None = None,
        *,
        full: bool = False,
    ) -> dict[str, SyncReport]:
        wanted = [p for p in (providers or self.providers) if p in self.providers]
        reports = {p: SyncReport(p) for p in wanted}
        report_progress = progress or (lambda _r: None)

        async def one(name: str) -> None:
            report = reports[name]
            started = ts()
            await self.store.run(Store.set_sync_state, name, last_started_at=started)
            try:
                await getattr(self, f"_sync_{name}")(report, report_progress, full)
            except ProviderError as exc:
                report.error = exc.user_message
                if isinstance(exc, AuthenticationError):
                    report.authenticated = False
                await self.store.run(Store.set_sync_state, name, last_error=exc.user_message)
            else:
                if report.authenticated is None and (report.pages or report.no_players):
                    report.authenticated = True
                await self.store.run(
                    Store.set_sync_state,
                    name,
                    last_success_at=started,
                    last_error=None,
                    checkpoint=None,
                    orders=report.orders,
                )
            finally:
                report.done = True
                report_progress(report)

        await asyncio.gather(*(one(name) for name in wanted))
        return reports

    # ---------------------------------------------------------------- providers

    async def _sync_kinguin(self, report: SyncReport, progress: Progress, full: bool) -> None:
        client = self.clients["kinguin"]
        assert isinstance(client, KinguinClient)
        state = await self.store.run(Store.sync_state, "kinguin")
        since = None
        last = parse_ts(state["last_success_at"])
        if last is not None and not full:
            since = last - INCREMENTAL_MARGIN
        resume_from = int(state["checkpoint"] or 1) if state["checkpoint"] else 1

        def query(page: int) -> OrderQuery:
            return OrderQuery(
                page=page, limit=PAGE, sort_by="createdAt", sort_type="asc", created_at_from=since
            )

        first = await client.list_orders(query(resume_from))
        await _save(self.store, first.orders)
        report.pages += 1
        report.orders += len(first.orders)
        progress(report)
        pages = max(1, -(-first.item_count // PAGE))
        done_through = resume_from

        async def fetch(page: int) -> list[tuple[Any, ...]]:
            result = await client.list_orders(query(page))
            report.pages += 1
            report.orders += len(result.orders)
            progress(report)
            # a window of pages waits here until it is written: kept as plain rows, made off the
            # event loop, not as models (11 objects per order the garbage collector walked, up
            # to 50 ms per full collection with every thread stopped, the window included)
            return await asyncio.to_thread(order_rows, result.orders, ts())

        def store_window(s: Any, orders: list[tuple[Any, ...]], checkpoint: int | None) -> None:
            # one transaction (one commit) per window of pages: committing every 100-order page
            # cost a sixth of the sync; the checkpoint commits with the orders it vouches for
            with s.db.atomic():
                s.upsert_rows(orders)
                if checkpoint is not None:
                    s.set_sync_state("kinguin", checkpoint=str(checkpoint))

        remaining = list(range(resume_from + 1, pages + 1))
        # in windows, so the checkpoint always names a page below which everything is stored;
        # a window is written on the store thread while the next one is fetched
        window = max(self.concurrency * 4, self.batch_orders // PAGE)
        writing: asyncio.Future[None] | None = None
        try:
            for start in range(0, len(remaining), window):
                chunk = remaining[start : start + window]
                results = await _bounded(
                    self.concurrency, [functools.partial(fetch, p) for p in chunk]
                )
                failures = [r for r in results if isinstance(r, BaseException)]
                fetched = [o for r in results if not isinstance(r, BaseException) for o in r]
                if writing is not None:
                    await writing
                    writing = None
                if failures:
                    # keep what arrived; the checkpoint stays below the first gap
                    await self.store.run(
                        functools.partial(store_window, orders=fetched, checkpoint=done_through)
                    )
                    raise failures[0]
                done_through = chunk[-1]
                writing = asyncio.ensure_future(
                    self.store.run(
                        functools.partial(store_window, orders=fetched, checkpoint=done_through)
                    )
                )
        finally:
            if writing is not None:
                await asyncio.shield(writing)
        # orders not final yet may have moved on since; read each again
        if since is not None:
            open_ids = await self.store.run(
                Store.cached_order_ids, "kinguin", ["pending", "processing", "unknown"]
            )
            results = await _bounded(
                self.concurrency, [functools.partial(client.get_order, i) for i in open_ids]
            )
            fresh = [r for r in results if isinstance(r, Order)]
            report.errors += [str(r) for r in results if isinstance(r, ProviderError)]
            await _save(self.store, fresh)

    async def _sync_plum(self, report: SyncReport, progress: Progress, full: bool) -> None:
        """Plum's order history (getOrderHistory) in date windows, page by page: orders placed
        elsewhere appear too. Incremental from the last successful sync (a day's margin, as the
        history filters by date); a first or full sync reaches back PLUM_HISTORY_DAYS. Cached
        orders not final yet and not in the window are then looked up one by one."""
        client = self.clients["plum"]
        assert isinstance(client, PlumClient)
        state = await self.store.run(Store.sync_state, "plum")
        today = datetime.now(UTC).date()
        last = parse_ts(state["last_success_at"])
        start = (
            today - timedelta(days=PLUM_HISTORY_DAYS)
            if full or last is None
            else last.astimezone(UTC).date() - timedelta(days=1)
        )
        seen: set[str] = set()
        window_start = start
        while window_start <= today:
            window_end = min(today, window_start + timedelta(days=PLUM_WINDOW_DAYS - 1))
            for page in range(1, 1000):
                batch = await client.get_order_history(window_start, window_end, page, PAGE)
                orders = [o.order for o in batch if o.order.provider_order_id not in seen]
                seen.update(o.provider_order_id for o in orders)
                await self._merge_plum(orders)
                report.pages += 1
                report.orders += len(orders)
                progress(report)
                if len(batch) < PAGE or not orders:
                    break
            window_start = window_end + timedelta(days=1)
        # orders not final yet, and orders only the journal knows (a rebuilt cache), one by one
        open_ids = await self.store.run(
            Store.cached_order_ids,
            "plum",
            [str(st) for st in OrderStatus if st not in PLUM_FINAL],
        )
        claimed = await self.store.run(Store.known_order_ids, "plum")
        cached = set(await self.store.run(Store.cached_order_ids, "plum"))
        ids = list(dict.fromkeys(open_ids + [c for c in claimed if c not in cached]))
        ids = [i for i in ids if i not in seen]
        results = await _bounded(
            self.concurrency, [functools.partial(client.get_order_details, order_id=i) for i in ids]
        )
        orders = []
        for result in results:
            if isinstance(result, ProviderError):
                report.errors.append(result.user_message)
            elif isinstance(result, BaseException):
                raise result
            else:
                orders.append(result.order)
        await self._merge_plum(orders)
        report.orders += len(orders)
        progress(report)
        if self.vouchers is not None:
            # purchases whose codes are delivered later: collect the codes that arrived
            await self.vouchers.collect_delivered()

    async def _merge_plum(self, orders: list[Order]) -> None:
        """Keep what only the console knows (PO number, product name, email) on refresh. Plum's
        history names a line by its amount only ('25 USD voucher'), the order placed here by its
        product; a Plum order's contents never change once placed, so the cached products text
        (when there is one) is kept."""
        if not orders:
            return

        def merge(s: Any) -> None:
            merged = []
            names: list[tuple[str, str]] = []
            for order in orders:
                known = s.db.execute(
                    "SELECT products FROM orders WHERE provider = 'plum' AND provider_order_id = ?",
                    [order.provider_order_id],
                ).fetchone()
                if known and known[0] and known[0] != order.products_summary:
                    names.append((known[0], order.provider_order_id))
                cached = s.get_order("plum", order.provider_order_id)
                if cached is not None:
                    order = order.model_copy(
                        update={
                            "reference": order.reference or cached.reference,
                            "email": order.email or cached.email,
                            "created_at": cached.created_at or order.created_at,
                        }
                    )
                merged.append(order)
            s.upsert_orders(merged)
            with s.db.atomic():
                s.db.conn.executemany(
                    "UPDATE orders SET products = ? WHERE provider = 'plum' "
                    "AND provider_order_id = ?",
                    names,
                )

        await self.store.run(merge)

    async def _sync_powerplugin(self, report: SyncReport, progress: Progress, full: bool) -> None:
        client = self.clients["powerplugin"]
        assert isinstance(client, PowerPluginClient)
        players = await self.store.run(Store.known_players, "powerplugin")
        if not players:  # nothing to fetch; still say whether the credential works
            await client.check()
            report.no_players = True
            return

        async def player(player_id: str) -> None:
            shipments = await client.player_orders(player_id)
            await _save(self.store, [s.order for s in shipments])
            report.pages += 1
            report.orders += len(shipments)
            progress(report)

        results = await _bounded(self.concurrency, [functools.partial(player, p) for p in players])
        self._collect(report, results)

    async def _sync_inventory(self, report: SyncReport, progress: Progress, full: bool) -> None:
        client = self.clients["inventory"]
        assert isinstance(client, InventoryClient)
        known = await self.store.run(Store.known_players, "inventory")
        # each player as the client's generation names it (v1: a number, v2: a UUID); players
        # of the other generation (journaled before a switch) cannot be asked and are skipped
        players: list[PlayerKey] = []
        for raw in known:
            try:
                key = client.player_key(raw)
            except ValueError:
                continue
            if key not in players:
                players.append(key)
        if not players:  # nothing to fetch; still say whether the credential works
            await client.check()
            report.no_players = True
            return

        async def player(player_id: PlayerKey) -> None:
            cursor = None
            for _ in range(100):
                page = await client.list_orders(player_id, cursor=cursor, limit=50)
                await _save(self.store, [o.order for o in page.orders])
                report.pages += 1
                report.orders += len(page.orders)
                progress(report)
                cursor = page.cursor
                if not cursor:
                    return

        results = await _bounded(self.concurrency, [functools.partial(player, p) for p in players])
        self._collect(report, results)

    @staticmethod
    def _collect(report: SyncReport, results: list[Any]) -> None:
        for result in results:
            if isinstance(result, ProviderError):
                report.errors.append(result.user_message)
            elif isinstance(result, BaseException):
                raise result
        if results and len(report.errors) == len(results):
            refused = [r for r in results if isinstance(r, AuthenticationError)]
            if len(refused) == len(results):
                raise refused[0]
            raise ProviderError(provider=report.provider, message="; ".join(report.errors[:3]))


def service_for(ctx: Any) -> SyncService:
    """The sync service over an AppContext's configured clients."""
    return SyncService(
        ctx.store,
        kinguin=ctx.kinguin,
        plum=ctx.plum,
        powerplugin=ctx.powerplugin,
        inventory=ctx.inventory_client,
        vouchers=getattr(ctx, "vouchers", None),
    )
