"""The timeline: one lane per event type (or per actor), every event a mark with a short
label where one fits, the rest counted per lane ("+12 more").

The figure carries no more than it shows: only the marks of the days on screen, hover
text assembled in the browser from a few `customdata` columns (none at all above the
WebGL threshold, where a selection is read back through `Timeline.trace_ids`), and one
trace per type and kind of mark.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..model import STATUSES
from ..settings import SETTINGS
from .filters import ChartOptions, Filters, effective_filters
from .labels import event_labels, text_width
from .lanes import ANNOUNCED_LANE, Geometry, geometry, shown_range
from .prepared import PreparedTable, apply_filters, prepare, source_names
from .safe import plot_text
from .style import (ANNOUNCED_SYMBOL, BRIEFING_STYLE, CERTAIN_OPACITY, SCREEN_STYLE, STATUS_PATTERNS,
                    STATUS_SYMBOLS, UNCERTAIN_OPACITY, Style, axis_defaults, base_layout, rgba, type_colour,
                    type_label, type_names)
from .words import count, format_day, short_day

LEGEND_GREY = "#555555"
# What the timeline reads of each row.
DRAWN_COLUMNS = ("event_id", "type", "status", "date_start", "date_end", "actors", "places", "drones", "missiles",
                 "ballistic", "cruise", "killed", "injured", "prisoners", "n_sources", "_date_label", "_uncertain",
                 "_announced", "_is_span", "_start_ms", "_end_ms", "_mid_ms", "_priority", "_hover")


@dataclass
class Timeline:
    figure: go.Figure
    trace_ids: list[list[str] | None] = field(default_factory=list)  # event ids of each trace's points
    shown: tuple[pd.Timestamp, pd.Timestamp] | None = None  # first and last day on screen
    labelled: int = 0  # events with a label
    summarised: int = 0  # events in range without one (counted in "+N more")
    earlier: int = 0  # events before the range on screen
    later: int = 0
    geometry: Geometry | None = None  # where its marks and labels went


def style_for(options: ChartOptions) -> Style:
    return BRIEFING_STYLE if options.briefing else SCREEN_STYLE


def timeline_figure(table: PreparedTable | pd.DataFrame, filters: Filters = Filters(),
                    options: ChartOptions = ChartOptions(), *, filtered: pd.DataFrame | None = None) -> go.Figure:
    return timeline(table, filters, options, filtered=filtered).figure


def timeline(table: PreparedTable | pd.DataFrame, filters: Filters = Filters(),
             options: ChartOptions = ChartOptions(), *, filtered: pd.DataFrame | None = None,
             style: Style | None = None) -> Timeline:
    """The timeline of the filtered events, its selection map and what it left out."""
    if not isinstance(table, PreparedTable):
        table = prepare(table)
    filters = effective_filters(filters, options)
    if filtered is None:
        filtered = apply_filters(table, filters)
    style = style or style_for(options)
    known = filtered["date_start"].notna().to_numpy()
    columns = [c for c in DRAWN_COLUMNS if c in filtered]
    # taking rows copies every column: when every row is dated (most views) take none
    dated = filtered[columns] if known.all() else filtered.loc[known, columns]
    legend_names = _legend_names(dated)
    title_block, legend_rows = _top_block(style), _legend_rows(legend_names, style)
    style = replace(style, top_margin=title_block + legend_rows * _legend_row(style) + 8,
                    right_margin=max(style.right_margin, _more_width(len(dated), style)))
    layout = base_layout(style)
    layout["legend"].update(yref="container", y=1 - title_block / _height_guess(style), yanchor="top")
    layout.update(
        hovermode="closest", dragmode="pan", selectdirection="h",
        margin=dict(l=10, r=style.right_margin, t=style.top_margin, b=style.bottom_margin),
        annotations=[_footnote(source_names(table, filtered), options, style)],
    )
    shown = shown_range(dated, options)
    layout["title"] = _title(filtered, filters, options, style, shown)
    if shown is None:
        layout.update(height=style.fixed_height or 320, xaxis=dict(visible=False), yaxis=dict(visible=False))
        return Timeline(go.Figure(data=[], layout=layout, _validate=False))

    marks_end = dated["_end_ms"].to_numpy()
    earlier = int((marks_end <= shown[0]).sum())
    later = int((dated["_start_ms"].to_numpy() >= shown[1]).sum())
    geo = geometry(dated, filtered, options, style, shown, _label_source(dated))
    webgl = len(geo.row) > SETTINGS.webgl_threshold
    traces, trace_ids = _mark_traces(dated, geo, style, webgl)
    traces += _legend_traces(dated, geo, style)

    annotations = layout["annotations"] + _label_annotations(dated, geo, style) + _more_annotations(geo, style)
    layout["legend"]["y"] = 1 - title_block / geo.height
    layout.update(
        height=geo.height, annotations=annotations, shapes=_lane_shapes(geo),
        xaxis=dict(type="date", range=[_iso(shown[0]), _iso(shown[1])], fixedrange=True,
                   title=dict(text=plot_text(_outside_words(earlier, later, dated, shown)),
                              font=dict(size=style.font_size - 1, color="#555555"), standoff=4),
                   **axis_defaults(style)),
        yaxis=dict(tickmode="array", tickvals=geo.lane_centres, ticktext=[plot_text(n) for n in geo.lane_names],
                   range=[geo.total_rows + 0.15, -0.15], fixedrange=True, showgrid=False, zeroline=False,
                   ticklabelstandoff=8, automargin=True, ticks=""),
    )
    labelled_events = {str(dated["event_id"].iat[int(geo.row[key])]) for key in geo.labels}
    first_day = pd.Timestamp(shown[0], unit="ms").ceil("D")
    last_day = pd.Timestamp(shown[1], unit="ms").floor("D") - pd.Timedelta(days=1)
    # The traces are built here from known-good parts; skipping plotly's per-element
    # validation keeps a 50,000-event redraw fast (the tests validate the output).
    return Timeline(go.Figure(data=traces, layout=layout, _validate=False), trace_ids,
                    shown=(first_day, max(first_day, last_day)), labelled=len(labelled_events),
                    summarised=sum(geo.unlabelled.values()), earlier=earlier, later=later, geometry=geo)


def _iso(milliseconds: float) -> str:
    return pd.Timestamp(milliseconds, unit="ms").strftime("%Y-%m-%d %H:%M")


FIGURE_COLUMNS = ("drones", "missiles", "ballistic", "cruise", "killed", "injured", "prisoners")


def _label_source(dated: pd.DataFrame):
    """`row → label versions`, reading the few columns a label needs once."""
    columns = {name: dated[name].to_numpy(dtype=object, na_value=None) for name in FIGURE_COLUMNS if name in dated}
    kinds, statuses = dated["type"].to_numpy(), dated["status"].to_numpy()
    actors, places = dated["actors"].to_numpy(), dated["places"].to_numpy()
    announced, starts = dated["_announced"].to_numpy(), dated["date_start"].to_numpy()

    def versions(row: int) -> list[str]:
        figures = {name: values[row] for name, values in columns.items()}
        return event_labels(kinds[row], statuses[row], figures, list(actors[row]), list(places[row]),
                            starts[row] if announced[row] else None)

    return versions


def _mark_traces(dated: pd.DataFrame, geo: Geometry, style: Style,
                 webgl: bool) -> tuple[list[dict], list[list[str] | None]]:
    """Per type: single-day marks that occurred (filled), those that did not (open: the
    status is the symbol), and spans. Above the WebGL threshold the points carry no
    customdata (the selection is read back through the ids kept here) and float32 positions."""
    traces: list[dict] = []
    ids: list[list[str] | None] = []
    kinds = dated["type"].to_numpy()[geo.row]
    statuses = dated["status"].to_numpy()[geo.row]
    announced = dated["_announced"].to_numpy()[geo.row]
    spans = dated["_is_span"].to_numpy()[geo.row]
    filled = (statuses == "occurred") & ~announced
    event_ids = dated["event_id"].to_numpy()[geo.row]
    columns = None
    if not webgl:
        status_words = np.where(announced, np.char.add(statuses.astype(str), ", announced; date not given"),
                                statuses.astype(str)).astype(object)
        columns = np.column_stack([event_ids, dated["_date_label"].to_numpy()[geo.row],
                                   dated["_hover"].to_numpy()[geo.row], status_words,
                                   dated["n_sources"].to_numpy()[geo.row].astype(str)])
    number = np.float32 if webgl else np.float64
    # codes, not string comparisons: a 50,000-event view compares each type once
    codes, present = pd.factorize(kinds)
    code_of = {kind: code for code, kind in enumerate(present)}
    for kind in type_names(present):
        if kind not in code_of:
            continue
        colour = type_colour(kind)
        name = type_label(kind, plural=True)
        of_kind = codes == code_of[kind]
        for group, selected in (("filled", of_kind & ~spans & filled), ("open", of_kind & ~spans & ~filled),
                                ("span", of_kind & spans)):
            positions = np.flatnonzero(selected)
            if not len(positions):
                continue
            trace = dict(name=name, legendgroup=kind, showlegend=False,
                         hovertemplate=_hover_template(webgl), y=geo.y[positions].astype(number),
                         unselected=dict(marker=dict(opacity=0.45)))
            if columns is not None:
                trace["customdata"] = columns[positions]
            if group == "span":
                trace.update(_span_trace(dated, geo, positions, statuses[positions], colour, style, webgl))
            else:
                x = dated["_mid_ms"].to_numpy()[geo.row[positions]].astype(number)
                marker = dict(color=colour, size=style.marker_size, line=dict(width=1.0, color="white"))
                if group == "open":
                    symbols = np.where(announced[positions], ANNOUNCED_SYMBOL,
                                       [STATUS_SYMBOLS.get(s, "circle-open") for s in statuses[positions]])
                    unique = np.unique(symbols)
                    marker.update(symbol=str(unique[0]) if len(unique) == 1 else symbols.astype(str),
                                  line=dict(width=2.5, color=colour))
                trace.update(type="scattergl" if webgl else "scatter", mode="markers", x=x, marker=marker)
            traces.append(trace)
            ids.append(event_ids[positions].astype(str).tolist())
    seen = set()
    for trace in traces:  # one legend entry per type, on its first trace
        if trace["legendgroup"] not in seen:
            trace["showlegend"] = True
            seen.add(trace["legendgroup"])
    return traces, ids


def _hover_template(webgl: bool) -> str:
    if webgl:
        return "<b>%{fullData.name}</b> · %{x|%a %-d %b %Y}<extra></extra>"
    return ("<b>%{fullData.name}</b> · %{customdata[3]}<br>%{customdata[1]}<br>%{customdata[2]}"
            "<br>Sources: %{customdata[4]}<extra></extra>")


def _span_trace(dated, geo, positions, statuses, colour, style, webgl) -> dict:
    rows = geo.row[positions]
    start, end = dated["_start_ms"].to_numpy()[rows], dated["_end_ms"].to_numpy()[rows]
    uncertain = dated["_uncertain"].to_numpy()[rows]
    opacity = np.where(uncertain, UNCERTAIN_OPACITY, CERTAIN_OPACITY)
    if webgl:
        # WebGL has no bars: a thick translucent line per span (NaN breaks the line between spans).
        xs, ys = np.full(len(rows) * 3, np.nan), np.full(len(rows) * 3, np.nan)
        xs[0::3], xs[1::3] = start, end
        ys[0::3] = ys[1::3] = geo.y[positions]
        return dict(type="scattergl", mode="lines", x=xs, y=ys, connectgaps=False,
                    line=dict(color=rgba(colour, UNCERTAIN_OPACITY), width=style.marker_size * 0.6))
    marker = dict(color=colour, opacity=opacity, line=dict(color=colour, width=1.5))
    patterns = [STATUS_PATTERNS.get(s, "") for s in statuses]
    if any(patterns):
        marker["pattern"] = dict(shape=patterns, fgcolor="white", solidity=0.35)
    return dict(type="bar", orientation="h", base=start, x=end - start, width=0.62, marker=marker)


STYLE_ENTRIES = ("occurred", "planned (hollow)", "over several days", "week or month, exact day unknown")
HYPOTHETICAL_ENTRY = "hypothetical (asked for, not happened)"
ANNOUNCED_ENTRY = "announced, date not given"


def _legend_names(dated: pd.DataFrame) -> list[str]:
    present = dated["type"].unique()
    names = [type_label(kind, plural=True) for kind in type_names(present) if kind in set(present)]
    names += STYLE_ENTRIES
    if (dated["status"] == "hypothetical").any():
        names.append(HYPOTHETICAL_ENTRY)
    if dated["_announced"].any():
        names.append(ANNOUNCED_ENTRY)
    return names


def _legend_row(style: Style) -> int:
    return int(style.font_size * 2.0)


def _top_block(style: Style) -> int:
    """Pixels the title and subtitle take at the top."""
    return int(12 + style.title_size * 1.3 + 8 + style.font_size * 1.5)


def _height_guess(style: Style) -> int:
    return style.fixed_height or 600


def _legend_rows(names: list[str], style: Style) -> int:
    """Rows a horizontal legend of these entries takes in the figure's width."""
    rows, used = 1, 0.0
    width = style.width - 20
    for name in names:
        entry = 48 + text_width(name, max(11, style.font_size - 1))
        if used and used + entry > width:
            rows, used = rows + 1, 0.0
        used += entry
    return rows


