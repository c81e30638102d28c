"""A document's event mentions: its sentences read in order, each dated from its
passage's anchor and completed from what the text told before.

- Furniture (captions, bylines, credits, link lists, the wire dateline) is left out.
- "The talks", "this attack" with nothing new of their own retell the event of their
  type just told; a strike that names no side takes the sides of the strike just told.
- A sentence that tells no event but states figures ("There were 28 cruise missiles
  among them") adds them to the strike just told.
- A strike whose attacker no sentence names takes the side the document names most
  often as attacker of the same target, and says so in its notes.
"""
from __future__ import annotations

import bisect
import re
import datetime as dt
from collections import Counter
from dataclasses import replace

from .. import types
from ..annotate import annotate, tells_an_event
from .names import read_names
from ..gazetteer import actors
from ..gazetteer.places import Place
from ..model import Anchor, Document, Evidence, EventMention, Passage, PlaceRef, ResolvedDate
from ..text.layout import furniture
from ..text.sentences import split_sentences
from ..dates.resolve import event_span
from .dating import posed_late, resolve
from .figures import read_figures
from . import retelling
from .reading import Draft, read_sentence
from .roles import Context, preposition_before
from .timezones import local_anchor, local_passages, widened
from ..types.summary import summarise

def _armed_types() -> list[str]:
    """The types whose tellings state weapons: a sentence of figures adds to them."""
    return [name for name, spec in types.registry().items() if spec.carries("weapon")]


_FIGURE_WORDS = ("drone", "missile", "killed", "dead", "died", "injured", "wounded", "rocket",
                 "ballistic", "cruise", "shahed", "uav")
_BORROW_REACH = 3  # sentences after which "the attack" no longer means the one just told
_BLAME_WORDS = ("blamed", "blames", "accused", "accuses")
PRECEDED = "dated from the event it preceded"  # the note of a date counted back from a later event
# "late Thursday": the only words for which a sentence that tells no event is read (a quote may follow)
_LATE_DAY = re.compile(r"\blate (?:on )?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", re.IGNORECASE)


def place_ref(place: Place) -> PlaceRef:
    return PlaceRef(place.name, place.kind, place.country, place.latitude, place.longitude, place.admin1)


def speaker_of(document: Document, year: int | None = None) -> str | None:
    """The person a first-person text speaks as, named in its source or title ("address
    by the President of Ukraine": whoever held the office in the text's year)."""
    for field in (document.meta.source, document.meta.title):
        if not field:
            continue
        sentence = annotate(field, 0, len(field))
        for ref in read_sentence(sentence, Context(year=year), Counter())[1]:
            if ref.actor is not None and ref.actor.kind == "person":
                return ref.actor.name
    return None


