"""Event mentions read from sentences: types, status, dates, sides, places and figures.

Every sentence here is written for these tests; each case is one thing English news does.
"""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.anchors import split_passages
from pipeline.events import extract_mentions
from pipeline.merge import merge_mentions
from pipeline.model import Document, SourceMeta
from pipeline.text.layout import furniture

D = dt.date.fromisoformat


def read(text: str, published: str = "2026-02-03", source: str = "", title: str = "", name: str = "doc.txt"):
    document = Document(name, text, SourceMeta(file=name, published=published, source=source, title=title))
    return extract_mentions(document, split_passages(document))


def events(text: str, **kwargs):
    return merge_mentions(read(text, **kwargs))


def one(text: str, kind: str, **kwargs):
    found = [e for e in events(text, **kwargs) if e.type == kind]
    assert len(found) == 1, [(e.type, e.summary) for e in events(text, **kwargs)]
    return found[0]


# ---------------------------------------------------------------------------------- sides

# (sentence, published, attacker, target, a place it names)
SIDES = [
    # the author named after the event ("claimed by", "orchestrated by")
    ("A bombing in Mogadishu on Friday, claimed by al-Shabaab, killed 12 people.", "2024-03-02",
     "al-Shabaab", "Somalia", "Mogadishu"),
    # Russia–Ukraine: the subject launched; the reporting source is no side
    ("Russia launched 120 drones at Kharkiv overnight, the regional governor said.", "2026-02-03",
     "Russia", "Ukraine", "Kharkiv"),
    # an adjective of the attacker
    ("Israeli warplanes struck military sites near Isfahan on Saturday, Iranian media reported.", "2025-06-16",
     "Israel", "Iran", "Isfahan"),
    # Red Sea: a group by name, the sea it fired into
    ("The Houthis fired a ballistic missile at a cargo ship in the Gulf of Aden on Monday.", "2024-02-20",
     "Houthis", "", "Gulf of Aden"),
    # India–Pakistan: the report's source is the side attacked
    ("Pakistan said India struck six sites in its Punjab province on Wednesday.", "2025-05-08",
     "India", "Pakistan", None),
    # Sudan: an armed group's drone attack on a city
    ("The RSF launched a drone attack on Port Sudan on Sunday, the army said.", "2025-05-06",
     "Rapid Support Forces", "Sudan", "Port Sudan"),
    # Syria: jets of a state
    ("Israeli jets bombed an air base near Damascus on Wednesday.", "2025-07-18", "Israel", "Syria", "Damascus"),
    # an accusation: the attacker is who is accused
    ("Moscow accused Kyiv of attacking an oil depot in the Bryansk region with drones.", "2026-02-03",
     "Ukraine", "Russia", "Bryansk Oblast"),
    # the passive: the agent after "by"
    ("Kyiv was hit by Russian ballistic missiles early on Monday.", "2026-02-03", "Russia", "Ukraine", "Kyiv"),
    # what air defence stopped was launched by the side it belongs to
    ("Russia's defence ministry said its air defences shot down 48 Ukrainian drones over the Kursk region.",
     "2026-02-03", "Ukraine", "Russia", "Kursk Oblast"),
    # "its drones": the reporting side's
    ("Ukraine's General Staff said its drones hit an oil refinery in Russia's Samara region.", "2026-02-03",
     "Ukraine", "Russia", "Samara Oblast"),
    # a region named by its stem and "region" ("Krasnodar Krai")
    ("Ukrainian drones set fire to a fuel depot in the Krasnodar region on Friday.", "2025-08-02",
     "Ukraine", "Russia", "Krasnodar Krai"),
    # supporters after "with support from" are not the subject
    ("Overnight, French forces, with backing from Belgium and Denmark, struck radar sites in Yemen.",
     "2024-03-01", "France", "Yemen", "Yemen"),
    # a claim of authorship: the claimant attacked
    ("Al-Shabaab has claimed responsibility for a car bombing at an army base in Baidoa that killed "
     "eight soldiers.", "2024-06-11", "al-Shabaab", "Somalia", "Baidoa"),
    # an attack blamed on a side: that side attacked
    ("A drone strike blamed on the RSF hit a fuel depot in Kosti on Monday.", "2025-05-14",
     "Rapid Support Forces", "Sudan", "Kosti"),
    # the weapons a side launched, named after them
    ("Israel's army said it intercepted most of the 60 drones Iran launched overnight.", "2025-06-15",
     "Iran", "Israel", None),
]


def test_a_maker_or_a_sponsor_is_no_attacker():
    strike = one("Kyiv said it had shot down 40 Iranian-made drones launched by Russia on Friday.", "strike",
                 published="2025-02-08")
    assert strike.actors[:2] == ["Russia", "Ukraine"]


def test_coordinated_attackers_are_all_kept():
    strike = one("French and Italian jets bombed a weapons depot near Misrata on Thursday.", "strike",
                 published="2025-03-14")
    assert strike.actors == ["France", "Italy", "Libya"]


def test_a_country_is_read_as_the_group_holding_ground_there():
    text = ("Hezbollah fired rockets at Haifa on Monday, the Israeli military said. "
            "Israeli jets then struck villages in southern Lebanon. Hezbollah said its fighters would respond.")
    strikes = [e for e in events(text, published="2024-09-24") if e.type == "strike"]
    assert [e.actors for e in strikes] == [["Hezbollah", "Israel"], ["Israel", "Hezbollah"]]


def test_a_group_is_no_holder_where_the_country_itself_is_named_more():
    text = ("Pakistan condemned the strikes. Indian missiles hit sites in Pakistan on Wednesday, "
            "Pakistan's army said, adding that one target had been linked to Lashkar-e-Taiba.")
    strike = one(text, "strike", published="2025-05-07")
    assert strike.actors == ["India", "Pakistan"]


@pytest.mark.parametrize("sentence", [
    "The strikes came after weeks of Houthi attacks on shipping in the Red Sea.",
    "The city has endured repeated drone raids since the spring.",
    "Grid operators say they cannot keep up with Moscow's relentless attacks on power plants.",
    "Residents of the north have learned to live with Hezbollah's rocket strikes.",
])
def test_a_stretch_of_many_attacks_is_no_event(sentence):
    assert [m for m in read(sentence, published="2024-05-02") if m.type == "strike"] == []


