"""Short labels on the events themselves, and where they go.

A label says what a reader needs from across a room: "Massive strike: 450 drones,
71 missiles — Kyiv, Kharkiv", "Talks: Ukraine–US–Russia, Abu Dhabi". Each event has a
few versions, longest first; the layout takes the longest that fits.

Layout works in the pixels of the chart as drawn for its style (`Style.plot_width`):
every lane is split into tracks (rows); marks are placed in time order in the first
track where they fit, then labels are added in order of importance (figures, number of
sources), each beside its mark in its track, or its mark moved to a track where both
fit. Nothing overlaps by construction; what gets no label is counted per lane and
summarised ("+12 more") by the timeline. Marks laid out elsewhere (a crowded lane's
many) are then kept from under the labels, or the label gives way (`clear_of_labels`).
"""
from __future__ import annotations

import bisect
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..settings import SETTINGS
from ..types import registry
from .style import type_label, type_quantities
from .words import count, join_names, short_day, short_name

# Quantity column → the noun a label counts it with ("killed" and "injured" follow the number).
QUANTITY_NOUNS = {"drones": "drone", "missiles": "missile", "ballistic": "ballistic missile",
                  "cruise": "cruise missile", "prisoners": "prisoner"}
STATUS_WORDS = {"planned": "Planned", "hypothetical": "Possible"}
GIVE_UP_AFTER = 30  # labels in a row that found no room before a lane's others are not tried


