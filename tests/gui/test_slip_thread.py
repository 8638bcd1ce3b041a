"""Packing slips are drawn off the GUI thread: the window keeps processing events while a batch
is drawn, the PDF is complete and valid, a second click does not start a second drawing, and a
file that cannot be written is reported where it was asked for (never raised into the loop).

The drawing is watched through `packing_slip.render` (wrapped by the tests): it records the
thread it runs on and, where a test needs it, waits there for the GUI thread (a QTimer tick, or
the test releasing it). Every wait is bounded and asserted on what happened, never on a time.
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QThread, QTimer

from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT
from fulfildesk.services.shipping import ReservationRequest, SlipData
from fulfildesk.ui import packing_slip

POSTER = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b63"
WAIT = 30.0  # bounds a worker's wait for the GUI thread (a hang guard, not an assertion)


def pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def slip(n: int) -> SlipData:
    return SlipData(
        reference=f"PP-{n:06d}",
        transaction_id=f"2e60044a-6546-457b-a87f-{n:012d}",
        recipient="Ana Torres",
        address=f"Gran Vía {n + 1}",
        postal_code="28013",
        city="Madrid",
        country="Spain (ES)",
        product="Hoodie",
        quantity=1,
        establishment="Main store",
        tracking_number="1Z999AA10123456784",
    )


@dataclass
class Watch:
    """What the wrapped `render` saw: one entry per drawing."""

    threads: list[int] = field(default_factory=list)
    qthreads: list[Any] = field(default_factory=list)
    gui_ticked: list[bool] = field(default_factory=list)
    started: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    #: called on the worker, before drawing (may wait for the GUI thread)
    before: Callable[[Watch], bool] | None = None


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch) -> Iterator[Watch]:
    seen = Watch()
    real = packing_slip.render

    def watched(device: Any, slips: list[SlipData], labels: Any = None) -> None:
        seen.threads.append(threading.get_ident())
        seen.qthreads.append(QThread.currentThread())
        seen.started.set()
        if seen.before is not None:
            seen.gui_ticked.append(seen.before(seen))
        real(device, slips, labels)

    monkeypatch.setattr(packing_slip, "render", watched)
    yield seen
    seen.release.set()  # never leave a worker waiting


def held(seen: Watch) -> bool:
    """Hold the drawing until the test releases it."""
    return seen.release.wait(WAIT)


def test_a_large_batch_is_drawn_on_a_worker_while_the_gui_ticks(  # type: ignore[no-untyped-def]
    qapp, arun, watch: Watch, tmp_path: Path
) -> None:
    ticked = threading.Event()
    ticks = QTimer()
    ticks.setInterval(0)
    ticks.timeout.connect(ticked.set)
    ticks.start()

    def gui_ticks_meanwhile(_seen: Watch) -> bool:
        ticked.clear()  # a tick from now on means the GUI loop ran while this drawing is on
        return ticked.wait(WAIT)

    watch.before = gui_ticks_meanwhile
    count = 120
    target = tmp_path / "batch.pdf"
    try:
        written = arun(packing_slip.write_pdf(target, [slip(n) for n in range(count)]), 60000)
    finally:
        ticks.stop()
    assert written == target
    assert watch.threads and threading.get_ident() not in watch.threads
    assert all(t is not QCoreApplication.instance().thread() for t in watch.qthreads)  # type: ignore[union-attr]
    assert watch.gui_ticked == [True]  # the GUI thread processed a timer tick mid-drawing
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert pages(data) == count
    assert [p.name for p in tmp_path.iterdir()] == ["batch.pdf"]  # no partial file left


def test_same_drawing_as_before_on_any_thread(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The worker's PDF is the GUI thread's PDF: same pages, same size (ids and dates aside)."""
    slips = [slip(n) for n in range(3)]
    here = packing_slip.pdf_bytes(slips)
    there: list[bytes] = []
    worker = threading.Thread(target=lambda: there.append(packing_slip.pdf_bytes(slips)))
    worker.start()
    worker.join(WAIT)
    assert there and pages(there[0]) == pages(here) == 3
    assert len(there[0]) == len(here)


