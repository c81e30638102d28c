"""An event's fields from its mentions: the best-told date, the status, the sides, the
places, the figures side by side, a summary and a stable id."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

from .. import types
from ..events.timezones import BOTH_DAYS_KEPT
from ..model import Event, EventMention
from ..types.summary import summarise
from .keys import side

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_METHOD_RANK = {"explicit": 0, "relative": 1, "inferred": 2, "anchor": 3}
QUANTITIES = ("drones", "missiles", "ballistic", "cruise", "killed", "injured", "prisoners")


def start_event(mention: EventMention) -> Event:
    return Event(
        event_id="", type=mention.type, status=mention.status,
        date_start=mention.date.date_start, date_end=mention.date.date_end,
        precision=mention.date.precision, date_text=mention.date_text, date_method=mention.date.method,
        actors=list(mention.actors), places=list(mention.places), drones=None, missiles=None,
        ballistic=None, cruise=None, killed=None, injured=None, figures=[], summary=mention.summary,
        sources=[mention.evidence.document], mentions=[mention])


_TOLD_SPAN_DAYS = 3  # a span of days told in words ("from Monday to Wednesday"), not a week


def _date_rank(mention: EventMention) -> tuple[int, int, int]:
    """Told dates before a report's own date, then finer before coarser."""
    if mention.date.date_start is None:
        return 9, 9, 9
    # (a digest's header dates what it heads: as good as a date told in the line)
    loose = mention.date.method == "anchor" and mention.evidence.anchor_source != "header"
    return (int(loose), _PRECISION_RANK[mention.date.precision],
            _METHOD_RANK[mention.date.method])


def _most_told(values: list) -> object:
    """The most often told value; ties go to the larger (later tallies grow) or the first."""
    counts = Counter(values)
    best = max(counts.values())
    tied = [v for v in dict.fromkeys(values) if counts[v] == best]
    return max(tied) if all(isinstance(v, int) for v in tied) else tied[0]


_HEADLINE_REACH = 400  # characters from a text's start where its headline stands (below a kicker or date line)


def headline(mention: EventMention) -> bool:
    """The telling is its text's headline: a line near the top without a closing stop."""
    return mention.evidence.start < _HEADLINE_REACH and \
        not mention.evidence.sentence.rstrip().endswith((".", "!", "?", '"', "”", ";", ":"))


def _date(event: Event) -> None:
    said = [m for m in event.mentions if m.status == "hypothetical" and m.date.method == "anchor"]
    if len(said) == len(event.mentions) and len({(m.date.date_start, m.date.date_end) for m in said}) > 1 \
            and all(m.date.date_start for m in said):
        # a possibility with no date of its own, raised on several days: the days it was raised
        first = min(said, key=lambda m: m.date.date_start)
        event.date_start, event.date_end = first.date.date_start, max(m.date.date_end for m in said)
        event.precision, event.date_method, event.date_text = first.date.precision, "anchor", ""
        return
    mentions = [m for m in event.mentions if m.status != "hypothetical"] or event.mentions
    # a plan's window ("in the coming days") gives way to a telling that it happened
    if any(m.status == "occurred" for m in mentions):
        mentions = [m for m in mentions if m.status == "occurred" or m.date.precision == "day"]
    # a headline's date is shorthand ("…to halt strikes on Kyiv to Feb. 1"): the body's first
    mentions = [m for m in mentions if not headline(m) or m.date.method == "anchor"] or mentions
    spec = types.registry().get(event.type)
    if spec is not None and spec.merge.span == "union":
        told = [m for m in mentions if m.date.precision == "day" and m.date.method != "anchor" and m.date.date_start]
        if len(told) > 1:
            first = min(told, key=lambda m: m.date.date_start)
            event.date_start = first.date.date_start
            event.date_end = max(m.date.date_end for m in told)
            event.precision, event.date_method, event.date_text = "day", first.date.method, first.date_text
            return
    best = min(_date_rank(m) for m in mentions)
    dated = [m for m in mentions if _date_rank(m) == best]
    # a date told in words before one counted from another event ("Thursday" over "hours
    # after" a Friday strike)
    dated = [m for m in dated if not any(n.startswith("dated from") for n in m.notes)] or dated
    # two days kept for two time zones give way to the one day another text pins inside them
    hedged = [m for m in dated if any(n.endswith(BOTH_DAYS_KEPT) for n in m.notes)]
    if any(h.date.date_start <= m.date.date_start and m.date.date_end <= h.date.date_end
           for h in hedged for m in dated if m not in hedged and m.date.precision == "day"):
        dated = [m for m in dated if m not in hedged]
    days = [m for m in dated if m.date.date_start is not None and m.date.precision == "day"]
    widest = max(days, key=lambda m: m.date.date_end - m.date.date_start, default=None)
    if widest is not None and len(days) == len(dated) and \
            widest.date.date_end - widest.date.date_start <= dt.timedelta(days=_TOLD_SPAN_DAYS) and all(
            widest.date.date_start <= m.date.date_start and m.date.date_end <= widest.date.date_end for m in days):
        # days told as a span hold the first day told alone ("on Wednesday and Thursday"
        # and "set to begin on Wednesday")
        dated = [m for m in days if (m.date.date_start, m.date.date_end) == (widest.date.date_start, widest.date.date_end)]
    # else the narrowest interval among the best told
    narrowest = min((m.date.date_end - m.date.date_start) if m.date.date_start else dt.timedelta(0) for m in dated)
    dated = [m for m in dated if m.date.date_start is None or m.date.date_end - m.date.date_start == narrowest]
    interval = _most_told([(m.date.date_start, m.date.date_end) for m in dated])
    chosen = next(m for m in dated if (m.date.date_start, m.date.date_end) == interval)
    event.date_start, event.date_end = interval
    event.precision, event.date_method, event.date_text = chosen.date.precision, chosen.date.method, chosen.date_text


