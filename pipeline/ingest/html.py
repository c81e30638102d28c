"""HTML → the report's text, its title and its publication date (standard library parser).

Bounded in memory whatever the page: a start tag's attributes are read up to
`SETTINGS.html_max_attributes` (the rest are passed over, never held), and the end of a
start tag is found without the memory the standard library's search keeps per attribute
(hundreds of bytes each: 4 GB for a tag of five million). A page title or date longer
than `SETTINGS.html_max_meta_chars` is ignored. Each of these is told in `HtmlPage.notes`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from ..settings import SETTINGS

# Page furniture, not the report. <header> stays: news pages put the headline there.
# <head> is not dropped as a whole (pages often leave it unclosed); its <title> is kept
# apart as the title and its other elements hold no text.
_DROPPED_ELEMENTS = frozenset({
    "title", "script", "style", "noscript", "template", "svg", "iframe", "object",
    "nav", "footer", "aside", "form", "button", "select", "dialog", "figcaption",
})
# Elements whose class names them as furniture: photo captions and credits carry dates
# and places of their own, link lists ("Related", "Read more") other stories' headlines.
_DROPPED_CLASSES = ("caption", "credit", "related", "read-more", "readmore", "breadcrumb",
                    "newsletter", "promo", "recommended", "share", "social", "advert", "more-on")
# Blocks stamped with their own time (a live blog's posts): the time heads their text.
_TIME_ATTRIBUTES = ("data-time", "data-timestamp", "data-published", "data-datetime")
_VOID_ELEMENTS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
})
# Elements whose edges are paragraph breaks, and those whose edges are line breaks.
_PARAGRAPH_ELEMENTS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption",
    "article", "section", "header", "main", "table", "ul", "ol", "dl", "pre", "address",
    "hr", "details", "summary",
})
_LINE_ELEMENTS = frozenset({"div", "li", "tr", "dt", "dd", "caption", "td", "th"})
_PUBLISHED_META = frozenset({
    "article:published_time", "og:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publication_date", "dc.date.issued", "dcterms.created",
})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space: not U+00A0, which is kept
# Break marks left at element edges, resolved once the page is read: a run of marks (and
# the spaces around them) is one line break, or a blank line when it holds a paragraph
# edge or two <br>s — so that nested <div><div> or </li><li> do not stack up empty lines.
_LINE_MARK, _PARAGRAPH_MARK, _BR_MARK = "\x01", "\x02", "\x03"
_MARK_RUN = re.compile(r"[ \t]*[\x01\x02\x03][\x01\x02\x03 \t]*")

# A start tag read as Python 3.11's html.parser reads it (its `locatestarttagend_tolerant`,
# `tagfind_tolerant`, `attrfind_tolerant`), with one change: the loop over attributes is
# possessive (`*+`). That finds the same end — the loop is never re-entered once left,
# since all that follows it may match empty — without keeping a way back into every
# attribute passed.
_START_TAG = re.compile(r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*       # tag name
  (?:[\s/]*                          # optional whitespace before attribute name
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*  # attribute name
      (?:\s*=+\s*                    # value indicator
        (?:'[^']*'                   # LITA-enclosed value
          |"[^"]*"                   # LIT-enclosed value
          |(?!['"])[^>\s]*           # bare value
         )
        \s*                          # possibly followed by a space
       )?(?:\s|/(?!>))*
     )*+
   )?+
  \s*                                # trailing whitespace
""", re.VERBOSE)
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(
    r'((?<=[\'"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*'
    r'(\'[^\']*\'|"[^"]*"|(?![\'"])[^>\s]*))?(?:\s|/(?!>))*')
_ATTRIBUTE_START_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz=/ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _resolve_marks(run: re.Match[str]) -> str:
    marks = run.group()
    return "\n\n" if _PARAGRAPH_MARK in marks or marks.count(_BR_MARK) > 1 else "\n"


