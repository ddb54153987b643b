"""Line charts drawn on the server as SVG, so they look the same on the page, on paper and in
the PDF. Only the geometry is computed here; `monitoring/_line_chart.html` draws it with SVG
attributes (never a style attribute or a script: the Content-Security-Policy forbids both)."""

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 28, 12, 28
# Okabe and Ito's colours, told apart by people with any common colour blindness.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


def _at(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Line:
    name: str
    dot: int  # its colour's place in COLOURS: the dot drawn at each month
    points: list[tuple[str, str]]  # x, y, ready to draw

    @property
    def colour(self) -> str:
        return COLOURS[self.dot]

    @property
    def path(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int  # x of the plot's right edge
    y_ticks: list[tuple[str, int]]  # y, value
    x_labels: list[tuple[str, str]]  # x, text
    lines: list[Line]
    colours: tuple[str, ...] = COLOURS


def _top(value: int) -> int:
    """A round number at or above `value` for the top of the axis (at least 4)."""
    top = max(value, 4)
    step = 10 ** (len(str(top)) - 1)
    return -(-top // step) * step


def line_chart(*, months: list[date], series: list[tuple[str, list[int]]]) -> Chart:
    """One line per series (a site), one point per month."""
    top = _top(max((max(values, default=0) for _, values in series), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    gap = plot_w / max(len(months) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * gap if len(months) > 1 else plot_w / 2)

    def y(value: int) -> float:
        return TOP + plot_h * (1 - value / top)

    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        y_ticks=[(_at(y(v)), v) for v in (0, top // 2, top)],
        x_labels=[(_at(x(i)), f"{m:%b %y}") for i, m in enumerate(months)],
        lines=[
            Line(
                name=name,
                dot=i % len(COLOURS),
                points=[(_at(x(j)), _at(y(v))) for j, v in enumerate(values)],
            )
            for i, (name, values) in enumerate(series)
        ],
    )
