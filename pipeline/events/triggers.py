"""Triggers and frames: which words of an annotated sentence tell which events.

A trigger is a lexicon span labelled `trigger` (from the type specs) that no `not_event`
phrase of its type covers. Overlapping triggers keep the longest ("ceasefire talks" is
talks, not a ceasefire). A frame is one event told in a sentence: the triggers of one
type that stand in the same part of the sentence (parts are split at `segment_break`
cues: "…, hours after Russia launched…").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..annotate import AnnotatedSentence, Span, TriggerWord


@dataclass(frozen=True, slots=True)
class Trigger:
    first: int
    last: int
    word: TriggerWord
    noun: bool  # used as a noun here ("the attack", "Israeli strikes"), not as a verb

    @property
    def type(self) -> str:
        return self.word.type


@dataclass
class Frame:
    """One event told in one sentence: its triggers and the part of the sentence it owns."""

    type: str
    triggers: list[Trigger]
    lo: int  # token range of its part of the sentence
    hi: int
    notes: list[str] = field(default_factory=list)
    # relative clauses inside its part that tell of something else (", who had dared
    # Putin to come to Turkey,"): their names are no parties of this event
    hidden: tuple[tuple[int, int], ...] = ()
    # names nearer another event's trigger of the same part ("talked about peace in
    # Istanbul and answered with missile raids"): not this event's places
    foreign: frozenset[int] = frozenset()

    @property
    def head(self) -> Trigger:
        return self.triggers[0]


# Words before which a verb form of a trigger is a noun: "energy targets", "a direct hit".
_NOUN_MARKERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "these", "those",
                           "energy", "military", "civilian", "key", "strategic", "direct", "legitimate",
                           "several", "many", "other", "and", "of", "such", "possible", "new", "every", "each"})


def _used_as_noun(sentence: AnnotatedSentence, span: Span) -> bool:
    """'energy targets', 'some 1,300 Hezbollah targets': a verb form after a determiner,
    an adjective or a number names things, not an act."""
    forms = span.value.forms
    if "noun" in forms or span.last - span.first > 1 or not sentence.lower(span.first).endswith("s"):
        return False
    before = span.first - 1
    name = sentence.at("name", before)
    if name is not None:
        before = name.first - 1
    word = sentence.lower(before)
    return word in _NOUN_MARKERS or word.replace(",", "").isdecimal() or sentence.at("number", before) is not None


_PREPOSITIONS = frozenset({"on", "in", "at"})
_DETERMINERS_BEFORE_NOUN = frozenset({"a", "an", "the", "their", "his", "her", "its"})


def _phrase_applies(sentence: AnnotatedSentence, span: Span) -> bool:
    """A phrase telling no event ("call on", "spoke in") that ends in a preposition holds
    only where its words are that phrase: not before a date ("a call on Tuesday") nor
    before a meeting word of its own type ("spoke in a phone call")."""
    if sentence.lower(span.last - 1) not in _PREPOSITIONS:
        return True
    if any(d.first in (span.last, span.last + 1) for d in sentence.dates):
        return False
    if sentence.lower(span.last) in _DETERMINERS_BEFORE_NOUN:
        return not any(t.first in (span.last + 1, span.last + 2) and t.value.type == span.value
                       for t in sentence.by_label.get("trigger", ()))
    return True


def find_triggers(sentence: AnnotatedSentence) -> list[Trigger]:
    blocked = [(s.first, s.last, s.value) for s in sentence.by_label.get("not_event", ())
               if _phrase_applies(sentence, s)]
    names = [(s.first, s.last) for s in sentence.by_label.get("name", ())]
    found: list[Span] = []
    for span in sentence.by_label.get("trigger", ()):
        if any(a <= span.first and span.last <= b and kind == span.value.type for a, b, kind in blocked):
            continue
        if any(a < span.first < b for a, b in names):
            continue  # begins inside a name ("Israel's military" + "military campaign")
        if _used_as_noun(sentence, span):
            continue
        found.append(span)
    # the longest first; then the leftmost
    found.sort(key=lambda s: (-(s.last - s.first), s.first))
    kept: list[Span] = []
    for span in found:
        # one word may tell two types at once ("hosted": a visit and talks)
        if all(span.last <= k.first or k.last <= span.first
               or (k.first, k.last) == (span.first, span.last) and k.value.type != span.value.type for k in kept):
            kept.append(span)
    kept.sort(key=lambda s: s.first)
    return [Trigger(s.first, s.last, s.value, _as_noun(sentence, s)) for s in kept]


# Adjectives before a word that is a noun or a verb make it the noun: "the first visit by",
# "a surprise visit", "the latest attack".
_NOUN_ADJECTIVES = frozenset({"first", "second", "third", "last", "latest", "next", "previous", "recent",
                              "official", "surprise", "unannounced", "historic", "rare", "brief",
                              "two-day", "three-day", "state", "planned", "upcoming", "major", "massive",
                              "large-scale", "deadly", "overnight", "heavy", "renewed", "fresh"})

def hosting(sentence: AnnotatedSentence, index: int) -> bool:
    """A host's word stands at `index` ("hosted", "welcomed"): whom it names is a guest."""
    return any(span.value.host for span in sentence.by_label.get("trigger", ()) if span.first == index)


DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her",
                          "our", "any", "another", "every", "each", "no"})

_MODALS_AND_SUBJECTS = frozenset({"will", "would", "could", "might", "may", "should", "to", "did", "does",
                                  "do", "not", "n't", "can", "cannot", "they", "we", "i", "you", "also",
                                  "must", "shall", "'ll", "never"})


def _as_noun(sentence: AnnotatedSentence, span: Span) -> bool:
    """A word that can be a noun or a verb ("attack", "strikes") is a noun after a
    determiner, an owner or an adjective, and a verb after a modal or a pronoun."""
    forms = span.value.forms
    if "noun" not in forms:
        return False
    if not forms - {"noun"}:
        return True
    before = sentence.lower(span.first - 1)
    if before in _NOUN_MARKERS or before in _NOUN_ADJECTIVES or before in ("'s", "’s") \
            or sentence.at("name", span.first - 1) is not None:
        return True
    if before in _MODALS_AND_SUBJECTS:
        return False
    # "a three-way meeting", "any future terror attack", "Hezbollah's rocket strikes": a
    # determiner or an owner a few words before, nothing verbal between
    for back in range(2, 5):
        word = sentence.lower(span.first - back) if span.first - back >= 0 else ""
        if word in DETERMINERS or word in ("'s", "’s"):
            between = sentence.tokens.lower[span.first - back + 1:span.first]
            return all(w not in _MODALS_AND_SUBJECTS and w not in ("to", ",", "and", "that") for w in between)
    return sentence.lower(span.first).endswith("s") and span.first == 0


def segments(sentence: AnnotatedSentence) -> list[tuple[int, int]]:
    """Token ranges of the parts of a sentence that can each tell their own event. A
    break word used as an adverb ("twice before,", "days after.") opens no part, nor
    does one inside a date ("Jan. 23–24")."""
    inside_dates = {i for d in sentence.dates for i in range(d.first, d.last)}
    breaks = sentence.by_label.get("segment_break", ())
    # "a day after" opens one part, not two ("a day after" and "after")
    inside_dates |= {i for s in breaks for i in range(s.first + 1, s.last)}
    date_ends = {d.last for d in sentence.dates} | {d.last + 1 for d in sentence.dates if sentence.lower(d.last) == ","}
    cuts = sorted({s.first for s in breaks
                   if s.first not in inside_dates
                   and not (sentence.lower(s.last) in (",", ".", ";", ")", "") and sentence.lower(s.first).isalpha())
                   # "the attack of September 7, when 810 drones were launched": the day's own event
                   and not (sentence.lower(s.first) == "when" and s.first in date_ends)})
    bounds, cursor = [], 0
    for cut in cuts:
        if cut > cursor:
            bounds.append((cursor, cut))
            cursor = cut
    bounds.append((cursor, len(sentence)))
    return [b for b in bounds if b[1] > b[0]]


def clause_of(sentence: AnnotatedSentence, first: int, last: int, lo: int = 0,
              hi: int | None = None) -> tuple[int, int]:
    """The clause holding tokens [first, last): between the nearest clause breaks."""
    hi = len(sentence) if hi is None else hi
    left, right = lo, hi
    for span in sentence.by_label.get("clause_break", ()):
        if span.last <= first and span.last > left and span.first >= lo:
            left = span.last
        elif span.first >= last and span.first < right and span.last <= hi:
            right = span.first
    return left, right


def _negated(sentence: AnnotatedSentence, trigger: Trigger) -> bool:
    return sentence.has("negation", max(0, trigger.first - 3), trigger.first)


def _new_clause(sentence: AnnotatedSentence, before: Trigger, after: Trigger) -> bool:
    """'while there were no attacks overnight, infrastructure was hit on Thursday': a
    clause with its own negation, its own date or its own subject ("X and Meloni signed a
    pact, and X signed another with Trudeau") tells another event."""
    if not sentence.has("clause_break", before.last, after.first):
        return False
    if _negated(sentence, before) != _negated(sentence, after):
        return True
    if not after.noun and _own_subject(sentence, before, after):
        return True
    a = clause_of(sentence, before.first, before.last)
    b = clause_of(sentence, after.first, after.last)
    dates_a = {d.expression.text for d in sentence.dates if a[0] <= d.first < a[1]}
    if not dates_a:  # "Earlier this month, drones hit…": a date fronted before its clause
        fronted = [d for d in sentence.dates if d.last <= a[0]]
        dates_a = {fronted[-1].expression.text} if fronted else set()
    dates_b = {d.expression.text for d in sentence.dates if b[0] <= d.first < b[1]}
    return bool(dates_a and dates_b and dates_a != dates_b)


