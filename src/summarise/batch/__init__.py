"""A folder of articles through the pipeline: the resumable batch (`runner.py`) and what it would cost
(`estimate.py`). It writes through `outputs/`; the pipeline and the LLM layer do the work."""
