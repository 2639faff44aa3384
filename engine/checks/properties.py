"""Properties every rulebook must have, shared by tests/test_properties.py and `casus check`.

Each property is a strategy (what to generate, from the rulebook's vocabulary) and a
check that raises PropertyFailure on a counterexample. `run` drives one property with
hypothesis on a budget and returns the shrunk counterexample as YAML; the tests draw
from the same strategies and call the same checks.

Every verdict here judges one rulebook on its own (a catalogue of that book, the
treaty forced), so a user's rulebook is tested without the shipped ones around it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import random
import re
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Verbosity, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir, storage_directory

from engine.checks import strategies
from engine.evaluators.python import PythonEvaluator
from engine.formats.errors import InputError
from engine.formats.rulebook import Rulebook
from engine.formats.scenario import Scenario
from engine.formats.yamlsafe import Located
from engine.law.catalogue import Catalogue
from engine.law.compiler import CompiledRulebook, compile_rulebook
from engine.verdict.judging import judge

NOT_OWED = ("non_member", "former")


class PropertyFailure(AssertionError):
    """A counterexample: the message says what differed. A property that checks variants
    of its input passes the one that failed, to be shown instead of the input."""

    def __init__(self, message: str, counterexample: Any = None) -> None:
        super().__init__(message)
        self.counterexample = counterexample


@dataclass
class Context:
    """One rulebook under test, with what the properties need of it, each built once and
    shared by every property (and every example): the catalogue, the vocabulary, each
    property's strategy, the rulebook as data and as YAML text."""

    book: CompiledRulebook
    python: PythonEvaluator = field(default_factory=PythonEvaluator)
    _durable: Any = None
    _strategies: dict[str, st.SearchStrategy[Any]] = field(default_factory=dict)

    @cached_property
    def catalogue(self) -> Catalogue:
        return Catalogue([self.book])

    @cached_property
    def vocab(self) -> strategies.Vocabulary:
        return strategies.vocabulary(self.book)

    @cached_property
    def rulebook_text(self) -> RulebookText:
        return RulebookText(self.book.rulebook.model_dump(mode="json", by_alias=True, exclude_defaults=True))

    def strategy(self, p: Property) -> st.SearchStrategy[Any]:
        """The property's strategy for this rulebook (hypothesis analyses a strategy object
        on its first draw, so the same object is handed out every time)."""
        if p.name not in self._strategies:
            self._strategies[p.name] = p.strategy(self)
        return self._strategies[p.name]

    @property
    def durable(self) -> Any:
        if self._durable is None:
            from engine.evaluators.durable import DurableEvaluator

            self._durable = DurableEvaluator()
        return self._durable

    def verdict(
        self,
        scenario: Scenario,
        evaluator: Any = None,
        *,
        book: CompiledRulebook | None = None,
        readings: Mapping[str, bool] | None = None,
    ) -> dict[str, Any]:
        book = book or self.book
        catalogue = self.catalogue if book is self.book else Catalogue([book])
        out = judge(scenario, catalogue, evaluator or self.python, treaties=[book.id], readings=readings).to_json()
        out.pop("engine")
        return out


Check = Callable[[Context, Any], None]
StrategyOf = Callable[[Context], st.SearchStrategy[Any]]


@dataclass(frozen=True)
class Property:
    id: str
    name: str
    summary: str
    strategy: StrategyOf
    check: Check
    budget: float = 1.0  # share of the example budget (durable evaluations are slow)
    scenario_input: bool = True  # the counterexample is a scenario (shown as YAML)


PROPERTIES: dict[str, Property] = {}


def prop(
    id_: str, name: str, summary: str, strategy: StrategyOf, *, budget: float = 1.0, scenario_input: bool = True
) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        PROPERTIES[name] = Property(id_, name, summary, strategy, fn, budget, scenario_input)
        return fn

    return register


