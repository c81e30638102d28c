"""Untrusted text made safe for each place it is shown.

Everything from a document, a manifest or the URL is untrusted: shown as text, never as
Markdown or HTML. Each medium has its one helper:

- `plain` for every Streamlit element that reads Markdown (st.info, st.warning,
  st.caption, st.markdown, widget labels…): Markdown, Streamlit's own directives
  (`:red[…]`, `:material/…:`), LaTeX (`$…$`) and autolinks are all defused;
- `plot_text` for Plotly labels, which read a little HTML;
- `html_text` for the HTML the dashboard builds itself (st.html);
- `safe_url` for the only links a document may give: plain http(s).
"""
from __future__ import annotations

import html
import re

# Every ASCII punctuation mark may be escaped with a backslash in CommonMark; escaping all
# of them leaves no construct (link, image, emphasis, directive, math, HTML) to read.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub's autolinks ("https://…", "www.…", "name@host") are found in the text once the
# escapes are read: an invisible word joiner inside each keeps them text.
_AUTOLINK_STARTS = re.compile(r"(?i)(https?|ftp|mailto|xmpp)(?=:)|\b(www)(?=\.)|(?<=[\w.+-])(?=@)")
WORD_JOINER = "\u2060"


def plain(value: object) -> str:
    """`value` as literal text inside Streamlit Markdown: shown exactly as written (an
    invisible word joiner keeps what looks like a web address from becoming a link)."""
    text = _AUTOLINK_STARTS.sub(lambda match: match.group(0) + WORD_JOINER, str(value))
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    # Markdown joins lines and reads a leading run of spaces as code: keep lines as lines.
    return text.replace("\r", "").replace("\n", "  \n")


def plot_text(value: object) -> str:
    """Untrusted text for Plotly's labels, which read a little HTML (<b>, <br>, <a href>)
    and decode &lt; &gt; &amp; but show &quot; as written: escape only those three."""
    return html.escape(str(value), quote=False)


def html_text(value: object) -> str:
    """Untrusted text inside HTML the dashboard writes (element text or attribute)."""
    return html.escape(str(value), quote=True)


def safe_url(url: str) -> str | None:
    """The URL when it is plain http(s), else None (javascript:, data:, relative…)."""
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s<>\"'`\\]+$", url, flags=re.IGNORECASE) else None


def capped(value: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking a cut."""
    return value if len(value) <= limit else value[:max(0, limit - 1)] + "…"
