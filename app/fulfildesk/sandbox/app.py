"""The sandbox ASGI app: one mount per provider, each under its own name."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response

from fulfildesk.sandbox.config import SandboxConfig
from fulfildesk.sandbox.faults import FaultMiddleware, FaultPlan
from fulfildesk.sandbox.inventory import InventorySandbox, create_inventory_app
from fulfildesk.sandbox.kinguin import KinguinSandbox, create_kinguin_app
from fulfildesk.sandbox.kinguin_current import PREFIX as KINGUIN_CURRENT_PREFIX
from fulfildesk.sandbox.kinguin_current import KinguinCurrentSandbox, create_kinguin_current_app
from fulfildesk.sandbox.plum import PlumSandbox, create_plum_app
from fulfildesk.sandbox.powerplugin import PowerPluginSandbox, create_powerplugin_app
from fulfildesk.sandbox.state import SandboxDB

PROVIDER_PREFIXES = ("kinguin", "plum", "powerplugin", "inventory")
#: other API generations, each under its own base path (not a provider of their own)
GENERATION_PREFIXES = (KINGUIN_CURRENT_PREFIX,)
#: the requests that spend money or reserve stock, per mount (the `unreadable_after_action` fault)
PURCHASE_ROUTES = {
    "kinguin": re.compile(r"^/kinguin/v1/order/?$"),
    KINGUIN_CURRENT_PREFIX: re.compile(rf"^/{KINGUIN_CURRENT_PREFIX}/v[12]/order/?$"),
    "plum": re.compile(r"^/plum/v1/oauth/api/?$"),
    "inventory": re.compile(r"^/inventory/inventory/v\d+/player/[^/]+/order/?$"),
    "powerplugin": re.compile(r"^/powerplugin/orders/[^/]+/reservation/?$"),
}
UNREADABLE_BODY = b"<html><body><h1>502 Bad Gateway</h1>upstream sent garbage</body></html>"


class Sandbox:
    """All sandbox providers over one SQLite file."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.db = SandboxDB(config.data_dir)
        self.kinguin = KinguinSandbox(self.db, config)
        self.kinguin_current = KinguinCurrentSandbox(self.db, config)
        self.plum = PlumSandbox(self.db, config)
        self.inventory = InventorySandbox(self.db, config)
        self.powerplugin = PowerPluginSandbox(self.db, config)
        #: the faults in force (`--faults SPEC`); tests replace them with `faults.set(spec)`
        self.faults = FaultPlan(config.faults, config.faults_seed)

    def asgi(self) -> FastAPI:
        root = FastAPI(
            title="Fulfilment Desk sandbox providers",
            docs_url=None,
            redoc_url=None,
            openapi_url=None,
        )
        root.mount(
            f"/{KINGUIN_CURRENT_PREFIX}",
            create_kinguin_current_app(self.kinguin_current, self.config),
        )
        root.mount("/kinguin", create_kinguin_app(self.kinguin, self.config))
        root.mount("/plum", create_plum_app(self.plum, self.config))
        root.mount("/inventory", create_inventory_app(self.inventory, self.config))
        root.mount("/powerplugin", create_powerplugin_app(self.powerplugin, self.config))

        if self.config.latency_ms > 0:

            @root.middleware("http")
            async def latency(request: Any, call_next: Any) -> Any:
                await asyncio.sleep(self.config.latency_ms / 1000)
                return await call_next(request)

        @root.middleware("http")
        async def unreadable_after_action(request: Any, call_next: Any) -> Any:
            """The fault: the provider acts, then the answer cannot be read (a 200 HTML page)."""
            counts = self.config.unreadable_after_action
            mount = next(
                (
                    name
                    for name, route in PURCHASE_ROUTES.items()
                    if counts.get(name, 0) > 0 and route.match(request.url.path)
                ),
                None,
            )
            if mount is None or request.method != "POST":
                return await call_next(request)
            response = await call_next(request)
            body = b"".join([chunk async for chunk in response.body_iterator])
            acted = 200 <= response.status_code < 300 and (
                mount != "plum" or b'"placeOrder"' in body
            )
            if acted and counts.get(mount, 0) > 0:
                counts[mount] -= 1
                return Response(UNREADABLE_BODY, status_code=200, media_type="text/html")
            return Response(
                body,
                status_code=response.status_code,
                headers={
                    k: v for k, v in response.headers.items() if k.lower() != "content-length"
                },
            )

        @root.get("/")
        async def index() -> JSONResponse:
            return JSONResponse(
                {"providers": list(PROVIDER_PREFIXES), "generations": list(GENERATION_PREFIXES)}
            )

        def stuck(order: dict[str, Any]) -> None:
            if isinstance(order.get("order_id"), str):
                self.inventory.stuck_orders.add(order["order_id"])

        root.add_middleware(FaultMiddleware, plan=self.faults, stuck_order=stuck)
        return root

    def close(self) -> None:
        self.db.close()