def _int(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if number > 0 else 0


def figure_words(kind: str, figures: Mapping[str, object]) -> list[str]:
    """'450 drones', '71 missiles', '2 killed' — the figures a label shows, in the type's order."""
    quantities = type_quantities(kind) or tuple(name for name in QUANTITY_NOUNS if name in figures)
    words = []
    has_missiles = _int(figures.get("missiles")) > 0
    for name in quantities:
        number = _int(figures.get(name))
        if not number or (name in ("ballistic", "cruise") and has_missiles):
            continue  # the split of missiles is for the counts chart, not for a label
        noun = QUANTITY_NOUNS.get(name)
        words.append(count(number, noun) if noun else f"{number:,} {name}")
    return words


def _roles(kind: str) -> tuple[str, ...]:
    spec = registry().get(kind)
    return spec.roles if spec else ()


def headline(kind: str, status: str, figures: Mapping[str, object]) -> str:
    """'Strike', 'Massive strike', 'Planned talks', 'Possible prisoner exchange'. "Massive"
    for what launched at least `massive_strike_launches` drones and missiles."""
    label = type_label(kind)
    launches = _int(figures.get("drones")) + _int(figures.get("missiles"))
    launching = {"drones", "missiles"} & set(type_quantities(kind))
    if status == "occurred" and launching and launches >= SETTINGS.massive_strike_launches:
        return "Massive " + label.lower()
    prefix = STATUS_WORDS.get(status)
    return f"{prefix} {label.lower()}" if prefix else label


def event_labels(kind: str, status: str, figures: Mapping[str, object], actors: Sequence[str],
                 places: Sequence[str], announced_on=None) -> list[str]:
    """The versions of one event's label, longest first (each shorter one a prefix of
    sense). The wording follows the type's roles in the registry: an attacker and a
    target ("Strike: 12 drones — Odesa"), a visitor and a host ("Visit: Rutte to Kyiv"),
    or parties ("Talks: Ukraine–US–Russia, Abu Dhabi")."""
    head = headline(kind, status, figures)
    numbers = ", ".join(figure_words(kind, figures))
    where = join_names([short_name(p) for p in places], ", ", 2)
    parties = join_names([short_name(a) for a in actors], "–", 4)
    roles = len(actors)
    first_role = (_roles(kind) or ("party",))[0]
    if first_role == "attacker":
        detail = numbers or (f"{short_name(actors[0])} on {short_name(actors[1])}" if roles > 1 else "")
        full = head + (f": {detail}" if detail else "") + (f" — {where}" if where else "")
        middle = head + (f": {numbers}" if numbers else (f" — {where}" if where else ""))
    elif first_role == "visitor":
        visitor = short_name(actors[0]) if roles else ""
        destination = where or (short_name(actors[1]) if roles > 1 else "")
        full = head + (f": {visitor}" if visitor else "") + (f" to {destination}" if destination else "")
        middle = head + (f": {visitor}" if visitor else "")
    else:
        full = head + (f": {parties}" if parties else "") + (f" — {numbers}" if numbers else "") \
            + (f", {where}" if where else "")
        middle = head + (f": {parties}" if parties else (f": {numbers}" if numbers else ""))
    versions = [full, middle, head]
    if announced_on is not None:
        day = short_day(announced_on)
        # The lane says "date not given" too: the shorter versions may leave it out.
        versions = [f"{full} (announced on {day}; date not given)", f"{full} (announced {day})",
                    f"{middle} (announced {day})", f"{head} (no date)"]
    return list(dict.fromkeys(versions))


# --------------------------------------------------------------------------- text width

# Advance widths of DejaVu Sans (the charts' first font) in ems; other fonts are narrower.
_WIDTHS = {" ": 0.32, ".": 0.32, ",": 0.32, ":": 0.34, ";": 0.34, "'": 0.28, "’": 0.32, "(": 0.39,
           ")": 0.39, "–": 0.5, "—": 1.0, "+": 0.84, "-": 0.36, "…": 1.0, "i": 0.28, "l": 0.28, "j": 0.28,
           "f": 0.36, "t": 0.4, "r": 0.42, "I": 0.3, "J": 0.3, "m": 0.98, "w": 0.82, "M": 0.87, "W": 1.0}


@functools.lru_cache(maxsize=8192)
def text_width(text: str, font_size: float) -> float:
    """The width of `text` in pixels, estimated from the font's advance widths."""
    ems = 0.0
    for char in text:
        width = _WIDTHS.get(char)
        if width is None:
            width = 0.74 if char.isupper() else (0.64 if char.isdigit() else 0.62)
        ems += width
    return ems * font_size


# --------------------------------------------------------------------------- layout


@dataclass
class Mark:
    """One mark to lay out: its pixel extent on the x axis and its label versions."""

    key: int  # the caller's index of this mark
    lane: int
    left: float  # pixels
    right: float
    priority: float
    texts: Sequence[str] = ()
    event: str = ""  # marks of one event (actor lanes) get one label between them


@dataclass
class Placement:
    track: dict[int, int] = field(default_factory=dict)  # mark key → track in its lane
    label: dict[int, tuple[str, str]] = field(default_factory=dict)  # mark key → (text, "right"|"left")
    box: dict[int, tuple[float, float]] = field(default_factory=dict)  # labelled mark key → pixels it and its label take
    tracks: dict[int, int] = field(default_factory=dict)  # lane → tracks used
    unlabelled: dict[int, int] = field(default_factory=dict)  # lane → events drawn without a label


class _Track:
    """Occupied pixel intervals of one track, sorted; an interval is [left, right)."""

    def __init__(self) -> None:
        self.lefts: list[float] = []
        self.rights: list[float] = []

    def free(self, left: float, right: float, ignore: tuple[float, float] | None = None) -> bool:
        i = bisect.bisect_left(self.lefts, right)
        for j in (i - 1, i - 2):  # intervals are disjoint: only the ones just before can reach
            if 0 <= j < len(self.lefts) and self.rights[j] > left and (self.lefts[j], self.rights[j]) != ignore:
                return False
        return True

    def room(self, left: float, right: float, ignore: tuple[float, float] | None = None) -> tuple[float, float] | None:
        """The free run of this track around [left, right), or None when that is taken."""
        if not self.free(left, right, ignore):
            return None
        i = bisect.bisect_left(self.lefts, right)
        j = i
        while j < len(self.lefts) and (self.lefts[j], self.rights[j]) == ignore:
            j += 1
        high = self.lefts[j] if j < len(self.lefts) else float("inf")
        k = i - 1
        while k >= 0 and (self.lefts[k], self.rights[k]) == ignore:
            k -= 1
        low = self.rights[k] if k >= 0 else float("-inf")
        return low, high

    def add(self, left: float, right: float) -> None:
        i = bisect.bisect_left(self.lefts, left)
        self.lefts.insert(i, left)
        self.rights.insert(i, right)

    def remove(self, left: float, right: float) -> None:
        i = bisect.bisect_left(self.lefts, left)
        while i < len(self.lefts) and (self.lefts[i], self.rights[i]) != (left, right):
            i += 1
        del self.lefts[i], self.rights[i]


def lay_out(marks: Sequence[Mark], track_limits: Mapping[int, int], plot_width: float,
            font_size: float, gap: float = 6.0, spacing: float = 10.0) -> Placement:
    """Tracks for the marks and labels for as many as fit, most important first.

    `track_limits`: lane → the most tracks it may use. A mark that finds no free track
    shares the least busy one (markers may then touch; labels never overlap anything).
    """
    placement = Placement()
    lanes: dict[int, list[_Track]] = {}
    boxes: dict[int, tuple[float, float]] = {}  # mark key → its box in its track

    # Marks first, so that every mark has its place before any label: in time order (the
    # fewest tracks) where they all fit, else the most important first.
    need = marker_tracks(marks)
    crowded = {lane for lane, tracks in need.items() if tracks > max(1, track_limits.get(lane, 1))}
    order = sorted(marks, key=lambda m: (m.lane, -m.priority if m.lane in crowded else 0, m.left, m.key))
    for mark in order:
        tracks = lanes.setdefault(mark.lane, [])
        limit = max(1, track_limits.get(mark.lane, 1))
        box = (mark.left - 1, mark.right + 1)
        for number, track in enumerate(tracks):
            if track.free(*box):
                break
        else:
            if len(tracks) < limit:
                tracks.append(_Track())
                number = len(tracks) - 1
            else:
                # No room: the mark shares the least busy track and claims no space there.
                placement.track[mark.key] = min(range(len(tracks)), key=lambda t: len(tracks[t].lefts))
                continue
        tracks[number].add(*box)
        placement.track[mark.key] = number
        boxes[mark.key] = box

    labelled_events: set[str] = set()
    misses: dict[int, int] = {}  # lane → labels that found no room, one after another
    for mark in sorted(marks, key=lambda m: (-m.priority, m.left, m.key)):
        if mark.event and mark.event in labelled_events:
            continue
        if misses.get(mark.lane, 0) >= GIVE_UP_AFTER:
            continue  # a lane this full has no room for less important labels either
        tracks = lanes[mark.lane]
        limit = max(1, track_limits.get(mark.lane, 1))
        own = boxes.get(mark.key)
        if own is None:
            continue  # a mark without room of its own gets no label either
        found = _place_label(mark, tracks, limit, own, placement.track[mark.key],
                             plot_width, font_size, gap, spacing)
        if found is None:
            misses[mark.lane] = misses.get(mark.lane, 0) + 1
            continue
        misses[mark.lane] = 0
        number, box, text, side = found
        tracks[placement.track[mark.key]].remove(*own)
        if number == len(tracks):
            tracks.append(_Track())
        tracks[number].add(*box)
        boxes[mark.key] = box
        placement.track[mark.key] = number
        placement.label[mark.key] = (text, side)
        placement.box[mark.key] = box
        if mark.event:
            labelled_events.add(mark.event)

    for lane, tracks in lanes.items():
        placement.tracks[lane] = len(tracks)
    seen: set[tuple[int, str]] = set()
    for mark in marks:
        event = mark.event or str(mark.key)
        if mark.key in placement.label or (mark.event and mark.event in labelled_events):
            continue
        if (mark.lane, event) not in seen:
            seen.add((mark.lane, event))
            placement.unlabelled[mark.lane] = placement.unlabelled.get(mark.lane, 0) + 1
    return placement


def clear_of_labels(placement: Placement, lane: np.ndarray, left: np.ndarray, right: np.ndarray,
                    track: np.ndarray, movable: np.ndarray) -> list[int]:
    """Moves each `movable` mark that lies under a label to the next track of its lane
    where it lies under none (`track` is changed in place); a label over a mark that can
    go nowhere else is taken off, since text over marks cannot be read. Arrays are per
    mark key; returns the keys whose labels were taken off."""
    boxes: dict[int, list[tuple[int, float, float, int]]] = {}
    for key, (low, high) in placement.box.items():
        boxes.setdefault(int(lane[key]), []).append((int(track[key]), low, high, key))
    taken_off = []
    for lane_number, lane_boxes in boxes.items():
        members = movable[lane[movable] == lane_number]
        if not len(members):
            continue
        tracks = max(1, placement.tracks.get(lane_number, 1))
        lows, highs = left[members], right[members]
        under = np.zeros((tracks, len(members)), dtype=bool)  # track → which marks a label there covers
        for number, low, high, _ in lane_boxes:
            under[number] |= (lows < high) & (highs > low)
        every = np.arange(len(members))
        current = track[members].astype(np.int64)
        stuck = under[current, every]
        for step in range(1, tracks):
            if not stuck.any():
                break
            other = (current + step) % tracks
            moves = stuck & ~under[other, every]
            track[members[moves]] = other[moves]
            stuck &= ~moves
        for number, low, high, key in lane_boxes:
            if (stuck & (current == number) & (lows < high) & (highs > low)).any():
                del placement.label[key], placement.box[key]
                taken_off.append(key)
    return taken_off


def marker_tracks(marks: Sequence[Mark]) -> dict[int, int]:
    """Lane → the tracks its marks need so that none overlaps another (labels aside)."""
    ends: dict[int, list[float]] = {}
    for mark in sorted(marks, key=lambda m: (m.lane, m.left, m.key)):
        tracks = ends.setdefault(mark.lane, [])
        for number, end in enumerate(tracks):
            if end <= mark.left - 1:
                tracks[number] = mark.right + 1
                break
        else:
            tracks.append(mark.right + 1)
    return {lane: len(tracks) for lane, tracks in ends.items()}


def _place_label(mark: Mark, tracks: list[_Track], limit: int, own: tuple[float, float], current: int,
                 plot_width: float, font_size: float, gap: float,
                 spacing: float) -> tuple[int, tuple[float, float], str, str] | None:
    """(track, box, text, side) for the longest label version that fits: first in the
    mark's own track, then in another (the mark moves with its label). Each track's free
    run around the mark is found once; the versions are then only measured against it."""
    order = [current] + [t for t in range(len(tracks)) if t != current]
    rooms = [(number, tracks[number].room(mark.left - 1, mark.right + 1, own if number == current else None))
             for number in order]
    if len(tracks) < limit:
        rooms.append((len(tracks), (float("-inf"), float("inf"))))  # a new track
    rooms = [(number, (max(low, 0.0), min(high, plot_width))) for number, room in rooms if room
             for low, high in [room]]
    for text in mark.texts:
        width = text_width(text, font_size) + gap + spacing
        for number, (low, high) in rooms:
            if mark.right + width <= high and mark.left - 1 >= low:
                return number, (mark.left - 1, mark.right + width), text, "right"
            if mark.left - width >= low and mark.right + 1 <= high:
                return number, (mark.left - width, mark.right + 1), text, "left"
    return None
