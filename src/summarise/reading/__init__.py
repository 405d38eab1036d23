"""Reading articles: bytes to clean text, sentences, dates, and excerpts that fit the context."""