def test_an_alliance_written_in_capitals_is_no_place():
    text = "The minister urged NATO members to send more air defence after the strike on Odesa on Monday."
    strike = one(text, "strike", published="2026-03-04")
    assert [p.name for p in strike.places] == ["Odesa"]
    assert "Philippines" not in strike.actors


@pytest.mark.parametrize("sentence, kind, place, not_a_party", [
    ("Negotiators met in the Qatari capital on Sunday.", "talks", "Doha", "Qatar"),
    ("A drone hit an apartment block in the Lebanese capital overnight.", "strike", "Beirut", ""),
])
def test_a_countrys_capital_named_by_its_adjective_is_the_city(sentence, kind, place, not_a_party):
    event = one(sentence, kind, published="2025-03-04")
    assert [p.name for p in event.places] == [place]
    if not_a_party:
        assert not_a_party not in event.actors


@pytest.mark.parametrize("sentence, published, attacker, target, place", SIDES)
def test_sides_are_read_from_the_sentence(sentence, published, attacker, target, place):
    strike = one(sentence, "strike", published=published)
    assert strike.actors[0] == attacker
    if target:
        assert strike.actors[1] == target
    if place:
        assert place in [p.name for p in strike.places]


@pytest.mark.parametrize("text, place", [
    ("Kharkiv's mayor said Russian drones hit the city overnight.", "Kharkiv"),  # the city named before
    ("Russian missiles struck Odesa on Monday. A day later, drones hit the city again.", "Odesa"),
    # "the capital": the seat of the country of the place named before
    ("Russian missiles hit a park in the Shevchenkivskyi district. A second volley hit the capital minutes "
     "later.", "Kyiv"),
])
def test_the_city_a_strike_hit_is_the_one_named_just_before(text, place):
    strikes = [e for e in events(text, published="2025-05-06") if e.type == "strike"]
    assert any(place in [p.name for p in e.places] and e.roles == ["Russia", "Ukraine"] for e in strikes)


def test_a_place_before_a_second_verb_of_the_subject_is_where_it_happened_and_a_right_to_retaliate_is_a_threat():
    found = events("Moscow accused Kyiv of a drone attack on the Kremlin and said it reserved the right to retaliate.",
                   published="2023-05-03")
    occurred = [e for e in found if e.type == "strike" and e.status == "occurred"]
    assert [[p.name for p in e.places] for e in occurred] == [["Kremlin"]]
    assert all(e.status == "hypothetical" for e in found if e not in occurred)


@pytest.mark.parametrize("sentence", [
    "Pakistani and Indian troops exchanged fire along the Line of Control overnight.",
    "Hezbollah traded fire with Israel on Tuesday.",
])
def test_fire_two_sides_exchanged_is_a_strike_each_way(sentence):
    found = sorted(tuple(e.roles) for e in events(sentence, published="2025-05-08") if e.type == "strike")
    assert len(found) == 2 and found[0] == tuple(reversed(found[1]))


def test_a_side_blamed_in_the_next_sentence_attacked():
    text = ("Drones struck a power station in Kassala's main city on Tuesday. The army blamed the "
            "Rapid Support Forces, which did not comment.")
    strike = one(text, "strike", published="2025-05-07")
    assert strike.actors[0] == "Rapid Support Forces" and "Sudan" in strike.actors


def test_a_strike_on_a_seat_of_government_is_on_the_state_whoever_else_holds_ground_there():
    text = ("The RSF has shelled El Fasher for months, and RSF fighters hold most of Darfur. "
            "Drones struck Port Sudan's main fuel depot on Tuesday, the RSF said.")
    strike = [e for e in events(text, published="2025-05-07") if "Port Sudan" in [p.name for p in e.places]][0]
    assert strike.roles[1] == "Sudan" and [p.name for p in strike.places] == ["Port Sudan"]


def test_an_unnamed_attacker_is_the_side_the_document_names_against_that_target():
    text = ("Russia fired 40 missiles at Ukraine overnight. "
            "In Lviv, a missile hit an energy facility on Tuesday, officials said.")
    strikes = [m for m in read(text) if m.type == "strike"]
    second = strikes[-1]
    assert second.actors[:2] == ("Russia", "Ukraine")
    assert any("attacker not named" in note for note in second.notes)


# ---------------------------------------------------------------------------------- status

# (sentence, type, status or None for no event)
STATUS = [
    ("Russia will strike Kyiv again if the talks fail, a senior official warned.", "strike", "hypothetical"),
    ("The two delegations are due to meet in Geneva on Thursday.", "talks", "planned"),
    ("Trump asked Putin to halt strikes on energy facilities for 30 days.", "strike", "hypothetical"),
    ("No strikes were reported in the capital overnight.", "strike", None),
    ("Russian forces did not strike Kharkiv on Monday, the mayor said.", "strike", None),
    ("Negotiations to end the war have stalled.", "talks", None),
    ("Strikes on the city are now regular.", "strike", None),
    ("Zelensky met Macron in Paris on Monday.", "talks", "occurred"),
    ("The U.S. envoy will travel to Moscow next week.", "visit", "planned"),
    ("Putin said Zelensky could come to Moscow if he wanted a meeting.", "visit", "hypothetical"),
    ("It was unclear if Sunday's meeting of Ukrainian and Russian negotiators in Riyadh would go ahead.",
     "talks", "planned"),
    ("Nothing will change until Trump and Putin meet.", "talks", "hypothetical"),
    ("A meeting between Erdogan and Assad was still possible, a Turkish official said.", "talks", "hypothetical"),
    ("Armenia and Azerbaijan initialled a peace deal in Washington on Friday.", "talks", "occurred"),
    ("The trip was kept secret until Biden met Zelensky in Kyiv.", "talks", "occurred"),
    ("Speaking to Ukraine's parliament, Rutte praised its air defence.", "talks", None),
    ("The rebels have attacked ships two dozen times since November.", "strike", None),
    # what a planned trip is for is planned, in a part of its own
    ("Viktor Orban praised the call and said he would fly to Beijing on Friday to meet Xi Jinping.", "talks", "planned"),
    # a trigger's own word is no plan ("set fire to" holds no "set to")
    ("A drone attack set fire to a fuel depot in Novorossiysk on Sunday.", "strike", "occurred"),
    # a host's possessed thing is no guest; a host's envoy is
    ("Qatar hosts Hamas's political office in Doha.", "talks", None),
    ("Erdogan hosted Putin's envoy in Ankara on Monday.", "talks", "occurred"),
    # a tally of strikes is no strike; a vague number of strikes that hit is one
    ("The army has carried out hundreds of strikes in the region since March.", "strike", None),
    ("Dozens of strikes hit Kharkiv overnight.", "strike", "occurred"),
    # the month in a date is no modal
    ("Russia's Easter truce ran from 18 to 20 May.", "ceasefire", "occurred"),
    ("A truce between Russia and Ukraine may follow.", "ceasefire", "hypothetical"),
    ("Israel and Iran agreed to a complete and total ceasefire.", "ceasefire", "occurred"),  # adjectives
]


