"""A loopback HTTP server that answers every request with one recorded response (status, body,
content type), so a provider client parses recorded provider bytes over a real socket, through
its whole HTTP stack, exactly as it would parse the provider's."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Recorded:
    status: int = 200
    body: bytes = b"{}"
    content_type: str = "application/json"
    #: (method, path) of every request received
    requests: list[tuple[str, str]] = field(default_factory=list)


@contextmanager
def replay_server(answer: Recorded) -> Iterator[str]:
    """Serve `answer` to every request on 127.0.0.1; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(length)
            answer.requests.append((self.command, self.path))
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        do_GET = do_POST = do_PUT = do_DELETE = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
