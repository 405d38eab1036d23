from summarise.extraction.rules import quantity_check

from rule_fakes import Asker, article_of, deal

ARTICLE = article_of("Patrol Boats\nPeru has ordered 16 Tern patrol boats for its 40 coastal stations.\n"
                     "The Tern 200 boats, 8 of them armed, arrive next year.")


def answering(count: str, share: float = 0.7):
    def shares(question, options):
        rest = (1 - share) / (len(options) - 1)
        return [share if option == count else rest for option in options]
    return shares


def with_quantity(quantity, sentence=2, system="Tern patrol boats"):
    return deal(ARTICLE, "Peru", None, system, sentence).model_copy(update={"quantity": quantity})


def test_a_count_of_the_sentence_twice_as_likely_replaces_the_models():
    ask = Asker(ARTICLE, answering("16"))
    checked = quantity_check.apply(with_quantity(40), ask)
    assert checked.quantity == 16 and checked.notes[-1].startswith("quantity: the model read 40")
    (question, forward), (_, backward) = ask.asked
    assert question == "How many Tern patrol boats does Peru get in sentence [2]?"
    assert forward == ["16", "40", "not stated"] and backward == ["40", "16", "not stated"]


def test_not_stated_never_replaces_a_count_the_sentence_states():
    checked = quantity_check.apply(with_quantity(16), Asker(ARTICLE, answering("not stated", 0.9)))
    assert checked.quantity == 16 and checked.notes == []


def test_a_sentence_with_one_count_asks_nothing():
    ask = Asker(ARTICLE, answering("16"))
    checked = quantity_check.apply(with_quantity(8, sentence=3, system="Tern 200 boats"), ask)
    assert checked.quantity == 8 and ask.asked == []  # the designation's 200 is not a count


def test_a_quantity_the_sentence_does_not_state_is_left_to_the_quantity_rule():
    ask = Asker(ARTICLE, answering("16"))
    assert quantity_check.apply(with_quantity(None), ask).quantity is None and ask.asked == []
