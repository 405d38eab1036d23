"""The model's labels in its own words, mapped to the schema's: small models paraphrase ("country",
"purchased", "backs"). The maps are data (lexicon/labels.toml); a label they do not know is left as
written, and validation then re-asks or drops the item with the reason.
"""

from __future__ import annotations

import re

from ...lexicon import lexicon
from .base import Rule, RuleSpec, Stage

KIND_SYNONYMS: dict[str, str] = lexicon("labels")["kinds"]
STATUS_SYNONYMS: dict[str, str] = lexicon("labels")["statuses"]
# Positions come as verbs and nouns in every form ("denounced", "criticism", "backs"): matched by stem.
POSITION_STEMS = {position: tuple(stems) for position, stems in lexicon("labels")["positions"].items()}


def label_key(value: str) -> str:
    return re.sub(r"[\s-]+", "_", value.strip().lower())


def canonical_label(value: object, synonyms: dict[str, str]) -> object:
    """A kind or status as the schema names it ('country' is state, 'purchased' is ordered)."""
    if not isinstance(value, str):
        return value
    key = label_key(value)
    return synonyms.get(key, key)


def canonical_position(value: object) -> object:
    if not isinstance(value, str):
        return value
    key = label_key(value)
    return next((position for position, stems in POSITION_STEMS.items() if key.startswith(stems)), key)


def apply(value: object, field: str) -> object:
    """The schema's label for the model's `kind`, `status` or `position`."""
    if field == "position":
        return canonical_position(value)
    return canonical_label(value, KIND_SYNONYMS if field == "kind" else STATUS_SYNONYMS)


RULE = RuleSpec("labels", Rule.labels, Stage.validation, "the maps of paraphrased labels (lexicon/labels.toml)",
                "maps a kind, status or position the model paraphrased ('country', 'purchased', 'backs') to the "
                "schema's", apply)
