import pytest

from summarise.schema import Position
from summarise.extraction.rules.verbs import Reading, read_stance, target_fits


@pytest.mark.parametrize("sentence, holder, reading", [
    # the verb right after the holder gives position and target
    ("Norwegian and Danish envoys urged Hungary to approve the accession.", "Norwegian envoys",
     Reading(Position.support, "Hungary to approve the accession")),
    # an apposition between holder and verb is read through
    ("Luiz Inacio Lula da Silva, the president of Brazil, has condemned the blockade.", "Lula da Silva",
     Reading(Position.oppose, "the blockade")),
    # a negated verb flips support to oppose
    ("Apart from Hungary, Austria is the only member that does not back new sanctions on Iran.", "Austria",
     Reading(Position.oppose, "new sanctions on Iran")),
    # a noun form reads like its verb, and the target stops at the clause
    ("The minister's criticism of Ankara, a close partner, surprised diplomats.", "minister",
     Reading(Position.oppose, "Ankara")),
    # declining to take a position is neutral
    ("The African Union declined to take a position on the sale.", "African Union",
     Reading(Position.neutral, "the sale")),
])
def test_the_stance_verb_after_the_holder_is_read(sentence, holder, reading):
    assert read_stance(sentence, holder) == reading


def test_no_stance_verb_after_the_holder_gives_no_reading():
    assert read_stance("Ghana said the patrol boats would arrive in May.", "Ghana") is None
    assert read_stance("Kenya backed the plan, said Uganda.", "Uganda") is None


def test_a_target_fits_a_sentence_by_words_other_than_party_names():
    sentence = "Norwegian and Danish envoys urged Hungary to approve the accession."
    assert not target_fits("Hungary's path to EU membership", sentence, ["Hungary", "European Union"])
    assert target_fits("approving the accession", sentence, ["Hungary"])


@pytest.mark.parametrize("sentence, holder, position", [
    ("Ostria vowed countermeasures against the newly approved sale.", "Ostria", Position.oppose),
    ("Ostria said the newly approved sale was a grave mistake.", "Ostria", None),
    ("Ostria vowed to retaliate against the sale.", "Ostria", Position.oppose),
    ("The minister said his country would veto the package.", "minister", Position.oppose),
    ("Valdoria accused Ostria of arming the rebels.", "Valdoria", Position.oppose),
])
def test_verbs_of_plover_classes_and_adjectives_that_are_not_the_holders_verb(sentence, holder, position):
    reading = read_stance(sentence, holder)
    assert (reading.position if reading else None) == position
