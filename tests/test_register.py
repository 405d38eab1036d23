"""The register: one row per deal across the summaries of OUT."""
import csv
import hashlib
import json
import sqlite3

import pytest
from click.testing import CliRunner

from summarise.cli import cli
from summarise.register import build_register, write_register
from summarise.register.parties import Mention, Parties
from summarise.register.systems import read_system
from summarise.schema import (Acquisition, Actor, ArticleSummary, Evidence, MatchKind, Provenance, SCHEMA_VERSION,
                              Usage)

# Short articles written for these tests: one deal told three ways, months apart, and another deal.
ORDER = ("Chile has ordered 12 Halcon HX-2 drones from Spain, the Chilean defence ministry said on Friday. "
         "Officials in Madrid called the contract the largest drone export in the country's history.")
FIRST_DELIVERIES = ("The first Halcon HX-2 aircraft arrived in Santiago this week. Madrid is sending the "
                    "drones in three batches, a Spanish official said.")
ALL_DELIVERED = "All twelve HX-2 drones bought by the Chilean army have now been handed over by Spain."
OTHER_DEAL = "Peru received four Condor transport aircraft from Brazil on Tuesday, the air force said."
RADARS = "Chile is also buying Tizona coastal radars from Spain, according to the budget documents."


def summary(text: str, published: str | None, actors: list[tuple[str, str]], deals: list[dict]) -> dict:
    def evidence(quote: str) -> Evidence:
        start = text.index(quote)
        return Evidence(quote=quote, start=start, end=start + len(quote), match=MatchKind.sentence)

    record = ArticleSummary(
        published=published, summary=text[:60],
        actors=[Actor(name=name, kind=kind, evidence=evidence(name)) for name, kind in actors],
        acquisitions=[Acquisition(**{"quantity": None, **{k: v for k, v in deal.items() if k != "quote"},
                                     "evidence": evidence(deal.get("quote", text))}) for deal in deals],
        stances=[],
        provenance=Provenance(tool_version="test", model="fake", endpoint="embedded", prompt_version="p",
                              schema_version=SCHEMA_VERSION, article_sha256=hashlib.sha256(text.encode()).hexdigest(), source="test",
                              usage=Usage(), attempts=1, seconds=1.0, created_at="2025-07-01T00:00:00+00:00"))
    return record.model_dump(mode="json")


