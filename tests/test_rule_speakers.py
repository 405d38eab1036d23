"""Who speaks where the answers list no one: which names are offered, and what is kept."""

from summarise.extraction.draft import ActorDraft, FullDraft
from summarise.extraction.questions import NOT_A_PARTY
from summarise.extraction.rules import speakers
from summarise.schema import ActorKind

from rule_fakes import Asker, article_of

ARTICLE = article_of(
    "Norway Buys Frigates\n"
    "Norway has ordered four frigates from Britain. "
    "The deal is proof of a long friendship, Harald Vik, head of Vik Naval Works, said. "
    "In March the Defence Ministry said the ships would arrive in Bergen.")


def listing(*names: str) -> FullDraft:
    return FullDraft.model_construct(actors=[ActorDraft(name=n, kind=ActorKind.state) for n in names],
                                     acquisitions=[], stances=[])


def answering(speaker: str, kind: str = "a person"):
    def shares(question, options):
        wanted = speaker if question.startswith("Who") else kind
        wanted = wanted if wanted in options else options[-1]
        return [0.6 if option == wanted else 0.4 / (len(options) - 1) for option in options]
    return shares


def test_names_no_answer_lists_are_offered_a_leading_function_word_and_states_left_out():
    text = ("In March the Ministry of the Interior and Harald Vik met Vik Naval Works in South Korea, "
            "The Times said.")
    assert speakers.unlisted_names(text, ["Vik Naval Works"]) == ["Ministry of the Interior", "Harald Vik"]


def test_the_likeliest_unlisted_speaker_is_asked_what_it_is_and_given_to_holders():
    ask = Asker(ARTICLE, answering("Harald Vik"))
    heard = speakers.apply(ARTICLE, [listing("Norway", "Britain")], ask)
    assert [(a.name, a.kind) for a in heard.actors] == [("Harald Vik", ActorKind.person)]
    assert heard.actors[0].notes == ["speakers: no answer listed it; asked who speaks in sentence [3], it gave "
                                     "'Harald Vik' (0.60), and what it is, a person (0.60)"]
    (question, forward), (_, backward), (kind_question, _), *rest = ask.asked
    assert question == "Who is speaking in sentence [3]?"
    assert forward == ["Harald Vik", "Vik Naval Works", "no one named in it"]
    assert backward == ["Vik Naval Works", "Harald Vik", "no one named in it"]
    assert kind_question == "In sentence [3], who or what is Harald Vik?"


def test_a_listed_party_or_no_one_chosen_adds_nobody():
    ask = Asker(ARTICLE, answering("no one named in it"))
    assert speakers.apply(ARTICLE, [listing("Norway", "Britain")], ask) is None
    assert {q for q, _ in ask.asked} == {"Who is speaking in sentence [3]?", "Who is speaking in sentence [4]?"}


def test_a_name_that_is_no_party_is_not_added():
    ask = Asker(ARTICLE, answering("Defence Ministry", kind=NOT_A_PARTY))
    assert speakers.apply(ARTICLE, [listing("Norway", "Britain", "Harald Vik", "Vik Naval Works")], ask) is None


def test_sentences_without_reported_speech_ask_nothing():
    article = article_of("Norway Buys Frigates\nNorway has ordered four frigates from Vik Naval Works.")
    ask = Asker(article, answering("Vik Naval Works"))
    assert speakers.apply(article, [listing("Norway")], ask) is None and ask.asked == []