@pytest.mark.parametrize("sentence, kind, status", STATUS)
def test_status(sentence, kind, status):
    found = [e for e in events(sentence) if e.type == kind]
    if status is None:
        assert found == []
    else:
        assert [e.status for e in found] == [status]


# ---------------------------------------------------------------------------------- dates

# (sentence, published, type, date_start, date_end)
DATES = [
    # the night ending on a day is that day's
    ("Russia fired 70 missiles at Ukraine overnight into Tuesday.", "2026-02-04", "strike", "2026-02-03", "2026-02-03"),
    # a weekday of a plan is the next one; of what happened, the last one
    ("The foreign ministers will meet in Ankara on Thursday.", "2026-02-03", "talks", "2026-02-05", "2026-02-05"),
    ("The foreign ministers met in Ankara on Thursday.", "2026-02-03", "talks", "2026-01-29", "2026-01-29"),
    # a yearless date takes the year nearest before the report
    ("Russian drones hit Odesa on Dec. 30, killing two people.", "2026-01-05", "strike", "2025-12-30", "2025-12-30"),
    # "two weeks ago" is that calendar week
    ("The envoys met in Doha two weeks ago.", "2026-02-04", "talks", "2026-01-19", "2026-01-25"),
    # a statement's date is not the event's ("said on Friday that…")
    ("Kyiv said on Friday that Russian drones had hit Sumy.", "2026-02-03", "strike", "2026-02-03", "2026-02-03"),
    # a date naming an event's day stays its date after "since"
    ("Power has been rationed since the March 22 attack on the Zmiiv plant.", "2024-05-02", "strike",
     "2024-03-22", "2024-03-22"),
    # a historical year opens a period: not the event's date
    ("Israeli jets struck Beirut on Tuesday, the heaviest raid since 2006.", "2024-09-25", "strike",
     "2024-09-24", "2024-09-24"),
    # a date past another event's word is that event's ("X's visit comes ahead of talks on Friday")
    ("Erdogan's visit to Kyiv comes ahead of negotiations between Ukraine and Russia on Friday.",
     "2025-05-13", "talks", "2025-05-16", "2025-05-16"),
    ("Erdogan's visit to Kyiv comes ahead of negotiations between Ukraine and Russia on Friday.",
     "2025-05-13", "visit", "2025-05-13", "2025-05-13"),
    # "less than a month after": within the month before what it follows
    ("Drones struck Odesa on Aug. 28, less than a month after Erdogan hosted Putin in Ankara.", "2025-09-01",
     "talks", "2025-07-28", "2025-08-28"),
    # "shortly after 11 a.m." is a clock time, not an event the visit follows
    ("Putin landed in Minsk on Friday shortly after 11 a.m. and was greeted by Lukashenko.", "2025-06-28",
     "visit", "2025-06-27", "2025-06-27"),
    # "since the meeting … on Friday": the date of the event named after "since", not a period's start
    ("Since the meeting of Erdogan and Putin in Sochi on Friday, Russia has launched 900 drones at Ukraine.",
     "2025-08-18", "talks", "2025-08-15", "2025-08-15"),
    # verbs of one subject share its date
    ("Erdogan flew to Kyiv and met Zelensky on Friday.", "2025-05-17", "visit", "2025-05-16", "2025-05-16"),
]


@pytest.mark.parametrize("sentence, published, kind, start, end", DATES)
def test_dates(sentence, published, kind, start, end):
    event = one(sentence, kind, published=published)
    assert (event.date_start, event.date_end) == (D(start), D(end))


def test_an_event_told_as_a_day_after_another_is_dated_from_it():
    text = "Talks resumed in Abu Dhabi on Wednesday, a day after Russia pounded Kharkiv with drones."
    found = {e.type: e for e in events(text, published="2026-02-04")}
    assert found["talks"].date_start == D("2026-02-04")
    assert found["strike"].date_start == D("2026-02-03")


@pytest.mark.parametrize("text, start, end", [
    # "days after": a day to a week before
    ("Pakistani jets bombed Kabul on Thursday, days after Taliban forces attacked border posts in Kurram.",
     "2025-10-02", "2025-10-08"),
    # "weeks after": one to five weeks before
    ("Pakistani jets bombed Kabul on Thursday, weeks after Taliban forces attacked border posts in Kurram.",
     "2025-09-04", "2025-10-02"),
])
def test_an_event_told_as_days_or_weeks_before_another_lies_in_a_window_before_it(text, start, end):
    found = {e.actors[0]: e for e in events(text, published="2025-10-10") if e.type == "strike"}  # a Friday
    assert found["Pakistan"].date_start == D("2025-10-09")
    assert (found["Afghanistan"].date_start, found["Afghanistan"].date_end) == (D(start), D(end))


def test_what_an_attack_answers_was_the_other_sides_attack_in_the_two_weeks_before():
    text = "Iran fired missiles at a US air base in Qatar on Monday in retaliation for attacks on its nuclear sites."
    answered = [e for e in events(text, published="2025-06-24") if e.type == "strike" and e.roles[0] != "Iran"]
    assert [(e.roles, e.date_start, e.date_end) for e in answered] == \
        [(["United States", "Iran"], D("2025-06-09"), D("2025-06-23"))]


def test_what_followed_the_event_told_last_lies_between_it_and_the_report():
    text = ("Armenian forces shelled Azerbaijani positions near Lachin on March 3. What followed was a week "
            "without precedent: Azerbaijani strikes on Armenian bases in Syunik.")
    strikes = sorted(events(text, published="2025-04-20"), key=lambda e: e.date_start)
    assert [(e.actors[0], e.date_start, e.date_end) for e in strikes if e.type == "strike"] == [
        ("Armenia", D("2025-03-03"), D("2025-03-03")), ("Azerbaijan", D("2025-03-03"), D("2025-04-20"))]


