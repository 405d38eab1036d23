from summarise.extraction.rules import system_stated

from rule_fakes import article_of

ARTICLE = article_of("Air Defence\nLatvia signed for two Orca radar units on Tuesday. The minister spoke after.")


def test_a_system_the_cited_sentence_names_passes():
    assert system_stated.apply("Orca radar units", 2, ARTICLE) == []


def test_a_system_the_cited_sentence_does_not_name_is_a_problem():
    assert system_stated.apply("Orca radar units", 3, ARTICLE) == ["system 'Orca radar units' is not named in "
                                                                  "sentence [3]"]


def test_a_system_holding_markup_is_a_problem():
    (problem,) = system_stated.apply("**Orca** radar units", 2, ARTICLE)
    assert "holds markup" in problem