def _mention(document: Document, passage: Passage, sentence, draft: Draft,
             cursor: dt.date | None = None) -> EventMention:
    anchor = passage.anchor
    if draft.date is not None and draft.places and sentence.lower(draft.date.last) == "local" \
            and sentence.lower(draft.date.last + 1) == "time":
        anchor = local_anchor(anchor, document.meta.published, draft.places[0].longitude)
    posed = None
    if draft.said_on is not None:
        said, said_text = resolve(draft.said_on, anchor, False, cursor)
        if said.precision == "day" and said.date_start is not None:
            if draft.date is None:
                posed = said  # a condition or offer stands from the day it was posed to the report
            else:
                anchor = Anchor(said.date_start, "day", anchor.source, f"said {said_text}")
    resolved, date_text = resolve(draft.date, anchor, draft.forward, cursor)
    if posed is not None and anchor.date is not None and posed.date_start < anchor.date:
        resolved, date_text = replace(posed, date_end=anchor.date), said_text
    if draft.since and resolved.date_start is not None and anchor.date is not None \
            and resolved.date_start < anchor.date:
        # under way since that day: to the other day the sentence tells ("the ceasefire took
        # effect on Friday after negotiators meeting since Monday reached a deal"), or the report
        end = resolve(draft.until, anchor, False, cursor)[0].date_start if draft.until is not None else None
        if end is not None and any(sentence.lower(i) == "after" for i in range(draft.until.last, draft.trigger[0])):
            end -= dt.timedelta(days=1)  # that day's event came after the talks ended: they ended before it
        resolved = replace(resolved, date_end=end if end is not None and resolved.date_start < end <= anchor.date
                           else anchor.date)
    if draft.lasting_days > 1 and resolved.precision == "day" and resolved.date_start is not None \
            and resolved.date_end == resolved.date_start:
        # "agreed to refrain for 30 days from striking": the days the plan runs from its day
        resolved = replace(resolved, date_end=resolved.date_start + dt.timedelta(days=draft.lasting_days - 1))
    expression = draft.date.expression if draft.date else None
    a, b = sentence.tokens.char_span(*draft.trigger)
    evidence = Evidence(
        document=document.name, start=sentence.start, end=sentence.end, sentence=sentence.sentence,
        trigger=document.text[a:b], date_text=date_text,
        date_start_offset=expression.start if expression else -1,
        date_end_offset=expression.end if expression else -1, date_method=resolved.method,
        anchor_date=anchor.date.isoformat() if anchor.date else "", anchor_source=anchor.source,
        anchor_text=anchor.text)
    values = draft.figures.values
    places = tuple(place_ref(p) for p in draft.places)
    actors = tuple(dict.fromkeys(a for a in draft.actors[:1] + draft.allies + draft.actors[1:] if a))
    return EventMention(
        type=draft.type, status=draft.status, date=resolved, date_text=date_text,
        actors=actors, places=places, evidence=evidence, roles=tuple(draft.actors),
        drones=values.get("drones"), missiles=values.get("missiles"), ballistic=values.get("ballistic"),
        cruise=values.get("cruise"), killed=values.get("killed"), injured=values.get("injured"),
        prisoners=values.get("prisoners"), figures_text=tuple(draft.figures.texts),
        summary=summarise(draft.type, draft.status, actors, [p.name for p in places], values, draft.actors),
        targets=tuple(draft.figures.targets), notes=tuple(draft.notes), wave=draft.wave,
        remote=draft.remote)


