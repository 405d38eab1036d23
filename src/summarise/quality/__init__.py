"""How close the summaries in OUT are to gold annotations: `summarise eval GOLD_DIR OUT`.

Gold files follow ../shared/gold/GUIDELINES.md (`gold.py`); items are matched leniently on wording and
strictly on facts, as the development set's scorer matches them (`matching.py`); figures per article and
in total (`scoring.py`).
"""