def test_hours_later_is_the_day_of_the_event_told_before():
    text = ("Armenia and Azerbaijan exchanged 20 prisoners each on Sunday. Hours later, Azerbaijani drones "
            "struck a border post near Tavush.")
    strike = one(text, "strike", published="2025-06-18")  # a Wednesday
    assert strike.date_start == strike.date_end == D("2025-06-15")


def test_the_next_day_counts_from_the_event_told_before():
    text = ("The leaders met in Cairo on Monday. The next day, Israeli jets struck targets in Gaza City.")
    strike = one(text, "strike", published="2026-02-06")
    assert strike.date_start == D("2026-02-03")


def test_each_listed_date_is_its_own_event():
    text = "Russian and Ukrainian negotiators met in Istanbul on May 16, on June 2 and again on July 23."
    found = sorted(e.date_start for e in events(text, published="2025-09-01") if e.type == "talks")
    assert found == [D("2025-05-16"), D("2025-06-02"), D("2025-07-23")]


def test_a_roundup_reads_its_weekdays_inside_its_week_in_order():
    text = ("WEEK IN REVIEW | 2–8 March\n\n"
            "Monday. Russian drones hit Odesa, killing three people.\n\n"
            "Thursday. Zelensky met Macron in Paris.\n\n"
            "Sunday. Russia fired 30 missiles at Lviv on Sunday.\n")
    found = {e.type: e.date_start for e in events(text, published="2026-03-08")}
    assert found == {"strike": D("2026-03-02"), "talks": D("2026-03-05")} or \
        sorted(e.date_start for e in events(text, published="2026-03-08") if e.type == "strike") == \
        [D("2026-03-02"), D("2026-03-08")]


def test_overnight_counts_from_the_day_the_statement_was_made():
    text = "The army said on Thursday its drones had struck an ammunition depot in Belgorod overnight."
    strike = one(text, "strike", published="2025-03-09")  # a Sunday
    assert strike.date_start == D("2025-03-06")


@pytest.mark.parametrize("text", [
    "Pakistan's foreign minister told reporters late Sunday that Islamabad was ready to halt its "
    "strikes on India if New Delhi did the same.",
    "The Pakistani defence minister told journalists late Sunday in Islamabad. \u201cIf India shells "
    "our villages again, we will strike its air bases,\u201d he said.",
])
def test_a_condition_posed_late_on_the_day_before_its_report_stands_over_both_days(text):
    # reported on Monday: Sunday evening may already be Monday where the report is dated
    posed = [e for e in events(text, published="2025-05-12") if e.type == "strike"]
    assert [(e.status, e.date_start, e.date_end) for e in posed] == \
        [("hypothetical", D("2025-05-11"), D("2025-05-12"))]


def test_a_condition_said_on_a_day_before_its_report_takes_the_report_day():
    text = "The minister said on Sunday that nothing would move until Trump and Putin met."
    talks = one(text, "talks", published="2025-05-12")
    assert talks.status == "hypothetical" and talks.date_start == talks.date_end == D("2025-05-12")


def test_what_happened_later_lies_between_the_event_told_before_and_the_report():
    text = ("Israel struck Hamas leaders in Doha on Sept. 9, an attack for which Netanyahu later "
            "apologized to the Qatari prime minister during a call.")
    talks = one(text, "talks", published="2025-10-13")
    assert (talks.date_start, talks.date_end) == (D("2025-09-09"), D("2025-10-13"))
    assert {"Benjamin Netanyahu", "Qatar"} <= set(talks.actors)


def test_a_statement_made_later_gives_its_event_no_window():
    text = "Pakistan said Indian jets hit Bahawalpur on Wednesday. India later said it had struck nine sites in Pakistan."
    days = sorted((e.date_start, e.date_end) for e in events(text, published="2025-05-10") if e.type == "strike")
    assert (D("2025-05-10"), D("2025-05-10")) in days and all(a == b for a, b in days)


@pytest.mark.parametrize("text, end", [
    ("Egyptian and Qatari mediators meeting with Hamas in Cairo since the previous Thursday "
     "reached a deal on a truce that took effect on Sunday.", "2025-08-17"),
    # the day told first came "after" the talks: they ended the day before it
    ("A truce took hold on Sunday after envoys meeting with Hamas in Cairo since the previous "
     "Thursday agreed its terms.", "2025-08-16"),
])
def test_talks_under_way_since_a_day_run_from_it_to_the_day_the_sentence_tells_next(text, end):
    talks = one(text, "talks", published="2025-08-18")  # a Monday
    assert (talks.date_start, talks.date_end) == (D("2025-08-14"), D(end))


def test_a_consequence_before_its_cause_lends_it_the_date_and_place():
    text = ("A warehouse caught fire in the port of Novorossiysk early on Tuesday after what the "
            "governor said was a Ukrainian drone attack.")
    strike = one(text, "strike", published="2025-03-13")
    assert strike.date_start == D("2025-03-11") and strike.actors[:2] == ["Ukraine", "Russia"]
    assert "Novorossiysk" in [p.name for p in strike.places]


def test_two_signings_with_their_own_subjects_are_two_talks():
    text = ("Zelensky and Starmer signed a defence pact on Monday, and Zelensky signed a "
            "similar accord with Tusk later.")
    talks = sorted(e.actors for e in events(text, published="2025-01-20") if e.type == "talks")
    assert talks == [["Volodymyr Zelensky", "Donald Tusk", "Ukraine", "Poland"],
                     ["Volodymyr Zelensky", "Keir Starmer", "Ukraine", "United Kingdom"]]


@pytest.mark.parametrize("sentence, kinds, guest", [
    # a leader received in person by another: a visit and their talks
    ("Erdogan received Sudan's army chief Abdel Fattah al-Burhan in Ankara on Thursday.", ["talks", "visit"],
     "Abdel Fattah al-Burhan"),
    ("Macron welcomed Zelensky to the Elysee on Friday.", ["talks", "visit"], "Volodymyr Zelensky"),
    # people received from a country are no guests of state
    ("Saudi Arabia received 2,000 refugees from Sudan.", [], None),
    # a meeting hosted is no guest's trip
    ("Saudi Arabia is set to host talks between US and Russian officials next week.", ["talks"], "Russia"),
])
def test_a_guest_received_in_person_is_a_visit_and_talks(sentence, kinds, guest):
    found = events(sentence, published="2025-08-18")
    assert sorted(e.type for e in found) == kinds
    assert all(guest in e.actors for e in found)


