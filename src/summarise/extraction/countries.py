"""States and the words news uses for them, from maintained data, matched as whole words.

countryinfo gives names, capitals, demonyms and abbreviations; pycountry (ISO 3166) says which
states exist today. Each state has its names (the common one and English alternatives such as "Holland" or
"Turkiye"), its capital, its demonym ("Chinese", "Serbian"), and abbreviations ("UK", "UAE").
Forms are matched as whole words, never by prefix: "Austria" is not "Australia", "Niger" is
not "Nigeria". Abbreviations are matched with their capitals, so "us" in "fighting for us" is
not the United States. A form two states share ("Chinese": China, Hong Kong, Macau) names the
more populous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import pycountry
from countryinfo import CountryInfo

from ..reading.folding import fold

# What the data lacks or says otherwise: seats of government used as metonyms, the one
# abbreviation that is also an ISO code in news use ("US"), and Kosovo (code XK, user-assigned).
SEATS_OF_GOVERNMENT = {"US": ("Pentagon", "White House"), "RU": ("Kremlin",), "GB": ("Downing Street", "Whitehall"),
                       "FR": ("Elysee", "Élysée"), "KR": ("Blue House",), "JP": ("Kantei",)}
NEWS_ABBREVIATIONS = {"US": ("US", "U.S.", "U.S.A."), "GB": ("U.K.",), "KR": ("ROK",), "KP": ("DPRK",),
                      "CN": ("PRC",)}
NEWS_NAMES = {"GB": ("Britain",), "CI": ("Côte d'Ivoire",)}  # the data keeps names with accents out of English ones
# Spellings and names news used until recently, which the data has replaced: a capital before its
# transliteration changed, a state before it was renamed.
FORMER_FORMS = {"UA": ("Kiev",), "MM": ("Rangoon",), "CD": ("Zaire",)}
MISSING_STATES = {"XK": ("Kosovo", "Pristina", "Kosovar")}
# Alternative spellings in the data that English text uses for something else: a word, a surname.
NOT_NAMES = {"IS": ("Island",), "IM": ("Mann",)}
# countryinfo's own names for a few states differ from what news writes.
COMMON_NAMES = {"MK": "North Macedonia", "VA": "Vatican City"}


@dataclass(frozen=True)
class Country:
    name: str
    code: str  # ISO 3166-1 alpha-2
    population: int
    forms: frozenset[str]  # folded lowercase words: names, capital, demonyms
    abbreviations: frozenset[str]  # matched as written: "UK", "U.S."
    state: bool = True  # False for the international bodies named the same way

    def named_in(self, text: str) -> bool:
        folded = fold(text)
        for longer in shadowing_forms(self):  # "Sudan" in "South Sudan" is not Sudan
            folded = folded.replace(f" {longer} ", " ~ ")
        return any(f" {form} " in folded for form in self.forms) or any(
            abbreviation_pattern(a).search(text) for a in self.abbreviations)


@cache
def abbreviation_pattern(abbreviation: str) -> re.Pattern[str]:
    letters = [c for c in abbreviation if c.isalpha()]
    if len(letters) != len(abbreviation.replace(".", "")):  # a word such as "Britain": whole word, any case
        return re.compile(rf"(?<![\w-]){re.escape(abbreviation)}(?![\w-])", re.IGNORECASE)
    return re.compile(r"(?<![\w.])" + r"\.?".join(letters) + r"\.?(?![\w])")


@cache
def shadowing_forms(country: Country) -> tuple[str, ...]:
    """Other states' forms, and other places' names, that hold one of this state's forms as words: 'south sudan'
    for Sudan, 'new jersey' for Jersey."""
    others = [*(f for c in all_countries() if c.code != country.code for f in c.forms), *places_holding_names()]
    return tuple(sorted({other for other in others if other not in country.forms
                         and any(f" {form} " in f" {other} " for form in country.forms)}, key=len, reverse=True))


@cache
def places_holding_names() -> tuple[str, ...]:
    """Folded names of provinces and states within states (ISO 3166-2) that hold a state's name, capital or
    demonym as words without being that state: 'new jersey', 'rhode island', 'northern ireland'."""
    return tuple(sorted({fold(place).strip() for place in _places_as_written()}))


@cache
def _places_as_written() -> tuple[str, ...]:
    """The same places as the data writes them, for the scan of written names."""
    forms = {f for c in all_countries() for f in c.forms}
    holding = {s.name for s in pycountry.subdivisions if (folded := fold(s.name).strip()) not in forms
               and any(f" {form} " in f" {folded} " for form in forms)}
    return tuple(sorted(holding))


def written_names(country: Country) -> list[str]:
    """The state's names as news writes them (not its capital or demonym)."""
    alternatives = [a for a in raw_alt_spellings(country.code) if a not in NOT_NAMES.get(country.code, ())]
    return [*english_names(country.name, alternatives), *NEWS_NAMES.get(country.code, ())]


