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


def deal(buyer: str, system: str, sentence: int, quantity: int | None = None) -> AcquisitionDraft:
    return AcquisitionDraft.model_construct(buyer=buyer, seller=None, system=system, quantity=quantity,
                                            status="ordered", sentence=sentence)


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


def test_a_sentence_stating_a_count_no_deal_has_is_asked_about_though_it_names_a_deal():
    article = article_from_text(
        "Norway Buys Tanks\n"
        "Norway has ordered 54 K9 tanks from Hanwha. "
        "The K9 package also includes 28 engines and 300 shells. "
        "The first K9 tanks arrive in 2025. "
        "All 54 K9 tanks will be based in the north.", "story.txt")
    assert recipients_to_ask([answer(deal("Norway", "K9 tanks", 2, quantity=54))], article) == [("Norway", [3])]


def test_sentences_stating_new_counts_come_first_when_there_are_too_many():
    article = article_from_text(
        "Norway Buys Tanks\n"
        "Norway has ordered 54 K9 tanks from Hanwha. "
        "Norway praised Hanwha. Norway thanked Seoul. Norway hopes for more. Norway waits. "
        "Hanwha will also send 12 radars.", "story.txt")
    asked = recipients_to_ask([answer(deal("Norway", "K9 tanks", 2, quantity=54))], article)
    assert asked == [("Norway", [3, 4, 5, 7])]


def test_no_deal_no_question():
    assert recipients_to_ask([answer()], ARTICLE) == []


def test_an_answer_keeps_only_the_recipients_deals():
    kept = only_their_acquisitions(answer(deal("Norway", "frigates", 3), deal("Britain", "tanks", 3)), "Norway")
    assert [a.buyer for a in kept.acquisitions] == ["Norway"]
