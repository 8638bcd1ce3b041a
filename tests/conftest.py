"""Shared fixtures. Qt runs offscreen; the keyring is an in-memory backend; every sandbox is a
real uvicorn server on loopback with its own state."""

from __future__ import annotations

import itertools
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
# the first-run guide (ui/first_run.py) is tested on its own, not at every window start
os.environ.setdefault("FULFILDESK_NO_GUIDE", "1")

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import HealthCheck, settings
from keyring.backend import KeyringBackend

from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
from fulfildesk.sandbox.server import RunningSandbox, start_in_thread
from helpers.clients import open_client  # noqa: F401  (a fixture for every test)
from helpers.pg import PgCluster

# Hypothesis: a bounded number of examples in the normal suite; `--hypothesis-profile=long`
# runs thousands (tests/unit/test_fuzz_providers.py)
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "default", max_examples=40, deadline=None, suppress_health_check=_QUIET, derandomize=True
)
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=_QUIET, derandomize=False
)
settings.load_profile("default")


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _no_provider_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KINGUIN", "PLUM", "POWERPLUGIN", "INVENTORY"):
        for suffix in (
            "URL",
            "TOKEN",
            "API",
            "AUTH",
            "AUTH_URL",
            "CLIENT_ID",
            "CLIENT_SECRET",
            "REFRESH_TOKEN",
        ):
            monkeypatch.delenv(f"FULFILDESK_{name}_{suffix}", raising=False)
    monkeypatch.delenv("FULFILDESK_HOME", raising=False)
    monkeypatch.delenv("FULFILDESK_KINGUIN_API", raising=False)
    monkeypatch.delenv("FULFILDESK_KINGUIN_DAILY_LIMIT", raising=False)
    monkeypatch.delenv("FULFILDESK_TEAM_DSN", raising=False)


@pytest.fixture(autouse=True)
def _key_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Key files kept outside the data directory go to the test's own folder, never to the
    user's configuration directory (child processes inherit it)."""
    keys = tmp_path / "secret-keys"
    monkeypatch.setenv("FULFILDESK_SECRET_KEY_DIR", str(keys))
    return keys


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    return SandboxConfig(data_dir=tmp_path / "sandbox", kinguin_step=0.05, demo_history=True)


@pytest.fixture
def sandbox(sandbox_config: SandboxConfig) -> Iterator[RunningSandbox]:
    running = start_in_thread(sandbox_config)
    yield running
    running.stop()


@pytest.fixture
def kinguin_url(sandbox: RunningSandbox) -> str:
    return sandbox.base_url("kinguin")


@pytest.fixture
def token() -> str:
    return DEFAULT_TOKEN


# ---------------------------------------------------------------------- team mode (PostgreSQL)

_databases = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A throwaway PostgreSQL cluster for the session (initdb into a temporary directory,
    pg_ctl on a free loopback port). Fails loudly when PostgreSQL is not installed."""
    cluster = PgCluster.create()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def team_dsn(pg_cluster: PgCluster) -> str:
    """A fresh, empty database (no team schema yet)."""
    return pg_cluster.create_database(f"team_{next(_databases)}")
