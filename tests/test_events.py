"""Event extraction: figures, status, dates per trigger, roles — on sentences written
for the tests, in the ways English news tells these things."""
import datetime as dt

import pytest

from pipeline import events
from pipeline.model import Anchor, Document, Passage, SourceMeta

TUESDAY = Anchor(dt.date(2026, 2, 3), "day", "dateline", "3 February 2026")
FRIDAY = Anchor(dt.date(2026, 1, 30), "day", "manifest", "2026-01-30")


@pytest.mark.parametrize("sentence, expected", [
    ("Russia launched 450 drones and 70 missiles overnight.", {"drones": 450, "missiles": 70}),
    ("firing more than 450 drones and 70 missiles", {"drones": 450, "missiles": 70}),
    ("launching one ballistic missile and 111 combat drones", {"drones": 111, "missiles": 1, "ballistic": 1}),
    ("There were 28 cruise missiles and another 43 of various types coming on ballistic trajectories.",
     {"missiles": 71, "cruise": 28, "ballistic": 43}),
    ("Three Shahed drones attacked a passenger train, killing six people.", {"drones": 3, "killed": 6}),
    ("At least 19 people were killed, among them 4 children.", {"killed": 19}),
    ("a drone killed two passersby right on the street", {"drones": 1, "killed": 2}),
    ("The attack injured 12 people and killed 3.", {"injured": 12, "killed": 3}),
    ("a swarm of drones hit the city", {}),
    ("hundreds of Shahed drones and missiles", {}),
    ("nearly 600 drones and 31 missiles, including ballistic", {"drones": 600, "missiles": 31}),
    ("over 1,000 Kyiv apartment blocks without heating", {}),
    ("the fourth full year of the war in 2026", {}),
    ("1,200 drones were launched", {"drones": 1200}),
    ("Russia launched 200 drones; air defence shot down 180 drones.", {"drones": 200}),
    ("Russia's defence ministry said it had downed 30 Ukrainian drones.", {}),
])
def test_extract_figures(sentence, expected):
    figures = events.extract_figures(sentence)
    got = {k: getattr(figures, k) for k in ("drones", "missiles", "ballistic", "cruise", "killed", "injured")
           if getattr(figures, k) is not None}
    assert got == expected


@pytest.mark.parametrize("sentence, trigger, future_date, expected", [
    ("Russia launched a massive attack on Ukraine overnight.", "attack", False, "occurred"),
    ("Talks are scheduled for Wednesday and Thursday in Abu Dhabi.", "Talks", True, "planned"),
    ("Ukraine and Russia are due to continue peace talks on Sunday.", "talks", True, "planned"),
    ("NATO defence ministers are set to meet in Brussels next week.", "meet", True, "planned"),
    ("If Russia does not strike our energy infrastructure, we will not strike theirs.", "strike", False, "hypothetical"),
    ("If Russia does not strike our energy infrastructure, we will not strike theirs.", "strike theirs", False, "hypothetical"),
    ("Trump asked Putin to halt strikes on Kyiv.", "strikes", False, "hypothetical"),
    ("He is ready to meet with Putin for peace talks.", "talks", False, "hypothetical"),
    ("There were no attacks on energy facilities overnight.", "attacks", False, None),
    ("Kharkiv and Kyiv remain under constant attack.", "attack", False, None),
    ("These strikes are now regular, several times a week.", "strikes", False, None),
    ("The visit came hours after Russia launched a massive attack.", "attack", False, "occurred"),
    ("The talks were held after Russia struck Kyiv.", "struck", False, "occurred"),
    ("Zelensky will visit Washington on Friday.", "visit", True, "planned"),
    ("Zelensky visited Washington on Friday.", "visited", False, "occurred"),
])
def test_classify_status(sentence, trigger, future_date, expected):
    start = sentence.index(trigger)
    end = start + len(trigger.split()[0])
    assert events.classify_status(sentence, start, end, future_date) == expected