def _scenarios(ctx: Context) -> st.SearchStrategy[Scenario]:
    return strategies.scenarios(ctx.vocab)


# A seeded stdlib Random, not st.randoms(): hypothesis turns each call on one of its
# randoms into draws through freshly built strategies, which made shuffling a rulebook
# (hundreds of calls) cost more than judging it. The seed shrinks like any integer.
RANDOMS = st.integers(0, 2**32 - 1).map(random.Random)


def _differ(what: str, a: Any, b: Any) -> PropertyFailure:
    return PropertyFailure(
        f"{what}\n  first:  {json.dumps(a, default=str, sort_keys=True)[:2000]}\n  second: {json.dumps(b, default=str, sort_keys=True)[:2000]}"
    )


def _statuses(verdict: Mapping[str, Any]) -> dict[str, str]:
    return {f"{r['treaty']}.{r['outcome']}": r["status"] for r in verdict["results"]}


# --- the engine -------------------------------------------------------------------------


@prop("P01", "determinism", "The same scenario gives the same verdict and explanation twice", _scenarios)
def determinism(ctx: Context, scenario: Scenario) -> None:
    first, second = ctx.verdict(scenario), ctx.verdict(scenario)
    if first != second:
        raise _differ("two runs of the same scenario differ", first, second)


@prop(
    "P02", "engines-agree", "durable_rules and the Python evaluator give the same verdict JSON", _scenarios, budget=0.25
)
def engines_agree(ctx: Context, scenario: Scenario) -> None:
    python, durable = ctx.verdict(scenario), ctx.verdict(scenario, ctx.durable)
    if python != durable:
        raise _differ("the python (first) and durable (second) verdicts differ", python, durable)


# --- renaming ---------------------------------------------------------------------------

_TOKEN = r"(?<![A-Za-z0-9_-])({})(?![A-Za-z0-9_-])"


def _rename_text(text: str, mapping: Mapping[str, str]) -> str:
    if not mapping:
        return text
    pattern = re.compile(_TOKEN.format("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True))))
    return pattern.sub(lambda m: mapping[m.group(1)], text)


def rename(scenario: Scenario, mapping: Mapping[str, str]) -> Scenario:
    """The scenario with actor ids renamed everywhere they are referenced."""
    data = strategies.scenario_data(scenario)

    def ren(x: Any) -> Any:
        return mapping.get(x, x) if isinstance(x, str) else x

    data["actors"] = {ren(k): {kk: ren(vv) for kk, vv in a.items()} for k, a in data["actors"].items()}
    for e in data["events"]:
        e["by"], e["against"] = ren(e["by"]), ren(e["against"])
        e["where"] = {k: (ren(x) if k in ("territory_of", "administered_by") else x) for k, x in e["where"].items()}
    for r in data.get("requests", []):
        r["by"] = ren(r["by"])
    return Scenario.model_validate(data)


def _check_renamed(ctx: Context, scenario: Scenario, mapping: dict[str, str]) -> None:
    if not mapping:
        return
    renamed = rename(scenario, mapping)
    expected = json.loads(_rename_text(json.dumps(ctx.verdict(scenario)), mapping))
    actual = ctx.verdict(renamed)
    if expected != actual:
        raise _differ(f"renaming {mapping} changed the verdict (expected, actual)", expected, actual)


@st.composite
def _with_group_names(draw: st.DrawFn, ctx: Context) -> tuple[Scenario, dict[str, str]]:
    scenario = draw(_scenarios(ctx))
    groups = [a for a, spec in scenario.actors.items() if spec.kind == "non_state"]
    names = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True),
            min_size=len(groups),
            max_size=len(groups),
            unique=True,
        )
    )
    fresh = [f"n-{n}" for n in names]  # "n-" keeps them apart from every state code and from grp-N
    return scenario, dict(zip(groups, fresh, strict=True))


