from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TOKEN = "sandbox-token"
#: Plum OAuth client of the sandbox, and the first refresh token it issues
PLUM_CLIENT_ID = "sandbox-plum-client"
PLUM_CLIENT_SECRET = "sandbox-plum-secret"
PLUM_REFRESH_TOKEN = "sandbox-plum-refresh-0"
#: inventory client credentials (POST /users/v2/oauth/token)
INVENTORY_CLIENT_ID = "sandbox-inventory-client"
INVENTORY_CLIENT_SECRET = "sandbox-inventory-secret"


@dataclass
class SandboxConfig:
    #: where the sandbox keeps its state (sandbox.sqlite); None keeps it in memory
    data_dir: Path | None = None
    #: the credential every sandbox provider accepts
    token: str = DEFAULT_TOKEN
    #: seconds a Kinguin order spends in each of pending and processing
    kinguin_step: float = 2.0
    #: fault: seconds the sandbox waits after creating a Kinguin order before it answers
    kinguin_place_delay: float = 0.0
    #: fill the catalogue's demo history on first start
    demo_history: bool = True
    #: starting Kinguin balance (EUR); each generation (/kinguin, /kinguin-current) has its own
    kinguin_balance: str = "500.00"
    #: current Kinguin API: seconds between the deliveries of successive keys of an order (the
    #: n-th key stays PENDING for n steps)
    kinguin_current_key_step: float = 1.5
    #: current Kinguin API: seconds after delivery during which a key can be returned (24 h)
    kinguin_current_return_window: float = 24 * 3600.0
    #: current Kinguin API: seconds a key return takes, holding its order (a second request on
    #: it meanwhile answers 409 ResourceLock); 0 answers at once
    kinguin_current_return_delay: float = 0.0
    #: seconds Plum takes to answer placeOrder after creating the order (slow orders)
    plum_delay: float = 0.0
    #: fault: the next N placeOrder calls create the order, then answer 500
    plum_fail_after_create: int = 0
    #: every inventory order answers 202 and finishes later (else only orders of > 5 entries)
    inventory_async: bool = False
    #: seconds a 202 inventory order takes to finish
    inventory_async_delay: float = 3.0
    #: added to every request, to measure against a realistic provider
    latency_ms: float = 0.0
    #: seconds a Plum access token issued by the refresh endpoint lives (Plum: 15 days)
    plum_token_ttl: float = 15 * 86400
    #: seconds a Plum refresh token lives (Plum: 30 days)
    plum_refresh_ttl: float = 30 * 86400
    plum_client_id: str = PLUM_CLIENT_ID
    plum_client_secret: str = PLUM_CLIENT_SECRET
    #: the refresh token the sandbox accepts first (each refresh rotates it)
    plum_refresh_token: str = PLUM_REFRESH_TOKEN
    #: the Plum account's starting balance (USD); each order takes its charge from it
    plum_balance: str = "5000.00"
    #: products in the Plum catalogue (the named ones, then generated ones up to this count)
    plum_catalogue_size: int = 130
    #: seconds after placement before a delayed-delivery Plum product's codes are delivered
    #: (Plum: up to 7 business days); until then the order is pending and has no vouchers
    plum_delivery_delay: float = 3600.0
    #: Plum's documented rate limits, per query, calls allowed per `plum_rate_window` seconds
    #: (a sliding window, counted per account: every token of it shares them). Over a limit the
    #: call is refused (429, `auth.request_limit_exceeded`) and that query stays refused for
    #: `plum_penalty` seconds; see docs/sandbox.md. getBalance (Plum: 10 a minute)
    plum_balance_rate: int = 10
    #: placeOrder: the documents say 100 a minute, one page 20; the stricter 20 is enforced
    plum_place_rate: int = 20
    #: getOrderDetails (Plum: 200 a minute)
    plum_details_rate: int = 200
    #: getOrderHistory (Plum: 200 a minute)
    plum_history_rate: int = 200
    #: getVouchers (Plum: 50 a minute)
    plum_vouchers_rate: int = 50
    #: getVouchers calls allowed in any 24 hours (Plum: 500 a day)
    plum_vouchers_daily: int = 500
    #: the rate limits' sliding window in seconds (Plum: a minute; smaller only for tests)
    plum_rate_window: float = 60.0
    #: the penalty (`penaltySeconds`) a call over a per-window limit starts (Plum: 60)
    plum_penalty: float = 60.0
    #: seconds an inventory token from /users/v2/oauth/token lives
    inventory_token_ttl: float = 3600.0
    #: fault injection: a SPEC of sandbox/faults.py ("" for none), e.g.
    #: "kinguin:place:after-5xx:0.3,plum:placeOrder:garbage-2xx:0.2,*:*:latency=200ms"
    faults: str = ""
    #: the seed of the faults' random draws (None: a different run each time)
    faults_seed: int | None = None
    inventory_client_id: str = INVENTORY_CLIENT_ID
    inventory_client_secret: str = INVENTORY_CLIENT_SECRET
    #: fault: per provider mount ("kinguin", "kinguin-current", "plum", "inventory",
    #: "powerplugin"), how many of its next purchase requests (place an order, reserve) are carried
    #: out and then answered 200 with an unreadable body (an HTML page, as from a proxy)
    unreadable_after_action: dict[str, int] = field(default_factory=dict)
    #: the canary test: every key serial, voucher code and PIN handed out starts with this text
    #: (image keys excepted), so a test can grep the console's files for it
    canary: str = ""
