"""Where provider secrets live: the OS keyring, or without one a file of their own.

- With a working OS keyring (macOS Keychain, Windows Credential Manager, a Secret Service on
  Linux) every secret is a keyring entry under the service "fulfildesk".
- Without one (headless Linux, no D-Bus) secrets go to `secrets.enc` in the data directory,
  created owner-only (0600) and replaced atomically. Its content is encrypted:
  * on Windows with DPAPI (CryptProtectData), i.e. with the user's logon credentials; no key file;
  * elsewhere with a Fernet key kept OUTSIDE the data directory, in the user's config directory
    (`FULFILDESK_SECRET_KEY_DIR` overrides it), also owner-only. That protects a copied or backed-up
    data directory, not a machine where someone can read the user's files: Settings says so.
- A value set in the environment always wins and is never written anywhere.

Nothing here logs a secret; errors name the file, never its content.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

KEYRING_SERVICE = "fulfildesk"
SECRETS_FILE = "secrets.enc"
LOCK_FILE = "secrets.lock"


class SecretStoreError(Exception):
    pass


def keyring_available() -> bool:
    """Whether a real OS keyring backend is selected (not keyring's fail/null backends)."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring | null.Keyring):
            return False
        chained = getattr(backend, "backends", None)
        if chained is not None and not chained:
            return False
        return True
    except Exception:
        return False


def _keyring_get(account: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, account)
    except Exception as exc:
        log.debug("keyring read failed (%s)", type(exc).__name__)
        return None


def _keyring_set(account: str, value: str) -> bool:
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, account, value)
        return keyring.get_password(KEYRING_SERVICE, account) == value
    except Exception as exc:
        log.info("OS keyring unavailable (%s)", type(exc).__name__)
        return False


def _keyring_delete(account: str) -> None:
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, account)
    except Exception as exc:
        log.debug("keyring delete failed (%s)", type(exc).__name__)


# --------------------------------------------------------------------------- file protection


class _Protector:
    def seal(self, data: bytes) -> bytes:
        raise NotImplementedError

    def open(self, data: bytes) -> bytes:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


class _FernetKeyFile(_Protector):
    def __init__(self, key_path: Path) -> None:
        self.key_path = key_path

    def _key(self, create: bool) -> bytes | None:
        if self.key_path.exists():
            return self.key_path.read_bytes().strip()
        if not create:
            return None
        self.key_path.parent.mkdir(parents=True, exist_ok=True)
        from cryptography.fernet import Fernet  # loaded on first use (start-up, issue 15)

        key = Fernet.generate_key()
        try:
            fd = os.open(self.key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return self.key_path.read_bytes().strip()
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        return key

    def seal(self, data: bytes) -> bytes:
        key = self._key(create=True)
        assert key is not None
        from cryptography.fernet import Fernet

        return Fernet(key).encrypt(data)

    def open(self, data: bytes) -> bytes:
        key = self._key(create=False)
        if key is None:
            raise SecretStoreError(
                f"the key for the secrets file is missing ({self.key_path}); enter the "
                "credentials again in Settings"
            )
        from cryptography.fernet import Fernet, InvalidToken

        try:
            return Fernet(key).decrypt(data)
        except InvalidToken as exc:
            raise SecretStoreError(
                f"the secrets file cannot be decrypted with {self.key_path}; enter the "
                "credentials again in Settings"
            ) from exc

    def describe(self) -> str:
        return (
            f"encrypted with a key kept apart from it in {self.key_path} (readable only by your "
            "user account). This protects a copy of the data folder, but anyone who can read "
            "your user account's files can read both"
        )


class _Dpapi(_Protector):  # pragma: no cover - Windows only
    def _call(self, data: bytes, protect: bool) -> bytes:
        import ctypes
        from ctypes import wintypes

        class Blob(ctypes.Structure):
            _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

        buffer = ctypes.create_string_buffer(data, len(data))
        blob_in = Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)))
        blob_out = Blob()
        crypt32 = ctypes.windll.crypt32  # type: ignore[attr-defined]
        fn = crypt32.CryptProtectData if protect else crypt32.CryptUnprotectData
        if not fn(ctypes.byref(blob_in), None, None, None, None, 0x1, ctypes.byref(blob_out)):
            raise SecretStoreError("Windows could not protect or unprotect the secrets file")
        try:
            return ctypes.string_at(blob_out.pbData, blob_out.cbData)
        finally:
            ctypes.windll.kernel32.LocalFree(blob_out.pbData)  # type: ignore[attr-defined]

    def seal(self, data: bytes) -> bytes:
        return self._call(data, True)

    def open(self, data: bytes) -> bytes:
        return self._call(data, False)

    def describe(self) -> str:
        return "encrypted by Windows (DPAPI) with your user account's logon credentials"


