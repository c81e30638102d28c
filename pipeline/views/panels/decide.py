"""Deciding about the event in detail: correct, hide, merge, split, flag — and the log of
every decision, with undo. Decisions go to the table's CurationStore at once."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from ...curate import CORRECTABLE, CurationStore, Decision, MentionKey
from ...model import STATUSES
from ..curation import describe_row, mention_keys
from ..safe import plain
from ..style import type_label, type_names, type_quantities

PRECISIONS = ("day", "week", "month", "year", "unknown")
AUTHOR_KEY = "w_author"
AUTHOR = "author"
DECIDED = "_decided"


def _names(text: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in text.replace(";", ",").split(",") if part.strip()))


def _day(value) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def author_field() -> str:
    """The name decisions are signed with: asked once a session, kept apart from the
    widget (whose state goes when no event is selected)."""
    if AUTHOR_KEY not in st.session_state and st.session_state.get(AUTHOR):
        st.session_state[AUTHOR_KEY] = st.session_state[AUTHOR]
    name = st.text_input("Your name (signs your corrections)", key=AUTHOR_KEY, max_chars=80,
                         placeholder="e.g. A. Analyst").strip()
    st.session_state[AUTHOR] = name
    return name


def _record(store: CurationStore, decision: Decision, done: str) -> None:
    store.add(decision)
    st.session_state[DECIDED] = done
    st.rerun()


def decided_notice() -> None:
    """What the last decision did, once, where the detail was (the event may be gone)."""
    if st.session_state.get(DECIDED):
        st.success(plain(st.session_state.pop(DECIDED)))


def corrections(row: pd.Series) -> dict:
    """What the correction form asks, filled with the event's values."""
    return {"type": row["type"], "status": row["status"], "date_start": _day(row["date_start"]),
            "date_end": _day(row["date_end"]), "precision": row["precision"],
            "actors": ", ".join(row["actors"]), "places": ", ".join(row["places"]),
            **{name: (None if pd.isna(row.get(name)) else int(row[name])) for name in
               ("drones", "missiles", "ballistic", "cruise", "killed", "injured", "prisoners")}}


def changed_fields(before: dict, after: dict) -> dict:
    """The fields the person changed, as a correction stores them."""
    changes = {}
    for name, value in after.items():
        if value == before.get(name):
            continue
        if name in ("actors", "places"):
            if _names(value) != _names(before.get(name, "")):
                changes[name] = _names(value)
        elif name in ("date_start", "date_end"):
            changes[name] = value.isoformat() if value else None
        else:
            changes[name] = value
    return {name: value for name, value in changes.items() if name in CORRECTABLE}


def decision_panel(row: pd.Series, frame: pd.DataFrame, store: CurationStore) -> None:
    """The tabs that decide about one event (the row of the table)."""
    author = author_field()
    if not author:
        st.caption("Give your name once to correct, hide, merge, split or flag events.")
        return
    keys = mention_keys(row)
    about = describe_row(row)
    correct, hide, merge, split, flag = st.tabs(["Correct", "Hide", "Merge", "Split", "Flag"])
    with correct:
        _correct_form(row, keys, about, author, store)
    with hide, st.form(f"hide-{row['event_id']}", clear_on_submit=True, border=False):
        reason = st.text_input("Why hide it?", placeholder="e.g. not an event: a generic claim", max_chars=300)
        if st.form_submit_button("Hide this event"):
            if not reason.strip():
                st.warning("Say why, so that others can check the decision.")
            else:
                _record(store, Decision("hide", (keys,), author, reason.strip(), about=about), "Hidden.")
    with merge:
        _merge_form(row, frame, keys, about, author, store)
    with split:
        _split_form(row, about, author, store)
    with flag, st.form(f"flag-{row['event_id']}", clear_on_submit=True, border=False):
        reason = st.text_input("What should be checked?", max_chars=300)
        if st.form_submit_button("Flag for review"):
            _record(store, Decision("flag", (keys,), author, reason.strip(), about=about), "Flagged for review.")


