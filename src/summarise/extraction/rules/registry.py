"""Every rule, in the order an article meets them: the single list of what can run.

`python -m summarise.extraction.rules.registry` prints the table docs/rules.md shows (`make rules-doc`).
"""

from __future__ import annotations

from . import (apposition, citation, direction, direction_check, equipment, example_copy, hints, holders, labels,
               position_check, quantity, recipient, recipients, spokesperson, states, system_stated, verbs)
from .base import RuleSpec

RULES: tuple[RuleSpec, ...] = (
    hints.RULE,
    holders.RULE,
    recipients.RULE,
    labels.RULE,
    apposition.RULE,
    equipment.NAMED_AS_EQUIPMENT,
    quantity.COUNT_IN_SYSTEM,
    citation.RULE,
    system_stated.RULE,
    example_copy.RULE,
    states.RULE,
    direction.RULE,
    quantity.STATED_COUNT,
    verbs.RULE,
    spokesperson.RULE,
    equipment.LISTED_AS_ACTORS,
    recipient.RULE,
    direction_check.RULE,
    position_check.RULE,
)


def rules_table() -> str:
    """The table docs/rules.md shows, written from RULES."""
    rows = [f"| `{r.name}` | `{r.family}` | {r.stage} | {r.does} | {r.reads} | `{r.where}` |" for r in RULES]
    return "\n".join(["| rule | family | stage | what it does | what it reads | where |",
                      "| --- | --- | --- | --- | --- | --- |", *rows])


if __name__ == "__main__":
    print(rules_table())
