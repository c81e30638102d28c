"""The reading of one annotated sentence: the events it tells, before any anchor.

For each frame (pipeline/events/triggers.py): its date expression, whether it tells an
event or a topic, its status, its parties in role order (the type's rule module), its
places, figures and what was hit. Nothing here depends on the document: a sentence
retold elsewhere reads the same.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .. import lang, types
from ..gazetteer import actors, places
from ..annotate import AnnotatedSentence, DateSpan
from ..gazetteer.places import Place
from .dating import choose_date, listed_with, statement_date, usable
from .figures import Figures, read_figures
from .names import NameRef, read_names
from .roles import Context
from .rules import rule_for
from .specific import tells_an_event
from .status import status_of
from .triggers import Frame, find_triggers, frames_of


@dataclass
class Draft:
    """One event a sentence tells, not yet dated against an anchor."""

    type: str
    status: str
    date: DateSpan | None
    forward: bool | None  # weekday and yearless dates read forward from the anchor
    actors: list[str]
    places: list[Place]
    figures: Figures
    trigger: tuple[int, int]  # token span of its first trigger
    borrow: bool  # names no party of its own: may take those of the event just told
    refers_back: bool  # "the talks", "this attack": the event of its type just told
    notes: list[str] = field(default_factory=list)
    part: tuple[int, int] = (0, 0)  # its part of the sentence (token range)
    unnamed: bool = False  # its parties are told but not named
    days_before: int | None = None  # "…, a day after B": B is this many days before what precedes
    window_days: int = 0  # "…, less than a month after B": B lies within this many days before it
    allies: list[str] = field(default_factory=list)  # on the first role's side
    wave: bool = False  # many places at once ("struck nine sites")
    remote: bool = False  # by phone or video
    said_on: DateSpan | None = None  # the day the statement telling it was made, for "overnight"
    implied: bool = False  # not told in words but implied by another event of the sentence
    lasting_days: int = 0  # a plan's stated length ("for 30 days", "a two-week pause")
    since: bool = False  # its date is the day it has run since ("meeting since Monday")
    until: DateSpan | None = None  # the sentence's other day, which what ran since a day ran to


_DEFINITE = ("the", "this", "that", "these", "those", "such")


def places_only(written: str) -> bool:
    """A name that names a place and no actor ("Abu Dhabi")."""
    return not actors.candidates(written) and bool(places.candidates(written))


def _refers_back(sentence: AnnotatedSentence, frame: Frame, date: DateSpan | None, places: list[Place]) -> bool:
    """'the attack', 'these strikes', 'the talks' with no date and no place of their own
    name an event the text told before; the names around them are reactions to it
    ("Qatar called the attack…", "The strikes were supported by Australia…")."""
    trigger = frame.head
    if not trigger.noun:
        return False
    start = max(frame.lo, trigger.first - 3)
    determiner = next((i for i in range(trigger.first - 1, start - 1, -1) if sentence.lower(i) in _DEFINITE), None)
    if determiner is None:
        return False
    # "condemned the attack", "discussed the strikes": a reaction, whatever else is dated
    if sentence.at("reaction", determiner - 1) is not None:
        return True
    if date is not None:
        return False
    if sentence.lower(determiner - 1) in ("in", "of", "on", "over", "about", "for", "from", "to", "at", "into") \
            and sentence.lower(determiner) == "the":
        return True  # "the main obstacle in the peace talks is…": the talks told before
    if sentence.has("superlative", max(frame.lo, trigger.first - 3), trigger.first) \
            and not any(p.kind != "country" for p in places):
        return True  # "the largest air attack of the war": the one the text tells
    # "…said that the strikes had been carried out…in Bahawalpur": the event told before,
    # with places of its own, when the phrase opens its clause
    opens = determiner == 0 or sentence.lower(determiner - 1) in ("that", ",", ";", "and", "but")
    if any(p.kind != "country" for p in places) and not (opens and sentence.lower(determiner) == "the"):
        return False
    for i in range(determiner + 1, trigger.first):
        name = sentence.at("name", i)
        if name is not None and not places_only(name.value):
            return False  # "the Israeli strikes": a party of its own ("the Abu Dhabi talks" retell)
    return True


def _reaction(sentence: AnnotatedSentence, frame: Frame) -> bool:
    """'condemned the attack', 'discussed the strikes', 'after the talks'."""
    trigger = frame.head
    if not trigger.noun or sentence.lower(trigger.first - 1) not in _DEFINITE:
        return False
    return sentence.at("reaction", trigger.first - 2) is not None


def _day_of_sequence(sentence: AnnotatedSentence, frame: Frame, dateline_end: int) -> DateSpan | None:
    """'…on Wednesday he stood beside Xi at the parade, before meeting Kim separately': a
    part opened by "before"/"after" and a verb in -ing, or a clause opened by ", where",
    happens on the day told before it."""
    start = frame.lo
    if not (start > 0 and sentence.lower(start) in ("before", "after") and sentence.lower(start + 1).endswith("ing")):
        # "On Thursday Zelenskyy was in Paris, where Macron hosted the leaders": the
        # place's day
        where = next((i for i in range(frame.head.first - 1, max(frame.lo, frame.head.first - 8) - 1, -1)
                      if sentence.lower(i) == "where" and sentence.lower(i - 1) == ","), None)
        if where is None:
            return None
        start = where
    earlier = [d for d in sentence.dates if d.last <= start and usable(sentence, d, dateline_end)]
    return earlier[-1] if earlier else None


def _wave(sentence: AnnotatedSentence, frame: Frame) -> bool:
    """'struck nine sites', 'targets in several cities': many places hit at once; 'strikes
    were also reported in Lviv, Dnipro and Kharkiv': more places of the wave just told."""
    head = frame.head
    if any(sentence.lower(i) == "also" for i in range(max(frame.lo, head.first - 2), min(frame.hi, head.last + 3))) \
            and len(sentence.labelled("name", frame.lo, frame.hi)) >= 3:
        return True
    for span in sentence.labelled("sites", frame.lo, frame.hi):
        before = span.first - 1
        while before > frame.lo and sentence.lower(before) in ("of", "the", "military", "terrorist", "other", "key"):
            before -= 1
        word = sentence.lower(before)
        if word.replace(",", "").isdecimal() and int(word.replace(",", "")) > 1 or sentence.at("several", before) is not None \
                or (sentence.at("number", before) is not None and sentence.at("number", before).value not in (None, 1)):
            return True
    return False


