"""The rules that check or rewrite the model's answer: one module per family, each rule a RuleSpec.

registry.py holds the single ordered list of every rule (RULES); docs/rules.md's table is written from
it (`make rules-doc`). This package's top level holds only what every rule shares (base.py), so that
the draft's validators can use the switches without importing the families.
"""

from .base import ALL_ON, AS_WRITTEN, REWRITES, Change, Rule, RuleSet, RuleSpec, Stage, parse_rules

__all__ = ["ALL_ON", "AS_WRITTEN", "REWRITES", "Change", "Rule", "RuleSet", "RuleSpec", "Stage", "parse_rules"]
