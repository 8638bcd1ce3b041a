"""Team-mode tests run against a real PostgreSQL: the session's throwaway cluster (`pg_cluster`,
`team_dsn` in tests/conftest.py), one fresh database per test."""
