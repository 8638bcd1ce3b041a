"""The one HTTP policy every provider call goes through.

- explicit timeouts (a long read timeout only for placement calls that the provider says are slow);
- TLS verified against the OS trust store (truststore; on Linux that is OpenSSL's default paths,
  so SSL_CERT_FILE / SSL_CERT_DIR are honoured, as the README says), no proxy settings from the
  environment (trust_env=False), and no redirects (httpx would forward custom auth headers);
- retries only where repeating is safe: a connection that never opened, a 429 (the provider
  refused the request), and 502/503/504 or timeouts for idempotent requests; capped, jittered
  backoff; Retry-After honoured and capped;
- nothing secret logged: one line per request with method, path (no query string), status, time;
- https for every host but this computer (loopback): a plain-http URL to anything else raises
  InsecureUrl before anything is sent, wherever the URL came from;
- a certificate the trust store refuses is CertificateNotTrusted, named as such and not retried;
- a Retry-After (or Plum's penaltySeconds) beyond `retry_after_cap` is not waited for inside the
  call: it raises RateLimitedError saying when to try again;
- no answer is read beyond a size cap: the body is streamed and reading stops above
  `HttpPolicy.max_response_bytes` (8 MB: a page of orders, vouchers or a catalogue is far
  smaller), or the call's own `max_body` (Kinguin's key pages carry images in base64:
  `KEYS_MAX_BYTES`, 64 MB); the cap counts decoded bytes, so a compressed bomb stops too. An
  oversize 2xx is ResponseTooLarge (a ResponseInvalid): for a request that acts, outcome
  unknown; an oversize error answer is judged by its status alone;
- any answer, whatever its body, becomes a valid model or a typed ProviderError: every public
  coroutine of a ProviderClient subclass is guarded (`guarded`), so what a hostile body makes the
  parsing raise (RecursionError from deep JSON, TypeError, ValueError, decimal errors...) once an
  answer has arrived becomes ResponseInvalid; for a call that acts (`acting_methods`: it spends
  money or hands out a secret), a 2xx that cannot be read leaves the outcome unknown.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import json
import logging
import math
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any, ClassVar

import httpx

from fulfildesk.domain.validation import url_problem
from fulfildesk.providers.auth import Auth
from fulfildesk.providers.errors import (
    CertificateNotTrusted,
    InsecureUrl,
    ProviderError,
    ProviderTimeout,
    ProviderUnreachable,
    RateLimitedError,
    ResponseInvalid,
    ResponseTooLarge,
    status_error_class,
)

log = logging.getLogger("fulfildesk.http")
# httpx logs every request at INFO with the full URL, query string included: keep that out of
# every log, whoever configures logging. Our own line (below) logs the path only.
for _noisy in ("httpx", "httpcore"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)

RETRYABLE_STATUSES = frozenset({502, 503, 504})
#: the largest answer body read by default (decoded bytes); see HttpPolicy.max_response_bytes
MAX_RESPONSE_BYTES = 8 * 1024 * 1024
#: the largest page of Kinguin keys read: 100 keys per page (current API) or a whole dispatch
#: (v1), image keys in base64 of up to about half a megabyte each
KEYS_MAX_BYTES = 64 * 1024 * 1024
#: what parsing a hostile body can raise: JSON nested deeper than the parser's recursion limit
#: (RecursionError), a number where an object was expected (TypeError, AttributeError), a missing
#: key (LookupError), NaN or a huge number into Decimal/int (ArithmeticError, ValueError), and
#: pydantic's ValidationError (a ValueError) built outside a try
READ_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    ArithmeticError,
    RecursionError,
)
#: the status of the last answer received inside the current guarded call (0: none yet)
_answered: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "fulfildesk_answered", default=None
)


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
    #: answers larger than this (decoded bytes) are not read: ResponseTooLarge
    max_response_bytes: int = MAX_RESPONSE_BYTES

    def timeout(self, read: float | None = None) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect_timeout,
            read=read if read is not None else self.read_timeout,
            write=self.write_timeout,
            pool=self.pool_timeout,
        )

    def backoff(self, attempt: int) -> float:
        delay = min(self.backoff_cap, self.backoff_base * float(2**attempt))
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


def seconds(value: Any) -> float | None:
    """A wait in seconds from a header or body value; None when it is not a finite number."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return max(0.0, number) if math.isfinite(number) else None


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    number = seconds(value.strip())
    if number is not None:
        return number
    try:
        when = parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def try_later(provider: str, status: int, wait: float) -> RateLimitedError:
    """The provider asks for a wait beyond the cap: say when to try again, do not wait."""
    when = time.strftime("%H:%M:%S", time.localtime(time.time() + min(wait, 10 * 365 * 86400)))
    if wait < 120:
        span = f"{wait:.0f} seconds"
    elif wait < 2 * 3600:
        span = f"{wait / 60:.0f} minutes"
    else:
        span = f"{wait / 3600:.1f} hours"
    error = RateLimitedError(
        provider=provider,
        message=f"the provider asks to wait {span} before the next request; try again after "
        f"{when} (this request was not carried out)",
        status=status,
        retryable=True,
    )
    error.retry_after = wait
    return error