@prop("P03", "rename-non-state", "Renaming non-state actors consistently changes nothing", _with_group_names)
def rename_non_state(ctx: Context, value: tuple[Scenario, dict[str, str]]) -> None:
    scenario, mapping = value
    _check_renamed(ctx, scenario, mapping)


def state_renaming(ctx: Context, scenario: Scenario, rng: random.Random) -> dict[str, str]:
    """Swap states with identical membership histories; move untouched outsiders to fresh codes.

    A state the rulebook names in a condition keeps its code (renaming it would change
    the law, not the name)."""
    named = set(ctx.vocab.named)
    states = sorted(a for a, spec in scenario.actors.items() if spec.kind == "state" and a not in named)
    history = {s: tuple(ctx.book.rulebook.membership.get(s, ())) for s in states}
    mapping: dict[str, str] = {}
    by_history: dict[tuple[Any, ...], list[str]] = {}
    for s in states:
        by_history.setdefault(history[s], []).append(s)
    unused = [
        c
        for c in sorted(strategies.v.ISO_ALPHA3)
        if c not in ctx.book.rulebook.membership and c not in named and c not in scenario.actors
    ]
    for hist, group in by_history.items():
        if hist == ():  # never a party: any code that is never a party will do
            for s in group:
                mapping[s] = unused.pop(rng.randrange(len(unused)))
        elif len(group) > 1:
            shuffled = group[:]
            rng.shuffle(shuffled)
            mapping.update({a: b for a, b in zip(group, shuffled, strict=True) if a != b})
    return mapping


@prop(
    "P04",
    "rename-states",
    "Permuting states with the same membership, or moving non-members to fresh codes, changes nothing",
    lambda ctx: st.tuples(_scenarios(ctx), RANDOMS),
)
def rename_states(ctx: Context, value: tuple[Scenario, random.Random]) -> None:
    scenario, rng = value
    _check_renamed(ctx, scenario, state_renaming(ctx, scenario, rng))


# --- membership and outsiders -----------------------------------------------------------


def _non_member_victims(ctx: Context, scenario: Scenario) -> Scenario | None:
    keep = [e for e in scenario.events if ctx.book.rulebook.status_on(e.against, scenario.date) in NOT_OWED]
    if not keep:
        return None
    return scenario.model_copy(update={"events": keep})


@st.composite
def _against_non_members(draw: st.DrawFn, ctx: Context) -> Scenario:
    """A scenario whose every event is against a state that is no party on its date
    (drawn so, rather than drawn freely and filtered: about half the events of a free
    draw are against a party, and test nothing here)."""
    data = draw(strategies.scenario_dicts(ctx.vocab))
    date = dt.date.fromisoformat(data["date"])
    rulebook = ctx.book.rulebook
    victims = [s for s in ctx.vocab.states if rulebook.status_on(s, date) in NOT_OWED]
    for event in data["events"]:
        victim = draw(st.sampled_from(victims))
        if event["where"]["territory_of"] == event["against"]:
            event["where"]["territory_of"] = victim
        event["against"] = victim
        data["actors"].setdefault(victim, {"kind": "state"})
        if event["by"] == victim and event["kind"] not in _SELF_INFLICTED:
            event["by"] = strategies.v.UNKNOWN_ACTOR
    return Scenario.model_validate(data)


@prop(
    "P05",
    "non-member-not-defended",
    "A non-member or former party on the date is never owed collective defence",
    _against_non_members,
    budget=0.5,
)
def non_member_not_defended(ctx: Context, scenario: Scenario) -> None:
    # Only a few event kinds lead to collective defence under any rulebook, and there are
    # few kinds in all: each is tried, not sampled. On tests/fixtures/rulebooks/broken-
    # property.yaml that finds the breach in 41 % of drawn scenarios, against 3 % when the
    # kind was drawn too, so half the examples do.
    only = _non_member_victims(ctx, scenario)
    rulebook = ctx.book.rulebook
    if (
        only is None
        or "collective_defence" not in rulebook.outcomes
        or "collective_defence" in rulebook.protects_non_parties
    ):
        return
    for variant in _every_kind(only):
        status = _statuses(ctx.verdict(variant))[f"{ctx.book.id}.collective_defence"]
        if status != "not_triggered":
            victims = sorted({e.against for e in variant.events})
            raise PropertyFailure(
                f"collective_defence is {status} for {', '.join(victims)}, not a party on {variant.date}",
                variant,
            )


