"""Files and their models: untrusted YAML read with a position for every value, the
scenario and rulebook models, the format's vocabularies, located errors and where the
shipped data lives. Imports nothing else from `engine`.
"""
