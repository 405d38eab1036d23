import pytest

from summarise.extraction.grounding import mentions

TEXT = ("Chinese drones reached Belgrade. President Aleksandar Vučić praised “the most honest friend” — "
        "and the German and French envoys urged sanctions.")


@pytest.mark.parametrize("name", ["China", "Serbia", "Vucic", "Aleksandar Vucic", "Germany", "France"])
def test_parties_named_by_demonym_capital_or_short_form(name):
    assert mentions(TEXT, name)


@pytest.mark.parametrize("name", ["Lockheed Martin", "United States", "Wagner Group", "Japan"])
def test_parties_absent_from_the_text(name):
    assert not mentions(TEXT, name)



def test_a_name_must_be_named_within_one_sentence(article):
    from summarise.extraction.grounding import named_in

    assert named_in(article, "Walter Astudillo") and named_in(article, "Chilean foreign ministry")
    assert not named_in(article, "Chilean minister Walter Astudillo")  # each word is there, the person is not


def test_a_system_without_a_designation_is_named_by_its_content_words_not_by_and():
    from summarise.extraction.grounding import system_in

    assert system_in("missiles and missile launchers", "Russia fired the missiles.")
    assert not system_in("missiles and missile launchers", "Russia and Iran met in May.")
