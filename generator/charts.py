"""Charts of the key figures, drawn at build time with matplotlib as inline, accessible SVG.

A figure joins a chart through its `chart` key in figures.yaml (fdi-annual, fdi-cumulative,
sectors-2023). Each chart is an SVG with role="img", a <title> and a <desc> (the data points in words)
for screen readers; the page shows the same data as a table below it. Numbers on the axes and labels
are formatted like the rest of the page (formatting.py). The SVG is byte-identical from build to build:
matplotlib's hash salt is fixed, the date and creator metadata are dropped, and ids are derived from the
chart key only.
"""

from __future__ import annotations

import hashlib
import io
import re
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape
from importlib.metadata import version
from pathlib import Path

from generator import caching, formatting, site
from generator.models import UNIT_FAMILIES, Dataset, Figure

# Chart key -> how it is drawn: "bars" (one bar per period), "line" (a running total), "shares" (horizontal
# bars, one per labelled part of a whole, largest first).
CHARTS: dict[str, str] = {
    "fdi-annual": "bars",
    "fdi-cumulative": "line",
    "sectors-2023": "shares",
}

# Units that can be drawn on one axis (generator/models.py, which checks every chart's units); a series
# mixing them is drawn in the largest unit it uses.
_UNIT_FAMILIES = UNIT_FAMILIES
_UNIT_FACTORS = {
    "usd_million": Decimal(1),
    "usd_billion": Decimal(1000),
    "vnd_million": Decimal(1),
    "vnd_billion": Decimal(1000),
    "vnd_trillion": Decimal(1000000),
}

# Colours: Material's indigo (the site's primary colour) for actual figures; estimates, expected
# results and targets are drawn hatched. Text is dark enough for a 4.5:1 contrast on white.
_COLOUR = "#3949ab"
_COLOUR_LIGHT = "#c5cae9"
_TEXT = "#212121"
_GRID = "#d0d0d0"
_HASH_SALT = "heza-portal"


class ChartError(ValueError):
    """The figures of one chart cannot be drawn together (e.g. US$ and per cent on one axis)."""


@dataclass(frozen=True)
class Point:
    label: str  # the category on the axis: "2024", "đến năm 2025", a sector's name
    value: Decimal  # in the chart's unit
    text: str  # the figure as the page writes it: "4,35 tỷ USD"
    figure: Figure


def series(data: Dataset, key: str) -> list[Figure]:
    """The figures of one chart, in the order they are drawn (by period or date, or largest share first)."""
    figures = [f for f in data.figures if f.chart == key and f.public]  # unclear figures are never charted
    if CHARTS.get(key) == "shares":
        return sorted(figures, key=lambda f: (-f.value, f.id))
    return sorted(figures, key=lambda f: (_when_key(f), f.id))


def _when_key(figure: Figure) -> tuple:
    if figure.period is not None:
        half = figure.period.half or 0
        return (figure.period.end, half, figure.as_of.sort_key() if figure.as_of else ())
    if figure.as_of is not None:
        return (figure.as_of.year, 0, figure.as_of.sort_key())
    return (0, 0, ())


def chart_unit(figures: list[Figure]) -> str:
    units = {f.unit for f in figures}
    if len(units) == 1:
        return units.pop()
    for family in _UNIT_FAMILIES:
        if units <= set(family):
            return max(units, key=family.index)
    ids = ", ".join(sorted(f.id for f in figures))
    raise ChartError(
        f"figures.yaml: the figures of one chart ({ids}) use units that cannot share an axis: {sorted(units)}"
    )


def _in_unit(value: Decimal, unit: str, target: str) -> Decimal:
    if unit == target:
        return value
    return value * _UNIT_FACTORS[unit] / _UNIT_FACTORS[target]


def unit_label(unit: str, lang: str) -> str:
    """The unit alone, as the page writes it around a number: 'tỷ USD', 'US$ billion', '%', '10억 달러'."""
    return formatting.unit_label(unit, lang)


