from summarise.schema import Position
from summarise.verbs import Reading, read_stance, split_holders, target_fits


def test_the_verb_after_the_holder_gives_position_and_target():
    sentence = "Norwegian and Danish envoys urged Hungary to approve the accession."
    assert read_stance(sentence, "Norwegian envoys") == Reading(Position.support, "Hungary to approve the accession")


def test_an_apposition_between_holder_and_verb_is_read_through():
    sentence = "Luiz Inacio Lula da Silva, the president of Brazil, has condemned the blockade."
    assert read_stance(sentence, "Lula da Silva") == Reading(Position.oppose, "the blockade")


def test_a_negated_verb_flips_support_to_oppose():
    sentence = "Apart from Hungary, Austria is the only member that does not back new sanctions on Iran."
    assert read_stance(sentence, "Austria") == Reading(Position.oppose, "new sanctions on Iran")


def test_a_noun_form_reads_like_its_verb_and_stops_at_the_clause():
    sentence = "The minister's criticism of Ankara, a close partner, surprised diplomats."
    assert read_stance(sentence, "minister") == Reading(Position.oppose, "Ankara")


def test_declining_to_take_a_position_is_neutral():
    reading = read_stance("The African Union declined to take a position on the sale.", "African Union")
    assert reading == Reading(Position.neutral, "the sale")


def test_no_stance_verb_after_the_holder_gives_no_reading():
    assert read_stance("Ghana said the patrol boats would arrive in May.", "Ghana") is None
    assert read_stance("Kenya backed the plan, said Uganda.", "Uganda") is None


def test_parties_named_together_hold_a_stance_each():
    assert split_holders("Norwegian and Danish envoys") == ["Norwegian envoys", "Danish envoys"]
    assert split_holders("Chile, Peru and Bolivia") == ["Chile", "Peru", "Bolivia"]
    assert split_holders("Walter Astudillo") == ["Walter Astudillo"]


def test_a_target_fits_a_sentence_by_words_other_than_party_names():
    sentence = "Norwegian and Danish envoys urged Hungary to approve the accession."
    assert not target_fits("Hungary's path to EU membership", sentence, ["Hungary", "European Union"])
    assert target_fits("approving the accession", sentence, ["Hungary"])
