import pytest

from summarise.reading.article import article_from_bytes, load_article, split_sentences
from summarise.errors import InputError

from articles import ARTICLE


def test_sentences_keep_offsets_and_skip_abbreviations():
    text = "Gen. Smith met Mr. Lee on Sept. 18 in Washington. They signed. \n\nNew paragraph here"
    sentences = split_sentences(text)
    assert [text[s.start:s.end] for s in sentences] == [
        "Gen. Smith met Mr. Lee on Sept. 18 in Washington.", "They signed.", "New paragraph here"]
    assert [s.number for s in sentences] == [1, 2, 3]


def test_numbered_view_is_what_the_model_cites():
    article = article_from_bytes(ARTICLE.encode(), "a.txt")
    assert article.numbered().splitlines()[1].startswith("[2] Peru has ordered 12 Hermes 900 drones")


@pytest.mark.parametrize("encoding", ["latin-1", "cp1251"])
def test_legacy_encodings_are_decoded(tmp_path, encoding):
    text = {"latin-1": "Le ministère français a commandé des hélicoptères à l'Allemagne pour l'armée.",
            "cp1251": "Министерство обороны Сербии получило шесть зенитных комплексов из Китая в этом году."}[encoding]
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert load_article(path).text == text


@pytest.mark.parametrize("content, problem", [
    (b"", "the file is empty"),
    (b"   \n\n ", "the file is empty"),
    (bytes(range(256)) * 8, "binary"),
    (b"Too short.", "no article text"),
])
def test_bad_input_names_file_and_problem(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        load_article(path)
    assert str(path) in str(error.value) and problem in str(error.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        load_article(tmp_path)


def test_html_page_keeps_the_article_and_drops_the_chrome(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines()[1:])
    page = (f"<html><head><title>Peru Buys Patrol Drones</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a> Subscribe now</nav>"
            f"<div class='ad'>Buy cheap watches today</div><article><h1>Peru Buys Patrol Drones</h1>{body}"
            f"</article><footer>Copyright 2026 Example News. All rights reserved.</footer></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page)
    article = load_article(path)
    assert "Hermes 900" in article.text and "Subscribe" not in article.text and "watches" not in article.text
    assert article.title == "Peru Buys Patrol Drones"


def test_utf16_with_a_byte_order_mark_is_text():
    from summarise.reading.article import article_from_bytes

    text = "Ostria ordered twelve patrol boats from Valdoria’s yards, the navy said on Monday."
    assert article_from_bytes(text.encode("utf-16"), "a.txt").text == text


def test_one_stray_latin1_byte_leaves_the_valid_utf8_lines_intact(caplog):
    from summarise.reading.article import article_from_bytes

    good = "Zürich-based Rüstung AG said the deal with Kyiv is “final”.".encode("utf-8")
    stray = "The café in Ostria's capital hosted the talks for a week.".encode("latin-1")
    article = article_from_bytes(good + b"\n" + stray, "a.txt")
    assert article.text.splitlines() == ["Zürich-based Rüstung AG said the deal with Kyiv is “final”.",
                                         "The café in Ostria's capital hosted the talks for a week."]
    assert "not valid UTF-8 on line 2" in caplog.text


def test_a_plain_texts_headline_is_its_title():
    from summarise.reading.article import article_from_text

    assert article_from_text("Peru Buys Drones\nPeru has ordered twelve drones from Israel, officials said.",
                             "a.txt").title == "Peru Buys Drones"
    assert article_from_text("Peru has ordered twelve drones from Israel, officials said.\nMore follows here.",
                             "a.txt").title is None


def test_an_address_the_text_starts_with_is_its_url_and_not_its_headline():
    from summarise.reading.article import article_from_text

    article = article_from_text("https://news.example/a/1\nPeru Buys Drones\nPeru has ordered 12 drones from Israel.",
                                "a.txt")
    assert (article.url, article.title) == ("https://news.example/a/1", "Peru Buys Drones")
    for first in ("javascript:alert(1)", "ftp://files.example/a", "see https://news.example/a"):
        assert article_from_text(f"{first}\nPeru Buys Drones\nPeru has ordered 12 drones.", "a.txt").url is None


def test_a_pages_canonical_address_is_its_url():
    from summarise.reading.article import article_from_bytes

    page = ("<html><head><title>Peru Buys Drones</title><link rel='canonical' href='https://news.example/peru'>"
            "</head><body><article><h1>Peru Buys Drones</h1><p>Peru has ordered 12 Hermes 900 drones from Israel's "
            "Elbit Systems, the defence ministry said on Tuesday in Lima.</p><p>Deliveries are expected next "
            "year, officials added.</p></article></body></html>")
    assert article_from_bytes(page.encode(), "a.html", is_html=True).url == "https://news.example/peru"