def _every_kind(scenario: Scenario) -> Iterator[Scenario]:
    """The scenario as drawn, then with every event of each other kind (where that kind is
    valid for the event: only unrest and disasters may have `by` equal to `against`)."""
    yield scenario
    for kind in strategies.v.EVENT_KINDS:
        events = [
            e.model_copy(update={"kind": kind}) if e.by != e.against or kind in _SELF_INFLICTED else e
            for e in scenario.events
        ]
        if any(e.kind != old.kind for e, old in zip(events, scenario.events, strict=True)):
            yield scenario.model_copy(update={"events": events})


_SELF_INFLICTED = ("domestic_unrest", "disaster")


@st.composite
def _with_outsider_event(draw: st.DrawFn, ctx: Context) -> tuple[Scenario, Scenario, Scenario]:
    scenario = draw(_scenarios(ctx))
    outsiders = [o for o in ctx.vocab.outsiders if o not in scenario.actors][:2]
    if len(outsiders) < 2:
        return scenario, scenario, scenario
    a, b = outsiders
    actor_map = {a: {"kind": "state"}, b: {"kind": "state"}}
    event = draw(strategies.events(ctx.vocab, actor_map, "unrelated-outsiders"))
    event["where"]["territory_of"] = draw(st.sampled_from([a, b, None]))
    event["where"].pop("administered_by", None)
    if draw(st.booleans()):
        event["effects"] = "none"  # most rulebooks react to any armed conflict with damage
    data = strategies.scenario_data(scenario)
    data["actors"].update(actor_map)
    alone = {**data, "events": [event]}
    data["events"].append(event)
    return scenario, Scenario.model_validate(data), Scenario.model_validate(alone)


@prop(
    "P06",
    "unrelated-event",
    "Adding an event between two outsiders, which on its own triggers nothing, changes no verdict",
    _with_outsider_event,
)
def unrelated_event(ctx: Context, value: tuple[Scenario, Scenario, Scenario]) -> None:
    # "Unrelated" is decided by the rulebook, not by us: CSTO consults on any armed
    # conflict anywhere (CST Art. 2), Rio on any attack inside its security region.
    before, after, alone = value
    if any(s != "not_triggered" for s in _statuses(ctx.verdict(alone)).values()):
        return
    first, second = ctx.verdict(before), ctx.verdict(after)
    if first != second:
        raise _differ(
            "an event between two non-parties, which alone triggers nothing, changed the verdict", first, second
        )


# --- what verdicts say ------------------------------------------------------------------


@prop("P07", "triggered-cites-valid", "Every `triggered` cites at least one provision valid on the date", _scenarios)
def triggered_cites_valid(ctx: Context, scenario: Scenario) -> None:
    for r in ctx.verdict(scenario)["results"]:
        if r["status"] == "triggered" and not any(
            ctx.book.provision(p).source.valid_on(scenario.date) for p in r["provisions"]
        ):
            raise PropertyFailure(
                f"{r['outcome']} is triggered citing {r['provisions']}, none valid on {scenario.date}"
            )