def _own_mood(sentence: AnnotatedSentence, before: Trigger, after: Trigger) -> bool:
    """'strikes could prepare the ground for a possible ground operation', 'announcing the
    strikes, warned … if attacks on shipping continued': a condition between them, or a
    word of possibility on one only, makes the second another event."""
    if sentence.has("condition", before.last, after.first):
        return True
    possible = [sentence.has("possibility", max(0, t.first - 3), t.first) for t in (before, after)]
    return possible[0] != possible[1]


def _own_subject(sentence: AnnotatedSentence, before: Trigger, after: Trigger) -> bool:
    """A name opening the clause of the second verb, right after ", and"."""
    breaks = [b for b in sentence.by_label.get("clause_break", ()) if before.last <= b.first < after.first]
    if not breaks:
        return False
    start = breaks[-1].last + (1 if sentence.lower(breaks[-1].last) == "and" else 0)
    name = sentence.at("name", start)
    return name is not None and name.last <= after.first and after.first - name.last <= 3


_RELATIVE = frozenset({"who", "which", "whose"})


def relative_clauses(sentence: AnnotatedSentence) -> list[tuple[int, int]]:
    """Token ranges of the clauses set off by commas that say more about a name
    ("Zelensky, who had dared Putin to come to Turkey, was in Tirana")."""
    words = sentence.tokens.lower
    found = []
    for i in range(1, len(words) - 1):
        if words[i] == "," and words[i + 1] in _RELATIVE:
            end = next((j for j in range(i + 2, len(words)) if words[j] in (",", ";", "—", "–", "(")), len(words))
            found.append((i, end + 1 if end < len(words) else end))
    return found


def _within(index: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((a, b) for a, b in spans if a <= index < b), None)


def frames_of(sentence: AnnotatedSentence, triggers: list[Trigger]) -> list[Frame]:
    """Triggers grouped into frames: one per type within each part of the sentence; a
    relative clause's triggers make a frame of their own."""
    parts = segments(sentence)
    relatives = relative_clauses(sentence)
    frames: list[Frame] = []
    for lo, hi in parts:
        by_type: dict[str, Frame] = {}
        for trigger in triggers:
            if lo <= trigger.first < hi:
                frame = by_type.get(trigger.type)
                if frame is not None and (sentence.reports(frame.triggers[-1].last, trigger.first)
                                          or _within(frame.triggers[-1].first, relatives) != _within(trigger.first, relatives)
                                          or _new_clause(sentence, frame.triggers[-1], trigger)
                                          or _own_mood(sentence, frame.triggers[-1], trigger)):
                    frame = None  # "…called the conversation serious and said he would meet…"
                if frame is None:
                    previous = by_type.get(trigger.type)
                    start = lo
                    if previous is not None and _within(previous.head.first, relatives) is None \
                            and _within(trigger.first, relatives) is None:
                        # the earlier event's part ends at the clause break before this one
                        cut = [b for b in sentence.by_label.get("clause_break", ())
                               if previous.triggers[-1].last <= b.first < trigger.first]
                        if cut:
                            previous.hi = start = cut[-1].first
                    frame = by_type[trigger.type] = Frame(trigger.type, [], start, hi)
                    frames.append(frame)
                frame.triggers.append(trigger)
    names = [n.first for n in sentence.by_label.get("name", ())]
    for frame in frames:
        rivals = [f for f in frames if f is not frame and f.type != frame.type and f.lo < frame.hi and frame.lo < f.hi]
        if rivals:
            frame.foreign = frozenset(i for i in names if min(_distance(i, f) for f in rivals) < _distance(i, frame))
    for frame in frames:
        inside = _within(frame.head.first, relatives)
        if inside is not None:
            # the clause and the name it says more about ("Mark Rutte, who was in Kyiv")
            antecedent = sentence.at("name", inside[0] - 1)
            start = antecedent.first if antecedent is not None else inside[0]
            frame.lo, frame.hi = max(frame.lo, start), min(frame.hi, inside[1])
        else:
            frame.hidden = tuple(r for r in relatives if frame.lo <= r[0] and r[1] <= frame.hi)
    return _causes_joined(sentence, parts, frames)


def _distance(index: int, frame: Frame) -> int:
    return min(abs(index - t.first) for t in frame.triggers)


_CAUSE_OPENERS = frozenset({"after", "following", "when", "as"})


def _causes_joined(sentence: AnnotatedSentence, parts: list[tuple[int, int]], frames: list[Frame]) -> list[Frame]:
    """'A fuel tank caught fire at a depot on Wednesday after what the governor said was a
    drone attack': a part that tells no event of its own, followed by its cause, gives
    the cause its date and places."""
    for (lo, hi), (next_lo, next_hi) in zip(parts, parts[1:]):
        if any(f.lo == lo for f in frames) or sentence.lower(next_lo) not in _CAUSE_OPENERS:
            continue
        for frame in frames:
            if frame.lo == next_lo:
                frame.lo = lo
    return frames
