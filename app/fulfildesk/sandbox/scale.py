"""`fulfildesk sandbox --seed-orders N`: N realistic orders over four providers and three years.

Proportions: 70 % Kinguin key orders (so a sync has a long list to page through), 10 % Plum
voucher orders, 10 % physical goods transactions, 10 % inventory orders. Statuses follow what a
shop sees: most orders completed, a few out of stock, failed, refunded or still open. Rows are
written straight into the sandbox's tables in large transactions (a million in under a minute).
"""

from __future__ import annotations

import json
import random
import sqlite3
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from fulfildesk.sandbox.app import Sandbox
from fulfildesk.sandbox.kinguin import CATALOGUE
from fulfildesk.sandbox.plum import CATALOGUE as PLUM_CATALOGUE
from fulfildesk.sandbox.powerplugin import ESTABLISHMENTS, PRODUCTS, TRACK_URL

YEARS = 3
BATCH = 20_000
#: every column of p_orders; the last, deliver_after, is NULL: seeded orders are delivered
PLUM_INSERT = "INSERT INTO p_orders VALUES (" + ", ".join("?" * 20) + ")"  # noqa: S608


def _when(rng: random.Random, now: datetime) -> datetime:
    return now - timedelta(seconds=rng.randint(60, YEARS * 365 * 86400))


