"""Deals asked for recipient by recipient: who is asked, about which sentences, and what is kept."""

from summarise.extraction.draft import AcquisitionDraft, ActorDraft, FullDraft
from summarise.extraction.rules.recipients import only_their_acquisitions, recipients_to_ask
from summarise.reading.article import article_from_text
from summarise.schema import ActorKind

ARTICLE = article_from_text(
    "Norway Buys Tanks\n"
    "Norway has ordered 54 K9 tanks from Hanwha. "
    "Norway will also receive four frigates from Britain next year. "
    "Oslo's defence minister praised Britain. "
    "Hanwha is based in South Korea.", "story.txt")


def answer(*acquisitions: AcquisitionDraft) -> FullDraft:
    return FullDraft.model_construct(
        actors=[ActorDraft(name="Norway", kind=ActorKind.state), ActorDraft(name="Hanwha", kind=ActorKind.company),
                ActorDraft(name="Britain", kind=ActorKind.state), ActorDraft(name="Rheinmetall", kind=ActorKind.state)],
        acquisitions=list(acquisitions), stances=[])


def deal(buyer: str, system: str, sentence: int) -> AcquisitionDraft:
    return AcquisitionDraft.model_construct(buyer=buyer, seller=None, system=system, quantity=None, status="ordered",
                                            sentence=sentence)


def test_buyers_are_asked_about_the_sentences_no_deal_cites():
    asked = recipients_to_ask([answer(deal("Norway", "K9 tanks", 2))], ARTICLE)
    assert asked == [("Norway", [3, 4])]  # by its capital too; sentence 2 is cited already; Britain buys nothing


def test_a_buyer_whose_every_sentence_is_cited_is_not_asked():
    deals = [deal("Norway", "K9 tanks", 2), deal("Norway", "frigates", 3), deal("Norway", "praise", 4)]
    assert recipients_to_ask([answer(*deals)], ARTICLE) == []


def test_sentences_that_name_a_deal_the_answer_has_are_not_asked_about():
    article = article_from_text(
        "Norway Buys Tanks\n"
        "Norway has ordered 54 K9 tanks from Hanwha. "
        "Norway expects the first K9 tanks in May. "
        "Norway will also receive four frigates from Britain.", "story.txt")
    assert recipients_to_ask([answer(deal("Norway", "K9 tanks", 2))], article) == [("Norway", [4])]


def test_no_deal_no_question():
    assert recipients_to_ask([answer()], ARTICLE) == []


def test_an_answer_keeps_only_the_recipients_deals():
    kept = only_their_acquisitions(answer(deal("Norway", "frigates", 3), deal("Britain", "tanks", 3)), "Norway")
    assert [a.buyer for a in kept.acquisitions] == ["Norway"]
