"""The status of an event as a sentence tells it: occurred, planned, hypothetical, or
not an event at all (denied, an ongoing state).

Read from the cues the annotated sentence holds around the frame's trigger:
- a state ("remains under attack", "strikes are now regular") or a negation close
  before it ("did not strike", "no talks", "without meeting") tell no event;
- a condition anywhere before it in its part of the sentence ("If Russia does not
  strike…"), or just after it ("a meeting is possible only if…"), an offer, request,
  threat or wish governing it ("asked Putin to refrain from striking", "offered to host
  talks"), or a modal of possibility ("could meet") make it hypothetical;
- a future cue before it in its clause ("will meet", "is due to visit", "agreed to
  hold talks"), a plan word before a noun ("upcoming talks") or after it ("talks are
  scheduled for Sunday", "a meeting would take place"), or a date marked as future
  make it planned;
- otherwise it occurred (reported news is about the past).
"""
from __future__ import annotations

from .. import types
from ..annotate import AnnotatedSentence
from .triggers import Frame, Trigger, clause_of

# How far (in tokens) a cue may stand from what it governs.
_NEGATION_REACH = 4
_MODAL_REACH = 6
_PLAN_AFTER_REACH = 5


def status_of(sentence: AnnotatedSentence, frame: Frame, future_date: bool) -> str | None:
    trigger = frame.head
    lo, hi = frame.lo, frame.hi
    left, right = clause_of(sentence, trigger.first, trigger.last, lo, hi)
    if sentence.has("ongoing", max(0, left - 2), min(len(sentence), right + 2)):
        return None
    before = (lo, trigger.first)
    # "If Russia does not strike our energy, we will not strike theirs": a condition
    # governs the rest of its sentence (up to a semicolon), and comes before a negation
    semicolon = sentence.last_before("segment_break", trigger.first)
    opens = semicolon.last if semicolon is not None and sentence.lower(semicolon.first) == ";" else 0
    condition = sentence.last_before("condition", trigger.first, opens)
    if condition is not None and sentence.has("doubt", max(0, condition.first - 3), condition.first):
        return "planned"  # "it was unclear if Sunday's meeting would go ahead": planned, in doubt
    if condition is not None or _condition_after(sentence, trigger, right):
        return "hypothetical"
    if _negated(sentence, trigger, left):
        return None
    if _governed_by(sentence, "proposal", trigger, opens) or _pending(sentence, trigger, lo):
        # "call on the two parties to come back to the table on Thursday, August 15": an
        # invitation to meet on a set day is a plan; an attack asked for stays a threat
        if future_date and not types.spec(frame.type).sided:
            return "planned"
        return "hypothetical"
    if sentence.has("possibility", max(left, trigger.first - 3), trigger.first):
        return "hypothetical"  # "a possible ground operation"
    if trigger.noun and _modal_predicate(sentence, frame, right):
        return "hypothetical"  # "a three-way meeting between Putin, Zelenskyy and Trump could follow"
    if sentence.has("cessation", max(0, trigger.first - 3), trigger.first):
        return "hypothetical"  # "to halt strikes on energy": strikes that are not to happen
    modal = sentence.last_before("modal", trigger.first, max(left, trigger.first - _MODAL_REACH))
    if modal is not None:
        word = sentence.lower(modal.first)
        reported = sentence.has("reporting", 0, modal.first)
        if word == "would" and reported and not types.spec(frame.type).sided:
            return "planned"  # "he said he would visit Kyiv": the future of a past report
        # ("the group said it would retaliate": an armed side's "would" is a threat)
        return "hypothetical"
    if (_future_before(sentence, left, trigger.first) or _plan_word_around(sentence, trigger, right)
            or future_date):
        return "planned"
    return "occurred"


_MAYBE = frozenset({"could", "might", "may"})


