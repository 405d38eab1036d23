import pytest

from summarise.reading.article import article_from_text
from summarise.extraction.draft import SAME_PARTY, AcquisitionDraft, FullDraft
from summarise.extraction.normalise import ActorIndex, acquisition, in_direction, merge_acquisitions, normalise
from summarise.schema import ActorKind

PARTIES = ["China", "Russia", "Serbia"]


@pytest.mark.parametrize("buyer, seller, sentence, expected", [
    ("China", "Russia", "The drones were shipped from Beijing to Moscow.", ("Russia", "China")),
    ("China", None, "Chinese drones will be delivered to Serbia.", ("Serbia", "China")),
    ("China", "Serbia", "Nine Chinese drones will get delivered to Serbia.", ("Serbia", "China")),
    ("Serbia", "China", "Nine Chinese drones will get delivered to Serbia.", ("Serbia", "China")),
    ("Serbia", "China", "Serbia bought drones from China.", ("Serbia", "China")),
    ("China", "Serbia", "China said it was selling 40 used drones to Serbia.", ("Serbia", "China")),
    ("Ministry", None, "The ministry cleared the sale of six drones to Serbia.", ("Serbia", "Ministry")),
    # a "to" before the system names an addressee, not a recipient
    ("Serbia", "China", "Serbia sent a letter to China asking to buy drones.", ("Serbia", "China")),
    ("Russia", None, "Beijing sent a clear message to Moscow about the drones.", ("Russia", None)),
])
def test_parties_are_read_in_the_direction_the_sentence_states(buyer, seller, sentence, expected):
    assert in_direction(buyer, seller, sentence, [*PARTIES, "Ministry"], "drones") == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Serbia received nine drones from China last year.", "China"),
    ("The drones have reportedly been shipped from Beijing.", "China"),
    ("Serbia bought the drones despite warnings from Washington.", None),
])
def test_a_supplier_is_read_only_right_after_the_system(sentence, expected):
    from summarise.extraction.normalise import supplier_after

    article = article_from_text(sentence, source="t.txt")
    index = ActorIndex(article)
    assert supplier_after(sentence, "drones", index) == expected


def test_a_supplier_follows_a_system_that_lists_several_items():
    from summarise.extraction.normalise import supplier_after

    sentence = "The army said it took delivery of six trucks, radios, and spare parts from Serbia on Monday."
    index = ActorIndex(article_from_text(sentence, source="t.txt"))
    assert supplier_after(sentence, "six trucks, radios, and spare parts", index) == "Serbia"


@pytest.mark.parametrize("sentence, expected", [
    ("The accord allows Serbia to acquire long-range drones built in China.", "Serbia"),
    ("Russia will buy the drones in two batches, officials said.", "Russia"),
    ("Serbia has also received the drones, the ministry said.", "Serbia"),
    ("China warned Serbia over the drones.", None),  # no verb of acquiring between party and system
    ("China sold the drones to Serbia.", None),
])
def test_the_acquirer_is_the_subject_of_acquiring_the_system(sentence, expected):
    from summarise.extraction.normalise import acquirer_of

    assert acquirer_of(sentence, "drones", PARTIES) == expected


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
    return normalise([FullDraft(acquisitions=[draft])], article)


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


@pytest.mark.parametrize("buyer, seller, sentence, expected", [
    # the model took the giver for the buyer, and the equipment for the seller
    ("Serbia", "Falke drones", "Serbia will send Falke drones to Bosnia next year.", ("Bosnia", "Serbia")),
    # double object: the recipient right after the verb of giving
    ("Serbia", None, "Serbia is giving Bosnia six drones from its own stocks.", ("Bosnia", "Serbia")),
    ("Serbia", None, "Serbia will provide Bosnia with drones before the winter.", ("Bosnia", "Serbia")),
])
def test_the_recipient_of_a_gift_or_sale_is_the_buyer(buyer, seller, sentence, expected):
    from summarise.extraction.normalise import acquisition

    article = article_from_text(sentence, source="t.txt")
    index = ActorIndex(article)
    for name in ("Serbia", "Bosnia"):
        index.add(name, ActorKind.state)
    item = acquisition(AcquisitionDraft(buyer=buyer, seller=seller, system="Falke drones" if "Falke" in sentence
                                        else "drones", quantity=None, status="planned", sentence=1), index, article)
    assert (item.buyer, item.seller) == expected


def test_a_state_is_never_resolved_to_a_person_whose_name_starts_with_it():
    article = article_from_text("Denmark Crown Princess Mary visited the base. Denmark will give jets to Ukraine.",
                                source="t.txt")
    index = ActorIndex(article)
    princess = index.add("Denmark Crown Princess Mary", ActorKind.person)
    assert index.find("Denmark") is None
    assert index.add("Denmark", ActorKind.state) is not princess


@pytest.mark.parametrize("buyer, seller, sentence, expected", [
    ("Serbia", "Bosnia", "Bosnia fired one of the Serbian-supplied drones.", ("Bosnia", "Serbia")),
    ("Serbia", "Bosnia", "Bosnia will buy the drones from Serbia.", ("Bosnia", "Serbia")),
    ("Serbia", None, "The first drones arrived in Bosnia last week.", ("Bosnia", "Serbia")),
    ("China", "Serbia", "China said it was selling 40 used Falke drones to Serbia.", ("Serbia", "China")),
])
def test_where_the_equipment_comes_from_and_goes_to(buyer, seller, sentence, expected):
    article = article_from_text(sentence + " Serbia, Bosnia and China met.", source="t.txt")
    index = ActorIndex(article)
    for name in ("Serbia", "Bosnia", "China"):
        index.add(name, ActorKind.state)
    system = "Falke drone" if "Falke" in sentence else "drones"  # singular against the sentence's plural
    item = acquisition(AcquisitionDraft(buyer=buyer, seller=seller, system=system, quantity=None, status="planned",
                                        sentence=1), index, article)
    assert (item.buyer, item.seller) == expected
