"""The embedded engine: a local llama.cpp server the tool starts and stops, its model file, and what the
server does beyond llama-cpp-python's own (the schema's frame forced, first-token log-probabilities).

A server, not a client: `llm/` talks to it over the OpenAI protocol like any endpoint. Nothing here
imports `llm/` or the domain.
"""
