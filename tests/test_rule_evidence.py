"""A kept item's evidence widened to the neighbouring sentence that, with it, states the item."""

from summarise.extraction.rules import evidence
from summarise.extraction.statement import unstated
from summarise.schema import ActorKind

from rule_fakes import actor, article_of, deal, stance

ARTICLE = article_of(
    "Radars For Chile\n"
    "Chile has signed a contract with Norvik Systems for coastal radars. "
    "The company will deliver 12 coastal radars by 2027. "
    "Peru's defence minister Ana Ruiz met her Chilean counterpart on Friday. "
    "She called the radar purchase a threat to the region.")


def test_a_deal_whose_supplier_is_named_in_the_sentence_before_gets_both_sentences():
    item = deal(ARTICLE, "Chile", "Norvik Systems", "coastal radars", 3)
    assert unstated(item, []) == ["buyer 'Chile'", "seller 'Norvik Systems'"]
    widened = evidence.RULE.apply(item, ARTICLE, [])
    assert widened.evidence.quote == ("Chile has signed a contract with Norvik Systems for coastal radars. "
                                      "The company will deliver 12 coastal radars by 2027.")
    assert ARTICLE.text[widened.evidence.start:widened.evidence.end] == widened.evidence.quote
    assert unstated(widened, []) == [] and widened.notes[-1].startswith("evidence: sentence [2] added")
    assert (widened.buyer, widened.seller, widened.system) == (item.buyer, item.seller, item.system)


def test_a_stance_whose_holder_is_named_only_before_gets_that_sentence():
    item = stance(ARTICLE, "Ana Ruiz", "the radar purchase", "oppose", 5)
    widened = evidence.RULE.apply(item, ARTICLE, [actor(ARTICLE, "Ana Ruiz", ActorKind.person)])
    assert widened.evidence.quote.startswith("Peru's defence minister Ana Ruiz") and widened.position == "oppose"


def test_an_item_its_sentence_states_keeps_its_evidence():
    item = deal(ARTICLE, "Chile", "Norvik Systems", "coastal radars", 2)
    assert evidence.RULE.apply(item, ARTICLE, []) == item


def test_an_item_no_neighbour_completes_keeps_its_evidence():
    item = deal(ARTICLE, "Argentina", None, "coastal radars", 3)
    assert evidence.RULE.apply(item, ARTICLE, []) == item


def test_a_sentence_withheld_from_the_model_is_never_added():
    item = deal(ARTICLE, "Chile", "Norvik Systems", "coastal radars", 3)
    assert evidence.RULE.apply(item, ARTICLE, [], withheld=frozenset({2})) == item


SURNAMES = article_of("Tariffs\nThe trade minister Aino Vesa met Oskar Vesa and Lena Mark. "
                      "Mark said the tariffs were a mistake. Vesa said the tariffs were needed.")


def test_a_person_is_named_by_a_surname_no_other_person_in_the_article_has():
    people = [actor(SURNAMES, name, ActorKind.person) for name in ("Aino Vesa", "Oskar Vesa", "Lena Mark")]
    assert unstated(stance(SURNAMES, "Lena Mark", "the tariffs", "oppose", 3), people) == []
    assert unstated(stance(SURNAMES, "Aino Vesa", "the tariffs", "support", 4), people) == ["holder 'Aino Vesa'"]


def test_an_item_carries_what_its_quote_does_not_name():
    from summarise.extraction.statement import marked

    item = marked(deal(ARTICLE, "Chile", "Norvik Systems", "coastal radars", 3), [])
    assert item.unstated == ["buyer 'Chile'", "seller 'Norvik Systems'"]
    assert marked(deal(ARTICLE, "Chile", "Norvik Systems", "coastal radars", 2), []).unstated == []


SUPPLIED = article_of(
    "Frigates For Kenya\n"
    "Kenya will buy two frigates, the navy said. "
    "Talks with Ardmore Yards began in May. "
    "Lisbon agreed that Ardmore Yards would build the frigates. "
    "The first frigate sails in 2029.")


def test_a_deal_whose_quote_does_not_name_its_seller_cites_the_sentence_naming_it_with_the_system():
    item = deal(SUPPLIED, "Kenya", "Ardmore Yards", "frigates", 5)
    cited = evidence.SELLER_CITED.apply(item, SUPPLIED, [])
    assert cited.seller_evidence.quote == "Lisbon agreed that Ardmore Yards would build the frigates."
    assert SUPPLIED.text[cited.seller_evidence.start:cited.seller_evidence.end] == cited.seller_evidence.quote
    assert cited.evidence == item.evidence and cited.notes[-1].startswith("evidence: sentence [4] cited for seller")
    assert unstated(cited, []) == ["buyer 'Kenya'"]


def test_the_sentence_naming_the_seller_with_the_recipient_serves_when_none_names_the_system():
    item = deal(SUPPLIED, "Kenya", "Ardmore Yards", "patrol boats", 2)
    assert unstated(item, []) == ["seller 'Ardmore Yards'", "system 'patrol boats'"]
    withheld = evidence.SELLER_CITED.apply(item, SUPPLIED, [], withheld=frozenset({3, 4}))
    assert withheld == item  # no other sentence names the seller
    item = deal(SUPPLIED, "Lisbon", "Ardmore Yards", "patrol boats", 2)
    assert evidence.SELLER_CITED.apply(item, SUPPLIED, []).seller_evidence.quote.startswith("Lisbon agreed")


def test_a_deal_whose_quote_names_its_seller_cites_nothing_more():
    item = deal(SUPPLIED, "Kenya", "Ardmore Yards", "frigates", 4)
    assert evidence.SELLER_CITED.apply(item, SUPPLIED, []) == item


def test_a_deal_whose_quote_does_not_name_its_recipient_cites_the_sentence_naming_it_with_the_system():
    item = deal(SUPPLIED, "Kenya", None, "frigates", 5)
    assert unstated(item, []) == ["buyer 'Kenya'"]
    cited = evidence.BUYER_CITED.apply(item, SUPPLIED, [])
    assert cited.buyer_evidence.quote == "Frigates For Kenya"
    assert cited.evidence == item.evidence and cited.notes[-1].startswith("evidence: sentence [1] cited for buyer")
    assert unstated(cited, []) == []
    withheld = evidence.BUYER_CITED.apply(item, SUPPLIED, [], withheld=frozenset({1}))
    assert withheld.buyer_evidence.quote == "Kenya will buy two frigates, the navy said."


def test_a_deal_whose_quote_names_its_recipient_cites_nothing_more():
    item = deal(SUPPLIED, "Kenya", "Ardmore Yards", "frigates", 2)
    assert evidence.BUYER_CITED.apply(item, SUPPLIED, []) == item
