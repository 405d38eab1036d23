"""The review workbench: decisions recorded at once and kept, a server that answers its own page only, and
reviews exported as gold files that `summarise eval` reads."""

import json
import sqlite3
import threading
import urllib.request
from urllib.error import HTTPError

import pytest
from click.testing import CliRunner

from summarise.cli import cli
from summarise.outputs.decisions import DECISIONS_FILE, read_decisions
from summarise.quality.scoring import evaluate
from summarise.workbench.server import TOKEN_HEADER, Workbench, serve

from articles import GOOD_DRAFT, draft
from fakes import ScriptedEndpoint
from test_batch import make_articles, run_batch


@pytest.fixture
def out(tmp_path):
    make_articles(tmp_path / "in", 2)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    return tmp_path / "out"


@pytest.fixture
def workbench(out):
    bench = Workbench(out=out, db_path=out / "summaries.db", who="analyst")
    server = serve(bench)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    bench.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield bench
    server.shutdown()
    server.server_close()


def request(url, data=None, headers=None, method=None):
    """(status, body) without proxies: the workbench is on loopback."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    body = json.dumps(data).encode() if data is not None else None
    try:
        with opener.open(urllib.request.Request(url, body, headers or {}, method=method), timeout=10) as answer:
            return answer.status, answer.read().decode()
    except HTTPError as e:
        return e.code, e.read().decode()


def decide(bench, **decision):
    headers = {TOKEN_HEADER: bench.token, "Content-Type": "application/json"}
    return request(f"{bench.url}/decide", decision, headers)


def first_item(bench, category="acquisitions"):
    page = request(f"{bench.url}/?token={bench.token}")[1]
    marker = f'data-item="{category}-1" data-fingerprint="'
    return page.split(marker, 1)[1].split('"', 1)[0]


def test_a_decision_is_on_disk_and_in_the_store_at_once(workbench, out):
    fingerprint = first_item(workbench)
    status, body = decide(workbench, article_id="feed/0/article-000.txt", item="acquisitions-1",
                          fingerprint=fingerprint, action="reject")
    assert status == 200 and json.loads(body)["verdict"] == "reject"
    decisions, skipped = read_decisions(out)
    assert [(d.item, d.action, d.who) for d in decisions] == [("acquisitions-1", "reject", "analyst")] and not skipped
    rows = sqlite3.connect(out / "summaries.db").execute("select item, action, who from decisions").fetchall()
    assert rows == [("acquisitions-1", "reject", "analyst")]
    page = request(f"{workbench.url}/?token={workbench.token}")[1]
    assert 'state-reject" data-key="a1-acquisitions-1"' in page


def test_the_server_answers_its_own_page_and_decisions_only(workbench, out):
    assert request(f"{workbench.url}/")[0] == 403
    assert request(f"{workbench.url}/?token=wrong")[0] == 403
    for path in ("/review.html", "/../summaries.db", "/feed/0/article-000.txt.json", "/etc/passwd"):
        assert request(f"{workbench.url}{path}?token={workbench.token}")[0] == 404
    decision = {"article_id": "feed/0/article-000.txt", "item": "acquisitions-1", "action": "accept"}
    assert request(f"{workbench.url}/decide", decision, {"Content-Type": "application/json"})[0] == 403
    assert request(f"{workbench.url}/decide", decision, {TOKEN_HEADER: workbench.token,
                                                         "Content-Type": "text/plain"})[0] == 415
    assert request(f"{workbench.url}/?token={workbench.token}", headers={"Host": "evil.example:80"})[0] == 404
    assert decide(workbench, **{**decision, "article_id": "../../etc/passwd"})[0] == 400
    assert decide(workbench, **{**decision, "action": "delete"})[0] == 400
    assert not (out / DECISIONS_FILE).exists()


def test_the_page_keeps_its_policy_and_escapes_what_it_shows(workbench):
    page = request(f"{workbench.url}/?token={workbench.token}")[1]
    assert "default-src 'none'" in page and "connect-src 'self'" in page
    assert "script-src 'sha256-" in page and "<script>" in page


def test_a_decision_survives_a_rerun_and_is_flagged_when_the_summary_changed(tmp_path):
    make_articles(tmp_path / "in", 1)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    bench = Workbench(out=tmp_path / "out", db_path=tmp_path / "out" / "summaries.db", who="a")
    page = bench.page()
    fingerprint = page.split('data-item="stances-1" data-fingerprint="', 1)[1].split('"', 1)[0]
    bench.decide({"article_id": "feed/0/article-000.txt", "item": "stances-1", "fingerprint": fingerprint,
                  "action": "accept"})
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))  # unchanged: skipped
    assert 'state-accept" data-key="a1-stances-1"' in bench.page()
    changed = draft(stances=[{**GOOD_DRAFT["stances"][0], "position": "oppose"}])
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([changed]), force=True)
    page = bench.page()
    assert 'state-stale" data-key="a1-stances-1"' in page and "look again" in page


def test_reviews_become_gold_files_that_eval_reads(out, tmp_path):
    bench = Workbench(out=out, db_path=out / "summaries.db", who="a")
    page = bench.page()
    fingerprint = page.split('data-item="acquisitions-1" data-fingerprint="', 1)[1].split('"', 1)[0]
    article = "feed/0/article-000.txt"
    bench.decide({"article_id": article, "item": "acquisitions-1", "fingerprint": fingerprint, "action": "correct",
                  "field": "quantity", "old": 2, "new": "20"})
    stance = page.split('data-item="stances-2" data-fingerprint="', 1)[1].split('"', 1)[0]
    bench.decide({"article_id": article, "item": "stances-2", "fingerprint": stance, "action": "reject"})
    bench.decide({"article_id": article, "item": "stances-new", "action": "add",
                  "new": {"holder": "Israel", "target": "the export", "position": "support", "start": 0, "end": 20}})
    result = CliRunner().invoke(cli, ["export-gold", str(out), "-o", str(tmp_path / "gold")])
    assert result.exit_code == 0, result.output
    gold = json.loads((tmp_path / "gold" / "article-000.json").read_text())
    assert [(d["quantity"], d["required"]) for d in gold["acquisitions"]] == [(20, True)]
    assert [(s["holder"], s["required"]) for s in gold["stances"]] == [("Walter Astudillo", False), ("Israel", True)]
    assert not (tmp_path / "gold" / "article-001.json").exists()  # not reviewed
    evaluation = evaluate(tmp_path / "gold", out)
    assert evaluation.total("acquisitions").found == 0  # the summary says 2; the analyst said 20
    assert evaluation.total("stances").required == 1 and evaluation.total("stances").found == 0


@pytest.fixture
def browser():
    """Headless Chromium from Debian's packages, driven through its own chromedriver (never downloaded)."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-proxy-server"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    yield driver
    driver.quit()