def _key_dir() -> Path:
    env = os.environ.get("FULFILDESK_SECRET_KEY_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("fulfildesk", appauthor=False)) / "keys"


def _protector(data_dir: Path) -> _Protector:
    if os.name == "nt":  # pragma: no cover
        return _Dpapi()
    tag = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return _FernetKeyFile(_key_dir() / f"secrets-{tag}.key")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.name != "nt":
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        if os.name != "nt":
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


class SecretFile:
    """`secrets.enc`: {account: value}, sealed, owner-only, replaced atomically."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / SECRETS_FILE
        self._lock_path = data_dir / LOCK_FILE
        self._protector = _protector(data_dir)

    def describe(self) -> str:
        return self._protector.describe()

    def _read(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        data = json.loads(self._protector.open(self.path.read_bytes()))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write(self, values: dict[str, str]) -> None:
        sealed = self._protector.seal(json.dumps(values).encode())
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(sealed)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)

    def get(self, account: str) -> str | None:
        return self._read().get(account)

    def set(self, account: str, value: str | None) -> None:
        with _locked(self._lock_path):
            values = self._read()
            if value is None:
                values.pop(account, None)
            else:
                values[account] = value
            self._write(values)


class SecretStore:
    """The keyring when there is one, else the secrets file. `where` says which, in words."""

    def __init__(self, data_dir: Path, *, use_keyring: bool | None = None) -> None:
        self.data_dir = data_dir
        self.file = SecretFile(data_dir)
        self.use_keyring = keyring_available() if use_keyring is None else use_keyring

    @property
    def kind(self) -> str:
        return "keyring" if self.use_keyring else "file"

    @property
    def where(self) -> str:
        if self.use_keyring:
            return "Secrets are kept in the operating system's keyring."
        return (
            "No OS keyring is available on this computer: secrets are kept in "
            f"{self.file.path} (readable only by your user account), {self.file.describe()}."
        )

    def get(self, account: str) -> str | None:
        if self.use_keyring:
            value = _keyring_get(account)
            if value is not None:
                return value
        try:
            return self.file.get(account)
        except (SecretStoreError, OSError, ValueError) as exc:
            log.warning("cannot read %s: %s", self.file.path.name, type(exc).__name__)
            return None

    def set(self, account: str, value: str | None) -> str:
        """Keep (or with None, forget) a secret; answer where it went: keyring or file."""
        if self.use_keyring:
            if value is None:
                _keyring_delete(account)
            elif _keyring_set(account, value):
                return "keyring"
            else:
                self.use_keyring = False
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.file.set(account, value)
        return "file"


class JsonSecret:
    """One JSON value in a SecretStore; what a token source persists (providers.auth's
    CredentialStore)."""

    def __init__(self, store: SecretStore, account: str) -> None:
        self.store, self.account = store, account

    def load(self) -> dict[str, Any] | None:
        text = self.store.get(self.account)
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def save(self, state: dict[str, Any]) -> None:
        self.store.set(self.account, json.dumps(state))
