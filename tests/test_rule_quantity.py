from summarise.extraction.rules import quantity

from rule_fakes import deal_sentence


def test_a_count_leading_the_system_name_becomes_the_quantity():
    change = quantity.count_in_system(None, "14 Lynx armoured vehicles")
    assert change.value == (14, "Lynx armoured vehicles")
    assert change.notes and change.notes[0].startswith("quantity: the system was written '14 Lynx")


def test_a_system_without_a_leading_count_is_left_alone():
    assert quantity.count_in_system(3, "Lynx armoured vehicles") == quantity.Change((3, "Lynx armoured vehicles"))


def test_the_count_the_sentence_states_replaces_the_models():
    change = quantity.stated_count(12, deal_sentence("Oman will receive eight Hawk trainers next spring.", "Hawk trainers"))
    assert change.value == 8
    assert change.notes == ("quantity: the model read 12; the sentence states 8",)


def test_a_sum_of_money_is_never_the_count():
    change = quantity.stated_count(None, deal_sentence("Oman will pay $2.5 billion for Hawk trainers.", "Hawk trainers"))
    assert change.value is None and change.notes == ()
