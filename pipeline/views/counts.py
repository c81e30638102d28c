"""Counts over time: events per day (or week) by type, and drones and missiles launched
per night, stacked (drones, ballistic, cruise, other missiles). The same filters as the
timeline, the same days on screen; as figures and as plain tables for CSV.

Only what happened is counted: occurred events dated to the day (the week too, in weekly
bins). Plans, hypothetical events and events known only to the month are left out.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..settings import SETTINGS
from .filters import ChartOptions, Filters
from .prepared import DAY_MS
from .safe import plot_text
from .style import Style, axis_defaults, base_layout, type_colour, type_label, type_names, type_quantities
from .words import count

COUNTED_COLUMNS = ("type", "date_start", "drones", "missiles", "ballistic", "cruise")
LAUNCH_PARTS = (("drones", "Drones", "#E69F00"), ("ballistic", "Ballistic missiles", "#B2182B"),
                ("cruise", "Cruise missiles", "#2166AC"), ("other_missiles", "Other missiles", "#8C8C8C"))


def _counted(filtered: pd.DataFrame, per: str) -> pd.DataFrame:
    precisions = ("day", "week") if per == "week" else ("day",)
    keep = ((filtered["status"] == "occurred") & filtered["date_start"].notna()
            & filtered["precision"].isin(precisions)).to_numpy()
    return filtered.loc[keep, [c for c in COUNTED_COLUMNS if c in filtered]]


def _period(days: pd.Series, per: str) -> pd.Series:
    days = days.dt.normalize()
    if per == "week":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")  # the Monday
    return days


def counts_frame(filtered: pd.DataFrame, per: str = "day") -> pd.DataFrame:
    """One row per day (or week, from its Monday), one column per type present."""
    events = _counted(filtered, per)
    if events.empty:
        return pd.DataFrame(columns=["period"])
    table = (events.assign(period=_period(events["date_start"], per))
             .groupby(["period", "type"]).size().unstack("type", fill_value=0))
    table = table[[t for t in type_names(table.columns) if t in table.columns]]
    return table.reset_index().rename_axis(columns=None)


def launches_frame(filtered: pd.DataFrame, per: str = "day") -> pd.DataFrame:
    """Drones and missiles launched, per night (the morning it ends: the event's day) or week."""
    kinds = [t for t in type_names(filtered["type"].unique()) if {"drones", "missiles"} & set(type_quantities(t))]
    events = _counted(filtered[filtered["type"].isin(kinds)], per)
    columns = ["period", *(name for name, _, _ in LAUNCH_PARTS)]
    if events.empty:
        return pd.DataFrame(columns=columns)

    def number(column: str) -> pd.Series:
        return events[column].astype("Float64").fillna(0).astype(float) if column in events else 0.0

    ballistic, cruise = number("ballistic"), number("cruise")
    missiles = np.maximum(number("missiles"), ballistic + cruise)
    parts = pd.DataFrame({"period": _period(events["date_start"], per), "drones": number("drones"),
                          "ballistic": ballistic, "cruise": cruise,
                          "other_missiles": np.maximum(missiles - ballistic - cruise, 0)})
    table = parts.groupby("period", as_index=False).sum()
    table = table[table.iloc[:, 1:].sum(axis=1) > 0]
    for name, _, _ in LAUNCH_PARTS:
        table[name] = table[name].astype("int64")
    return table.reset_index(drop=True)


def _range_layout(style: Style, shown: tuple[dt.date, dt.date] | None, title: str, subtitle: str,
                  height: int) -> dict:
    layout = base_layout(style)
    xaxis = dict(type="date", fixedrange=True, **axis_defaults(style))
    if shown:
        xaxis["range"] = [pd.Timestamp(shown[0]).strftime("%Y-%m-%d"),
                          (pd.Timestamp(shown[1]) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")]
    # Under the chart, growing downwards: in half a page the parts take two or three rows,
    # which above the plot ran into the subtitle.
    layout["legend"].update(traceorder="normal", yref="container", y=0, yanchor="bottom")
    layout.update(
        barmode="stack", bargap=0.15, hovermode="closest", height=height, dragmode=False,
        margin=dict(l=10, r=20, t=style.top_margin - 55, b=60),
        title=dict(text=plot_text(title), x=0.01, xanchor="left", xref="container", yref="container", y=1,
                   yanchor="top", pad=dict(t=12), font=dict(size=style.title_size - 2),
                   subtitle=dict(text=plot_text(subtitle), font=dict(size=style.font_size))),
        xaxis=xaxis, yaxis=dict(fixedrange=True, rangemode="tozero", **axis_defaults(style)),
    )
    return layout


def _bin_width(per: str) -> float:
    return (7 if per == "week" else 1) * DAY_MS * 0.85


def _centres(periods: pd.Series, per: str) -> np.ndarray:
    days = 7 if per == "week" else 1
    return periods.astype("datetime64[ns]").astype("int64").to_numpy() / 1e6 + days * DAY_MS / 2


def counts_figure(filtered: pd.DataFrame, filters: Filters = Filters(), options: ChartOptions = ChartOptions(),
                  *, style: Style, shown: tuple[dt.date, dt.date] | None = None, height: int = 360) -> go.Figure:
    """Events per day (or week) by type, stacked, in the types' colours."""
    table = counts_frame(filtered, options.per)
    unit = "week" if options.per == "week" else "day"
    parts = [(kind, type_label(kind, plural=True), type_colour(kind)) for kind in table.columns if kind != "period"]
    traces = stacked_traces(table, parts, options.per,
                            f"<b>%{{fullData.name}}</b>: %{{y}}<br>{unit} of %{{x|%a %-d %b %Y}}<extra></extra>")
    total = int(table.drop(columns="period").to_numpy().sum()) if len(table) else 0
    subtitle = f"{filters.describe()} · {count(total, 'event')} that occurred, dated to the {unit}"
    layout = _range_layout(style, shown, f"Events per {unit}, by type", subtitle, height)
    layout["yaxis"]["title"] = dict(text=f"events per {unit}")
    _whole_ticks(layout, table.drop(columns="period").sum(axis=1).max() if len(table) else 0)
    return go.Figure(data=traces, layout=layout, _validate=False)


def launches_figure(filtered: pd.DataFrame, filters: Filters = Filters(), options: ChartOptions = ChartOptions(),
                    *, style: Style, shown: tuple[dt.date, dt.date] | None = None, height: int = 360) -> go.Figure:
    """Drones and missiles launched per night (or week), stacked, the biggest nights labelled."""
    table = launches_frame(filtered, options.per)
    unit = "week" if options.per == "week" else "night"
    x = _centres(table["period"], options.per) if len(table) else np.zeros(0)
    parts = [part for part in LAUNCH_PARTS if len(table) and table[part[0]].sum()]
    traces = stacked_traces(table, parts, options.per,
                            f"<b>%{{fullData.name}}</b>: %{{y:,}}<br>{unit} ending %{{x|%a %-d %b %Y}}<extra></extra>")
    totals = table.drop(columns="period").sum(axis=1) if len(table) else pd.Series(dtype=float)
    drones = int(table["drones"].sum()) if len(table) else 0
    missiles = int(totals.sum()) - drones if len(table) else 0
    subtitle = (f"{filters.describe()} · {count(drones, 'drone')} and {count(missiles, 'missile')} "
                f"in {count(len(table), unit)} with figures stated")
    layout = _range_layout(style, shown, f"Drones and missiles launched per {unit}", subtitle, height)
    layout["yaxis"]["title"] = dict(text=f"launched per {unit}")
    _whole_ticks(layout, totals.max() if len(table) else 0)
    if len(table):
        # The biggest nights carry their totals, so a slide needs no hover to be read.
        top = totals.sort_values(ascending=False, kind="stable").index[:5]
        layout["annotations"] = [dict(x=x[i], y=float(totals[i]), text=plot_text(f"{int(totals[i]):,}"),
                                      showarrow=False, yanchor="bottom", yshift=2,
                                      font=dict(size=style.font_size - 1, color=style.text_colour))
                                 for i in top if totals[i] > 0]
    return go.Figure(data=traces, layout=layout, _validate=False)


def stacked_traces(table: pd.DataFrame, parts: list[tuple[str, str, str]], per: str, hover: str, *,
                   max_bars: int | None = None) -> list[dict]:
    """One trace per part (column, name, colour) of `table`, stacked: a bar a period, or past
    `max_bars` bars (SETTINGS.counts_max_bars), filled steps over every period of the range,
    so that a long range costs the browser one outline a part, not thousands of bars."""
    limit = SETTINGS.counts_max_bars if max_bars is None else max_bars
    if len(table) * len(parts) <= limit:
        x = _centres(table["period"], per)
        return [dict(type="bar", x=x, y=table[column].to_numpy(), width=_bin_width(per), name=name,
                     marker=dict(color=colour, line=dict(width=0)), hovertemplate=hover)
                for column, name, colour in parts]
    # Every period, empty ones at 0, and one past the last to close its step.
    step = pd.Timedelta(days=7 if per == "week" else 1)
    grid = pd.date_range(table["period"].min(), table["period"].max() + step, freq=step)
    steps = table.set_index("period").reindex(grid, fill_value=0)
    x = grid.as_unit("ns").asi8 / 1e6
    return [dict(type="scatter", mode="lines", x=x, y=steps[column].to_numpy(), name=name, stackgroup="counts",
                 line=dict(shape="hv", width=0, color=colour), fillcolor=colour, hoveron="points",
                 hovertemplate=hover)
            for column, name, colour in parts]


def _whole_ticks(layout: dict, highest: float) -> None:
    """Counts are whole numbers: no tick at 0.2 of an event."""
    layout["yaxis"]["tickformat"] = ",d"
    if highest <= 6:
        layout["yaxis"]["dtick"] = 1


def counts_csv_frame(filtered: pd.DataFrame, options: ChartOptions) -> pd.DataFrame:
    """The table behind the counts chart on screen, with readable column names."""
    if options.counts == "launches":
        table = launches_frame(filtered, options.per)
        names = {name: label.lower() for name, label, _ in LAUNCH_PARTS}
    else:
        table = counts_frame(filtered, options.per)
        names = {kind: type_label(kind, plural=True).lower() for kind in table.columns if kind != "period"}
    first = "week from" if options.per == "week" else ("night ending" if options.counts == "launches" else "day")
    table = table.rename(columns={"period": first, **names})
    if len(table):
        table[first] = pd.to_datetime(table[first]).dt.strftime("%Y-%m-%d")
    return table