def wait_for(condition, timeout=10.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_keys_decide_in_a_real_browser(workbench, out, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{workbench.url}/?token={workbench.token}")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("j")  # the first item: the first article's first acquisition
    body.send_keys("a")
    assert wait_for(lambda: [d.action for d in read_decisions(out)[0]] == ["accept"])
    first = browser.find_element(By.CSS_SELECTOR, "li.item.active")
    assert wait_for(lambda: "state-accept" in first.get_attribute("class"))
    body.send_keys("j")
    body.send_keys("r")
    assert wait_for(lambda: [d.action for d in read_decisions(out)[0]] == ["accept", "reject"])
    body.send_keys("k")
    body.send_keys("e")  # correct the first acquisition's quantity
    field = browser.switch_to.active_element
    assert field.get_attribute("name") == "buyer"
    quantity = browser.find_element(By.CSS_SELECTOR, "li.item.active form.correct input[name=quantity]")
    quantity.clear()
    quantity.send_keys("7", Keys.ENTER)
    assert wait_for(lambda: len(read_decisions(out)[0]) == 3)
    correction = read_decisions(out)[0][-1]
    assert (correction.action, correction.field, correction.old, correction.new) == ("correct", "quantity", "2", "7")


def test_a_missing_item_is_marked_on_its_selected_sentence(workbench, out, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(f"{workbench.url}/?token={workbench.token}")
    browser.find_element(By.CSS_SELECTOR, "article .add-missing-open").click()
    text = (out / "feed/0/article-000.txt.text.txt").read_text()
    sentence = "Chile's foreign ministry criticised the purchase."
    start = text.index(sentence)
    browser.execute_script("""
        const text = document.querySelector("article .text"), wanted = arguments[0], length = arguments[1];
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        let node, seen = 0, range = document.createRange(), begun = false;
        while ((node = walker.nextNode())) {
          const size = node.textContent.length;
          if (!begun && seen + size > wanted) { range.setStart(node, wanted - seen); begun = true; }
          if (begun && seen + size >= wanted + length) { range.setEnd(node, wanted + length - seen); break; }
          seen += size;
        }
        window.getSelection().removeAllRanges(); window.getSelection().addRange(range);
    """, start, len(sentence))
    form = browser.find_element(By.CSS_SELECTOR, "article form.add-missing")
    Select(form.find_element(By.NAME, "category")).select_by_value("stances")
    form.find_element(By.NAME, "stances-holder").send_keys("Chile")
    form.find_element(By.NAME, "stances-target").send_keys("the purchase")
    form.find_element(By.NAME, "stances-position").send_keys("oppose")
    browser.execute_script("arguments[0].requestSubmit()", form)
    assert wait_for(lambda: len(read_decisions(out)[0]) == 1)
    added = read_decisions(out)[0][0]
    assert added.action == "add" and text[added.new["start"]:added.new["end"]] == sentence
    assert added.new["holder"] == "Chile" and added.new["position"] == "oppose"



def test_the_index_links_sources_and_the_deals_view_marks_disagreements(out):
    from dataclasses import replace

    from summarise.outputs.found import read_outputs
    from summarise.workbench.review import review_page

    first, second = read_outputs(out)[0]
    changes = [("https://news.example/peru-order", "2024-06-01", "ordered"), ("javascript:alert(1)", "2024-03-01",
                                                                            "delivered")]
    outputs = []
    for output, (url, date, status) in zip((first, second), changes):
        record = json.loads(json.dumps(output.record))
        record.update(url=url, published=date)
        record["acquisitions"][0]["status"] = status
        outputs.append(replace(output, record=record))
    page = review_page(outputs)
    index = page.split('<section class="index">', 1)[1].split("</section>", 1)[0]
    assert 'href="https://news.example/peru-order" rel="noopener noreferrer"' in index
    assert "javascript:" not in index  # an address of another scheme is never a link
    deals = page.split('<details class="deals">', 1)[1].split("</details>", 1)[0]
    assert "numbers differ" in deals  # 2 drones in one article, 3 in the other
    assert "goes back" in deals  # delivered in March, ordered in June
    assert deals.index("status-delivered") < deals.index("status-ordered")  # the timeline by date


def test_search_and_sort_in_a_real_browser(workbench, out, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{workbench.url}/?token={workbench.token}")
    search = browser.find_element(By.ID, "search")
    search.send_keys("3 Hermes")
    shown = [a for a in browser.find_elements(By.CSS_SELECTOR, "main > article") if a.is_displayed()]
    assert [a.get_attribute("data-article") for a in shown] == ["feed/1/article-001.txt"]
    assert browser.find_element(By.ID, "shown-count").text == "1 of 2 articles"
    search.clear()
    search.send_keys(" ")
    browser.find_element(By.CSS_SELECTOR, "[data-sort=undecided]").click()
    assert len([a for a in browser.find_elements(By.CSS_SELECTOR, "main > article") if a.is_displayed()]) == 2


def test_decisions_are_there_after_a_reload(workbench, out, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{workbench.url}/?token={workbench.token}")
    body = browser.find_element(By.TAG_NAME, "body")
    for keys in ("ja", "jr"):
        body.send_keys(*keys)
    body.send_keys("j")  # the third item: the first article's second stance
    browser.find_element(By.CSS_SELECTOR, "li.item.active .decide [data-action=edit]").click()
    target = browser.find_element(By.CSS_SELECTOR, "li.item.active form.correct input[name=target]")
    target.clear()
    target.send_keys("the drone order\n")
    assert wait_for(lambda: len(read_decisions(out)[0]) == 3)
    browser.refresh()
    states = {li.get_attribute("data-key"): li.get_attribute("class")
              for li in browser.find_elements(By.CSS_SELECTOR, "li.item")}
    decided = sorted(key for key, classes in states.items() if "state-" in classes)
    assert len(decided) == 3
    assert any("state-accept" in states[k] for k in decided) and any("state-reject" in states[k] for k in decided)
    assert any("state-corrected" in states[k] for k in decided)
    assert "corrected target: the drone order" in browser.find_element(By.CSS_SELECTOR, "li.state-corrected").text


def test_an_article_accepted_whole_scores_one_against_its_own_summary(out, tmp_path):
    bench = Workbench(out=out, db_path=out / "summaries.db", who="a")
    article = "feed/1/article-001.txt"
    page = bench.page()
    section = page.split(f'data-article="{article}"', 1)[1].split("</article>", 1)[0]
    for chunk in section.split('data-item="')[1:]:
        item, rest = chunk.split('"', 1)
        fingerprint = rest.split('data-fingerprint="', 1)[1].split('"', 1)[0]
        bench.decide({"article_id": article, "item": item, "fingerprint": fingerprint, "action": "accept"})
    assert CliRunner().invoke(cli, ["export-gold", str(out), "-o", str(tmp_path / "gold")]).exit_code == 0
    result = CliRunner().invoke(cli, ["eval", "--json", str(tmp_path / "gold"), str(out)])
    figures = json.loads(result.stdout)
    assert figures["macro_f1"] == 1.0 and figures["reversed_deals"] == 0
    assert all(figures[c]["precision"] == figures[c]["recall"] == 1.0 for c in ("actors", "acquisitions", "stances"))


HOSTILE = "<script>document.body.setAttribute('data-pwned', 'yes')</script><img src=x onerror=alert(1)>"


def test_a_script_in_an_article_or_an_answer_stays_text_on_every_part_of_the_page(tmp_path, browser):
    from selenium.webdriver.common.by import By

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.txt").write_text(f"{HOSTILE} Peru Buys Drones\n" + "\n".join(
        __import__("articles").ARTICLE.splitlines()[1:]) + f"\nA note: {HOSTILE}")
    hostile = draft(acquisitions=[{**GOOD_DRAFT["acquisitions"][0], "system": f"Hermes 900 drones {HOSTILE}"}],
                    stances=[{**GOOD_DRAFT["stances"][1], "target": HOSTILE}])
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([hostile]),
              rules=__import__("summarise.extraction.rules", fromlist=["RuleSet"]).RuleSet.without(["verbs"]))
    bench = Workbench(out=tmp_path / "out", db_path=tmp_path / "out" / "summaries.db", who="a")
    server = serve(bench)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{server.server_address[1]}/?token={bench.token}")
        assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-pwned") is None
        assert not browser.find_elements(By.CSS_SELECTOR, "main img, main li script, main td script")
        assert HOSTILE in browser.find_element(By.CSS_SELECTOR, "main article .text").text
    finally:
        server.shutdown()
        server.server_close()


def test_the_deals_view_has_one_row_a_deal_over_four_articles(tmp_path):
    import httpx2

    from fakes import completion
    from summarise.outputs.found import read_outputs
    from summarise.workbench.review import review_page

    make_articles(tmp_path / "in", 4)  # Peru's drones, reported by four articles
    chile = tmp_path / "in" / "feed" / "0" / "article-003.txt"
    chile.write_text("Chile Buys Radars\nChile has ordered 3 Ground Master radars from France's Thales, the defence "
                     "ministry said.\nDeliveries are expected next year.\nPeru's foreign ministry welcomed it.")
    radars = draft(actors={"state": ["Chile", "France", "Peru"], "company": ["Thales"]},
                   acquisitions=[{"buyer": "Chile", "seller": "Thales", "system": "Ground Master radars",
                                  "quantity": 3, "status": "ordered", "sentence": 2}], stances=[])

    def answer(body):
        text = json.dumps(body)
        return httpx2.Response(200, json=completion(json.dumps(radars if "Ground Master" in text else GOOD_DRAFT)))

    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([answer]))
    outputs, _ = read_outputs(tmp_path / "out")
    deals = page_deals(review_page(outputs))
    assert deals.count("<tr>") == 1 + 2  # the head, Peru's deal, Chile's deal
    assert deals.count("Ground Master") == 2 and "numbers differ" in deals  # Peru's: 2, 3 and 5 drones


def page_deals(page: str) -> str:
    return page.split('<details class="deals">', 1)[1].split("</details>", 1)[0]


def test_a_decision_follows_its_item_when_a_later_summary_moves_it():
    from summarise.outputs.decisions import Decision, item_fingerprint, item_states

    chile = {"holder": "Chile", "target": "the purchase", "position": "oppose"}
    peru = {"holder": "Peru", "target": "the drones", "position": "support"}
    judged = Decision("a.txt", "stances-1", "reject", fingerprint=item_fingerprint(chile))
    moved = item_states("a.txt", {"stances": [peru, chile]}, [judged])
    assert moved["stances-2"].verdict == "reject" and "stances-1" not in moved
    gone = item_states("a.txt", {"stances": [peru]}, [judged])
    assert gone["stances-1"].stale and gone["stances-1"].verdict is None
    redecided = Decision("a.txt", "stances-1", "accept", fingerprint=item_fingerprint(peru))
    again = item_states("a.txt", {"stances": [peru]}, [judged, redecided])
    assert again["stances-1"].verdict == "accept" and not again["stances-1"].stale
