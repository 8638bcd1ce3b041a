"""Credentials with a lifecycle (DESIGN.md "API generations and credentials").

An `Auth` gives the headers for a request and is told when the provider refused them. Three kinds:

- `StaticAuth`: fixed headers (a bearer token, an API key, HTTP Basic with a key);
- `RenewingToken`: an access token that knows its expiry and renews itself shortly before it,
  and once after the provider refused it. Renewal runs under one lock: an asyncio lock inside the
  process and a file lock in the data directory across processes (`renewal_lock`). After taking the
  lock the token source re-reads what is persisted, because another process may have renewed (and,
  for Plum, rotated the refresh token) while this one waited;
- subclasses say how to fetch a new token (Plum: refresh token; inventory: client credentials).

A rotated secret is persisted through an injected `CredentialStore` (the composition root passes
the OS keyring or the data directory's secrets file) BEFORE the new access token is used, so a
crash between the two can never leave only a burned refresh token behind. Providers never import
the store or the settings: they receive the store as an object.

Why a hand-written file lock rather than the `filelock` package: it is twenty lines over
`fcntl.flock` (POSIX) and `msvcrt.locking` (Windows), polled without blocking so a waiting
coroutine stays cancellable, and the lock is released by the OS if the process dies.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import logging
import os
import time
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

import httpx

log = logging.getLogger(__name__)

Clock = Callable[[], float]


class CredentialStore(Protocol):
    """Where a token source keeps what it must not lose (a rotated refresh token)."""

    def load(self) -> dict[str, Any] | None: ...

    def save(self, state: dict[str, Any]) -> None: ...


class MemoryCredentialStore:
    """For a session that persists nothing (and for unit tests)."""

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        self.state = dict(state) if state else None

    def load(self) -> dict[str, Any] | None:
        return dict(self.state) if self.state else None

    def save(self, state: dict[str, Any]) -> None:
        self.state = dict(state)


def fingerprint(secret: str) -> str:
    """A short one-way tag of a secret: tells whether persisted state descends from it."""
    return hashlib.sha256(secret.encode()).hexdigest()[:24]


# --------------------------------------------------------------------------- the lock


class _FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.name == "nt":  # pragma: no cover - exercised on Windows only
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if os.name == "nt":  # pragma: no cover
                import msvcrt

                with contextlib.suppress(OSError):
                    os.lseek(fd, 0, os.SEEK_SET)
                    msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


@contextlib.asynccontextmanager
async def renewal_lock(path: Path | None, timeout: float = 120.0) -> AsyncIterator[None]:
    """Hold the cross-process renewal lock at `path` (nothing when path is None)."""
    if path is None:
        yield
        return
    lock = _FileLock(path)
    deadline = time.monotonic() + timeout
    while not lock.try_acquire():
        if time.monotonic() > deadline:
            raise TimeoutError(f"another process holds the credential lock {path.name}")
        await asyncio.sleep(0.02)
    try:
        yield
    finally:
        lock.release()


# --------------------------------------------------------------------------- auth kinds


class Auth:
    """Headers for a request; told when the provider refused them."""

    async def headers(self) -> dict[str, str]:
        return {}

    def is_refusal(self, response: httpx.Response) -> bool:
        """Whether this answer means the credential was refused (worth one renewal)."""
        return False

    async def refused(self, sent: Mapping[str, str]) -> bool:
        """The provider refused `sent`; renew if possible. True: repeat the request once."""
        return False

    async def aclose(self) -> None:
        return None


class StaticAuth(Auth):
    def __init__(self, headers: Mapping[str, str]) -> None:
        self._headers = dict(headers)

    async def headers(self) -> dict[str, str]:
        return dict(self._headers)


def bearer(token: str) -> StaticAuth:
    return StaticAuth({"Authorization": f"Bearer {token}"})


def basic_header(user: str, password: str = "") -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def basic(user: str, password: str = "") -> StaticAuth:
    return StaticAuth({"Authorization": basic_header(user, password)})


class RenewingToken(Auth):
    """An access token with an expiry, renewed before it and once after a refusal."""

    #: renew this long before the expiry at most (a fifth of the lifetime for short tokens)
    max_margin: float = 300.0
    #: the provider's short name, for errors
    provider: str = ""
    #: team mode (issue 17), set by the composition root: a lock every seat shares, taken
    #: inside the file lock around each renewal; it may bring in a state another seat persisted
    #: (which `reload` then reads) and shares the rotated one before it is released
    shared_lock: Callable[[], contextlib.AbstractAsyncContextManager[None]] | None = None

    def __init__(
        self,
        *,
        access_token: str | None = None,
        expires_at: float | None = None,
        lock_path: Path | None = None,
        clock: Clock = time.time,
    ) -> None:
        self._access = access_token
        self._expires_at = expires_at
        self._issued_at: float | None = None
        self._lock = asyncio.Lock()
        self._lock_path = lock_path
        self._clock = clock
        self.renewals = 0

    # ------------------------------------------------------------ for subclasses

    async def fetch(self) -> None:
        """Get a new access token (and persist any rotated secret) and adopt it with `adopt`."""
        raise NotImplementedError

    def reload(self) -> None:
        """Re-read persisted state (another process may have renewed). Called under the lock."""

    def adopt(self, access_token: str, expires_in: float | None) -> None:
        if expires_in is not None and not (0 < expires_in < 10 * 365 * 86400):
            expires_in = None  # NaN, infinite, negative or absurd: an unknown expiry
        now = self._clock()
        self._access = access_token
        self._issued_at = now
        self._expires_at = now + expires_in if expires_in else None

    # ------------------------------------------------------------ lifecycle

    @property
    def access_token(self) -> str | None:
        return self._access

    @property
    def expires_at(self) -> float | None:
        return self._expires_at

    def _fresh(self) -> bool:
        if not self._access:
            return False
        if self._expires_at is None:
            return True  # unknown expiry: use it until refused
        lifetime = (
            self._expires_at - self._issued_at if self._issued_at is not None else self.max_margin
        )
        margin = min(self.max_margin, max(0.0, lifetime) / 5)
        return self._clock() < self._expires_at - margin

    async def renew(self, stale: str | None, *, force: bool = False) -> None:
        async with self._lock:
            if self._access != stale and self._fresh():
                return  # renewed by another task while this one waited
            try:
                await self._renew_locked(stale, force)
            except TimeoutError:
                from fulfildesk.providers.errors import ProviderTimeout

                raise ProviderTimeout(
                    provider=self.provider,
                    message="another Fulfilment Desk process has been renewing the credentials "
                    "for too long; try again in a moment",
                    retryable=True,
                ) from None
            except (
                ValueError,
                TypeError,
                LookupError,
                AttributeError,
                ArithmeticError,
                RecursionError,
            ) as exc:
                # the token endpoint's answer defeated the parsing (deep JSON, odd types)
                from fulfildesk.providers.errors import ResponseInvalid

                raise ResponseInvalid(
                    provider=self.provider,
                    message="the token endpoint sent an answer this console cannot read",
                ) from exc

    async def _renew_locked(self, stale: str | None, force: bool) -> None:
        shared = self.shared_lock() if self.shared_lock else contextlib.nullcontext()
        async with renewal_lock(self._lock_path), shared:
            self.reload()
            if self._access != stale and self._fresh():
                return  # renewed by another process
            if not force and self._fresh():
                return
            await self.fetch()
            self.renewals += 1

    async def headers(self) -> dict[str, str]:
        if not self._fresh():
            await self.renew(self._access)
        return {"Authorization": f"Bearer {self._access}"}

    async def refused(self, sent: Mapping[str, str]) -> bool:
        used = sent.get("Authorization", "").removeprefix("Bearer ")
        await self.renew(used or None, force=True)
        return True
