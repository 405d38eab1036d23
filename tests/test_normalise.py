import pytest

from summarise.article import article_from_text
from summarise.draft import SAME_PARTY, AcquisitionDraft, Extraction
from summarise.normalise import ActorIndex, acquisition, in_direction, merge_acquisitions, normalise
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


def drafted(buyer, seller, system, text, sentence=2):
    article = article_from_text(text, source="t.txt")
    draft = AcquisitionDraft(buyer=buyer, seller=seller, system=system, quantity=None, status="delivered",
                             sentence=sentence)
    return normalise([Extraction(acquisitions=[draft])], article)


def test_a_seller_found_to_be_the_buyer_gives_the_buyer_role_to_the_receiver():
    _, acquisitions, _, _ = drafted("China", "Beijing", "Orlan drones", "Russia and China deepened their ties. "
                                    "Some 300 Orlan drones were shipped from Beijing to Moscow.")
    assert [(a.buyer, a.seller) for a in acquisitions] == [("Russia", "China")]


def test_an_acquisition_from_itself_is_dropped_with_its_reason():
    _, acquisitions, _, dropped = drafted("China", "Beijing", "Orlan drones", "Russia and China deepened their ties. "
                                          "Some 300 Orlan drones came from Beijing.")
    assert acquisitions == []
    assert [d.reason for d in dropped] == [SAME_PARTY]


def test_two_names_for_one_count_in_one_sentence_are_one_deal():
    article = article_from_text("Russia and China deepened their ties. "
                                "Some 300 Orlan swarm drones were shipped from Beijing to Moscow.", source="t.txt")
    index = ActorIndex(article)
    for name in ("Russia", "China"):
        index.add(name, ActorKind.state)
    items = [acquisition(AcquisitionDraft(buyer="Russia", seller="China", system=system, quantity=300,
                                          status="delivered", sentence=2), index, article)
             for system in ("swarm drones", "Orlan drones")]
    assert [(a.system, a.quantity) for a in merge_acquisitions(items)] == [("swarm drones", 300)]
