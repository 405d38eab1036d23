"""English function words: what a phrase holds besides its content, for comparing wordings.

One list for every place that strips them (a copied example's wording, the words of a stance's target,
the keywords of an exported gold target), so they cannot drift apart.
"""

from ..lexicon import words

FUNCTION_WORDS = words("function_words", "words")
