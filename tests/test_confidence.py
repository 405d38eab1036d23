import json
from importlib.resources import files

import pytest

from summarise.extraction.confidence import Calibration, calibration_for, read_off, with_confidence

from rule_fakes import article_of, deal

POINTS = ((0.3, 0.2), (0.5, 0.6), (0.7, 0.9))


@pytest.mark.parametrize("probability, confidence", [(0.1, 0.2), (0.3, 0.2), (0.4, 0.4), (0.6, 0.75), (0.95, 0.9)])
def test_a_probability_is_read_off_the_line_through_the_points_and_flat_beyond_them(probability, confidence):
    assert read_off(POINTS, probability) == pytest.approx(confidence)


def test_an_item_gets_the_confidence_its_probability_reads_and_keeps_its_probability():
    article = article_of("Radar Deal\nEstonia buys two Ground Master radars from Thales.")
    asked = deal(article, "Estonia", "Thales", "Ground Master radars", 2).model_copy(update={"probability": 0.4})
    never_asked = deal(article, "Estonia", "Thales", "Ground Master radars", 2)
    calibration = Calibration(name="test", points={"acquisitions": POINTS})
    calibrated, unasked = with_confidence([asked, never_asked], "acquisitions", calibration)
    assert (calibrated.probability, calibrated.confidence) == (0.4, 0.4)
    assert unasked.confidence is None


def test_a_model_without_a_calibration_keeps_its_probability_as_the_confidence():
    article = article_of("Radar Deal\nEstonia buys two Ground Master radars from Thales.")
    asked = deal(article, "Estonia", "Thales", "Ground Master radars", 2).model_copy(update={"probability": 0.45})
    assert calibration_for("a model never measured") is None
    assert with_confidence([asked], "acquisitions", None)[0].confidence == 0.45


def test_the_shipped_calibration_rises_with_the_probability_for_every_model_and_category():
    fitted = json.loads(files("summarise.extraction").joinpath("calibration.json").read_text(encoding="utf-8"))
    for model, entry in fitted["models"].items():
        assert calibration_for(model).name == entry["name"]
        for points in entry["points"].values():
            assert [p for p, _ in points] == sorted(p for p, _ in points)
            assert [s for _, s in points] == sorted(s for _, s in points)
            assert all(0.0 <= s <= 1.0 for _, s in points)
