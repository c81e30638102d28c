"""An annotated sentence: its tokens and every labelled span the lexicon found in it.

Rules ask it questions ("a cue of kind `negation` within three tokens before the
trigger", "the names after this token in its clause") instead of searching text again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from ..dates import DateExpression
from ..text.tokens import Tokens


_PASSIVE = frozenset({"was", "were", "been", "being", "is", "are", "be"})


@dataclass(frozen=True, slots=True)
class Span:
    first: int  # token indexes [first, last)
    last: int
    label: str
    value: Any = None


@dataclass(frozen=True, slots=True)
class DateSpan:
    first: int
    last: int
    expression: DateExpression


@dataclass
class AnnotatedSentence:
    text: str  # the document's text
    start: int  # the sentence's offsets in it
    end: int
    tokens: Tokens
    spans: list[Span]  # sorted by (first, -last)
    dates: list[DateSpan]
    by_label: dict[str, list[Span]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lower, self._size = self.tokens.lower, len(self.tokens)  # `lower` is asked most
        for span in self.spans:
            self.by_label.setdefault(span.label, []).append(span)

    def __len__(self) -> int:
        return len(self.tokens)

    @property
    def sentence(self) -> str:
        return self.text[self.start:self.end]

    def words(self, first: int, last: int) -> str:
        """The text of tokens [first, last) as written."""
        if first >= last:
            return ""
        a, b = self.tokens.char_span(first, last)
        return self.text[a:b]

    def lower(self, index: int) -> str:
        return self._lower[index] if 0 <= index < self._size else ""

    def labelled(self, label: str, lo: int = 0, hi: int | None = None) -> list[Span]:
        """Spans with `label` lying within tokens [lo, hi)."""
        hi = len(self.tokens) if hi is None else hi
        return [s for s in self.by_label.get(label, ()) if lo <= s.first and s.last <= hi]

    def has(self, label: str, lo: int = 0, hi: int | None = None) -> bool:
        hi = len(self.tokens) if hi is None else hi
        return any(lo <= s.first and s.last <= hi for s in self.by_label.get(label, ()))

    def last_before(self, label: str, index: int, lo: int = 0) -> Span | None:
        """The last span with `label` ending at or before token `index`, from `lo`."""
        found = None
        for span in self.by_label.get(label, ()):
            if span.last <= index and span.first >= lo:
                found = span if found is None or span.first > found.first else found
        return found

    def first_after(self, label: str, index: int, hi: int | None = None) -> Span | None:
        """The first span with `label` starting at or after token `index`, before `hi`."""
        hi = len(self.tokens) if hi is None else hi
        found = None
        for span in self.by_label.get(label, ()):
            if span.first >= index and span.last <= hi:
                found = span if found is None or span.first < found.first else found
        return found

    def at(self, label: str, index: int) -> Span | None:
        """The span with `label` covering token `index`."""
        for span in self.by_label.get(label, ()):
            if span.first <= index < span.last:
                return span
        return None

    def reports(self, lo: int, hi: int) -> bool:
        """A reporting verb in [lo, hi) that opens a statement ("said", not "were reported")."""
        return any(lo <= s.first and s.last <= hi and self.lower(s.first - 1) not in _PASSIVE
                   for s in self.by_label.get("reporting", ()))

    def iter_labels(self, labels: tuple[str, ...]) -> Iterator[Span]:
        for span in self.spans:
            if span.label in labels:
                yield span
