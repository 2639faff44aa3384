"""Running compiled rules over cases: the durable_rules adapter and its limit model, the
pure-Python evaluator, and the benchmark that compares them. Builds on `engine.law`.
"""
