from summarise.extraction.rules import ALL_ON, supplier
from summarise.pipeline import checked_deal
from summarise.schema import ActorKind

from rule_fakes import Asker, actor, article_of, deal

ARTICLE = article_of("Radar Deal\nLithuania will get two Orca radars next year. The Latvian senate approved "
                     "the sale by Vantor, a firm of Estonia.")
ACTORS = [actor(ARTICLE, "Latvian senate", ActorKind.organisation), actor(ARTICLE, "Lithuania", ActorKind.state),
          actor(ARTICLE, "Vantor", ActorKind.company), actor(ARTICLE, "Estonia", ActorKind.state)]


def favouring(shares_by_option: dict[str, float], rest: float = 0.05):
    return lambda question, options: [shares_by_option.get(option, rest) for option in options]


def test_the_recipient_is_never_offered_as_its_own_supplier():
    ask = Asker(ARTICLE, favouring({"Vantor": 0.8}))
    supplier.apply(deal(ARTICLE, "Lithuania", "Latvian senate", "Orca radars", 2), ACTORS, ask)
    (question, forward), (_, backward) = ask.asked
    assert "Who supplies the Orca radars that Lithuania gets in sentence [2]" in question
    assert "Lithuania" not in forward and forward[-1] == "not stated"
    assert backward == [*reversed(forward[:-1]), "not stated"]


def test_a_party_twice_as_likely_to_supply_replaces_the_models_seller_with_a_note():
    ask = Asker(ARTICLE, favouring({"Vantor": 0.6, "Latvian senate": 0.2}))
    checked = supplier.apply(deal(ARTICLE, "Lithuania", "Latvian senate", "Orca radars", 2), ACTORS, ask)
    assert checked.seller == "Vantor" and checked.buyer == "Lithuania"
    assert checked.notes[-1] == ("supplier: the model read seller 'Latvian senate' (0.20); asked who supplies "
                                 "the Orca radars, it gave 'Vantor' (0.60)")


def test_a_party_not_twice_as_likely_leaves_the_seller():
    ask = Asker(ARTICLE, favouring({"Vantor": 0.35, "Latvian senate": 0.25}))
    deal_read = deal(ARTICLE, "Lithuania", "Latvian senate", "Orca radars", 2)
    assert supplier.apply(deal_read, ACTORS, ask) is deal_read


def test_an_empty_seller_is_filled_only_at_twice_the_odds_of_not_stated():
    filled = supplier.apply(deal(ARTICLE, "Lithuania", None, "Orca radars", 2), ACTORS,
                            Asker(ARTICLE, favouring({"Vantor": 0.5, "not stated": 0.2})))
    assert filled.seller == "Vantor" and "the model read no seller (0.20)" in filled.notes[-1]
    left = supplier.apply(deal(ARTICLE, "Lithuania", None, "Orca radars", 2), ACTORS,
                          Asker(ARTICLE, favouring({"Vantor": 0.5, "not stated": 0.3})))
    assert left.seller is None and left.notes == []


def test_a_seller_the_deals_quote_names_is_not_asked_about():
    ask = Asker(ARTICLE, favouring({"Estonia": 0.9}))
    deal_read = deal(ARTICLE, "Latvian senate", "Vantor", "Orca radars", 3)
    assert supplier.apply(deal_read, ACTORS, ask) is deal_read and ask.asked == []


def test_not_stated_never_takes_a_seller_away():
    ask = Asker(ARTICLE, favouring({"not stated": 0.9}, rest=0.02))
    checked = supplier.apply(deal(ARTICLE, "Lithuania", "Vantor", "Orca radars", 2), ACTORS, ask)
    assert checked.seller == "Vantor" and checked.notes == []


def test_a_supplier_filled_in_has_the_deals_direction_checked_again():
    def shares(question, options):
        if question.startswith("Who supplies the Orca radars that"):
            return [0.7 if option == "Lithuania" else 0.05 for option in options]
        if question == "Who supplies the Orca radars?":  # between the new pair
            return [0.8 if option == "Estonia" else 0.2 for option in options]
        return [0.8 if option == "Lithuania" and len(options) == 2 else 0.5 if option == "Estonia" else 0.1
                for option in options]
    read = deal(ARTICLE, "Estonia", None, "Orca radars", 2)
    checked = checked_deal(read, ACTORS, Asker(ARTICLE, shares), ALL_ON)
    assert (checked.buyer, checked.seller) == ("Lithuania", "Estonia")
    assert checked.notes[0].startswith("supplier: the model read no seller")
    assert checked.notes[1].startswith("direction: asked who receives the Orca radars")
