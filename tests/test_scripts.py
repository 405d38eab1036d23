"""Articles in other scripts: names fold across scripts and accents, sentences split for any script."""
import pytest

from summarise.extraction.grounding import fold, mentions
from summarise.pipeline import summarise_article
from summarise.reading.article import article_from_text, split_sentences

from fakes import ScriptedEndpoint

RUSSIAN = (
    "Сербия закупает беспилотники у Китая\n"
    "Сербия получила 6 беспилотников CH-92A из Китая, сообщило министерство обороны. "
    "Президент Александр Вучич назвал поставку важной для армии. "
    "Хорватия выразила обеспокоенность сделкой."
)

RUSSIAN_DRAFT = {
    "summary": "Сербия получила беспилотники из Китая.",
    "actors": [{"name": "Сербия", "kind": "state"}, {"name": "Китай", "kind": "state"},
               {"name": "Александр Вучич", "kind": "person"}, {"name": "Хорватия", "kind": "state"}],
    "acquisitions": [{"buyer": "Сербия", "seller": "Китай", "system": "CH-92A", "quantity": 6,
                      "status": "delivered", "sentence": 2}],
    "stances": [{"holder": "Александр Вучич", "target": "поставку беспилотников", "position": "support",
                 "sentence": 3},
                {"holder": "Хорватия", "target": "сделкой", "position": "oppose", "sentence": 4}],
}


@pytest.mark.parametrize("text, parts", [
    (RUSSIAN, 4),
    ("中国向塞尔维亚出售了六架无人机。武契奇总统表示欢迎！克罗地亚表示担忧？", 3),
    ("اشترت مصر طائرات مسيرة من الصين. وقالت وزارة الدفاع إن التسليم تم؟ وانتقدت إسرائيل الصفقة.", 3),
    ("Η Ελλάδα αγόρασε drones από τη Γαλλία. Η Τουρκία αντέδρασε.", 2),
])
def test_sentences_split_in_any_script(text, parts):
    assert len(split_sentences(text)) == parts


def test_english_splitting_is_unchanged():
    text = "Mr. Smith met Gen. Jones in the U.S. capital. They spoke. then a lower-case line"
    assert len(split_sentences(text)) == 2


@pytest.mark.parametrize("name, text", [
    ("Сербия", "Сербия закупает беспилотники"),
    ("Вучич", "Президент Александр Вучич назвал"),
    ("中国", "中国向塞尔维亚出售了六架无人机"),
    ("Ελλάδα", "Η ΕΛΛΆΔΑ αγόρασε"),
    ("Vucic", "President Aleksandar Vučić said"),
    ("Kizilelma", "the Kızılelma drone"),
    ("Søren Dahl", "said Søren Dahl"),
])
def test_names_are_found_across_scripts_case_and_accents(name, text):
    assert mentions(text, name)


def test_folding_keeps_letters_of_every_script():
    assert fold("Сербия, Китай!").split() == ["сербия", "китаи"]  # й folds as и, like é as e
    assert fold("Straße").split() == ["strasse"]


def test_a_russian_article_keeps_its_actors_deals_and_stances(one_pass_prompts):
    article = article_from_text(RUSSIAN, source="serbia.txt")
    summary = summarise_article(article, ScriptedEndpoint([RUSSIAN_DRAFT]).llm(), one_pass_prompts)
    assert summary.dropped == []
    assert {a.name for a in summary.actors} >= {"Сербия", "Китай", "Александр Вучич", "Хорватия"}
    (deal,) = summary.acquisitions
    assert (deal.buyer, deal.seller, deal.quantity) == ("Сербия", "Китай", 6)
    assert [s.holder for s in summary.stances] == ["Александр Вучич", "Хорватия"]
    assert summary.warnings == []


def test_an_article_whose_every_item_was_dropped_says_so(one_pass_prompts):
    article = article_from_text(RUSSIAN, source="serbia.txt")
    invented = {**RUSSIAN_DRAFT, "actors": [{"name": "Atlantis", "kind": "state"}], "acquisitions": [],
                "stances": []}
    summary = summarise_article(article, ScriptedEndpoint([invented]).llm(), one_pass_prompts)
    assert summary.actors == [] and summary.dropped
    assert summary.warnings and "every item" in summary.warnings[0]


def test_the_batch_report_names_articles_with_every_item_dropped(tmp_path):
    from test_batch import run_batch

    for name in ("a.txt", "b.txt"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text("The committee met on Tuesday to discuss the budget of the town's "
                                            "new library. The talks ran late.")
    invented = {"summary": "x", "actors": [{"name": "Atlantis", "kind": "state"}], "acquisitions": [],
                "stances": []}
    report = run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([invented]))
    assert report.done == 2 and len(report.nothing_kept) == 2
    assert "2 done (2 with every item dropped)" in report.line()