@pytest.mark.parametrize("text, number", [
    ("450", 450), ("1,000", 1000), ("six", 6), ("Three", 3), ("a", 1), ("dozens", None), ("many", None),
])
def test_parse_number(text, number):
    assert events.parse_number(text) == number


def _doc(text, source="Wire", title="Report"):
    return Document(name="t.txt", text=text, meta=SourceMeta(file="t.txt", title=title, source=source))


def _mentions(text, anchor=TUESDAY, **meta):
    document = _doc(text, **meta)
    return events.extract_mentions(document, [Passage("t.txt", 0, len(text), anchor)])


def test_overnight_strike_dated_to_the_anchor_with_roles_and_places():
    text = "Russia launched a massive attack on Ukraine overnight, firing 450 drones at Kyiv and Kharkiv."
    [mention] = _mentions(text)
    assert mention.type == "strike" and mention.status == "occurred"
    assert mention.actors == ("Russia", "Ukraine")
    assert {p.name for p in mention.places} == {"Kyiv", "Kharkiv"}
    assert (mention.date.date_start, mention.date.precision) == (dt.date(2026, 2, 3), "day")
    assert mention.date_text == "overnight" and mention.drones == 450
    assert text[mention.evidence.start:mention.evidence.end] == mention.evidence.sentence


def test_weekday_of_a_past_strike_and_the_next_weekday_of_planned_talks():
    text = ("Three Shahed drones attacked a passenger train in the Kharkiv region on Tuesday, killing six people. "
            "Ukraine and Russia are due to continue peace talks on Sunday in Abu Dhabi.")
    strike, talks = _mentions(text, anchor=FRIDAY)
    assert strike.type == "strike" and strike.date.date_start == dt.date(2026, 1, 27)
    assert strike.killed == 6 and strike.drones == 3
    assert [p.name for p in strike.places] == ["Kharkiv Oblast"]
    assert talks.type == "talks" and talks.status == "planned"
    assert talks.date.date_start == dt.date(2026, 2, 1)
    assert {"Ukraine", "Russia"} <= set(talks.actors)
    assert "Abu Dhabi" in {p.name for p in talks.places}


def test_two_events_in_one_sentence_get_their_own_dates():
    text = ("Ukraine and Russia are due to continue peace talks on Sunday in the United Arab Emirates "
            "after meeting in Abu Dhabi for two days last week.")
    found = {(m.status, m.date.date_start, m.date.precision) for m in _mentions(text, anchor=FRIDAY)}
    assert found == {("planned", dt.date(2026, 2, 1), "day"), ("occurred", dt.date(2026, 1, 19), "week")}


def test_no_date_in_the_sentence_takes_the_anchor():
    [mention] = _mentions("NATO Secretary General Mark Rutte visited Kyiv.")
    assert mention.type == "visit"
    assert mention.date.method == "anchor" and mention.date_text == ""
    assert mention.date.date_start == dt.date(2026, 2, 3)
    assert mention.actors == ("Mark Rutte", "Ukraine")


def test_unknown_anchor_gives_unknown_precision_not_today():
    [mention] = _mentions("Russian drones struck Odesa.", anchor=Anchor(None, "unknown", "none"))
    assert mention.date.precision == "unknown" and mention.date.date_start is None


def test_first_person_speaker_from_the_source():
    [mention] = _mentions("I discussed this with President Macron.", source="President of Ukraine")
    assert mention.type == "talks"
    assert mention.actors[:2] == ("Volodymyr Zelensky", "Emmanuel Macron")


def test_elaboration_sentence_adds_figures_to_the_strike_just_told():
    text = "Russia struck Ukraine's energy system overnight. There were 28 cruise missiles and 450 drones."
    found = _mentions(text)
    assert all(m.type == "strike" for m in found)
    assert any(m.missiles == 28 and m.drones == 450 for m in found)


@pytest.mark.parametrize("text", [
    "Visit bloomberg.com for more.",
    "The two sides hope to strike a deal soon.",
    "Kharkiv, Zaporizhzhia and Dnipro remain under constant attack.",
    "He thanked the partners for their support.",
])
def test_not_events(text):
    assert _mentions(text) == []


