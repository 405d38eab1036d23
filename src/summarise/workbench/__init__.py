"""The analyst's workbench: the review page served locally, recording decisions on the items (`server.py`)."""
