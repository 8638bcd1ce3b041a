"""Encryption at rest for secrets in the journal (serial keys, voucher codes, pins).

The data key is a Fernet key kept in the OS keyring. Where no keyring works (headless Linux without
a Secret Service) it is kept in a key file OUTSIDE the data directory, in the user's configuration
directory (`<user config dir>/fulfildesk/keys/vault-<hash of the data dir>.key`, or
`$FULFILDESK_SECRET_KEY_DIR`), owner-only (0600): a copied, backed-up or synced data directory
then holds only ciphertext. It does not protect against someone who can read the user's files;
docs/decisions.md says why this and not a passphrase. A key file left in the data directory by an
older version (`vault.key`) is moved out on the next start: to the keyring when there is one,
else to the key directory; the old file is overwritten and removed once the copy is verified.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

log = logging.getLogger(__name__)

KEYRING_SERVICE = "fulfildesk"
KEY_FILE = "vault.key"


class VaultError(Exception):
    pass


def _fernet(key: bytes) -> Fernet:
    # cryptography's primitives load on first use, not before the window's first paint
    from cryptography.fernet import Fernet

    return Fernet(key)


def new_key() -> bytes:
    from cryptography.fernet import Fernet

    return Fernet.generate_key()


class Vault:
    def __init__(self, key: bytes) -> None:
        self._fernet = _fernet(key)

    @classmethod
    def generate(cls) -> Vault:
        return cls(new_key())

    def encrypt(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode())

    def decrypt(self, token: bytes) -> str:
        from cryptography.fernet import InvalidToken

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


def key_dir() -> Path:
    """Where key files live without a keyring: apart from every data directory (the same place
    the provider-secrets file keeps its key)."""
    env = os.environ.get("FULFILDESK_SECRET_KEY_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("fulfildesk", appauthor=False)) / "keys"


def key_file_for(data_dir: Path) -> Path:
    tag = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return key_dir() / f"vault-{tag}.key"


def where_is_the_key(data_dir: Path) -> str:
    """One sentence for Settings and the log: where this data directory's vault key is kept."""
    outside = key_file_for(data_dir)
    if _keyring_get(f"vault:{data_dir.resolve()}"):
        return "Keys and vouchers are encrypted with a key kept in the operating system's keyring."
    return (
        "No OS keyring is available: keys and vouchers are encrypted with a key kept in "
        f"{outside}, outside the data directory and readable only by your user account. A copy "
        "of the data directory alone reveals no secret; anyone who can read your files can."
    )


def _write_key(path: Path, key: bytes) -> bytes:
    """Create the key file (owner-only, never overwritten); return the key it holds."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
        fh.flush()
        os.fsync(fh.fileno())
    return path.read_bytes().strip()


def _destroy(path: Path) -> None:
    """Overwrite a key file, then remove it."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.write(b"\0" * size)
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def open_vault(data_dir: Path) -> Vault:
    """The data key for this data directory: keyring first, the key file outside the data
    directory second, else a new one (kept in the keyring, or in that key file)."""
    from fulfildesk.store.files import open_lock

    account = f"vault:{data_dir.resolve()}"
    with open_lock(data_dir):  # two processes starting at once agree on one key
        stored = _keyring_get(account)
        legacy = data_dir / KEY_FILE
        if stored:
            if legacy.exists() and legacy.read_bytes().strip() == stored.encode():
                _destroy(legacy)
            return Vault(stored.encode())
        outside = key_file_for(data_dir)
        if legacy.exists():
            key = legacy.read_bytes().strip()
            if _keyring_set(account, key.decode()):
                _destroy(legacy)
                log.warning("the vault key left the data directory for the OS keyring")
            elif _write_key(outside, key) == key:
                _destroy(legacy)
                log.warning("the vault key left the data directory for %s", outside)
            else:
                log.error(
                    "%s and %s hold different keys; %s is kept and used", legacy, outside, legacy
                )
            return Vault(key)
        if outside.exists():
            return Vault(outside.read_bytes().strip())
        key = new_key()
        if _keyring_set(account, key.decode()):
            return Vault(key)
        log.warning("no OS keyring: the vault key is kept in %s (owner-only)", outside)
        return Vault(_write_key(outside, key))