def _stretch_of(sentence: AnnotatedSentence, frame: Frame) -> bool:
    """A trigger noun told as a stretch of many events ("weeks of attacks", "repeated
    missile and drone raids"): the cue at most three words before it."""
    head = frame.head
    span = sentence.last_before("stretch", head.first, max(frame.lo, head.first - 5))
    return span is not None and head.first - span.last <= 3 and sentence.at("clause_break", span.last) is None


def _days_before(sentence: AnnotatedSentence, frame: Frame) -> int | None:
    """The days a cue opening the frame's part puts between it and what precedes
    ("…, a day after Russia pounded…" → 1)."""
    for span in sentence.by_label.get("event_offsets", ()):
        if span.first == frame.lo and span.first > 0 and sentence.at("number", span.last) is None:
            return span.value  # (not "shortly after 11 a.m.": a clock time, no event)
    if _window_days(sentence, frame):
        return 0
    return None


def _window_days(sentence: AnnotatedSentence, frame: Frame) -> int:
    """The days a vague cue opening the frame's part allows ("less than a month after" → 31)."""
    for span in sentence.by_label.get("event_windows", ()):
        if span.first == frame.lo and span.first > 0:
            return span.value
    return 0


def read_sentence(sentence: AnnotatedSentence, context: Context, countries: Counter,
                  dateline_end: int = -1) -> tuple[list[Draft], list[NameRef]]:
    triggers = find_triggers(sentence)
    refs = read_names(sentence, countries, context.year, frozenset(context.people))
    if not triggers or sentence.lower(len(sentence) - 1) == "?":
        return [], refs  # a question reports nothing ("Have the Houthis retaliated?")
    frames = frames_of(sentence, triggers)
    drafts: list[Draft] = []
    registry = types.registry()
    for frame in frames:
        date = choose_date(sentence, frame, frames, dateline_end) or _day_of_sequence(sentence, frame, dateline_end)
        since = date is None and _running_since(sentence, frame, registry[frame.type], dateline_end)
        if since:
            date = since
        if not tells_an_event(sentence, frame, refs, date):
            if _reaction(sentence, frame):
                # "Qatar called the attack…": the event told before, if there was one
                drafts.append(Draft(frame.type, "occurred", None, None, [], [], Figures(),
                                    (frame.head.first, frame.head.last), False, True, [],
                                    part=(frame.lo, frame.hi)))
            continue
        listed = listed_with(sentence, date) if date is not None else [None]
        if len(listed) < 2 and sentence.has("tally", frame.lo, frame.hi):
            continue  # "two dozen times since November": many events counted, none told
        if _stretch_of(sentence, frame):
            continue  # "after weeks of Red Sea attacks", "repeated drone raids": many events
        future_date = bool(date and date.expression.future)
        status = status_of(sentence, frame, future_date)
        if status is None:
            continue
        # a clause about another name is hidden from the frame, but not the author it names
        # for the event ("the explosion, which he called a terrorist act organised by X")
        seen = [r for r in refs if not any(a <= r.first < b for a, b in frame.hidden)
                or sentence.last_before("authored_by", r.first, max(0, r.first - 3)) is not None] \
            if frame.hidden else refs
        roles = rule_for(registry[frame.type].rule)(sentence, frame, seen, context)
        if roles is None:
            continue
        if registry[frame.type].sided and not any(roles.actors) and drafts and drafts[-1].type == frame.type \
                and sentence.has("response", frame.lo, frame.head.first) and all(drafts[-1].actors[:2]):
            # "…struck Pakistan in response to attacks on its bases": the answered side attacked
            answered = drafts[-1].actors
            roles.actors, roles.borrow = [answered[1], answered[0]], False
            roles.notes = roles.notes + [f"answered by {answered[0]}: {answered[1]} attacked"]
        if not roles.places and registry[frame.type].sided:
            roles.places = _the_city(sentence, frame, refs, context)
            country = roles.places[0].country if roles.places else ""
            if country and len(roles.actors) == 2 and not roles.actors[1] and roles.actors[0] != country:
                roles.actors = [roles.actors[0], country]  # the side of the city hit
        figures = read_figures(sentence, frame.lo, frame.hi,
                               count_stopped="interception" in frame.head.word.needs)
        spec = registry[frame.type]
        figures.values = {k: v for k, v in figures.values.items() if k in spec.quantities}
        if not figures.values:
            figures.texts = []
        if not spec.carries("target"):
            figures.targets = []
        own_date = date is not None and (date.first > frame.head.first or sentence.lower(date.last) in ("'s", "’s"))
        forward = True if status == "planned" else (True if status == "hypothetical" and own_date else None)
        named = bool(roles.actors) and not roles.borrow
        # "met on May 16, on June 2, and again on July 23": one event for each date listed;
        # "spoke with both A and B": one for each party
        venues = _venues(sentence, seen, frame, roles.places) if spec.merge.one_city else [roles.places]
        for listed, parties, where in [(d, p, v) for d in listed for p in (roles.split or [roles.actors])
                                       for v in venues]:
            drafts.append(Draft(frame.type, status, listed, forward, parties, where, figures,
                                (frame.head.first, frame.head.last), roles.borrow,
                                _refers_back(sentence, frame, listed, where), roles.notes,
                                part=(frame.lo, frame.hi), days_before=_days_before(sentence, frame),
                                window_days=_window_days(sentence, frame),
                                unnamed=roles.unnamed, allies=roles.allies, wave=_wave(sentence, frame),
                                remote=sentence.has("phone", frame.lo, frame.hi),
                                said_on=_posed_on(sentence, listed, frame, status, context),
                                lasting_days=_lasting_days(sentence, frame) if status != "occurred" else 0,
                                since=bool(since) and listed is date,
                                until=next((d for d in sentence.dates if d is not since), None) if since else None))
    trips = [t for d in drafts if (t := _speakers_trip(sentence, d, drafts, context)) is not None]
    talks = [t for d in drafts if (t := _talks_behind(sentence, d, drafts, refs, context)) is not None]
    talks += [t for d in drafts if (t := _host_meets(sentence, d, drafts + talks, refs)) is not None]
    return _purposes(sentence, drafts + trips + talks), refs


