"""Counts and sums read from the text: a stated count is kept, a sum of money is never a count."""

import pytest

from summarise.extraction.numbers import grounded_quantity, parse_quantity


@pytest.mark.parametrize("answer", ["$1.5 billion", "€300 million", 2.5, "2.5 billion"])
def test_a_sum_of_money_or_a_fraction_is_no_quantity(answer):
    assert parse_quantity(answer) is None


@pytest.mark.parametrize("answer, count", [("2,500", 2500), ("about 15", 15), ("twelve", 12), (3, 3)])
def test_counts_are_read_in_their_usual_forms(answer, count):
    assert parse_quantity(answer) == count


def test_a_count_the_sentence_writes_is_never_replaced():
    sentence = "Of the 40 trucks ordered, 16 have been handed over to the Kenyan army so far."
    assert grounded_quantity(16, sentence, "trucks") == 16


def test_a_count_stated_elsewhere_in_the_article_is_kept():
    article = "Chile ordered 6 patrol boats in May. The boats will be built in Spain."
    assert grounded_quantity(6, "The boats will be built in Spain.", "patrol boats", article) == 6


def test_a_designation_number_is_not_a_count_and_the_sentence_count_is_read_instead():
    sentence = "Peru ordered 12 Hermes 900 drones from Elbit Systems."
    assert grounded_quantity(900, sentence, "Hermes 900 drones") == 12


def test_a_number_the_text_never_states_is_dropped():
    assert grounded_quantity(7, "Peru bought the drones.", "drones", "Peru bought the drones.") is None


def test_a_count_before_a_list_is_the_first_items_not_the_next_ones():
    from summarise.extraction.numbers import count_before

    sentence = "The navy will receive 40 patrol boats and new radar vans by 2027."
    assert count_before(sentence, "patrol boats") == 40
    assert count_before(sentence, "new radar vans") is None
    assert count_before("The army bought twelve new, heavier howitzers.", "howitzers") == 12


def test_a_sum_of_money_is_not_a_count_the_sentence_writes():
    sentence = "Chile will also spend $410 million on 36 Gannet torpedoes for its frigates."
    assert grounded_quantity(410, sentence, "Gannet torpedoes") == 36
    assert grounded_quantity(410, "The package includes $410 million for radar upkeep.", "radar upkeep") is None
