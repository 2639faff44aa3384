"""Questions asked of many verdicts: the smallest change that flips one (whatif), one event
under every treaty (compare), decision tables (sweep), `expect:` blocks, and the crash-isolated
worker pools that batches and sweeps run on.
"""
