"""The one HTTP policy every provider call goes through.

- explicit timeouts (a long read timeout only for placement calls that the provider says are slow);
- TLS verified against the OS trust store (truststore), no proxy or CA settings from the
  environment (trust_env=False), and no redirects (httpx would forward custom auth headers);
- retries only where repeating is safe: a connection that never opened, a 429 (the provider
  refused the request), and 502/503/504 or timeouts for idempotent requests; capped, jittered
  backoff; Retry-After honoured and capped;
- nothing secret logged: one line per request with method, path (no query string), status, time.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any

import httpx

from fulfildesk.providers.auth import Auth
from fulfildesk.providers.errors import (
    ProviderError,
    ProviderTimeout,
    ProviderUnreachable,
    RateLimitedError,
    ResponseInvalid,
    status_error_class,
)

log = logging.getLogger("fulfildesk.http")
# httpx logs every request at INFO with the full URL, query string included: keep that out of
# every log, whoever configures logging. Our own line (below) logs the path only.
for _noisy in ("httpx", "httpcore"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)

RETRYABLE_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True)
class HttpPolicy:
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    write_timeout: float = 20.0
    pool_timeout: float = 10.0
    #: For calls that place an order: Plum advises waiting up to 120 s for placeOrder.
    placement_read_timeout: float = 125.0
    max_attempts: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    retry_after_cap: float = 60.0

    def timeout(self, read: float | None = None) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect_timeout,
            read=read if read is not None else self.read_timeout,
            write=self.write_timeout,
            pool=self.pool_timeout,
        )

    def backoff(self, attempt: int) -> float:
        delay = min(self.backoff_cap, self.backoff_base * (2**attempt))
        return delay * (0.5 + random.random() / 2)


ErrorParser = Callable[[httpx.Response], ProviderError]
Sleep = Callable[[float], Awaitable[None]]


@cache
def tls_context() -> ssl.SSLContext:
    """The OS trust store (corporate CAs included) when truststore is present, else certifi's."""
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception:  # pragma: no cover - truststore is a dependency; this is a last resort
        return ssl.create_default_context()


def dumps(body: Any) -> bytes:
    """JSON-encode a request body; Decimal becomes a JSON number (repr of the float round-trips
    every amount of up to 15 significant digits)."""

    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            return float(value)
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")

    return json.dumps(body, default=default, separators=(",", ":")).encode()


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def default_error_parser(provider: str) -> ErrorParser:
    def parse(response: httpx.Response) -> ProviderError:
        cls = status_error_class(response.status_code)
        return cls(
            provider=provider,
            message=f"the provider answered HTTP {response.status_code}",
            status=response.status_code,
            retryable=response.status_code >= 500 or response.status_code == 429,
            outcome_unknown=response.status_code >= 500,
        )

    return parse


