"""The provider health panel (issue 14): per provider, requests, error rate and latency (p50,
p95) over the last hour or day, and a chart of the chosen provider drawn with QPainter (bars:
requests per slice, the failed part in the error colour; line: p95 latency). Why QPainter and not
QtCharts or pyqtgraph: docs/decisions.md."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulfildesk.domain.vocabulary import PROVIDER_NAMES
from fulfildesk.services.health import DAY, HOUR, HealthService, Point
from fulfildesk.ui.theme import Tone, colour

WINDOWS = (("hour", HOUR, 12), ("day", DAY, 24))


def ms_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} ms"


class HealthChart(QWidget):
    """Bars of requests (errors on top, in the error colour) and a p95 latency line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[Point] = []
        self.title = ""
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_points(self, title: str, points: list[Point]) -> None:
        self.title, self.points = title, points
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        painter.setPen(text)
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.drawText(QPointF(8, line), self.title)
        area = QRectF(
            44, line + 8, max(self.width() - 96, 10), max(self.height() - 2 * line - 20, 10)
        )
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid)))
        painter.drawRect(area)
        if not self.points:
            painter.end()
            return
        most = max(max(p.requests for p in self.points), 1)
        slowest = max(max((p.p95 or 0.0) for p in self.points), 1.0)
        width = area.width() / len(self.points)
        ok = colour(Tone.INFO, pal)
        bad = colour(Tone.BAD, pal)
        for n, point in enumerate(self.points):
            x = area.left() + n * width + 2
            h_all = area.height() * point.requests / most
            h_bad = area.height() * point.errors / most
            painter.fillRect(QRectF(x, area.bottom() - h_all, width - 4, h_all - h_bad), ok)
            painter.fillRect(QRectF(x, area.bottom() - h_bad, width - 4, h_bad), bad)
        pen = QPen(text)
        pen.setWidthF(2.0)
        painter.setPen(pen)
        previous: QPointF | None = None
        for n, point in enumerate(self.points):
            if point.p95 is None:
                previous = None
                continue
            here = QPointF(
                area.left() + (n + 0.5) * width, area.bottom() - area.height() * point.p95 / slowest
            )
            painter.drawEllipse(here, 2.5, 2.5)
            if previous is not None:
                painter.drawLine(previous, here)
            previous = here
        painter.setPen(text)
        painter.drawText(QPointF(4, area.top() + line), str(most))
        painter.drawText(QPointF(4, area.bottom()), "0")
        painter.drawText(QPointF(area.right() + 4, area.top() + line), f"{slowest:.0f} ms")
        legend = self.tr("bars: requests (failed in red) · line: p95 latency")
        below = area.bottom() + line + 2
        start = self.points[0].start.strftime("%H:%M UTC")
        painter.drawText(QPointF(area.left(), below), start)
        now = self.tr("now")
        painter.drawText(QPointF(area.right() - metrics.horizontalAdvance(now), below), now)
        middle = area.left() + (area.width() - metrics.horizontalAdvance(legend)) / 2
        painter.drawText(QPointF(max(middle, area.left() + 80), below), legend)
        painter.end()


class HealthPanel(QWidget):
    refreshed = Signal()

    COLUMNS = ("Provider", "Requests", "Errors", "p50", "p95", "Now")

    def __init__(self, health: HealthService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.health = health
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        left = QVBoxLayout()
        top = QHBoxLayout()
        self.window_choice = QComboBox(self)
        self.window_choice.addItem(self.tr("Last hour"), "hour")
        self.window_choice.addItem(self.tr("Last day"), "day")
        self.window_choice.setAccessibleName(self.tr("Period"))
        self.window_choice.currentIndexChanged.connect(lambda _n: self.refresh())
        top.addWidget(QLabel(self.tr("Period:"), self))
        top.addWidget(self.window_choice)
        top.addStretch(1)
        left.addLayout(top)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Provider"),
                self.tr("Requests"),
                self.tr("Errors"),
                self.tr("p50"),
                self.tr("p95"),
                self.tr("Now"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._draw_chart)
        left.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("No provider requests recorded yet."), self)
        left.addWidget(self.empty)
        layout.addLayout(left, 3)
        self.chart = HealthChart(self)
        layout.addWidget(self.chart, 2)

    def period(self) -> tuple[timedelta, int]:
        key = self.window_choice.currentData()
        for name, span, slices in WINDOWS:
            if name == key:
                return span, slices
        return HOUR, 12

    def selected_provider(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def refresh(self) -> None:
        span, _slices = self.period()
        keep = self.selected_provider()
        providers = self.health.providers()
        self.table.setRowCount(len(providers))
        for row, provider in enumerate(providers):
            stats = self.health.stats(provider, span)
            why = self.health.degraded(provider)
            cells = (
                PROVIDER_NAMES.get(provider, provider),
                str(stats.requests),
                f"{stats.errors} ({stats.error_rate:.0%})",
                ms_text(stats.p50),
                ms_text(stats.p95),
                self.tr("Degraded: ") + why if why else self.tr("OK"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, provider)
                if column == len(cells) - 1:
                    item.setForeground(colour(Tone.BAD if why else Tone.GOOD, self.palette()))
                self.table.setItem(row, column, item)
        self.empty.setVisible(not providers)
        if providers:
            wanted = providers.index(keep) if keep in providers else 0
            self.table.blockSignals(True)
            self.table.selectRow(wanted)
            self.table.blockSignals(False)
        self._draw_chart()
        self.refreshed.emit()

    def _draw_chart(self) -> None:
        provider = self.selected_provider()
        if provider is None:
            self.chart.set_points("", [])
            return
        span, slices = self.period()
        name = PROVIDER_NAMES.get(provider, provider)
        period = self.window_choice.currentText().lower()
        self.chart.set_points(f"{name}: {period}", self.health.series(provider, span, slices))
