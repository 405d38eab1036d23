"""Equipment the model listed as an actor: "FK-3 air defense missile system" is a thing, not an actor.

In validation, an actor whose name ends in a lowercase equipment noun (lexicon/equipment.toml) is a problem,
re-asked or dropped; capitalised, the noun is part of a company's name ("Elbit Systems"). After
validation, an actor whose name is part of an acquired system ("Repellent") and that neither takes part
in a deal nor holds a stance is set aside as the equipment, with the reason in `dropped`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...lexicon import alternation
from ...schema import Acquisition, DroppedItem, Stance
from ..grounding import fold, parties_of
from .base import Rule, RuleSpec, Stage

if TYPE_CHECKING:
    from ..normalise import ActorIndex

EQUIPMENT_NAME = re.compile(r"\s" + alternation("equipment", "nouns") + "$")


def named_as_equipment(name: str) -> list[str]:
    """Why an actor is no actor: its name ends in an equipment noun."""
    return [f"'{name}' is equipment, not an actor"] if EQUIPMENT_NAME.search(name.strip()) else []


def listed_as_actors(index: ActorIndex, acquisitions: list[Acquisition], stances: list[Stance]) -> list[DroppedItem]:
    """An actor whose name is part of an acquired system ('Repellent') is the equipment: set it aside."""
    parties = parties_of(acquisitions, stances)
    systems = [fold(a.system) for a in acquisitions]
    equipment = [actor for actor in index.actors
                 if fold(actor.name) not in parties and any(fold(actor.name) in system for system in systems)]
    index.actors = [actor for actor in index.actors if actor not in equipment]
    return [DroppedItem(category="actors", item={"name": a.name, "kind": a.kind.value},
                        reason=f"'{a.name}' is named as equipment in an acquisition") for a in equipment]


NAMED_AS_EQUIPMENT = RuleSpec("named_as_equipment", Rule.equipment, Stage.validation, "the actor's name",
                              "drops an actor whose name ends in a lowercase equipment noun",
                              named_as_equipment)
LISTED_AS_ACTORS = RuleSpec("listed_as_actors", Rule.equipment, Stage.normalisation, "the deals' systems",
                            "sets aside an actor whose name is part of an acquired system and that is no party",
                            listed_as_actors)
