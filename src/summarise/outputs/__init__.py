"""Outputs: the batch over a folder, durable writes, the SQLite store and the review page."""