def test_unwritable_targets_raise_oserror_and_leave_nothing(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for target in (blocker / "slips.pdf", tmp_path / "missing" / "slips.pdf"):
        with pytest.raises(OSError) as raised:
            packing_slip.save_pdf(target, [slip(1)])
        text = packing_slip.save_error(raised.value, target)
        assert "the folder does not exist" in text and str(target) in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
    full = packing_slip.save_error(OSError(errno.ENOSPC, "No space left on device"), blocker)
    assert "the disk is full" in full


FAILING_WRITE = """
import errno, resource, signal, sys
from pathlib import Path
from PySide6.QtGui import QGuiApplication
from fulfildesk.ui.packing_slip import pdf_bytes, save_pdf
from test_slip_thread import slip
app = QGuiApplication([])
slips = [slip(n) for n in range(5)]
size = len(pdf_bytes(slips))
target = Path(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, resource.RLIM_INFINITY))
try:
    save_pdf(target, slips)
except OSError as exc:
    print("errno", exc.errno == errno.EFBIG)
else:
    print("written")
"""


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE and SIGXFSZ: Linux")
def test_a_write_that_fails_midway_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """A file-size limit stands in for a full disk: the write stops half-way with an OSError."""
    target = tmp_path / "slips.pdf"
    target.write_bytes(b"yesterday's slips")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join([*sys.path, str(Path(__file__).parent)]),
    }
    done = subprocess.run(
        [sys.executable, "-c", FAILING_WRITE, str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout.split() == ["errno", "True"], done.stderr
    assert target.read_bytes() == b"yesterday's slips"
    assert [p.name for p in tmp_path.iterdir()] == ["slips.pdf"]  # the partial file is gone


# ---------------------------------------------------------------- through the window


async def seed(ctx, count: int, prefix: str) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    for n in range(count):
        outcome = await ctx.shipping.reserve(
            ReservationRequest(f"{prefix}-{n}", POSTER, SEED_ESTABLISHMENT)
        )
        assert outcome.shipment is not None, outcome.message
        ids.append(outcome.shipment.transaction_id)
    return ids


def reported(controller) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(level, text) of every message the controller logs from now on."""
    notes: list[tuple[str, str]] = []
    controller.note.connect(lambda level, _provider, text: notes.append((level, text)))
    return notes


def test_bulk_slips_render_in_the_background_once(  # type: ignore[no-untyped-def]
    window, qtbot, arun, watch: Watch, tmp_path: Path
) -> None:
    ids = arun(seed(window.ctx, 3, "slip-thread"), timeout=30000)
    crashes: list[str] = []
    window.runner.failed.connect(crashes.append)
    notes = reported(window.bulk)
    dialog = window.bulk.open("slip", ids)
    qtbot.waitUntil(
        lambda: len(dialog.items) == 3 and dialog.start_button.isEnabled(), timeout=10000
    )
    target = tmp_path / "slips.pdf"
    target.write_bytes(b"yesterday's slips")
    watch.before = held
    dialog.save_slips(target)
    qtbot.waitUntil(watch.started.is_set, timeout=10000)
    # drawing, held on its worker: the window is busy but usable, the dialog says so
    assert window.busy.isVisible()
    assert not dialog.start_button.isEnabled() and not dialog.print_button.isEnabled()
    assert dialog.progress.isVisible() and "Making 3 packing slip(s)" in dialog.summary.text()
    task = dialog.task
    dialog.save_slips(target)  # a second click (and Ctrl+Return) start nothing
    dialog.save_slips(tmp_path / "other.pdf")
    dialog.start()
    assert dialog.task is task
    assert target.read_bytes() == b"yesterday's slips"  # never half overwritten
    with qtbot.waitSignal(dialog.finished_run, timeout=30000):
        watch.release.set()
    assert len(watch.threads) == 1 and threading.get_ident() not in watch.threads
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and pages(data) == 3
    assert not (tmp_path / "other.pdf").exists()
    assert [r.state for r in dialog.results] == ["done"] * 3
    assert str(target) in dialog.summary.text()
    assert ("success", f"3 packing slip(s) saved to {target}.") in notes
    qtbot.waitUntil(lambda: not window.busy.isVisible(), timeout=10000)
    assert crashes == []


def test_bulk_slips_to_an_unwritable_folder_are_reported_in_the_dialog(  # type: ignore[no-untyped-def]
    window, qtbot, arun, watch: Watch, tmp_path: Path
) -> None:
    ids = arun(seed(window.ctx, 2, "slip-error"), timeout=30000)
    crashes: list[str] = []
    window.runner.failed.connect(crashes.append)
    notes = reported(window.bulk)
    dialog = window.bulk.open("slip", ids)
    qtbot.waitUntil(
        lambda: len(dialog.items) == 2 and dialog.start_button.isEnabled(), timeout=10000
    )
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / "slips.pdf"
    dialog.save_slips(target)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    assert watch.threads and threading.get_ident() not in watch.threads
    assert f"Packing slips not saved to {target}" in dialog.summary.text()
    assert "the folder does not exist" in dialog.summary.text()
    assert dialog.start_button.isEnabled() and not dialog.progress.isVisible()  # try again
    assert dialog.results == []
    assert any(level == "error" and str(target) in text for level, text in notes)
    events = arun(window.ctx.shipping.history(ids[0]))
    assert not any(e["action"].startswith("Packing") for e in events)  # nothing recorded
    # another place works from the same dialog
    good = tmp_path / "slips.pdf"
    with qtbot.waitSignal(dialog.finished_run, timeout=30000):
        dialog.save_slips(good)
    assert pages(good.read_bytes()) == 2
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert crashes == []


def test_one_order_slip_is_saved_once_and_errors_are_messages(  # type: ignore[no-untyped-def]
    window, qtbot, arun, watch: Watch, tmp_path: Path
) -> None:
    tx = arun(seed(window.ctx, 1, "slip-one"), timeout=30000)[0]
    crashes: list[str] = []
    window.runner.failed.connect(crashes.append)
    notes = reported(window.warehouse)
    target = tmp_path / "slip.pdf"
    watch.before = held
    window.warehouse.save_slip(tx, target)
    qtbot.waitUntil(watch.started.is_set, timeout=10000)
    assert window.busy.isVisible()
    window.warehouse.save_slip(tx, target)  # a double click while it is drawn
    watch.release.set()
    qtbot.waitUntil(lambda: window.warehouse.last_slip == target, timeout=30000)
    qtbot.waitUntil(lambda: not window.warehouse.slips_in_flight, timeout=10000)
    assert len(watch.threads) == 1 and threading.get_ident() not in watch.threads
    assert pages(target.read_bytes()) == 1
    assert ("success", f"Packing slip saved to {target}.") in notes
    # a folder that does not exist: an error message, no exception, nothing left behind
    watch.before = None
    missing = tmp_path / "gone" / "slip.pdf"
    window.warehouse.save_slip(tx, missing)
    qtbot.waitUntil(lambda: any(level == "error" for level, _t in notes), timeout=30000)
    error = next(text for level, text in notes if level == "error")
    assert str(missing) in error and "the folder does not exist" in error
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert window.warehouse.last_slip == target
    assert crashes == []
