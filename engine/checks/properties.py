"""Properties every rulebook must have, shared by tests/test_properties.py and `casus check`.

The public entry point: importing this module registers every property in PROPERTIES,
the verdict properties (P01-P10, verdict_properties) before the file properties (P11,
P13-P16, file_properties), the order `casus check` runs and prints them in. It
re-exports what callers use: the framework from propertykit (Context, Property, run on
a budget, hypothesis's storage) and the broken-input helpers from mutations.
"""

from __future__ import annotations

# The definition modules register in the order they are imported: keep them unsorted.
from engine.checks import verdict_properties  # noqa: F401  (registers P01-P10)

# isort: split
from engine.checks import file_properties  # noqa: F401  (registers P11, P13-P16)

# isort: split
from engine.checks.mutations import JUNK, _mutate
from engine.checks.propertykit import (
    PROPERTIES,
    Context,
    Property,
    cache_dir,
    examples_for,
    hypothesis_storage,
    run,
)

__all__ = [
    "JUNK",
    "PROPERTIES",
    "Context",
    "Property",
    "_mutate",
    "cache_dir",
    "examples_for",
    "hypothesis_storage",
    "run",
]
