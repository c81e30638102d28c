import datetime as dt

import pytest

from pipeline.merge import merge_mentions, places_compatible
from pipeline.model import Evidence, EventMention, PlaceRef, ResolvedDate

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