def _host_meets(sentence: AnnotatedSentence, draft: Draft, drafts: list[Draft], refs: list[NameRef]) -> Draft | None:
    """'Erdogan received al-Burhan in Ankara': a person who receives a guest in person
    meets the guest (the type its spec's `host_meets` names)."""
    kind = types.spec(draft.type).extra.get("host_meets")
    word = sentence.at("trigger", draft.trigger[0])
    if not kind or word is None or not word.value.host or any(d.type == kind for d in drafts) \
            or not draft.actors or draft.remote:
        return None
    guest = actors.actor_named(draft.actors[0])
    host = next((r for r in reversed(refs) if r.actor is not None and r.actor.kind == "person"
                 and draft.part[0] <= r.first and r.last <= draft.trigger[0]), None)
    if guest is None or guest.kind != "person" or host is None or host.actor.name == guest.name:
        return None
    parties = list(dict.fromkeys([host.actor.name, guest.name, host.side, actors.side(guest.name)]))
    return Draft(kind, draft.status, draft.date, draft.forward, [p for p in parties if p], draft.places, Figures(),
                 draft.trigger, False, False, ["received in person: talks with the guest"], part=draft.part,
                 implied=True)


_PHRASE_WORDS = ("by", "in", "on", "at", "and", "the", "early", "late", "mid")  # "brokered by Egypt in early May"