class ProviderHttp:
    """One long-lived httpx client for one provider, with the policy above."""

    def __init__(
        self,
        provider: str,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        policy: HttpPolicy | None = None,
        error_parser: ErrorParser | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        auth: Auth | None = None,
    ) -> None:
        self.provider = provider
        #: the credential (headers per request, renewed once when the provider refuses it)
        self.auth = auth
        self.policy = policy or HttpPolicy()
        self._parse_error = error_parser or default_error_parser(provider)
        self._sleep = sleep
        self.base_url = base_url.rstrip("/")
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            headers={"Accept": "application/json", **(headers or {})},
            timeout=self.policy.timeout(),
            verify=tls_context(),
            follow_redirects=False,
            trust_env=False,
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Mapping[str, Any] | None = None,
        idempotent: bool,
        read_timeout: float | None = None,
        authenticate: bool = True,
        extra_headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one logical request; return the 2xx response or raise a ProviderError.

        With an `auth`, its headers go with the request; an answer the auth calls a refusal
        renews the credential once and repeats the request (a refused request did nothing)."""
        content = dumps(json_body) if json_body is not None else None
        base_headers = {"Content-Type": "application/json"} if content is not None else {}
        base_headers.update(extra_headers or {})
        auth = self.auth if authenticate else None
        renewed = False
        timeout = self.policy.timeout(read_timeout)
        attempts = self.policy.max_attempts
        attempt = -1
        while attempt < attempts - 1:
            attempt += 1
            last = attempt == attempts - 1
            # asked every attempt: a token may expire during a backoff
            auth_headers = await auth.headers() if auth is not None else {}
            headers = {**base_headers, **auth_headers} or None
            started = time.monotonic()
            try:
                response = await self._client.request(
                    method,
                    path,
                    content=content,
                    params=params,
                    headers=headers,
                    timeout=timeout,
                )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # The request never left: repeating it is safe whatever it does.
                log.warning(
                    "%s %s %s: not sent (%s)", self.provider, method, path, type(exc).__name__
                )
                if last:
                    raise ProviderUnreachable(
                        provider=self.provider,
                        message="cannot reach the provider; check the network and the "
                        "provider URL in Settings",
                        retryable=True,
                    ) from exc
                await self._sleep(self.policy.backoff(attempt))
                continue
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                log.warning(
                    "%s %s %s: no answer (%s)", self.provider, method, path, type(exc).__name__
                )
                if idempotent and not last:
                    await self._sleep(self.policy.backoff(attempt))
                    continue
                timed_out = isinstance(exc, httpx.TimeoutException)
                raise ProviderTimeout(
                    provider=self.provider,
                    message=(
                        "the provider did not answer in time"
                        if timed_out
                        else "the connection to the provider broke before it answered"
                    )
                    + ("" if idempotent else "; it may still have acted on the request"),
                    retryable=idempotent,
                    outcome_unknown=not idempotent,
                ) from exc
            elapsed_ms = (time.monotonic() - started) * 1000
            log.info(
                "%s %s %s -> %s in %.0f ms",
                self.provider,
                method,
                path,
                response.status_code,
                elapsed_ms,
            )
            status = response.status_code
            if auth is not None and not renewed and auth.is_refusal(response):
                renewed = True
                if await auth.refused(auth_headers):
                    attempt -= 1  # a refused request did nothing: this one does not count
                    continue
            if 200 <= status < 300:
                return response
            if 300 <= status < 400:
                raise ResponseInvalid(
                    provider=self.provider,
                    message=f"the provider answered with a redirect ({status}); redirects are "
                    "not followed. Check the provider URL in Settings",
                    status=status,
                )
            retryable = status == 429 or (idempotent and status in RETRYABLE_STATUSES)
            if retryable and not last:
                wait = retry_after_seconds(response) if status in (429, 503) else None
                if wait is None and status == 429:  # the body may say (Plum: penaltySeconds)
                    wait = getattr(self._parse_error(response), "retry_after", None)
                if wait is None:
                    wait = self.policy.backoff(attempt)
                await self._sleep(min(wait, self.policy.retry_after_cap))
                continue
            error = self._parse_error(response)
            if isinstance(error, RateLimitedError):
                header = retry_after_seconds(response)
                if header is not None or getattr(error, "retry_after", None) is None:
                    error.retry_after = header
            if status >= 500 and not idempotent:
                error.outcome_unknown = True
            raise error
        raise AssertionError("unreachable")  # pragma: no cover


def parse_json(provider: str, response: httpx.Response, adapter: Any) -> Any:
    """Validate a response body with a pydantic TypeAdapter or model; wrap failures."""
    from pydantic import ValidationError

    try:
        if hasattr(adapter, "model_validate_json"):
            return adapter.model_validate_json(response.content)
        return adapter.validate_json(response.content)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ResponseInvalid(
            provider=provider,
            message=f"the provider sent a response this console cannot read "
            f"({where or 'body'}: {first.get('msg', 'invalid')})",
            status=response.status_code,
        ) from exc


class ProviderClient:
    """Base of every provider client: one long-lived ProviderHttp with the provider's auth
    header and error parser."""

    def __init__(
        self,
        provider: str,
        base_url: str,
        headers: Mapping[str, str],
        error_parser: ErrorParser,
        *,
        policy: HttpPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep | None = None,
        auth: Auth | None = None,
    ) -> None:
        self.http = ProviderHttp(
            provider,
            base_url,
            headers=headers,
            policy=policy,
            error_parser=error_parser,
            transport=transport,
            sleep=sleep or asyncio.sleep,
            auth=auth,
        )

    async def aclose(self) -> None:
        await self.http.aclose()
