"""Use cases as plain async code over injected clients and the store (no Qt)."""
