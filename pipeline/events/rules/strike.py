"""Strikes: the attacker and the attacked side.

- An accusation names the attacker as its object ("Moscow accused Kyiv of attacking…",
  "blamed Israel for the strike"); the accuser is the other side. A claim names it as
  its subject ("the Houthis claimed responsibility for an attack on…").
- In the passive ("Kyiv was hit by Russian missiles") the subject was attacked and the
  agent after "by" attacked.
- Otherwise the attacker is the subject before the trigger (after any reporting verb:
  "Pakistan said India struck…"), an adjective or owner of the event noun or of a weapon
  ("Israeli strikes", "Russia's attack", "a Houthi missile"), or a pronoun standing for
  the report's subject ("…, saying it had struck…").
- The attacked side follows a target preposition or the verb ("an attack on Ukraine",
  "struck Iran", "hit Ukraine's energy grid"), else is the country of the places hit.
- What air defence stopped was launched by the side the weapons belong to ("shot down
  48 Ukrainian drones").
"""
from __future__ import annotations

from ...annotate import AnnotatedSentence
from ..names import NameRef
from ..roles import (Context, TARGET_PREPOSITIONS, actors_between, agent_after, coordination, group_object, main_subject,
                     passive, preposition_before, pronoun_subject, reporting_subject,
                     resolve_pronoun, quote_speaker, sponsor, subject_before, subject_group, told_from)
from ..triggers import Frame
from . import Roles, frame_places


def _accused(sentence: AnnotatedSentence, refs: list[NameRef], trigger_first: int) -> tuple[str, str] | None:
    """(accused, accuser) when an accusation governs the trigger."""
    cue = sentence.last_before("accusation", trigger_first)
    if cue is None:
        cue = sentence.first_after("accusation", trigger_first)
        if cue is None or sentence.lower(cue.first) not in ("was", "were", "is", "are"):
            return None
        # "Israel was behind the attack": the subject before the trigger's words
        accused = subject_before(sentence, refs, cue.first, 0)
        return (accused.side, "") if accused else None
    word = sentence.lower(cue.first)
    if word in ("was", "were", "is", "are") or word.startswith("responsible"):
        accused = subject_before(sentence, refs, cue.first, 0)
        accuser = None
    else:
        after = actors_between(refs, cue.last, trigger_first + 1)
        accused = after[0] if after else None
        accuser = subject_before(sentence, refs, cue.first, 0)
    if accused is None:
        return None
    return accused.side, accuser.side if accuser else ""


def _adjective_near(sentence: AnnotatedSentence, refs: list[NameRef], first: int, last: int) -> NameRef | None:
    """An actor right before tokens [first, last) as adjective or owner ("Israeli
    strikes", "Russia's attack", "RSF drone attacks", "a Houthi missile")."""
    for ref in reversed(actors_between(refs, max(0, first - 4), first)):
        between = sentence.tokens.lower[ref.last:first]
        if sponsor(sentence, ref):
            continue  # "Israeli-made drones", "Iran-backed militias": a maker or a sponsor, not the attacker
        if all(w in ("'s", "’s", "-", "led") or sentence.at("weapon", i + ref.last) is not None
               or w.isalpha() and w not in ("on", "at", "against", "by", "and", "in", "of", "with", "said", "says")
               for i, w in enumerate(between)):
            if preposition_before(sentence, ref.first) in ("on", "against", "at", "of", "in", "targeting"):
                return None
            if ref.form in ("adjective", "name", "alias", "seat") and (ref.possessive or ref.form == "adjective"
                                                                         or ref.actor.kind in ("group", "country")):
                return ref
    return None


def _weapon_owner(sentence: AnnotatedSentence, refs: list[NameRef], lo: int, hi: int) -> NameRef | None:
    for weapon in sentence.labelled("weapon", lo, hi):
        owner = _adjective_near(sentence, refs, weapon.first, weapon.last)
        if owner is not None:
            return owner
        # "the 40 drones Russia launched overnight": who launched them, named after them
        after = next((r for r in refs if r.actor is not None and r.first == weapon.last), None)
        if after is not None and sentence.at("launched", after.last) is not None:
            return after
    return None


