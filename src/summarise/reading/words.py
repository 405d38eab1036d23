"""English function words: what a phrase holds besides its content, for comparing wordings.

One list for every place that strips them (a copied example's wording, the words of a stance's target,
the keywords of an exported gold target), so they cannot drift apart.
"""

FUNCTION_WORDS = frozenset({
    "the", "a", "an", "of", "to", "for", "on", "in", "and", "with", "its", "their", "his", "her", "from", "by",
    "about", "against", "over", "under", "between", "toward", "towards", "into", "that", "this", "these", "those",
    "s",
})