def _correct_form(row, keys, about, author, store) -> None:
    before = corrections(row)
    kinds = type_names([row["type"]])
    with st.form(f"correct-{row['event_id']}", border=False):
        first, second = st.columns(2)
        after = {
            "type": first.selectbox("Type", kinds, index=kinds.index(row["type"]), format_func=type_label),
            "status": second.selectbox("Status", STATUSES, index=list(STATUSES).index(row["status"])
                                       if row["status"] in STATUSES else 0),
            "date_start": first.date_input("From", value=before["date_start"], format="YYYY-MM-DD"),
            "date_end": second.date_input("To", value=before["date_end"], format="YYYY-MM-DD"),
            "precision": first.selectbox("Precision", PRECISIONS, index=PRECISIONS.index(row["precision"])
                                         if row["precision"] in PRECISIONS else 0),
            "actors": st.text_input("Actors (attacker or visitor first), separated by commas",
                                    value=before["actors"]),
            "places": st.text_input("Places, separated by commas", value=before["places"]),
        }
        quantities = type_quantities(row["type"]) or ("killed", "injured")
        columns = st.columns(min(4, len(quantities)))
        for position, name in enumerate(quantities):
            after[name] = columns[position % len(columns)].number_input(
                plain(name.capitalize()), min_value=0, value=before.get(name), step=1, format="%d")
        reason = st.text_input("Why?", max_chars=300, placeholder="e.g. the text dates it to 2 February")
        if st.form_submit_button("Save the correction"):
            changes = changed_fields(before, {k: v for k, v in after.items()})
            if not changes:
                st.info("Nothing was changed.")
            else:
                try:
                    _record(store, Decision("correct", (keys,), author, reason.strip(), changes=changes,
                                            about=about), "Corrected.")
                except ValueError as error:
                    st.warning(plain(error))


def _candidates(row: pd.Series, frame: pd.DataFrame, limit: int = 200) -> pd.DataFrame:
    """Other events to merge with: the same type first, then the nearest in time."""
    others = frame[frame["event_id"] != row["event_id"]]
    if others.empty:
        return others
    start = row["date_start"]
    distance = (others["date_start"] - start).abs() if pd.notna(start) else pd.Series(0, index=others.index)
    order = pd.DataFrame({"other": others["type"] != row["type"],
                          "distance": distance.fillna(pd.Timedelta(days=100_000))}, index=others.index)
    return others.loc[order.sort_values(["other", "distance"], kind="stable").index[:limit]]


def _merge_form(row, frame, keys, about, author, store) -> None:
    candidates = _candidates(row, frame)
    if candidates.empty:
        st.caption("No other event to merge with.")
        return
    labels = {event_id: f"{date} — {summary}" for event_id, date, summary in
              zip(candidates["event_id"], candidates["_date_label"], candidates["summary"])}
    with st.form(f"merge-{row['event_id']}", border=False):
        other = st.selectbox("Merge with", list(labels), format_func=lambda i: labels[i][:160])
        reason = st.text_input("Why are they one event?", max_chars=300)
        if st.form_submit_button("Merge the two events"):
            target = candidates[candidates["event_id"] == other].iloc[0]
            _record(store, Decision("merge", (keys, mention_keys(target)), author, reason.strip(),
                                    about=f"{about} + {describe_row(target)}"), "Merged.")


def _split_form(row, about, author, store) -> None:
    items = list(row["evidence"])
    if len(items) < 2:
        st.caption("This event has a single mention: nothing to split out.")
        return
    labels = [f"{item.get('document', '')}: {str(item.get('sentence', ''))[:140]}" for item in items]
    with st.form(f"split-{row['event_id']}", border=False):
        chosen = st.selectbox("Mention to make an event of its own", range(len(items)),
                              format_func=lambda i: labels[i])
        reason = st.text_input("Why is it another event?", max_chars=300)
        if st.form_submit_button("Split it out"):
            key = MentionKey.from_evidence(items[chosen], row["type"])
            _record(store, Decision("split", ((key,),), author, reason.strip(), about=about), "Split out.")


def decisions_log(statuses, store: CurationStore, on_select: Callable[[str], None] | None = None) -> None:
    """Every decision, newest first, what became of it, and undo."""
    if not statuses:
        st.caption("No decisions yet. Select an event to correct, hide, merge, split or flag it.")
        return
    rows = [{"#": s.decision.id, "When": (s.decision.created or "")[:16].replace("T", " "),
             "Who": s.decision.author, "What": s.decision.describe(), "About": s.decision.about,
             "Why": s.decision.reason, "Now": s.state + (f": {s.note}" if s.note else ""),
             "Events": ", ".join(s.events)} for s in reversed(statuses)]
    log = pd.DataFrame(rows)
    chosen = st.dataframe(log, hide_index=True, key="decisions_log", on_select="rerun",
                          selection_mode="single-row", height=min(400, 38 + 35 * len(rows)))
    picked = chosen["selection"]["rows"] if chosen else []
    orphaned = sum(s.state == "orphaned" for s in statuses)
    if orphaned:
        st.warning(plain(f"{orphaned} decision(s) no longer apply: their sentences changed or are gone. "
                         "They are kept; undo them or take them again on the new text."))
    if picked:
        status = list(reversed(statuses))[picked[0]]
        if status.events and on_select:
            on_select(status.events[0])
        author = st.session_state.get(AUTHOR, "")
        if status.decision.in_force and st.button(plain(f"Undo decision {status.decision.id}"),
                                                  disabled=not author, key="undo_decision",
                                                  help=None if author else "Give your name first."):
            store.undo(int(status.decision.id), author)
            st.rerun()
