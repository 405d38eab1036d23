import pytest

from summarise.reading.article import article_from_bytes, article_from_text
from summarise.reading.dates import published_date

BODY = "Ostria has ordered six patrol boats from a Valdorian yard, the navy said on its website today."


@pytest.mark.parametrize("head, expected", [
    ("Navy Orders Boats\nJune 12, 2024\n", "2024-06-12"),
    ("Navy Orders Boats\nPublished 3 Sept 2023, 10:04 GMT\n", "2023-09-03"),
    ("Navy Orders Boats\n2022-11-30T08:00:00Z\n", "2022-11-30"),
    ("Navy Orders Boats\nOstria City, March 3 (Wire) -\n", None),  # no year: no date rather than a guess
])
def test_a_date_stated_near_the_top_is_the_publication_date(head, expected):
    assert published_date(head + BODY) == expected
    assert article_from_text(head + BODY, source="t.txt").published == expected


def test_a_web_page_gives_its_date_from_its_metadata():
    page = (f"<html><head><title>Navy Orders Boats</title><meta property='article:published_time' "
            f"content='2021-05-04T09:00:00Z'></head><body><article><h1>Navy Orders Boats</h1><p>{BODY}</p>"
            f"<p>{BODY}</p></article></body></html>")
    assert article_from_bytes(page.encode(), "page.html", is_html=True).published == "2021-05-04"
