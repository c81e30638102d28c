"""Downloads of what the page shows: the filtered table (CSV with a BOM, Parquet), an
ACLED-style CSV, the counts behind the counts chart, and PNG slides of both charts
(rendered on the server when Chromium is installed; the charts' camera button works
without it). Each file is made only when its button is clicked."""
from __future__ import annotations

import functools

import numpy as np
import streamlit as st

from ..counts import counts_csv_frame
from ..export import (INSTALL_HINT, PngUnavailable, acled_frame, csv_bytes, parquet_bytes, png_browser,
                      png_filename, render_png, table_csv_bytes)
from ..filters import ChartOptions, Filters
from ..prepared import PreparedTable
from ..safe import plain


def downloads_panel(mask: np.ndarray, filters: Filters, options: ChartOptions, table: PreparedTable,
                    labels_with_file: dict[str, str]) -> None:
    """`mask`: the table's rows the filters keep. Their every column is taken on a click,
    not on each rerun (on a large table the take costs a fifth of the rerun)."""
    stem = png_filename(filters, "events")[:-4]
    counts_stem = png_filename(filters, "counts-" + options.counts)[:-4]

    @functools.cache
    def filtered():
        return table.frame[mask]

    def png(kind: str):
        def render() -> bytes:
            try:
                return render_png(table, filters, options, kind=kind)
            except PngUnavailable:
                return b""
        return render

    # A download changes nothing on the page, so it does not rerun it: on a large table a
    # rerun costs as much as the file, and the page stays as the user left it.
    first, second, third = st.columns(3)
    first.download_button("Download CSV", data=lambda: table_csv_bytes(filtered(), labels_with_file),
                          file_name=f"{stem}.csv", mime="text/csv", on_click="ignore",
                          help="UTF-8 with a BOM; opens in spreadsheets")
    first.download_button("Download Parquet", data=lambda: parquet_bytes(filtered()), file_name=f"{stem}.parquet",
                          mime="application/vnd.apache.parquet", on_click="ignore")
    second.download_button("Download ACLED-style CSV",
                           data=lambda: csv_bytes(acled_frame(filtered(), labels_with_file)),
                           file_name=f"{stem}-acled.csv", mime="text/csv", on_click="ignore",
                           help="ACLED's columns; planned, hypothetical and visits left out (see the README)")
    second.download_button("Download counts CSV", data=lambda: csv_bytes(counts_csv_frame(filtered(), options)),
                           file_name=f"{counts_stem}.csv", mime="text/csv", on_click="ignore",
                           help="The numbers behind the counts chart")
    if png_browser() is None:
        third.caption(plain(INSTALL_HINT))
        return
    third.download_button("Download timeline PNG", data=png("timeline"), file_name=png_filename(filters),
                          mime="image/png", on_click="ignore",
                          help="The timeline as a 1920×1080 slide, the days on screen")
    third.download_button("Download counts PNG", data=png("counts"), file_name=f"{counts_stem}.png",
                          mime="image/png", on_click="ignore", help="The counts chart as a 1920×1080 slide")
