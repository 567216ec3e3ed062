"""Drafting OKRs with an LLM: prompts, structured responses, rubric-driven repair.

Only `client.py` imports openai and instructor, and only when a drafter first talks to a model,
so the rest of okrcoach (and `okrcoach lint`) never pays for them.
"""
