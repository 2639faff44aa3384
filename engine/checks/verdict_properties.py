"""The properties of verdicts (P01-P10): what judging a generated scenario must give.

The engine (P01-P02: the same verdict twice, from either evaluator), renaming (P03-P04:
actor codes are names, not law), membership and outsiders (P05-P06: no defence owed to
a non-party; an event between outsiders that alone triggers nothing changes no
verdict), what verdicts say (P07-P08: a trigger cites a valid provision, `contested`
means the readings disagree), and the rulebook file's order (P09-P10: shuffling
provisions or conditions changes nothing). Each registers itself with `@prop` from engine.checks.propertykit.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Iterator, Mapping
from typing import Any

from hypothesis import strategies as st

from engine.checks import strategies
from engine.checks.propertykit import RANDOMS, Context, PropertyFailure, _differ, _scenarios, _statuses, prop
from engine.formats.rulebook import Rulebook
from engine.formats.scenario import Scenario
from engine.formats.yamlsafe import Located
from engine.law.compiler import CompiledRulebook, compile_rulebook

NOT_OWED = ("non_member", "former")


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
        for c in sorted(strategies.v.iso_alpha3())
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
    "`contested` exactly when pinning the open readings gives different answers, or an unstated fact decides",
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
        pinned_verdict = ctx.verdict(scenario, readings=pins)
        for r in pinned_verdict["results"]:
            key = f"{r['treaty']}.{r['outcome']}"
            # With every reading pinned, only a fact the file leaves unstated can leave it open.
            if r["status"] == "contested" and not r.get("facts"):
                raise PropertyFailure(f"{key} is contested with every reading pinned and every fact stated: {pins}")
            seen.setdefault(key, set()).add(r["status"])
    for key, status in _statuses(verdict).items():
        answers = seen.get(key, set())
        expected = "contested" if len(answers) > 1 or "contested" in answers else next(iter(answers), status)
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