@prop(
    "P08",
    "contested-iff-readings-differ",
    "`contested` exactly when pinning the open readings gives different answers",
    _scenarios,
    budget=0.5,
)
def contested_iff(ctx: Context, scenario: Scenario) -> None:
    import itertools

    verdict = ctx.verdict(scenario)
    pinned = {k.partition(".")[2] for k in scenario.readings if k.startswith(ctx.book.id + ".")}
    free = [r for r in ctx.book.readings_on(scenario.date) if r not in pinned]
    seen: dict[str, set[str]] = {}
    for values in itertools.product((False, True), repeat=len(free)):
        pins = {f"{ctx.book.id}.{r}": val for r, val in zip(free, values, strict=True)}
        for key, status in _statuses(ctx.verdict(scenario, readings=pins)).items():
            if status == "contested":
                raise PropertyFailure(f"{key} is contested with every reading pinned: {pins}")
            seen.setdefault(key, set()).add(status)
    for key, status in _statuses(verdict).items():
        answers = seen.get(key, set())
        expected = "contested" if len(answers) > 1 else next(iter(answers), status)
        if status != expected:
            raise PropertyFailure(f"{key} is {status}, but under the pinned readings it is {sorted(answers)}")


# --- the rulebook file's order ----------------------------------------------------------


def reorder(book: CompiledRulebook, rng: random.Random, *, conditions: bool) -> CompiledRulebook:
    """The same rulebook with provisions (and exceptions, and optionally condition items) shuffled."""
    rb = book.rulebook
    provisions = []
    for p in rb.provisions:
        defeats = list(p.defeats)
        rng.shuffle(defeats)
        update: dict[str, Any] = {"defeats": defeats}
        if conditions:
            update["when"] = _shuffle_condition(p.when, rng)
        provisions.append(p.model_copy(update=update))
    rng.shuffle(provisions)
    update_rb: dict[str, Any] = {"provisions": provisions}
    if conditions:
        update_rb["readings"] = dict(rng.sample(sorted(rb.readings.items()), len(rb.readings)))
        update_rb["membership"] = dict(rng.sample(sorted(rb.membership.items()), len(rb.membership)))
    shuffled: Rulebook = rb.model_copy(update=update_rb)
    return compile_rulebook(shuffled, Located(f"<{book.id} reordered>", None))


def _shuffle_condition(when: Any, rng: random.Random) -> Any:
    if isinstance(when, list):
        items = [_shuffle_condition(x, rng) for x in when]
        rng.shuffle(items)
        return items
    if isinstance(when, dict):
        items = list(when.items())
        rng.shuffle(items)
        return {k: _shuffle_condition(x, rng) if k in ("all", "any", "not") else x for k, x in items}
    return when


def _with_rng(ctx: Context) -> st.SearchStrategy[Any]:
    return st.tuples(_scenarios(ctx), RANDOMS)


@prop(
    "P09",
    "provision-order",
    "Shuffling provisions and exceptions in the file changes no verdict",
    _with_rng,
    budget=0.5,
)
def provision_order(ctx: Context, value: tuple[Scenario, random.Random]) -> None:
    scenario, rng = value
    other = reorder(ctx.book, rng, conditions=False)
    first, second = ctx.verdict(scenario), ctx.verdict(scenario, book=other)
    if first != second:
        raise _differ(f"shuffling the provisions changed the verdict ({_order(other)})", first, second)


@prop(
    "P10",
    "condition-order",
    "Shuffling the items of every all/any, readings and membership changes no status",
    _with_rng,
    budget=0.5,
)
def condition_order(ctx: Context, value: tuple[Scenario, random.Random]) -> None:
    scenario, rng = value
    other = reorder(ctx.book, rng, conditions=True)
    first, second = ctx.verdict(scenario), ctx.verdict(scenario, book=other)
    # The explanation lists reasons in the order the condition is written; everything else must hold.
    for r in (*first["results"], *second["results"]):
        r.pop("explanation")
    if first != second:
        raise _differ(f"shuffling conditions changed the verdict ({_order(other)})", first, second)


def _order(book: CompiledRulebook) -> str:
    # The counterexample shows the scenario; this says which shuffle it failed on.
    return "provisions in the file order " + ", ".join(p.id for p in book.rulebook.provisions)


