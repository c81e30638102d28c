"""pipeline.views.labels and words: what a label says, and where it goes."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pipeline.views import labels as L
from pipeline.views.words import count, plural, short_name


@pytest.mark.parametrize("number, noun, expected", [
    (1, "missile", "1 missile"), (71, "missile", "71 missiles"), (0, "drone", "0 drones"),
    (1200, "drone", "1,200 drones"), (2, "talks", "2 talks"), (1, "event", "1 event"),
])
def test_count_says_the_noun_for_the_number(number, noun, expected):
    assert count(number, noun) == expected


def test_plural_keeps_irregular_nouns():
    assert plural("person", 3) == "people" and plural("killed", 5) == "killed"


@pytest.mark.parametrize("name, short", [
    ("United States", "US"), ("European Union", "EU"), ("Mark Rutte", "Rutte"),
    ("Volodymyr Zelensky", "Zelensky"), ("Ukraine", "Ukraine"), ("Abu Dhabi", "Abu Dhabi"),
])
def test_short_names(name, short):
    assert short_name(name) == short


@pytest.mark.parametrize("kind, status, figures, actors, places, expected", [
    ("strike", "occurred", {"drones": 450, "missiles": 71}, ["Russia", "Ukraine"], ["Kyiv", "Kharkiv"],
     "Massive strike: 450 drones, 71 missiles — Kyiv, Kharkiv"),
    ("strike", "occurred", {"drones": 12, "missiles": 1}, ["Russia", "Ukraine"], ["Odesa"],
     "Strike: 12 drones, 1 missile — Odesa"),
    ("strike", "occurred", {"killed": 2}, ["Russia", "Ukraine"], ["Lozova"], "Strike: 2 killed — Lozova"),
    ("strike", "occurred", {}, ["Russia", "Ukraine"], [], "Strike: Russia on Ukraine"),
    ("strike", "occurred", {"missiles": 3, "ballistic": 2, "cruise": 1}, ["Russia"], [], "Strike: 3 missiles"),
    ("strike", "planned", {}, ["Russia", "Ukraine"], ["Kyiv"], "Planned strike: Russia on Ukraine — Kyiv"),
    ("talks", "occurred", {}, ["Ukraine", "United States", "Russia"], ["Abu Dhabi"],
     "Talks: Ukraine–US–Russia, Abu Dhabi"),
    ("talks", "hypothetical", {}, ["Donald Trump", "Vladimir Putin"], [], "Possible talks: Trump–Putin"),
    ("visit", "occurred", {}, ["Mark Rutte", "Ukraine"], ["Kyiv"], "Visit: Rutte to Kyiv"),
    ("visit", "planned", {}, ["Volodymyr Zelensky", "United States"], [], "Planned visit: Zelensky to US"),
    ("prisoner_exchange", "occurred", {"prisoners": 1}, ["Russia", "Ukraine"], [],
     "Prisoner exchange: Russia–Ukraine — 1 prisoner"),
    ("ceasefire", "planned", {}, ["Israel", "Iran"], ["Doha"], "Planned ceasefire: Israel–Iran, Doha"),
    ("earthquake", "occurred", {}, [], ["Nowhere"], "Earthquake, Nowhere"),
])
def test_event_labels_say_the_event_in_a_few_words(kind, status, figures, actors, places, expected):
    versions = L.event_labels(kind, status, figures, actors, places)
    assert versions[0] == expected
    assert versions[-1] == L.headline(kind, status, figures)  # the shortest is the headline alone
    assert [len(v) for v in versions] == sorted((len(v) for v in versions), reverse=True)


def test_an_undated_plan_says_when_it_was_announced():
    versions = L.event_labels("talks", "planned", {}, ["Ukraine", "Russia"], ["Istanbul"], dt.date(2026, 2, 3))
    assert versions[0] == "Planned talks: Ukraine–Russia, Istanbul (announced on 3 Feb; date not given)"
    assert all("announced" in v or "no date" in v for v in versions)


def test_text_width_grows_with_the_text_and_the_font():
    assert L.text_width("Kyiv", 13) < L.text_width("Kyiv, Kharkiv", 13) < L.text_width("Kyiv, Kharkiv", 20)
    assert L.text_width("iii", 10) < L.text_width("MMM", 10)


def mark(key, lane, left, right, priority=1.0, texts=("label",), event=""):
    return L.Mark(key=key, lane=lane, left=left, right=right, priority=priority, texts=texts, event=event)


def test_marks_close_in_time_take_separate_tracks_and_labels_never_overlap():
    marks = [mark(i, 0, 100 + 4 * i, 110 + 4 * i, priority=i, texts=(f"Event number {i}", "E")) for i in range(6)]
    placement = L.lay_out(marks, {0: 10}, plot_width=800, font_size=13)
    assert len(set(placement.track.values())) >= 2
    boxes = {}
    for key, (text, side) in placement.label.items():
        m = marks[key]
        width = L.text_width(text, 13)
        left, right = (m.left, m.right + 6 + width) if side == "right" else (m.left - 6 - width, m.right)
        boxes.setdefault(placement.track[key], []).append((left, right))
    for spans in boxes.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert set(placement.label) | set() == set(range(6))  # room for all of them


def test_the_most_important_mark_is_labelled_first_and_the_rest_counted():
    # One track only, three marks on top of each other: only one can be labelled.
    marks = [mark(0, 0, 100, 110, priority=1, texts=("low",)), mark(1, 0, 100, 110, priority=9, texts=("high",)),
             mark(2, 0, 100, 110, priority=5, texts=("middle",))]
    placement = L.lay_out(marks, {0: 1}, plot_width=800, font_size=13)
    assert [text for text, _ in placement.label.values()] == ["high"]
    assert placement.unlabelled == {0: 2}


def test_a_label_near_the_right_edge_goes_left_of_its_mark():
    placement = L.lay_out([mark(0, 0, 780, 790, texts=("A long label here",))], {0: 2}, plot_width=800,
                          font_size=13)
    assert placement.label[0][1] == "left"


def test_shorter_versions_are_used_when_the_long_one_does_not_fit():
    long = "A label far too long to fit between these two marks on one track"
    marks = [mark(0, 0, 100, 110, priority=5, texts=(long, "Short")), mark(1, 0, 300, 310, priority=1, texts=("x",))]
    placement = L.lay_out(marks, {0: 1}, plot_width=400, font_size=13)
    assert placement.label[0][0] == "Short"


def test_an_event_in_several_lanes_is_labelled_once():
    marks = [mark(0, 0, 100, 110, texts=("Talks",), event="e1"), mark(1, 1, 100, 110, texts=("Talks",), event="e1")]
    placement = L.lay_out(marks, {0: 2, 1: 2}, plot_width=800, font_size=13)
    assert len(placement.label) == 1 and placement.unlabelled == {}


def test_marker_tracks_count_what_marks_need():
    marks = [mark(0, 0, 0, 10), mark(1, 0, 5, 15), mark(2, 0, 30, 40), mark(3, 1, 0, 10)]
    assert L.marker_tracks(marks) == {0: 2, 1: 1}


def placed(labels: dict[int, tuple[float, float, int]], tracks: int) -> L.Placement:
    """A placement holding only labels: key → (left, right, track) of the mark and its label."""
    return L.Placement(track={key: track for key, (_, _, track) in labels.items()},
                       label={key: (f"label {key}", "right") for key in labels},
                       box={key: (left, right) for key, (left, right, _) in labels.items()}, tracks={0: tracks})


@pytest.mark.parametrize("labels, tracks, mark_track, mark_left, expected_track, taken_off", [
    # under the label of its track, with a free track: it moves there
    ({0: (100.0, 200.0, 0)}, 2, 0, 150.0, 1, []),
    # beside the label: it stays
    ({0: (100.0, 200.0, 0)}, 2, 0, 205.0, 0, []),
    # under a label in another track than its own: nothing to do
    ({0: (100.0, 200.0, 1)}, 2, 0, 150.0, 0, []),
    # every track has a label over it: the one over its own track gives way
    ({0: (100.0, 200.0, 0), 1: (120.0, 220.0, 1)}, 2, 0, 150.0, 0, [0]),
    # one track only
    ({0: (100.0, 200.0, 0)}, 1, 0, 195.0, 0, [0]),
    # the next free track is taken, counting on from its own (2 → 0)
    ({0: (100.0, 200.0, 1), 1: (100.0, 200.0, 2)}, 3, 2, 150.0, 0, []),
])
def test_a_mark_under_a_label_moves_to_a_free_track_or_the_label_gives_way(labels, tracks, mark_track, mark_left,
                                                                           expected_track, taken_off):
    placement = placed(labels, tracks)
    key = max(labels) + 1
    lane, left = np.zeros(key + 1, dtype=np.int64), np.zeros(key + 1)
    track = np.array([labels[k][2] for k in sorted(labels)] + [mark_track], dtype=np.float64)
    left[:key] = [labels[k][0] for k in sorted(labels)]
    left[key] = mark_left
    right = left + 10
    assert L.clear_of_labels(placement, lane, left, right, track, np.array([key])) == taken_off
    assert track[key] == expected_track
    assert set(placement.label) == set(placement.box) == set(labels) - set(taken_off)
    assert track[:key].tolist() == [labels[k][2] for k in sorted(labels)]  # labelled marks stay


def test_labels_of_another_lane_leave_a_mark_where_it_is():
    placement = placed({0: (100.0, 200.0, 0)}, 1)
    lane, track = np.array([0, 1]), np.array([0.0, 0.0])
    assert L.clear_of_labels(placement, lane, np.array([100.0, 150.0]), np.array([110.0, 160.0]), track,
                             np.array([1])) == []
    assert track.tolist() == [0.0, 0.0] and 0 in placement.label
