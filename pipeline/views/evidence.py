"""The evidence behind an event: every source with its sentences, the date expression
highlighted, and how the date was found — as escaped HTML, text staying text.

A sentence told several times (a live blog's updates, wire copy reprinted) is shown once,
under the first source that tells it, with the others named beside it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .filters import parse_day
from .prepared import date_labels, source_label
from .safe import html_text, safe_url
from .style import type_label
from .words import count, format_day

ANCHOR_SOURCES = {
    "manifest": "the publication date",
    "dateline": "the dateline",
    "header": "the section date",
    "inferred": "a date inferred from the text",
}


def date_explanation(evidence: Mapping, event: Mapping) -> str:
    """How this mention's date was found, in words, e.g.
    "'on Tuesday' → Tue 27 Jan 2026, anchored to the publication date Fri 30 Jan 2026"."""
    resolved = event.get("_date_label") or date_labels(pd.DataFrame([dict(event)])).iloc[0]
    date_text = str(evidence.get("date_text") or "").strip()
    method = str(evidence.get("date_method") or event.get("date_method") or "")
    anchor = _anchor_words(evidence)
    if not date_text:
        if event.get("_announced"):
            return f"no date in the sentence: announced on {resolved}, the day of the report; date not given"
        if anchor:
            return f"no date in the sentence → {resolved}, taken from {anchor}"
        return f"no date in the sentence and no document date → {resolved}"
    if method == "explicit":
        return f"'{date_text}' → {resolved}, stated in the text"
    how = "inferred from the context" if method == "inferred" else ""
    if anchor:
        how = f"{how}, anchored to {anchor}" if how else f"anchored to {anchor}"
    return f"'{date_text}' → {resolved}" + (f", {how}" if how else "")


def _anchor_words(evidence: Mapping) -> str:
    day = str(evidence.get("anchor_date") or "")
    if not day:
        return ""
    source = str(evidence.get("anchor_source") or "")
    words = ANCHOR_SOURCES.get(source, "the document date")
    parsed = parse_day(day)
    text = f"{words} {format_day(parsed) if parsed else day}"
    literal = str(evidence.get("anchor_text") or "").strip()
    if literal and source in ("dateline", "header"):
        text += f" ('{literal}')"
    return text


@dataclass(frozen=True)
class Excerpt:
    """Plain-text pieces of a passage; `date` marks the date expression."""

    before: str
    sentence: list[tuple[str, bool]]  # (text, is the date expression)
    after: str


def evidence_excerpt(evidence: Mapping, document_text: str | None, context: int = 240) -> Excerpt:
    """The sentence with its date expression marked, plus surrounding context.

    Offsets index the document text; without the document (or with offsets that do not
    fit it) the stored sentence is used and the date expression is found in it by text.
    """
    sentence = str(evidence.get("sentence") or "")
    start, end = int(evidence.get("start", -1)), int(evidence.get("end", -1))
    date_start = int(evidence.get("date_start_offset", -1))
    date_end = int(evidence.get("date_end_offset", -1))
    date_text = str(evidence.get("date_text") or "")
    usable = (document_text is not None and 0 <= start < end <= len(document_text))
    if usable:
        span_start, span_end = start, end
        has_date = 0 <= date_start < date_end <= len(document_text)
        if has_date:
            span_start, span_end = min(start, date_start), max(end, date_end)
        passage = document_text[span_start:span_end]
        local = (date_start - span_start, date_end - span_start) if has_date else None
        context_start = max(0, span_start - context)
        before = ("…" if context_start > 0 else "") + document_text[context_start:span_start]
        after = document_text[span_end:span_end + context]
        if after and span_end + context < len(document_text):
            after += "…"
    else:
        passage, before, after = sentence, "", ""
        found = passage.find(date_text) if date_text else -1
        local = (found, found + len(date_text)) if found >= 0 else None
    if local and 0 <= local[0] < local[1] <= len(passage):
        pieces = [(passage[:local[0]], False), (passage[local[0]:local[1]], True), (passage[local[1]:], False)]
    else:
        pieces = [(passage, False)]
    return Excerpt(before=before, sentence=[p for p in pieces if p[0]], after=after)


def excerpt_html(excerpt: Excerpt, explanation: str, also: str = "") -> str:
    """The excerpt as escaped HTML: text stays text, the date expression in <mark>."""
    body = "".join(f"<mark>{html_text(text)}</mark>" if is_date else html_text(text)
                   for text, is_date in excerpt.sentence)
    context = ""
    if excerpt.before or excerpt.after:
        context = (f'<div class="ev-context">{html_text(excerpt.before)}'
                   f'<span class="ev-sentence">{body}</span>{html_text(excerpt.after)}</div>')
    return (f'<div class="ev-block"><div class="ev-quote">{body}</div>'
            f'<div class="ev-date">{html_text(explanation)}</div>'
            + (f'<div class="ev-also">{html_text(also)}</div>' if also else "")
            + (f"<details><summary>Context</summary>{context}</details>" if context else "")
            + "</div>")


def source_heading_html(name: str, meta: Any | None) -> str:
    """'Publisher — Title (file)' as escaped HTML, a link only for an http(s) URL."""
    label = source_label(name, meta) if meta is not None else name
    published = getattr(meta, "published", "") if meta else ""
    url = safe_url(getattr(meta, "url", "") if meta else "")
    heading = (f'<a href="{html_text(url)}" target="_blank" rel="noopener noreferrer">'
               f"{html_text(label)}</a>" if url else html_text(label))
    details = ", ".join(html_text(p) for p in (published, name) if p and p != label)
    return f'<div class="ev-source"><b>{heading}</b>' + (f" <span>({details})</span>" if details else "") + "</div>"


EVIDENCE_CSS = """
<style>
.ev-block {margin: 0 0 .8rem 0; padding: .45rem .7rem; border-left: 4px solid #bbb; background: #fafafa;}
.ev-quote {white-space: pre-wrap; font-size: 1.0rem;}
.ev-quote mark, .ev-context mark {background: #ffe08a; padding: 0 .1rem;}
.ev-date, .ev-also {color: #444; font-size: .88rem; margin-top: .25rem;}
.ev-context {white-space: pre-wrap; color: #555; font-size: .88rem;}
.ev-context .ev-sentence {color: #111; background: #eef3f8;}
.ev-source {margin-top: .5rem;}
.ev-facts th {text-align: left; padding-right: 1rem; vertical-align: top;}
</style>
"""


def event_header_lines(event: Mapping) -> list[tuple[str, str]]:
    """(label, plain text) rows describing one event, for the detail view."""
    date = f"{event.get('_date_label') or 'date unknown'} (precision: {event['precision']})"
    if event.get("_announced"):
        date = f"announced on {event.get('_date_label')}; date not given"
    rows = [
        ("Type", f"{type_label(event['type'])} · {event['status']}"),
        ("Date", date),
        ("Actors", ", ".join(event["actors"]) or "—"),
        ("Places", ", ".join(event["places"]) or "—"),
    ]
    if len(event["figures"]):
        rows.append(("Figures", "; ".join(event["figures"])))
    if "targets" in event and len(event["targets"]):
        rows.append(("What was hit", ", ".join(event["targets"])))
    rows.append(("Sources", count(int(event["n_sources"]), "source")))
    curation = list(event.get("curation") if event.get("curation") is not None else [])
    if curation:
        rows.append(("Changed by hand", ", ".join(curation)))
    return rows


def _sentence_key(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def grouped_evidence(event: Mapping) -> list[tuple[str, list[tuple[Mapping, list[str]]]]]:
    """(source, [(evidence, other sources telling the same sentence)]) in source order,
    each distinct sentence once: under the first source that tells it."""
    order = list(dict.fromkeys([*event["sources"], *(str(e.get("document", "")) for e in event["evidence"])]))
    rank = {name: i for i, name in enumerate(order)}
    items = sorted(event["evidence"], key=lambda e: (rank.get(str(e.get("document", "")), len(rank)),
                                                     int(e.get("start", 0))))
    first: dict[str, tuple[str, Mapping]] = {}
    tellers: dict[str, list[str]] = {}
    for item in items:
        key = _sentence_key(item.get("sentence", ""))
        name = str(item.get("document", ""))
        if key not in first:
            first[key] = (name, item)
        if name not in tellers.setdefault(key, []):
            tellers[key].append(name)
    by_source: dict[str, list[tuple[Mapping, list[str]]]] = {}
    for key, (name, item) in first.items():
        by_source.setdefault(name, []).append((item, [n for n in tellers[key] if n != name]))
    return [(name, by_source[name]) for name in order if name in by_source]


def event_detail_html(event: Mapping, documents: Mapping[str, Any]) -> str:
    """The whole detail view of one event as escaped HTML: summary, facts, every source
    with its evidence sentences (each once), the date expression highlighted."""
    parts = [EVIDENCE_CSS, f'<div class="ev-summary"><b>{html_text(event["summary"])}</b></div>',
             "<table class='ev-facts'>"]
    parts += [f"<tr><th>{html_text(label)}</th><td>{html_text(value)}</td></tr>"
              for label, value in event_header_lines(event)]
    parts.append("</table>")
    for name, told in grouped_evidence(event):
        document = documents.get(name)
        parts.append(source_heading_html(name, getattr(document, "meta", None)))
        for item, others in told:
            also = ""
            if others:
                labels = [source_label(n, getattr(documents.get(n), "meta", None)) for n in others]
                also = "Also told by " + "; ".join(labels[:4]) + (f" and {len(labels) - 4} more" if len(labels) > 4 else "")
            excerpt = evidence_excerpt(item, getattr(document, "text", None))
            parts.append(excerpt_html(excerpt, date_explanation(item, event), also))
    return "\n".join(parts)