def seed_orders(sandbox: Sandbox, count: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    counts = {
        "kinguin": int(count * 0.7),
        "plum": int(count * 0.1),
        "powerplugin": int(count * 0.1),
    }
    counts["inventory"] = count - sum(counts.values())
    conn = sandbox.db.conn
    _kinguin(conn, rng, now, counts["kinguin"])
    _plum(conn, rng, now, counts["plum"])
    _powerplugin(conn, rng, now, counts["powerplugin"])
    _inventory(conn, rng, now, counts["inventory"])
    return counts


def _kinguin(conn: sqlite3.Connection, rng: random.Random, now: datetime, count: int) -> None:
    products = [p for p in CATALOGUE if p.stock > 0]
    statuses = (
        ["completed"] * 86
        + ["out_of_stock"] * 5
        + ["error"] * 3
        + ["processing"] * 3
        + ["pending"] * 3
    )
    next_order = int(
        conn.execute("SELECT value FROM k_meta WHERE key = 'next_order'").fetchone()[0]
    )
    next_dispatch = int(
        conn.execute("SELECT value FROM k_meta WHERE key = 'next_dispatch'").fetchone()[0]
    )
    rows = []
    for i in range(count):
        lines: list[dict[str, Any]] = []
        for p in rng.sample(products, rng.choice((1, 1, 1, 1, 2, 3))):
            lines.append(
                {
                    "kinguinId": p.kinguin_id,
                    "qty": rng.choice((1, 1, 1, 2, 5)),
                    "name": p.name,
                    "price": p.price,
                }
            )
        total = sum(float(line["price"]) * line["qty"] for line in lines)
        status = rng.choice(statuses)
        created = _when(rng, now)
        dispatch = next_dispatch + i if status == "completed" else None
        rows.append(
            (
                next_order + i,
                status,
                1,
                created.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
                f"{total:.2f}",
                json.dumps(lines),
                "ok",
                dispatch,
                (created + timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
                if dispatch
                else None,
            )
        )
        if len(rows) >= BATCH:
            _insert(conn, "INSERT INTO k_orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            rows = []
    _insert(conn, "INSERT INTO k_orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    with conn:
        conn.execute(
            "UPDATE k_meta SET value = ? WHERE key = 'next_order'", (str(next_order + count),)
        )
        conn.execute(
            "UPDATE k_meta SET value = ? WHERE key = 'next_dispatch'", (str(next_dispatch + count),)
        )


def _insert(conn: sqlite3.Connection, sql: str, rows: Sequence[Any]) -> None:
    if rows:
        with conn:
            conn.executemany(sql, rows)


def _plum(conn: sqlite3.Connection, rng: random.Random, now: datetime, count: int) -> None:
    products = [
        p
        for p in PLUM_CATALOGUE
        if p.stock > 0 and p.denominations and p.currency in ("INR", "USD", "EUR")
    ]
    start = (conn.execute("SELECT max(order_id) FROM p_orders").fetchone()[0] or 2_000_000) + 1
    orders, vouchers = [], []
    for i in range(count):
        p = rng.choice(products)
        denomination = rng.choice(p.denominations)
        quantity = rng.choice((1, 1, 1, 2, 5))
        rate = {"INR": 0.012, "USD": 1.0, "EUR": 1.08}[p.currency]
        total = round(denomination * quantity * rate, 2)
        order_id = start + i
        orders.append(
            (
                order_id,
                f"SEED-{order_id}",
                p.product_id,
                quantity,
                denomination,
                f"player{rng.randint(1, 9999)}@example.com",
                "",
                "",
                1,
                0,
                str(total),
                "0",
                "0",
                str(total),
                str(rate),
                "complete",
                "delivered",
                0,
                _when(rng, now).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
                None,
            )
        )
        for position in range(quantity):
            vouchers.append((order_id, position, f"SEED-{order_id}-{position}", "", "2027-12-31"))
        if len(orders) >= BATCH:
            _insert(conn, PLUM_INSERT, orders)
            _insert(conn, "INSERT INTO p_vouchers VALUES (?, ?, ?, ?, ?)", vouchers)
            orders, vouchers = [], []
    _insert(conn, PLUM_INSERT, orders)
    _insert(conn, "INSERT INTO p_vouchers VALUES (?, ?, ?, ?, ?)", vouchers)


def _powerplugin(conn: sqlite3.Connection, rng: random.Random, now: datetime, count: int) -> None:
    players = [
        str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(max(1, count // 20))
    ]
    stages = (
        ["Completed"] * 70
        + ["InTransit"] * 10
        + ["Shipped"] * 5
        + ["Refunded"] * 5
        + ["Cancelled"] * 5
        + ["Pending"] * 5
    )
    seq = int(conn.execute("SELECT value FROM pp_meta WHERE key = 'seq'").fetchone()[0])
    rows = []
    for i in range(count):
        player = rng.choice(players)
        product = rng.choice(PRODUCTS)
        place = rng.choice(ESTABLISHMENTS)
        tx = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        token = uuid.UUID(int=rng.getrandbits(128)).hex[:22]
        created = _when(rng, now)
        stage = rng.choice(stages)
        base = {
            "operationId": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "orderType": "Reservation",
            "orderStatus": "Pending",
            "orderDisplayStatus": "Pending",
            "value": float(product.price),
            "reference": f"SEED-REF-{i:07d}",
            "playerId": player,
            "productId": product.product_id,
            "productName": product.name,
            "quantity": 1,
            "playerEmail": f"{player[:8]}@example.com",
            "playerName": f"Player {player[:6]}",
            "establishmentId": place.establishment_id,
            "establishmentName": place.name,
            "establishmentImage": place.image,
            "establishmentThumbnailUrl": place.thumbnail,
            "transactionId": tx,
            "address": "Calle Mayor 12",
            "country": "ES",
            "postalCode": "28013",
            "city": "Madrid",
            "date": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "trackToken": token,
            "trackUrl": TRACK_URL.format(token=token, tx=tx),
            "trackingNumber": None,
        }
        if stage == "Pending":
            seq += 1
            rows.append((base["operationId"], tx, player, "Reservation", json.dumps(base), seq))
            continue
        reservation = {
            **base,
            "orderStatus": "Cancelled"
            if stage == "Cancelled" and rng.random() < 0.5
            else "Completed",
        }
        reservation["orderDisplayStatus"] = reservation["orderStatus"]
        seq += 1
        rows.append((base["operationId"], tx, player, "Reservation", json.dumps(reservation), seq))
        if reservation["orderStatus"] == "Completed":
            acquisition = {
                **base,
                "operationId": str(uuid.uuid4()),
                "orderType": "Acquisition",
                "orderStatus": stage,
                "orderDisplayStatus": stage,
                "trackingNumber": f"1Z{i:014d}" if stage != "Shipped" else None,
            }
            seq += 1
            rows.append(
                (
                    acquisition["operationId"],
                    tx,
                    player,
                    "Acquisition",
                    json.dumps(acquisition),
                    seq,
                )
            )
        if len(rows) >= BATCH:
            _insert(conn, "INSERT INTO pp_records VALUES (?, ?, ?, ?, ?, ?)", rows)
            rows = []
    _insert(conn, "INSERT INTO pp_records VALUES (?, ?, ?, ?, ?, ?)", rows)
    with conn:
        conn.execute("UPDATE pp_meta SET value = ? WHERE key = 'seq'", (str(seq),))
        conn.executemany(
            "INSERT OR IGNORE INTO pp_players VALUES (?, ?, ?)",
            [(p, f"Player {p[:6]}", f"{p[:8]}@example.com") for p in players],
        )


def _inventory(conn: sqlite3.Connection, rng: random.Random, now: datetime, count: int) -> None:
    players = list(range(100_000, 100_000 + max(1, count // 20)))
    rows = []
    for _ in range(count):
        player = rng.choice(players)
        order_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        created = _when(rng, now).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        loot = rng.randint(1, 20)
        result = rng.choice(["success"] * 9 + ["cannot_afford_price"])
        body = {
            "source": "IN_GAME",
            "client_order_ref_id": None,
            "is_transaction": False,
            "order_id": order_id,
            "player_uuid": str(uuid.UUID(int=player)),
            "created_time": created,
            "entries": [
                {
                    "type": "fill_loot",
                    "loot_id": loot,
                    "quantity": 1,
                    "entry_id": f"{order_id}:0",
                    "result": result,
                    "details": [],
                }
            ],
        }
        rows.append((player, order_id, created, json.dumps(body), "done"))
        if len(rows) >= BATCH:
            _insert(conn, "INSERT INTO i_orders VALUES (?, ?, ?, ?, ?)", rows)
            rows = []
    _insert(conn, "INSERT INTO i_orders VALUES (?, ?, ?, ?, ?)", rows)
