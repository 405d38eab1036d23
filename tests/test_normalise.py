import pytest

from summarise.article import article_from_text
from summarise.normalise import ActorIndex, in_direction
from summarise.schema import ActorKind

PARTIES = ["China", "Russia", "Serbia"]


@pytest.mark.parametrize("buyer, seller, sentence, expected", [
    ("China", "Russia", "The drones were shipped from Beijing to Moscow.", ("Russia", "China")),
    ("China", None, "Chinese drones will be delivered to Serbia.", ("Serbia", "China")),
    ("China", "Serbia", "Nine Chinese drones will get delivered to Serbia.", ("Serbia", "China")),
    ("Serbia", "China", "Nine Chinese drones will get delivered to Serbia.", ("Serbia", "China")),
    ("Serbia", "China", "Serbia bought drones from China.", ("Serbia", "China")),
])
def test_parties_are_read_in_the_direction_the_sentence_states(buyer, seller, sentence, expected):
    assert in_direction(buyer, seller, sentence, PARTIES) == expected


def test_a_country_is_not_an_institute_named_after_it():
    article = article_from_text("An analyst at the Mercator Institute for China Studies spoke. China sells drones. "
                                "President Aleksandar Vucic agreed.", source="t.txt")
    index = ActorIndex(article)
    institute = index.add("Mercator Institute for China Studies", ActorKind.organisation)
    vucic = index.add("Aleksandar Vucic", ActorKind.person)
    assert index.find("China") is None
    china = index.add("China", ActorKind.state)
    assert china is not institute and index.find("China") is china
    assert index.find("Vucic") is vucic