def test_sides_named_as_what_a_host_welcomed_are_no_guests_and_no_parties():
    found = events("The Secretary welcomed progress toward peace between Armenia and Azerbaijan and "
                   "discussed next steps.", published="2025-08-09")
    assert found == []


def test_who_invites_someone_to_come_is_not_the_visitor():
    found = events("Sharif rejected an invitation from Indian national security adviser Ajit Doval to come "
                   "to New Delhi for talks.", published="2025-06-18")
    assert not any(e.type == "visit" and "Ajit Doval" in e.actors[:1] for e in found)


def test_every_side_a_visiting_group_names_is_a_visitor():
    text = "The heads of government of Spain, Portugal and Greece arrived in Kyiv on Friday."
    visit = one(text, "visit", published="2025-04-05")
    assert visit.actors == ["Spain", "Portugal", "Greece", "Ukraine"]


@pytest.mark.parametrize("text, visitors", [
    # people a colon lists after a subject that only counts them
    ("Five leaders flew to Kyiv on Friday: the President of France, the Chancellor of Germany and the "
     "Prime Minister of Poland.", ["Emmanuel Macron", "Friedrich Merz", "Donald Tusk"]),
])
def test_visitors_a_colon_lists_are_the_visitors(text, visitors):
    visit = one(text, "visit", published="2025-05-12")
    assert visit.actors[:len(visitors)] == visitors and visit.actors[-1] == "Ukraine"


def test_a_leaders_meeting_abroad_told_in_his_own_address_is_also_his_trip():
    title = "Address by the President of Ukraine"
    held = "Dear Ukrainians! Today in Ottawa, we had a long meeting with the Prime Minister of Canada."
    trip = one(held, "visit", published="2025-06-20", title=title)
    assert trip.actors == ["Volodymyr Zelensky", "Ukraine", "Canada"] and [p.name for p in trip.places] == ["Ottawa"]
    assert trip.status == "occurred" and trip.date_start == D("2025-06-20")
    # at home, by phone, or told of someone else: no trip
    for text in ("Dear Ukrainians! Today in Kyiv, we had a long meeting with the Prime Minister of Canada.",
                 "Dear Ukrainians! Today, from Ottawa, we had a long phone call with the Prime Minister of Canada.",
                 "The Prime Minister of Canada had a long meeting in Ottawa with the President of France today."):
        assert [e for e in events(text, published="2025-06-20", title=title) if e.type == "visit"] == [], text


def test_a_seat_of_government_keeps_its_name_against_a_namesake_town_of_a_country_named_beside_it():
    visit = one("The Prime Minister of Britain flew to Washington on Monday.", "visit", published="2025-02-26")
    assert [(p.name, p.country) for p in visit.places] == [("Washington", "United States")]
    assert visit.actors[-1] == "United States"


def test_a_weekday_in_local_time_is_read_on_that_places_day():
    text = ("WASHINGTON (AP) — The strikes began at about 3 a.m. Saturday local time in Sanaa, "
            "U.S. officials said of the raids on Houthi positions.")
    strike = one(text, "strike", published="2024-02-02T21:30:00-05:00")
    assert strike.date_start == D("2024-02-03")


def test_a_us_dated_report_about_kyiv_is_read_on_kyivs_day():
    text = "KYIV, Ukraine (AP) — Russia pounded Kyiv with drones and missiles early Friday, officials said."
    strike = one(text, "strike", published="2025-07-03T22:50:00-04:00")
    assert strike.date_start == D("2025-07-04")


# ---------------------------------------------------------------------------------- figures

def test_launched_figures_with_qualifiers_and_what_air_defence_stopped():
    text = ("Russia launched more than 450 drones and 71 missiles overnight, killing at least 11 people; "
            "air defences shot down 420 of the drones.")
    strike = one(text, "strike")
    assert (strike.drones, strike.missiles, strike.killed) == (450, 71, 11)
    assert any(f.startswith("more than 450 drones") for f in strike.figures)


def test_one_count_of_two_kinds_of_weapon_is_a_count_of_neither():
    strike = one("Iran launched more than 300 drones and missiles at Israel overnight.", "strike",
                 published="2024-04-14")
    assert (strike.drones, strike.missiles) == (None, None)


def test_a_count_split_by_kind_adds_up():
    text = "Russia fired 13 cruise missiles and one ballistic missile at Kyiv on Monday."
    strike = one(text, "strike")
    assert (strike.missiles, strike.cruise, strike.ballistic) == (14, 13, 1)


def test_what_was_hit():
    strike = one("Russian drones hit a power substation and a residential building in Odesa on Monday.", "strike")
    assert {"energy", "residential"} <= set(strike.targets)


def test_prisoners_swapped_each_count_both_sides():
    exchange = one("Russia and Ukraine swapped 84 prisoners each on Friday.", "prisoner_exchange")
    assert exchange.prisoners == 168


def test_an_attack_put_as_a_condition_after_one_told_is_not_its_retelling():
    text = ("Russian missiles struck Lviv and Dnipro on Monday morning, killing 19 people. "
            "Putin warned that if attacks on Russian territory continued, Moscow's response would be harsh.")
    statuses = sorted(e.status for e in events(text, published="2022-10-11") if e.type == "strike")
    assert statuses == ["hypothetical", "occurred"]


def test_an_event_on_another_day_named_after_one_told_is_not_its_retelling():
    text = ("Ukrainian drones struck an air base in Russia's Saratov region on Monday. "
            "It was the third wave since the October 10 attack on Kyiv.")
    found = {str(e.date_start): e for e in events(text, published="2022-12-06") if e.type == "strike"}
    assert set(found) == {"2022-12-05", "2022-10-10"}
    assert found["2022-10-10"].roles[1] == "Ukraine" and "Kyiv" in [p.name for p in found["2022-10-10"].places]


