"""Cases' results turned into an answer: one status per treaty and outcome, the deciding
provisions, why and why not, and the table under every reading. Builds on the evaluators.
"""
