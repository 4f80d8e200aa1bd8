"""A story as a plotly timeline: one lane per direction of each dyad.

Markers sit at each event's date (a thin bar spans a month or a year when that is all
that is known), coloured by move, shaped by status (filled: real; open: threatened or
considered; x: denied) and sized by quantity. Stated links are solid lines from an
answer back to its cause, inferred ones dotted. HTML output embeds plotly.js (no CDN,
works offline); PNG goes through kaleido.
"""

from __future__ import annotations

import math
from pathlib import Path

from parity.errors import ParityError
from parity.fuse import spans
from parity.model import Story, StoryEvent

STATUS_SYMBOL = {
    "occurred": "circle",
    "announced": "diamond",
    "threatened": "circle-open",
    "considered": "diamond-open",
    "denied": "x-thin-open",
}

# a qualitative palette (plotly's "D3"), one colour per move in order of appearance
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)


def _lane(ev: StoryEvent) -> str:
    return f"{ev.source or '?'} → {ev.target or '?'}"


def _hover(ev: StoryEvent) -> str:
    parts = [
        f"<b>{ev.id}</b> {ev.date}",
        f"{_lane(ev)}: {ev.move}" + (f" {ev.quantity}" if ev.quantity is not None else ""),
        f"status: {ev.status}",
        f"reports ({len(ev.reports)}): "
        + ", ".join(ev.reports[:6])
        + (" …" if len(ev.reports) > 6 else ""),
    ]
    if ev.source_actor:
        parts.insert(2, f"actor: {ev.source_actor}")
    if ev.responds_to:
        parts.append("answers (stated): " + ", ".join(ev.responds_to))
    if ev.inferred_responds_to:
        parts.append("answers (inferred): " + ", ".join(ev.inferred_responds_to))
    return "<br>".join(parts)


def timeline_figure(story: Story, title: str | None = None):
    """A plotly Figure of the story's dated events and their links."""
    import plotly.graph_objects as go

    dated = [(ev, spans.parse(ev.date)) for ev in story.events]
    dated = [(ev, s) for ev, s in dated if s is not None]
    undated = len(story.events) - len(dated)
    fig = go.Figure()
    where = {ev.id: (spans.iso_day(round(s.mid)), _lane(ev)) for ev, s in dated}

    bars_x: list = []
    bars_y: list = []
    for ev, s in dated:
        if s.precision != "day":
            bars_x += [spans.iso_day(s.start), spans.iso_day(s.end), None]
            bars_y += [_lane(ev), _lane(ev), None]
    if bars_x:
        fig.add_trace(
            go.Scatter(
                x=bars_x,
                y=bars_y,
                mode="lines",
                line={"width": 6, "color": "rgba(120,120,120,0.25)"},
                name="date known to month / year",
                hoverinfo="skip",
            )
        )

    for kind, dash in (("stated", "solid"), ("inferred", "dot")):
        xs: list = []
        ys: list = []
        for link in story.links:
            if (
                link.kind != kind
                or link.source_event not in where
                or link.target_event not in where
            ):
                continue
            (x0, y0), (x1, y1) = where[link.target_event], where[link.source_event]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"width": 1, "dash": dash, "color": "#555"},
                    name=f"{kind} answer",
                    hoverinfo="skip",
                )
            )

    moves: list[str] = []
    for ev, _ in dated:
        if ev.move not in moves:
            moves.append(ev.move)
    for n, move in enumerate(moves):
        group = [(ev, s) for ev, s in dated if ev.move == move]
        fig.add_trace(
            go.Scatter(
                x=[spans.iso_day(round(s.mid)) for _, s in group],
                y=[_lane(ev) for ev, _ in group],
                mode="markers",
                name=move,
                marker={
                    "color": PALETTE[n % len(PALETTE)],
                    "symbol": [STATUS_SYMBOL.get(ev.status, "circle") for ev, _ in group],
                    "size": [10 + 4 * math.log10(1 + (ev.quantity or 0)) for ev, _ in group],
                    "line": {"width": 2, "color": PALETTE[n % len(PALETTE)]},
                },
                text=[_hover(ev) for ev, _ in group],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    heading = title or "parity story"
    if undated:
        heading += f" ({undated} undated event{'s' if undated != 1 else ''} not shown)"
    fig.update_layout(
        title=heading,
        xaxis={"title": "date", "type": "date"},
        yaxis={"title": "", "type": "category", "categoryorder": "category ascending"},
        template="plotly_white",
        height=300 + 60 * len({_lane(ev) for ev, _ in dated}),
        legend={"title": "move"},
    )
    return fig


def write_timeline(story: Story, path: str | Path, title: str | None = None) -> Path:
    """Write the timeline as .html (plotly.js inline, no CDN) or .png (kaleido)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".png"):
        raise ParityError(f"{path}: plot must end in .html or .png")
    fig = timeline_figure(story, title)
    try:
        if suffix == ".png":
            path.write_bytes(_png(fig))
        else:
            fig.write_html(str(path), include_plotlyjs=True, full_html=True)
    except OSError as exc:
        raise ParityError(f"{path}: cannot write plot ({exc})") from exc
    return path


def _png(fig) -> bytes:
    """PNG bytes through kaleido: plotly's own exporter, else kaleido 0.2's scope directly."""
    width, height = 1200, int(fig.layout.height or 500)
    try:
        return fig.to_image(format="png", width=width, height=height)
    except (RuntimeError, ValueError, ImportError) as first:
        try:
            from kaleido.scopes.plotly import PlotlyScope

            return PlotlyScope(mathjax=False).transform(
                fig.to_dict(), format="png", width=width, height=height
            )
        except (ImportError, ValueError, RuntimeError) as exc:
            raise ParityError(
                "PNG export failed: the installed kaleido cannot run this plotly "
                "(kaleido 0.2.1 needs plotly<6; kaleido>=1 needs Chrome); write .html instead "
                f"({str(exc).strip() or first})"
            ) from exc
