"""The review page, loaded from disk in a real headless browser (Chromium from Debian's packages)."""

import json
import shutil
import subprocess

import pytest
from lxml import html as lxml_html

from summarise.workbench.review import write_review
from summarise.extraction.rules import RuleSet
from summarise.outputs.found import read_outputs

from articles import GOOD_DRAFT, draft
from fakes import ScriptedEndpoint
from test_batch import make_articles, run_batch

HOSTILE = "<script>document.body.setAttribute('data-pwned', 'yes')</script><img src=x onerror=alert(1)>"


def browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("Chromium is needed for the review page tests: `make test` installs it (apt-get install chromium)")
    return found


def rendered_dom(page) -> lxml_html.HtmlElement:
    """The page's DOM after its script ran, as headless Chromium leaves it."""
    result = subprocess.run([browser(), "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000",
                             "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return lxml_html.fromstring(result.stdout)


def test_every_kept_item_is_highlighted_on_its_article_text(tmp_path):
    make_articles(tmp_path / "in", 2)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    outputs, _ = read_outputs(tmp_path / "out")
    page = tmp_path / "review.html"
    assert write_review(outputs, page) == 2
    dom = rendered_dom(page)
    for number, output in enumerate(outputs, 1):
        record = output.record
        for category in ("actors", "acquisitions", "stances"):
            for index, item in enumerate(record[category], 1):
                key = f"a{number}-{category}-{index}"
                marks = dom.xpath(f"//mark[contains(concat(' ', @data-keys, ' '), ' {key} ')]")
                assert "".join(m.text_content() for m in marks) == item["evidence"]["quote"], key
                assert all(f"on-{category}" in m.get("class").split() for m in marks), key  # shown, coloured
                assert dom.xpath(f"//li[@data-key='{key}']"), key


def test_hostile_strings_from_an_answer_are_shown_as_text_and_run_nothing(tmp_path, monkeypatch):
    make_articles(tmp_path / "in", 1)
    stances = [{**GOOD_DRAFT["stances"][0], "target": HOSTILE}]
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([draft(stances=stances)]),
              rules=RuleSet.without(["verbs"]))  # keep the model's target as it wrote it
    page = tmp_path / "review.html"
    write_review(read_outputs(tmp_path / "out")[0], page)
    dom = rendered_dom(page)
    assert dom.xpath("//body")[0].get("data-pwned") is None
    assert not dom.xpath("//li//script") and not dom.xpath("//li//img")
    assert HOSTILE in dom.xpath("//li[contains(@class, 'stances')]")[0].text_content()


def test_the_page_for_the_seeds_highlights_every_kept_item(tmp_path):
    """The seeds summarised from their recorded exchanges (tests/cassettes/test_e2e), then shown."""
    import vcr

    from summarise.extraction.prompts import load_prompts
    from summarise.llm.backends import embedded_llm
    from summarise.llm.client import CallSettings
    from summarise.engine.embedded import ServerSettings
    from summarise.files import atomic_write
    from summarise.pipeline import summarise_article
    from summarise.reading.article import load_article

    from test_e2e import REPLAY_URL, ROOT, SEEDS

    from conftest import body_apart_from_versions

    replay = vcr.VCR(record_mode="none", match_on=["method", "path", "body_apart_from_versions"],
                     decode_compressed_response=True)
    replay.register_matcher("body_apart_from_versions", body_apart_from_versions)
    llm = embedded_llm(REPLAY_URL, timeout=5, model_label="replay", settings=CallSettings(),
                       context_tokens=ServerSettings().context_size)
    out = tmp_path / "out"
    for seed in SEEDS:
        with replay.use_cassette(str(ROOT / "tests/cassettes/test_e2e" / f"test_seed[seed_{seed.name[:3]}].yaml")):
            summary = summarise_article(load_article(seed), llm, load_prompts())
        atomic_write(out / f"{seed.name}.json", summary.model_dump_json())
        atomic_write(out / f"{seed.name}.text.txt", load_article(seed).text)
    outputs, _ = read_outputs(out)
    page = out / "review.html"
    assert write_review(outputs, page) == len(SEEDS) == 3
    dom = rendered_dom(page)
    kept = 0
    for number, output in enumerate(outputs, 1):
        record = output.record
        for category in ("actors", "acquisitions", "stances"):
            for index, item in enumerate(record[category], 1):
                marks = dom.xpath(f"//mark[contains(concat(' ', @data-keys, ' '), ' a{number}-{category}-{index} ')]")
                assert "".join(m.text_content() for m in marks) == item["evidence"]["quote"]
                kept += 1
    assert kept > 20


def test_an_item_whose_quote_does_not_state_it_says_what_it_leaves_unnamed(tmp_path):
    make_articles(tmp_path / "in", 1)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    outputs, _ = read_outputs(tmp_path / "out")
    record = outputs[0].record
    record["stances"][0]["unstated"] = ["holder '<b>Ruritania</b>'"]
    page = tmp_path / "review.html"
    write_review(outputs, page)
    lines = lxml_html.fromstring(page.read_text(encoding="utf-8")).xpath("//li[@data-key='a1-stances-1']"
                                                                        "//div[@class='unstated']")
    assert [line.text_content() for line in lines] == ["the quote does not name holder '<b>Ruritania</b>'"]


def test_a_deals_quotes_naming_its_recipient_and_seller_are_shown_under_it(tmp_path):
    make_articles(tmp_path / "in", 1)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    outputs, _ = read_outputs(tmp_path / "out")
    deals = outputs[0].record["acquisitions"]
    deals[0]["seller_evidence"] = {"quote": "<script>alert(1)</script> sells them", "start": 0, "end": 5}
    deals[0]["buyer_evidence"] = {"quote": "Ruritania gets them", "start": 0, "end": 5}
    deals[1:] = [{**deal, "seller_evidence": "not a quote", "buyer_evidence": ["nor this"]} for deal in deals[1:]]
    page = tmp_path / "review.html"
    write_review(outputs, page)
    dom = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    lines = dom.xpath("//li[@data-key='a1-acquisitions-1']//div[@class='party-quote']")
    assert [line.text_content() for line in lines] == ["the recipient is named in: “Ruritania gets them”",
                                                        "the seller is named in: “<script>alert(1)</script> sells them”"]
    assert not dom.xpath("//li[@data-key='a1-acquisitions-2']//div[@class='party-quote']")
    assert not dom.xpath("//li[@data-key='a1-acquisitions-1']//script")
