"""Verdict -> words: text for people, JSON and markdown for programs and papers."""
