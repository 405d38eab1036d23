"""Families of rules that check or rewrite the model's answer, each one switchable for measurement.

`--rules-off verbs,direction` (or `Summariser(rules_off=...)`) runs without those families; the
families off are written into each summary's provenance and the batch's skip key, so a run
with other rules never reuses another's outputs. `make eval` with a response cache measures a
family on the whole development set in seconds; docs/rules.md holds the table that says
which families earn their place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum



class Rule(StrEnum):
    # rewrites of the model's answer
    verbs = "verbs"  # a stance's position and target read from its sentence's verb
    direction = "direction"  # buyer and seller set by where the sentence says the equipment comes from and goes
    quantity = "quantity"  # the quantity read from the cited sentence instead of the model's
    citation = "citation"  # a citation moved to the neighbouring sentence that fits the item
    # questions to the model that decide again (deal_parties.py)
    recipient = "recipient"  # a deal's recipient chosen among the article's parties, by probability
    direction_check = "direction_check"  # who receives and who supplies, asked between the two parties
    position_check = "position_check"  # a stance's position asked again: support, oppose or neutral
    holders = "holders"  # each named party without a stance asked for its own stances
    recipients = "recipients"  # each party that could receive equipment asked for its deals, where none is cited
    # additions
    states = "states"  # every state the article names is listed as an actor
    spokesperson = "spokesperson"  # a state's stance stated by one person speaking is that person's too
    # checks that drop items
    example_copy = "example_copy"  # an answer string copying a few-shot example's own wording
    system_stated = "system_stated"  # a deal's system named by its cited sentence, without markup
    # what the prompt shows
    hints = "hints"  # stance cue sentences listed on the task line


REWRITES = frozenset({Rule.verbs, Rule.direction, Rule.quantity, Rule.citation, Rule.recipient, Rule.direction_check,
                      Rule.position_check})


@dataclass(frozen=True)
class RuleSet:
    """The rule families a run applies: all of them unless some are switched off for measurement. Passed
    from the CLI or the Python API through the pipeline, and into validation on the grounding context."""

    off: frozenset[Rule] = frozenset()

    @classmethod
    def without(cls, names: Iterable[Rule | str]) -> RuleSet:
        return cls(frozenset(Rule(name) for name in names))

    def on(self, rule: Rule) -> bool:
        return rule not in self.off

    @property
    def names_off(self) -> list[str]:
        return sorted(self.off)


ALL_ON = RuleSet()
# For checking the few-shot examples: every check applies and no rewrite, so the examples the model sees
# are exactly the files.
AS_WRITTEN = RuleSet(REWRITES)


def parse_rules(raw: str) -> list[str]:
    """Checked names, for the CLI: an unknown family is a usage error, not a silent no-op."""
    names = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in names if name not in Rule.__members__]
    if unknown:
        raise ValueError(f"unknown rule families: {', '.join(unknown)}; known: {', '.join(Rule)}")
    return names