def _claimant(sentence: AnnotatedSentence, refs: list[NameRef], trigger_first: int) -> NameRef | None:
    """'The Houthis claimed responsibility for an attack on…': who claimed it."""
    claim = sentence.last_before("claimed_authorship", trigger_first, max(0, trigger_first - 5))
    return subject_before(sentence, refs, claim.first, 0) if claim is not None else None


def _target_after(sentence: AnnotatedSentence, refs: list[NameRef], frame: Frame, attacker: str) -> str:
    trigger = frame.head
    for ref in refs:
        if ref.first < trigger.last or ref.first >= frame.hi:
            continue
        side = ref.side or (ref.place.country if ref.place else "")
        if not side or side == attacker:
            continue
        preposition = preposition_before(sentence, ref.first)
        direct = ref.first - trigger.last <= 2 and not trigger.noun
        if preposition in TARGET_PREPOSITIONS or direct or ref.possessive:
            return side
    return ""


_LINKING_VERBS = frozenset({"launched", "carried", "conducted", "mounted", "staged", "unleashed", "began",
                            "started", "resumed", "stepped", "fired", "made", "waged", "continued",
                            "has", "had", "have", "was", "were", "is", "are", "said", "claimed", "says"})


def _after_an_event(sentence: AnnotatedSentence, noun: int, lo: int) -> bool:
    """An event noun told as the time of something else: "after the October blast"."""
    for i in range(noun - 1, max(lo, noun - 4) - 1, -1):
        if sentence.at("before_after", i) is not None and sentence.lower(i) in ("after", "since", "following", "before"):
            return True
        if sentence.lower(i) in (",", ";") or _verb_between(sentence, i, i + 1):
            return False
    return False


def _verb_between(sentence: AnnotatedSentence, lo: int, hi: int) -> bool:
    """A verb between a subject and an event noun ("Russia launched the largest attack",
    "Israel's army said its strikes…"), as far as a word list can tell."""
    return any(sentence.lower(i) in _LINKING_VERBS or sentence.lower(i).endswith("ed")
               for i in range(lo, hi))


def _own_weapons(sentence: AnnotatedSentence, lo: int, hi: int) -> bool:
    """'its drones', 'their missiles', 'our forces struck'."""
    for i in range(lo, min(hi, len(sentence))):
        if sentence.lower(i) in ("its", "their", "our") and (
                sentence.at("weapon", i + 1) is not None or sentence.at("weapon", i + 2) is not None
                or sentence.lower(i + 1) in ("forces", "troops", "military", "army", "navy", "jets",
                                             "warplanes", "aircraft", "units", "air", "fighters")):
            return True
    return False


def _perpetrator(sentence: AnnotatedSentence, refs: list[NameRef], lo: int, hi: int) -> str:
    """'…a terrorist act organized by Ukraine's special services', 'an attack claimed by
    al-Shabaab': the side named as its author after the event."""
    for span in sentence.labelled("authored_by", lo, hi):
        agent = next((r for r in refs if r.actor is not None and span.last <= r.first < min(hi, span.last + 4)), None)
        return agent.side if agent else ""
    return ""