def test_a_visit_that_precedes_talks_keeps_neither_the_talks_date_nor_their_venue():
    text = ("Rutte's visit precedes another round of peace negotiations between Kyiv, Moscow and "
            "Washington delegations set to begin on Wednesday in Abu Dhabi.")
    found = {m.type: m for m in _mentions(text)}
    assert found["visit"].date.method == "anchor" and found["visit"].places == ()
    talks = found["talks"]
    assert talks.status == "planned" and talks.date.date_start == dt.date(2026, 2, 4)
    assert set(talks.actors) == {"Ukraine", "Russia", "United States"}
    assert [p.name for p in talks.places] == ["Abu Dhabi"]


@pytest.mark.parametrize("text, visits", [
    ("Also today, Mark Rutte, the NATO Secretary General, was in Ukraine.", 1),
    ("At the summit I noted that the Russian economy is in bad shape.", 0),
])
def test_being_in_a_place_is_a_visit_only_for_a_place(text, visits):
    assert sum(m.type == "visit" for m in _mentions(text, source="President of Ukraine")) == visits


def test_a_bare_reference_to_the_attack_is_the_strike_just_told():
    text = ("In Mukachevo, Russian missiles burned down an American factory. "
            "Telling attack, right as the world awaits a clear answer from Russia.")
    first, second = _mentions(text)
    assert second.actors == first.actors == ("Russia", "Ukraine")
    assert [p.name for p in second.places] == ["Mukachevo"]


def test_an_offer_in_one_part_does_not_make_another_part_hypothetical():
    text = ("He called on allies to offer whatever they can, as Kyiv fights off Russia's attacks "
            "after Russia struck Kharkiv overnight.")
    statuses = {m.evidence.trigger: m.status for m in _mentions(text)}
    assert statuses.get("struck") == "occurred"


@pytest.mark.parametrize("text", [
    "The U.S. president told a White House cabinet meeting Thursday that the war must end.",
    "I discussed this today with Prime Minister Yuliia Svyrydenko.",
    "Negotiations are taking place against the backdrop of an extreme cold snap in Ukraine.",
    "Russia must make concessions and genuinely move in negotiations toward peace.",
])
def test_internal_meetings_and_talks_as_a_topic_are_not_talks(text):
    assert [m for m in _mentions(text, source="President of Ukraine") if m.type == "talks"] == []


def test_a_possessive_country_is_an_owner_not_the_place():
    [mention] = _mentions("Ukrainian drones struck an oil refinery in Russia's Ryazan region, "
                          "a source in Ukraine's security service said.")
    assert mention.actors == ("Ukraine", "Russia")
    assert [p.name for p in mention.places] == ["Ryazan Oblast"]


def test_travel_to_is_a_planned_visit():
    found = {m.type: m for m in _mentions("Zelensky will travel to Washington next week to meet Donald Trump.")}
    assert found["visit"].status == "planned" and found["visit"].actors == ("Volodymyr Zelensky", "United States")
    assert found["visit"].date.date_start == dt.date(2026, 2, 9) and found["visit"].date.precision == "week"
    assert found["talks"].status == "planned"


def test_a_definite_reference_retells_the_event_just_told():
    text = ("Trump and Putin met at a military base in Anchorage on Friday. "
            "The talks were held in a three-on-three format.")
    first, second = _mentions(text)
    assert second.type == "talks" and second.date == first.date
    assert second.date.date_start == dt.date(2026, 1, 30)
    assert second.actors == first.actors


def test_what_happens_during_a_visit_takes_the_visit_day():
    text = ("Macron, Merz and Starmer arrived in Kyiv on Saturday. "
            "During the visit, the leaders held a phone call with Donald Trump.")
    found = _mentions(text)
    visit = next(m for m in found if m.type == "visit")
    call = next(m for m in found if m.type == "talks")
    assert visit.actors == ("Emmanuel Macron", "Friedrich Merz", "Keir Starmer", "Ukraine")
    assert call.date.date_start == visit.date.date_start == dt.date(2026, 1, 31)