class _HtmlText(HTMLParser):
    """Collects a page's visible report text, its <title>, and its publication date."""

    def __init__(self, max_attributes: int, max_meta_chars: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_attributes = max_attributes
        self.max_meta_chars = max_meta_chars
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.title_chars = 0
        self.title_too_long = False
        self.og_title = ""
        self.published = ""
        self.time_datetime = ""
        self.crowded_tags = 0  # tags with more attributes than max_attributes
        self.long_meta = 0  # titles and dates longer than max_meta_chars
        self._dropped_depth = 0
        self._dropped_by_class: list[str] = []  # tags of the open furniture elements
        self._open: dict[str, int] = {}  # open elements by tag, for closing furniture
        self._furniture_at: list[int] = []  # their depth in their tag
        self._in_title = False
        self._pre_depth = 0

    # The standard parser's start tag, bounded (see _START_TAG) -----------------------

    def check_for_whole_start_tag(self, i: int) -> int:
        """Where the start tag at i ends; -1 if the text ends inside it."""
        rawdata = self.rawdata
        j = _START_TAG.match(rawdata, i).end()
        following = rawdata[j:j + 1]
        if following == ">":
            return j + 1
        if following == "/":
            if rawdata.startswith("/>", j):
                return j + 2
            return -1 if rawdata.startswith("/", j) else max(j, i + 1)
        if following == "" or following in _ATTRIBUTE_START_CHARACTERS:
            return -1  # the text ends in or before an attribute value
        return max(j, i + 1)

    def parse_starttag(self, i: int) -> int:
        end = self.check_for_whole_start_tag(i)
        if end < 0:
            return end
        rawdata = self.rawdata
        match = _TAG_NAME.match(rawdata, i + 1)
        k = match.end()
        self.lasttag = tag = match.group(1).lower()
        attrs: list[tuple[str, str | None]] = []
        while k < end:
            found = _ATTRIBUTE.match(rawdata, k)
            if not found:
                break
            if len(attrs) == self.max_attributes:
                # The others are passed over: the tag's end is known, and how it closes.
                self.crowded_tags += 1
                k = end - (2 if rawdata.startswith("/>", end - 2) else 1)
                break
            name, rest, value = found.group(1, 2, 3)
            if not rest:
                value = None
            elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                value = value[1:-1]
            if value:
                value = unescape(value)
            attrs.append((name.lower(), value))
            k = found.end()
        closing = rawdata[k:end].strip()
        if closing not in (">", "/>"):
            self.handle_data(rawdata[i:end])
            return end
        if closing.endswith("/>"):
            self.handle_startendtag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            if tag in self.CDATA_CONTENT_ELEMENTS:
                self.set_cdata_mode(tag)
            elif tag in getattr(self, "RCDATA_CONTENT_ELEMENTS", ()):  # Python 3.13.4 and later
                self.set_cdata_mode(tag, escapable=True)
        return end

    # The report's text ----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta":
            self._read_meta(values)
        elif tag == "title":
            self._in_title = True
        elif tag == "time" and not self._dropped_depth and not self.time_datetime:
            self.time_datetime = self._bounded(values.get("datetime", "").strip())
        if tag in _DROPPED_ELEMENTS and tag not in _VOID_ELEMENTS:
            self._dropped_depth += 1
        if tag not in _VOID_ELEMENTS:
            self._open[tag] = self._open.get(tag, 0) + 1
            classes = values.get("class", "").lower()
            if classes and any(name in classes for name in _DROPPED_CLASSES):
                self._dropped_depth += 1
                self._dropped_by_class.append(tag)
                self._furniture_at.append(self._open[tag])
        if tag == "pre":
            self._pre_depth += 1
        self._break(tag)
        stamp = next((values[a] for a in _TIME_ATTRIBUTES if values.get(a)), "")
        if stamp and not self._dropped_depth and len(stamp) <= 40:
            self.parts.extend((_PARAGRAPH_MARK, stamp.strip(), _PARAGRAPH_MARK))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _DROPPED_ELEMENTS and self._dropped_depth:
            self._dropped_depth -= 1
        if self._dropped_by_class and self._dropped_by_class[-1] == tag \
                and self._open.get(tag, 0) == self._furniture_at[-1]:
            self._dropped_by_class.pop()
            self._furniture_at.pop()
            self._dropped_depth -= 1
        if self._open.get(tag):
            self._open[tag] -= 1
        if tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_chars += len(data)
            if self.title_chars <= self.max_meta_chars:
                self.title_parts.append(data)
            elif not self.title_too_long:
                self.title_too_long = True
                self.long_meta += 1
        if self._dropped_depth:
            return
        self.parts.append(data if self._pre_depth else _HTML_SPACE.sub(" ", data))

    def _read_meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        content = values.get("content", "").strip()
        if key in _PUBLISHED_META and content and not self.published:
            self.published = self._bounded(content)
        elif key == "og:title" and content and not self.og_title:
            self.og_title = self._bounded(content)

    def _bounded(self, value: str) -> str:
        """`value`, or "" (counted) when it is longer than a title or a date can be."""
        if len(value) > self.max_meta_chars:
            self.long_meta += 1
            return ""
        return value

    def _break(self, tag: str) -> None:
        if self._dropped_depth:
            return
        if tag in _PARAGRAPH_ELEMENTS:
            self.parts.append(_PARAGRAPH_MARK)
        elif tag in _LINE_ELEMENTS:
            self.parts.append(_LINE_MARK)
        elif tag == "br":
            self.parts.append(_BR_MARK)

    @property
    def title(self) -> str:
        if self.title_too_long:
            return self.og_title
        return " ".join(_HTML_SPACE.sub(" ", "".join(self.title_parts)).split()) or self.og_title

    @property
    def text(self) -> str:
        """Lines trimmed, runs of blank lines collapsed to one, no blank lines at the ends."""
        lines: list[str] = []
        for line in _MARK_RUN.sub(_resolve_marks, "".join(self.parts)).split("\n"):
            if line.strip():  # a line of only U+00A0 (`<p>&nbsp;</p>`) counts as blank
                lines.append(line.strip(" \t"))
            elif lines and lines[-1]:
                lines.append("")
        return "\n".join(lines).strip("\n")

    @property
    def notes(self) -> tuple[str, ...]:
        notes = []
        if self.crowded_tags:
            notes.append(f"{self.crowded_tags:,} HTML tag(s) with more than {self.max_attributes:,} "
                         "attributes: the others were ignored")
        if self.long_meta:
            notes.append(f"{self.long_meta:,} page title(s) or date(s) longer than "
                         f"{self.max_meta_chars:,} characters: ignored")
        return tuple(notes)


@dataclass(frozen=True)
class HtmlPage:
    text: str
    title: str
    published: str  # from <meta property="article:published_time"> or <time datetime>
    notes: tuple[str, ...] = ()  # what was left out to keep the reading bounded, for the reader


def html_to_text(html: str, *, max_attributes: int | None = None,
                 max_meta_chars: int | None = None) -> HtmlPage:
    """A page's report text, title and publication date (standard library parser only);
    the limits default to `SETTINGS.html_max_attributes` and `SETTINGS.html_max_meta_chars`."""
    parser = _HtmlText(SETTINGS.html_max_attributes if max_attributes is None else max_attributes,
                       SETTINGS.html_max_meta_chars if max_meta_chars is None else max_meta_chars)
    parser.feed(html)
    parser.close()
    return HtmlPage(parser.text, parser.title, parser.published or parser.time_datetime, parser.notes)