# --- files ------------------------------------------------------------------------------


@prop("P11", "yaml-round-trip", "scenario -> YAML -> scenario gives the same scenario", _scenarios)
def yaml_round_trip(ctx: Context, scenario: Scenario) -> None:
    text = strategies.scenario_to_yaml(scenario)
    try:
        back = strategies.scenario_from_yaml(text, ctx.catalogue)
    except InputError as exc:
        raise PropertyFailure(f"the dumped YAML does not load: {exc}") from None
    if back != scenario:
        raise _differ("the scenario read back differs", scenario.model_dump(mode="json"), back.model_dump(mode="json"))


def _only_input_errors(text_or_bytes: str | bytes, load: Callable[[str], Any]) -> None:
    from engine.formats.yamlsafe import decode

    try:
        raw = text_or_bytes.encode("utf-8", "surrogatepass") if isinstance(text_or_bytes, str) else text_or_bytes
        load(decode(raw, "<garbage>"))
    except InputError:
        pass
    except Exception as exc:
        raise PropertyFailure(f"{type(exc).__name__}: {exc}") from exc


def _load_scenario_text(ctx: Context) -> Callable[[str], Any]:
    return lambda text: strategies.scenario_from_yaml(text, ctx.catalogue, "<garbage>")


YAML_BITS = st.sampled_from(
    [
        ":",
        " ",
        "  ",
        "\n",
        "- ",
        "{",
        "}",
        "[",
        "]",
        ",",
        "&a ",
        "*a",
        "!!python/object:os.system ",
        "!x ",
        "'",
        '"',
        "#",
        "|",
        ">",
        "? ",
        "null",
        "~",
        "yes",
        "1e9",
        "0x1F",
        "\t",
        "id",
        "date",
        "2021-02-30",
        "2021-04-29",
        "events",
        "actors",
        "kind",
        "state",
        "by",
        "against",
        "USA",
        "<<: ",
        "---",
        "...",
        "%YAML 1.1",
        "\\",
        "\u2028",
        "é",
        "\ufeff",
    ]
)


@prop(
    "P13",
    "garbage-bytes",
    "Random bytes as a scenario file give an InputError, nothing else",
    lambda ctx: st.binary(max_size=300),
    scenario_input=False,
)
def garbage_bytes(ctx: Context, raw: bytes) -> None:
    _only_input_errors(raw, _load_scenario_text(ctx))


