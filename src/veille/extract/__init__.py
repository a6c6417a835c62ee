"""Extractors: each module has one entry point `extract_<what>(ctx: DocContext) -> list[record]`.

They run in the order of `STAGES`; each may read what the earlier ones put on the context.
"""
