"""Workshop material: a curated example library, exercise handouts, generated examples and
template drafts that need no LLM.

Nothing here imports openai or instructor at module level; only `generate` talks to a model,
through `okrcoach.drafting.client`, and only when it is called.
"""