def certificate_problem(exc: BaseException) -> str | None:
    """The reason when a connection failed because the certificate was refused, else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return current.verify_message or str(current)
        if "CERTIFICATE_VERIFY_FAILED" in str(current):
            text = str(current)
            return text.split("certificate verify failed:", 1)[-1].strip(" ()") or text
        current = current.__cause__ or current.__context__
    return None


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


#: who hears of every request attempt: (provider, latency in ms, error?) -> None. An error is
#: a request that got no answer or a 5xx/429 answer (a 4xx refusal is the provider working).
#: Issue 14: services/health.py listens; an observer never raises into a request.
RequestObserver = Callable[[str, float, bool], None]
_observers: list[RequestObserver] = []


def observe_requests(observer: RequestObserver) -> Callable[[], None]:
    """Hear of every request attempt of every client; answer a function that stops it."""
    _observers.append(observer)
    return lambda: _observers.remove(observer) if observer in _observers else None


def _observed(provider: str, started: float, error: bool) -> None:
    elapsed_ms = (time.monotonic() - started) * 1000
    for observer in list(_observers):
        try:
            observer(provider, elapsed_ms, error)
        except Exception:  # health is a side show: never fail a request
            log.exception("request observer failed")


def status_is_error(status: int) -> bool:
    """A provider in trouble (health): a 5xx or a 429; a 4xx refusal is the provider working."""
    return status >= 500 or status == 429


class _MaybeActed:
    maybe = False


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
        #: why this URL must not be used (plain http to another computer); "" when it can be
        self.url_problem = url_problem(self.base_url)
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
        max_body: int | None = None,
    ) -> httpx.Response:
        """Send one logical request; return the 2xx response or raise a ProviderError.

        With an `auth`, its headers go with the request; an answer the auth calls a refusal
        renews the credential once and repeats the request (a refused request did nothing).
        The body is read up to `max_body` bytes (default: the policy's max_response_bytes)."""
        if self.url_problem:
            raise InsecureUrl(
                provider=self.provider,
                message=f"{self.url_problem} Nothing was sent; change the provider URL in "
                "Settings or in the environment",
            )
        content = dumps(json_body) if json_body is not None else None
        base_headers = {"Content-Type": "application/json"} if content is not None else {}
        base_headers.update(extra_headers or {})
        auth = self.auth if authenticate else None
        renewed = False
        timeout = self.policy.timeout(read_timeout)
        limit = max_body if max_body is not None else self.policy.max_response_bytes
        attempts = self.policy.max_attempts
        attempt = -1
        #: an earlier attempt of this request may have acted (no answer, or a 5xx): whatever
        #: the last attempt says, it proves nothing about what the provider did
        acted = _MaybeActed()
        try:
            while attempt < attempts - 1:
                attempt += 1
                last = attempt == attempts - 1
                # asked every attempt: a token may expire during a backoff
                auth_headers = await auth.headers() if auth is not None else {}
                headers = {**base_headers, **auth_headers} or None
                started = time.monotonic()
                try:
                    response, oversize = await self._send(
                        method, path, content, params, headers, timeout, limit
                    )
                except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                    _observed(self.provider, started, True)
                    # The request never left: repeating it is safe whatever it does.
                    reason = certificate_problem(exc)
                    if reason is not None:
                        log.warning(
                            "%s %s %s: certificate not trusted", self.provider, method, path
                        )
                        raise CertificateNotTrusted(
                            provider=self.provider,
                            message=f"certificate not trusted: {reason}. Nothing was sent. Check "
                            "the provider URL; a company proxy's CA must be in this computer's "
                            "trust store (on Linux SSL_CERT_FILE / SSL_CERT_DIR are honoured)",
                            retryable=False,
                        ) from exc
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
                except (httpx.TimeoutException, httpx.TransportError, httpx.DecodingError) as exc:
                    _observed(self.provider, started, True)
                    log.warning(
                        "%s %s %s: no answer (%s)", self.provider, method, path, type(exc).__name__
                    )
                    if idempotent and not last:
                        acted.maybe = True  # the request may have reached the provider
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
                _observed(self.provider, started, status_is_error(response.status_code))
                log.info(
                    "%s %s %s -> %s in %.0f ms",
                    self.provider,
                    method,
                    path,
                    response.status_code,
                    elapsed_ms,
                )
                status = response.status_code
                if oversize and 200 <= status < 300:
                    box = _answered.get()
                    if box is not None:
                        box[0] = status
                    log.warning(
                        "%s %s %s: answer larger than %d bytes, not read",
                        self.provider,
                        method,
                        path,
                        limit,
                    )
                    raise ResponseTooLarge(
                        provider=self.provider,
                        message=f"the provider's answer is larger than {_size(limit)}, more than "
                        "this console reads"
                        + ("" if idempotent else "; it may have acted on the request"),
                        status=status,
                        outcome_unknown=not idempotent,
                    )
                if auth is not None and not renewed and auth.is_refusal(response):
                    renewed = True
                    if await auth.refused(auth_headers):
                        attempt -= 1  # a refused request did nothing: this one does not count
                        continue
                if 200 <= status < 300:
                    box = _answered.get()
                    if box is not None:
                        box[0] = status
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
                    if status != 429:  # a gateway's 5xx: the provider may have acted
                        acted.maybe = True
                    wait = retry_after_seconds(response) if status in (429, 503) else None
                    if wait is None and status == 429:  # the body may say (Plum: penaltySeconds)
                        wait = seconds(getattr(self._error(response), "retry_after", None))
                    if wait is not None and wait > self.policy.retry_after_cap:
                        raise try_later(self.provider, status, wait)
                    if wait is None:
                        wait = self.policy.backoff(attempt)
                    await self._sleep(wait)
                    continue
                error = self._error(response)
                if isinstance(error, RateLimitedError):
                    header = retry_after_seconds(response)
                    if header is not None or getattr(error, "retry_after", None) is None:
                        error.retry_after = header
                    else:
                        error.retry_after = seconds(error.retry_after)
                if status >= 500 and not idempotent:
                    error.outcome_unknown = True
                raise error
        except ProviderError as exc:
            if acted.maybe:
                exc.outcome_unknown = True
            raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def _send(
        self,
        method: str,
        path: str,
        content: bytes | None,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        timeout: httpx.Timeout,
        limit: int,
    ) -> tuple[httpx.Response, bool]:
        """Send, then read the body as it streams in, stopping above `limit` decoded bytes.
        Returns a response holding what was read, and whether the body was larger (then what
        was read is dropped: an oversize answer is judged by its status alone)."""
        request = self._client.build_request(
            method, path, content=content, params=params, headers=headers, timeout=timeout
        )
        streamed = await self._client.send(request, stream=True)
        chunks: list[bytes] = []
        size = 0
        oversize = False
        try:
            declared = seconds(streamed.headers.get("content-length"))
            encoded = streamed.headers.get("content-encoding", "identity").lower()
            if declared is not None and declared > limit and encoded == "identity":
                oversize = True
            else:
                async for chunk in streamed.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        oversize = True
                        break
                    chunks.append(chunk)
        finally:
            await streamed.aclose()
        kept = httpx.Headers(streamed.headers)
        for name in ("content-encoding", "content-length", "transfer-encoding"):
            kept.pop(name, None)
        body = b"" if oversize else b"".join(chunks)
        response = httpx.Response(streamed.status_code, headers=kept, content=body, request=request)
        return response, oversize

    def _error(self, response: httpx.Response) -> ProviderError:
        """The provider's error parser; whatever the body, a typed error (the default one by
        status when the body defeats the parser)."""
        try:
            return self._parse_error(response)
        except READ_ERRORS:
            log.warning("%s: unreadable error body (HTTP %s)", self.provider, response.status_code)
            return default_error_parser(self.provider)(response)


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    if limit >= 1024:
        return f"{limit / 1024:g} KB"
    return f"{limit} bytes"


def parse_json(provider: str, response: httpx.Response, adapter: Any) -> Any:
    """Validate a response body with a pydantic TypeAdapter or model; wrap failures."""
    from pydantic import ValidationError

    try:
        if hasattr(adapter, "model_validate_json"):
            return adapter.model_validate_json(response.content)
        return adapter.validate_json(response.content)
    except RecursionError as exc:
        raise ResponseInvalid(
            provider=provider,
            message="the provider sent a response this console cannot read (nested too deep)",
            status=response.status_code,
        ) from exc
    except ValidationError as exc:
        errors = exc.errors()
        first: Mapping[str, Any] = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ResponseInvalid(
            provider=provider,
            message=f"the provider sent a response this console cannot read "
            f"({where or 'body'}: {first.get('msg', 'invalid')})",
            status=response.status_code,
        ) from exc


def guarded(fn: Callable[..., Awaitable[Any]], *, acting: bool) -> Callable[..., Awaitable[Any]]:
    """`fn` (a client coroutine) with its answers' parsing guarded: once an answer has arrived,
    whatever reading it raises becomes ResponseInvalid; with `acting`, a 2xx that could not be
    read leaves the outcome unknown (the provider may have acted: settle it by lookup). What is
    raised before any answer (a caller's mistake) passes unchanged."""

    @functools.wraps(fn)
    async def wrapper(self: ProviderClient, *args: Any, **kwargs: Any) -> Any:
        box = [0]
        token = _answered.set(box)
        try:
            return await fn(self, *args, **kwargs)
        except ResponseInvalid as exc:
            if acting and box[0]:
                exc.outcome_unknown = True
            raise
        except ProviderError:
            raise
        except READ_ERRORS as exc:
            if not box[0]:
                raise
            log.warning(
                "%s %s: unreadable answer (%s)", self.http.provider, fn.__name__, type(exc).__name__
            )
            raise ResponseInvalid(
                provider=self.http.provider,
                message="the provider sent an answer this console cannot read"
                + ("; it may have acted on the request, which is looked up" if acting else ""),
                status=box[0],
                outcome_unknown=acting,
            ) from exc
        finally:
            _answered.reset(token)

    wrapper.__guarded__ = True  # type: ignore[attr-defined]
    return wrapper


class ProviderClient:
    """Base of every provider client: one long-lived ProviderHttp with the provider's auth
    header and error parser. Every public coroutine of a subclass is `guarded`; those named in
    `acting_methods` spend money or hand out a secret."""

    acting_methods: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if name.startswith("_") or name == "aclose":
                continue
            if inspect.iscoroutinefunction(value) and not getattr(value, "__guarded__", False):
                setattr(cls, name, guarded(value, acting=name in cls.acting_methods))

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
