"""PySide6 6.12.0 on CPython 3.11 aborts with "none_dealloc" after ~18,500 calls of Qt methods that
return nothing. The supported combinations (pyproject markers) must survive a long repaint loop.
Run in a subprocess: the failure mode is the interpreter aborting."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel
    import httpx, pydantic, sqlite_utils  # the app's libraries hold many references to None
    app = QApplication([])
    label = QLabel("repaint")
    label.show()
    for _ in range(300_000):
        label.update()
        label.repaint()
        QApplication.processEvents()
    QTimer.singleShot(0, app.quit)
    app.exec()
    print("survived", flush=True)
""")


def test_many_void_qt_calls_do_not_abort_the_interpreter() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout
