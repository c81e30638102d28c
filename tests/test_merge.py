"""Merging mentions into events: one real event told several times is one row."""
import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.merge import event_from, merge_mentions
from pipeline.model import Evidence, EventMention, PlaceRef, ResolvedDate

KYIV = PlaceRef("Kyiv", "city", "Ukraine", 50.45, 30.52, "Kyiv City")
KHARKIV = PlaceRef("Kharkiv", "city", "Ukraine", 49.99, 36.23, "Kharkiv Oblast")
KHARKIV_OBLAST = PlaceRef("Kharkiv Oblast", "region", "Ukraine", 49.5, 36.5)
ODESA = PlaceRef("Odesa", "city", "Ukraine", 46.48, 30.73, "Odesa Oblast")
WESTERN_UKRAINE = PlaceRef("western Ukraine", "region", "Ukraine", 49.5, 25.0)
DOHA = PlaceRef("Doha", "city", "Qatar", 25.29, 51.53)
GAZA_CITY = PlaceRef("Gaza City", "city", "Palestine", 31.5, 34.47)
YEMEN = PlaceRef("Yemen", "country", "Yemen", 15.5, 47.5)
SANAA = PlaceRef("Sanaa", "city", "Yemen", 15.35, 44.2)
TIANJIN = PlaceRef("Tianjin", "city", "China", 39.14, 117.18)
BEIJING = PlaceRef("Beijing", "city", "China", 39.9, 116.4)
DAY = dt.date(2026, 2, 3)


def mention(doc="a.txt", start=0, kind="strike", status="occurred", day=DAY, end=None, precision="day",
            actors=("Russia", "Ukraine"), places=(KYIV,), drones=None, method="relative", figures=(),
            roles=None, anchor_source="manifest", sentence="A sentence of the body."):
    if roles is None and kind == "strike":
        roles = tuple(actors) + ("",) * (2 - len(actors))
    return EventMention(
        type=kind, status=status, date=ResolvedDate(day, end or day, precision, method),
        date_text="overnight" if method != "anchor" else "", actors=tuple(a for a in actors if a),
        places=tuple(places), evidence=Evidence(doc, start, start + 10, sentence, anchor_source=anchor_source),
        drones=drones, figures_text=figures, roles=roles or ())


def test_the_same_strike_in_two_documents_is_one_event_with_both_sources_and_figures():
    merged = merge_mentions([
        mention("a.txt", drones=450, figures=("450 drones",), places=(KYIV, KHARKIV)),
        mention("b.txt", drones=450, figures=("more than 450 drones",), places=(KHARKIV,)),
    ])
    assert len(merged) == 1
    event = merged[0]
    assert event.sources == ["a.txt", "b.txt"] and event.n_sources == 2 and event.drones == 450
    assert event.figures == ["450 drones (a.txt)", "more than 450 drones (b.txt)"]
    assert [p.name for p in event.places] == ["Kyiv", "Kharkiv"]


@pytest.mark.parametrize("second, together", [
    # places that fit: the same one, none named, a city and its region, a compass region alone
    (dict(places=(KYIV,)), True),
    (dict(places=()), True),
    (dict(places=(KHARKIV_OBLAST,)), False),  # against Kyiv: another region
    (dict(places=(WESTERN_UKRAINE,)), True),  # one night's attack "on western Ukraine"
    (dict(places=(ODESA,)), False),  # two cities apart: two strikes
    # sides: the same attacker, or one unnamed; never two attackers
    (dict(actors=("", "Ukraine")), True),
    (dict(actors=("Ukraine", "Russia"), places=()), False),
    # dates: overlapping or not; a report's own date is loose within its document
    (dict(day=DAY - dt.timedelta(days=7)), False),
    (dict(day=DAY - dt.timedelta(days=1), method="anchor"), True),
    (dict(doc="b.txt", day=DAY - dt.timedelta(days=1), method="anchor", places=()), False),
    # what is hypothetical stays apart from what happened
    (dict(status="hypothetical"), False),
])
def test_when_two_strikes_are_one(second, together):
    first = mention(places=(KYIV,))
    other = mention(**{"start": 40, **second})
    assert (len(merge_mentions([first, other])) == 1) is together


def test_a_header_date_is_exact_when_merging():
    # a digest's days: "Monday 23 September" and "Tuesday 24 September" head two strikes
    monday = mention(day=DAY, method="anchor", anchor_source="header", places=())
    tuesday = mention(start=50, day=DAY + dt.timedelta(days=1), method="anchor", anchor_source="header", places=())
    assert len(merge_mentions([monday, tuesday])) == 2


def test_a_target_group_fits_the_country_its_places_are_in():
    a = mention(actors=("United States", "Houthis"), roles=("United States", "Houthis"), places=(SANAA,))
    b = mention(start=30, actors=("United States", "Yemen"), roles=("United States", "Yemen"), places=(YEMEN,))
    assert len(merge_mentions([a, b])) == 1


def test_strikes_on_two_countries_the_same_day_stay_apart():
    doha = mention(actors=("Israel", "Hamas"), places=(DOHA,))
    gaza = mention(start=60, actors=("Israel", "Hamas"), places=(GAZA_CITY,))
    assert len(merge_mentions([doha, gaza])) == 2


@pytest.mark.parametrize("parties, together", [
    (("Volodymyr Zelensky", "Emmanuel Macron", "Ukraine", "France"), True),  # the same two
    (("Ukraine", "France"), True),  # a subset
    (("Volodymyr Zelensky", "Mark Rutte", "Ukraine", "NATO"), False),  # one leader, two talks
    # the same two states, no one in common: the ministers' talks beside the leaders'
    (("Andrii Sybiha", "Jean-Noël Barrot", "Ukraine", "France"), False),
])
def test_talks_merge_on_their_parties(parties, together):
    first = mention(kind="talks", actors=("Volodymyr Zelensky", "Emmanuel Macron", "Ukraine", "France"), places=())
    other = mention("b.txt", kind="talks", actors=parties, places=())
    assert (len(merge_mentions([first, other])) == 1) is together


def test_planned_and_occurred_talks_merge_and_occurred_wins():
    merged = merge_mentions([mention(kind="talks", status="planned", actors=("Ukraine", "Russia"), places=()),
                             mention("b.txt", kind="talks", actors=("Russia", "United States", "Ukraine"), places=())])
    assert len(merged) == 1 and merged[0].status == "occurred"


@pytest.mark.parametrize("planned_end, planned_precision, expected", [
    # "expects to speak with him in the coming days", then "has just spoken with him"
    (DAY + dt.timedelta(days=7), "week", (DAY + dt.timedelta(days=1),) * 2),
    # "the talks will run on Wednesday and Thursday", then "the talks opened on Wednesday"
    (DAY + dt.timedelta(days=1), "day", (DAY, DAY + dt.timedelta(days=1))),
])
def test_a_plans_window_gives_way_to_the_day_it_happened(planned_end, planned_precision, expected):
    planned = mention(kind="talks", status="planned", end=planned_end, precision=planned_precision,
                      actors=("Ukraine", "United States"), places=())
    held_on = DAY + dt.timedelta(days=1) if planned_precision == "week" else DAY
    held = mention("b.txt", kind="talks", day=held_on, method="anchor", actors=("Ukraine", "United States"), places=())
    merged = merge_mentions([planned, held])
    assert len(merged) == 1 and merged[0].status == "occurred"
    assert (merged[0].date_start, merged[0].date_end) == expected


def test_a_trip_told_day_by_day_is_one_visit_over_its_days():
    arrival = mention(kind="visit", actors=("Vladimir Putin", "China"), places=(TIANJIN,), day=DAY)
    onward = mention(start=90, kind="visit", actors=("Vladimir Putin", "China"), places=(BEIJING,),
                     day=DAY + dt.timedelta(days=2))
    (visit,) = merge_mentions([arrival, onward])
    assert (visit.date_start, visit.date_end) == (DAY, DAY + dt.timedelta(days=2))
    assert [p.name for p in visit.places] == ["Tianjin", "Beijing"]


def test_a_weeks_tally_is_not_one_nights_strike():
    night = mention(drones=450)
    week = mention(start=80, day=DAY - dt.timedelta(days=6), end=DAY, precision="week", drones=1200, places=())
    assert len(merge_mentions([night, week])) == 2


def test_the_best_told_date_and_the_most_told_figure_win():
    merged = merge_mentions([
        mention("a.txt", method="anchor", drones=450),
        mention("b.txt", drones=450),
        mention("c.txt", drones=500),
    ])
    (event,) = merged
    assert event.date_method == "relative" and event.drones == 450


@pytest.mark.parametrize("pinned_day, expected", [
    (DAY, (DAY, DAY)),  # another text pins the local day inside the two kept
    (None, (DAY - dt.timedelta(days=1), DAY)),  # no text pins it: both days stay
])
def test_two_days_kept_for_two_time_zones_give_way_to_a_day_another_text_pins(pinned_day, expected):
    hedged = replace(mention("a.txt", day=DAY - dt.timedelta(days=1), end=DAY, places=(SANAA,)),
                     notes=("published 2026-02-02T22:45:00-05:00: 2026-02-03 at Sanaa; both days kept",))
    others = [mention("b.txt", day=pinned_day, places=(SANAA,))] if pinned_day else []
    (event,) = merge_mentions([hedged] + others)
    assert (event.date_start, event.date_end) == expected


JANUARY = dict(kind="talks", day=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31), precision="month")


@pytest.mark.parametrize("month_told, others, joined", [
    # the one meeting that month with a party of its own: the same
    (dict(actors=("United States", "Israel"), places=()), [], True),
    # another meeting with a party of its own that month: no guess
    (dict(actors=("United States", "Israel"), places=()),
     [mention("c.txt", kind="talks", day=dt.date(2025, 1, 20), actors=("Israel", "Egypt"), places=())], False),
    # a person the dated meeting does not have: another meeting
    (dict(actors=("Donald Trump", "Benjamin Netanyahu"), places=()), [], False),
    # a plan that month is not the meeting that was held
    (dict(actors=("United States", "Israel"), places=(), status="planned"), [], False),
    # no party in common
    (dict(actors=("Sudan",), places=()), [], False),
])
def test_a_meeting_told_by_its_month_joins_the_one_dated_meeting_of_a_party_that_month(month_told, others, joined):
    dated = mention("a.txt", kind="talks", day=dt.date(2025, 1, 15), actors=("Qatar", "Israel", "Benjamin Netanyahu"),
                    places=(DOHA,))
    merged = merge_mentions([dated, mention("b.txt", **{**JANUARY, **month_told})] + others)
    together = [e for e in merged if "a.txt" in e.sources]
    assert ("b.txt" in together[0].sources) is joined
    assert (together[0].date_start, together[0].date_end) == (dt.date(2025, 1, 15),) * 2


def test_a_headline_date_gives_way_to_the_body():
    # a headline's date is shorthand; the body tells the day the event was
    headline = mention("a.txt", kind="talks", day=DAY + dt.timedelta(days=1), method="explicit",
                       sentence="Envoys meet in Kyiv on Feb. 4")
    body = mention("a.txt", start=60, kind="talks")
    (event,) = merge_mentions([headline, body])
    assert event.date_start == DAY


def test_event_from_takes_the_mentions_as_given():
    event = event_from([mention(), mention("b.txt", actors=("Ukraine", "Russia"))])
    assert len(event.mentions) == 2 and event.sources == ["a.txt", "b.txt"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a.txt", "b.txt", "c.txt"]), st.integers(0, 5),
                          st.sampled_from([KYIV, KHARKIV, ODESA, DOHA]),
                          st.sampled_from([("Russia", "Ukraine"), ("Ukraine", "Russia"), ("Israel", "Hamas")])),
                max_size=12))
def test_every_mention_lands_in_exactly_one_event_whatever_the_order(rows):
    mentions = [mention(doc, start=i * 10, day=DAY + dt.timedelta(days=offset % 3), places=(place,), actors=sides)
                for i, (doc, offset, place, sides) in enumerate(rows)]
    events = merge_mentions(mentions)
    kept = [m for e in events for m in e.mentions]
    assert sorted(id(m) for m in kept) == sorted(id(m) for m in mentions)
    assert merge_mentions(list(reversed(mentions))).__len__() == len(events)


def test_a_strike_told_by_its_month_joins_the_one_strike_of_those_sides_that_month():
    day = mention("a.txt", actors=("United States", "Houthis"), places=(SANAA,), day=dt.date(2024, 1, 12))
    month = mention("b.txt", actors=("United States", "Houthis"), places=(), day=dt.date(2024, 1, 1),
                    end=dt.date(2024, 1, 31), precision="month", method="explicit")
    merged = merge_mentions([day, month])
    assert len(merged) == 1 and merged[0].date_start == dt.date(2024, 1, 12) and merged[0].n_sources == 2


def test_a_strike_told_by_its_month_stays_apart_when_that_month_had_two():
    days = [mention("a.txt", start=i * 100, actors=("United States", "Houthis"), places=(SANAA,),
                    day=dt.date(2024, 1, d)) for i, d in enumerate((12, 22))]
    month = mention("b.txt", actors=("United States", "Houthis"), places=(), day=dt.date(2024, 1, 1),
                    end=dt.date(2024, 1, 31), precision="month", method="explicit")
    assert len(merge_mentions(days + [month])) == 3


def test_allies_of_the_attacker_stand_after_it():
    told = mention("a.txt", actors=("United States", "United Kingdom", "Houthis"), places=(SANAA,),
                   roles=("United States", "Houthis"))
    assert merge_mentions([told])[0].actors == ["United States", "United Kingdom", "Houthis"]


def test_a_strike_told_by_its_month_stays_apart_from_one_at_another_place():
    day = mention("a.txt", places=(KYIV,), day=dt.date(2024, 1, 12))
    month = mention("a.txt", start=300, places=(KHARKIV,), day=dt.date(2024, 1, 1),
                    end=dt.date(2024, 1, 31), precision="month", method="explicit")
    assert len(merge_mentions([day, month])) == 2


def test_one_sides_strike_known_by_its_month_in_two_texts_is_one_event_when_no_day_is_told():
    told = [mention(doc, actors=("Israel", "Iran"), places=(), day=dt.date(2024, 4, 1), end=dt.date(2024, 4, 30),
                    precision="month", method="explicit") for doc in ("a.txt", "b.txt")]
    assert len(merge_mentions(told)) == 1
    # a day told that month keeps the months apart from each other: which strike each is, is unknown
    day = mention("c.txt", actors=("Israel", "Iran"), places=(), day=dt.date(2024, 4, 19))
    day2 = mention("c.txt", start=200, actors=("Israel", "Iran"), places=(), day=dt.date(2024, 4, 25))
    assert len(merge_mentions(told + [day, day2])) == 4


def test_in_one_text_a_call_and_a_meeting_told_apart_are_two_events():
    meeting = mention(kind="talks", actors=("Emmanuel Macron", "Volodymyr Zelensky", "France", "Ukraine"), places=())
    call = replace(mention(start=120, kind="talks", actors=("Emmanuel Macron", "Volodymyr Zelensky", "Donald Trump",
                                                            "France", "Ukraine", "United States"), places=()),
                   remote=True)
    assert len(merge_mentions([meeting, call])) == 2
    # told by two texts, one saying "by phone", they may be one
    elsewhere = replace(call, evidence=replace(call.evidence, document="b.txt"))
    assert len(merge_mentions([meeting, elsewhere])) == 1


def test_a_trip_told_three_days_apart_is_found_and_joined():
    # the merge rule of visits allows three days between tellings; the index must offer them
    first = mention(kind="visit", actors=("Vladimir Putin", "China"), places=(TIANJIN,), day=DAY)
    later = mention(start=400, kind="visit", actors=("Vladimir Putin", "China"), places=(BEIJING,),
                    day=DAY + dt.timedelta(days=3))
    (visit,) = merge_mentions([first, later])
    assert (visit.date_start, visit.date_end) == (DAY, DAY + dt.timedelta(days=3))


ISTANBUL = PlaceRef("Istanbul", "city", "Turkey", 41.01, 28.98, "Istanbul")
ANCHOR_DAY = dt.date(2026, 5, 20)


def passing(doc="later.txt", kind="talks", actors=("Russia", "Ukraine"), places=(ISTANBUL,), day=ANCHOR_DAY):
    """A telling with no date of its own ("since the Istanbul talks"), dated by its report."""
    return mention(doc, kind=kind, day=day, method="anchor", actors=actors, places=places)


def test_an_event_named_in_passing_is_the_one_dated_event_of_its_kind_at_that_place():
    held = mention("wire.txt", kind="talks", day=dt.date(2026, 3, 12), actors=("Russia", "Ukraine"), places=(ISTANBUL,))
    merged = merge_mentions([held, passing()])
    assert len(merged) == 1
    assert merged[0].date_start == dt.date(2026, 3, 12) and sorted(merged[0].sources) == ["later.txt", "wire.txt"]


@pytest.mark.parametrize("others, why", [
    ([dict(day=dt.date(2026, 4, 2))], "two rounds at that place: no guess"),
    ([], "none but one after the report"),
])
def test_a_passing_name_is_left_alone_when_the_texts_date_no_single_event_before_it(others, why):
    rounds = [mention("wire.txt", kind="talks", day=dt.date(2026, 3, 12), actors=("Russia", "Ukraine"), places=(ISTANBUL,))]
    rounds += [mention("wire.txt", start=100 + i, kind="talks", actors=("Russia", "Ukraine"), places=(ISTANBUL,), **o)
               for i, o in enumerate(others)]
    if not others:
        rounds = [mention("wire.txt", kind="talks", day=ANCHOR_DAY + dt.timedelta(days=40),
                          actors=("Russia", "Ukraine"), places=(ISTANBUL,))]
    merged = merge_mentions(rounds + [passing()])
    assert len(merged) == len(rounds) + 1, why


def test_a_visit_named_in_passing_joins_only_the_same_visitors_trip():
    orban = mention("blog.txt", kind="visit", day=ANCHOR_DAY - dt.timedelta(days=4),
                    actors=("Viktor Orbán", "Russia"), places=(PlaceRef("Moscow", "city", "Russia", 55.75, 37.62),))
    modi = passing("blog.txt", kind="visit", actors=("Narendra Modi", "Russia"), places=orban.places)
    assert len(merge_mentions([orban, modi])) == 2


def test_a_headline_joins_only_an_event_its_own_text_tells():
    other_text = mention("call.txt", kind="talks", day=ANCHOR_DAY, precision="month",
                         end=ANCHOR_DAY + dt.timedelta(days=10), actors=("Donald Trump", "Vladimir Putin"), places=())
    title = mention("summit.txt", start=0, kind="talks", method="anchor", actors=("Donald Trump",), places=(DOHA,),
                    sentence="Trump flies to Doha for summit")
    merged = merge_mentions([other_text, title])
    assert len(merged) == 2


PARIS = PlaceRef("Paris", "city", "France", 48.86, 2.35)


def test_talks_known_since_a_month_join_the_dated_talks_at_their_city_not_those_without_one():
    # "talks have since been held in Paris" (July to the report's day), a minister's talks
    # told in the same text on the report's day with no place, and another text's Paris talks
    since = mention(kind="talks", day=dt.date(2025, 7, 1), end=dt.date(2025, 11, 10), precision="unknown",
                    actors=("United States", "Israel", "Syria"), places=(PARIS,))
    minister = mention(start=300, kind="talks", day=dt.date(2025, 11, 10),
                       actors=("Marco Rubio", "Syria", "United States"), places=())
    held = mention("b.txt", kind="talks", day=dt.date(2025, 7, 24), actors=("Israel", "Syria"), places=(PARIS,))
    merged = merge_mentions([since, minister, held])
    assert sorted(len(e.mentions) for e in merged) == [1, 2]
    (joined,) = [e for e in merged if len(e.mentions) == 2]
    assert joined.date_start == dt.date(2025, 7, 24) and joined.places[0].name == "Paris"


def test_a_possibility_raised_on_two_days_spans_the_days_it_was_raised():
    # "a three-way meeting could follow" on one day, "we are ready for a three-way meeting"
    # the next: no date of its own, so the days it was said
    first = mention(kind="talks", status="hypothetical", method="anchor", actors=("Russia", "Ukraine", "United States"),
                    places=())
    second = mention("b.txt", kind="talks", status="hypothetical", method="anchor", day=DAY + dt.timedelta(days=1),
                     actors=("Ukraine", "United States", "Russia"), places=())
    merged = merge_mentions([first, second])
    assert len(merged) == 1 and merged[0].status == "hypothetical"
    assert (merged[0].date_start, merged[0].date_end) == (DAY, DAY + dt.timedelta(days=1))
    # a possibility given a day of its own keeps that day
    dated = merge_mentions([replace(first, date=ResolvedDate(DAY, DAY, "day", "relative")), second])
    assert len(dated) == 1 and (dated[0].date_start, dated[0].date_end) == (DAY, DAY)


def test_a_trip_lasts_until_the_talks_its_visitor_holds_there():
    beijing = PlaceRef("Beijing", "city", "China", 39.9, 116.4)
    trip = mention("a.txt", kind="visit", actors=("Narendra Modi", "India", "China"), places=(TIANJIN,))
    talks = mention("a.txt", start=200, kind="talks", day=DAY + dt.timedelta(days=2),
                    actors=("Narendra Modi", "Xi Jinping", "India", "China"), places=(beijing,))
    visit = next(e for e in merge_mentions([trip, talks]) if e.type == "visit")
    assert (visit.date_start, visit.date_end) == (DAY, DAY + dt.timedelta(days=2))
    # talks at home, talks another text tells, talks a week later: the trip keeps its day
    for other in (replace(talks, places=(PlaceRef("New Delhi", "city", "India", 28.6, 77.2),)),
                  replace(talks, evidence=Evidence("b.txt", 200, 210, "A sentence of the body.", anchor_source="manifest")),
                  replace(talks, date=ResolvedDate(DAY + dt.timedelta(days=7), DAY + dt.timedelta(days=7), "day", "relative"))):
        visit = next(e for e in merge_mentions([trip, other]) if e.type == "visit")
        assert (visit.date_start, visit.date_end) == (DAY, DAY)


def test_both_parts_of_a_raid_told_in_one_sentence_join_the_raid_another_text_tells():
    # another text: the raid on Kyiv and Odesa, and a line of it on Kyiv alone;
    # this one: "drones hit Kyiv while missiles struck Odesa", one raid in two parts
    sentence = "Drones hit Kyiv while missiles struck Odesa, officials said."
    told = [mention("a.txt", places=(KYIV, ODESA)), mention("a.txt", start=80, places=(KYIV,)),
            mention("b.txt", places=(KYIV,), sentence=sentence), mention("b.txt", places=(ODESA,), sentence=sentence)]
    assert len(merge_mentions(told)) == 1
    # told in two sentences, the two cities are two strikes of that text
    apart = told[:3] + [replace(told[3], evidence=replace(told[3].evidence, start=90))]
    assert len(merge_mentions(apart)) == 2


@pytest.mark.parametrize("doc, together", [("a.txt", True), ("b.txt", False)])
def test_an_attack_answered_joins_the_day_its_own_text_tells_it(doc, together):
    # "…struck back in response to attacks on its bases": some day of the fortnight before;
    # "Pakistan struck Indian air bases early on Saturday": the day
    answered = replace(mention(actors=("Pakistan", "India"), places=(), day=DAY - dt.timedelta(days=14), end=DAY,
                               precision="week"),
                       notes=("dated from the event it preceded: India strike on Pakistan",))
    told = mention(doc, start=200, actors=("Pakistan", "India"), places=(PlaceRef("Pathankot", "city", "India", 32.27, 75.65),))
    merged = merge_mentions([answered, told])
    assert (len(merged) == 1) is together
    # a window the text counts from nothing stays a stretch of many strikes
    tally = replace(answered, notes=())
    assert len(merge_mentions([tally, replace(told, evidence=replace(told.evidence, document="a.txt"))])) == 2


def test_a_trip_holds_only_the_talks_with_its_host():
    riyadh = PlaceRef("Riyadh", "city", "Saudi Arabia", 24.7, 46.7)
    trip = mention("a.txt", kind="visit", actors=("Donald Trump", "United States", "Saudi Arabia"), places=(riyadh,))
    host = mention("a.txt", start=200, kind="talks", day=DAY + dt.timedelta(days=1),
                   actors=("Donald Trump", "Mohammed bin Salman", "United States", "Saudi Arabia"), places=(riyadh,))
    guest = replace(host, actors=("Donald Trump", "Ahmed al-Sharaa", "United States", "Syria"))
    for talks, end in ((host, DAY + dt.timedelta(days=1)), (guest, DAY)):
        visit = next(e for e in merge_mentions([trip, talks]) if e.type == "visit")
        assert (visit.date_start, visit.date_end) == (DAY, end)


def test_tellings_naming_the_same_sides_and_places_share_their_sets():
    # memory: a corpus names the same few sides and places again and again
    from pipeline.merge.keys import keys_of

    one = keys_of(mention("a.txt", places=(KYIV, KHARKIV)))
    other = keys_of(mention("b.txt", start=40, places=(KHARKIV, KYIV)))
    assert one.sides is other.sides and one.specific is other.specific and one.countries is other.countries
    assert one.specific == {"Kyiv", "Kharkiv"}
    elsewhere = keys_of(mention("c.txt", places=(KHARKIV,)))
    assert elsewhere.specific == {"Kharkiv"} and elsewhere.specific is not one.specific
