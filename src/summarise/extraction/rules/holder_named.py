"""A stance is kept only when its evidence names its holder.

A position is someone's because the article says so where it reports it. When the cited sentence, widened
to its neighbour where only both together state the stance (evidence.py), names the holder by none of its
names (an alias, a person's surname, a state's capital, demonym or abbreviation), the quote shows no
position of that holder: the answer credited it with a sentence about someone else, or with a report that
only mentions it elsewhere. Such a stance is dropped with the reason. The stance's target and position are
not read here: a paraphrased target is the rule, not the exception.
"""

from __future__ import annotations

from ...schema import Actor, DroppedItem, Stance
from ..statement import party_named
from .base import Rule, RuleSpec, Stage


def apply(stances: list[Stance], actors: list[Actor]) -> tuple[list[Stance], list[DroppedItem]]:
    """The stances whose evidence names their holder, in their order, and the others dropped with the reason."""
    kept, dropped = [], []
    for stance in stances:
        if party_named(stance.evidence.quote, stance.holder, actors):
            kept.append(stance)
        else:
            dropped.append(DroppedItem(category="stances", item=stance.model_dump(mode="json"),
                                       reason=f"its evidence does not name '{stance.holder}', who is said to hold it"))
    return kept, dropped


RULE = RuleSpec("holder_named", Rule.holder_named, Stage.evidence, "the stance's evidence and the holder's names",
                "drops a stance whose evidence (widened to a neighbouring sentence where needed) does not name its "
                "holder", apply)
