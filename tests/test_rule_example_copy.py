from summarise.extraction.rules import example_copy

from rule_fakes import article_of

EXAMPLE_WORDING = frozenset({example_copy.wording_of("the drone deliveries to Gabon")})


def test_an_answer_in_an_examples_words_that_the_article_does_not_use_is_a_problem():
    article = article_of("Chad Buys Drones\nChad ordered four drones from a Turkish firm.")
    (problem,) = example_copy.apply("the drone deliveries to Chad", article, EXAMPLE_WORDING)
    assert "copies the example's wording" in problem


def test_the_same_words_are_fine_when_the_article_uses_them():
    article = article_of("Chad Halts Drones\nChad halted the drone deliveries to its northern units.")
    assert example_copy.apply("the drone deliveries to Chad", article, EXAMPLE_WORDING) == []


def test_names_are_left_out_of_the_wording():
    assert example_copy.wording_of("the drone deliveries to Gabon") == "the drone deliveries to"
