from summarise.extraction.rules import states

from rule_fakes import article_of


def test_every_state_the_article_calls_by_name_is_listed_as_written_in_order():
    article = article_of("Border Talks\nOfficials from Turkey met Greek envoys and a team from the "
                         "United Arab Emirates about frigates for Peru.")
    assert states.apply(article) == ["Turkey", "United Arab Emirates", "Peru"]


def test_capitals_and_demonyms_alone_add_no_state():
    assert states.apply(article_of("Talks\nOfficials in Ankara met Greek envoys.")) == []