def _modal_predicate(sentence: AnnotatedSentence, frame: Frame, right: int) -> bool:
    """A modal of possibility as the verb of an event noun's clause, before any other
    event word ("a meeting … could follow", "talks might resume")."""
    trigger = frame.head
    for i in range(trigger.last, min(frame.hi, trigger.last + 12)):  # a list of names may hold commas
        if sentence.at("trigger", i) is not None and i >= trigger.last:
            return False
        if sentence.lower(i) in _MAYBE and sentence.at("modal", i) is not None:  # not "10 May"
            return True
        if sentence.lower(i) in _COPULAS and _possible_after(sentence, i + 1):
            return True  # "a meeting between Putin and Trump was possible"
    return False


_COPULAS = frozenset({"is", "was", "are", "were", "remains", "remained", "seemed", "seems", "looked", "looks"})
_PREDICATED = frozenset({"possible", "unlikely", "conceivable", "feasible"})


def _possible_after(sentence: AnnotatedSentence, i: int) -> bool:
    """'…was possible', '…is still unlikely', '…remained possible'."""
    while sentence.lower(i) in ("still", "now", "quite", "very", "also", "entirely", "highly"):
        i += 1
    return sentence.lower(i) in _PREDICATED


def _future_before(sentence: AnnotatedSentence, left: int, first: int) -> bool:
    """'will meet', 'agreed to hold talks'; but 'agreed to a ceasefire' is agreed."""
    for span in sentence.labelled("future", left, first):
        if sentence.lower(span.last - 1) == "to" and sentence.lower(span.last) in ("a", "an", "the", "this", "its"):
            continue
        return True
    return False


def _negated(sentence: AnnotatedSentence, trigger: Trigger, left: int) -> bool:
    start = max(left, trigger.first - _NEGATION_REACH)
    for span in sentence.labelled("negation", start, trigger.first):
        word = sentence.lower(span.first)
        after = sentence.lower(span.last)
        if after in ("only", "just", "least", "far", "long", "later", "sooner", "less", "more"):
            continue  # "not only", "no later than", "not far from"
        if word == "no" and not trigger.noun and span.last != trigger.first:
            continue  # "no one knows whether … struck": "no" qualifies a noun
        return True
    return False


def _condition_after(sentence: AnnotatedSentence, trigger: Trigger, right: int) -> bool:
    """'…possible only if…', '…will meet if…': a condition right after the clause."""
    span = sentence.first_after("condition", trigger.last, min(len(sentence), right + 3))
    return span is not None


def _governed_by(sentence: AnnotatedSentence, label: str, trigger: Trigger, lo: int) -> bool:
    """A cue before the trigger in its part of the sentence and its clause ("asked Putin
    to refrain from striking", "invited Zelensky for talks"); a list of names does not
    end the clause, a relative clause does ("Zelenskiy, who had dared Putin to come, was
    in Tirana for a summit")."""
    span = sentence.last_before(label, trigger.first, lo)
    if span is None:
        return False
    # A reporting verb between the cue and the trigger starts a new statement
    # ("…warned, and Iran said its drones hit…").
    if sentence.reports(span.last, trigger.first):
        return False
    names = {s.first for s in sentence.by_label.get("name", ())}
    for i in range(span.last, trigger.first):
        if sentence.lower(i) == "," and sentence.lower(i + 1) != "and" and i + 1 not in names:
            return False
    return True


def _pending(sentence: AnnotatedSentence, trigger: Trigger, lo: int) -> bool:
    """'nothing would move until he and Putin met': what a negated or modal clause waits
    for has not happened; 'kept secret until Biden appeared…' tells a past sequence."""
    span = sentence.last_before("pending", trigger.first, lo)
    if span is None or not _governed_by(sentence, "pending", trigger, lo):
        return False
    return any(sentence.has(label, lo, span.first) for label in ("modal", "future", "negation"))


def _plan_word_around(sentence: AnnotatedSentence, trigger: Trigger, right: int) -> bool:
    if trigger.noun:
        before = sentence.last_before("plan_modifier", trigger.first, max(0, trigger.first - 3))
        if before is not None:
            return True
        after = sentence.first_after("plan_predicate", trigger.last,
                                     min(len(sentence), trigger.last + _PLAN_AFTER_REACH, right + 1))
        if after is not None and sentence.at("trigger", after.first) is None:  # not "set fire to"
            return True
    return False
