from summarise.extraction.rules import direction_check

from rule_fakes import Asker, article_of, deal

ARTICLE = article_of("Boats\nKenya delivered twelve patrol boats to Ghana.")


def favouring(receiver: str, supplier: str):
    def shares(question, options):
        wanted = supplier if "supplies" in question else receiver
        return [0.9 if option == wanted else 0.1 for option in options]
    return shares


def test_a_deal_both_answers_read_the_other_way_is_swapped_with_the_probabilities_in_a_note():
    ask = Asker(ARTICLE, favouring(receiver="Ghana", supplier="Kenya"))
    checked = direction_check.apply(deal(ARTICLE, "Kenya", "Ghana", "patrol boats", 2), ask)
    assert (checked.buyer, checked.seller) == ("Ghana", "Kenya")
    assert "buyer and seller swapped" in checked.notes[-1]
    assert len(ask.asked) == 4 and ask.asked[0][1] == ["Kenya", "Ghana"] and ask.asked[1][1] == ["Ghana", "Kenya"]


def test_a_deal_the_answers_confirm_is_kept():
    ask = Asker(ARTICLE, favouring(receiver="Ghana", supplier="Kenya"))
    checked = direction_check.apply(deal(ARTICLE, "Ghana", "Kenya", "patrol boats", 2), ask)
    assert (checked.buyer, checked.seller) == ("Ghana", "Kenya") and checked.notes == []


def test_a_deal_without_a_seller_is_not_asked():
    ask = Asker(ARTICLE, favouring(receiver="Ghana", supplier="Kenya"))
    assert direction_check.apply(deal(ARTICLE, "Ghana", None, "patrol boats", 2), ask).seller is None
    assert ask.asked == []
