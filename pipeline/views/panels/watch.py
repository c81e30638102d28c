"""Files added or changed in the folder on disk: when the page looks, and the watch that
reruns it when they change, whoever changed them."""
from __future__ import annotations

import time

import streamlit as st

from ...settings import SETTINGS
from .. import folders


# Each folder's last look, by any reader: (time.monotonic(), signature)
_LAST_LOOKS: dict[str, tuple[float, str]] = {}


def _signature(folder: str, max_age: float) -> str:
    """The folder's stat signature (pipeline.views.folders) from its last look, looked
    again when that is `max_age` seconds old."""
    looked, signature = _LAST_LOOKS.get(folder, (None, ""))
    if looked is None or time.monotonic() - looked >= max_age:
        signature = folders.stat_signature(folder)
        _LAST_LOOKS[folder] = (time.monotonic(), signature)
    return signature


def folder_signature(folder: str) -> str:
    """The signature a whole-page run draws from: the last look, by any reader, until it
    is as old as the watch's longest interval (`folder_poll_opening_seconds`). A look at
    10,000 texts costs tens of milliseconds, which a filter change should not pay; the
    folder watch looks on its own runs in between and reruns the page on a change."""
    signature = _signature(folder, SETTINGS.folder_poll_opening_seconds)
    st.session_state["_folder_signature"] = signature  # what this reader's page shows
    return signature


def look_at_folder_next_run(folder: str) -> None:
    """The next run reads the folder whenever it was last looked at (texts were just added)."""
    _LAST_LOOKS.pop(folder, None)


def watch(folder: str, opening: bool) -> None:
    """The folder watch, drawn by a whole-page run; its run inside that one does not look
    (the page has: `folder_signature`), its runs on its own every few seconds do."""
    st.session_state["_watch_inside_page"] = True
    (watch_folder_opening if opening else watch_folder)(folder)


def _look_at_folder(folder: str) -> None:
    """Files added or changed on disk make the page rebuild, whoever changed them."""
    if st.session_state.pop("_watch_inside_page", False):
        return
    # (a look under a second old, by this reader's page or another's, is not taken again)
    if _signature(folder, 1.0) != st.session_state.get("_folder_signature"):
        st.rerun(scope="app")


# The browser asks for each of these reruns; on a page that is still loading its widgets
# (a slow machine, many readers at once) frequent ones would keep it from ever finishing,
# so a page just opened looks less often.
@st.fragment(run_every=SETTINGS.folder_poll_seconds)
def watch_folder(folder: str) -> None:
    _look_at_folder(folder)


@st.fragment(run_every=SETTINGS.folder_poll_opening_seconds)
def watch_folder_opening(folder: str) -> None:
    _look_at_folder(folder)
