"""Non-state armed groups and the names news uses for them, from maintained data (lexicon/armed_groups.toml).

A small model lists the states and people of an article and forgets the militia that receives the
shipment ("Huthi rebels") or files it as a company; like the country data for states, this data finds
the groups an article names and gives them their kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import lexicon
from ..reading.folding import fold


@dataclass(frozen=True)
class ArmedGroup:
    name: str
    forms: tuple[str, ...]  # searched in articles as written
    aliases: tuple[str, ...]  # recognised in a name the model gives, never searched


@cache
def armed_groups() -> tuple[ArmedGroup, ...]:
    return tuple(ArmedGroup(g["name"], tuple(g["forms"]), tuple(g.get("aliases", ())))
                 for g in lexicon("armed_groups")["group"])


@cache
def _by_folded_name() -> dict[str, ArmedGroup]:
    return {fold(n): g for g in armed_groups() for n in (g.name, *g.forms, *g.aliases)}


def group_named(name: str) -> ArmedGroup | None:
    """The armed group a name stands for ('Huthi rebels', 'the RSF'), and nothing more."""
    stripped = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return _by_folded_name().get(fold(stripped))


@cache
def _form_owner() -> dict[str, ArmedGroup]:
    return {form: g for g in armed_groups() for form in g.forms}


@cache
def _any_form() -> re.Pattern[str]:
    forms = sorted(_form_owner(), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])({'|'.join(re.escape(f) for f in forms)})(?![\w-])")


def groups_named_in(text: str) -> list[str]:
    """The armed groups the text names, each by the form it first uses, in order of first mention."""
    seen: dict[str, str] = {}
    for match in _any_form().finditer(text):  # leftmost, longest first: "Kataib Hezbollah" is not Hezbollah
        seen.setdefault(_form_owner()[match.group(1)].name, match.group(1))
    return list(seen.values())