def point_label(figure: Figure, kind: str, lang: str) -> str:
    if kind == "shares":
        return figure.label.get(lang)
    if figure.period is not None:
        if figure.period.kind == "year":
            return formatting.format_year_label(figure.period.end, lang)
        return formatting.format_period(figure.period, lang)
    if figure.as_of is not None:
        return formatting.format_date(figure.as_of, lang)
    raise ChartError(
        f"figures.yaml: figure {figure.id} is in chart {figure.chart} but has neither a period nor an as_of date"
    )


def points(data: Dataset, key: str, lang: str) -> tuple[str, list[Point]]:
    """(unit, points) of one chart in one language; no points when no figure carries the key."""
    figures = series(data, key)
    if not figures:
        return "", []
    kind = CHARTS.get(key, "bars")
    unit = chart_unit(figures)
    scale = formatting.axis_unit(unit, lang)[1]  # Korean draws US$ billions as 억 달러: ten times the number
    out = [
        Point(point_label(f, kind, lang), _in_unit(f.value, f.unit, unit) * scale, formatting.quantity_text(f, lang), f)
        for f in figures
    ]
    return unit, out


def _tick_decimal(value) -> Decimal:
    return Decimal(repr(round(float(value), 6))).normalize()


def _axis_formatter(lang: str):
    """Tick labels in the page's number style, all with the decimals the finest tick needs."""
    from matplotlib.ticker import Formatter

    class LocalizedFormatter(Formatter):
        decimals = 0

        def format_ticks(self, values):
            self.decimals = max((formatting.decimals_of(_tick_decimal(v)) for v in values), default=0)
            return [self(v) for v in values]

        def __call__(self, x, pos=None):
            quantum = Decimal(1).scaleb(-self.decimals)
            return formatting.format_number(_tick_decimal(x).quantize(quantum), lang)

    return LocalizedFormatter()


def portal_fonts() -> None:
    """matplotlib with the portal's typefaces (DejaVu Sans, then the Hangul face): for any picture drawn with
    text, whether or not a chart was drawn in this process (charts come from the cache on a rebuild)."""
    _pyplot_free_matplotlib()


@lru_cache(maxsize=1)
def _pyplot_free_matplotlib():
    """Import matplotlib once, with the settings that make its SVG deterministic and text-based."""
    import matplotlib

    matplotlib.use("svg", force=True)
    from matplotlib import font_manager, rcParams

    # Korean labels: matplotlib falls back to the project's Hangul face for the letters DejaVu Sans lacks.
    # Both weights: the share image's title is bold.
    for font in site.HANGUL_FONTS.values():
        font_manager.fontManager.addfont(str(font))

    rcParams["svg.hashsalt"] = _HASH_SALT
    rcParams["svg.fonttype"] = "none"  # real <text>: readable by search and screen readers, crisp when zoomed
    rcParams["svg.id"] = None
    # Listed by name (a generic family resolves to one font only): the letters DejaVu lacks take the next face.
    rcParams["font.family"] = ["DejaVu Sans", site.HANGUL_FAMILY, "sans-serif"]
    rcParams["font.sans-serif"] = ["DejaVu Sans"]
    rcParams["font.size"] = 10
    rcParams["axes.unicode_minus"] = False
    rcParams["text.parse_math"] = False  # a label's "$" is a dollar sign: "US$1 billion to US$5 billion"
    rcParams["path.simplify"] = False
    return matplotlib


def _bar_style(estimated: list[bool]) -> dict:
    """Bars of estimates, expectations and targets are lighter (and hatched, _hatch_estimated)."""
    return {
        "color": [_COLOUR_LIGHT if e else _COLOUR for e in estimated],
        "edgecolor": [_COLOUR] * len(estimated),
        "linewidth": 0.8,
    }


def _hatch_estimated(bars, estimated: list[bool]) -> None:
    for bar, e in zip(bars, estimated, strict=True):
        if e:
            bar.set_hatch("///")


def _value_axis(ax, axis: str, number, label: str) -> None:
    """The axis ("x" or "y") that carries the values: localized numbers, about five ticks, a grid, the unit."""
    from matplotlib.ticker import MaxNLocator

    values = ax.xaxis if axis == "x" else ax.yaxis
    values.set_major_formatter(number)
    values.set_major_locator(MaxNLocator(nbins=5))
    ax.grid(axis=axis, color=_GRID, linewidth=0.6)
    (ax.set_xlabel if axis == "x" else ax.set_ylabel)(label, color=_TEXT)


