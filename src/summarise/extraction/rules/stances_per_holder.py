"""At most two stances a holder, those whose positions the model is surest of.

A small model's stances answer, and the holder asked alone (holders.py), often gives one holder a stance
for every sentence that names it: reports of what it did, clauses around a quote. A holder's positions on
a story are few. Once the positions have been asked again (position_check.py), a holder keeps the stances
whose positions its answers' probabilities favour most; the rest are dropped with the reason. Stances never
asked (an endpoint without log-probabilities) are all kept.
"""

from __future__ import annotations

from ...schema import DroppedItem, Stance
from .base import Rule, RuleSpec, Stage
from .holders import same_party

MAX_STANCES_PER_HOLDER = 2  # measured at 1, 2 and 3 on the 39 articles: docs/rules.md


def apply(stances: list[Stance]) -> tuple[list[Stance], list[DroppedItem]]:
    """The stances kept, in their order, and those dropped for holders with more than the bound."""
    reasons: dict[int, str] = {}
    for group in by_holder(stances):
        surest = sorted((i for i in group if stances[i].probability is not None),
                        key=lambda i: -(stances[i].probability or 0.0))
        kept = ", ".join(f"{stances[i].probability:.2f}" for i in surest[:MAX_STANCES_PER_HOLDER])
        for i in surest[MAX_STANCES_PER_HOLDER:]:
            reasons[i] = (f"'{stances[i].holder}' holds more than {MAX_STANCES_PER_HOLDER} stances here; this "
                          f"one's position ({stances[i].probability:.2f}) is less sure than those kept ({kept})")
    dropped = [DroppedItem(category="stances", item=stances[i].model_dump(mode="json"), reason=reasons[i])
               for i in sorted(reasons)]
    return [s for i, s in enumerate(stances) if i not in reasons], dropped


def by_holder(stances: list[Stance]) -> list[list[int]]:
    """The stances' indexes grouped by holder (one name holding the other counts as one holder)."""
    groups: list[list[int]] = []
    for i, stance in enumerate(stances):
        group = next((g for g in groups if same_party(stances[g[0]].holder, stance.holder)), None)
        if group is None:
            groups.append([i])
        else:
            group.append(i)
    return groups


RULE = RuleSpec("stances_per_holder", Rule.stances_per_holder, Stage.questions, "the positions' probabilities",
                f"keeps at most {MAX_STANCES_PER_HOLDER} stances a holder, those whose positions the model is "
                "surest of", apply)