@cache
def all_countries() -> tuple[Country, ...]:
    current = {c.alpha_2 for c in pycountry.countries}  # not "Serbia and Montenegro", whose capital was Belgrade
    entries: dict[str, dict] = {}
    for entry in CountryInfo.all().values():  # Wales and Scotland are entries too, under the code GB
        code = entry.get("ISO", {}).get("alpha2")
        if code in current and (entry.get("population") or 0) >= (entries.get(code, {}).get("population") or 0):
            entries[code] = entry
    countries = [country_from(entry) for entry in entries.values()]
    countries += [Country(name=name, code=code, population=0, abbreviations=frozenset(),
                          forms=frozenset(fold(f).strip() for f in (name, capital, demonym)))
                  for code, (name, capital, demonym) in MISSING_STATES.items()]
    return without_shared_forms(countries)


def country_from(entry: dict) -> Country:
    code = entry["ISO"]["alpha2"]
    name = COMMON_NAMES.get(code, entry["name"])
    capital = entry.get("capital") or ""
    capitals = [capital, capital.split(" D.C.")[0]] if isinstance(capital, str) else list(capital)
    demonyms = [d.strip() for d in (entry.get("demonym") or "").split(",") if d.strip()]
    alternatives = [a for a in entry.get("altSpellings") or [] if a not in NOT_NAMES.get(code, ())]
    names = [*english_names(name, alternatives), *NEWS_NAMES.get(code, ())]
    abbreviations = [a for a in entry.get("altSpellings") or [] if is_abbreviation(a, entry)]
    written = [*names, *capitals, *demonyms, *(d + "s" for d in demonyms), *SEATS_OF_GOVERNMENT.get(code, ()),
               *FORMER_FORMS.get(code, ())]
    forms = frozenset(f for f in (fold(w).strip() for w in written) if f)
    return Country(name=name, code=code, population=entry.get("population") or 0, forms=forms,
                   abbreviations=frozenset([*abbreviations, *NEWS_ABBREVIATIONS.get(code, ())]))


def english_names(name: str, alt_spellings: list[str]) -> list[str]:
    """The name and its alternatives written in English letters as capitalised words ("Holland", "Ivory Coast")."""
    alternatives = [a for a in alt_spellings if a.strip() and a.isascii() and "," not in a and not a.isupper()
                    and all(w[0].isupper() or w in ("of", "the", "and") for w in a.split())]
    return [name, *alternatives]


def is_abbreviation(spelling: str, entry: dict) -> bool:
    iso = entry["ISO"]
    return spelling.isupper() and spelling.isalpha() and spelling not in (iso.get("alpha2"), iso.get("alpha3"))


def without_shared_forms(countries: list[Country]) -> tuple[Country, ...]:
    """A form several states share stays with the most populous of them."""
    owner: dict[str, Country] = {}
    for country in sorted(countries, key=lambda c: c.population):
        for form in country.forms:
            owner[form] = country
    return tuple(replace(c, forms=frozenset(f for f in c.forms if owner[f] is c)) for c in countries)


