import pytest

from summarise.extraction.grounding import locate_quote, mentions
from summarise.schema import MatchKind

TEXT = ("Chinese drones reached Belgrade. President Aleksandar Vučić praised “the most honest friend” — "
        "and the German and French envoys urged sanctions.")


@pytest.mark.parametrize("name", ["China", "Serbia", "Vucic", "Aleksandar Vucic", "Germany", "France"])
def test_parties_named_by_demonym_capital_or_short_form(name):
    assert mentions(TEXT, name)


@pytest.mark.parametrize("name", ["Lockheed Martin", "United States", "Wagner Group", "Japan"])
def test_parties_absent_from_the_text(name):
    assert not mentions(TEXT, name)


def test_quotes_are_located_exactly_folded_or_fuzzily(article):
    exact = locate_quote(article, "Peru has ordered 12 Hermes 900 drones")
    assert exact.match is MatchKind.exact and article.text[exact.start:exact.end] == exact.quote
    folded = locate_quote(article, "Peru has   ordered 12 Hermes 900\ndrones")
    assert folded.match is MatchKind.folded and folded.quote == "Peru has ordered 12 Hermes 900 drones"
    fuzzy = locate_quote(article, "Peru has orderd 12 Hermes 900 drones from Israels Elbit Systems")
    assert fuzzy.match is MatchKind.fuzzy and article.text[fuzzy.start:fuzzy.end] == fuzzy.quote
    assert locate_quote(article, "Brazil bought tanks from Germany") is None


def test_a_name_must_be_named_within_one_sentence(article):
    from summarise.extraction.grounding import named_in

    assert named_in(article, "Walter Astudillo") and named_in(article, "Chilean foreign ministry")
    assert not named_in(article, "Chilean minister Walter Astudillo")  # each word is there, the person is not