def _legend_traces(dated: pd.DataFrame, geo: Geometry, style: Style) -> list[dict]:
    """Entries that explain the marks, in grey: what filled, hollow, bars and light bars mean."""
    statuses = set(dated["status"].to_numpy()[geo.row])
    line = dict(width=2.5, color=LEGEND_GREY)
    entries = [(STYLE_ENTRIES[0], dict(mode="markers", marker=dict(symbol="circle", color=LEGEND_GREY,
                                                                    size=style.marker_size))),
               (STYLE_ENTRIES[1], dict(mode="markers", marker=dict(symbol="circle-open", color=LEGEND_GREY,
                                                                    size=style.marker_size, line=line))),
               (STYLE_ENTRIES[2], dict(mode="lines", line=dict(color=rgba(LEGEND_GREY, CERTAIN_OPACITY),
                                                                width=style.marker_size * 0.7))),
               (STYLE_ENTRIES[3], dict(mode="lines", line=dict(color=rgba(LEGEND_GREY, UNCERTAIN_OPACITY),
                                                                width=style.marker_size * 0.7)))]
    if "hypothetical" in statuses:
        entries.append((HYPOTHETICAL_ENTRY, dict(mode="markers", marker=dict(
            symbol=STATUS_SYMBOLS["hypothetical"], color=LEGEND_GREY, size=style.marker_size, line=line))))
    if ANNOUNCED_LANE in geo.lane_names:
        entries.append((ANNOUNCED_ENTRY, dict(mode="markers", marker=dict(
            symbol=ANNOUNCED_SYMBOL, color=LEGEND_GREY, size=style.marker_size, line=line))))
    return [dict(type="scatter", x=[None], y=[None], name=name, legendgroup=f"style-{i}", hoverinfo="skip",
                 showlegend=True, legendrank=2000 + i, **spec) for i, (name, spec) in enumerate(entries)]


