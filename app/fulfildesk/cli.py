"""Command line: `fulfildesk [--demo]` opens the window; subcommands serve scripts and staff."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fulfildesk import __version__
from fulfildesk.sandbox.config import DEFAULT_TOKEN

if TYPE_CHECKING:
    from fulfildesk.context import AppContext

DESCRIPTION = """\
Fulfilment Desk: fulfil what players order, across four providers (game keys from Kinguin,
vouchers from Plum, physical goods, in-game inventory).

Run without a command to open the window on the configured providers, or with --demo to open it
on the built-in sandbox providers with demo data."""

EPILOG = """\
provider settings:
  FULFILDESK_<NAME>_URL and FULFILDESK_<NAME>_TOKEN, for NAME in KINGUIN, PLUM, POWERPLUGIN,
  INVENTORY, override the settings file (URL) and the secret store (token). Also:
  Plum: FULFILDESK_PLUM_CLIENT_ID, _CLIENT_SECRET, _REFRESH_TOKEN (the access token renews
  itself; each rotated refresh token is saved before use, so the first one keeps working).
  Inventory: FULFILDESK_INVENTORY_API=v1|v2, _CLIENT_ID, _CLIENT_SECRET, _AUTH_URL (tokens from
  POST /users/v2/oauth/token). Physical goods: FULFILDESK_POWERPLUGIN_AUTH=basic|bearer (basic
  by default for tpp_ keys). Secrets live in the OS keyring, or without one in the data
  directory's secrets.enc (owner-only, encrypted with a key kept apart from it); never in
  settings.json.

data directory:
  --data-dir DIR, else FULFILDESK_HOME, else the platform's user data directory. It holds the
  purchase journal with the keys and vouchers (journal.sqlite: back it up), the order cache
  (cache.sqlite: rebuilt by `fulfildesk repair`), settings.json and logs/fulfildesk.log. Demo mode
  (--demo) uses DIR/demo/ instead, with the demo sandbox's state in DIR/demo/sandbox/sandbox.sqlite.

