import pytest

from summarise.extraction.normalise import ActorIndex
from summarise.extraction.rules.direction import acquirer_of, apply, in_direction, supplier_after
from summarise.reading.article import article_from_text

from rule_fakes import deal_sentence

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
    article = article_from_text(sentence, source="t.txt")
    index = ActorIndex(article)
    assert supplier_after(sentence, "drones", index) == expected


def test_a_supplier_follows_a_system_that_lists_several_items():
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
    assert acquirer_of(sentence, "drones", PARTIES) == expected


def test_a_deal_read_the_wrong_way_round_is_turned_and_says_so():
    at = deal_sentence("Kenya sold twelve patrol boats to Ghana in March.", "patrol boats", "Kenya", "Ghana")
    change = apply("Kenya", "Ghana", at)
    assert change.value == ("Ghana", "Kenya")
    assert change.notes == ("direction: the model read buyer 'Kenya', seller 'Ghana'; the sentence says the "
                            "equipment goes to 'Ghana'",)


def test_a_deal_read_as_stated_is_left_with_no_note():
    at = deal_sentence("Ghana bought twelve patrol boats from Kenya.", "patrol boats", "Ghana", "Kenya")
    assert apply("Ghana", "Kenya", at).notes == ()
