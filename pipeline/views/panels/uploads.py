"""Adding texts from the browser: files (.txt, .md, .html) or a pasted text with its
title, source, URL and date. Written into the folder (folders.add_*); the next run
rebuilds from the folder, re-reading only what is new (the mention cache)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from ...settings import SETTINGS
from ..folders import UPLOAD_SUFFIXES, UploadRefused, add_pasted_text, add_text_file
from ..safe import plain
from .watch import look_at_folder_next_run


def add_texts_panel(folder: str) -> None:
    if st.session_state.get("_added"):
        st.success(plain(st.session_state.pop("_added")))
    files_tab, paste_tab = st.tabs(["Upload files", "Paste a text"])
    with files_tab, st.form("upload", clear_on_submit=True, border=False):
        files = st.file_uploader("Texts to add", type=[s.lstrip(".") for s in UPLOAD_SUFFIXES],
                                 accept_multiple_files=True, max_upload_size=max(1, SETTINGS.max_file_bytes >> 20))
        first, second = st.columns(2)
        source = first.text_input("Publisher (for every file)", max_chars=200, key="upload_source")
        published = second.date_input("Published on", value=None, format="YYYY-MM-DD", key="upload_date")
        if st.form_submit_button("Add to the folder"):
            _add_files(folder, files or [], source, published)
    with paste_tab, st.form("paste", clear_on_submit=True, border=False):
        title = st.text_input("Title", max_chars=300, key="paste_title")
        first, second, third = st.columns(3)
        source = first.text_input("Publisher", max_chars=200, key="paste_source")
        url = second.text_input("URL", max_chars=2000, placeholder="https://…", key="paste_url")
        published = third.date_input("Published on", value=None, format="YYYY-MM-DD", key="paste_date")
        text = st.text_area("Text", height=180, max_chars=SETTINGS.max_paste_chars, key="paste_text")
        if st.form_submit_button("Add to the folder"):
            try:
                added = add_pasted_text(folder, text, title=title, source=source, url=url,
                                        published=published.isoformat() if published else "")
            except (UploadRefused, OSError) as error:
                st.warning(plain(f"Not added: {error}"))
            else:
                st.session_state["_added"] = f"Added {added.name}. Its events are read now."
                look_at_folder_next_run(folder)
                st.rerun()
    st.caption(plain(f"Files go into {folder} (at most {SETTINGS.max_file_bytes >> 20} MB each); "
                     "the folder's texts are read again, only the new ones from scratch."))


def _add_files(folder: str, files, source: str, published: dt.date | None) -> None:
    added, refused = [], []
    for upload in files:
        try:
            result = add_text_file(folder, upload.name, upload.getvalue(), title=Path(upload.name).stem,
                                   source=source, published=published.isoformat() if published else "")
        except (UploadRefused, OSError) as error:
            refused.append(f"{upload.name}: {error}")
        else:
            added.append(result.name)
    for reason in refused:
        st.warning(plain(f"Not added: {reason}"))
    if added:
        st.session_state["_added"] = f"Added {', '.join(added)}. Their events are read now."
        look_at_folder_next_run(folder)
        st.rerun()
    elif not refused:
        st.info("Choose one or more files first.")
