"""The event table as the views use it: derived columns computed once per table, the
filters applied as one vectorised mask, and the plain table a reader scans."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..settings import SETTINGS
from .filters import Filters
from .safe import plot_text
from .style import UNCERTAIN_PRECISIONS, type_label
from .words import format_day

DAY_MS = 86_400_000
VIEW_COLUMNS = ("event_id", "type", "status", "date_start", "date_end", "precision", "date_method", "actors",
                "places", "latitude", "longitude", "drones", "missiles", "ballistic", "cruise", "killed", "injured",
                "prisoners", "figures", "summary", "n_sources", "curation", "_date_label", "_uncertain",
                "_announced", "_is_span", "_start_ms", "_end_ms", "_mid_ms", "_priority", "_hover",
                "_first_place", "_map_line", "_place_group")
UNDATED_PLAN_STATUSES = ("planned", "hypothetical")


def _format_days(days: pd.Series) -> pd.Series:
    """format_day over a column; a table has far fewer distinct days than events."""
    labels = {day: format_day(day) for day in days.dropna().unique()}
    return days.map(labels)


def date_labels(frame: pd.DataFrame) -> pd.Series:
    """The resolved date as a reader says it, one label per event, from its precision.

    day: 'Tue 27 Jan 2026' (or 'Wed 21 Jan 2026 – Thu 22 Jan 2026'); week: 'week of …';
    month: 'January 2026'; year: '2025'; no date: 'date unknown'.
    """
    start, end = frame["date_start"], frame["date_end"].fillna(frame["date_start"])
    precision = frame["precision"]
    labels = pd.Series("date unknown", index=frame.index, dtype=object)
    known = start.notna()
    if not known.any():
        return labels
    first, last = _format_days(start.where(known)), _format_days(end.where(known))
    single = known & (start == end)
    labels[known & ~single] = first + " – " + last
    labels[single] = first
    week = known & (precision == "week")
    labels[week] = "week of " + first[week] + " – " + last[week]
    month = known & (precision == "month")
    labels[month] = start[month].map(lambda day: f"{day:%B %Y}")
    year = known & (precision == "year")
    labels[year] = start[year].dt.year.astype(str)
    return labels


def announced_only(frame: pd.DataFrame) -> pd.Series:
    """Plans (and hypothetical events) whose only date is the report's: the text gives
    none of its own (`date_method == "anchor"`) and no person set one by hand."""
    curated_date = frame["curation"].map(lambda items: "dates" in items) if "curation" in frame \
        else pd.Series(False, index=frame.index)
    return (frame["status"].isin(UNDATED_PLAN_STATUSES) & (frame["date_method"] == "anchor")
            & frame["date_start"].notna() & ~curated_date)


def _number(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].astype("Float64").fillna(0).astype(float) if column in frame \
        else pd.Series(0.0, index=frame.index)


def label_priority(frame: pd.DataFrame) -> pd.Series:
    """How much an event deserves a label: its figures and its number of sources first."""
    launches = _number(frame, "drones") + _number(frame, "missiles")
    return (10 * frame["n_sources"].astype("Float64").fillna(1).astype(float)
            + np.minimum(launches, 2000) / 20 + 3 * np.minimum(_number(frame, "killed"), 200)
            + np.minimum(_number(frame, "injured"), 200) + np.minimum(_number(frame, "prisoners"), 500) / 10
            + 2 * (frame["status"] == "occurred"))


def _shortened(text: pd.Series, limit: int) -> pd.Series:
    return text.where(text.str.len() <= limit, text.str.slice(0, limit - 1) + "…")


def _escaped(values: pd.Series) -> pd.Series:
    """plot_text over a column, vectorised."""
    return (values.astype(str).str.replace("&", "&amp;", regex=False)
            .str.replace("<", "&lt;", regex=False).str.replace(">", "&gt;", regex=False))


def hover_summaries(summary: pd.Series, limit: int = 200) -> pd.Series:
    """Escaped, shortened and broken into lines of about 60 characters for hover boxes."""
    return _escaped(_shortened(summary.astype(str), limit)).str.replace(r"(.{30,60}?) ", r"\1<br>", regex=True)


@dataclass(frozen=True)
class PreparedTable:
    """The event table plus what every redraw needs, computed once per table.

    `frame` carries extra columns (names starting with "_"): `_date_label`,
    `_start_ms`/`_mid_ms`/`_end_ms` (milliseconds since 1970, the end exclusive),
    `_is_span`, `_uncertain`, `_announced` (a plan dated only by its report),
    `_priority` (for labels), `_hover` (the escaped summary for hover boxes),
    `_first_place`, `_map_line` and `_place_group` (for the map). The exploded list
    columns map a row number to each of its values.
    """

    frame: pd.DataFrame
    # The columns the figures and the table on screen read, text as plain objects: a
    # filter takes rows of this far narrower frame, which is most of a rerun's work.
    view: pd.DataFrame
    actors: pd.Series
    places: pd.Series
    targets: pd.Series
    sources: pd.Series
    # Lower-cased summary and evidence sentences, by row number, for the text search:
    # the longest text of an event, kept out of `frame` so that filtering never copies it.
    search: pd.Series
    choices: Mapping[str, list[str]] = field(default_factory=dict)
    changed: int = 0  # events changed by hand (curation), for the page's caption

    def options(self, column: str) -> list[str]:
        """Every value of a list column ("actors", "places", "targets", "sources"), most frequent first."""
        return self.choices[column]


def prepare(frame: pd.DataFrame) -> PreparedTable:
    frame = frame.reset_index(drop=True).copy()
    for column in ("curation", "targets"):  # tables written before these columns
        if column not in frame:
            frame[column] = [[] for _ in range(len(frame))]
    sentences = frame["evidence"].map(lambda items: "\n".join(str(e.get("sentence", "")) for e in items))
    search = (frame["summary"].astype(str) + "\n" + sentences).str.lower()
    frame["_date_label"] = date_labels(frame)

    start = frame["date_start"]
    end = frame["date_end"].fillna(start)
    frame["_uncertain"] = frame["precision"].isin(UNCERTAIN_PRECISIONS)
    frame["_announced"] = announced_only(frame)
    frame["_is_span"] = start.notna() & ((end > start) | frame["_uncertain"]) & ~frame["_announced"]
    # Plotly reads numbers on a date axis as milliseconds since 1970: compact typed arrays.
    # (in milliseconds whatever the column's unit: pandas reads some Parquet files in µs)
    frame["_start_ms"] = start.dt.as_unit("ms").astype("int64").where(start.notna()).astype("float64")
    frame["_end_ms"] = frame["_start_ms"] + ((end - start).dt.days + 1) * DAY_MS  # exclusive
    frame["_mid_ms"] = (frame["_start_ms"] + frame["_end_ms"]) / 2
    frame["_priority"] = label_priority(frame)
    # what was hit, after the summary: "… · hit: energy, residential"
    hit = frame["targets"].map(lambda values: f" · hit: {', '.join(values)}" if len(values) else "")
    frame["_hover"] = hover_summaries(frame["summary"].astype(str) + hit)
    frame["_first_place"] = frame["places"].map(lambda places: places[0] if len(places) else "")
    # The hover box of a place names it: its events' lines leave their place lists out
    # (every reader's browser receives every line).
    frame["_map_line"] = (_escaped(frame["_date_label"]) + ": " + _escaped(_shortened(
        frame["summary"].astype(str).str.replace(r"\s*\([^()]*\)", "", n=1, regex=True), 70)))
    # The map draws one marker per first place (name and coordinates) and type.
    frame["_place_group"] = frame.groupby(["_first_place", "latitude", "longitude"], sort=False,
                                          dropna=False).ngroup().to_numpy()
    exploded = {column: frame[column].explode().dropna().astype(str)
                for column in ("actors", "places", "targets", "sources")}
    view = frame[[c for c in VIEW_COLUMNS if c in frame]].copy()
    for column in view.columns:
        if pd.api.types.is_string_dtype(view[column]) and view[column].dtype != object:
            view[column] = view[column].astype(object)
        elif isinstance(view[column].dtype, pd.Int64Dtype):
            # NumPy arrays take rows fastest: counts of sources are never missing, figures may be.
            view[column] = view[column].fillna(0).astype("int64") if column == "n_sources" \
                else view[column].astype("float64")
    return PreparedTable(frame=frame, view=view, **exploded, search=search,
                         choices={column: values.value_counts().index.tolist()
                                  for column, values in exploded.items()},
                         changed=int((frame["curation"].map(len) > 0).sum()))


def filter_mask(table: PreparedTable, filters: Filters) -> np.ndarray:
    """Vectorised: one boolean per row of `table.frame`."""
    frame = table.frame
    mask = frame["status"].isin(filters.visible_statuses).to_numpy(copy=True)
    if filters.types:
        mask &= frame["type"].isin(filters.types).to_numpy()
    for name in ("actors", "places", "targets", "sources"):
        wanted = getattr(filters, name)
        if wanted:
            exploded = getattr(table, name)
            rows = exploded.index[exploded.isin(wanted)]
            mask &= frame.index.isin(rows)
    if filters.date_from:
        mask &= (frame["date_end"].fillna(frame["date_start"]) >= pd.Timestamp(filters.date_from)).to_numpy()
    if filters.date_to:
        mask &= (frame["date_start"] <= pd.Timestamp(filters.date_to)).to_numpy()
    for term in filters.query.lower().split():
        mask &= table.search.str.contains(term, regex=False).to_numpy()
    return mask


def apply_filters(table: PreparedTable, filters: Filters) -> pd.DataFrame:
    """The rows of the table the filters keep, every column."""
    return table.frame[filter_mask(table, filters)]


def view_rows(table: PreparedTable, mask: np.ndarray) -> pd.DataFrame:
    """The rows the filters keep, in the columns the figures read (VIEW_COLUMNS)."""
    return table.view[mask]


def public_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The event table's own columns, without the derived ones (for exports)."""
    return frame[[c for c in frame.columns if not c.startswith("_")]].reset_index(drop=True)


