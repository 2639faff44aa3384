"""Every limit casus sets on its input, in one table: what is counted, the bound, and why.

Each bound keeps a hostile or careless file from costing unbounded time or memory, or from
reaching a part of the C rules engine that fails badly. A file past a bound is refused with a
located message (`file:line:col: ...`) and exit 2, never cut short in silence. The README's
limits table is generated from LIMITS (`python -m engine.formats.limits`), and
tests/test_hostile.py checks that it and the modules enforcing each bound agree.

Passing example: a scenario with 3 events and 4 actors is read as written.
Failing example: a scenario with 21 events is refused at its `events:` key.
"""

from __future__ import annotations

from dataclasses import dataclass

# Reading a file (engine.formats.yamlsafe / yamlevents): checked before and while parsing.
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 100_000  # values (scalars, lists, mappings) built, aliases counted again
MAX_DEPTH = 40
MAX_ALIASES = 64

# Sizes of a document's top-level collections, checked as soon as the file is read (before
# any model is validated: 20,000 actors took ~20 s to validate). Shipped scenarios have at
# most 3 events and 4 actors; shipped rulebooks at most a few dozen provisions. Judging costs
# ~0.1-0.5 s and ~4 MB per event (measured on 20 and 100 copies of one event), and whatif more.
# Events were at most 50 until the worst file within the limits was measured: a user rulebook
# with 14 readings every provision reads (16,384 combinations per event, MAX_EVENT_COMBINATIONS)
# on 50 events took 117 s and 5.7 GB to judge (durable engine); on 20 events 42 s and 2.3 GB.
MAX_EVENTS = 20
MAX_ACTORS = 500
MAX_PROVISIONS = 1_000
COUNTED_KEYS = {"events": MAX_EVENTS, "actors": MAX_ACTORS, "provisions": MAX_PROVISIONS}

# Open readings x answers to unstated facts judged per event, each one evaluation; past it the
# file is refused (CombinationLimitError, engine.law.cases) and `casus check` flags a rulebook
# that can exceed it (C009). The CSTO's ten open readings with two unstated facts (6,144 cases)
# take ~1.5 s in Python. Judging is never cut short, so the worst file within the limits is
# MAX_EVENTS events at this bound (measured above MAX_EVENTS).
MAX_EVENT_COMBINATIONS = 16_384

# Combinations one `casus sweep` judges (all of them, or --sample N): ~1 minute of the python
# evaluator's ~150,000 a second on this machine's shipped scenarios.
MAX_COMBINATIONS = 10_000_000

# Default time budgets (seconds, per file or per rulebook; --time-budget, 0 = none) of the
# searches that may stop early with a result labelled partial (engine.formats.budget). whatif
# on 50 copies of one event took 63-72 s before its budget; shipped scenarios take ~1-3 s.
WHATIF_TIME_BUDGET = 30.0
# check's properties (per rulebook; the static checks always run to the end): the default
# --examples 50 takes ~4 s on the largest shipped rulebook, so this only stops deep runs
# (--examples 1000 and more) and very large user rulebooks.
CHECK_TIME_BUDGET = 120.0
# sweep (per command): MAX_COMBINATIONS is already ~1 minute of the python evaluator on the
# shipped scenarios; the budget bounds a sweep of a costlier file (more events, a user
# rulebook's readings) or the durable engine's ~10x slower rows.
SWEEP_TIME_BUDGET = 300.0

# Errors listed for one file: past this, a count of the rest.
MAX_PROBLEMS_SHOWN = 50


@dataclass(frozen=True)
class Limit:
    what: str  # what is counted
    bound: str  # the bound, as the README shows it
    enforced_by: str  # the module that refuses past it
    message: str  # the start of the message a user sees past it


LIMITS: tuple[Limit, ...] = (
    Limit("file size", f"{MAX_FILE_BYTES:,} bytes", "engine.formats.yamlsafe", "file is N bytes; the limit is ..."),
    Limit("file kind", "regular files only", "engine.formats.yamlsafe", "is a FIFO, not a regular file ..."),
    Limit("values in a file", f"{MAX_NODES:,}", "engine.formats.yamlsafe", f"more than {MAX_NODES:,} values"),
    Limit("nesting depth", f"{MAX_DEPTH}", "engine.formats.yamlevents", f"nesting deeper than {MAX_DEPTH} levels"),
    Limit("YAML aliases", f"{MAX_ALIASES}", "engine.formats.yamlevents", f"more than {MAX_ALIASES} YAML aliases"),
    Limit("events in a scenario", f"{MAX_EVENTS}", "engine.formats.yamlsafe", f"{MAX_EVENTS + 1} events; casus allows"),
    Limit("actors in a scenario", f"{MAX_ACTORS}", "engine.formats.yamlsafe", f"{MAX_ACTORS + 1} actors; casus allows"),
    Limit(
        "provisions in a rulebook",
        f"{MAX_PROVISIONS:,}",
        "engine.formats.yamlsafe",
        f"{MAX_PROVISIONS + 1:,} provisions; casus allows",
    ),
    Limit(
        "engine rules per rulebook", "4,000", "engine.evaluators.durable_limits", "N engine rules; durable_rules fails"
    ),
    Limit("numbers", "±1.8e308", "engine.evaluators.durable_limits", "the number ... is too large to compare"),
    Limit(
        "combinations in one sweep",
        f"{MAX_COMBINATIONS:,}",
        "engine.cli.sweep",
        f"casus judges at most {MAX_COMBINATIONS:,} in one sweep",
    ),
    Limit(
        "open readings x unstated answers per event",
        f"{MAX_EVENT_COMBINATIONS:,}",
        "engine.law.cases",
        f"event 'ID' under TREATY has N combinations ..., more than the {MAX_EVENT_COMBINATIONS:,} casus judges",
    ),
    Limit(
        "time of `whatif` per file",
        f"{WHATIF_TIME_BUDGET:g} s (--time-budget)",
        "engine.analyses.whatif",
        f"whatif: stopped at the time budget of {WHATIF_TIME_BUDGET:g} s after ...; the flips below are the smallest found so far",
    ),
    Limit(
        "time of `check`'s properties per rulebook",
        f"{CHECK_TIME_BUDGET:g} s (--time-budget)",
        "engine.checks.propertykit",
        f"check: stopped at the time budget of {CHECK_TIME_BUDGET:g} s after N examples of P05; the properties after it were not run",
    ),
    Limit(
        "time of `sweep`",
        f"{SWEEP_TIME_BUDGET:g} s (--time-budget)",
        "engine.cli.sweep",
        f"sweep: stopped at the time budget of {SWEEP_TIME_BUDGET:g} s after judging N of M combinations; the N rows above are ...",
    ),
    Limit(
        "errors shown per file",
        f"{MAX_PROBLEMS_SHOWN}",
        "engine.cli.common",
        "... and N more problems in this file",
    ),
    Limit("worker processes (--jobs)", "the CPU count", "engine.analyses.batch", "(clamped, no message)"),
)


def markdown_table() -> str:
    """The README's limits table."""
    rows = ["| what | limit | past it |", "|---|---|---|"]
    rows += [f"| {x.what} | {x.bound} | `{x.message}` |" for x in LIMITS]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