@prop(
    "P14",
    "garbage-yaml",
    "YAML-like garbage text as a scenario file gives an InputError, nothing else",
    lambda ctx: st.one_of(st.text(max_size=200), st.lists(YAML_BITS, max_size=60).map("".join)),
    scenario_input=False,
)
def garbage_yaml(ctx: Context, text: str) -> None:
    _only_input_errors(text, _load_scenario_text(ctx))


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["2021-02-30", "yes", "unknown", "ZZZ", "", "-1", "state", "1900-01-01"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [path] + [p for k, x in data.items() for p in _leaves(x, (*path, k))]
    if isinstance(data, list):
        return [path] + [p for i, x in enumerate(data) for p in _leaves(x, (*path, i))]
    return [path]


def _mutate(data: Any, path: tuple[Any, ...], junk: Any, how: int) -> Any:
    if not path:
        return junk
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if how == 0 and isinstance(parent, dict):
        del parent[path[-1]]
    elif how == 1 and isinstance(parent, dict):
        parent[f"{path[-1]}x"] = junk  # an unknown (misspelt) key beside the real one
    else:
        parent[path[-1]] = junk
    return data


@st.composite
def _mutated_scenario(draw: st.DrawFn, ctx: Context) -> str:
    data = strategies.scenario_data(draw(_scenarios(ctx)))
    path = draw(st.sampled_from(_leaves(data)))
    return _text_of(_mutate(data, path, draw(JUNK), draw(_HOW)))


@prop(
    "P15",
    "mutated-scenario",
    "A valid scenario with one value broken loads or gives an InputError, nothing else",
    _mutated_scenario,
    scenario_input=False,
)
def mutated_scenario(ctx: Context, text: str) -> None:
    _only_input_errors(text, _load_scenario_text(ctx))


@dataclass(frozen=True)
class BrokenRulebook:
    """A rulebook's YAML text with one value broken, and what was broken (the counterexample)."""

    text: str
    what: str


class RulebookText:
    """A rulebook as plain data, its YAML text in sections, and that text with one value broken.

    Dumping YAML (ruamel.yaml's pure-Python emitter) was nine tenths of P16: the whole
    rulebook for every example, though one value changed. The text is the concatenation
    of the top-level sections, a list section's items one by one, each dumped once here;
    a broken text re-dumps only the section or item it touches, and is the same, byte for
    byte, as dumping the whole (tests/test_properties.py checks that).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.paths = st.sampled_from(_leaves(data))
        self._sections = {key: self._section(key, value) for key, value in data.items()}

    @staticmethod
    def _section(key: Any, value: Any) -> list[str]:
        if isinstance(value, list) and value and isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
            return [f"{key}:\n", *(strategies.to_yaml([item]) for item in value)]
        return [strategies.to_yaml({key: value})]

    def broken(self, path: tuple[Any, ...], junk: Any, how: int) -> BrokenRulebook:
        what = _describe(self.data, path, junk, how)
        if not path:
            return BrokenRulebook(_text_of(junk), what)
        data = _mutate(_copy_along(self.data, path), path, junk, how)
        parts: list[str] = []
        for key, value in data.items():
            if key != path[0] and key in self._sections:
                parts += self._sections[key]
            elif key == path[0] and len(path) > 1 and len(self._sections[key]) > 1:
                section = self._sections[key][:]
                section[1 + path[1]] = strategies.to_yaml([value[path[1]]])  # only this item changed
                parts += section
            else:
                parts += self._section(key, value)
        return BrokenRulebook("".join(parts), what)


_PLAIN_KEY = re.compile(r"[a-z_]+")


def _copy_along(data: Any, path: tuple[Any, ...]) -> Any:
    """`data` with the containers down to the parent of `path` copied, so `_mutate` leaves it intact."""
    root = copy.copy(data)
    node = root
    for key in path[:-1]:
        node[key] = copy.copy(node[key])
        node = node[key]
    return root


def _text_of(data: Any) -> str:
    return strategies.to_yaml(data) if isinstance(data, dict) else json.dumps(data, default=str)


def _describe(data: Any, path: tuple[Any, ...], junk: Any, how: int) -> str:
    if not path:
        return f"the whole file replaced by {junk!r}"
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    where = ".".join(map(str, path))
    if how == 0 and isinstance(parent, dict):
        return f"{where} deleted"
    if how == 1 and isinstance(parent, dict):
        return f"{where}x: {junk!r} added beside {where}"
    return f"{where} replaced by {junk!r}"


_HOW = st.integers(0, 3)


@st.composite
def _broken_rulebook(draw: st.DrawFn, ctx: Context) -> BrokenRulebook:
    text = ctx.rulebook_text
    return text.broken(draw(text.paths), draw(JUNK), draw(_HOW))


def _load_rulebook_text(text: str) -> Any:
    from engine.formats.modelcheck import validate
    from engine.formats.yamlsafe import load_yaml

    located = load_yaml(text, "<mutated>")
    return compile_rulebook(validate(Rulebook, located), located)


@prop(
    "P16",
    "mutated-rulebook",
    "The rulebook with one value broken compiles or gives an InputError, nothing else",
    _broken_rulebook,
    budget=0.5,
    scenario_input=False,
)
def mutated_rulebook(ctx: Context, broken: BrokenRulebook) -> None:
    _only_input_errors(broken.text, _load_rulebook_text)


# --- running one property on a budget ---------------------------------------------------


@dataclass
class Outcome:
    property: Property
    status: str  # passed | failed
    message: str = ""
    counterexample: str = ""  # YAML of the shrunk scenario, or the repr of the input
    examples: int = 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.property.id,
            "name": self.property.name,
            "status": self.status,
            "examples": self.examples,
        }
        if self.message:
            out["message"] = self.message
        if self.counterexample:
            out["counterexample"] = self.counterexample
        return out


def examples_for(p: Property, budget: int) -> int:
    return max(1, round(budget * p.budget))


def run(p: Property, ctx: Context, examples: int, *, seed: int | None = 0) -> Outcome:
    """Run a property with hypothesis; a failure comes back shrunk, shown as YAML.

    With a seed (the default) a run is reproducible: each property draws from its own
    fixed seed, derived from `seed` and its id, so that the properties do not all test
    the same scenarios. No example database is kept, and hypothesis's own caches go to
    the user's cache directory (`hypothesis_storage`), never into the current one.
    """
    last: dict[str, Any] = {}
    count = [0]

    def body(value: Any) -> None:
        count[0] += 1
        try:
            p.check(ctx, value)
        except Exception as exc:
            last["value"], last["exc"] = value, exc  # hypothesis replays the shrunk example last
            raise

    test = settings(
        max_examples=examples_for(p, examples),
        deadline=None,
        database=None,
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )(given(ctx.strategy(p))(body))
    if seed is not None:
        test = hypothesis.seed(zlib.crc32(f"{seed}:{p.id}".encode()))(test)
    try:
        with hypothesis_storage():
            test()
    except Exception as exc:
        if "value" not in last:
            return Outcome(p, "failed", f"{type(exc).__name__}: {exc}", examples=count[0])
        err = last["exc"]
        if isinstance(err, PropertyFailure):
            shown = last["value"] if err.counterexample is None else err.counterexample
            return Outcome(p, "failed", str(err), show(shown), count[0])
        return Outcome(p, "failed", f"{type(err).__name__}: {err}", show(last["value"]), count[0])
    return Outcome(p, "passed", examples=count[0])


def cache_dir() -> Path:
    """Where hypothesis keeps its caches during `casus check`: $HYPOTHESIS_STORAGE_DIRECTORY
    if set, else casus/hypothesis in the user's cache directory ($XDG_CACHE_HOME or ~/.cache)."""
    if where := os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        return Path(where)
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home directory
        base = Path(tempfile.gettempdir())
    return base / "casus" / "hypothesis"


@contextmanager
def hypothesis_storage() -> Iterator[Path]:
    """Point hypothesis's storage at `cache_dir()` for the duration, then back.

    Even with no example database, hypothesis writes caches into ./.hypothesis of
    whatever directory it runs in: the Unicode category table that text strategies
    need, and the literals of local modules it mixes into generation. They are worth
    keeping (a first run computes them in about a second) but not in the user's folder.
    Restoring the previous home keeps a test session's own database where it was."""
    home: Any = storage_directory()  # resolves the home as hypothesis would (env, or ./.hypothesis); creates nothing
    previous = Path(getattr(home, "path", home))  # a StorageDirectory since hypothesis 6.13x, a Path before
    where = cache_dir()
    set_hypothesis_home_dir(where)
    try:
        yield where
    finally:
        set_hypothesis_home_dir(previous)


def show(value: Any) -> str:
    """A counterexample as a user can reproduce it: scenarios as YAML files."""
    if isinstance(value, Scenario):
        return strategies.scenario_to_yaml(value)
    if isinstance(value, BrokenRulebook):
        return value.what
    if isinstance(value, tuple):
        shown = [show(x) for x in value if not isinstance(x, random.Random)]
        return "\n---\n".join(x for x in shown if x)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, (dt.date, str, bytes)):
        return repr(value)
    return repr(value)