@pytest.mark.parametrize("sentence, prisoners", [
    ("The talks in Istanbul on Saturday produced a prisoner exchange.", None),
    ("The talks in Istanbul on Saturday produced an exchange of 390 prisoners.", 390),
])
def test_a_prisoner_exchange_told_with_an_article_states_no_count(sentence, prisoners):
    from pipeline.annotate import annotate
    from pipeline.events.figures import read_figures

    annotated = annotate(sentence, 0, len(sentence))
    assert read_figures(annotated, 0, len(annotated.tokens.lower)).values.get("prisoners") == prisoners


@pytest.mark.parametrize("text, venue", [
    # the city a trip went to, for talks it was for
    ("The Saudi foreign minister arrived in Tehran on Monday for talks with Iranian officials on the "
     "war in Yemen.", ["Tehran"]),
    # a war named as a topic is no venue
    ("Egypt and Qatar held talks on the war in Gaza on Monday.", []),
])
def test_talks_are_where_the_trip_for_them_went_not_where_their_topic_is(text, venue):
    talks = one(text, "talks", published="2025-06-18")
    assert [p.name for p in talks.places] == venue


def test_a_place_named_as_where_a_campaign_is_is_no_place_a_strike_hit():
    strike = one("Israel struck an army base near Damascus on Wednesday, widening its intervention in Sweida.",
                 "strike", published="2025-07-17")
    assert [p.name for p in strike.places] == ["Damascus"]




def test_talks_a_trip_is_for_are_the_travellers_with_the_host_when_nobody_else_is_named():
    talks = one("The Turkish foreign minister is expected to travel to Cairo next week for talks on the "
                "truce, officials said.", "talks", published="2025-03-19")
    assert talks.status == "planned" and {"Turkey", "Egypt"} <= set(talks.actors)
    assert [p.name for p in talks.places] == ["Cairo"]


@pytest.mark.parametrize("text, talks", [
    # a truce told as brokered was agreed at talks: its month, its parties and mediators
    ("The truce between Israel and Islamic Jihad brokered by Egypt in May held for a week.",
     [("2025-05-01", "2025-05-31", {"Israel", "Egypt"})]),
    # no party named: the two sides the text names most
    ("Israeli strikes on Gaza City killed 20 people on Monday. The previous truce, brokered in "
     "January, lasted two months.", [("2025-01-01", "2025-01-31", {"Israel"})]),
    # the day it took effect is not the day it was agreed
    ("A truce between Israel and Hamas brokered by Qatar took effect on Sunday.", []),
    # a truce with no broker is no meeting
    ("The truce between Israel and Hamas held for a second day on Sunday.", []),
])
def test_a_truce_told_as_brokered_was_agreed_at_talks(text, talks):
    found = [e for e in events(text, published="2025-08-18") if e.type == "talks"]
    assert [(str(e.date_start), str(e.date_end)) for e in found] == [(a, b) for a, b, _ in talks]
    assert all(parties <= set(e.actors) for e, (_, _, parties) in zip(found, talks))


def test_a_ceasefire_agreed():
    ceasefire = one("India and Pakistan agreed to a ceasefire on Saturday, hours after the strikes.", "ceasefire",
                    published="2025-05-11")
    assert ceasefire.status == "occurred" and ceasefire.date_start == D("2025-05-10")


# ---------------------------------------------------------------------------------- text furniture

def test_captions_and_link_lists_tell_no_events():
    text = ("Russian drones hit Odesa on Monday, killing two people.\n\n"
            "Rescuers work at the site of a strike in Kharkiv on Jan. 4, 2026. (AP Photo/Staff)\n\n"
            "Related\n"
            "Israel strikes Beirut suburbs (Feb 1)\n"
            "Houthis fire missile at Eilat (Jan 30)\n")
    found = events(text)
    assert [(e.type, [p.name for p in e.places]) for e in found] == [("strike", ["Odesa"])]


@pytest.mark.parametrize("line, furniture_line", [
    # every kind of caption, credit and notice, in each case the patterns accept
    ("Firefighters at a damaged depot. (AP Photo/Jane Roe)", True),
    ("A damaged depot near the port. Photograph: Staff", True),
    ("Image: the shelter after the strike", True),
    ("IMAGE OF THE DAY", False),
    ("Credits: Ministry of Defence", True),
    ("Soldiers at the checkpoint, via Getty Images", True),
    ("Smoke over the city, Kyiv/AFP", True),
    ("© 2026 Harbour Wire", True),
    ("(C) 2025 Plains Dispatch. Reprinted with permission.", True),
    ("COPYRIGHT Northern Ledger", True),
    ("all rights reserved", True),
    ("More at WWW.EXAMPLE.ORG", True),
    ("Full statement: https://example.net/statement", True),
    ("Visit example.co.uk for updates.", True),
    # reporting that holds none of them
    ("Drones hit an energy site near the port on Tuesday, the governor said.", False),
    ("The photographer said the convoy was hit twice.", False),
    ("Officials will meet again in the capital, the ministry said.", False),
])
def test_furniture_lines_are_found_in_any_case(line, furniture_line):
    text = f"Troops shelled the border village on Monday.\n\n{line}\n"
    start = text.index(line)
    assert ((start, start + len(line)) in furniture(text)) is furniture_line


def test_a_dateline_city_is_not_where_the_talks_were():
    text = "KYIV, Feb 3 (Reuters) - Ukrainian and Russian delegations met in Abu Dhabi on Tuesday."
    talks = one(text, "talks")
    assert [p.name for p in talks.places] == ["Abu Dhabi"]


def test_plural_parties_talking_again_take_the_parties_of_the_talks_told():
    text = ("The two armies' commanders spoke by hotline on Tuesday and agreed to pull back. "
            "The commanders will talk again on Friday, an Armenian official said. Azerbaijan confirmed it.")
    talks = sorted((e.status, e.date_start) for e in events(text, published="2025-06-04") if e.type == "talks")
    assert talks == [("occurred", D("2025-06-03")), ("planned", D("2025-06-06"))]


def test_agreeing_by_hotline_is_talks():
    text = ("Armenia and Azerbaijan exchanged fire for a week. On Sunday the two armies' commanders "
            "agreed by hotline to stop shooting.")
    found = [e for e in events(text, published="2025-06-09") if e.type == "talks"]
    assert len(found) == 1 and set(found[0].actors) == {"Armenia", "Azerbaijan"}


