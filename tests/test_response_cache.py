from summarise.reading.article import article_from_text
from summarise.pipeline import summarise_article
from summarise.llm.response_cache import ResponseCache

from articles import GOOD_DRAFT
from fakes import ScriptedEndpoint


def test_the_same_request_is_answered_from_the_cache(tmp_path, article, one_pass_prompts):
    endpoint = ScriptedEndpoint([GOOD_DRAFT])
    llm = endpoint.llm()
    llm.response_cache = ResponseCache(tmp_path, llm.model_label)
    first = summarise_article(article, llm, one_pass_prompts)
    again = summarise_article(article, llm, one_pass_prompts)
    assert len(endpoint.requests) == 1
    assert again.acquisitions == first.acquisitions and again.stances == first.stances


def test_another_article_or_model_is_another_request(tmp_path, article, one_pass_prompts):
    endpoint = ScriptedEndpoint([GOOD_DRAFT])
    llm = endpoint.llm()
    llm.response_cache = ResponseCache(tmp_path, llm.model_label)
    summarise_article(article, llm, one_pass_prompts)
    other = article_from_text(article.text + "\nA closing line was added later.", source="b.txt")
    summarise_article(other, llm, one_pass_prompts)
    llm.response_cache = ResponseCache(tmp_path, "another-model")
    summarise_article(article, llm, one_pass_prompts)
    assert len(endpoint.requests) == 3


def test_an_unreadable_cached_answer_is_asked_again(tmp_path, article, one_pass_prompts):
    endpoint = ScriptedEndpoint([GOOD_DRAFT])
    llm = endpoint.llm()
    llm.response_cache = ResponseCache(tmp_path, llm.model_label)
    summarise_article(article, llm, one_pass_prompts)
    for path in tmp_path.rglob("*.json"):
        path.write_text("{torn")
    summarise_article(article, llm, one_pass_prompts)
    assert len(endpoint.requests) == 2


def test_answers_from_the_cache_are_marked_and_kept_out_of_the_cost(tmp_path):
    import sqlite3

    from summarise.batch.runner import Batch, RunKey
    from summarise.extraction.prompts import load_prompts
    from contextlib import contextmanager

    from articles import ARTICLE, GOOD_DRAFT
    from fakes import ScriptedEndpoint
    from summarise.llm.response_cache import ResponseCache

    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):  # one article under three names: one request a pass, paid once
        (tmp_path / "in" / name).write_text(ARTICLE)
    endpoint = ScriptedEndpoint([GOOD_DRAFT])
    prompts = load_prompts()

    @contextmanager
    def factory():
        llm = endpoint.llm()
        llm.response_cache = ResponseCache(tmp_path / "cache", "fake-model")
        yield llm

    report = Batch(source=tmp_path / "in", out=tmp_path / "out", key=RunKey(prompts.version, "fake-model")).run(
        factory, prompts)
    paid = len(endpoint.requests)
    assert report.done == 3 and report.cached_answers == 2 * paid
    assert report.prompt_tokens == 10 * paid  # the fake endpoint's usage: 10 prompt tokens an answer
    assert "answers from the cache, not paid" in report.line()
    with sqlite3.connect(tmp_path / "out/summaries.db") as db:
        by_article = dict(db.execute("select article_id, sum(cached) from calls group by article_id").fetchall())
        assert sorted(by_article.values()) == [0, paid, paid]
        assert db.execute("select sum(prompt_tokens) from calls").fetchone()[0] == 10 * paid
