"""One window per data directory.

The first start takes a lock file in the data directory (QLockFile: a crashed owner's lock is
recognised by its dead process id and taken over) and listens on a local socket whose name is a
hash of the directory. A later start on the same directory cannot take the lock, so it connects
to that socket, asks the running window to come to the front, and exits 0. The window starts
listening after the order list's first paint (`listen`; QtNetwork loads then, issue 15); a later
start meanwhile finds the lock taken and retries until the socket answers.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_NAME = "fulfildesk.lock"
RAISE = b"raise\n"
ACK = b"raised\n"


def server_name(data_dir: Path) -> str:
    """The local socket's name for `data_dir`: the same directory gives the same name, however
    it was spelt (relative, symlinked), and different users never share one."""
    resolved = str(Path(data_dir).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode()).hexdigest()[:20]
    user = getattr(os, "getuid", lambda: 0)()
    return f"fulfildesk-{user}-{digest}"


_app: object = None


class InstanceBusy(Exception):
    """Another live process holds the data directory but did not answer."""


class SingleInstance(QObject):
    """Owns the data directory's lock and answers later starts. Keep it alive while the window
    runs; `raiseRequested` fires when a later start asks for the window."""

    raiseRequested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.name = server_name(self.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(self.data_dir / LOCK_NAME))
        # 0: the lock is never stale by age (the window runs for days), only when the process
        # that wrote it is gone (kill -9, power cut), which QLockFile checks by its process id
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None

    def try_acquire(self, *, listen: bool = True) -> bool:
        """Take the directory (True) or find it taken by a live process (False); with `listen`,
        answer later starts at once (else from `listen()`)."""
        if not self._lock.tryLock(0):
            return False
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        """Answer later starts on the local socket (once; the lock must be held)."""
        if self._server is not None or not self._lock.isLocked():
            return
        from PySide6.QtNetwork import QLocalServer

        # a crashed owner may have left its socket file behind; we hold the lock, so it is ours
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("second starts cannot reach this window: %s", server.errorString())
        server.newConnection.connect(self._on_connection)
        self._server = server

    def owner_pid(self) -> int | None:
        info = self._lock.getLockInfo()  # PySide6 6.8+: (pid, hostname, appname), pid 0 if none
        pid = int(info[1] if isinstance(info[0], bool) else info[0])
        return pid or None

    def _on_connection(self) -> None:
        assert self._server is not None
        while (sock := self._server.nextPendingConnection()) is not None:
            sock.readyRead.connect(lambda s=sock: self._on_ready(s))
            sock.disconnected.connect(sock.deleteLater)
            if sock.bytesAvailable():
                self._on_ready(sock)

    def _on_ready(self, sock: QLocalSocket) -> None:
        if not sock.canReadLine():
            return
        line = bytes(sock.readLine().data())
        if line == RAISE:
            log.info("a second start on %s asked for this window", self.data_dir)
            self.raiseRequested.emit()
            sock.write(ACK)
            sock.flush()
        sock.disconnectFromServer()

    def ask_running_to_raise(self, timeout_ms: int = 5000) -> bool:
        """From a later start: ask the running window to come forward; True once it said so.
        Retries while the owner is still starting (lock taken, socket not yet listening)."""
        from PySide6.QtNetwork import QLocalSocket

        attempts = max(1, timeout_ms // 250)
        for _ in range(attempts):
            sock = QLocalSocket()
            sock.connectToServer(self.name)
            if sock.waitForConnected(250):
                sock.write(RAISE)
                sock.flush()
                answered = sock.waitForReadyRead(timeout_ms)
                reply = bytes(sock.readAll().data()) if answered else b""
                sock.disconnectFromServer()
                return reply.startswith(ACK)
            if self._lock.tryLock(0):  # the owner went away meanwhile: we are first after all
                self._lock.unlock()
                return False
            time.sleep(0.25)  # the owner is starting: its socket is not listening yet
        return False

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()


def claim(data_dir: Path, *, listen: bool = True) -> SingleInstance | None:
    """Claim `data_dir` for this process, or hand over to the window already running on it.

    Returns the claim (keep it until the window closes), or None when another window on the
    same directory was raised instead: the caller then exits 0. Raises InstanceBusy when the
    directory is held by a live process that does not answer. Without `listen` the claim
    answers later starts once its `listen()` is called (the window: after its first paint).
    """
    global _app
    from PySide6.QtWidgets import QApplication

    # QLocalServer/QLocalSocket want an application object; run_gui goes on with this one
    _app = QApplication.instance() or QApplication(sys.argv)
    instance = SingleInstance(data_dir)
    if instance.try_acquire(listen=listen):
        return instance
    pid = instance.owner_pid()
    if instance.ask_running_to_raise():
        print(
            f"Fulfilment Desk is already running on {data_dir} (process {pid}); raised its window."
        )
        return None
    if instance.try_acquire(listen=listen):  # it exited while we asked
        return instance
    raise InstanceBusy(
        f"Another Fulfilment Desk (process {pid}) is using {data_dir} but does not answer. "
        f"Close it, or start with another --data-dir."
    )
