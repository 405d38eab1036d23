"""The LLM: the openai client with instructor and tenacity, the embedded engine and its model, cached answers."""
