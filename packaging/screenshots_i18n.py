"""Screenshots of the main window and the first-run guide in English and Spanish, in the light
and dark palettes, offscreen, from the demo sandbox (issue 16).

.venv/bin/python packaging/screenshots_i18n.py resources/screenshots
  -> main-window-{en,es}-{light,dark}.png, first-run-{en,es}-{light,dark}.png
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["FULFILDESK_NO_GUIDE"] = "1"  # opened below, on purpose

from PySide6.QtWidgets import QApplication, QWizard

from fulfildesk.context import AppContext, demo_settings
from fulfildesk.domain.models import Provider
from fulfildesk.ui.asyncglue import new_event_loop
from fulfildesk.ui.i18n import install_language
from fulfildesk.ui.main_window import MainWindow
from fulfildesk.ui.text import select_only_row
from fulfildesk.ui.theme import sample_palette

LANGUAGES = ("en", "es")
PALETTES = ("light", "dark")


async def shoot(app: QApplication, out: Path, lang: str, settings, sandbox) -> None:  # type: ignore[no-untyped-def]
    install_language(app, lang)
    try:
        ctx = AppContext.open(settings, poll_interval=0.1)
        window = MainWindow(ctx)
        window.resize(1366, 768)
        window.show()
        done = asyncio.Event()
        window.startupFinished.connect(done.set)
        window.start()
        await done.wait()
        window.resize(1366, 768)  # the offscreen screen is smaller: the size a user has
        await asyncio.sleep(0.5)
        # a physical goods order: the warehouse actions, address and tracking in the detail
        model = window.model
        for row in range(model.rowCount()):
            found = model.row(row)
            if found["provider"] == "powerplugin" and found["status"] == "shipped":
                select_only_row(window.orders.table, row)
                break
        window.shipping_dock.raise_()
        await asyncio.sleep(0.8)
        guide = window.help.show_first_run()
        guide.start_demo = lambda: None
        guide.welcome.operator.setText("Ana García")
        guide.welcome.profile.setCurrentIndex(guide.welcome.profile.findData("warehouse"))
        for palette in PALETTES:
            app.setPalette(sample_palette(palette))
            await asyncio.sleep(0.4)
            window.grab().save(str(out / f"main-window-{lang}-{palette}.png"))
        guide.button(QWizard.WizardButton.NextButton).click()
        guide.start_page.connect_choice.setChecked(True)
        guide.button(QWizard.WizardButton.NextButton).click()
        page = guide.connect_page
        page.provider.setCurrentIndex(page.provider.findData(Provider.KINGUIN.value))
        box = page.boxes[Provider.KINGUIN]
        tested = asyncio.Event()
        page.tested.connect(lambda _report: tested.set())
        box.test_button.click()
        await asyncio.wait_for(tested.wait(), 20)
        for palette in PALETTES:
            app.setPalette(sample_palette(palette))
            await asyncio.sleep(0.4)
            guide.grab().save(str(out / f"first-run-{lang}-{palette}.png"))
        guide.back()
        guide.back()
        for palette in PALETTES:
            app.setPalette(sample_palette(palette))
            await asyncio.sleep(0.3)
            guide.grab().save(str(out / f"first-run-welcome-{lang}-{palette}.png"))
        guide.reject()
        await window.shutdown()
        await ctx.aclose()
    finally:
        sandbox.stop()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    app.setStyle("Fusion")
    from fulfildesk.demo import prepare_demo

    for lang in LANGUAGES:
        settings, sandbox = demo_settings(Path(tempfile.mkdtemp()))
        prepare_demo(settings)  # as `fulfildesk --demo` opens: physical and inventory orders
        with asyncio.Runner(loop_factory=lambda: new_event_loop(app)) as runner:
            runner.run(shoot(app, out, lang, settings, sandbox))
    return 0


if __name__ == "__main__":
    sys.exit(main())
