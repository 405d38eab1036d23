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
    hints = "hints"


class Stage(StrEnum):
    """Where in an article's run a family acts, in the order the stages run."""

    prompt = "prompt"  # what the model is shown or asked
    validation = "validation"  # inside the answer's validation: a failing item is re-asked or dropped
    normalisation = "normalisation"  # after validation, when the passes' answers are merged
    questions = "questions"  # narrow questions whose probabilities decide again


@dataclass(frozen=True)
class Family:
    rule: Rule
    stage: Stage
    reads: str  # what it looks at besides the model's answer
    does: str
    where: str  # the module that holds it


# Every family, in the order an article meets them: the single list of what can run.
FAMILIES = (
    Family(Rule.hints, Stage.prompt, "stance cue words in each sentence",
           "lists the sentences that may state stances on the stances task line", "extraction/cues.py"),
    Family(Rule.holders, Stage.prompt, "the parties the answers name",
           "asks each party other than a state without a stance for its own stances, in the sentences naming it",
           "extraction/holders.py"),
    Family(Rule.recipients, Stage.prompt, "the answers' buyers, the sentences their deals cite",
           "asks each buyer for its other deals, in the sentences naming it that no deal cites",
           "extraction/recipients.py"),
    Family(Rule.quantity, Stage.validation, "the system's own words",
           "a count leading the system's name ('12 Falke tanks') becomes the quantity", "extraction/draft.py"),
    Family(Rule.citation, Stage.validation, "the cited sentence and its neighbours",
           "moves a citation to the neighbouring sentence that names the item", "extraction/draft.py"),
    Family(Rule.system_stated, Stage.validation, "the cited sentence",
           "drops a deal whose system the sentence does not name, or that holds markup", "extraction/draft.py"),
    Family(Rule.example_copy, Stage.validation, "the few-shot examples' wording",
           "drops an answer that copies an example's wording with other names", "extraction/draft.py"),
    Family(Rule.states, Stage.normalisation, "maintained country data",
           "lists every state the article names as an actor", "extraction/normalise.py"),
    Family(Rule.direction, Stage.normalisation, "the cited sentence's words around the system",
           "sets buyer and seller by where the sentence says the equipment comes from and goes",
           "extraction/normalise.py"),
    Family(Rule.quantity, Stage.normalisation, "the numbers of the cited sentence",
           "takes the count the cited sentence states for the system instead of the model's", "extraction/numbers.py"),
    Family(Rule.verbs, Stage.normalisation, "the verb after the holder, by PLOVER class",
           "sets a stance's position (and a target the sentence does not mention) from the verb",
           "extraction/verbs.py"),
    Family(Rule.spokesperson, Stage.normalisation, "who speaks in the sentence",
           "gives a state's stance to the person who states it too", "extraction/normalise.py"),
    Family(Rule.recipient, Stage.questions, "the article's parties",
           "asks who receives the system, a choice among the parties; another replaces the buyer at twice the odds",
           "extraction/deal_parties.py"),
    Family(Rule.direction_check, Stage.questions, "the deal's two parties",
           "asks who receives and who supplies, in both orders; swaps the two when both favour the reverse",
           "extraction/deal_parties.py"),
    Family(Rule.position_check, Stage.questions, "the stance's sentence",
           "asks the holder's position again; replaces it when another is 1.5 times likelier",
           "extraction/stance_position.py"),
)


def families_table() -> str:
    """The table docs/rules.md shows, written from FAMILIES (`python -m summarise.extraction.rules`)."""
    rows = [f"| `{f.rule}` | {f.stage} | {f.does} | {f.reads} | `{f.where}` |" for f in FAMILIES]
    return "\n".join(["| family | stage | what it does | what it reads | where |", "| --- | --- | --- | --- | --- |",
                      *rows])


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


if __name__ == "__main__":
    print(families_table())