def _draw(kind: str, pts: list[Point], unit: str, lang: str, status_labels: dict[str, str]):
    _pyplot_free_matplotlib()
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.patches import Patch

    values = [float(p.value) for p in pts]
    estimated = [p.figure.status != "actual" for p in pts]
    if kind == "shares":
        labels = ["\n".join(textwrap.wrap(p.label, 34)) or p.label for p in pts]
        lines = sum(label.count("\n") + 1 for label in labels)
        height = max(2.2, 0.9 + 0.32 * lines + 0.12 * len(pts))
        fig = MplFigure(figsize=(7.2, height))
    else:
        fig = MplFigure(figsize=(7.2, 3.4))
    ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#757575")
    ax.tick_params(colors=_TEXT, labelcolor=_TEXT)
    number = _axis_formatter(lang)
    top = max(values) if values else 1
    if kind == "shares":
        positions = list(range(len(pts)))[::-1]
        bars = ax.barh(positions, values, height=0.62, **_bar_style(estimated))
        _hatch_estimated(bars, estimated)
        ax.set_yticks(positions, labels)
        ax.set_xlim(0, top * 1.22)
        _value_axis(ax, "x", number, formatting.axis_unit(unit, lang)[0])
        for bar, p in zip(bars, pts, strict=True):
            ax.annotate(
                p.text,
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                ha="left",
                color=_TEXT,
                fontsize=9,
            )
    elif kind == "line":
        positions = list(range(len(pts)))
        ax.plot(positions, values, color=_COLOUR, linewidth=2, marker="o", markersize=6)
        for x, y, e in zip(positions, values, estimated, strict=True):
            if e:
                ax.plot(
                    [x],
                    [y],
                    marker="o",
                    markersize=7,
                    markerfacecolor="white",
                    markeredgecolor=_COLOUR,
                    linestyle="none",
                )
        ax.set_xticks(positions, [p.label for p in pts])
        ax.set_ylim(0, top * 1.25)
        ax.set_xlim(-0.5, len(pts) - 0.5)
        _value_axis(ax, "y", number, formatting.axis_unit(unit, lang)[0])
        for x, p in zip(positions, pts, strict=True):
            ax.annotate(
                p.text,
                (x, float(p.value)),
                xytext=(0, 8),
                textcoords="offset points",
                ha="center",
                color=_TEXT,
                fontsize=9,
            )
    else:
        positions = list(range(len(pts)))
        bars = ax.bar(positions, values, width=0.5, **_bar_style(estimated))
        _hatch_estimated(bars, estimated)
        ax.set_xticks(positions, [p.label for p in pts])
        ax.set_ylim(0, top * 1.22)
        ax.set_xlim(-0.75, max(len(pts), 2) - 0.25)
        _value_axis(ax, "y", number, formatting.axis_unit(unit, lang)[0])
        for bar, p in zip(bars, pts, strict=True):
            ax.annotate(
                p.text,
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                va="bottom",
                color=_TEXT,
                fontsize=9,
            )
    ax.set_axisbelow(True)
    statuses = sorted({p.figure.status for p in pts if p.figure.status != "actual"})
    if statuses and kind != "line":
        handles = [Patch(facecolor=_COLOUR, edgecolor=_COLOUR, label=status_labels.get("actual", "actual"))]
        handles.append(
            Patch(
                facecolor=_COLOUR_LIGHT,
                edgecolor=_COLOUR,
                hatch="///",
                label=", ".join(status_labels.get(s, s) for s in statuses),
            )
        )
        ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=9, labelcolor=_TEXT)
    fig.tight_layout()
    return fig


_ID = re.compile(r'\bid="([^"]+)"')
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_GLOBAL_STYLE = re.compile(r"<defs>\s*<style[^>]*>\*\{[^}]*\}</style>\s*</defs>\s*")


