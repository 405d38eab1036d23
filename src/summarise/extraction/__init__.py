"""Extracting records: prompts, the draft the model fills in, grounding, and the rules that check it."""
