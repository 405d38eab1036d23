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