def _finish_svg(raw: str, prefix: str, title: str, desc: str) -> str:
    """matplotlib's SVG, made inline-ready: no XML prologue, ids unique on the page, accessible, one line."""
    svg = raw[raw.index("<svg") :]
    svg = _METADATA.sub("", svg)
    # matplotlib's "*{stroke-linejoin: round; stroke-linecap: butt}" would style the whole HTML page once
    # the SVG is inline: the same defaults go on the <svg> element instead, where only the chart inherits them.
    svg = _GLOBAL_STYLE.sub("", svg)
    ids = _ID.findall(svg)
    for old in sorted(set(ids), key=len, reverse=True):
        new = f"{prefix}-{old}".replace(".", "-")
        svg = (
            svg.replace(f'id="{old}"', f'id="{new}"').replace(f"#{old})", f"#{new})").replace(f'"#{old}"', f'"#{new}"')
        )
    svg = re.sub(r'\swidth="[\d.]+pt" height="[\d.]+pt"', "", svg, count=1)
    svg = svg.replace(
        "<svg ",
        f'<svg class="chart__svg" role="img" aria-labelledby="{prefix}-title {prefix}-desc" focusable="false" '
        'stroke-linejoin="round" stroke-linecap="butt" ',
        1,
    )
    head = (
        f'<title id="{prefix}-title">{escape(title, quote=False)}</title>'
        f'<desc id="{prefix}-desc">{escape(desc, quote=False)}</desc>'
    )
    svg = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + head, svg, count=1)
    # One line: a blank line inside would end Markdown's raw HTML block.
    return " ".join(svg.split())


def description(pts: list[Point], kind_text: str, status_labels: dict[str, str]) -> str:
    """What a screen reader says after the title: the kind of chart, then every point in words."""
    parts = []
    for p in pts:
        text = f"{p.label}: {p.text}"
        if p.figure.status != "actual" and p.figure.status in status_labels:
            text += f" ({status_labels[p.figure.status]})"
        parts.append(text)
    return f"{kind_text}. " + "; ".join(parts) + "."


def render_svg(
    data: Dataset, key: str, lang: str, title: str, kind_text: str, status_labels: dict[str, str] | None = None
) -> str:
    """The chart as one line of inline SVG, or "" when no figure carries the key.

    Remembered by what is drawn (the points, labels and texts), in this process and in the build cache
    (site.cache_dir()/svg): the overview page and the investor brief draw the same charts, a rebuild or a live
    preview redraws only a chart whose figures changed, and matplotlib takes about 0.2 s a chart and 0.7 s to
    import."""
    status_labels = status_labels or {}
    unit, pts = points(data, key, lang)
    if not pts:
        return ""
    drawn: tuple = (key, unit, lang, title, kind_text, tuple(sorted(status_labels.items())))
    drawn += tuple((p.label, p.value, p.text, p.figure.status) for p in pts)
    if drawn not in _DRAWN:
        if len(_DRAWN) >= 256:
            _DRAWN.clear()
        cached = site.cache_dir() / "svg" / f"{_drawing_key(drawn)}.svg"
        svg = caching.read_verified(cached)  # None unless its bytes match their recorded digest
        if svg is not None:
            _DRAWN[drawn] = svg.decode("utf-8")
        else:
            _DRAWN[drawn] = _render_svg(key, unit, pts, lang, title, kind_text, status_labels)
            caching.write_verified(cached, _DRAWN[drawn].encode("utf-8"))
    return _DRAWN[drawn]


_DRAWN: dict[tuple, str] = {}


@lru_cache(maxsize=1)
def _drawing_code() -> bytes:
    """What else decides a chart's SVG: this module's code, matplotlib's version (read without importing it) and
    the Hangul face's metrics."""
    hangul = hashlib.sha256(site.HANGUL_FONTS["normal"].read_bytes()).hexdigest()
    return Path(__file__).read_bytes() + version("matplotlib").encode() + hangul.encode()


def _drawing_key(drawn: tuple) -> str:
    return hashlib.sha256(_drawing_code() + repr(drawn).encode("utf-8")).hexdigest()


def _render_svg(
    key: str, unit: str, pts: list[Point], lang: str, title: str, kind_text: str, status_labels: dict[str, str]
) -> str:
    fig = _draw(CHARTS.get(key, "bars"), pts, unit, lang, status_labels)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return _finish_svg(buffer.getvalue(), f"chart-{key}", title, description(pts, kind_text, status_labels))
