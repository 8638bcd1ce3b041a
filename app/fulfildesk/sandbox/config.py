from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TOKEN = "sandbox-token"


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
    #: fault: per provider mount ("kinguin", "kinguin-current", "plum", "inventory",
    #: "powerplugin"), how many of its next purchase requests (place an order, reserve) are carried
    #: out and then answered 200 with an unreadable body (an HTML page, as from a proxy)
    unreadable_after_action: dict[str, int] = field(default_factory=dict)
    #: the canary test: every key serial, voucher code and PIN handed out starts with this text
    #: (image keys excepted), so a test can grep the console's files for it
    canary: str = ""
