"""Provider health (issue 14): per provider, request count, error rate and latency (p50/p95)
over the last hour and day, from what the HTTP layer reports (`providers.http.observe_requests`).

Kept per provider and minute: in memory (what the panel reads) and in the cache's
`provider_health` table (`flush`, so the figures survive a restart), both a day long at most. A
provider is *degraded* when, over the last DEGRADED_WINDOW, enough requests were made and their
error rate or their p95 latency crosses a threshold.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fulfildesk.providers.http import observe_requests
from fulfildesk.store import ops
from fulfildesk.store.db import AsyncStore

log = logging.getLogger(__name__)

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
#: what "recent" means for the degraded signal
DEGRADED_WINDOW = timedelta(minutes=10)
#: degraded above this share of failed requests ...
ERROR_RATE_THRESHOLD = 0.2
#: ... or above this p95 latency (milliseconds) ...
LATENCY_THRESHOLD_MS = 3000.0
#: ... once at least this many requests were made in the window
MIN_REQUESTS = 3


def minute_of(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Bucket:
    requests: int = 0
    errors: int = 0
    latency_sum: float = 0.0
    samples: list[float] = field(default_factory=list)

    def add(self, ms: float, error: bool) -> None:
        self.requests += 1
        self.errors += int(error)
        self.latency_sum += ms
        self.samples.append(ms)
        del self.samples[: -ops.HEALTH_SAMPLES_PER_MINUTE]

    def merge(self, other: Bucket) -> None:
        self.requests += other.requests
        self.errors += other.errors
        self.latency_sum += other.latency_sum
        self.samples = [*self.samples, *other.samples][-ops.HEALTH_SAMPLES_PER_MINUTE :]


@dataclass(frozen=True)
class Stats:
    provider: str
    requests: int
    errors: int
    p50: float | None
    p95: float | None

    @property
    def error_rate(self) -> float:
        return self.errors / self.requests if self.requests else 0.0


@dataclass(frozen=True)
class Point:
    """One slice of the chart: its start, requests, errors, p95 latency (ms)."""

    start: datetime
    requests: int
    errors: int
    p95: float | None


class HealthService:
    def __init__(
        self, store: AsyncStore | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.store = store
        self._clock = clock or (lambda: datetime.now(UTC))
        self._buckets: dict[tuple[str, str], Bucket] = {}
        self._unsaved: dict[tuple[str, str], Bucket] = {}
        self._stop: Callable[[], None] | None = None
        #: called after each recorded request (the window refreshes its degraded signal)
        self.listeners: list[Callable[[str], None]] = []

    # ------------------------------------------------------------------ recording

    def start(self) -> None:
        """Listen to every provider client's requests."""
        if self._stop is None:
            self._stop = observe_requests(self.record)

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None

    def record(self, provider: str, ms: float, error: bool) -> None:
        key = (provider, minute_of(self._clock()))
        self._buckets.setdefault(key, Bucket()).add(ms, error)
        self._unsaved.setdefault(key, Bucket()).add(ms, error)
        for listener in list(self.listeners):
            listener(provider)

    def _prune(self) -> None:
        oldest = minute_of(self._clock() - DAY)
        for key in [k for k in self._buckets if k[1] < oldest]:
            del self._buckets[key]

    async def load(self) -> None:
        """Read the last day from the cache (after a restart)."""
        if self.store is None:
            return
        rows = await self.store.run(ops.health_rows, minute_of(self._clock() - DAY))
        for row in rows:
            bucket = Bucket(row["requests"], row["errors"], row["latency_sum"], row["samples"])
            key = (row["provider"], row["minute"])
            if key in self._buckets:
                bucket.merge(self._buckets[key])
            self._buckets[key] = bucket

    async def flush(self) -> int:
        """Write what was recorded since the last flush; drop rows older than a day."""
        buckets = self._take_unsaved()
        if self.store is None:
            return 0
        await self.store.run(ops.add_health, buckets, minute_of(self._clock() - DAY))
        return len(buckets)

    def flush_now(self) -> int:
        """The same, waiting for the write: the window is closing, no loop turn is left for
        `flush`, and up to a flush interval of figures would be lost."""
        buckets = self._take_unsaved()
        if self.store is None or not buckets:
            return 0
        try:
            self.store.call(ops.add_health, buckets, minute_of(self._clock() - DAY))
        except RuntimeError as exc:  # the store was closed already
            log.warning("health figures not saved at close: %s", exc)
            return 0
        return len(buckets)

    def _take_unsaved(self) -> list[dict[str, Any]]:
        self._prune()
        unsaved, self._unsaved = self._unsaved, {}
        return [
            {
                "provider": provider,
                "minute": minute,
                "requests": b.requests,
                "errors": b.errors,
                "latency_sum": b.latency_sum,
                "samples": b.samples,
            }
            for (provider, minute), b in unsaved.items()
        ]

    # ------------------------------------------------------------------ reading

    def providers(self) -> list[str]:
        return sorted({provider for provider, _ in self._buckets})

    def _since(self, provider: str, window: timedelta) -> list[Bucket]:
        start = minute_of(self._clock() - window)
        return [b for (p, m), b in self._buckets.items() if p == provider and m >= start]

    def stats(self, provider: str, window: timedelta = HOUR) -> Stats:
        buckets = self._since(provider, window)
        samples = [s for b in buckets for s in b.samples]
        return Stats(
            provider,
            sum(b.requests for b in buckets),
            sum(b.errors for b in buckets),
            percentile(samples, 0.5),
            percentile(samples, 0.95),
        )

    def series(self, provider: str, window: timedelta = HOUR, slices: int = 12) -> list[Point]:
        """`slices` equal slices of the last `window`, oldest first."""
        now = self._clock()
        width = window / slices
        start = now - window
        points = []
        for n in range(slices):
            lo, hi = minute_of(start + width * n), minute_of(start + width * (n + 1))
            last = n == slices - 1
            inside = [
                b
                for (p, m), b in self._buckets.items()
                if p == provider and lo <= m and (m < hi or (last and m <= hi))
            ]
            samples = [s for b in inside for s in b.samples]
            points.append(
                Point(
                    start + width * n,
                    sum(b.requests for b in inside),
                    sum(b.errors for b in inside),
                    percentile(samples, 0.95),
                )
            )
        return points

    def degraded(self, provider: str) -> str:
        """Why `provider` looks degraded now ("" when it does not)."""
        recent = self.stats(provider, DEGRADED_WINDOW)
        if recent.requests < MIN_REQUESTS:
            return ""
        if recent.error_rate >= ERROR_RATE_THRESHOLD:
            return f"{recent.error_rate:.0%} of {recent.requests} recent requests failed"
        if recent.p95 is not None and recent.p95 >= LATENCY_THRESHOLD_MS:
            return f"slow: p95 {recent.p95:.0f} ms over {recent.requests} recent requests"
        return ""

    def degraded_all(self) -> dict[str, str]:
        found = {p: self.degraded(p) for p in self.providers()}
        return {p: why for p, why in found.items() if why}
