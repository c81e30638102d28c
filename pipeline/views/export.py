"""Exports: the table as CSV (UTF-8 with a BOM, so spreadsheet programs read it right;
sources as "Publisher — Title (file)") and Parquet, an ACLED-style CSV, PNG slides.

CSV cells are made safe against spreadsheet formulas by the table module's function.
"""
from __future__ import annotations

import csv
import functools
import io
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd

from ..lang import language
from ..settings import SETTINGS
from ..table import CSV_ENCODING, neutralised_frame, safe_csv_frame
from .filters import ChartOptions, Filters
from .prepared import PreparedTable, prepare, public_columns
from .style import SLIDE_HEIGHT, SLIDE_SCALE, SLIDE_STYLE, SLIDE_WIDTH


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Any flat frame as formula-safe CSV, UTF-8 with a BOM."""
    return neutralised_frame(frame).to_csv(index=False).encode(CSV_ENCODING)


def table_csv_bytes(filtered: pd.DataFrame, source_labels: Mapping[str, str]) -> bytes:
    """The filtered events as CSV; `sources` names each as 'Publisher — Title (file)'."""
    flat = public_columns(filtered)
    flat["sources"] = flat["sources"].map(lambda names: [source_labels.get(n, n) for n in names])
    return safe_csv_frame(flat).to_csv(index=False).encode(CSV_ENCODING)


def parquet_bytes(filtered: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    public_columns(filtered).to_parquet(buffer, index=False)
    return buffer.getvalue()


# --------------------------------------------------------------------------- ACLED-style

ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
                 "actor1", "actor2", "admin1", "location", "latitude", "longitude", "geo_precision",
                 "source", "notes", "fatalities")
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
GEO_PRECISION = {"city": 1, "region": 2, "country": 3}
_KILLED_WORDS = re.compile(r"\b(killed|killing|dead|died|deaths?|fatalities|lives)\b", re.IGNORECASE)
_FIGURE_WORD = re.compile(r"[\w,-]+")


@functools.cache
def _data_rows(name: str) -> list[dict[str, str]]:
    with open(Path(__file__).parent / "data" / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def acled_types(kind: str, drones, missiles) -> tuple[str, str] | None:
    """(event_type, sub_event_type) by type and weapons; None for what ACLED does not record."""
    weapons = {"missiles": bool(missiles and missiles > 0), "drones": bool(drones and drones > 0)}
    for row in _data_rows("acled_types.csv"):
        if row["type"] == kind and (not row["weapon"] or weapons.get(row["weapon"])):
            return row["event_type"], row["sub_event_type"]
    return None


def _number(token: str) -> int | None:
    """'12', '1,200' or a number word ('five') as an int; None for other words."""
    token = token.replace(",", "")
    if token.isdecimal():
        return int(token)
    value = language()["numbers"]["words"].get(token.lower())
    return value if isinstance(value, int) and token.lower() not in ("a", "an") else None


def lowest_fatalities(figures: list[str], killed) -> int:
    """The lowest number of dead any source states (ACLED's conservative count), 0 if none."""
    stated = []
    for text in figures:
        if _KILLED_WORDS.search(text):
            for token in _FIGURE_WORD.findall(text.rsplit(" (", 1)[0]):
                number = _number(token)
                if number is not None:
                    stated.append(number)
                    break
    if stated:
        return min(stated)
    return int(killed) if pd.notna(killed) else 0


def acled_frame(filtered: pd.DataFrame, source_labels: Mapping[str, str]) -> pd.DataFrame:
    """The events ACLED would record, in its columns. Left out: planned and hypothetical
    events (not things that happened), visits (outside its scope), undated events."""
    iso3 = {row["country"]: row["iso3"] for row in _data_rows("iso3.csv")}
    rows = []
    for event in filtered.itertuples(index=False):
        if event.status != "occurred" or pd.isna(event.date_start):
            continue
        types = acled_types(event.type, _value(event.drones), _value(event.missiles))
        if types is None:
            continue
        kinds = list(event.place_kinds)
        location = event.places[0] if len(event.places) else ""
        notes = event.summary + (f" Figures: {'; '.join(event.figures)}." if len(event.figures) else "")
        actor1, actor2 = _sides(event)
        rows.append({
            "event_id_cnty": f"{iso3.get(event.country, 'XXX')}-{event.event_id}",
            "event_date": event.date_start.strftime("%Y-%m-%d"),
            "year": int(event.date_start.year),
            "time_precision": TIME_PRECISION.get(event.precision, 3),
            "event_type": types[0], "sub_event_type": types[1],
            "actor1": actor1, "actor2": actor2,
            "admin1": event.admin1 or (location if kinds[:1] == ["region"] else ""),
            "location": location,
            "latitude": event.latitude, "longitude": event.longitude,
            "geo_precision": GEO_PRECISION.get(kinds[0], 3) if kinds else 3,
            "source": "; ".join(source_labels.get(n, n) for n in event.sources),
            "notes": notes,
            "fatalities": lowest_fatalities(list(event.figures), event.killed),
        })
    return pd.DataFrame(rows, columns=list(ACLED_COLUMNS))


def _sides(event) -> tuple[str, str]:
    """ACLED's actor1 and actor2: a strike's attacker and the side it struck, "" for one
    the texts do not name ("Unattributed strike on Somalia": actor2 alone); else the
    first two actors."""
    attacker, attacked = getattr(event, "attacker", "") or "", getattr(event, "attacked", "") or ""
    if attacker or attacked:
        return attacker, attacked
    actors = list(event.actors)
    return (actors[0] if actors else "", actors[1] if len(actors) > 1 else "")


def _value(number):
    return None if pd.isna(number) else int(number)


# --------------------------------------------------------------------------- PNG


def png_filename(filters: Filters, kind: str = "timeline") -> str:
    """A file name that says what is in the picture: eventline-timeline_strike_Russia_….png."""
    parts = [f"eventline-{kind}"]
    for name in ("types", "statuses", "actors", "places"):
        parts += list(getattr(filters, name))
    if filters.sources:
        parts.append(f"{len(filters.sources)}-sources")
    if filters.date_from:
        parts.append(f"from-{filters.date_from.isoformat()}")
    if filters.date_to:
        parts.append(f"to-{filters.date_to.isoformat()}")
    if filters.query.strip():
        parts.append(filters.query.strip())
    slug = "_".join(re.sub(r"[^A-Za-z0-9]+", "-", part).strip("-") for part in parts)
    slug = re.sub(r"_+", "_", slug).strip("_")[:120].rstrip("_-")
    return f"{slug}.png"


def chart_config(filters: Filters, kind: str = "timeline") -> dict:
    """Plotly config for the browser: the camera button saves what is on screen as a slide."""
    return {
        "displaylogo": False,
        "plotGlPixelRatio": SETTINGS.webgl_pixel_ratio,
        "scrollZoom": False,
        # The days on screen are chosen on the page (or with the box tool, across the
        # timeline), so that the server's PNG shows exactly what the screen shows.
        "modeBarButtonsToRemove": ["lasso2d", "autoScale2d", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d",
                                   "resetScale2d"] + ([] if kind == "timeline" else ["select2d"]),
        "toImageButtonOptions": {"format": "png", "filename": png_filename(filters, kind)[:-4],
                                 "width": SLIDE_WIDTH, "height": SLIDE_HEIGHT, "scale": SLIDE_SCALE},
    }


def map_config() -> dict:
    return {"displaylogo": False, "plotGlPixelRatio": SETTINGS.webgl_pixel_ratio, "scrollZoom": True}


class PngUnavailable(RuntimeError):
    """No browser for kaleido to render with; the message says what to install."""


BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = ("Server-side PNG export needs Chromium: install Debian's 'chromium' package "
                "(sudo apt-get install chromium) or set BROWSER_PATH. The chart's camera button "
                "saves a PNG without it.")


def png_browser() -> str | None:
    """The browser kaleido would render with (BROWSER_PATH, else one on PATH), or None."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@functools.cache
def start_png_renderer() -> None:
    """One long-lived headless browser for every PNG of this process (kaleido's sync
    server). MathJax is off: it would load from a CDN, and no figure here uses it."""
    if png_browser() is None:
        raise PngUnavailable(INSTALL_HINT)
    import kaleido

    kaleido.start_sync_server(mathjax=False, silence_warnings=True)


def slide_figure(table: pd.DataFrame | PreparedTable, filters: Filters, options: ChartOptions,
                 kind: str = "timeline"):
    """The timeline (or the counts chart) as it goes on a slide: big type, 16:9, the
    same days as on screen (`options.shown`, else fitted as on screen)."""
    from .page import slide_counts_figure
    from .timeline import timeline

    if not isinstance(table, PreparedTable):
        table = prepare(table)
    options = replace(options, briefing=True)
    if kind == "counts":
        figure = slide_counts_figure(table, filters, options)
    else:
        figure = timeline(table, filters, options, style=SLIDE_STYLE).figure
    figure.update_layout(width=SLIDE_WIDTH, height=SLIDE_HEIGHT)
    return figure


def render_png(table: pd.DataFrame | PreparedTable, filters: Filters = Filters(),
               options: ChartOptions = ChartOptions(), path: str | Path | None = None,
               kind: str = "timeline") -> bytes:
    """The slide PNG (1920×1080 at scale 2); written to `path` if given. Raises
    PngUnavailable when no browser is installed."""
    start_png_renderer()
    import kaleido

    figure = slide_figure(table, filters, options, kind)
    image = kaleido.calc_fig_sync(
        figure.to_dict(), opts=dict(format="png", width=SLIDE_WIDTH, height=SLIDE_HEIGHT, scale=SLIDE_SCALE))
    if path is not None:
        Path(path).write_bytes(image)
    return image