def _talks_behind(sentence: AnnotatedSentence, draft: Draft, drafts: list[Draft], refs: list[NameRef],
                  context: Context) -> Draft | None:
    """'The truce brokered in January', 'the ceasefire mediated by Qatar in Doha': an
    agreement told as brokered was reached at talks (the type its spec's `agreed_at`
    names), between its parties and the mediators; with no party named, the two sides
    the text names most."""
    kind = types.spec(draft.type).extra.get("agreed_at")
    if not kind or any(d.type == kind for d in drafts):
        return None
    first, last = draft.trigger
    cue = next((s for s in sentence.by_label.get("brokered", ()) if draft.part[0] <= s.first < draft.part[1]
                and (0 <= s.first - last <= 6 or 0 <= first - s.last <= 2)), None)
    if cue is None:
        return None
    if draft.date is not None:
        # the date of the words the cue opens ("brokered by Qatar in January"), not of the
        # clause's verb ("a truce brokered by Qatar took effect on Sunday")
        named = {i for r in refs for i in range(r.first, r.last)}
        if not 0 <= draft.date.first - cue.last <= 6 or any(
                i not in named and sentence.lower(i) not in _PHRASE_WORDS for i in range(cue.last, draft.date.first)):
            return None
    # "brokered by Qatar and Egypt", "Qatar-mediated": the mediators
    by = cue.last if sentence.lower(cue.last) == "by" else None
    mediators = [r.side or r.actor.name for r in refs if r.actor is not None and (
        by is not None and 0 < r.first - by <= 4
        or 0 < cue.first - r.last <= 2 and sentence.lower(cue.first - 1) == "-")]
    parties = list(dict.fromkeys([a for a in draft.actors if a] + mediators))
    if not parties and context.sides:
        parties = [side for side, _ in context.sides.most_common(2)]
    return Draft(kind, draft.status, draft.date, draft.forward, parties, draft.places, Figures(),
                 draft.trigger, False, False, ["agreed at talks: told as brokered"],
                 part=draft.part, implied=True)


def _speakers_trip(sentence: AnnotatedSentence, draft: Draft, drafts: list[Draft], context: Context) -> Draft | None:
    """'Today in Washington, we had a meeting with…' in a leader's own address: a meeting
    the speaker tells in the first person at a city abroad is also the speaker's trip there
    (the type it implies is its spec's `speaker_abroad`)."""
    kind = types.spec(draft.type).extra.get("speaker_abroad")
    if not kind or draft.status == "hypothetical" or draft.remote or not context.speaker \
            or context.speaker not in draft.actors or any(d.type == kind for d in drafts) \
            or not sentence.has("first_person", *draft.part):
        return None
    home = actors.side(context.speaker)
    abroad = [p for p in draft.places if p.kind == "city" and p.country and p.country != home]
    if not home or not abroad:
        return None
    host = abroad[0].country
    return Draft(kind, draft.status, draft.date, draft.forward, [context.speaker, home, host], abroad[:1], Figures(),
                 draft.trigger, False, False, [f"the speaker's own meeting in {abroad[0].name}: a trip there"],
                 part=draft.part, implied=True)


_CITY_NOUNS = ("city", "capital", "town", "port")


def _the_city(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef], context: Context) -> list[Place]:
    """'Kyiv's mayor said Russian drones hit the city overnight': "the city" after the
    event's word is the city named last, in the sentence or the one before."""
    noun = next((sentence.lower(i + 1) for i in range(frame.head.last, min(frame.hi, frame.head.last + 6))
                 if sentence.lower(i) == "the" and sentence.lower(i + 1) in _CITY_NOUNS
                 and sentence.lower(i + 2) not in ("of", "'s", "’s")), None)
    if noun is None:
        return []
    before = [r.place if r.place is not None else _seat_city(r) for r in refs if r.last <= frame.head.first]
    before = [p for p in before if p is not None and p.kind == "city"]
    city = before[-1] if before else context.last_city
    if city is not None and noun == "capital":
        # "the capital": the seat of the country of the city named ("…in the Shevchenkivskyi
        # district. A second volley hit the capital")
        state = actors.actor_named(city.country) if city.country else None
        city = places.place_named(state.seat) if state is not None and state.seat else None
    return [city] if city is not None else []


