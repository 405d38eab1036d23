"""Word lists as data: the English (and, for injection, other languages') words the code reads articles by.

One TOML file per subject (transfer, stance, speech, equipment, function words, injection), loaded once.
Entries that are regular-expression alternatives are joined by `alternation`; plain words are read as a
set by `words`. Changing a list changes what the rules read: measure it on the whole development set
(`make eval`) like any rule.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def lexicon(subject: str) -> dict[str, Any]:
    return tomllib.loads(files(__package__).joinpath(f"{subject}.toml").read_text(encoding="utf-8"))


def entries(subject: str, key: str) -> tuple[str, ...]:
    return tuple(lexicon(subject)[key])


def alternation(subject: str, key: str) -> str:
    """A non-capturing group of the list's alternatives: '(?:a|b|c)'."""
    return "(?:" + "|".join(entries(subject, key)) + ")"


def words(subject: str, key: str) -> frozenset[str]:
    return frozenset(entries(subject, key))
