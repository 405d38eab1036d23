from summarise.extraction.rules import position_check

from rule_fakes import Asker, article_of, stance

ARTICLE = article_of("Tariffs\nThe trade minister Aino Vesa criticised the steel tariffs on Monday.")


def opposing(share: float):
    def shares(question, options):
        return [share if option == "opposes it" else (1 - share) / 2 for option in options]
    return shares


def test_a_position_clearly_less_likely_than_another_is_replaced():
    checked = position_check.RULE.apply(stance(ARTICLE, "Aino Vesa", "the steel tariffs", "support", 2),
                                        Asker(ARTICLE, opposing(0.8)))
    assert checked.position == "oppose" and checked.probability == 0.8
    assert checked.notes[-1].startswith("position: the model read support")


def test_a_position_not_clearly_less_likely_is_kept_with_its_probability():
    checked = position_check.RULE.apply(stance(ARTICLE, "Aino Vesa", "the steel tariffs", "oppose", 2),
                                        Asker(ARTICLE, opposing(0.5)))
    assert checked.position == "oppose" and checked.probability == 0.5 and checked.notes == []


def test_a_position_the_first_order_keeps_costs_one_question():
    ask = Asker(ARTICLE, opposing(0.8))
    position_check.RULE.apply(stance(ARTICLE, "Aino Vesa", "the steel tariffs", "oppose", 2), ask)
    assert len(ask.asked) == 1


def test_a_change_the_second_order_does_not_confirm_is_not_made():
    def first_option_favoured(question, options):
        return [0.8, 0.1, 0.1]  # whatever comes first: the order, not the article, speaks

    ask = Asker(ARTICLE, first_option_favoured)
    checked = position_check.RULE.apply(stance(ARTICLE, "Aino Vesa", "the steel tariffs", "oppose", 2), ask)
    assert checked.position == "oppose" and checked.notes == []
    assert [options[0] for _, options in ask.asked] == ["supports it", "opposes it"]


def neutral_favoured(question, options):
    return [0.8 if option.startswith("neither") else 0.1 for option in options]


def test_the_check_never_writes_neutral():
    # Its third option is "neutral, or no position stated": a share for it is not a neutral stance.
    checked = position_check.RULE.apply(stance(ARTICLE, "Aino Vesa", "the steel tariffs", "oppose", 2),
                                        Asker(ARTICLE, neutral_favoured))
    assert checked.position == "oppose" and checked.notes == []


def test_a_stance_read_as_neutral_stays_neutral():
    checked = position_check.RULE.apply(stance(ARTICLE, "Aino Vesa", "the steel tariffs", "neutral", 2),
                                        Asker(ARTICLE, opposing(0.8)))
    assert checked.position == "neutral" and checked.notes == [] and checked.probability == 0.1