def write_summary(out, article_id: str, text: str, record: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{article_id}.text.txt").write_text(text)
    (out / f"{article_id}.json").write_text(json.dumps(record))


def three_reports_of_one_deal(out) -> None:
    # Named so that the order of the files is not the order of the dates.
    write_summary(out, "zulu-order.txt", ORDER, summary(ORDER, "2025-01-10", [("Chile", "state"), ("Spain", "state")], [
        {"buyer": "Chile", "seller": "Spain", "system": "Halcon HX-2 drones", "quantity": 12, "status": "ordered"}]))
    write_summary(out, "alpha-first.txt", FIRST_DELIVERIES, summary(
        FIRST_DELIVERIES, "2025-03-05", [("Santiago", "state"), ("Madrid", "state")],
        [{"buyer": "Santiago", "seller": "Madrid", "system": "Halcon HX-2", "status": "delivering"}]))
    write_summary(out, "mike-all.txt", ALL_DELIVERED, summary(
        ALL_DELIVERED, "2025-06-20", [("the Chilean army", "organisation"), ("Spain", "state")],
        [{"buyer": "the Chilean army", "seller": "Spain", "system": "HX-2 drones", "quantity": 12,
          "status": "delivered"}]))
    write_summary(out, "peru.txt", OTHER_DEAL, summary(OTHER_DEAL, "2025-02-01", [("Peru", "state"), ("Brazil", "state")], [
        {"buyer": "Peru", "seller": "Brazil", "system": "Condor transport aircraft", "quantity": 4,
         "status": "delivered"}]))


def test_one_deal_told_by_three_articles_is_one_row_with_its_history_in_date_order(tmp_path):
    three_reports_of_one_deal(tmp_path)
    register = build_register(tmp_path)
    assert len(register.rows) == 2
    chile, peru = register.rows
    assert (chile["recipient"], chile["supplier"], chile["designation"]) == ("Chile", "Spain", "Halcon HX-2")
    assert chile["status"] == "delivered"
    assert [h["status"] for h in chile["status_history"]] == ["ordered", "delivering", "delivered"]
    assert chile["ordered_by"] == "date"
    assert chile["corroboration"] == 3
    assert [s["article"] for s in chile["sources"]] == ["zulu-order.txt", "alpha-first.txt", "mike-all.txt"]
    assert all(s["quote"] for s in chile["sources"])
    assert chile["number"] == 12 and not chile["numbers_disagree"]
    assert (chile["first_report"]["date"], chile["last_report"]["date"]) == ("2025-01-10", "2025-06-20")
    assert (peru["recipient"], peru["supplier"], peru["corroboration"], peru["number"]) == ("Peru", "Brazil", 1, 4)


def test_two_systems_of_the_same_buyer_and_seller_stay_two_rows(tmp_path):
    three_reports_of_one_deal(tmp_path)
    write_summary(tmp_path, "radars.txt", RADARS, summary(RADARS, "2025-04-01", [("Chile", "state"), ("Spain", "state")], [
        {"buyer": "Chile", "seller": "Spain", "system": "Tizona coastal radars", "status": "ordered"}]))
    rows = build_register(tmp_path).rows
    chile_spain = [r["designation"] for r in rows if (r["recipient"], r["supplier"]) == ("Chile", "Spain")]
    assert sorted(chile_spain) == ["Halcon HX-2", "Tizona"]


def test_quantities_that_disagree_are_kept_not_averaged(tmp_path):
    write_summary(tmp_path, "a.txt", ORDER, summary(ORDER, "2025-01-10", [("Chile", "state"), ("Spain", "state")], [
        {"buyer": "Chile", "seller": "Spain", "system": "Halcon HX-2 drones", "quantity": 12, "status": "ordered"}]))
    write_summary(tmp_path, "b.txt", ALL_DELIVERED, summary(ALL_DELIVERED, "2025-06-20", [("Chile", "state")], [
        {"buyer": "Chile", "seller": "Spain", "system": "HX-2 drones", "quantity": 10, "status": "delivered"}]))
    (row,) = build_register(tmp_path).rows
    assert row["number"] is None and row["numbers_disagree"]
    assert [n["number"] for n in row["numbers_reported"]] == [12, 10]


def test_undated_articles_follow_the_dated_ones_and_do_not_set_the_status(tmp_path):
    write_summary(tmp_path, "1.txt", ORDER, summary(ORDER, None, [("Chile", "state"), ("Spain", "state")], [
        {"buyer": "Chile", "seller": "Spain", "system": "Halcon HX-2 drones", "status": "ordered"}]))
    write_summary(tmp_path, "2.txt", ALL_DELIVERED, summary(ALL_DELIVERED, "2025-06-20", [("Chile", "state")], [
        {"buyer": "Chile", "seller": "Spain", "system": "HX-2 drones", "status": "delivered"}]))
    (row,) = build_register(tmp_path).rows
    assert row["ordered_by"] == "date, undated last" and row["status"] == "delivered"
    assert [h["article"] for h in row["status_history"]] == ["2.txt", "1.txt"]


def test_one_undated_report_does_not_scramble_a_deals_history(tmp_path):
    for name, published, status in (("a.txt", "2024-05-01", "delivered"), ("b.txt", None, "rumoured"),
                                    ("c.txt", "2019-02-01", "planned")):
        write_summary(tmp_path, name, ORDER, summary(ORDER, published, [("Chile", "state"), ("Spain", "state")], [
            {"buyer": "Chile", "seller": "Spain", "system": "Halcon HX-2 drones", "status": status}]))
    (row,) = build_register(tmp_path).rows
    assert row["status"] == "delivered"
    assert row["first_report"] == {"article": "c.txt", "date": "2019-02-01"}
    assert row["last_report"] == {"article": "a.txt", "date": "2024-05-01"}
    assert [h["status"] for h in row["status_history"]] == ["planned", "delivered", "rumoured"]


def test_undated_reports_alone_are_ordered_by_appearance(tmp_path):
    for name, status in (("1.txt", "ordered"), ("2.txt", "delivered")):
        write_summary(tmp_path, name, ORDER, summary(ORDER, None, [("Chile", "state"), ("Spain", "state")], [
            {"buyer": "Chile", "seller": "Spain", "system": "Halcon HX-2 drones", "status": status}]))
    (row,) = build_register(tmp_path).rows
    assert row["ordered_by"] == "appearance" and row["status"] == "delivered"


def test_a_report_without_a_supplier_joins_the_one_deal_with_its_designation(tmp_path):
    three_reports_of_one_deal(tmp_path)
    write_summary(tmp_path, "nosupplier.txt", RADARS, summary(RADARS, "2025-07-01", [("Chile", "state")], [
        {"buyer": "Chile", "seller": None, "system": "HX-2", "status": "delivered", "quote": "Chile"}]))
    rows = build_register(tmp_path).rows
    assert len(rows) == 2
    assert rows[0]["corroboration"] == 4 and "names no supplier" in rows[0]["notes"][0]


def test_a_system_without_a_designation_is_kept_apart_and_said_so(tmp_path):
    three_reports_of_one_deal(tmp_path)
    vague = "Spain's drones for Chile are late."
    write_summary(tmp_path, "vague.txt", vague, summary(vague, "2025-05-01", [("Chile", "state"), ("Spain", "state")], [
        {"buyer": "Chile", "seller": "Spain", "system": "drones", "status": "delivering", "quote": vague}]))
    rows = build_register(tmp_path).rows
    vague_row = next(r for r in rows if r["designation"] is None)
    assert vague_row["corroboration"] == 1
    assert "may be the same deal as" in vague_row["notes"][0]


@pytest.mark.parametrize("names, merged", [
    ([("Belgrade", "state"), ("Serbia", "state"), ("the Serbian army", "organisation")], True),
    ([("Vucic", "person"), ("Aleksandar Vučić", "person")], True),
    ([("President Aleksandar Vucic", "person"), ("Vučić", "person")], True),
    ([("Baykar", "company"), ("Baykar Technologies", "company")], True),
    ([("Lockheed Martin Corp.", "company"), ("Lockheed Martin", "company")], True),
    ([("U.S. State Department", "organisation"), ("United States", "state")], True),
    ([("Austria", "state"), ("Australia", "state")], False),
    ([("Ana Novak", "person"), ("Marko Novak", "person")], False),
    ([("Baykar", "company"), ("Baykar Technologies", "company"), ("Baykar Defence", "company")], False),
])
def test_names_of_one_party_are_merged_and_others_kept_apart(names, merged):
    parties = Parties([Mention(name, kind) for name, kind in names])
    assert (len({parties.of(name).key for name, _ in names}) == 1) is merged


def test_a_person_is_never_a_state():
    parties = Parties([Mention("Jordan", "person"), Mention("Chad", "person")])
    assert {p.kind for p in parties.parties} == {"person"}


def test_a_bare_surname_shared_by_two_people_stays_apart():
    parties = Parties([Mention("Ana Novak", "person"), Mention("Marko Novak", "person"), Mention("Novak", "person")])
    assert len(parties.parties) == 3


def test_every_merge_says_why():
    parties = Parties([Mention("Belgrade", "state"), Mention("Serbia", "state"), Mention("Vucic", "person"),
                       Mention("Aleksandar Vučić", "person")])
    reasons = [link.reason for party in parties.merged() for link in party.links]
    assert len(reasons) == 2 and any("Serbia" in r for r in reasons) and any("surname" in r for r in reasons)


def test_a_list_of_names_does_not_take_in_the_names_it_lists():
    parties = Parties([Mention("Airbus, BAE Systems, Leonardo", "company"), Mention("Airbus", "company")])
    assert len(parties.parties) == 2


@pytest.mark.parametrize("one, other, same", [
    ("Wing Loong", "Wing Loong II drones", True),
    ("F-16", "F-35", False),
    ("F-16s", "F-16 Block 70 fighter jets", True),
    ("Leopard 2A4", "Leopard 2A7", False),
    ("the Chinese armed drones", "Wing Loong drones", False),
])
def test_designations(one, other, same):
    a, b = read_system(one), read_system(other)
    assert (a.parts == b.parts or a.part_of(b) or b.part_of(a)) is same


def test_a_designation_held_by_two_wider_ones_is_not_merged_into_either(tmp_path):
    text = "Serbia bought Wing Loong I and Wing Loong II drones and more Wing Loong from China."
    for n, system in enumerate(["Wing Loong I", "Wing Loong II", "Wing Loong"]):
        write_summary(tmp_path, f"{n}.txt", text, summary(text, None, [("Serbia", "state"), ("China", "state")], [
            {"buyer": "Serbia", "seller": "China", "system": system, "status": "ordered"}]))
    assert len(build_register(tmp_path).rows) == 3


def test_since_marks_new_deals_and_status_changes(tmp_path):
    three_reports_of_one_deal(tmp_path)
    chile, peru = build_register(tmp_path, since="2025-03-01").rows
    assert not chile["new"] and peru["new"] is False
    assert [(c["from"], c["to"]) for c in chile["status_changes"]] == [("ordered", "delivering"),
                                                                      ("delivering", "delivered")]
    chile, peru = build_register(tmp_path, since="2025-01-15").rows
    assert not chile["new"] and peru["new"]


def test_against_an_earlier_register_marks_new_changed_and_gone(tmp_path):
    out = tmp_path / "out"
    write_summary(out, "zulu-order.txt", ORDER, summary(ORDER, "2025-01-10", [("Chile", "state"), ("Spain", "state")], [
        {"buyer": "Chile", "seller": "Spain", "system": "Halcon HX-2 drones", "quantity": 12, "status": "ordered"}]))
    write_summary(out, "gone.txt", RADARS, summary(RADARS, "2025-01-11", [("Chile", "state"), ("Spain", "state")], [
        {"buyer": "Chile", "seller": "Spain", "system": "Tizona coastal radars", "status": "ordered"}]))
    write_register(build_register(out), tmp_path / "yesterday")
    (out / "gone.txt.json").unlink()
    three_reports_of_one_deal(out)
    register = build_register(out, against=tmp_path / "yesterday.json")
    chile, peru = register.rows
    assert not chile["new"] and peru["new"]
    assert chile["status_changes"][0]["from"] == "ordered" and chile["status_changes"][0]["to"] == "delivered"
    assert set(chile["new_sources"]) == {"alpha-first.txt", "mike-all.txt"}
    assert [row["designation"] for row in register.gone] == ["Tizona"]


def test_register_command_writes_csv_json_and_store_tables(tmp_path):
    three_reports_of_one_deal(tmp_path)
    sqlite3.connect(tmp_path / "summaries.db").close()
    result = CliRunner().invoke(cli, ["register", str(tmp_path), "--since", "2025-01-15"])
    assert result.exit_code == 0, result.output
    assert "2 deals from 4 articles, 1 reported by several" in result.output
    assert "new      Peru <- Brazil: Condor" in result.output
    with open(tmp_path / "register.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["recipient"] for r in rows] == ["Chile", "Peru"]
    assert rows[0]["status_history"] == "ordered > delivering > delivered"
    assert rows[0]["sources"] == "zulu-order.txt; alpha-first.txt; mike-all.txt"
    register = json.loads((tmp_path / "register.json").read_text())
    assert {tuple(p["names"]) for p in register["parties_merged"]} >= {("Chile", "Santiago", "the Chilean army"),
                                                                     ("Madrid", "Spain")}
    with sqlite3.connect(tmp_path / "summaries.db") as db:
        assert db.execute("select count(*) from register").fetchone() == (2,)
        assert db.execute("select count(*) from register_sources").fetchone() == (4,)
        assert db.execute("select count(*) from register_names").fetchone()[0] >= 3


def test_register_of_a_folder_without_summaries_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["register", str(tmp_path)], standalone_mode=False)
    assert "no summaries here" in str(result.exception) or "no summaries here" in result.output


def test_an_earlier_register_that_is_not_one_is_refused_by_name(tmp_path):
    three_reports_of_one_deal(tmp_path)
    (tmp_path / "old.json").write_text("[1, 2]")
    with pytest.raises(Exception, match="old.json: not a register file"):
        build_register(tmp_path, against=tmp_path / "old.json")


HOSTILE_TEXT = ("=HYPERLINK(\"http://x.test\") bought 4 @SUM(1+1) drones from +Acme Corp, reported -Tab.")


def test_register_csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_the_json_is_faithful(tmp_path):
    write_summary(tmp_path, "-report.txt", HOSTILE_TEXT, summary(
        HOSTILE_TEXT, "2025-01-10", [('=HYPERLINK("http://x.test")', "organisation"), ("+Acme Corp", "company")],
        [{"buyer": '=HYPERLINK("http://x.test")', "seller": "+Acme Corp", "system": "@SUM(1+1) drones",
          "quantity": 4, "status": "ordered"}]))
    write_register(build_register(tmp_path), tmp_path / "register")
    with open(tmp_path / "register.csv", newline="") as f:
        (row,) = list(csv.DictReader(f))
    formula_starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [value for value in row.values() if value.startswith(formula_starts)]
    assert row["recipient"] == "'=HYPERLINK(\"http://x.test\")" and row["sources"] == "'-report.txt"
    (faithful,) = json.loads((tmp_path / "register.json").read_text())["rows"]
    assert faithful["recipient"] == '=HYPERLINK("http://x.test")' and faithful["supplier"] == "+Acme Corp"


@pytest.mark.parametrize("rows", [[1, 2], [{"status": "ordered", "sources": "x"}], [{"sources": [{"article": 3}]}],
                                  [{"status": "ordered", "sources": [None]}]])
def test_against_a_register_with_rows_of_the_wrong_type_is_one_line(tmp_path, rows):
    three_reports_of_one_deal(tmp_path)
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps({"rows": rows}))
    result = CliRunner().invoke(cli, ["register", str(tmp_path), "--against", str(earlier)])
    assert result.exit_code != 0 and "row 1 is not a register row" in (result.output + str(result.exception))
    assert not isinstance(result.exception, (TypeError, KeyError, AttributeError))
