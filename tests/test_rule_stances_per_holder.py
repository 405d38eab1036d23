from summarise.extraction.rules import stances_per_holder

from rule_fakes import article_of, stance

ARTICLE = article_of("Tariffs\nThe trade minister Aino Vesa criticised the steel tariffs on Monday. "
                     "Vesa welcomed the talks. Vesa backed the quota. Vesa doubted the levy. "
                     "The union opposed the levy.")


def sure(item, probability):
    return item.model_copy(update={"probability": probability})


def test_a_holder_keeps_the_two_stances_whose_positions_are_surest_in_their_order():
    stances = [sure(stance(ARTICLE, "Aino Vesa", "the steel tariffs", "oppose", 2), 0.4),
               sure(stance(ARTICLE, "Vesa", "the talks", "support", 3), 0.7),
               sure(stance(ARTICLE, "Aino Vesa", "the quota", "support", 4), 0.3),
               sure(stance(ARTICLE, "Aino Vesa", "the levy", "oppose", 5), 0.6)]
    kept, dropped = stances_per_holder.RULE.apply(stances)
    assert [s.target for s in kept] == ["the talks", "the levy"]
    assert [d.item["target"] for d in dropped] == ["the steel tariffs", "the quota"]
    assert "less sure than those kept (0.70, 0.60)" in dropped[0].reason


def test_other_holders_and_stances_never_asked_are_kept():
    stances = [sure(stance(ARTICLE, "Aino Vesa", "the steel tariffs", "oppose", 2), 0.4),
               sure(stance(ARTICLE, "the union", "the levy", "oppose", 6), 0.3),
               stance(ARTICLE, "Aino Vesa", "the talks", "support", 3),
               stance(ARTICLE, "Aino Vesa", "the quota", "support", 4)]
    kept, dropped = stances_per_holder.RULE.apply(stances)
    assert kept == stances and dropped == []
