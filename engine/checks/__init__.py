"""Is a rulebook consistent? The static check catalogue (C001-C008, `registry`), property
tests over generated scenarios (`properties`), each provision's worked examples, and the
public hypothesis strategies for scenarios (`strategies`).
"""
