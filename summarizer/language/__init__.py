"""Shared knowledge of how news is written: dates, numbers, datelines, sentences, typography.

One owner for each piece, used by cleaning, grounding, the prompt and the providers. The
modules here import nothing else from summarizer, so every layer can build on them.
"""
