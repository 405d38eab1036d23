from summarise.extraction.rules import recipient
from summarise.schema import ActorKind

from rule_fakes import Asker, actor, article_of, deal

ARTICLE = article_of("Radar Deal\nThe Latvian senate approved the purchase of two Orca radars for Lithuania "
                     "from Vantor.")
ACTORS = [actor(ARTICLE, "Latvian senate", ActorKind.organisation), actor(ARTICLE, "Lithuania", ActorKind.state),
          actor(ARTICLE, "Vantor", ActorKind.company)]


def answering(name: str, share: float = 0.8):
    def shares(question, options):
        rest = (1 - share) / (len(options) - 1)
        return [share if option == name else rest for option in options]
    return shares


def test_a_party_twice_as_likely_to_receive_replaces_the_models_buyer():
    ask = Asker(ARTICLE, answering("Lithuania"))
    checked = recipient.apply(deal(ARTICLE, "Latvian senate", "Vantor", "Orca radars", 2), ACTORS, ask)
    assert checked.buyer == "Lithuania" and checked.probability == 0.8
    assert checked.notes[-1].startswith("recipient: the model read buyer 'Latvian senate'")
    (question, forward), (_, backward) = ask.asked
    assert "Who receives the Orca radars in sentence [2]" in question
    assert backward == [*reversed(forward[:-1]), "not stated"] and forward[-1] == "not stated"


def test_a_party_favoured_only_for_coming_first_does_not_replace_the_buyer_listed_last():
    def first_favoured(question, options):
        return [0.6, *[0.4 / (len(options) - 1)] * (len(options) - 1)]  # whatever comes first
    ask = Asker(ARTICLE, first_favoured)  # asked in one order only, the senate would win at 0.6 against 0.13
    checked = recipient.apply(deal(ARTICLE, "Vantor", None, "Orca radars", 2), ACTORS, ask)
    assert checked.buyer == "Vantor" and checked.notes == []


def test_a_party_not_clearly_likelier_leaves_the_buyer_with_its_probability():
    ask = Asker(ARTICLE, lambda q, options: [0.3, 0.35, 0.2, 0.15][:len(options)])
    checked = recipient.apply(deal(ARTICLE, "Latvian senate", "Vantor", "Orca radars", 2), ACTORS, ask)
    assert checked.buyer == "Latvian senate" and checked.notes == []


def test_a_party_likelier_but_not_twice_is_asked_against_the_buyer_in_both_orders():
    def shares(question, options):
        if len(options) == 2:  # between the two: Lithuania preferred in either order
            return [0.7, 0.3] if options[0] == "Lithuania" else [0.3, 0.7]
        return [{"Latvian senate": 0.3, "Lithuania": 0.4}.get(o, 0.1) for o in options]
    ask = Asker(ARTICLE, shares)
    checked = recipient.apply(deal(ARTICLE, "Latvian senate", "Vantor", "Orca radars", 2), ACTORS, ask)
    assert checked.buyer == "Lithuania"
    assert "between the two 'Lithuania' 0.70 against 0.30" in checked.notes[-1]
    assert [options for _, options in ask.asked[2:]] == [["Latvian senate", "Lithuania"],
                                                          ["Lithuania", "Latvian senate"]]


def test_a_party_likelier_but_not_preferred_between_the_two_leaves_the_buyer():
    def shares(question, options):
        if len(options) == 2:
            return [0.6, 0.4]  # whichever comes first: no preference
        return [{"Latvian senate": 0.3, "Lithuania": 0.4}.get(o, 0.1) for o in options]
    ask = Asker(ARTICLE, shares)
    checked = recipient.apply(deal(ARTICLE, "Latvian senate", "Vantor", "Orca radars", 2), ACTORS, ask)
    assert checked.buyer == "Latvian senate" and checked.probability == 0.3