def _label_annotations(dated: pd.DataFrame, geo: Geometry, style: Style) -> list[dict]:
    mid, start, end = (dated[c].to_numpy() for c in ("_mid_ms", "_start_ms", "_end_ms"))
    spans = dated["_is_span"].to_numpy()
    half = style.marker_size / 2 + 1
    notes = []
    for key, (text, side) in sorted(geo.labels.items()):
        row = int(geo.row[key])
        if spans[row]:
            x, shift = (end[row], 6) if side == "right" else (start[row], -6)
        else:
            x, shift = mid[row], (half + 6 if side == "right" else -half - 6)
        notes.append(dict(text=plot_text(text), x=x, y=float(geo.y[key]), xref="x", yref="y",
                          xanchor="left" if side == "right" else "right", xshift=shift, yanchor="middle",
                          showarrow=False, font=dict(size=style.font_size - 1, color=style.text_colour)))
    return notes


MORE_SHIFT = 6  # pixels between the plot and "+12 more"


def _more_words(number: int) -> str:
    return f"+{number:,} more"


def _more_width(events: int, style: Style) -> int:
    """The right margin "+N more" needs when a lane holds all `events` unlabelled."""
    return int(text_width(_more_words(events), _more_size(style))) + MORE_SHIFT + 4


def _more_size(style: Style) -> int:
    return style.font_size - 2


