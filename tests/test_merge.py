import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import merge as merge_module
from pipeline.events import Figures, summarise
from pipeline.gazetteer import actor_affiliation
from pipeline.merge import merge_mentions, places_compatible
from pipeline.model import Event, Evidence, EventMention, PlaceRef, ResolvedDate

KYIV = PlaceRef("Kyiv", "city", "Ukraine", 50.45, 30.52)
KHARKIV = PlaceRef("Kharkiv", "city", "Ukraine", 49.99, 36.23)
ZAPORIZHZHIA = PlaceRef("Zaporizhzhia", "city", "Ukraine", 47.84, 35.14)
UKRAINE = PlaceRef("Ukraine", "country", "Ukraine", 49.0, 31.0)
DAY = dt.date(2026, 2, 3)


def mention(doc="a.txt", start=0, kind="strike", status="occurred", day=DAY, end=None, precision="day",
            actors=("Russia", "Ukraine"), places=(KYIV,), drones=None, method="relative", figures=()):
    return EventMention(
        type=kind, status=status, date=ResolvedDate(day, end or day, precision, method),
        date_text="overnight" if method != "anchor" else "", actors=tuple(actors), places=tuple(places),
        evidence=Evidence(doc, start, start + 10, "sentence"), drones=drones, figures_text=figures)


def test_same_strike_in_two_documents_is_one_event_with_both_sources_and_figures():
    merged = merge_mentions([
        mention("a.txt", drones=450, figures=("450 drones",), places=(KYIV, KHARKIV)),
        mention("b.txt", drones=450, figures=("more than 450 drones",), places=(KHARKIV,)),
    ])
    assert len(merged) == 1
    event = merged[0]
    assert event.sources == ["a.txt", "b.txt"] and event.n_sources == 2
    assert event.drones == 450
    assert event.figures == ["450 drones (a.txt)", "more than 450 drones (b.txt)"]
    assert [p.name for p in event.places] == ["Kyiv", "Kharkiv"]
    assert len(event.mentions) == 2


def test_strikes_on_different_cities_the_same_day_stay_apart():
    merged = merge_mentions([mention(places=(KYIV, KHARKIV)), mention(start=50, places=(ZAPORIZHZHIA,))])
    assert len(merged) == 2


def test_a_mention_without_places_joins_the_event_it_tells():
    merged = merge_mentions([mention(places=(KYIV,)), mention(start=40, places=())])
    assert len(merged) == 1


def test_different_days_stay_apart():
    merged = merge_mentions([mention(), mention("b.txt", day=DAY - dt.timedelta(days=7))])
    assert len(merged) == 2


def test_hypothetical_never_merges_with_occurred():
    merged = merge_mentions([mention(), mention(start=30, status="hypothetical")])
    assert sorted(e.status for e in merged) == ["hypothetical", "occurred"]


def test_planned_and_occurred_merge_and_occurred_wins():
    merged = merge_mentions([mention(kind="talks", status="planned", actors=("Ukraine", "Russia")),
                             mention("b.txt", kind="talks", actors=("Russia", "United States", "Ukraine"))])
    assert len(merged) == 1 and merged[0].status == "occurred"


def test_talks_sharing_only_one_leader_stay_apart():
    merged = merge_mentions([mention(kind="talks", actors=("Volodymyr Zelensky", "Emmanuel Macron")),
                             mention("b.txt", kind="talks", actors=("Volodymyr Zelensky", "Mark Rutte"))])
    assert len(merged) == 2


def test_different_attackers_stay_apart():
    merged = merge_mentions([mention(), mention(start=30, actors=("Ukraine", "Russia"), places=())])
    assert len(merged) == 2


def test_the_most_precise_date_wins():
    week = mention("a.txt", day=dt.date(2026, 2, 2), end=dt.date(2026, 2, 8), precision="week")
    day = mention("b.txt", day=dt.date(2026, 2, 4), method="explicit")
    [event] = merge_mentions([week, day])
    assert (event.date_start, event.date_end, event.precision) == (dt.date(2026, 2, 4), dt.date(2026, 2, 4), "day")


def test_event_ids_are_stable_and_distinct():
    first = [e.event_id for e in merge_mentions([mention(), mention(start=50, places=(ZAPORIZHZHIA,))])]
    again = [e.event_id for e in merge_mentions([mention(start=50, places=(ZAPORIZHZHIA,)), mention()])]
    assert sorted(first) == sorted(again) and len(set(first)) == 2


@pytest.mark.parametrize("a, b, expected", [
    ((KYIV,), (KYIV, KHARKIV), True),
    ((KYIV,), (ZAPORIZHZHIA,), False),
    ((), (KYIV,), True),
    ((UKRAINE,), (KYIV,), True),
    ((PlaceRef("Russia", "country", "Russia", 55.0, 37.0),), (KYIV,), False),
])
def test_places_compatible(a, b, expected):
    assert places_compatible(a, b) is expected


# --- The merge against its plain definition ----------------------------------------------
# `merge_mentions` keeps sets per mention and per event (`_Keys`), shares them
# (`_KeyBook`) and tries only the events an index finds (`_Candidates`). The rules below
# are the merge's definition written plainly: lists turned into sets at every comparison,
# every event tried in the order it was formed. Both must give the same events.

RUSSIA = PlaceRef("Russia", "country", "Russia", 55.0, 37.0)
BELGOROD = PlaceRef("Belgorod", "city", "Russia", 50.6, 36.59)
GEORGIA = PlaceRef("Georgia", "country", "Georgia", 42.3, 43.4)
GEORGIA_STATE = PlaceRef("Georgia", "region", "United States", 32.7, -83.4)  # one name, two kinds


def plain_interval(item):
    if isinstance(item, EventMention):
        return item.date.date_start, item.date.date_end
    return item.date_start, item.date_end


def plain_dates_overlap(a, b):
    (a_start, a_end), (b_start, b_end) = plain_interval(a), plain_interval(b)
    if a_start is None or b_start is None:
        return a_start is None and b_start is None
    return a_start <= b_end and b_start <= a_end


def plain_places_compatible(a, b):
    specific_a = {p.name for p in a if p.kind != "country"}
    specific_b = {p.name for p in b if p.kind != "country"}
    if not specific_a or not specific_b:
        countries_a = {p.country for p in a} | {p.name for p in a if p.kind == "country"}
        countries_b = {p.country for p in b} | {p.name for p in b if p.kind == "country"}
        return not countries_a or not countries_b or bool(countries_a & countries_b)
    return bool(specific_a & specific_b)


def plain_actors_compatible(kind, a, b):
    if not a or not b:
        return True
    if kind in ("strike", "visit"):
        return a[0] == b[0] or (actor_affiliation(a[0]) or a[0]) == (actor_affiliation(b[0]) or b[0])
    return len(set(a) & set(b)) >= min(2, len(a), len(b))


def plain_mergeable(event, mention):
    if event.status == "hypothetical" and mention.status == "hypothetical":
        first = event.mentions[0]
        if mention.evidence.document in event.sources and first.date.date_start and mention.date.date_start:
            near = (mention.date.date_start - first.date.date_end).days <= 1 and \
                   (first.date.date_start - mention.date.date_end).days <= 1
        else:
            near = plain_dates_overlap(first, mention)
        shared = set(event.actors) & set(mention.actors)
        actors_ok = not event.actors or not mention.actors or \
            len(shared) >= min(2, len(event.actors), len(mention.actors))
        return event.type == mention.type and near and actors_ok and \
            plain_places_compatible(event.places, mention.places)
    statuses_ok = event.status == mention.status or \
        (event.status != "hypothetical" and mention.status != "hypothetical")
    same_or_specific = mention.evidence.document in event.sources or \
        (mention.date.precision in ("day", "week") and event.precision in ("day", "week"))
    return (event.type == mention.type and statuses_ok and plain_dates_overlap(event, mention)
            and plain_actors_compatible(event.type, event.actors, mention.actors)
            and plain_places_compatible(event.places, mention.places) and same_or_specific)


