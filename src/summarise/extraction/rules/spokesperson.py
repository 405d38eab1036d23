"""A state's stance given to the person who states it too: the gold holds a position to the person who
speaks for the state (the minister, the spokesperson), and a small model gives it to the state.

When the model gives a stance to a state or body, the person who speaks in its sentence (named there or
just before, speakers.py) holds it as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...reading.article import Article, Sentence
from ...schema import ActorKind
from ..draft import StanceDraft
from ..speakers import speaker_sentence, speaking_person
from .base import Rule, RuleSpec, Stage

if TYPE_CHECKING:
    from ..normalise import ActorIndex


def apply(draft: StanceDraft, index: ActorIndex, article: Article,
          sentence: Sentence) -> list[tuple[str, Sentence | None]]:
    """The person who speaks in the sentence (and where they are named), when the model gave the stance to a
    state or body instead."""
    holder = index.find(draft.holder)
    if holder is None or holder.kind is ActorKind.person:
        return []
    people = [a.name for a in index.actors if a.kind is ActorKind.person]
    speaker = speaking_person(article, sentence, people)
    if speaker is None:
        return []
    return [(speaker, speaker_sentence(article, sentence.number, speaker, people))]


RULE = RuleSpec("spokesperson", Rule.spokesperson, Stage.normalisation, "who speaks in the sentence",
                "gives a state's stance to the person who states it too", apply)
