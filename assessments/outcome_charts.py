"""Scores over time as server-drawn SVG: one chart per measure, one line per parent or carer.

The page shows the same figures in a table, so the chart is a picture of it, not the only way in.
"""

from dataclasses import dataclass, field

from assessments import measures
from assessments.outcome_models import MeasureAdministration

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 20, 44
# GOV.UK blue, red, green, purple: distinguishable, with the legend naming each line.
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92")


@dataclass
class Point:
    x: float
    y: float
    label: str


@dataclass
class Series:
    name: str
    colour: str
    points: list[Point] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass
class Chart:
    code: str
    name: str
    better: str
    series: list[Series]
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    top: int = TOP


def _range(code: str, rows: list[MeasureAdministration]) -> tuple[float, float]:
    instrument = measures.get(code)
    low, high = instrument.total_min, instrument.total_max
    totals = [row.total for row in rows]
    low = min(totals) if low is None else low
    high = max(totals) if high is None else high
    return float(low), float(high if high > low else low + 1)


def _scale(value: float, low: float, high: float, start: float, end: float) -> float:
    return start + (value - low) / (high - low) * (end - start)


def chart_for(code: str, rows: list[MeasureAdministration]) -> Chart:
    low, high = _range(code, rows)
    days = [row.completed_on.toordinal() for row in rows]
    first, last = min(days), max(days)
    span = (first - 1, last + 1) if first == last else (first, last)

    def x(row):
        return _scale(row.completed_on.toordinal(), *span, LEFT, WIDTH - RIGHT)

    def y(value):
        return _scale(value, low, high, HEIGHT - BOTTOM, TOP)

    series: dict[int, Series] = {}
    for row in rows:
        line = series.setdefault(
            row.caregiver_id, Series(row.caregiver.full_name, COLOURS[len(series) % len(COLOURS)])
        )
        line.points.append(Point(x(row), y(row.total), f"{row.completed_on:%-d %b %Y}: {row.total:g}"))
    steps = 4
    y_ticks = [
        (y(low + (high - low) * i / steps), f"{low + (high - low) * i / steps:g}") for i in range(steps + 1)
    ]
    dates = sorted({row.completed_on for row in rows})
    x_ticks = [(_scale(day.toordinal(), *span, LEFT, WIDTH - RIGHT), f"{day:%-d %b %y}") for day in dates]
    better = measures.get(code).better
    return Chart(
        code,
        measures.get(code).name,
        {"lower": "Lower is better", "higher": "Higher is better"}.get(better or "", ""),
        list(series.values()),
        y_ticks,
        x_ticks,
    )


def charts_for(rows: list[MeasureAdministration]) -> list[Chart]:
    """A chart for each measure that has a total recorded, in the order first recorded."""
    by_code: dict[str, list[MeasureAdministration]] = {}
    for row in rows:
        if row.total is not None:
            by_code.setdefault(row.instrument, []).append(row)
    return [chart_for(code, chosen) for code, chosen in by_code.items()]