def _more_annotations(geo: Geometry, style: Style) -> list[dict]:
    """'+12 more' in the right margin of each lane whose events are not all labelled."""
    return [dict(text=plot_text(_more_words(number)), x=1, xref="paper", xanchor="left", xshift=MORE_SHIFT,
                 y=geo.lane_centres[lane], yref="y", yanchor="middle", showarrow=False,
                 font=dict(size=_more_size(style), color="#555555"))
            for lane, number in sorted(geo.unlabelled.items()) if number]


def _lane_shapes(geo: Geometry) -> list[dict]:
    """A light band behind every other lane, so a reader's eye keeps to its lane."""
    return [dict(type="rect", xref="paper", x0=0, x1=1, yref="y", y0=top - 0.25, y1=bottom + 0.25,
                 fillcolor="#f4f4f4", line=dict(width=0), layer="below")
            for lane, (top, bottom) in enumerate(geo.lane_spans) if lane % 2 == 0]


def _outside_words(earlier: int, later: int, dated: pd.DataFrame, shown: tuple[float, float]) -> str:
    """'← 3 earlier events (since 4 Sep 2025) · 2 later →' for the axis title."""
    parts = []
    if earlier:
        first = dated["date_start"].min()
        parts.append(f"← {count(earlier, 'earlier event')} (from {short_day(first, with_year=True)})")
    if later:
        last = dated["date_end"].fillna(dated["date_start"]).max()
        parts.append(f"{count(later, 'later event')} (until {short_day(last, with_year=True)}) →")
    return " · ".join(parts)