def _seat_city(ref: NameRef) -> Place | None:
    """The city a government's seat is named by ("Kyiv's mayor")."""
    if ref.form != "seat":
        return None
    return next((p for p in places.candidates(ref.written) if p.kind == "city"), None)


def _posed_on(sentence: AnnotatedSentence, listed: DateSpan | None, frame: Frame, status: str,
              context: Context) -> DateSpan | None:
    """The day of the statement that tells the event, when a date inside counts from it or
    (a condition, an offer) the event stands from it: in the sentence, or the sentence
    before for the quote it introduced ("…told reporters late Thursday. “If…,” he said.")."""
    posited = status == "hypothetical"
    said = statement_date(sentence, listed, frame, posited=posited)
    if said is None and posited and listed is None and sentence.sentence.lstrip()[:1] in ('"', "“") \
            and sentence.has("reporting", 0, len(sentence)):
        return context.posed_late
    return said


def _running_since(sentence: AnnotatedSentence, frame: Frame, spec, dateline_end: int) -> DateSpan | None:
    """'negotiators meeting in the resort since the previous Monday': the day talks under
    way have run since, named after their word (a type whose spec says `runs_since`)."""
    if not spec.extra.get("runs_since") or frame.head.noun and not sentence.lower(frame.head.first).endswith("ing"):
        return None
    for span in sentence.dates:
        if frame.head.last <= span.first < frame.hi and span.first - frame.head.last <= 8 \
                and sentence.lower(span.first - 1) == "since" and sentence.tokens.starts[span.first] >= dateline_end \
                and span.expression.form is not None and span.expression.form.kind in ("weekday", "date"):
            return span
    return None


def _lasting_days(sentence: AnnotatedSentence, frame: Frame) -> int:
    """How long a plan is said to last: "refrain for 30 days", "a 30-day moratorium"."""
    calendar = lang.language()["calendar"]
    units, leads = calendar["duration_days"], calendar["duration_lead"]
    for span in sentence.by_label.get("number", ()):
        if not frame.lo <= span.first < frame.hi:
            continue
        hyphen = sentence.lower(span.last) == "-"  # "a 30-day moratorium"
        unit = sentence.lower(span.last + 1 if hyphen else span.last)
        if unit in units and (hyphen or sentence.lower(span.first - 1) in leads):
            return int(span.value) * int(units[unit])
    return 0


_LIST_WORDS = frozenset({",", "and", "in", "then"})


def _venues(sentence: AnnotatedSentence, refs: list[NameRef], frame: Frame, found: list[Place]) -> list[list[Place]]:
    """'talks … held in Paris and Baku': a meeting sits in one city, so cities told as one
    list are as many meetings, each with the places that are not cities."""
    cities = [r for r in refs if r.place is not None and r.place.kind == "city" and frame.lo <= r.first < frame.hi
              and r.place in found]
    listed = [cities[0]] if cities else []
    for left, right in zip(cities, cities[1:]):
        if right.first > left.last and all(sentence.lower(i) in _LIST_WORDS for i in range(left.last, right.first)) \
                and right.place.name != left.place.name:
            listed.append(right)
        elif len(listed) < 2:
            listed = [right]
    if len(listed) < 2:
        return [found]
    others = [p for p in found if p not in {r.place for r in listed}]
    return [[r.place] + others for r in listed]


_PURPOSE = ("for", "to", "and")


def _purposes(sentence: AnnotatedSentence, drafts: list[Draft]) -> list[Draft]:
    """'would travel to Moscow on Monday for talks with Putin', 'will fly to Doha to meet
    the emir': what a trip is for shares its status and, without a date, its date; with
    no place of its own, the city the trip went to ("arrived in Riyadh for talks")."""
    for i, draft in enumerate(drafts):
        if i == 0 or sentence.lower(draft.trigger[0] - 1) not in _PURPOSE and sentence.lower(draft.trigger[0] - 2) not in _PURPOSE:
            continue
        governing = drafts[i - 1]
        covers = governing.part == draft.part or governing.part[0] <= draft.trigger[0] < governing.part[1]
        if not covers or governing.trigger[1] > draft.trigger[0]:
            continue
        if governing.status != "occurred":
            draft.status = governing.status
            draft.forward = governing.forward
            if draft.date is None:
                draft.date = governing.date
        if types.spec(governing.type).guest:
            if not draft.places:
                draft.places = [p for p in governing.places if p.kind == "city"][:1]
            if not draft.actors and governing.actors:
                # "Witkoff is expected to travel to Doha for talks": the traveller and the host
                draft.actors, draft.borrow = list(governing.actors), False
    return drafts
