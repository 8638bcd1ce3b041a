"""Fault injection for the sandbox providers: an ASGI middleware in front of the mounts.

SPEC is a comma-separated list of rules, each ``PROVIDER:ENDPOINT:FAULT[:PROBABILITY]``:

- PROVIDER: ``kinguin`` (both generations), ``kinguin-v1``, ``kinguin-current``, ``plum``,
  ``inventory``, ``powerplugin``, or ``*``;
- ENDPOINT: a name from ENDPOINTS below (``place`` is every provider's purchase: Kinguin's
  POST /v1/order, Plum's placeOrder, inventory's order, the warehouse's reservation), or ``*``;
- FAULT, with an optional ``=VALUE``:

  ``latency=200ms``     wait before handling (``ms`` or ``s``; default 200ms)
  ``before-5xx[=503]``  answer 5xx without doing anything (default 503)
  ``after-5xx[=500]``   do the action, then answer 5xx instead of its answer (default 500)
  ``429[=SECONDS]``     refuse with 429 and Retry-After (Plum: its ``penaltySeconds`` body too)
  ``reset``             do the action, send the headers and half the body, then drop the
                        connection
  ``truncated``         do the action, answer its status with the body cut in half (a complete
                        HTTP answer whose JSON is cut short)
  ``html-2xx``          do the action, answer 200 with a proxy's HTML page
  ``garbage-2xx``       do the action, answer 200 with bytes that are not JSON
  ``stuck-202``         inventory orders only: accept the order (202) and never finish it
  ``oversize[=MB]``     do the action, answer 200 with a JSON body of MB megabytes (default
                        16), streamed without a Content-Length (the console stops reading at
                        its cap: 8 MB, Kinguin's key pages 64 MB)
- PROBABILITY: 0..1 (default 1), drawn from one random generator seeded by ``--faults-seed``.

Example: ``kinguin:place:after-5xx:0.3,plum:placeOrder:garbage-2xx:0.2,*:*:latency=50ms``.
The first rule that matches a request and whose draw succeeds applies (``latency`` rules are
all applied, then the search goes on). Requests to ``/_sandbox`` are never faulted.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

FAULTS = (
    "latency",
    "before-5xx",
    "after-5xx",
    "429",
    "reset",
    "truncated",
    "html-2xx",
    "garbage-2xx",
    "stuck-202",
    "oversize",
)
PROVIDERS = ("kinguin", "kinguin-v1", "kinguin-current", "plum", "inventory", "powerplugin")

#: per mount: (method, path pattern under the mount, endpoint names)
_ROUTES: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "kinguin-v1": [
        ("POST", r"/v1/order", ("place", "order-create")),
        ("POST", r"/v1/order/dispatch", ("dispatch",)),
        ("GET", r"/v1/order/dispatch/keys", ("keys",)),
        ("GET", r"/v1/order", ("orders",)),
        ("GET", r"/v1/order/[^/]+", ("order",)),
    ],
    "kinguin-current": [
        ("POST", r"/v[12]/order", ("place", "order-create")),
        ("GET", r"/v1/order", ("orders",)),
        ("GET", r"/v1/order/[^/]+", ("order",)),
        ("GET", r"/v2/order/[^/]+/keys", ("keys",)),
        ("POST", r"/v2/order/[^/]+/keys/return", ("return",)),
        ("GET", r"/v1/balance", ("balance",)),
    ],
    "plum": [
        ("POST", r"/v1/oauth/token.*", ("token",)),
        ("GET", r"/v1/oauth/token.*", ("token",)),
        # /v1/oauth/api: named by the body's query (see _plum_endpoint)
    ],
    "inventory": [
        ("POST", r"/users/v2/oauth/token", ("token",)),
        ("POST", r"/inventory/v[12]/player/[^/]+/order", ("place", "create")),
        ("GET", r"/inventory/v[12]/player/[^/]+/order", ("orders",)),
        ("GET", r"/inventory/v[12]/player/[^/]+/order/[^/]+", ("order",)),
    ],
    "powerplugin": [
        ("POST", r"/orders/[^/]+/reservation", ("place", "reserve")),
        ("PUT", r"/orders/[^/]+/details/[^/]+", ("details",)),
        ("DELETE", r"/orders/[^/]+/reservation/[^/]+", ("cancel-reservation",)),
        ("POST", r"/orders/[^/]+/send/[^/]+", ("send",)),
        ("POST", r"/orders/[^/]+/track/[^/]+", ("track",)),
        ("POST", r"/orders/[^/]+/acquisition/[^/]+", ("complete",)),
        ("DELETE", r"/orders/[^/]+/acquisition/[^/]+", ("cancel",)),
        ("GET", r"/players/[^/]+/orders", ("orders",)),
        ("GET", r"/players/[^/]+/orders/[^/]+", ("transaction",)),
    ],
}
#: Plum's operations by the body's `query` (plumProAPI.mutation.placeOrder -> placeOrder)
_PLUM_ALIASES = {"placeOrder": ("place",)}

HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway"
    b"</h1><p>The proxy server received an invalid response from an upstream server.</p>"
    b"</body></html>"
)
GARBAGE = b'\x00\x9f\xffOK?{"orderId": \x00\x00 garbage \xfe'


class FaultSpecError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    provider: str
    endpoint: str
    fault: str
    value: float | None
    probability: float

    def matches(self, provider: str, names: tuple[str, ...]) -> bool:
        if self.provider not in ("*", provider):
            if not (self.provider == "kinguin" and provider.startswith("kinguin")):
                return False
        return self.endpoint == "*" or self.endpoint in names


def _duration(text: str) -> float:
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(ms|s)?\s*", text)
    if not match:
        raise FaultSpecError(f"{text!r} is not a duration such as 200ms or 1.5s")
    number = float(match.group(1))
    return number / 1000 if match.group(2) in (None, "ms") else number


def parse_spec(spec: str) -> list[Rule]:
    """The rules of a SPEC (see the module's docstring); FaultSpecError names what is wrong."""
    rules: list[Rule] = []
    for raw in (part.strip() for part in (spec or "").split(",")):
        if not raw:
            continue
        parts = raw.split(":")
        if len(parts) not in (3, 4):
            raise FaultSpecError(f"{raw!r}: write PROVIDER:ENDPOINT:FAULT[:PROBABILITY]")
        provider, endpoint, fault_text = (p.strip() for p in parts[:3])
        if provider != "*" and provider not in PROVIDERS:
            raise FaultSpecError(f"{raw!r}: unknown provider {provider!r}; one of {PROVIDERS}")
        fault, _, value_text = fault_text.partition("=")
        if fault not in FAULTS:
            raise FaultSpecError(f"{raw!r}: unknown fault {fault!r}; one of {FAULTS}")
        value: float | None = None
        if value_text:
            if fault == "latency":
                value = _duration(value_text)
            else:
                try:
                    value = float(value_text)
                except ValueError:
                    raise FaultSpecError(f"{raw!r}: {value_text!r} is not a number") from None
        probability = 1.0
        if len(parts) == 4:
            try:
                probability = float(parts[3])
            except ValueError:
                raise FaultSpecError(f"{raw!r}: {parts[3]!r} is not a probability") from None
            if not 0 <= probability <= 1:
                raise FaultSpecError(f"{raw!r}: the probability must be between 0 and 1")
        rules.append(Rule(provider, endpoint or "*", fault, value, probability))
    return rules


def endpoint_of(method: str, path: str, body: bytes) -> tuple[str, tuple[str, ...]] | None:
    """(provider, endpoint names) of a request to the sandbox app, or None (not a provider)."""
    mount, _, rest = path.lstrip("/").partition("/")
    rest = "/" + rest
    provider = {"kinguin": "kinguin-v1"}.get(mount, mount)
    if provider not in _ROUTES:
        return None
    if provider == "plum" and rest.rstrip("/") == "/v1/oauth/api":
        return provider, _plum_endpoint(body)
    for route_method, pattern, names in _ROUTES[provider]:
        if route_method == method and re.fullmatch(pattern, rest.rstrip("/") or "/"):
            return provider, names
    return provider, ("other",)


def _plum_endpoint(body: bytes) -> tuple[str, ...]:
    try:
        query = json.loads(body or b"{}").get("query", "")
    except (ValueError, AttributeError):
        return ("other",)
    name = str(query).rsplit(".", 1)[-1]
    return (name, *_PLUM_ALIASES.get(name, ()))


class FaultPlan:
    """The rules in force (replaceable at run time: tests switch faults on and off) and the
    seeded random generator that draws them; counts what was injected."""

    def __init__(self, spec: str = "", seed: int | None = None) -> None:
        self.rules = parse_spec(spec)
        self.random = random.Random(seed)
        self.injected: dict[str, int] = {}

    def set(self, spec: str, seed: int | None = None) -> None:
        self.rules = parse_spec(spec)
        if seed is not None:
            self.random.seed(seed)

    def pick(self, provider: str, names: tuple[str, ...]) -> tuple[float, Rule | None]:
        """(latency to add, the fault to inject or None)."""
        delay = 0.0
        for rule in self.rules:
            if not rule.matches(provider, names):
                continue
            if rule.probability < 1 and self.random.random() >= rule.probability:
                continue
            if rule.fault == "latency":
                delay += rule.value if rule.value is not None else 0.2
                continue
            return delay, rule
        return delay, None

    def count(self, provider: str, names: tuple[str, ...], fault: str) -> None:
        key = f"{provider}:{names[0]}:{fault}"
        self.injected[key] = self.injected.get(key, 0) + 1


StuckHook = Callable[[dict[str, Any]], None]


class FaultMiddleware:
    """Applies a FaultPlan to every request of the wrapped ASGI app."""

    def __init__(
        self, app: ASGIApp, plan: FaultPlan, *, stuck_order: StuckHook | None = None
    ) -> None:
        self.app = app
        self.plan = plan
        self._stuck_order = stuck_order

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.plan.rules or "/_sandbox" in scope["path"]:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        found = endpoint_of(scope["method"], scope["path"], body)
        if found is None:
            await self.app(scope, _replay(body), send)
            return
        provider, names = found
        delay, rule = self.plan.pick(provider, names)
        if delay:
            self.plan.count(provider, names, "latency")
            await asyncio.sleep(delay)
        if rule is None:
            await self.app(scope, _replay(body), send)
            return
        self.plan.count(provider, names, rule.fault)
        fault = rule.fault
        if fault == "before-5xx":
            await _answer(send, int(rule.value or 503), b'{"message": "injected fault"}')
            return
        if fault == "429":
            wait = rule.value if rule.value is not None else 1.0
            content = (
                json.dumps(
                    {"errors": [{"message": "auth.request_limit_exceeded", "penaltySeconds": wait}]}
                ).encode()
                if provider == "plum"
                else b'{"message": "Too many requests"}'
            )
            await _answer(send, 429, content, {"retry-after": f"{wait:g}"})
            return
        if fault == "stuck-202" and provider == "inventory" and "place" in names:
            await self._stuck(scope, body, send)
            return
        # every other fault happens after the action: run it, keep its answer
        status, headers, content = await _run(self.app, scope, body)
        if fault == "after-5xx":
            await _answer(send, int(rule.value or 500), b'{"message": "injected fault"}')
        elif fault == "html-2xx":
            await _answer(send, 200, HTML_PAGE, {"content-type": "text/html"})
        elif fault == "garbage-2xx":
            await _answer(send, 200, GARBAGE)
        elif fault == "oversize":
            await _oversize(send, rule.value if rule.value is not None else 16.0)
        elif fault == "truncated":
            await _answer(send, status, content[: len(content) // 2], headers)
        elif fault == "reset":
            headers = {**headers, "content-length": str(len(content))}
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": _header_list(headers),
                }
            )
            await send(
                {
                    "type": "http.response.body",
                    "body": content[: len(content) // 2],
                    "more_body": True,
                }
            )
            raise ConnectionResetError("injected fault: connection reset mid-body")
        else:  # stuck-202 elsewhere: nothing to do
            await _answer(send, status, content, headers)

    async def _stuck(self, scope: Scope, body: bytes, send: Send) -> None:
        """Accept the inventory order and never finish it (the sandbox keeps it pending)."""
        try:
            order = json.loads(body or b"{}")
        except ValueError:
            order = {}
        if isinstance(order, dict) and self._stuck_order is not None:
            self._stuck_order(order)
        status, headers, content = await _run(self.app, scope, body)
        await _answer(send, status, content, headers)


async def _oversize(send: Send, megabytes: float) -> None:
    """200 with a JSON object of about `megabytes` MB, in chunks (no Content-Length): a client
    that reads without a limit would hold all of it."""
    total = max(0, int(megabytes * 1024 * 1024))
    chunk = b"x" * 65536
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": _header_list({"content-type": "application/json"}),
        }
    )
    await send({"type": "http.response.body", "body": b'{"padding": "', "more_body": True})
    sent = 0
    while sent < total:
        piece = chunk[: min(len(chunk), total - sent)]
        sent += len(piece)
        await send({"type": "http.response.body", "body": piece, "more_body": True})
    await send({"type": "http.response.body", "body": b'"}', "more_body": False})


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # like a client that keeps the connection open
        return {"type": "http.disconnect"}

    return receive


async def _run(app: ASGIApp, scope: Scope, body: bytes) -> tuple[int, dict[str, str], bytes]:
    status = 500
    headers: dict[str, str] = {}
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, _replay(body), capture)
    headers.pop("content-length", None)
    return status, headers, b"".join(chunks)


def _header_list(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


async def _answer(
    send: Send, status: int, content: bytes, headers: dict[str, str] | None = None
) -> None:
    merged = {"content-type": "application/json", **(headers or {})}
    merged["content-length"] = str(len(content))
    await send({"type": "http.response.start", "status": status, "headers": _header_list(merged)})
    await send({"type": "http.response.body", "body": content, "more_body": False})
