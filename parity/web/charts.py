"""Plotly figures for the pages, as JSON for `Plotly.newPlot` (see static/charts.js).

- `timeline_figure`: a dyad's moves, x = date, y = who acts on whom, colour = status,
  size = quantity; hover shows the move, quantity and the evidence sentence; stated
  answers are solid lines, inferred ones dotted.
- `ledger_figure`: personnel and facilities per side after each dated step.
- `simulation_figure`: the outcome distribution of a simulation (from `outcome_histograms`).

Text from articles goes into hover labels HTML-escaped: plotly renders a small set of
tags in labels, and an article's own tags must show as text.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from parity.model import Event, Link, StoryEvent

STATUS_COLOURS = {
    "occurred": "#1d4e89",
    "announced": "#2a9d8f",
    "threatened": "#e76f51",
    "considered": "#e9b949",
    "denied": "#8d99ae",
}
SIDE_COLOURS = ("#1d4e89", "#c0392b")
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _layout(**extra: Any) -> dict[str, Any]:
    layout = {
        "template": "plotly_white",
        "font": FONT,
        "margin": {"l": 70, "r": 20, "t": 40, "b": 50},
        "hoverlabel": {"align": "left"},
        "legend": {"orientation": "h", "y": 1.12, "x": 0},
    }
    layout.update(extra)
    return layout


def plot_date(value: str | None, *, end: bool = False) -> str | None:
    """Where a possibly partial ISO date sits on a date axis: the day itself, else the
    middle of its month or year (`end`: the last day, as the ledger counts it)."""
    match = _ISO.match(value or "")
    if not match:
        return None
    year, month, day = match.groups()
    if day:
        return value
    if month:
        return f"{year}-{month}-{'28' if end else '15'}"
    return f"{year}-12-31" if end else f"{year}-07-01"


def _lane(event: StoryEvent) -> str:
    return f"{event.source or '?'} → {event.target or '?'}"


def _escaped(text: str, width: int = 80) -> str:
    """Article text for a hover label: escaped, wrapped with <br>."""
    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    return "<br>".join(html.escape(line) for line in lines[:8]) + ("…" if len(lines) > 8 else "")


def marker_size(quantity: int | None) -> float:
    """Marker diameter: 9 px without a quantity, growing with the log of the quantity."""
    return 9.0 if quantity is None else round(10.0 + 7.0 * math.log10(1 + max(quantity, 0)), 1)


def timeline_figure(
    dyad: Sequence[str],
    events: Iterable[StoryEvent],
    links: Iterable[Link] = (),
    reports: dict[str, Event] | None = None,
) -> go.Figure:
    """One marker per dated event (undated events are not plotted)."""
    reports = reports or {}
    a, b = dyad
    dated = [(e, plot_date(e.date)) for e in events]
    dated = [(e, x) for e, x in dated if x is not None]
    lanes = [f"{b} → {a}", f"{a} → {b}"]
    lanes += sorted({_lane(e) for e, _ in dated} - set(lanes))
    where = _positions(dated, lanes)
    fig = go.Figure()
    for kind, dash in (("stated", "solid"), ("inferred", "dot")):
        xs: list[Any] = []
        ys: list[Any] = []
        for link in links:
            if link.kind == kind and link.source_event in where and link.target_event in where:
                (x0, y0), (x1, y1) = where[link.target_event], where[link.source_event]
                xs += [x0, x1, None]
                ys += [y0, y1, None]
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    name=f"{kind} answer",
                    line={"width": 1.2, "dash": dash, "color": "#6c757d"},
                    hoverinfo="skip",
                )
            )
    for status, colour in STATUS_COLOURS.items():
        chosen = [(e, x) for e, x in dated if e.status == status]
        if not chosen:
            continue
        custom = []
        for e, _ in chosen:
            evidence = next(
                (
                    reports[k].evidence.text
                    for k in e.reports
                    if k in reports and reports[k].evidence is not None
                ),
                "",
            )
            custom.append(
                [
                    e.id,
                    e.date or "",
                    e.move,
                    "–" if e.quantity is None else f"{e.quantity:,} {e.unit or ''}".strip(),
                    html.escape(e.source_actor or "–"),
                    _escaped(evidence) if evidence else "(no evidence sentence)",
                    len(e.reports),
                    _lane(e),
                ]
            )
        fig.add_trace(
            go.Scatter(
                x=[x for _, x in chosen],
                y=[where[e.id][1] for e, _ in chosen],
                mode="markers",
                name=status,
                marker={
                    "color": colour,
                    "size": [marker_size(e.quantity) for e, _ in chosen],
                    "line": {"width": 1, "color": "white"},
                    "opacity": 0.9,
                },
                customdata=custom,
                hovertemplate=(
                    "<b>%{customdata[2]}</b> · %{customdata[3]}<br>"
                    "%{customdata[7]} · %{customdata[1]} · " + status + "<br>"
                    "actor: %{customdata[4]} · reports: %{customdata[6]}<br>"
                    "<i>%{customdata[5]}</i><extra>%{customdata[0]}</extra>"
                ),
            )
        )
    fig.update_layout(
        **_layout(
            height=140 + 110 * len(lanes),
            hovermode="closest",
            xaxis={"type": "date", "title": None},
            yaxis={
                "tickmode": "array",
                "tickvals": list(range(len(lanes))),
                "ticktext": lanes,
                "range": [-0.6, len(lanes) - 0.4],
                "zeroline": False,
                "title": None,
            },
        )
    )
    return fig


def _positions(
    dated: list[tuple[StoryEvent, str]], lanes: list[str]
) -> dict[str, tuple[str, float]]:
    """(x, y) of each event: y is its lane's index, spread a little when several events
    share a lane and a day so that none hides another."""
    groups: dict[tuple[str, str], list[StoryEvent]] = {}
    for e, x in dated:
        groups.setdefault((_lane(e), x), []).append(e)
    where = {}
    for (lane, x), group in groups.items():
        n = len(group)
        step = 0.0 if n == 1 else min(0.18, 0.8 / (n - 1))
        for k, e in enumerate(group):
            where[e.id] = (x, lanes.index(lane) + (k - (n - 1) / 2) * step)
    return where


def ledger_figure(rows: Iterable[dict[str, Any]], sides: Sequence[str]) -> go.Figure | None:
    """Personnel and facilities per side after each dated step; a side whose starting
    level is unknown is drawn as its net change since the start. None without steps."""
    rows = list(rows)
    if not rows:
        return None
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Personnel", "Facilities"))
    for col, measure in enumerate(("personnel", "facilities"), start=1):
        for colour, side in zip(SIDE_COLOURS, sides, strict=False):
            points = [r for r in rows if r["side"] == side and r["measure"] == measure]
            if not points:
                continue
            known = any(r["value"] is not None for r in points)
            ys = [r["value"] if known else r["change"] for r in points]
            label = f"{side.replace('_in_', ' in ')} {measure}" + ("" if known else " (net change)")
            fig.add_trace(
                go.Scatter(
                    x=[plot_date(r["date"], end=True) for r in points],
                    y=ys,
                    mode="lines+markers",
                    line={"shape": "hv", "color": colour, "dash": "solid" if known else "dash"},
                    marker={"size": 7},
                    name=label,
                    customdata=[[r["date"], _escaped(r["note"] or "", 60)] for r in points],
                    hovertemplate=label + "<br>%{customdata[0]}: %{y:,}<br>%{customdata[1]}"
                    "<extra></extra>",
                ),
                row=1,
                col=col,
            )
    fig.update_xaxes(type="date")
    fig.update_layout(
        **_layout(
            height=340,
            margin={"l": 60, "r": 20, "t": 40, "b": 80},
            legend={"orientation": "h", "y": -0.22, "x": 0},
        )
    )
    return fig


def _bins(values: Sequence[np.ndarray], max_bins: int = 30) -> np.ndarray:
    lo = int(min(int(v.min()) for v in values))
    hi = int(max(int(v.max()) for v in values))
    if hi - lo + 1 <= max_bins:
        return np.arange(lo, hi + 2) - 0.5  # one bar per whole number
    return np.histogram_bin_edges(np.concatenate(values), bins=max_bins, range=(lo, hi))


def outcome_histograms(result: Any) -> dict[str, Any]:
    """Histograms of a `SimulationResult`: runs per highest level reached, and per amount of
    personnel and facilities left on each side (`edges` has one more entry than `runs`)."""
    summary = result.summary()
    side_a, side_b = summary.dyad
    out: dict[str, Any] = {
        "max_level": {
            "levels": list(range(len(summary.max_level_hist))),
            "moves": list(summary.level_moves),
            "runs": list(summary.max_level_hist),
        }
    }
    for measure, (left_a, left_b) in (
        ("personnel", (result.personnel_a, result.personnel_b)),
        ("facilities", (result.facilities_a, result.facilities_b)),
    ):
        edges = _bins([left_a, left_b])
        out[measure] = {
            side: {
                "edges": [float(x) for x in edges],
                "runs": [int(c) for c in np.histogram(values, bins=edges)[0]],
            }
            for side, values in ((side_a, left_a), (side_b, left_b))
        }
    return out


def simulation_figure(histograms: dict[str, Any], dyad: Sequence[str]) -> go.Figure:
    """Three panels: highest escalation level reached; personnel left; facilities left."""
    fig = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=("Highest level reached", "Personnel left", "Facilities left"),
        horizontal_spacing=0.08,
    )
    levels = histograms["max_level"]
    fig.add_trace(
        go.Bar(
            x=[f"{lv} {mv}" for lv, mv in zip(levels["levels"], levels["moves"], strict=False)],
            y=levels["runs"],
            name="runs",
            marker={"color": "#6c5ce7"},
            showlegend=False,
            hovertemplate="%{x}: %{y:,} runs<extra></extra>",
        ),
        row=1,
        col=1,
    )
    for col, measure in ((2, "personnel"), (3, "facilities")):
        for colour, side in zip(SIDE_COLOURS, dyad, strict=False):
            hist = histograms[measure][side]
            edges = np.asarray(hist["edges"])
            fig.add_trace(
                go.Bar(
                    x=((edges[:-1] + edges[1:]) / 2).tolist(),
                    y=hist["runs"],
                    width=np.diff(edges).tolist(),
                    name=side,
                    legendgroup=side,
                    showlegend=col == 2,
                    marker={"color": colour},
                    opacity=0.6,
                    hovertemplate=side + " left %{x:,.0f}: %{y:,} runs<extra></extra>",
                ),
                row=1,
                col=col,
            )
    fig.update_layout(
        **_layout(
            height=380,
            barmode="overlay",
            bargap=0.05,
            margin={"l": 60, "r": 20, "t": 80, "b": 110},
            legend={"orientation": "h", "y": 1.22, "x": 1, "xanchor": "right"},
        )
    )
    fig.update_xaxes(tickangle=-30, row=1, col=1)
    fig.update_yaxes(title_text="runs", row=1, col=1)
    return fig


def figure_json(fig: go.Figure | None) -> str | None:
    """The figure as JSON for a page (None stays None)."""
    return None if fig is None else fig.to_json()
