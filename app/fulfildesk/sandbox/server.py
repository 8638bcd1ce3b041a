"""Runs the sandbox on a real loopback server (uvicorn), in a thread or in the foreground.

uvicorn: the reference ASGI server, maintained by the Encode team, pure Python with no compiled
extras needed; it serves pre-bound sockets, so a free port is chosen by the OS and known at once.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass

import uvicorn

from fulfildesk.sandbox.app import GENERATION_PREFIXES, PROVIDER_PREFIXES, Sandbox
from fulfildesk.sandbox.config import SandboxConfig

log = logging.getLogger(__name__)


@dataclass
class RunningSandbox:
    url: str
    sandbox: Sandbox
    server: uvicorn.Server
    thread: threading.Thread | None

    def base_url(self, provider: str) -> str:
        return f"{self.url}/{provider}"

    @property
    def provider_urls(self) -> dict[str, str]:
        return {p: self.base_url(p) for p in PROVIDER_PREFIXES}

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout)
        self.sandbox.close()


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _server(sandbox: Sandbox) -> uvicorn.Server:
    config = uvicorn.Config(
        sandbox.asgi(),
        log_level="warning",
        access_log=False,
        lifespan="off",
        loop="asyncio",
        http="h11",
        ws="none",
        timeout_graceful_shutdown=3,
    )
    return uvicorn.Server(config)


def start_in_thread(
    config: SandboxConfig, host: str = "127.0.0.1", port: int = 0
) -> RunningSandbox:
    """Start the sandbox on a background thread; return once it accepts connections."""
    sandbox = Sandbox(config)
    sock = bind(host, port)
    actual_port = sock.getsockname()[1]
    server = _server(sandbox)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="sandbox", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the sandbox server did not start")
        time.sleep(0.01)
    shown_host = f"[{host}]" if ":" in host else host
    return RunningSandbox(f"http://{shown_host}:{actual_port}", sandbox, server, thread)


def serve_forever(
    config: SandboxConfig, host: str, port: int, announce: bool = True, seed_orders: int = 0
) -> None:
    """Serve in the foreground until interrupted (Ctrl+C / SIGTERM)."""
    sandbox = Sandbox(config)
    counts: dict[str, int] = {}
    if seed_orders > 0:
        from fulfildesk.sandbox.scale import seed_orders as seed

        counts = seed(sandbox, seed_orders)
    sock = bind(host, port)
    actual_port = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{actual_port}"
    if announce:
        print(f"Sandbox providers listening on {url}", flush=True)
        for provider in PROVIDER_PREFIXES:
            print(f"  {provider:<12} {url}/{provider}", flush=True)
        for generation in GENERATION_PREFIXES:
            print(f"  {generation:<12} {url}/{generation}  (Kinguin's current API)", flush=True)
        print(f"Credential accepted by every provider: {config.token}", flush=True)
        print(
            f"Plum OAuth: client id {config.plum_client_id}, client secret "
            f"{config.plum_client_secret}, first refresh token {config.plum_refresh_token} "
            f"(access tokens live {config.plum_token_ttl:g} s)",
            flush=True,
        )
        print(
            f"Inventory client credentials: {config.inventory_client_id} / "
            f"{config.inventory_client_secret} (tokens live {config.inventory_token_ttl:g} s)",
            flush=True,
        )
        if counts:
            print(
                "Seeded " + ", ".join(f"{n:,} {p}" for p, n in counts.items()) + " orders",
                flush=True,
            )
        print("Press Ctrl+C to stop.", flush=True)
    try:
        _server(sandbox).run(sockets=[sock])
    finally:
        sandbox.close()
