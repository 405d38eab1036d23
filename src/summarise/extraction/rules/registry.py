"""Every rule, in the order an article meets them: the single list of what can run.

`python -m summarise.extraction.rules.registry` prints the table docs/rules.md shows (`make rules-doc`).
"""

from __future__ import annotations

from . import (apposition, armed_groups, citation, direction, direction_check, equipment, evidence, example_copy, holder_named,
               holders, labels, position_check, quantity, quantity_check, recipient, recipients, speakers,
               spokesperson, stances_per_holder, states, supplier, system_stated, unknown_states, verbs)
from .base import RuleSpec

RULES: tuple[RuleSpec, ...] = (
    speakers.RULE,
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
    armed_groups.RULE,
    direction.RULE,
    quantity.STATED_COUNT,
    verbs.RULE,
    spokesperson.RULE,
    equipment.LISTED_AS_ACTORS,
    recipient.RULE,
    direction_check.RULE,
    supplier.RULE,
    quantity_check.RULE,
    position_check.RULE,
    stances_per_holder.RULE,
    unknown_states.RULE,
    evidence.RULE,
    evidence.BUYER_CITED,
    evidence.SELLER_CITED,
    holder_named.RULE,
)


def rules_table(measured: dict | None = None) -> str:
    """The table docs/rules.md shows, written from RULES, with each family's measured effect when given
    (`bench/eval.py --ablate --save-ablation`: macro F1 with every family on, and with each off)."""
    off = (measured or {}).get("off", {})
    on = (measured or {}).get("all_on")
    effect = f"macro F1 with the family off (all on: {on}, {measured.get('articles')} articles)" if on else "measured"

    def measured_for(rule: RuleSpec) -> str:
        return f"{off[rule.family]:.3f}" if rule.family in off else "not measured"

    rows = [f"| `{r.name}` | `{r.family}` | {r.stage} | {r.does} | {r.reads} | `{r.where}` | {measured_for(r)} |"
            for r in RULES]
    return "\n".join([f"| rule | family | stage | what it does | what it reads | where | {effect} |",
                      "| --- | --- | --- | --- | --- | --- | --- |", *rows])


if __name__ == "__main__":
    print(rules_table())
