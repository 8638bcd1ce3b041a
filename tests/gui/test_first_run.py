"""The first-run guide (issue 16): name and profile, then the demo or a provider with Test
connection; saved in settings.json and never shown again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWizard

from fulfildesk.config import Settings, load_settings
from fulfildesk.domain.models import Provider
from fulfildesk.ui.first_run import PAGE_CONNECT, FirstRunGuide, demo_command, should_show
from fulfildesk.ui.i18n import install_language


@pytest.fixture
def spanish(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    before = QLocale()
    install_language(qapp, "es")
    yield
    install_language(qapp, "en")
    QLocale.setDefault(before)


def test_shown_once_per_data_directory_and_never_in_demo(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("FULFILDESK_NO_GUIDE", raising=False)
    fresh = Settings(data_dir=tmp_path)
    assert should_show(fresh)
    assert not should_show(Settings(data_dir=tmp_path, demo=True))
    assert not should_show(Settings(data_dir=tmp_path, first_run_done=True))
    monkeypatch.setenv("FULFILDESK_NO_GUIDE", "1")
    assert not should_show(fresh)
    program, arguments = demo_command()
    assert arguments[-1] == "--demo" and program


def finish(guide: FirstRunGuide) -> None:
    while guide.currentId() != -1 and not guide.currentPage().isFinalPage():
        guide.button(QWizard.WizardButton.NextButton).click()
    guide.button(QWizard.WizardButton.FinishButton).click()


def test_name_profile_and_the_demo_in_spanish(spanish, window, qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = window.help.show_first_run()
    started: list[bool] = []
    guide.start_demo = lambda: started.append(True)
    assert guide.windowTitle() == "Guía de primer uso"
    assert guide.welcome.title() == "Bienvenido a Fulfilment Desk"
    assert guide.button(QWizard.WizardButton.CancelButton).text() == "Omitir"
    profiles = [guide.welcome.profile.itemText(i) for i in range(guide.welcome.profile.count())]
    assert profiles[0] == "Almacén: reservas y envíos"
    guide.welcome.operator.setText("Ana García")
    guide.welcome.profile.setCurrentIndex(guide.welcome.profile.findData("warehouse"))
    guide.button(QWizard.WizardButton.NextButton).click()
    assert guide.start_page.title() == "¿Cómo quiere empezar?"
    assert guide.start_page.demo.text() == "Probar la demostración"
    guide.start_page.demo.setChecked(True)
    with qtbot.waitSignal(guide.completed, timeout=5000):
        finish(guide)
    assert started == [True]
    saved = load_settings(window.ctx.settings.data_dir)
    assert (saved.operator, saved.profile, saved.first_run_done) == (
        "Ana García",
        "warehouse",
        True,
    )
    assert not should_show(saved)


def test_connect_a_provider_with_test_connection(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = window.help.show_first_run()
    guide.welcome.operator.setText("Sam")
    guide.button(QWizard.WizardButton.NextButton).click()
    guide.start_page.connect_choice.setChecked(True)
    guide.button(QWizard.WizardButton.NextButton).click()
    assert guide.currentId() == PAGE_CONNECT
    page = guide.connect_page
    page.provider.setCurrentIndex(page.provider.findData(Provider.KINGUIN.value))
    box = page.boxes[Provider.KINGUIN]
    assert box.isVisibleTo(page) and not page.boxes[Provider.PLUM].isVisibleTo(page)
    with qtbot.waitSignal(page.tested, timeout=10000) as tested:
        box.test_button.click()
    assert tested.args[0].ok, tested.args[0].text
    assert box.answer.text() == tested.args[0].text
    # a newly typed key is kept (in the secret store) and the window reconfigures
    box.secrets["token"].setText(window.ctx.settings.provider(Provider.KINGUIN).token)
    with qtbot.waitSignals([guide.providersChanged, guide.completed], timeout=5000):
        finish(guide)
    saved = load_settings(window.ctx.settings.data_dir)
    assert saved.operator == "Sam" and saved.profile == "all" and saved.first_run_done
    assert (
        saved.provider(Provider.KINGUIN).url == window.ctx.settings.provider(Provider.KINGUIN).url
    )


def test_skipping_is_done_too(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = window.help.show_first_run()
    operator = window.ctx.settings.operator
    with qtbot.waitSignal(guide.completed, timeout=5000):
        guide.button(QWizard.WizardButton.CancelButton).click()
    saved = load_settings(window.ctx.settings.data_dir)
    assert saved.first_run_done and saved.operator == operator