@pytest.mark.parametrize("sentence, published, person", [
    ("Qatar's emir met the Egyptian foreign minister in Doha on Monday.", "2025-03-04", "Tamim bin Hamad Al Thani"),
    ("The Russian president spoke with Erdogan by phone on Friday.", "2023-06-10", "Vladimir Putin"),
    ("The emir of Qatar met Hamas negotiators in Doha on Monday.", "2024-06-11", "Tamim bin Hamad Al Thani"),
    # the year decides who held the office
    ("The U.S. president spoke with the Israeli prime minister on Tuesday.", "2024-03-13", "Joe Biden"),
    ("The U.S. president spoke with the Israeli prime minister on Tuesday.", "2025-03-12", "Donald Trump"),
])
def test_an_office_with_its_state_names_who_held_it_that_year(sentence, published, person):
    talks = one(sentence, "talks", published=published)
    assert person in talks.actors


@pytest.mark.parametrize("published, person", [
    ("2025-05-10", "Shehbaz Sharif"),  # a surname two people share: the one in office that year
    ("2015-07-10", "Nawaz Sharif"),
])
def test_a_shared_surname_alone_is_the_one_of_its_bearers_in_office_that_year(published, person):
    talks = one("Modi and Sharif spoke by phone on Saturday.", "talks", published=published)
    assert person in talks.actors and "Pakistan" in talks.actors


@pytest.mark.parametrize("sentence, told", [
    ("Trump and Putin spoke in a call on Tuesday, the Kremlin said.", True),  # a call on a day
    ("Macron held a call on Friday with Zelensky.", True),
    ("Zelensky spoke at a meeting with Macron on Monday.", True),
    ("Erdogan called on both sides to show restraint.", False),  # an appeal
    ("Zelensky called on Monday for more air defence.", False),
    ("Zelensky spoke in parliament on Monday.", False),  # a speech
])
def test_a_phrase_that_tells_no_talks_holds_only_where_its_words_are_that_phrase(sentence, told):
    assert any(e.type == "talks" for e in events(sentence, published="2025-08-18")) is told


def test_a_call_with_both_of_two_leaders_is_two_calls():
    text = "Macron said he had spoken by phone with both Zelensky and Putin on Wednesday."
    calls = sorted(e.actors[1] for e in events(text, published="2022-03-05") if e.type == "talks")
    assert calls == ["Vladimir Putin", "Volodymyr Zelensky"]


def test_talks_dated_after_their_report_are_planned():
    text = "The mediators invited both delegations; talks in Cairo on Thursday, March 20, will settle the rest."
    assert one(text, "talks", published="2025-03-12").status == "planned"


def test_places_listed_after_a_place_are_places_and_each_city_holds_its_own_meeting():
    text = "Earlier rounds of talks between Israel and Hamas in Cairo and Doha ended without agreement."
    talks = [e for e in events(text, published="2024-08-11") if e.type == "talks"]
    assert sorted(p.name for e in talks for p in e.places) == ["Cairo", "Doha"]
    assert all(len(e.places) == 1 and "Qatar" not in e.actors for e in talks)


@pytest.mark.parametrize("text, cities", [
    ("Israeli and Lebanese negotiators have met in Geneva and Oslo, officials said.", [["Geneva"], ["Oslo"]]),
    # a city and its region, a city travelled from: one meeting
    ("Putin and Trump met in Anchorage, Alaska, on Friday.", [["Anchorage", "Alaska"]]),
    ("Macron flew from Paris to Washington for talks with Trump on Monday.", [["Washington"]]),
])
def test_a_meeting_sits_in_one_city(text, cities):
    found = [e for e in events(text, published="2025-08-16") if e.type == "talks"]
    assert sorted([p.name for p in e.places] for e in found) == cities


def test_talks_held_since_the_last_told_event_are_dated_from_it_to_the_report():
    text = ("Artillery shelled the border town of Kassala in March, the army said. "
            "Envoys of the army and the RSF have since met in Jeddah, but no deal has been reached.")
    talks = one(text, "talks", published="2025-06-20")
    assert (talks.date_start, talks.date_end, talks.precision) == (D("2025-03-01"), D("2025-06-20"), "unknown")


def test_strikes_also_reported_in_a_list_of_cities_are_the_wave_just_told():
    text = ("Russian missiles hit Kyiv on Monday morning. Explosions were also reported in Lutsk, Rivne, "
            "Poltava and Sumy.")
    strikes = [e for e in events(text, published="2024-03-12") if e.type == "strike"]
    assert len(strikes) == 1 and {"Kyiv", "Lutsk", "Poltava"} <= {p.name for p in strikes[0].places}


@pytest.mark.parametrize("later", [
    "Power has not been fully restored since the March 3 attack on Kharkiv.",
    # "It was …": the event itself, not a pronoun standing for an attacker
    "It was the fifth attack on the depot since the March 3 attack on Kharkiv.",
])
def test_an_attack_dated_far_from_the_report_is_not_the_one_the_report_tells(later):
    text = "Ukrainian drones struck an oil depot in the Bryansk region, officials said.\n\n" + later
    found = [e for e in events(text, published="2025-06-20") if e.type == "strike"]
    kharkiv = [e for e in found if any(p.name == "Kharkiv" for p in e.places)]
    assert len(kharkiv) == 1 and kharkiv[0].date_start == D("2025-03-03")
    # Kharkiv lies in Ukraine: not the Ukrainian strike on Russia told before
    assert list(kharkiv[0].roles[:2]) != ["Ukraine", "Russia"] and "Bryansk Oblast" not in [p.name for p in kharkiv[0].places]


def test_a_fronted_date_and_a_later_date_tell_two_strikes():
    # "Last week, X…, and in May Y…": each clause its own date, so its own event
    found = events("Last week, drones hit a fuel depot in the Belgorod region, and in May a missile "
                   "struck a port in Odesa.", published="2025-08-20")
    strikes = sorted((e.date_start.month, e.places[0].name) for e in found if e.type == "strike")
    assert strikes == [(5, "Odesa"), (8, "Belgorod Oblast")]


