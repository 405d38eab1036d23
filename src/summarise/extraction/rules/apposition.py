"""A name with its apposition left out: "Aleksandar Vucic, the president of Serbia" names Aleksandar Vucic,
and a name must be found in the article as written."""

from __future__ import annotations

import re

from .base import Rule, RuleSpec, Stage

APPOSITION = re.compile(r",\s+(?:the|a|an|who|which|its|his|her)\s.*$", re.IGNORECASE)


def apply(value: object) -> object:
    return APPOSITION.sub("", value) if isinstance(value, str) else value


RULE = RuleSpec("apposition", Rule.apposition, Stage.validation, "the party's name as the model wrote it",
                "leaves out an apposition after a comma ('X, the president of Y' names X)", apply)
