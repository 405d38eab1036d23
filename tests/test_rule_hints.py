from summarise.reading.article import article_from_text
from summarise.extraction.rules.hints import cue_sentences


def test_stance_hints_follow_stance_verbs():
    article = article_from_text("Drones flew over the capital. The opposition condemned the purchase.", source="t.txt")
    assert cue_sentences(article, ("stances",)) == {"stances": [2]}


def test_acquisitions_get_no_hints():
    article = article_from_text("Poland ordered 96 Apache helicopters. The opposition condemned the purchase.",
                                source="t.txt")
    assert cue_sentences(article, ("actors", "acquisitions")) == {}