def default_title(filtered: pd.DataFrame, filters: Filters, shown: tuple[float, float] | None = None) -> str:
    """'Strikes, Mon 19 Jan 2026 – Tue 3 Feb 2026': the types and the days the chart shows."""
    kinds = [type_label(t, plural=True) for t in (filters.types or type_names(filtered["type"].unique()))]
    if len(kinds) > 3 and not filters.types:
        what = "Events"
    else:
        what = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1].lower()
        what = what[0] + what[1:].lower()
    starts = filtered["date_start"]
    ends = filtered["date_end"].fillna(starts)
    if shown is not None:
        low = pd.Timestamp(shown[0], unit="ms").ceil("D")
        high = pd.Timestamp(shown[1], unit="ms").floor("D") - pd.Timedelta(days=1)
        inside = (ends >= low) & (starts <= high)
        starts, ends = starts[inside].clip(lower=low), ends[inside].clip(upper=high)
    if starts.dropna().empty:
        return what
    first, last = starts.min(), ends.max()
    span = format_day(first) if first == last else f"{format_day(first)} – {format_day(last)}"
    return f"{what}, {span}"


def _title(filtered: pd.DataFrame, filters: Filters, options: ChartOptions, style: Style,
           shown: tuple[float, float] | None = None) -> dict:
    title = options.title or default_title(filtered, filters, shown)
    undated = int(filtered["date_start"].isna().sum())
    subtitle = f"{filters.describe()} · {count(len(filtered), 'event')}"
    if undated:
        subtitle += f" ({undated:,} with no known date, not drawn)"
    return dict(text=plot_text(title), xref="container", x=0.01, xanchor="left",
                yref="container", y=1, yanchor="top", pad=dict(t=12),
                font=dict(size=style.title_size),
                subtitle=dict(text=plot_text(subtitle), font=dict(size=style.font_size)))


def source_footnote(names: list[str], source_labels, limit: int = 6) -> str:
    """'Sources: label; label; … and 3 more' (plain text)."""
    if not names:
        return "Sources: none"
    text = "; ".join(source_labels.get(name) or name for name in names[:limit])
    if len(names) > limit:
        text += f"; and {len(names) - limit} more"
    return f"Sources: {text}"


def _footnote(names: list[str], options: ChartOptions, style: Style) -> dict:
    lines = textwrap.wrap(source_footnote(names, options.source_labels), style.footnote_width,
                          max_lines=2, placeholder=" …")
    return dict(text="<br>".join(plot_text(line) for line in lines), xref="paper", yref="paper",
                x=0, y=0, yshift=-style.tick_space, xanchor="left", yanchor="top", showarrow=False,
                align="left", font=dict(size=max(11, style.font_size - 3), color="#555555"))


__all__ = ["STATUSES", "Timeline", "default_title", "source_footnote", "style_for", "timeline", "timeline_figure"]