def test_a_date_right_after_another_events_word_is_not_taken_across_a_break():
    # "…a strike on Odesa on Aug. 28, and less than a month after X hosted Y": Aug. 28 is the strike's
    found = events("Drones struck a port in Odesa on Aug. 28, less than a month after Erdogan hosted "
                   "Putin in Ankara.", published="2025-09-01")
    strike = next(e for e in found if e.type == "strike")
    talks = next(e for e in found if e.type == "talks")
    assert strike.date_start == dt.date(2025, 8, 28) and talks.date_start != dt.date(2025, 8, 28)


def test_an_event_noun_that_is_a_meetings_object_takes_none_of_its_dates():
    found = events("Russian drones hit Odesa overnight, killing three people. Zelensky said he would discuss "
                   "the attack with Macron next week.", published="2025-10-08")
    strike = next(e for e in found if e.type == "strike")
    talks = next(e for e in found if e.type == "talks")
    assert strike.date_start == dt.date(2025, 10, 8) and talks.date_start == dt.date(2025, 10, 13)


def test_a_call_during_the_meeting_told_before_takes_its_day():
    found = events("On Thursday Erdogan was in Rome, where Meloni hosted leaders of the coalition. Meloni said "
                   "afterwards that twelve countries had pledged help. The leaders also held a call with Donald "
                   "Trump during the meeting.", published="2025-09-07")
    call = next(e for e in found if e.type == "talks" and "Donald Trump" in e.actors)
    assert call.date_start == dt.date(2025, 9, 4)


def test_a_retelling_by_its_attacker_retells_that_attackers_strike():
    found = events("Russian drones hit Lviv overnight, killing two. Ukrainian drones struck a refinery in Saratov "
                   "on Monday. Poland scrambled jets during the Russian attack on Lviv.", published="2025-07-04")
    strikes = [e for e in found if e.type == "strike"]
    assert sorted(e.actors[0] for e in strikes) == ["Russia", "Ukraine"]
    russian = next(e for e in strikes if e.actors[0] == "Russia")
    assert len(russian.mentions) == 2


def test_the_side_whose_people_are_the_subject_meets_the_side_named():
    talks = one("Qatari negotiators arrived in Cairo on Sunday for talks with the Egyptian side.", "talks",
                published="2025-02-11")
    assert set(talks.actors) == {"Qatar", "Egypt"}


def test_negotiators_from_countries_name_those_countries_as_parties():
    talks = one("Negotiators from Armenia, Azerbaijan and the United States met in Abu Dhabi on Monday.", "talks",
                published="2025-07-16")
    assert {"Armenia", "Azerbaijan", "United States"} <= set(talks.actors)


def test_the_two_sides_of_a_text_that_names_one_are_not_guessed():
    # "the two leaders" in a text that has named one side only: no pair to take, no failure
    found = events("Ukraine's air force reported calm. Kyiv said the two leaders met in Geneva on Monday.",
                   published="2025-06-04")
    talks = [e for e in found if e.type == "talks"]
    assert all("the two sides this document names most" not in " ".join(e.notes) for e in talks)


def test_a_named_military_operation_does_what_a_weapon_does():
    text = "Officials said Operation Midnight Hammer damaged nuclear sites at Fordow and Natanz on June 22."
    strike = one(text, "strike", published="2025-06-23")
    assert strike.date_start == D("2025-06-22") and {"Fordow", "Natanz"} <= {p.name for p in strike.places}


def test_the_second_round_is_the_second_of_the_rounds_told():
    text = ("Armenian and Azerbaijani delegations met in Geneva on March 4, on April 9 and on May 21.\n\n"
            "The second round took place a day after Azerbaijan's drone strike on a border post in Tavush.")
    strike = one(text, "strike", published="2025-06-01")
    assert strike.date_start == D("2025-04-08")


@pytest.mark.parametrize("text, attacker", [
    # the subject acted after the event: it is not the event's author
    ("Vladimir Putin toured the port, which reopened after the April blast in Odesa.", ""),
    ("Ukraine repaired the dam after the June strike by Russian bombers.", "Russia"),
    # the subject's own strike
    ("Israel launched the April attack on Iranian air defences.", "Israel"),
])
def test_an_event_noun_after_after_is_not_the_subjects_act(text, attacker):
    found = [m for m in read(text, published="2025-08-01") if m.type == "strike"
             and m.date.date_start is not None and m.date.date_start.month in (4, 6)]
    assert found and found[0].roles[:1] == ((attacker,) if attacker else ("",))


def test_a_date_just_after_a_later_event_word_is_that_events():
    # the fronted date is the gathering's; "in March" is the earlier visit's
    text = ("In Brussels on June 12, EU foreign ministers gathered at the Council to make sure Kallas "
            "would not be sidelined the way she was in Kyiv in March.")
    talks = one(text, "talks", published="2025-06-14")
    assert talks.date_start == D("2025-06-12")


@pytest.mark.parametrize("later, own_event", [
    # dated and placed apart from the event just told: another event
    ("Traffic resumed on the Chonhar bridge, shut since the March blast.", True),
    # placed but not dated: the same event's sites
    ("The strikes hit a substation near Bila Tserkva.", False),
])
def test_a_retelling_with_its_own_date_and_place_tells_another_event(later, own_event):
    text = "Russian missiles struck Kyiv on Monday, officials said. " + later
    found = [e for e in events(text, published="2025-06-10") if e.type == "strike"]
    assert (len(found) == 2) is own_event, [(e.summary, e.date_start) for e in found]


@pytest.mark.parametrize("text", [
    # what every event of a kind does: no one event
    "Every Russian drone strike hits our power grid and our water supply.",
    "Each Houthi missile fired at shipping raises insurance costs in the Red Sea.",
    # who the people are, not a meeting told
    "Sanctions weaken the envoys negotiating with Moscow.",
])
def test_generic_statements_tell_no_event(text):
    assert events(text, published="2025-03-02") == []


def test_envoys_meeting_somewhere_since_a_day_tell_their_talks():
    text = "The truce took hold after Israeli and Hamas envoys meeting in Doha since Monday agreed on a first phase."
    assert one(text, "talks", published="2025-03-08").status == "occurred"


def test_a_personal_request_to_a_leader_is_talks_held():
    text = ("Indeed, President Macron made a personal request to President Xi to press Moscow for a "
            "ceasefire until Easter, an aide said.")
    talks = one(text, "talks", published="2025-04-04")
    assert talks.status == "occurred" and {"Emmanuel Macron", "Xi Jinping"} <= set(talks.actors)
