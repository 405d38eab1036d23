"""A system as reported, split into its designation and its description.

"Wing Loong II drones" is the designation "Wing Loong II" and the description "drones"; "the
Chinese armed drones" has no designation. The designation is what news writes as a name: the
capitalised words and the words with digits ("F-16", "S-400", "Leopard 2A4"); state names and
demonyms ("Chinese") describe origin, not the system. Designations compare by their parts, with
letters and digits apart ("F-16s" is "F 16", "Leopard-2" is "Leopard 2"), so "F-16" and "F-35"
differ and "F-16" is part of "F-16 Block 70".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii

from ..extraction.countries import country_named

WORD = re.compile(r"[^\W_]+(?:[-/.'’][^\W_]+)*")
PARTS = re.compile(r"[a-z]+|[0-9]+")
LEADING_WORDS = {"the", "a", "an", "its", "their", "new", "more", "additional", "further", "some"}


@dataclass(frozen=True)
class System:
    written: str
    designation: str  # "" when the report names no model
    description: str
    parts: frozenset[str]

    def part_of(self, other: System) -> bool:
        """Every part of this designation is in the other's, which says more."""
        return bool(self.parts) and self.parts < other.parts


def read_system(written: str) -> System:
    words = WORD.findall(written.strip())
    named = [w for w in words if is_designation_word(w)]
    described = [w for w in words if not is_designation_word(w) and w.lower() not in LEADING_WORDS
                 and not country_named(w)]
    designation = " ".join(named)
    return System(written=written.strip(), designation=designation, description=" ".join(described),
                  parts=designation_parts(named))


def is_designation_word(word: str) -> bool:
    if country_named(word):
        return False
    return any(c.isdigit() for c in word) or (word[0].isupper() and word.lower() not in LEADING_WORDS)


def designation_parts(words: list[str]) -> frozenset[str]:
    parts = []
    for word in words:
        word = anyascii(word)
        word = re.sub(r"(?<=\d)s$", "", word)  # "F-16s"
        if len(word) > 3 and word[0].isupper() and word[1:].islower() and word.endswith("s"):
            word = word[:-1]  # "Typhoons", "Patriots"
        parts.extend(PARTS.findall(word.lower()))
    return frozenset(parts)
