"""What every rule shares: the family it belongs to, the stage it runs in, and the switches.

`--rules-off verbs,direction` (or `Summariser(rules_off=...)`) runs without those families; the
families off are written into each summary's provenance and the batch's skip key, so a run
with other rules never reuses another's outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Rule(StrEnum):
    verbs = "verbs"
    direction = "direction"
    quantity = "quantity"
    citation = "citation"
    recipient = "recipient"
    direction_check = "direction_check"
    position_check = "position_check"
    holders = "holders"
    recipients = "recipients"
    states = "states"
    spokesperson = "spokesperson"
    example_copy = "example_copy"
    system_stated = "system_stated"
    labels = "labels"
    apposition = "apposition"
    equipment = "equipment"
    evidence = "evidence"
    stances_per_holder = "stances_per_holder"
    quantity_check = "quantity_check"
    speakers = "speakers"
    holder_named = "holder_named"
    unknown_states = "unknown_states"
    supplier = "supplier"
    armed_groups = "armed_groups"


class Stage(StrEnum):
    """Where in an article's run a family acts, in the order the stages run."""

    prompt = "prompt"  # what the model is shown or asked
    validation = "validation"  # inside the answer's validation: a failing item is re-asked or dropped
    normalisation = "normalisation"  # after validation, when the passes' answers are merged
    questions = "questions"  # narrow questions whose probabilities decide again
    evidence = "evidence"  # the kept items' evidence, once their parties are settled


@dataclass(frozen=True)
class Change(Generic[T]):
    """What a rule gives back: the item as the rule leaves it, and a note for each thing it changed."""

    value: T
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.notes)


@dataclass(frozen=True)
class RuleSpec:
    """One rule: its name, the family that switches it, where it runs, what it reads and does, and `apply`.

    What `apply` takes and gives follows the stage: a prompt rule gives the parties to ask again and keeps
    their part of the answers; a validation rule gives a Change or the problems that drop or re-ask an item;
    a normalisation rule gives a Change; a question rule gives the item with its notes and probability.
    """

    name: str
    family: Rule
    stage: Stage
    reads: str  # what it looks at besides the model's answer
    does: str
    apply: Callable[..., Any] = field(compare=False)

    @property
    def where(self) -> str:
        """The module that holds it, as a path in the package."""
        return self.apply.__module__.removeprefix("summarise.").replace(".", "/") + ".py"


REWRITES = frozenset({Rule.verbs, Rule.direction, Rule.quantity, Rule.citation, Rule.recipient, Rule.direction_check,
                      Rule.position_check, Rule.apposition, Rule.quantity_check})


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


