"""Files added or changed in the folder on disk: when the page looks, and the watch that
reruns it when they change, whoever changed them."""
from __future__ import annotations

import time

import streamlit as st

from ...settings import SETTINGS
from .. import folders


# Each folder's last look, by any reader: (time.monotonic(), signature)
_LAST_LOOKS: dict[str, tuple[float, str]] = {}


def _look(folder: str) -> str:
    signature = folders.stat_signature(folder)
    looked = time.monotonic()
    _LAST_LOOKS[folder] = (looked, signature)
    st.session_state["_folder_signature"] = signature
    st.session_state["_folder_looked_at"] = looked
    return signature


def folder_signature(folder: str) -> str:
    """The folder's stat signature (pipeline.views.folders), taken again once the last look
    — this reader's, or another's for a page just opened — is `folder_poll_seconds` old: a
    look at 10,000 texts costs tens of milliseconds, which a filter change should not pay.
    The folder watch looks in between."""
    looked, signature = st.session_state.get("_folder_looked_at"), st.session_state.get("_folder_signature")
    if signature is None or looked is None:
        looked, signature = _LAST_LOOKS.get(folder, (None, None))
    if signature is None or looked is None or time.monotonic() - looked >= SETTINGS.folder_poll_seconds:
        return _look(folder)
    st.session_state["_folder_signature"] = signature
    st.session_state["_folder_looked_at"] = looked
    return signature


def look_at_folder_next_run(folder: str) -> None:
    """The next run reads the folder whenever it was last looked at (texts were just added)."""
    st.session_state.pop("_folder_looked_at", None)
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
    if time.monotonic() - st.session_state.get("_folder_looked_at", 0.0) < 1.0:
        return  # a whole-page run has just looked
    before = st.session_state.get("_folder_signature")
    if _look(folder) != before:
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