def _parties(event: Event) -> None:
    spec = types.registry().get(event.type)
    if spec is not None and spec.sided:
        attackers = [m.roles[0] for m in event.mentions if len(m.roles) == 2 and m.roles[0]]
        targets = [m.roles[1] for m in event.mentions if len(m.roles) == 2 and m.roles[1]]
        attacker = _most_told(attackers) if attackers else ""
        targets = [t for t in targets if side(t) != side(attacker)]
        target = _most_told(targets) if targets else ""
        event.roles = [attacker, target]
        # allies told with the attacker ("U.S. and British strikes") stand after it
        allies = [a for m in event.mentions if len(m.roles) == 2 and m.roles[0] == attacker
                  for a in m.actors if a not in m.roles and side(a) != side(target)]
        event.actors = list(dict.fromkeys(a for a in [attacker, *allies, target] if a))
        if not event.actors:
            event.actors = list(dict.fromkeys(a for m in event.mentions for a in m.actors))
        return
    counts = Counter(a for m in event.mentions for a in dict.fromkeys(m.actors))
    first = Counter(m.actors[0] for m in event.mentions if m.actors)
    ordered = list(dict.fromkeys(a for m in event.mentions for a in m.actors))
    if spec is not None and spec.guest and first:
        visitor = _most_told([m.actors[0] for m in event.mentions if m.actors])
        ordered.remove(visitor)
        ordered.insert(0, visitor)
    event.actors = ordered if counts else []


def finalise(event: Event) -> None:
    """Everything an event says, from its mentions (in place)."""
    mentions = event.mentions
    statuses = {m.status for m in mentions}
    event.status = "occurred" if "occurred" in statuses else ("planned" if "planned" in statuses else "hypothetical")
    _date(event)
    _parties(event)
    places = list(dict.fromkeys(p for m in mentions for p in m.places))
    specific = [p for p in places if p.kind != "country"]
    covered = {p.country for p in specific}
    event.places = specific + [p for p in places if p.kind == "country" and p.name not in covered]
    quantities = types.registry().get(event.type)
    allowed = set(quantities.quantities) if quantities else set(QUANTITIES)
    for name in QUANTITIES:
        stated = [getattr(m, name) for m in mentions if getattr(m, name) is not None]
        setattr(event, name, _most_told(stated) if stated and name in allowed else None)
    event.figures = list(dict.fromkeys(f"{text} ({m.evidence.document})" for m in mentions for text in m.figures_text))
    event.targets = list(dict.fromkeys(t for m in mentions for t in m.targets))
    event.notes = list(dict.fromkeys(n for m in mentions for n in m.notes))
    event.sources = list(dict.fromkeys(m.evidence.document for m in mentions))
    values = {name: getattr(event, name) for name in QUANTITIES}
    event.summary = summarise(event.type, event.status, event.actors, [p.name for p in event.places], values,
                              event.roles)
    event.event_id = event_id(event)


def event_id(event: Event) -> str:
    """Stable across runs on the same texts: type, dates and the first evidence span."""
    first = min(event.mentions, key=lambda m: (m.evidence.document, m.evidence.start))
    key = "|".join([event.type, str(event.date_start), str(event.date_end), first.evidence.document,
                    str(first.evidence.start)])
    return f"{event.type[:2]}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"