def test_since_opens_a_period_and_does_not_date_the_event():
    [visit] = [m for m in _mentions("It was Putin's first visit to the United States since 2015.")
               if m.type == "visit"]
    assert visit.date.method == "anchor"


def test_the_guest_of_a_host_verb_is_the_visitor():
    [visit] = [m for m in _mentions("Vladimir Putin hosted Xi Jinping in Moscow on Monday.") if m.type == "visit"]
    assert visit.actors == ("Xi Jinping", "Russia")
    assert visit.date.date_start == dt.date(2026, 2, 2)


@pytest.mark.parametrize("text, expected", [
    ("A trilateral meeting with Russian officials is possible only if Moscow accepts the framework.", "hypothetical"),
    ("Zelensky to travel to Washington for talks with Trump", "planned"),
    ("Zelensky and Putin agreed to meet in Geneva.", "planned"),
    ("Russian drones were launched to strike Kyiv overnight.", "occurred"),
])
def test_status_from_what_follows_the_trigger_and_from_infinitives(text, expected):
    statuses = {m.status for m in _mentions(text)}
    assert statuses == {expected}


def test_a_tally_scope_does_not_date_the_event():
    [talks] = _mentions("Envoy Steve Witkoff met Vladimir Putin in Moscow, his third meeting with the "
                        "Russian leader this year.")
    assert talks.date.method == "anchor" and talks.date.date_start == dt.date(2026, 2, 3)


def test_a_dated_back_reference_dates_its_undated_antecedent():
    text = ("Steve Witkoff met Vladimir Putin in Moscow for more than four hours. "
            "The Kremlin said the talks on Friday had focused on a settlement.")
    first, second = _mentions(text)
    assert first.date.date_start == second.date.date_start == dt.date(2026, 1, 30)
    assert first.date_text == "Friday"


def test_who_reports_an_attack_is_not_its_author():
    text = ("Ukrainian drones attacked the Moscow region overnight. "
            "Moscow Mayor Sergei Sobyanin said falling debris damaged a house.")
    found = _mentions(text)
    assert {m.actors for m in found} == {("Ukraine", "Russia")}


def test_a_sentence_read_once_is_dated_and_completed_anew_in_each_text():
    """A sentence's reading is remembered; its date, anchor and the event it retells come
    from each text that holds it."""
    sentence = "The strike on Tuesday was massive."
    assert _mentions(sentence, anchor=FRIDAY) == []  # no parties, and no strike just told
    first, second = _mentions("Russian drones struck Odesa overnight. " + sentence, anchor=TUESDAY)
    assert second.actors == first.actors == ("Russia", "Ukraine")
    assert second.date.date_start == dt.date(2026, 2, 3)  # Tuesday is the anchor itself
    assert second.evidence.anchor_date == "2026-02-03"
    on_friday = _mentions("Russian drones struck Odesa on Tuesday.", anchor=FRIDAY)
    on_tuesday = _mentions("Russian drones struck Odesa on Tuesday.", anchor=TUESDAY)
    assert on_friday[0].date.date_start == dt.date(2026, 1, 27)
    assert on_tuesday[0].date.date_start == dt.date(2026, 2, 3)


def test_the_speaker_of_a_first_person_sentence_is_that_texts_own():
    sentence = "I discussed this with President Macron."
    [zelensky] = _mentions(sentence, source="President of Ukraine")
    [other] = _mentions(sentence, source="Wire")
    assert zelensky.actors[0] == "Volodymyr Zelensky"
    assert "Volodymyr Zelensky" not in other.actors


@pytest.mark.parametrize("sentence, header", [
    ("Updated 3 February 2026 - 22:45", True),
    ("  published: Feb 3", True),
    ("• 12 tweets • 4 min read", True),
    ("Thread by @user • 9 tweets", True),
    ("Zelensky updated his allies on the talks.", False),
    ("The • bullet and 12 tweets later", False),
])
def test_header_lines(sentence, header):
    assert events._is_header_line(sentence) is header