def plain_merge(mentions):
    ordered = sorted(mentions, key=lambda m: (m.evidence.document, m.evidence.start, m.type))
    events = []
    for told in ordered:
        fitting = [e for e in events if plain_mergeable(e, told)]
        if fitting:
            best = max(fitting, key=lambda e: (
                len({p.name for p in e.places} & {p.name for p in told.places})
                + len(set(e.actors) & set(told.actors)), len(e.mentions)))
            merge_module._absorb(best, told)
        else:
            events.append(merge_module._start_event(told))
    for event in events:
        plain_finalise(event)
    return events


def plain_finalise(event):
    statuses = {m.status for m in event.mentions}
    event.status = "occurred" if "occurred" in statuses else ("planned" if "planned" in statuses else "hypothetical")
    specific = [p for p in event.places if p.kind != "country"]
    covered = {p.country for p in specific}
    event.places = specific + [p for p in event.places if p.kind == "country" and p.name not in covered]
    for name in ("drones", "missiles", "ballistic", "cruise", "killed", "injured"):
        values = [getattr(m, name) for m in event.mentions if getattr(m, name) is not None]
        if values:
            counts = Counter(values)
            setattr(event, name, max(counts, key=lambda v: (counts[v], v)))
    event.figures = []
    for told in event.mentions:
        for text in told.figures_text:
            if f"{text} ({told.evidence.document})" not in event.figures:
                event.figures.append(f"{text} ({told.evidence.document})")
    figures = Figures(drones=event.drones, missiles=event.missiles, killed=event.killed,
                      injured=event.injured, texts=("x",) if event.drones or event.missiles else ())
    event.summary = summarise(event.type, event.status, event.actors, event.places, figures)
    event.event_id = merge_module.event_id(event)


_BASE = dt.date(2026, 2, 1)


@st.composite
def resolved_dates(draw):
    precision = draw(st.sampled_from(["day", "day", "day", "week", "month", "unknown"]))
    method = draw(st.sampled_from(["explicit", "relative", "inferred", "anchor"]))
    if precision == "unknown" and draw(st.booleans()):
        return ResolvedDate(None, None, "unknown", method)
    start = _BASE + dt.timedelta(days=draw(st.integers(0, 9)))
    length = {"day": draw(st.integers(0, 1)), "week": 6, "month": 27, "unknown": 0}[precision]
    return ResolvedDate(start, start + dt.timedelta(days=length), precision, method)


@st.composite
def told_mentions(draw):
    start = draw(st.integers(0, 400))
    return EventMention(
        type=draw(st.sampled_from(["strike", "talks", "visit"])),
        status=draw(st.sampled_from(["occurred", "occurred", "planned", "hypothetical"])),
        date=draw(resolved_dates()),
        date_text=draw(st.sampled_from(["", "overnight", "on Monday"])),
        actors=tuple(draw(st.lists(st.sampled_from(
            ["Russia", "Ukraine", "Volodymyr Zelensky", "Mark Rutte", "NATO", "United States"]), max_size=3))),
        places=tuple(draw(st.lists(st.sampled_from(
            [KYIV, KHARKIV, ZAPORIZHZHIA, UKRAINE, RUSSIA, BELGOROD, GEORGIA, GEORGIA_STATE]), max_size=3))),
        evidence=Evidence(draw(st.sampled_from(["a.txt", "b.txt", "c.txt", "d.txt"])), start, start + 10, "s"),
        drones=draw(st.sampled_from([None, None, 50, 60])),
        killed=draw(st.sampled_from([None, None, 0, 2])),
        figures_text=tuple(draw(st.lists(st.sampled_from(["50 drones", "two killed"]), max_size=1))),
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(told_mentions(), max_size=40))
def test_merge_is_that_of_trying_every_event_with_the_plain_rules(mentions):
    merged = merge_mentions(mentions)
    assert merged == plain_merge(mentions)
    assert [e.event_id for e in merged] == [merge_module.event_id(e) for e in merged]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([KYIV, KHARKIV, UKRAINE, RUSSIA, BELGOROD, GEORGIA, GEORGIA_STATE]), max_size=3),
       st.lists(st.sampled_from([KYIV, KHARKIV, UKRAINE, RUSSIA, BELGOROD, GEORGIA, GEORGIA_STATE]), max_size=3),
       st.lists(st.sampled_from(["Russia", "Ukraine", "Volodymyr Zelensky", "Mark Rutte", "NATO"]), max_size=3),
       st.lists(st.sampled_from(["Russia", "Ukraine", "Volodymyr Zelensky", "Mark Rutte", "NATO"]), max_size=3),
       st.sampled_from(["strike", "talks", "visit"]))
