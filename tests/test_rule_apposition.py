from summarise.extraction.rules import apposition


def test_an_apposition_after_a_comma_is_left_out():
    assert apposition.apply("Ines Arroyo, the defence minister of Peru") == "Ines Arroyo"
    assert apposition.apply("Kestrel Dynamics, which makes the drones") == "Kestrel Dynamics"


def test_a_name_with_a_comma_of_its_own_is_kept():
    assert apposition.apply("Hanwha Aerospace Co., Ltd.") == "Hanwha Aerospace Co., Ltd."
