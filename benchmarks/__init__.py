"""Performance benchmarks for summarizer: ``python -m benchmarks [--quick]``.

They report what they measure and never pass or fail on time. The model is the scripted
OpenAI-compatible server of the tests (``tests/fakeserver.py``), run in its own process
so its work does not share our interpreter; its answers are the eval fixtures' gold
summaries, which are grounded in their articles. Results: ``benchmarks/RESULTS.md``.
"""
