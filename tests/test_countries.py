import pytest

from summarise.extraction.countries import countries_named_in, country_named
from summarise.extraction.grounding import mentions, state_named_by
from summarise.extraction.normalise import country_code


@pytest.mark.parametrize("name, state", [
    ("Beijing", "China"), ("Chinese", "China"), ("the Netherlands", "Netherlands"), ("Dutch", "Netherlands"),
    ("Holland", "Netherlands"), ("Britain", "United Kingdom"), ("UK", "United Kingdom"), ("U.S.", "United States"),
    ("Pyongyang", "North Korea"), ("Emirati", "United Arab Emirates"), ("Kremlin", "Russia"), ("Turkiye", "Turkey"),
    ("Kiev", "Ukraine"), ("Kyiv", "Ukraine"), ("Rangoon", "Burma"), ("Myanmar", "Burma"),
    ("Zaire", "Democratic Republic of the Congo"), ("Côte d'Ivoire", "Ivory Coast"),
])
def test_capitals_demonyms_and_abbreviations_name_their_state(name, state):
    assert state_named_by(name) == state


@pytest.mark.parametrize("text, name", [
    ("Austria ordered new rifles.", "Australia"),
    ("Nigeria signed the contract.", "Niger"),
    ("South Sudan received the trucks.", "Sudan"),
    ("The soldiers were fighting for us.", "United States"),
    ("The alliance met in March.", "NATO"),
    ("Sen. Bob Menendez, a New Jersey Democrat, objected.", "Jersey"),
    ("The Rhode Island delegation voted.", "Iceland"),
    ("Northern Ireland's police bought drones.", "Ireland"),
])
def test_no_state_is_named_by_a_prefix_a_lowercase_word_or_a_neighbour(text, name):
    assert not mentions(text, name)


def test_states_named_in_a_text_in_order_of_mention_the_longest_name_first():
    found = countries_named_in("South Sudan and Austria asked the United States; Sudan did not.")
    assert [(c.name, written) for c, written in found] == [
        ("South Sudan", "South Sudan"), ("Austria", "Austria"), ("United States", "United States"),
        ("Sudan", "Sudan")]


def test_international_bodies_are_matched_but_are_not_states():
    assert mentions("EU ministers met.", "European Union") and state_named_by("EU") is None
    assert country_named("NATO").state is False and country_code("NATO") is None


def test_codes_come_from_iso_3166():
    assert [country_code(n) for n in ("Serbia", "Kosovo", "Ivory Coast", "Britain", "Serbian army")] == [
        "RS", "XK", "CI", "GB", None]


def test_a_state_named_only_by_its_abbreviation_is_listed_by_its_name():
    found = countries_named_in("The US approved the sale; US-made jets and UAE money, fighting for us.")
    assert [(c.name, written) for c, written in found] == [
        ("United States", "United States"), ("United Arab Emirates", "United Arab Emirates")]


@pytest.mark.parametrize("text", ["Sen. Bob Menendez, a New Jersey Democrat, objected.",
                                  "He flew from New Mexico to Long Island.", "Island officials met Thomas Mann."])
def test_a_place_or_word_that_holds_a_states_name_lists_no_state(text):
    assert countries_named_in(text) == []


def test_a_state_beside_such_a_place_is_still_listed():
    named = countries_named_in("Mexico bought radars; New Mexico did not.")
    assert [country.name for country, _ in named] == ["Mexico"]
