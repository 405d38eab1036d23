from summarise.extraction.rules import citation

from rule_fakes import article_of

ARTICLE = article_of("Harbour News\nThe navy held a parade on Friday. It ordered six Skua patrol boats from Norway. "
                     "Officials praised the crews.")


def test_a_deal_citing_the_sentence_before_its_system_moves_to_the_sentence_that_names_it():
    change = citation.for_deal(ARTICLE, 2, "Skua patrol boats")
    assert change.value == 3
    assert change.notes == ("citation: the model cited sentence [2]; sentence [3] names the item",)


def test_a_citation_that_names_the_item_stays_without_a_note():
    assert citation.for_deal(ARTICLE, 3, "Skua patrol boats") == citation.Change(3)


def test_a_stance_moves_to_the_neighbour_naming_its_holder_and_target():
    article = article_of("Budget Talks\nThe vote was close. Senator Imre Laine opposed the frigate budget. "
                         "The session ended late.")
    assert citation.for_stance(article, 2, "Imre Laine", "frigate budget").value == 3


def test_nothing_nearby_naming_the_item_leaves_the_citation():
    assert citation.for_deal(ARTICLE, 4, "Gripen fighters").value == 4
