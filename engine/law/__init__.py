"""The law as data: condition trees, the rulebook compiler and its checks, the base facts a
scenario gives, and the catalogue of compiled rulebooks. Builds on `engine.formats` only.
"""
