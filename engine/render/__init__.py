"""Verdicts and explanations into words: rich text for people, Markdown for papers. Builds on
`engine.verdict`; never decides anything.
"""