def _joined(lists: pd.Series, separator: str = ", ") -> pd.Series:
    return lists.map(lambda values: separator.join(values))


def table_view(filtered: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The filtered events as a reader scans them; lists joined into plain text."""
    shown = filtered.head(SETTINGS.table_display_rows if limit is None else limit)
    view = pd.DataFrame({
        "Date": shown["_date_label"].to_numpy(),
        "Type": shown["type"].map(type_label).to_numpy(),
        "Status": shown["status"].to_numpy(),
        "Actors": _joined(shown["actors"]).to_numpy(),
        "Places": _joined(shown["places"]).to_numpy(),
        "Summary": shown["summary"].to_numpy(),
        "Figures": _joined(shown["figures"], "; ").to_numpy(),
        "Sources": shown["n_sources"].to_numpy(),
        "Changed by hand": _joined(shown["curation"]).to_numpy(),
    }, index=shown["event_id"].to_numpy())
    return view


def source_label(name: str, meta, with_file: bool = False) -> str:
    """'Publisher — Title' (plain text), with ' (file)' when asked; the file name alone
    when the manifest says nothing."""
    label = " — ".join(part for part in (getattr(meta, "source", ""), getattr(meta, "title", "")) if part)
    if not label:
        return name
    return f"{label} ({name})" if with_file else label


def source_labels(documents, with_file: bool = False) -> dict[str, str]:
    """File name → 'Publisher — Title' for each document."""
    return {document.name: source_label(document.name, document.meta, with_file) for document in documents}


def source_names(table: PreparedTable, filtered: pd.DataFrame) -> list[str]:
    """The documents behind the filtered events, in table order."""
    return table.sources[table.sources.index.isin(filtered.index)].unique().tolist()


__all__ = ["DAY_MS", "VIEW_COLUMNS", "PreparedTable", "announced_only", "apply_filters", "view_rows", "date_labels", "filter_mask",
           "hover_summaries", "label_priority", "plot_text", "prepare", "public_columns", "source_label",
           "source_labels", "source_names", "table_view"]
