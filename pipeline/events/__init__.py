"""Events: the strikes, talks, visits and other types (pipeline/types/) that sentences
tell, as EventMention records, read from annotated sentences (pipeline/annotate/).

triggers → frames (one event per type and part of a sentence) → date, status, whether
it is an event or a topic, parties by the type's rule (rules/), places, figures →
mentions dated from their passage's anchor and completed from the text before
(document.py).
"""
from .document import extract_mentions, speaker_of

__all__ = ["extract_mentions", "speaker_of"]
