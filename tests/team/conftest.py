"""Team-mode tests run against a real PostgreSQL: one throwaway cluster per session (initdb into
a temporary directory, pg_ctl on a free loopback port), one fresh database per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from helpers.pg import PgCluster

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    cluster = PgCluster.create()  # fails loudly when PostgreSQL is not installed
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def team_dsn(pg_cluster: PgCluster) -> str:
    """A fresh, empty database (no team schema yet)."""
    return pg_cluster.create_database(f"team_{next(_counter)}")