@cache
def raw_alt_spellings(code: str) -> list[str]:
    entry = next((e for e in CountryInfo.all().values() if e.get("ISO", {}).get("alpha2") == code), {})
    return entry.get("altSpellings") or []


# International bodies news names by abbreviation; matched like states, never taken for one.
INTERNATIONAL_BODIES = (
    Country("European Union", "", 0, frozenset({"european union", "brussels"}), frozenset({"EU"}), state=False),
    Country("NATO", "", 0, frozenset({"north atlantic treaty organization", "north atlantic treaty organisation",
                                      "nato"}), frozenset({"NATO"}), state=False),
    Country("United Nations", "", 0, frozenset({"united nations"}), frozenset({"UN", "U.N."}), state=False),
)


@cache
def _by_form() -> dict[str, Country]:
    return {form: c for c in (*all_countries(), *INTERNATIONAL_BODIES) for form in c.forms}


@cache
def _by_abbreviation() -> dict[str, Country]:
    return {a.replace(".", ""): c for c in (*all_countries(), *INTERNATIONAL_BODIES) for a in c.abbreviations}


@lru_cache(maxsize=8192)  # asked for every name against every sentence
def country_named(name: str) -> Country | None:
    """The state (or international body) a name stands for: its name, capital, demonym or abbreviation,
    and nothing more."""
    stripped = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    by_abbreviation = _by_abbreviation().get(stripped.replace(".", ""))
    if by_abbreviation is not None and stripped.replace(".", "").isupper():
        return by_abbreviation
    return _by_form().get(fold(stripped).strip())


def countries_named_in(text: str) -> list[tuple[Country, str]]:
    """States the text calls by one of their names or abbreviations ("US", "UAE"), with the name as written (an
    abbreviation's state by its name), in order of first mention."""
    owner = _name_owner()
    spans = sorted(((m.start(), m.end(1), owner[m.group(1)], m.group(1)) for m in _any_name().finditer(text)),
                   key=lambda s: (s[0], s[0] - s[1]))
    seen: dict[str, tuple[Country, str]] = {}
    covered_to = -1
    for start, end, country, written in spans:  # longest first at each start: "Sudan" in "South Sudan" is covered
        if end <= covered_to:
            continue
        covered_to = max(covered_to, end)
        if country is not None:  # None: a place that holds a state's name ("New Jersey")
            seen.setdefault(country.code, (country, country.name if written in country.abbreviations else written))
    return list(seen.values())


@cache
def _name_owner() -> dict[str, Country | None]:
    owner: dict[str, Country | None] = {}
    for country in all_countries():
        for name in [*written_names(country), *country.abbreviations]:
            owner.setdefault(name, country)
    for place in _places_as_written():
        owner.setdefault(place, None)
    return owner


@cache
def _any_name() -> re.Pattern[str]:
    """Every state's names in one pattern: one scan of the text instead of one a state. A lookahead, so
    that a name inside a longer one ("Sudan" in "South Sudan") is found too, as one pattern a state found it."""
    names = sorted(_name_owner(), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?=({'|'.join(re.escape(n) for n in names)})(?![\w-]))")


def state_named_with(name: str, institution_words: frozenset[str]) -> Country | None:
    """The one state a name speaks for when it is that state's name among words for its institutions:
    "the Serbian army", "Russian government", "U.S. State Department"."""
    written = re.sub(r"\b([A-Z])\.\s+(?=[A-Z]\.)", r"\1.", name).split()  # "U. S." is "U.S."
    words = [fold(w).strip() for w in written]
    found = {}
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            country = _by_form().get(" ".join(words[start:end]))
            if country is None and end == start + 1 and written[start].replace(".", "").isupper():
                country = _by_abbreviation().get(written[start].replace(".", ""))
            if country is not None and country.state:
                if all(w in institution_words for w in " ".join(words[:start] + words[end:]).split()):
                    found[country.code] = country
                break
    return next(iter(found.values())) if len(found) == 1 else None