def read(sentence: AnnotatedSentence, frame: Frame, refs: list[NameRef], context: Context) -> Roles:
    trigger = frame.head
    places = frame_places(sentence, frame, refs)
    notes: list[str] = []
    attacker = target = ""
    allies: list[str] = []
    accused = _accused(sentence, refs, trigger.first)
    start = told_from(sentence, trigger.first, frame.lo)
    interception = "interception" in trigger.word.needs
    claimant = _claimant(sentence, refs, trigger.first) if accused is None else None
    if accused is not None:
        attacker, target = accused
    elif claimant is not None:
        attacker = claimant.side
    elif interception:
        owner = (_weapon_owner(sentence, refs, trigger.last, frame.hi) or _weapon_owner(sentence, refs, frame.lo, trigger.first)
                 or agent_after(sentence, refs, trigger.last, frame.hi))  # "drones sent by India"
        attacker = owner.side if owner else ""
        defender = subject_before(sentence, refs, trigger.first, 0)
        target = defender.side if defender and defender.side != attacker else ""
    elif passive(sentence, trigger.first) and not trigger.noun:
        agent = agent_after(sentence, refs, trigger.last, frame.hi)
        owner = agent or _weapon_owner(sentence, refs, trigger.last, frame.hi)
        attacker = owner.side if owner else ""
        hit = subject_before(sentence, refs, trigger.first, start)
        target = hit.side if hit else ""
    else:
        # an event noun with no verb of its frame has no subject: "a Paris summit on
        # guarantees, and the largest air attack of the war"
        verbless = trigger.noun and all(t.noun for t in frame.triggers) and not _verb_between(sentence, start, trigger.first)
        # "…reopened after the October blast", "retaliated after the April attack": what
        # the subject did came after the event; it is not the event's author
        after_it = trigger.noun and _after_an_event(sentence, trigger.first, start)
        subject = [] if verbless or after_it else subject_group(sentence, refs, trigger.first, start)
        # "Israeli strikes", "Russia's attack": the owner of an event noun
        owner = _adjective_near(sentence, refs, trigger.first, trigger.last) if trigger.noun else None
        if owner is not None:
            before = actors_between(refs, 0, owner.last)
            group = coordination(sentence, before, len(before) - 1)
            attacker, allies = group[0].side, [r.side for r in group[1:]]
        elif subject:
            attacker, allies = subject[0].side, [r.side for r in subject[1:]]
        else:
            pronoun = pronoun_subject(sentence, trigger.first, frame.lo)
            antecedent = resolve_pronoun(sentence, refs, pronoun, context, person=False) if pronoun is not None else None
            weapon_owner = _weapon_owner(sentence, refs, frame.lo, frame.hi)
            if antecedent is not None:
                attacker = antecedent.side
            elif weapon_owner is not None:
                attacker = weapon_owner.side
        if not attacker and sentence.lower(trigger.last) == "by":
            agent = agent_after(sentence, refs, trigger.last, frame.hi)  # "strikes by Israeli jets"
            attacker = agent.side if agent else ""
        if not attacker:
            attacker = _perpetrator(sentence, refs, trigger.last, frame.hi)
        if not attacker and _own_weapons(sentence, frame.lo, trigger.last + 2):
            # "…said its drones hit…": the weapons of whoever reports it
            source = reporting_subject(sentence, refs, trigger.first) or main_subject(sentence, refs, context, person=False)
            attacker = source.side if source else (context.last_actor.side if context.last_actor else "")
    if not target:
        target = _target_after(sentence, refs, frame, attacker)
    if not target:
        group = group_object(sentence, trigger.last, min(frame.hi, trigger.last + 3), context)
        target = group.side if group is not None else ""
    if not target and sentence.lower(trigger.last) in ("our", "us"):
        # "If Russia does not strike our energy": the speaker's side
        speaker = quote_speaker(sentence, refs, context)
        target = speaker.side if speaker is not None and speaker.side != attacker else ""
    if not target:
        # "an oil depot in Russia's Krasnodar region": the owner of the place hit
        owner = next((r for r in refs if frame.lo <= r.first < frame.hi and r.possessive and r.actor is not None
                      and r.actor.kind == "country" and r.side != attacker
                      and any(x.place is not None and x.first == r.last + 1 for x in refs)), None)
        target = owner.side if owner else ""
    if not target:
        target = next((p.country for p in places if p.country and p.country != attacker), "")
    if target == attacker:
        target = ""
    named_here = bool(attacker or target or any(p.kind != "country" for p in places))
    if "mutual" in trigger.word.needs:
        # "India and Pakistan exchanged fire", "Hezbollah traded fire with Israel": each way
        other = next((a for a in allies if a and a != attacker), "") or target
        if attacker and other:
            return Roles([attacker, other], places, notes, split=[[attacker, other], [other, attacker]])
    allies = [a for a in dict.fromkeys(allies) if a and a not in (attacker, target)]
    return Roles([attacker, target], places, notes, borrow=not named_here or not attacker, allies=allies)
