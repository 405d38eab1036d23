"""One party per actor across articles: "Belgrade", "Serbia" and "the Serbian army" are Serbia.

Every decision is kept as a Link (two names, and why they are one party), so a reader can check
each merge. The rules, in order of confidence:

    state       the name is a state's name, capital, demonym or abbreviation (countries.py), or
                that followed by words for its institutions ("the Serbian army", "Russian government")
    alias       the article itself gives the two names for one actor (an actor's aliases)
    same name   equal once transliterated (anyascii), case-folded, and stripped of "the" and of
                company suffixes (cleanco: "Lockheed Martin Corp." is "Lockheed Martin")
    surname     a person named by surname ("Vucic") is the one person with that surname and a
                first name ("Aleksandar Vučić"); two first names for one surname stay apart
    part of     a shorter name whose words are all in exactly one longer name of the same kind
                ("Baykar" in "Baykar Technologies"); in two or more, it stays apart

A person never becomes a state, however the name is spelt, and a list of names ("Airbus, BAE
Systems, Leonardo") never takes in the names it lists.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii
from cleanco import basename
from nameparser import HumanName

from ..reading.folding import fold_ascii
from ..extraction.countries import Country, country_named, state_named_with

# Words for a state's own institutions: "the Serbian army" acts for Serbia.
STATE_INSTITUTIONS = frozenset(
    "the army armed forces force military navy air defence defense ministry of foreign affairs government "
    "administration authorities state department dept officials regime leadership cabinet presidency office "
    "president's presidential kremlin".split())
NOT_STATES = {"person"}
LIST_OF_NAMES = re.compile(r",|;|\band\b|&")


@dataclass(frozen=True)
class Mention:
    """A name as one article uses it, with what that article says about it."""

    name: str
    kind: str | None = None
    country_code: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    names: tuple[str, str]
    reason: str


@dataclass
class Party:
    key: str
    name: str
    kind: str | None
    names: list[str]
    links: list[Link] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "kind": self.kind, "names": self.names,
                "links": [{"names": list(link.names), "reason": link.reason} for link in self.links]}


class Parties:
    """Resolves every mention of a set of articles to a party, once all mentions are known."""

    def __init__(self, mentions: list[Mention]):
        self._party_of: dict[str, Party] = {}
        self.parties: list[Party] = resolve(mentions, self._party_of)

    def of(self, name: str | None) -> Party | None:
        return self._party_of.get(name) if name else None

    def merged(self) -> list[Party]:
        """Parties known by more than one name: the decisions to check."""
        return [party for party in self.parties if len(party.names) > 1]


def resolve(mentions: list[Mention], party_of: dict[str, Party]) -> list[Party]:
    groups = UnionFind()
    kinds: dict[str, Counter] = defaultdict(Counter)
    states: dict[str, Country] = {}
    mentions = [*mentions, *(Mention(alias, m.kind) for m in mentions for alias in m.aliases if alias)]
    for mention in mentions:
        groups.add(mention.name)
        kinds[mention.name][mention.kind] += 1
        state = state_of(mention)
        if state is not None:
            states[mention.name] = state
    link_states(states, groups)
    for mention in mentions:
        for alias in mention.aliases:
            if alias and (alias in states) == (mention.name in states):
                groups.union(mention.name, alias, "alias given by the article")
    others = [name for name in groups.items() if name not in states]
    kind_of = {name: kinds[name].most_common(1)[0][0] if kinds[name] else None for name in others}
    link_same_names(others, groups)
    link_surnames([n for n in others if kind_of[n] == "person"], groups)
    link_parts([n for n in others if kind_of[n] != "person"], kind_of, groups)
    return build_parties(groups, states, kinds, party_of)


def state_of(mention: Mention) -> Country | None:
    if mention.kind in NOT_STATES:
        return None
    return country_named(mention.name) or state_named_with(mention.name, STATE_INSTITUTIONS)


def link_states(states: dict[str, Country], groups: UnionFind) -> None:
    first_name: dict[str, str] = {}
    for name, country in states.items():
        key = country.code or country.name
        if key in first_name:
            groups.union(first_name[key], name, f"both name {country.name}")
        else:
            first_name[key] = name


def folded(name: str) -> str:
    """The name as the extraction folds it (transliterated, any case, no accents or possessive), without "the"."""
    words = fold_ascii(name).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


@lru_cache(maxsize=65536)
def company_folded(name: str) -> str:
    previous, current = None, name.strip()
    while previous != current:  # "Co., Ltd." needs two passes
        previous, current = current, basename(current)
    return folded(current) or folded(name)


def link_same_names(names: list[str], groups: UnionFind) -> None:
    first: dict[str, str] = {}
    for name in names:
        key = company_folded(name)
        if key in first:
            groups.union(first[key], name, "same name once spelling, case and company suffix are set aside")
        else:
            first[key] = name


def link_surnames(people: list[str], groups: UnionFind) -> None:
    by_surname: dict[str, set[str]] = defaultdict(set)
    first_names: dict[str, set[str]] = defaultdict(set)
    for name in people:
        surname, first_name = name_parts(name)
        by_surname[surname].add(name)
        if first_name:
            first_names[surname].add(first_name)
    for surname, names in by_surname.items():
        if len(first_names[surname]) > 1:
            continue  # two people share the surname: a bare surname could be either
        ordered = sorted(names, key=len, reverse=True)
        for name in ordered[1:]:
            groups.union(ordered[0], name, f"one person with the surname {surname.title()}")


def name_parts(name: str) -> tuple[str, str]:
    parsed = HumanName(anyascii(name))
    words = [w for w in (parsed.first, parsed.middle, parsed.last) if w]
    if not parsed.last:
        return folded(parsed.first or name), ""
    return folded(parsed.last), folded(" ".join(words[:-1]))


def link_parts(names: list[str], kind_of: dict[str, str | None], groups: UnionFind) -> None:
    words = {name: frozenset(company_folded(name).split()) for name in names}
    place = {name: number for number, name in enumerate(names)}
    holding = names_by_word(names, words)
    for short in names:
        if not words[short]:
            continue
        longer = [other for other in sorted(holders_of_all(words[short], holding), key=place.__getitem__)
                  if other != short and kind_of[other] == kind_of[short] and words[short] < words[other]
                  and groups.find(other) != groups.find(short)]
        roots = {groups.find(other) for other in longer}
        if len(roots) == 1:
            groups.union(longer[0], short, f"every word of {short!r} is in {longer[0]!r}, and in no other name")


def names_by_word(names: list[str], words: dict[str, frozenset[str]]) -> dict[str, set[str]]:
    """Each word, with the names that hold it (lists of names never take in a name)."""
    holding: dict[str, set[str]] = defaultdict(set)
    for name in names:
        if not LIST_OF_NAMES.search(name):
            for word in words[name]:
                holding[word].add(name)
    return holding


def holders_of_all(words: frozenset[str], holding: dict[str, set[str]]) -> set[str]:
    rarest_first = sorted(words, key=lambda word: len(holding.get(word, ())))
    found = set(holding.get(rarest_first[0], ()))
    for word in rarest_first[1:]:
        found &= holding.get(word, set())
    return found


def build_parties(groups: UnionFind, states: dict[str, Country], kinds: dict[str, Counter],
                  party_of: dict[str, Party]) -> list[Party]:
    parties = []
    links_of: dict[str, list[Link]] = defaultdict(list)
    for link in groups.links:
        links_of[groups.find(link.names[0])].append(link)
    for members in groups.sets():
        state = next((states[m] for m in members if m in states), None)
        counts = Counter({m: sum(kinds[m].values()) for m in members})
        kind = "state" if state and state.state else "international_body" if state else \
            Counter(k for m in members for k in kinds[m].elements()).most_common(1)[0][0]
        name = state.name if state else max(members, key=lambda m: (counts[m], len(m), not m.isascii()))
        key = f"state:{state.code}" if state and state.code else f"{kind}:{folded(name)}"
        party = Party(key=key, name=name, kind=kind, names=sorted(members),
                      links=links_of[groups.find(next(iter(members)))])
        parties.append(party)
        for member in members:
            party_of[member] = party
    return sorted(parties, key=lambda p: p.key)


class UnionFind:
    """Names joined into parties, keeping the reason for every join."""

    def __init__(self):
        self.parent: dict[str, str] = {}
        self.links: list[Link] = []

    def add(self, name: str) -> None:
        self.parent.setdefault(name, name)

    def items(self) -> list[str]:
        return list(self.parent)

    def find(self, name: str) -> str:
        self.add(name)
        while self.parent[name] != name:
            self.parent[name] = self.parent[self.parent[name]]
            name = self.parent[name]
        return name

    def union(self, a: str, b: str, reason: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[root_b] = root_a
            self.links.append(Link((a, b), reason))

    def sets(self) -> list[set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for name in self.parent:
            found[self.find(name)].add(name)
        return list(found.values())
