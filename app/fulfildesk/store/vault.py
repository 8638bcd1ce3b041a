"""Encryption at rest for secrets in the cache (serial keys, voucher codes, pins).

The data key is a Fernet key kept in the OS keyring. Where no keyring works (headless Linux without
a Secret Service) it falls back to a key file beside the cache, readable by the owner only, and
says so in the log: losing the key would lose every stored key, which is worse than a key file.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

log = logging.getLogger(__name__)

KEYRING_SERVICE = "fulfildesk"
KEY_FILE = "vault.key"


class VaultError(Exception):
    pass


class Vault:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def generate(cls) -> Vault:
        return cls(Fernet.generate_key())

    def encrypt(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode())

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(token).decode()
        except InvalidToken as exc:
            raise VaultError("a stored secret cannot be decrypted with this data key") from exc


def _keyring_get(account: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, account)
    except Exception as exc:  # any backend failure means "no keyring here"
        log.info("OS keyring unavailable (%s)", type(exc).__name__)
        return None


def _keyring_set(account: str, value: str) -> bool:
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, account, value)
        return keyring.get_password(KEYRING_SERVICE, account) == value
    except Exception as exc:
        log.info("OS keyring unavailable (%s)", type(exc).__name__)
        return False


def open_vault(data_dir: Path) -> Vault:
    """The data key for this data directory: keyring first, key file second, else a new one."""
    account = f"vault:{data_dir.resolve()}"
    key_path = data_dir / KEY_FILE
    stored = _keyring_get(account)
    if stored:
        return Vault(stored.encode())
    if key_path.exists():
        return Vault(key_path.read_bytes().strip())
    key = Fernet.generate_key()
    if _keyring_set(account, key.decode()):
        return Vault(key)
    log.warning("no OS keyring: the cache's data key is kept in %s (owner-only)", key_path)
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return Vault(key)
