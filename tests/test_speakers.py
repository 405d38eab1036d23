"""Speaker attribution, on sentences written for these tests."""

import pytest

from summarise.reading.article import article_from_text
from summarise.extraction.draft import FullDraft
from summarise.extraction.normalise import normalise
from summarise.schema import ActorKind
from summarise.extraction.speakers import holder_named, person_named, speaker_sentence

TEXT = ("Harbour Tribune\n"
        "Lena Marsh, the trade minister of Valdoria, met her Ostrian counterpart on Friday. "
        "\"We will not sign this contract,\" she said. Marsh added that the talks would go on.\n"
        "Oskar Brandt welcomed the decision. The minister said nothing more.\n"
        "\"It is a mistake,\" a diplomat added.")
PEOPLE = ["Lena Marsh", "Oskar Brandt"]


@pytest.fixture
def article():
    return article_from_text(TEXT, source="t.txt")


def test_a_person_is_named_by_the_surname_alone():
    assert person_named("Marsh added that the talks would go on.", "Lena Marsh")
    assert not person_named("The marsh was flooded.", "Lena Marsh")  # a common word, not the name


def test_a_state_is_not_named_by_the_last_word_of_another_state():
    assert not holder_named("North Korea fired a missile.", "South Korea", ActorKind.state)


def test_a_pronoun_statement_belongs_to_the_person_named_just_before(article):
    said = next(s.number for s in article.sentences if "she said" in article.sentence_text(s))
    speaker = speaker_sentence(article, said, "Lena Marsh", PEOPLE)
    assert speaker is not None and "Lena Marsh" in article.sentence_text(speaker)


def test_a_new_unnamed_speaker_is_no_one_named_before(article):
    diplomat = article.sentences[-1].number
    assert speaker_sentence(article, diplomat, "Oskar Brandt", PEOPLE) is None


def test_a_quote_in_a_paragraph_of_its_own_belongs_to_the_speaker_named_before():
    article = article_from_text("Oskar Brandt spoke at the summit on Monday.\n\"We will never accept it,\" he said.",
                                source="t.txt")
    assert speaker_sentence(article, 2, "Oskar Brandt", PEOPLE).number == 1


def test_a_sentence_that_does_not_refer_back_has_no_speaker_before_it(article):
    assert speaker_sentence(article_from_text("Oskar Brandt spoke. The fleet sailed at dawn.", source="t.txt"),
                            2, "Oskar Brandt", PEOPLE) is None


def test_the_nearest_person_named_is_the_speaker(article):
    minister = next(s.number for s in article.sentences if "The minister said" in article.sentence_text(s))
    assert speaker_sentence(article, minister, "Lena Marsh", PEOPLE) is None  # Brandt is nearer
    assert speaker_sentence(article, minister, "Oskar Brandt", PEOPLE) is not None


def test_a_stance_cites_its_statement_and_the_sentence_naming_its_speaker(article):
    said = next(s.number for s in article.sentences if "she said" in article.sentence_text(s))
    draft = {"actors": {"person": PEOPLE, "state": ["Valdoria"]},
             "stances": [{"holder": "Lena Marsh", "target": "signing the contract", "position": "oppose",
                          "sentence": said}]}
    from summarise.extraction.draft import GroundingContext

    context = GroundingContext(article=article, strict=False).as_validation_context()
    extraction = FullDraft.model_validate(draft, context=context)
    _, _, stances, _ = normalise([extraction], article)
    assert [(s.holder, s.position) for s in stances] == [("Lena Marsh", "oppose")]
    quote = stances[0].evidence.quote
    assert quote.startswith("Lena Marsh, the trade minister") and quote.endswith("she said.")
    assert article.text[stances[0].evidence.start:stances[0].evidence.end] == quote


def test_a_states_stance_stated_by_one_person_speaking_is_that_persons_too():
    article = article_from_text("Valdoria and Ostria met.\nValdorian Defence Minister Lena Marsh said the tank "
                                "sale to Ostria was a mistake.", source="t.txt")
    draft = {"actors": {"person": ["Lena Marsh"], "state": ["Valdoria", "Ostria"]},
             "stances": [{"holder": "Valdoria", "target": "the tank sale to Ostria", "position": "oppose",
                          "sentence": 2}]}
    from summarise.extraction.draft import GroundingContext

    extraction = FullDraft.model_validate(draft, context=GroundingContext(article=article, strict=False)
                                           .as_validation_context())
    _, _, stances, _ = normalise([extraction], article)
    assert sorted((s.holder, s.position) for s in stances) == [("Lena Marsh", "oppose"), ("Valdoria", "oppose")]