def test_compatibility_rules_are_their_plain_definitions(places_a, places_b, actors_a, actors_b, kind):
    assert places_compatible(places_a, places_b) is plain_places_compatible(places_a, places_b)
    assert merge_module.actors_compatible(kind, actors_a, actors_b) is \
        plain_actors_compatible(kind, actors_a, actors_b)


def test_mentions_telling_the_same_actors_and_places_share_their_keys():
    book = merge_module._KeyBook()
    first, again = mention(places=(KYIV,)), mention("b.txt", start=90, places=(KYIV,))
    assert book.of(first) is book.of(again)
    other = book.of(mention(places=(KYIV, UKRAINE)))
    assert other.specific is book.of(first).specific  # equal sets are one set


def test_an_event_keeps_its_keys_until_a_telling_adds_to_them():
    book = merge_module._KeyBook()
    held = book.of(mention(places=(KYIV, KHARKIV)))
    assert book.joined(held, book.of(mention(places=(KYIV,))), ["Russia", "Ukraine"]) is held
    grown = book.joined(held, book.of(mention(places=(ZAPORIZHZHIA,))), ["Russia", "Ukraine"])
    assert grown.specific == {"Kyiv", "Kharkiv", "Zaporizhzhia"} and grown.actor_set is held.actor_set


def test_tags_keep_what_shares_a_name_or_carries_none():
    tags = merge_module._Tags()
    tags.enter(0, "strike", frozenset({"Kyiv"}))
    tags.enter(1, "strike", frozenset())
    tags.enter(2, "strike", frozenset({"Kharkiv"}))
    tags.enter(3, "talks", frozenset({"Kyiv"}))
    assert tags.among({0, 1, 2, 3}, "strike", frozenset({"Kyiv"})) == {0, 1}
    tags.enter(4, "strike", frozenset())
    tags.grow(1, "strike", frozenset(), frozenset({"Odesa"}))  # it names a place now
    assert tags.among({0, 1, 2, 4}, "strike", frozenset({"Kharkiv"})) == {2, 4}
    assert tags.among({0, 1, 2, 4}, "strike", frozenset({"Odesa"})) == {1, 4}


@pytest.mark.parametrize("values, expected", [([450], 450), ([450, 500, 450], 450), ([450, 500], 500), ([0], 0)])
def test_the_most_stated_figure_wins_and_ties_go_to_the_larger(values, expected):
    assert merge_module._most_stated(values) == expected


def test_figures_of_an_event_are_read_from_the_mentions_that_state_them():
    [event] = merge_mentions([mention(drones=450), mention("b.txt"), mention("c.txt", drones=500),
                              mention("d.txt", drones=500)])
    assert event.drones == 500 and event.killed is None and isinstance(event, Event)


def test_of_events_that_fit_equally_the_first_formed_is_joined_whatever_their_positions():
    # Candidates are found as a set; among equals the first formed wins, as when every
    # event is tried in order (positions 6 and 33 come out of a small set the other way round).
    cities = [PlaceRef(f"City {i}", "city", "Ukraine", 48.0, 35.0) for i in range(40)]
    apart = [mention("a.txt", start=i, places=(city,)) for i, city in enumerate(cities)]
    [six, thirty_three] = [merge_mentions(apart)[i].event_id for i in (6, 33)]
    merged = merge_mentions(apart + [mention("b.txt", places=(cities[6], cities[33]))])
    joined = [e for e in merged if len(e.mentions) == 2]
    assert [e.event_id for e in joined] == [six] and thirty_three in {e.event_id for e in merged}