Each command has its own --help."""


def _data_dir(value: str | None) -> Path | None:
    return Path(value).expanduser() if value else None


def _positive_decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{text!r} is not a price such as 3.59") from None
    if not value.is_finite() or value <= 0:
        raise argparse.ArgumentTypeError("the price must be more than 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fulfildesk",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where the cache, settings and logs live (default: FULFILDESK_HOME "
        "or the platform's user data directory)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the sandbox providers in-process on a free loopback port, "
        "with demo data in DATA_DIR/demo, and open the window against them",
    )
    parser.add_argument(
        "--lang",
        choices=["es", "en"],
        help="the window's language for this start (default: Settings, else the system's); "
        "the command line itself stays English",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="how much to write to DATA_DIR/logs/fulfildesk.log (default INFO)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser(
        "gui",
        help="open the window (the default when no command is given)",
        description="Open the window on the configured providers (or, with "
        "--demo, on the built-in sandbox).",
    )
    gui.add_argument(
        "--demo", action="store_true", dest="gui_demo", help="same as fulfildesk --demo"
    )

    sandbox = sub.add_parser(
        "sandbox",
        help="serve the sandbox providers alone until interrupted",
        description="Serve the four provider contracts on loopback until interrupted, and print "
        "each provider's base URL (the server URL plus /kinguin, /plum, /powerplugin or "
        "/inventory). State is kept in memory and lost on exit, unless --data-dir DIR is given: "
        "then it is kept in DIR/sandbox.sqlite and survives a restart.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sandbox.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    sandbox.add_argument(
        "--port",
        type=int,
        default=8765,
        help="port to listen on; 0 picks a free one (default 8765)",
    )
    sandbox.add_argument(
        "--data-dir",
        metavar="DIR",
        dest="sandbox_dir",
        help="keep the sandbox's state in DIR/sandbox.sqlite, so it survives a restart "
        "(default: in memory, lost on exit; the global --data-dir does not apply here)",
    )
    sandbox.add_argument(
        "--token",
        default=DEFAULT_TOKEN,
        help=f"the credential every sandbox provider accepts (default {DEFAULT_TOKEN!r})",
    )
    sandbox.add_argument(
        "--kinguin-step",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="seconds a Kinguin order stays pending, then processing (default 2)",
    )
    sandbox.add_argument(
        "--kinguin-key-step",
        type=float,
        default=1.5,
        metavar="SECONDS",
        help="Kinguin's current API (/kinguin-current): seconds between the deliveries of "
        "successive keys of an order, each PENDING until then (default 1.5)",
    )
    sandbox.add_argument(
        "--kinguin-place-delay",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="fault injection: wait this long after creating a Kinguin order "
        "before answering (default 0)",
    )
    sandbox.add_argument(
        "--plum-delay",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="seconds Plum takes to answer placeOrder after creating the order (slow orders; "
        "default 0)",
    )
    sandbox.add_argument(
        "--inventory-async",
        action="store_true",
        help="every inventory order answers 202 Accepted and finishes a few seconds later "
        "(by default only orders of more than five entries do)",
    )
    sandbox.add_argument(
        "--seed-orders",
        type=int,
        default=0,
        metavar="N",
        help="fill the sandbox with N realistic orders over the four providers "
        "and three years (added to a fresh data directory)",
    )
    sandbox.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        metavar="MS",
        help="add this delay to every request (to measure sync realistically)",
    )
    sandbox.add_argument("--no-demo-history", action="store_true", help="start with no past orders")
    sandbox.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        type=_fault_spec,
        help="inject faults: comma-separated PROVIDER:ENDPOINT:FAULT[:PROBABILITY] rules, e.g. "
        "'kinguin:place:after-5xx:0.3,plum:placeOrder:garbage-2xx:0.2,*:*:latency=200ms'. "
        "PROVIDER: kinguin (both generations), kinguin-v1, kinguin-current, plum, inventory, "
        "powerplugin or *. ENDPOINT: place (every provider's purchase), or one of an API's "
        "(Kinguin: order-create, dispatch, keys, order, orders, return, balance; Plum: its "
        "query name, e.g. placeOrder, getOrderDetails, and token; inventory: create, order, "
        "orders, token; powerplugin: reserve, details, send, track, complete, cancel, "
        "cancel-reservation, orders, transaction) or *. FAULT: latency=200ms, before-5xx[=503] "
        "(nothing done), after-5xx[=500] (done, then 5xx), 429[=SECONDS] (Retry-After; Plum "
        "also penaltySeconds), reset (done, connection dropped mid-body), truncated (done, body "
        "cut in half), html-2xx and garbage-2xx (done, then an unreadable 200), stuck-202 "
        "(inventory: accepted, never finished), oversize[=MB] (done, then a 200 of MB "
        "megabytes, default 16). PROBABILITY: 0..1, default 1. See docs/sandbox.md",
    )
    sandbox.add_argument(
        "--faults-seed",
        type=int,
        default=None,
        metavar="N",
        help="seed of the random draws of --faults, for a run that repeats exactly "
        "(default: different every run)",
    )
    sandbox.add_argument(
        "--plum-token-ttl",
        type=float,
        default=15 * 86400,
        metavar="SECONDS",
        help="seconds a Plum access token from the refresh endpoint lives (default 15 days); "
        "each refresh rotates the refresh token and refuses the old one",
    )
    sandbox.add_argument(
        "--plum-delivery-delay",
        type=float,
        default=3600.0,
        metavar="SECONDS",
        help="seconds before a delayed-delivery Plum product's codes arrive (default 3600)",
    )
    sandbox.add_argument(
        "--plum-rate",
        action="append",
        default=[],
        type=_plum_rate,
        metavar="QUERY=N",
        help="a Plum rate limit: calls of QUERY (placeOrder, getOrderDetails, getOrderHistory, "
        "getVouchers, getBalance) allowed per minute; repeatable. Defaults are Plum's: "
        "placeOrder 20 (the stricter documented figure), getOrderDetails 200, getOrderHistory "
        "200, getVouchers 50, getBalance 10",
    )
    sandbox.add_argument(
        "--plum-vouchers-daily",
        type=int,
        default=500,
        metavar="N",
        help="getVouchers calls Plum allows in any 24 hours (default 500)",
    )
    sandbox.add_argument(
        "--plum-penalty",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="seconds a Plum query stays refused after a call over its limit (penaltySeconds; "
        "default 60)",
    )
    sandbox.add_argument(
        "--inventory-token-ttl",
        type=float,
        default=3600.0,
        metavar="SECONDS",
        help="seconds an inventory token from /users/v2/oauth/token lives (default 3600)",
    )

    buy = sub.add_parser(
        "buy-keys",
        help="buy game keys from Kinguin and print them",
        description="Buy game keys through the purchase journal (crash-safe: an interrupted "
        "purchase is resumed by `fulfildesk reconcile` or the next start of the window). "
        "Prints the order and its keys; image keys are printed as their content type. "
        "Refused before anything is sent: more than 9 keys, an order costing more than the "
        "Kinguin balance (current API), over the daily spend limit "
        "(FULFILDESK_KINGUIN_DAILY_LIMIT), or over the profile's daily key limit unless "
        "--over-profile-limit; exit status 2.",
    )
    buy.add_argument(
        "--over-profile-limit",
        action="store_true",
        help="buy even over the profile's daily key limit (settings.json profile_limits; "
        "without this flag such a purchase is refused with exit status 2)",
    )
    buy.add_argument(
        "--product", type=int, required=True, metavar="KINGUIN_ID", help="Kinguin product id"
    )
    buy.add_argument(
        "--qty",
        type=int,
        default=1,
        help="how many keys (1-9, Kinguin's limit per product and order; default 1)",
    )
    buy.add_argument(
        "--max-price",
        type=_positive_decimal,
        required=True,
        metavar="EUR",
        help="the most to pay per key, e.g. 3.59",
    )
    buy.add_argument("--name", default="", help="product name to send with the order")
    buy.add_argument(
        "--show-keys", action="store_true", help="print text keys in clear (default: masked)"
    )

    vouchers = sub.add_parser(
        "buy-vouchers",
        help="buy Plum vouchers and print them",
        description="Buy vouchers through the purchase journal with a generated PO number "
        "(crash-safe: after a timeout, a 5xx or a crash the order is looked up by PO number "
        "before anything is placed again). Prints the order and its vouchers (masked unless "
        "--show-codes).",
    )
    vouchers.add_argument(
        "--product",
        type=int,
        required=True,
        metavar="PRODUCT_ID",
        help="Plum product id, e.g. 15365",
    )
    vouchers.add_argument(
        "--denomination",
        type=_positive_decimal,
        required=True,
        help="face value of each voucher, e.g. 20",
    )
    vouchers.add_argument("--qty", type=int, default=1, help="how many vouchers (1-10)")
    vouchers.add_argument("--email", default="", help="receiver's email")
    vouchers.add_argument("--contact", default="", help="receiver's mobile, e.g. +1-5234567890")
    vouchers.add_argument("--tag", default="", help="a note kept with the order")
    vouchers.add_argument(
        "--notify-receiver", action="store_true", help="Plum emails the vouchers to the receiver"
    )
    vouchers.add_argument(
        "--notify-admin",
        action="store_true",
        help="Plum emails the order reference to the admin user",
    )
    vouchers.add_argument(
        "--show-codes", action="store_true", help="print codes and pins in clear (default: masked)"
    )
    vouchers.add_argument(
        "--over-profile-limit",
        action="store_true",
        help="buy even over the profile's daily voucher limit (settings.json profile_limits; "
        "without this flag such a purchase is refused with exit status 2)",
    )

    lookup = sub.add_parser(
        "voucher-order",
        help="look a Plum order up by order id or PO number",
        description="Look a Plum order up (getOrderDetails) by order id or PO number, cache it, "
        "and optionally ask Plum to email the vouchers to the receiver again.",
    )
    which = lookup.add_mutually_exclusive_group(required=True)
    which.add_argument("--order-id", help="Plum order id")
    which.add_argument("--po-number", help="the PO number the order was placed with")
    lookup.add_argument(
        "--resend", action="store_true", help="email the vouchers to the receiver again"
    )
    lookup.add_argument(
        "--show-codes", action="store_true", help="print codes and pins in clear (default: masked)"
    )

    sub.add_parser(
        "reconcile",
        help="resume every unfinished purchase now",
        description="Carry every unfinished purchase forward: look up outcomes that are "
        "unknown, dispatch placed orders and store their keys. Prints one line per purchase.",
    )

    repair = sub.add_parser(
        "repair",
        help="move the order cache aside and rebuild it from the providers",
        description="Move the order cache (DATA_DIR/cache.sqlite) aside as "
        "cache.sqlite.damaged-<UTC time>, start it again empty and sync every configured "
        "provider into it. The purchase journal, keys and vouchers are kept in "
        "DATA_DIR/journal.sqlite and are not touched. Close the window first.",
    )
    repair.add_argument(
        "--no-sync",
        action="store_true",
        help="only move the cache aside and start it empty; the next sync fills it",
    )

    journal = sub.add_parser(
        "journal",
        help="list purchases in the journal",
        description="List purchases recorded in the purchase journal.",
    )
    journal.add_argument(
        "--state",
        action="append",
        help="only this state (repeatable): intent, sending, placed, "
        "dispatched, completed, failed, needs_review, abandoned",
    )

    sync = sub.add_parser(
        "sync",
        help="pull provider orders into the cache (headless)",
        description="Pull every configured provider's orders into the cache. "
        "Progress on stderr, a summary on stdout; exits 1 when a provider "
        "failed.",
    )
    sync.add_argument(
        "--provider",
        action="append",
        metavar="NAME",
        help="only this provider (repeatable): kinguin, plum, powerplugin, inventory",
    )
    sync.add_argument(
        "--full",
        action="store_true",
        help="fetch everything again instead of what changed since the last sync",
    )

    orders = sub.add_parser(
        "orders", help="query the cache", description="Query the order cache (works offline)."
    )
    orders.add_argument(
        "--provider", action="append", metavar="NAME", help="only this provider (repeatable)"
    )
    orders.add_argument(
        "--status", action="append", metavar="S", help="only this normalized status (repeatable)"
    )
    orders.add_argument(
        "--search",
        metavar="TEXT",
        help="full-text search: ids, player, email, products, tracking "
        "numbers, PO numbers, references",
    )
    orders.add_argument(
        "--since", metavar="DATE", help="only orders created on or after DATE (YYYY-MM-DD, UTC)"
    )
    orders.add_argument("--limit", type=int, default=50, help="at most N rows (default 50)")
    orders.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="output format (default table)",
    )
    team = sub.add_parser(
        "team",
        help="team mode: create or migrate the shared PostgreSQL schema, show who is connected",
        description="Team mode shares claims, the ownership of purchases, the audit, notes and "
        "tags between seats through PostgreSQL. The server is FULFILDESK_TEAM_DSN (a libpq "
        "connection string; the password belongs in PGPASSWORD or ~/.pgpass) or the settings' "
        "team_dsn. Without one the console works alone.",
    )
    team.add_argument(
        "--dsn", metavar="DSN", help="the team server for this command (default: the settings)"
    )
    team_sub = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    team_sub.add_parser(
        "init",
        help="create the team schema, or migrate it to this version",
        description="Create the shared schema in the team database, or apply the migrations "
        "it lacks (each in one transaction, under a lock: safe to run from two seats at once).",
    )
    team_status = team_sub.add_parser(
        "status",
        help="schema version, seats seen recently, active claims",
        description="Show the team database's schema version, the seats seen recently "
        "(operator, host, last seen) and how many orders are claimed now. Exits 1 when the "
        "server cannot be reached or its schema is missing or older.",
    )
    team_status.add_argument(
        "--minutes",
        type=float,
        default=10.0,
        help="seats seen within this many minutes (default 10)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    # every file the console creates (databases, logs, settings, exports) is the user's only
    os.umask(0o077)
    data_dir = _data_dir(args.data_dir)
    if data_dir is not None:
        os.environ["FULFILDESK_HOME"] = str(data_dir)
    if getattr(args, "lang", None):
        os.environ["FULFILDESK_LANG"] = args.lang
    if command == "gui":
        return _gui(data_dir, args.demo or getattr(args, "gui_demo", False), args.log_level)
    if command == "sandbox":
        return _sandbox(args)
    if command == "team":
        return asyncio.run(_team(args, data_dir))
    return asyncio.run(_headless(command, args, data_dir))


def _gui(data_dir: Path | None, demo: bool, log_level: str) -> int:
    """The window; in demo mode on sandbox providers started here (the wiring), not by the ui."""
    from fulfildesk.config import load_settings
    from fulfildesk.context import demo_settings
    from fulfildesk.ui.app import run_gui
    from fulfildesk.ui.single_instance import InstanceBusy, claim

    base = load_settings(data_dir)
    # one window per data directory (demo mode's is DATA_DIR/demo): a second start raises the
    # first window and exits 0, before it would start a sandbox of its own
    try:
        # it answers later starts once the window's list has painted (run_gui)
        instance = claim(base.data_dir / "demo" if demo else base.data_dir, listen=False)
    except InstanceBusy as exc:
        print(exc, file=sys.stderr)
        return 1
    if instance is None:
        return 0
    if not demo:
        return run_gui(base, log_level=log_level, instance=instance)
    settings, sandbox = demo_settings(data_dir)
    settings.language = settings.language or base.language
    try:
        from fulfildesk.demo import prepare_demo

        prepare_demo(settings)  # the list and the shipping queue open with the demo's players
        return run_gui(settings, log_level=log_level, instance=instance)
    finally:
        sandbox.stop()


def _fault_spec(text: str) -> str:
    from fulfildesk.sandbox.faults import FaultSpecError, parse_spec

    try:
        parse_spec(text)
    except FaultSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _plum_rate(text: str) -> tuple[str, int]:
    from fulfildesk.sandbox.plum import RATE_LIMITS

    name, _, number = text.partition("=")
    if name.strip() not in RATE_LIMITS or not number.strip().isdigit() or int(number) < 1:
        raise argparse.ArgumentTypeError(
            f"expected QUERY=N with QUERY one of {', '.join(RATE_LIMITS)} and N at least 1"
        )
    return name.strip(), int(number)


def _sandbox(args: argparse.Namespace) -> int:
    from fulfildesk.sandbox.config import SandboxConfig
    from fulfildesk.sandbox.server import serve_forever

    config = SandboxConfig(
        data_dir=_data_dir(args.sandbox_dir),
        token=args.token,
        kinguin_step=args.kinguin_step,
        kinguin_place_delay=args.kinguin_place_delay,
        kinguin_current_key_step=args.kinguin_key_step,
        plum_delay=args.plum_delay,
        inventory_async=args.inventory_async,
        latency_ms=args.latency_ms,
        demo_history=not args.no_demo_history,
        plum_token_ttl=args.plum_token_ttl,
        plum_delivery_delay=args.plum_delivery_delay,
        plum_vouchers_daily=args.plum_vouchers_daily,
        plum_penalty=args.plum_penalty,
        inventory_token_ttl=args.inventory_token_ttl,
        faults=args.faults,
        faults_seed=args.faults_seed,
    )
    from fulfildesk.sandbox.plum import RATE_LIMITS

    for name, number in args.plum_rate:
        setattr(config, RATE_LIMITS[name], number)
    try:
        serve_forever(config, args.host, args.port, seed_orders=args.seed_orders)
    except KeyboardInterrupt:
        pass
    return 0


async def _team(args: argparse.Namespace, data_dir: Path | None) -> int:
    """`fulfildesk team init|status`: talks to the team database only."""
    from fulfildesk.config import load_settings
    from fulfildesk.store import team as team_store

    dsn = args.dsn or load_settings(data_dir).team_connect_dsn
    if not dsn:
        print(
            "No team server is configured: set FULFILDESK_TEAM_DSN (or team_dsn in Settings), "
            "or pass --dsn.",
            file=sys.stderr,
        )
        return 2
    try:
        conn = await team_store.connect(dsn)
    except team_store.TeamUnavailable as exc:
        print(f"The team server cannot be reached: {str(exc).strip()}", file=sys.stderr)
        return 1
    try:
        if args.team_command == "init":
            applied = await team_store.migrate(conn)
            version = await team_store.schema_version(conn)
            if applied:
                print(f"team schema migrated to version {version} (applied {applied})")
            else:
                print(f"team schema is up to date (version {version})")
            return 0
        version = await team_store.schema_version(conn)
        print(f"schema version: {version} (this console: {team_store.SCHEMA_VERSION})")
        if version < team_store.SCHEMA_VERSION:
            print("The team schema is missing or older: run `fulfildesk team init`.")
            return 1
        store = team_store.TeamStore(conn, team_store.Seat("", ""))
        seats = await store.seats(args.minutes * 60)
        print(f"seats seen in the last {args.minutes:g} minutes: {len(seats)}")
        for seat in seats:
            print(
                f"  {seat['seat_id']}  {seat['operator']}  {seat['hostname']}  "
                f"last seen {seat['last_seen']:%Y-%m-%d %H:%M:%S %Z}"
            )
        claims = await store.active_claims()
        print(f"orders claimed now: {len(claims)}")
        return 0
    except team_store.TeamUnavailable as exc:
        print(f"The team server cannot be reached: {str(exc).strip()}", file=sys.stderr)
        return 1
    finally:
        await conn.close()


class _NeverRaised(Exception):
    """Stands for TeamOffline when the console works alone."""


async def _headless(command: str, args: argparse.Namespace, data_dir: Path | None) -> int:
    from fulfildesk.config import load_settings
    from fulfildesk.context import AppContext, setup_logging

    settings = load_settings(data_dir)
    setup_logging(settings.data_dir, args.log_level, stderr=True)
    import sqlite3

    from fulfildesk.context import DiskFull, JournalUnreadable
    from fulfildesk.store.files import is_disk_full

    team_offline: type[Exception] = _NeverRaised
    if settings.team_dsn:  # psycopg loads only in team mode
        from fulfildesk.services.team import TeamOffline as team_offline

    try:
        ctx = AppContext.open(settings)
    except JournalUnreadable as exc:
        print(f"The purchase journal cannot be opened: {exc}\n{exc.advice}", file=sys.stderr)
        return 1
    except DiskFull as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except sqlite3.OperationalError as exc:
        if not is_disk_full(exc):
            raise
        print(str(DiskFull(settings.data_dir)), file=sys.stderr)
        return 1
    if ctx.cache_note:
        print(ctx.cache_note, file=sys.stderr)
    if ctx.team is not None and not await ctx.start_team(wait=5.0):
        print(f"team offline: {ctx.team.problem}", file=sys.stderr)
    try:
        return await _command(ctx, command, args)
    except team_offline as exc:  # team mode: nothing that spends money starts offline
        print(str(exc), file=sys.stderr)
        return 1
    except DiskFull as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        warning = ctx.plum.credential_warning() if ctx.plum is not None else None
        if warning:
            print(f"warning: {warning}", file=sys.stderr)
        await ctx.aclose()


async def _command(ctx: AppContext, command: str, args: argparse.Namespace) -> int:
    if command == "buy-keys":
        return await _buy_keys(ctx, args)
    if command == "buy-vouchers":
        return await _buy_vouchers(ctx, args)
    if command == "voucher-order":
        return await _voucher_order(ctx, args)
    if command == "reconcile":
        return await _reconcile(ctx)
    if command == "journal":
        return await _journal(ctx, args)
    if command == "repair":
        return await _repair(ctx, args)
    if command == "sync":
        return await _sync(ctx, args)
    if command == "orders":
        return await _orders(ctx, args)
    raise AssertionError(command)


def _need_kinguin(ctx: object) -> None:
    if getattr(ctx, "keys", None) is None:
        print(
            "Kinguin is not configured: set FULFILDESK_KINGUIN_URL and FULFILDESK_KINGUIN_TOKEN "
            "(or use the window's Settings).",
            file=sys.stderr,
        )
        raise SystemExit(2)


def _mask(serial: str) -> str:
    return serial[:2] + "•" * max(0, len(serial) - 4) + serial[-2:] if len(serial) > 4 else "••••"


async def _buy_keys(ctx, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from fulfildesk.domain.models import KeyLine
    from fulfildesk.store.journal import OpState

    _need_kinguin(ctx)
    try:
        line = KeyLine(
            product_id=args.product, quantity=args.qty, max_price=args.max_price, name=args.name
        )
    except ValidationError as exc:
        print(
            f"Invalid purchase: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}",
            file=sys.stderr,
        )
        return 2

    def progress(op_id: str, state: OpState, text: str) -> None:
        print(f"[{state.value}] {text}", file=sys.stderr, flush=True)

    from fulfildesk.services.keys import ProfileLimitExceeded, PurchaseRefused

    try:
        outcome = await ctx.keys.buy([line], progress, over_profile_limit=args.over_profile_limit)
    except PurchaseRefused as refused:
        # limits, the Kinguin balance, the daily spend limit: nothing was journaled or sent
        print(f"Not bought: {refused.message}", file=sys.stderr)
        for where, text in refused.field_errors.items():
            if text not in refused.message:
                print(f"  {where}: {text}", file=sys.stderr)
        if isinstance(refused, ProfileLimitExceeded):  # issue 14
            print("Give --over-profile-limit to buy anyway.", file=sys.stderr)
        return 2
    op = outcome.operation
    print(f"purchase {op.operation_id}: {op.state.value}")
    if outcome.order:
        print(
            f"order {outcome.order.provider_order_id}: {outcome.order.provider_status}, "
            f"total {outcome.order.total}"
        )
    for key in outcome.keys:
        if key.is_image:
            shown = f"<{key.content_type} image, {len(key.serial)} base64 characters>"
        else:
            shown = key.serial if args.show_keys else _mask(key.serial)
        print(f"  {key.name}: {shown}")
    if outcome.expected and outcome.delivered < outcome.expected:
        print(f"  {outcome.delivered} of {outcome.expected} keys delivered so far")
    if outcome.field_errors:
        for where, text in outcome.field_errors.items():
            print(f"  {where}: {text}", file=sys.stderr)
    if outcome.message and not outcome.completed:
        print(outcome.message, file=sys.stderr)
    return 0 if outcome.completed else 1


async def _reconcile(ctx: AppContext) -> int:
    """Resume exactly `ctx.purchase_services` (the same list start-up and the window resume)."""
    if not ctx.purchase_services:
        print(
            "No purchasing provider is configured (Kinguin, Plum, inventory or the warehouse).",
            file=sys.stderr,
        )
        return 2
    outcomes = await ctx.resume_all()
    for outcome in outcomes:
        op = outcome.operation
        items = getattr(outcome, "keys", None) or getattr(outcome, "vouchers", None) or []
        print(
            f"{op.operation_id} {op.provider} {op.state.value} "
            f"order={op.provider_order_id or '-'} items={len(items)} {outcome.message}"
        )
    if not outcomes:
        print("nothing to resume")
    return 0


def _print_vouchers(vouchers, show: bool) -> None:  # type: ignore[no-untyped-def]
    for v in vouchers:
        code = v.code if show else _mask(v.code)
        pin = (v.pin if show else _mask(v.pin)) if v.pin else ""
        print(
            f"  {v.kind_label}: {code}"
            + (f"  PIN {pin}" if pin else "")
            + (f"  valid until {v.validity}" if v.validity else "")
        )


PLUM_NOT_CONFIGURED = (
    "Plum is not configured: set FULFILDESK_PLUM_URL and either FULFILDESK_PLUM_CLIENT_ID, "
    "FULFILDESK_PLUM_CLIENT_SECRET and FULFILDESK_PLUM_REFRESH_TOKEN (renewed automatically) "
    "or FULFILDESK_PLUM_TOKEN (an access token), or use Settings."
)


async def _buy_vouchers(ctx, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from fulfildesk.domain.validation import FieldProblems
    from fulfildesk.services.vouchers import VoucherRequest
    from fulfildesk.store.journal import OpState

    if ctx.vouchers is None:
        print(
            PLUM_NOT_CONFIGURED,
            file=sys.stderr,
        )
        return 2
    request = VoucherRequest(
        product_id=args.product,
        denomination=args.denomination,
        quantity=args.qty,
        email=args.email,
        contact=args.contact,
        tag=args.tag,
        notify_receiver=args.notify_receiver,
        notify_admin=args.notify_admin,
    )
    problems = request.problems()
    if problems:
        for name, problem in problems.items():
            print(f"--{name}: {problem}", file=sys.stderr)
        return 2

    def progress(op_id: str, state: OpState, text: str) -> None:
        print(f"[{state.value}] {text}", file=sys.stderr, flush=True)

    from fulfildesk.services.keys import ProfileLimitExceeded

    try:  # the product's bounds and limit, the charge against the balance, the profile's limit
        outcome = await ctx.vouchers.buy(
            request, progress, over_profile_limit=args.over_profile_limit
        )
    except ProfileLimitExceeded as refused:  # issue 14: nothing was journaled or sent
        print(f"Not bought: {refused.message}", file=sys.stderr)
        print("Give --over-profile-limit to buy anyway.", file=sys.stderr)
        return 2
    except FieldProblems as exc:
        for name, problem in exc.field_errors.items():
            flag = {"quantity": "qty", "balance": "balance"}.get(name, name)
            print(f"--{flag}: {problem}", file=sys.stderr)
        return 2
    op = outcome.operation
    print(f"purchase {op.operation_id}: {op.state.value} (PO {op.payload['po_number']})")
    if op.provider_order_id:
        print(f"order {op.provider_order_id}")
    _print_vouchers(outcome.vouchers, args.show_codes)
    if ctx.vouchers.pending_delivery(outcome):
        # paid; the codes arrive later: `voucher-order` or `sync` fills them in
        print(f"pending delivery: {outcome.message}")
        return 0
    if not outcome.completed:
        print(outcome.message, file=sys.stderr)
    return 0 if outcome.completed else 1


async def _voucher_order(ctx, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from fulfildesk.providers.errors import ProviderError

    if ctx.vouchers is None:
        print(
            PLUM_NOT_CONFIGURED,
            file=sys.stderr,
        )
        return 2
    try:
        found, vouchers = await ctx.vouchers.lookup(
            order_id=args.order_id, po_number=args.po_number
        )
        print(
            f"order {found.order.provider_order_id}: {found.order.provider_status}, "
            f"delivery {found.delivery_status}, charged {found.order.total}"
        )
        _print_vouchers(vouchers, args.show_codes)
        if args.resend:
            await ctx.vouchers.resend(found.order.provider_order_id)
            print("vouchers sent to the receiver again")
    except ProviderError as exc:
        print(exc.user_message, file=sys.stderr)
        return 1
    return 0


async def _journal(ctx, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from fulfildesk.store.journal import OpState

    try:
        states = [OpState(s) for s in args.state] if args.state else None
    except ValueError as exc:
        print(f"unknown state: {exc}", file=sys.stderr)
        return 2
    ops = await ctx.store.run(lambda s: s.journal_list(states))
    for op in ops:
        print(
            f"{op.created_at} {op.operation_id} {op.provider} {op.kind} {op.state.value} "
            f"order={op.provider_order_id or '-'} {op.error or ''}".rstrip()
        )
    return 0


async def _repair(ctx: AppContext, args: argparse.Namespace) -> int:
    """Move the cache aside (unless opening it just did) and rebuild it by a full sync."""
    from fulfildesk.services.sync import service_for
    from fulfildesk.store.db import Store

    if ctx.cache_note is None:
        aside = await ctx.store.run(Store.rebuild_cache)
        if aside is not None:
            print(f"The order cache was moved aside to {aside} and started again empty.")
        else:
            print("There was no order cache; a new one was started.")
    ops = await ctx.store.run(Store.journal_list)
    print(
        f"The purchase journal ({ctx.settings.journal_path}) was not touched: "
        f"{len(ops)} purchase(s), their keys and vouchers are all there."
    )
    if args.no_sync:
        print("Run `fulfildesk sync` (or open the window) to fill the cache again.")
        return 0
    service = service_for(ctx)
    if not service.providers:
        print("No provider is configured, so nothing was synced; the cache stays empty.")
        return 0

    def progress(report) -> None:  # type: ignore[no-untyped-def]
        print(f"{report.provider}: {report.orders} orders", file=sys.stderr, flush=True)

    reports = await service.run(service.providers, progress, full=True)
    failed = False
    for name, report in reports.items():
        if report.failed:
            failed = True
            print(f"{name}: FAILED: {report.error} (run `fulfildesk sync` again later)")
        else:
            print(f"{name}: {report.orders} orders synced into the new cache")
    return 1 if failed else 0


async def _sync(ctx, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from fulfildesk.domain.vocabulary import provider_name
    from fulfildesk.services.sync import service_for

    service = service_for(ctx)
    wanted = args.provider or service.providers
    unknown = [p for p in wanted if p not in ("kinguin", "plum", "powerplugin", "inventory")]
    if unknown:
        print(
            f"unknown provider: {', '.join(unknown)} (use kinguin, plum, powerplugin, inventory)",
            file=sys.stderr,
        )
        return 2
    missing = [p for p in wanted if p not in service.providers]
    for name in missing:
        print(
            f"{name}: not configured (set FULFILDESK_{name.upper()}_URL and its credentials; "
            "see fulfildesk --help)",
            file=sys.stderr,
        )
    if not [p for p in wanted if p in service.providers]:
        return 1

    def progress(report) -> None:  # type: ignore[no-untyped-def]
        state = "done" if report.done else "syncing"
        print(
            f"{provider_name(report.provider)}: {state}, {report.pages} pages, "
            f"{report.orders} orders",
            file=sys.stderr,
            flush=True,
        )

    reports = await service.run(
        [p for p in wanted if p in service.providers], progress, full=args.full
    )
    # one line per provider, saying whether it could authenticate (even with nothing to fetch)
    for report in reports.values():
        print(report.line(cli=True))
    failed = bool(missing) or any(report.failed for report in reports.values())
    return 1 if failed else 0


def _orders_arguments_problem(args: argparse.Namespace) -> str:
    """What is wrong with `orders --provider/--status`, naming the valid values; '' if nothing."""
    from fulfildesk.domain.vocabulary import PROVIDER_NAMES, STATUS_NAMES

    for option, given, valid in (
        ("--provider", args.provider or [], PROVIDER_NAMES),
        ("--status", args.status or [], STATUS_NAMES),
    ):
        unknown = [value for value in given if value not in valid]
        if unknown:
            listed = ", ".join(f"{code} ({name})" for code, name in valid.items())
            return f"{option}: unknown value {', '.join(map(repr, unknown))}. Valid: {listed}."
    return ""


def orders_table(rows: list[dict[str, Any]]) -> list[str]:
    """The `orders` table: a header, one line per order, money right-aligned on the point."""
    from fulfildesk.domain.vocabulary import products_text, provider_name, status_name

    header = ("Provider", "Order", "Status", "Created (UTC)", "Total", "Cur", "Products")
    cells = [
        (
            provider_name(r["provider"]),
            r["provider_order_id"][:36],
            status_name(r["status"], r["provider"], r["provider_status"] or ""),
            (r["created_at"] or "")[:16].replace("T", " "),
            _money(r["total"]),
            r["currency"] or "",
            products_text(r["provider"], r["products"] or ""),
        )
        for r in rows
    ]
    widths = [max([len(header[i]), *(len(c[i]) for c in cells)]) for i in range(6)]

    def line(values: tuple[str, ...]) -> str:
        parts = [
            values[i].rjust(widths[i]) if i == 4 else values[i].ljust(widths[i]) for i in range(6)
        ]
        return "  ".join([*parts, values[6]]).rstrip()

    return [line(header), line((*("-" * w for w in widths), "-" * 8)), *map(line, cells)]


def _money(total: str | None) -> str:
    if not total:
        return ""
    try:
        return f"{Decimal(total):.2f}"
    except ArithmeticError:
        return total


async def _orders(ctx, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from datetime import date

    from fulfildesk.store.queries import OrderFilter, export_row, iter_orders, write_csv

    problem = _orders_arguments_problem(args)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since).isoformat() + "T00:00:00Z"
        except ValueError:
            print(f"--since: '{args.since}' is not a date such as 2026-01-31", file=sys.stderr)
            return 2
    if args.limit < 1:
        print("--limit must be at least 1", file=sys.stderr)
        return 2
    filt = OrderFilter(
        providers=args.provider or [],
        statuses=args.status or [],
        search=args.search or "",
        date_from=since,
    )

    def read(s):  # type: ignore[no-untyped-def]
        rows = []
        for row in iter_orders(s.db.conn, filt):
            rows.append(row)
            if len(rows) >= args.limit:
                break
        return rows

    rows = await ctx.store.run(read)
    if args.format == "json":
        print(json.dumps([export_row(r) for r in rows], indent=2))
    elif args.format == "csv":
        write_csv(sys.stdout, rows)
    else:
        for text in orders_table(rows):
            print(text)
        print(f"{len(rows)} order(s)", file=sys.stderr)
    return 0