def _in_furniture(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> tuple[bool, int]:
    """(the sentence is furniture, where its reading starts: after a dateline prefix)."""
    i = bisect.bisect_right(starts, start) - 1
    for a, b in spans[max(0, i):i + 2]:
        if a <= start and end <= b:
            return True, start
        if a <= start < b < end:
            return False, b
    return False, start


def extract_mentions(document: Document, passages: list[Passage]) -> list[EventMention]:
    text = document.text
    passages = local_passages(text, document.meta.published, passages)
    layout = furniture(text)
    layout_starts = [a for a, _ in layout]
    countries: Counter = Counter()
    year = next((p.anchor.date.year for p in passages if p.anchor.date is not None), None)
    context = Context(speaker=speaker_of(document, year), sides=countries)
    mentions: list[EventMention] = []
    last_of_type: dict[str, tuple[int, EventMention]] = {}
    told_of_type: dict[str, list[tuple[int, EventMention]]] = {}  # every telling, for retellings
    position = 0
    cursor: dt.date | None = None  # the last day a roundup's text has reached
    last_dated: EventMention | None = None  # the last event told with a day of its own
    last_dated_at = -1
    last_told: EventMention | None = None  # the last event told with a date of its own, of any precision
    told_at: list[int] = []  # the sentence each mention was told in (beside `mentions`)
    for passage in passages:
        context.year = passage.anchor.date.year if passage.anchor.date is not None else None
        for s_start, s_end in split_sentences(text, passage.start, passage.end):
            skip, s_start = _in_furniture(layout, layout_starts, s_start, s_end)
            if skip or s_start >= s_end:
                continue
            position += 1
            raw = text[s_start:s_end]
            if not tells_an_event(raw):
                context.last_city = None
                # "…told reporters late Sunday." introduces the quote after it; "The army
                # blamed the RSF." names who attacked; figures add to the strike just told
                late = _LATE_DAY.search(raw) is not None
                blame = any(w in raw for w in _BLAME_WORDS)
                last = next((last_of_type[t] for t in _armed_types() if t in last_of_type), None)
                figured = last is not None and position - last[0] <= _BORROW_REACH \
                    and any(w in raw.lower() for w in _FIGURE_WORDS)
                sentence = annotate(text, s_start, s_end) if late or blame or figured else None
                context.posed_late = posed_late(sentence) if late else None
                if blame:
                    mentions = _blamed(mentions, told_at, sentence, position)
                if figured:
                    figures = read_figures(sentence, 0, len(sentence))
                    if figures.values:
                        mentions.append(_elaboration(last[1], document, sentence, figures))
                        told_at.append(position)
                continue
            sentence = annotate(text, s_start, s_end)
            drafts, refs = read_sentence(sentence, context, countries)
            told_here: list[tuple[Draft, EventMention]] = []
            for draft in drafts:
                mention = _after_its_report(_mention(document, passage, sentence, draft, cursor), passage.anchor)
                mention = _dated_from_events(draft, mention, told_here, last_told, sentence, last_of_type)
                mention = _since_then(draft, mention, sentence, last_told, passage.anchor)
                # the story goes on from the sentence before; "during the meeting" reaches
                # back through its paragraph
                reach = 3 if sentence.has("in_the_course_of", 0, len(sentence)) else 1
                if last_dated_at >= position - reach and last_dated is not None \
                        and text.count("\n\n", last_dated.evidence.start, s_start) == 0:
                    mention = _dated_from_story(draft, mention, sentence, last_dated)
                if passage.anchor.period_start and mention.date.precision == "day" and mention.date.method != "anchor" \
                        and passage.anchor.period_start <= mention.date.date_start <= passage.anchor.date:
                    cursor = mention.date.date_start
                previous = last_of_type.get(draft.type)
                recent = previous is not None and position - previous[0] <= _BORROW_REACH
                if draft.refers_back and previous is None and not draft.actors:
                    continue  # a reaction to an event this text never told
                retold = retelling.retold_event(told_of_type[draft.type], mention)[1] \
                    if draft.refers_back and previous is not None else None
                if retold is not None and retelling.told_apart(mention, retold):
                    retold = None  # "the eighth wave since the October 10 attack": another day, another event
                if retold is not None and retelling.placed_apart(mention, retold) and not any(
                        sentence.lower(i) == "also" for i in range(*draft.part)):
                    retold = None  # another place ("… also hit Lviv" goes on with the same wave)
                if retold is not None and draft.status == "hypothetical" and retelling.posited(sentence, draft.trigger[0]):
                    retold = None  # "if attacks … continued", "any future attack": one that has not happened
                if retold is not None:
                    # "the talks on Friday", "Friday's talks": a date beside the word is the day
                    own_day = draft.date is not None and (0 <= draft.date.first - draft.trigger[1] <= 4
                                                          or 0 <= draft.trigger[0] - draft.date.last <= 1)
                    mention = retelling.retold(retold, mention, own_day)
                elif draft.refers_back and previous is not None:
                    pass  # its own event, with the parties it names
                elif draft.borrow and recent and (not draft.date or not mention.actors):
                    mention = retelling.borrowed(previous[1], mention)
                    if draft.date is None and previous[0] == position and mention.date.method == "anchor":
                        # "…dropped bombs on Fordow on June 22 while submarines fired at Natanz":
                        # the sentence's date
                        mention = replace(mention, date=previous[1].date, date_text=previous[1].date_text)
                elif draft.borrow and not mention.actors and not types.spec(draft.type).sided and (
                        not draft.unnamed or draft.date is None):
                    continue  # no parties, none to take: a topic ("Gaza negotiations: statements…")
                elif draft.borrow and types.spec(draft.type).sided and not (draft.actors and draft.actors[0]) \
                        and not draft.figures.values and all(p.kind == "country" for p in draft.places):
                    continue  # no attacker, no place hit, nothing counted: a topic ("the largest air attack of the war")
                mentions.append(mention)
                told_at.append(position)
                if draft.implied:
                    continue  # what later words take up is what the text told
                last_of_type[draft.type] = (position, mention)
                told_of_type.setdefault(draft.type, []).append((position, mention))
                told_here.append((draft, mention))
                if mention.date.method in ("explicit", "relative") and mention.date.precision == "day":
                    last_dated = mention
                    last_dated_at = position
                if mention.date.method in ("explicit", "relative"):
                    last_told = mention
            _remember(context, countries, refs, sentence)
    # an attack happens at a place and its hour; a report's day there may be the next
    return [widened(m, document.meta.published) if types.spec(m.type).sided and m.status == "occurred" else m
            for m in _with_inferred_sides(_with_ground_holders(mentions, context.named))]


def _after_its_report(mention: EventMention, anchor: Anchor) -> EventMention:
    """A telling dated two days or more after its report's own day has not happened yet:
    planned ("the talks on Thursday, August 15" in a statement of August 8)."""
    if mention.status != "occurred" or mention.date.date_start is None or anchor.date is None \
            or anchor.precision != "day" or mention.date.method == "anchor":
        return mention
    if mention.date.date_start > anchor.date + dt.timedelta(days=1):
        return replace(mention, status="planned",
                       notes=mention.notes + (f"dated after its report ({anchor.date.isoformat()}): planned",))
    return mention


def _dated_from_events(draft: Draft, mention: EventMention, told_here: list, last_dated: EventMention | None,
                       sentence=None, last_of_type: dict | None = None) -> EventMention:
    """Dates counted from another event: "the next day", "two days later" (from the last
    event the text dated), and "A, a day after B" (B from A in the same sentence)."""
    form = draft.date.expression.form if draft.date else None
    if form is not None and form.kind == "event_days":
        reference = next((m for d, m in reversed(told_here) if d.date is not draft.date
                          and m.date.method != "anchor"), None) or last_dated
        if reference is not None and reference.date.date_start is not None:
            if reference.date.precision not in ("day", "week"):
                # "In April of last year, Iran fired…; Israel's reply a few days later…": as
                # coarse as what it counts from
                return replace(mention, date=replace(reference.date, method="relative"))
            day = reference.date.date_start + dt.timedelta(days=form.offset)
            if form.precision != "day":  # "a few days later": one to three days after it
                first, last = event_span(form, reference.date.date_start)
                return replace(mention, date=ResolvedDate(first, last, form.precision, "relative"))
            return replace(mention, date=ResolvedDate(day, day, "day", "relative"))
        return mention
    # (a coarser date in the part, "his third meeting this year", gives way to the day)
    if draft.days_before is not None and (draft.date is None or mention.date.method == "anchor"
                                          or mention.date.precision in ("month", "year")):
        before = next((m for d, m in reversed(told_here) if d.part[1] == draft.part[0]
                       and m.date.method != "anchor" and m.date.date_start is not None
                       # a window counts back from a day ("in April, each time in response to…": none)
                       and (not draft.window_days or m.date.precision == "day")), None)
        if before is None and sentence is not None and last_of_type:
            # "The strike came two days after…": the event its first part retells
            kinds = sorted({t.value.type for t in sentence.by_label.get("trigger", ()) if t.last <= draft.part[0]})
            retold = [last_of_type[k][1] for k in kinds if k in last_of_type]
            retold = [m for m in retold if m.date.precision == "day" and m.date.date_start is not None]
            before = max(retold, key=lambda m: (m.evidence.start, m.type), default=None)
        if before is not None:
            day = before.date.date_start - dt.timedelta(days=draft.days_before)
            # "hours after": the same day, or the day before across midnight
            first = day - dt.timedelta(days=1) if draft.days_before == 0 else day
            last, precision = day, "day"
            if abs(draft.days_before) >= 7:  # "a week after" is a round figure: the days around it
                first, last, precision = day - dt.timedelta(days=3), day + dt.timedelta(days=3), "week"
            if draft.window_days:  # "less than a month after": any day of the window before it
                first, last = day - dt.timedelta(days=draft.window_days), day
                precision = "week" if draft.window_days <= 14 else "month"
            evidence = replace(mention.evidence, date_text=before.date_text, date_method="relative")
            return replace(mention, date=ResolvedDate(first, last, precision, "relative"), date_text=before.date_text,
                           evidence=evidence,
                           notes=mention.notes + (f"{PRECEDED}: {before.summary}",))
    return mention


_STORY_OPENERS = frozenset({"he", "she", "they", "the", "both", "there", "later", "afterwards", "then",
                            "during", "while"})


_PERFECT = ("has", "have", "had")


_SPANS_OF_TIME = ("seconds", "minutes", "hours", "days", "weeks", "months", "years", "moments", "hour",
                  "day", "week", "month", "year", "decade", "decades")


def _later_then(sentence, i: int) -> bool:
    """'…on Sept. 9, an attack for which he later apologized during a call': "later" before
    the event's words, after the one told before; not "15 minutes later" (a day counted
    from it), nor "later said" (when it was said)."""
    return sentence.lower(i) == "later" and sentence.lower(i - 1) not in _SPANS_OF_TIME \
        and sentence.at("reporting", i + 1) is None


def _since_then(draft: Draft, mention: EventMention, sentence, last_told: EventMention | None,
                anchor: Anchor) -> EventMention:
    """'Talks have since been held in Paris', 'What followed was…: strikes on air bases',
    'an attack for which he later apologized during a call': after the event the text
    told last, by the report's day; no one day of it."""
    if draft.date is not None or mention.date.method != "anchor" or last_told is None or anchor.date is None:
        return mention
    lo, hi = draft.part
    if not any(sentence.lower(i) == "since" and sentence.lower(i - 1) in _PERFECT for i in range(lo + 1, hi)) \
            and not sentence.has("what_followed", 0, draft.trigger[0]) \
            and not any(_later_then(sentence, i) for i in range(lo, draft.trigger[0])):
        return mention
    start = last_told.date.date_start
    if start is None or start > anchor.date:
        return mention
    return replace(mention, date=ResolvedDate(start, anchor.date, "unknown", "relative"), date_text="since",
                   notes=mention.notes + (f"since {last_told.date_text}, by the report's day",))


def _dated_from_story(draft: Draft, mention: EventMention, sentence, last_dated: EventMention) -> EventMention:
    """'Zelenskyy was in Denmark on Thursday. He met Frederiksen in Aarhus…': a meeting or
    trip with no date, told right after a dated one and going on with its story (a
    pronoun or "The leaders" opens it), took place that day."""
    if draft.date is not None or types.spec(draft.type).sided or draft.status != "occurred" \
            or mention.date.method != "anchor":  # dated already, from another event
        return mention
    # the story goes on: a pronoun or "The leaders" opens it, or it names the same
    # parties ("…arrived in Kyiv on Saturday. Macron, Merz, Starmer and Tusk met Zelensky…")
    same_parties = len(set(mention.actors) & set(last_dated.actors)) >= 2
    # "…held a call with Trump during the meeting": in the course of what was just told
    during = sentence.has("in_the_course_of", 0, len(sentence)) and sentence.has("definite", 0, len(sentence))
    if not (sentence.lower(0) in _STORY_OPENERS or same_parties or during) or last_dated.status != "occurred":
        return mention
    date = last_dated.date
    return replace(mention, date=ResolvedDate(date.date_start, date.date_end, date.precision, "inferred"),
                   date_text=last_dated.date_text,
                   notes=mention.notes + (f"dated from the sentence before: {last_dated.date_text}",))


def _elaboration(strike: EventMention, document: Document, sentence, figures) -> EventMention:
    values = figures.values
    evidence = replace(strike.evidence, start=sentence.start, end=sentence.end, sentence=sentence.sentence,
                       trigger="", date_text="", date_start_offset=-1, date_end_offset=-1)
    return replace(strike, evidence=evidence, drones=values.get("drones"), missiles=values.get("missiles"),
                   ballistic=values.get("ballistic"), cruise=values.get("cruise"), killed=values.get("killed"),
                   injured=values.get("injured"), figures_text=tuple(figures.texts),
                   targets=tuple(dict.fromkeys(strike.targets + tuple(figures.targets))))


def _remember(context: Context, countries: Counter, refs, sentence) -> None:
    """What the next sentences' pronouns may stand for: the person a sentence is about
    (its subject; kept when a pronoun opens it), the last actor and group named."""
    context.posed_late = posed_late(sentence)
    # "the city" of the next sentence: the city this one named last
    context.last_city = next((r.place for r in reversed(refs) if r.place is not None and r.place.kind == "city"), None)
    subject = next((r for r in refs if r.actor is not None and r.actor.kind == "person"
                    and preposition_before(sentence, r.first) not in ("with", "to", "by", "and", "of", "for")), None)
    # "On its sidelines he held talks with Modi": "he" is still the one before
    pronoun = next((i for i in range(len(sentence)) if sentence.lower(i) in ("he", "she")), None)
    if subject is not None and (pronoun is None or pronoun > subject.first):
        context.last_person = subject
    for span in sentence.by_label.get("reporting", ()):
        # "prompted Zelenskyy to tell reporters…": who spoke, for the quote that follows
        speaker = [r for r in refs if r.actor is not None and r.actor.kind == "person" and 0 < span.first - r.last <= 3]
        if speaker:
            context.last_speaker = speaker[-1]
    for ref in refs:
        if ref.actor is not None and ref.actor.kind == "person":
            context.people.add(ref.actor.name)
        if ref.actor is not None:
            context.last_actor = ref
            context.named[ref.side] += 1
            if ref.actor.kind == "group":
                context.last_group = ref
            if ref.side:
                countries[ref.side] += 1
        if ref.place is not None and ref.place.country:
            countries[ref.place.country] += 1



def _with_ground_holders(mentions: list[EventMention], named: Counter) -> list[EventMention]:
    """A side told as a country ("strikes in Yemen", "missiles from Lebanon") is the armed
    group holding ground there when this document names that group as an actor at least
    as often as the country itself: the Houthis in Yemen, Hezbollah in Lebanon."""
    done = []
    for m in mentions:
        if types.spec(m.type).sided and len(m.roles) == 2:
            roles = tuple(side if _seat_hit(side, m) else _holder(side, m.roles, named) for side in m.roles)
            if roles != m.roles:
                swapped = [f"{a} read as {b}, the group this document names that holds ground there"
                           for a, b in zip(m.roles, roles) if a != b]
                actors = tuple(dict.fromkeys(roles + tuple(a for a in m.actors if a not in m.roles)))
                m = retelling.with_parties(m, tuple(a for a in actors if a), roles, "; ".join(swapped))
        done.append(m)
    return done


def _seat_hit(side: str, mention: EventMention) -> bool:
    """A strike on a seat of the country's government ("Port Sudan", "Kyiv") is on the
    state, whoever else holds ground in the country."""
    return any(a.name == side and form == "seat" for p in mention.places for a, form in actors.candidates(p.name))


def _blamed(context_mentions: list[EventMention], told_at: list[int], sentence, position: int) -> list[EventMention]:
    """'The army blamed the RSF.' after strikes told with no attacker: the side blamed
    attacked (the strikes of the sentence just before; the accuser is noted)."""
    cue = next(iter(sentence.by_label.get("accusation", ())), None)
    if cue is None:
        return context_mentions
    refs = read_names(sentence, Counter())
    accused = next((r for r in refs if r.actor is not None and r.first >= cue.last and r.side), None)
    accuser = next((r for r in refs if r.actor is not None and r.last <= cue.first and r.side), None)
    if accused is None:
        return context_mentions
    done = []
    for m, told in zip(context_mentions, told_at, strict=True):
        if told == position - 1 and types.spec(m.type).sided and len(m.roles) == 2 \
                and not m.roles[0] and m.roles[1] != accused.side:
            who = f" by {accuser.written}" if accuser is not None else ""
            m = retelling.with_parties(m, tuple(dict.fromkeys(a for a in (accused.side,) + m.actors if a)),
                                       (accused.side, m.roles[1]), f"attacker: {accused.side}, blamed{who} in the next sentence")
        done.append(m)
    return done


def _holder(side: str, roles: tuple[str, ...], named: Counter) -> str:
    if not side or not actors.holding(side):
        return side
    groups = [g for g in actors.holding(side) if named[g] and g not in roles and named[g] >= named[side]]
    return max(groups, key=lambda g: named[g]) if groups else side


def _with_inferred_sides(mentions: list[EventMention]) -> list[EventMention]:
    """A strike that names one side only takes, for the other, the one side this document
    names opposite it (and says so)."""
    attackers: dict[str, Counter] = {}
    targets: dict[str, Counter] = {}
    for m in mentions:
        if types.spec(m.type).sided and len(m.roles) == 2 and all(m.roles):
            attackers.setdefault(m.roles[1], Counter())[m.roles[0]] += 1
            targets.setdefault(m.roles[0], Counter())[m.roles[1]] += 1
    # only a side the document names alone opposite it: a text telling of strikes on Doha
    # and on Gaza leaves "Israel resumed its offensive" without a target
    attackers = {side: told for side, told in attackers.items() if len(told) == 1}
    targets = {side: told for side, told in targets.items() if len(told) == 1}
    done = []
    for m in mentions:
        if types.spec(m.type).sided and len(m.roles) == 2 and not m.roles[0] and m.roles[1] in attackers:
            target = m.roles[1]
            attacker = attackers[target].most_common(1)[0][0]
            note = f"attacker not named: {attacker}, the side this document names as attacking {target}"
            m = retelling.with_parties(m, (attacker, target), (attacker, target), note)
        elif types.spec(m.type).sided and len(m.roles) == 2 and not m.roles[1] and m.roles[0] in targets:
            attacker = m.roles[0]
            target = targets[attacker].most_common(1)[0][0]
            note = f"target not named: {target}, the side this document names as attacked by {attacker}"
            m = retelling.with_parties(m, (attacker, target), (attacker, target), note)
        done.append(m)
    return done
