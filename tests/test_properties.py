"""The rulebook properties (engine.checks.properties) as hypothesis tests, on every shipped rulebook.

Examples per test come from the hypothesis profile (tests/conftest.py: HYPOTHESIS_PROFILE,
`ci` by default), scaled down for the expensive properties (durable_rules, recompiling).
Each rulebook's Context (catalogue, vocabulary, strategies, YAML text) is built once and
shared by all its tests, as `casus check` shares it between properties.

P12 (generated scenarios validate against `casus schema`) lives here only: the schema
comes from the scenario model, not from a rulebook, so a user's rulebook cannot break it,
and its validator (jsonschema) is a development dependency.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.checks import strategies
from engine.checks.properties import PROPERTIES, Context, Property
from engine.law.catalogue import shipped

TREATIES = sorted(shipped())
_CONTEXTS: dict[str, Context] = {}

# Rulebook semantics that contradict a generic property on purpose or by a rulebook bug,
# reported to the rulebook owners; strict, so a fix shows up as XPASS.
# Properties a shipped rulebook is known to break (strict xfail: fixing one fails the test
# until the entry is removed).
KNOWN: dict[tuple[str, str], str] = {}


def context(treaty: str) -> Context:
    if treaty not in _CONTEXTS:
        _CONTEXTS[treaty] = Context(shipped()[treaty])
    return _CONTEXTS[treaty]


def _examples(p: Property) -> int:
    # Half the profile's budget: 16 properties x 6 rulebooks must stay well under a minute.
    return max(3, round(settings.default.max_examples * p.budget / 2))


def _params(name: str) -> list[Any]:
    out = []
    for t in TREATIES:
        reason = KNOWN.get((t, name))
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        out.append(pytest.param(t, id=t, marks=marks))
    return out


def _make(name: str) -> Any:
    p = PROPERTIES[name]

    @pytest.mark.parametrize("treaty", _params(name))
    @settings(max_examples=_examples(p))
    @given(data=st.data())
    def test(treaty: str, data: st.DataObject) -> None:
        ctx = context(treaty)
        p.check(ctx, data.draw(ctx.strategy(p), label=p.name))

    test.__doc__ = f"{p.id}: {p.summary}"
    return test


test_determinism = _make("determinism")
test_engines_agree = _make("engines-agree")
test_rename_non_state = _make("rename-non-state")
test_rename_states = _make("rename-states")
test_non_member_not_defended = _make("non-member-not-defended")
test_unrelated_event = _make("unrelated-event")
test_triggered_cites_valid = _make("triggered-cites-valid")
test_contested_iff_readings_differ = _make("contested-iff-readings-differ")
test_provision_order = _make("provision-order")
test_condition_order = _make("condition-order")
test_yaml_round_trip = _make("yaml-round-trip")
test_garbage_bytes = _make("garbage-bytes")
test_garbage_yaml = _make("garbage-yaml")
test_mutated_scenario = _make("mutated-scenario")
test_mutated_rulebook = _make("mutated-rulebook")


@pytest.mark.parametrize("treaty", TREATIES)
@settings(max_examples=30)
@given(data=st.data())
def test_json_schema(treaty: str, data: st.DataObject) -> None:
    """P12: every generated scenario validates against `casus schema`."""
    scenario = data.draw(strategies.scenarios(context(treaty).vocab))
    errors = list(_schema_validator().iter_errors(strategies.scenario_data(scenario)))
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]]


@functools.cache
def _schema_validator() -> Any:
    import jsonschema

    from engine.formats.schema import scenario_schema

    return jsonschema.Draft202012Validator(scenario_schema())


@pytest.mark.parametrize("treaty", TREATIES)
@settings(max_examples=10)
@given(data=st.data())
def test_a_broken_rulebook_text_is_the_whole_dump(treaty: str, data: st.DataObject) -> None:
    """P16 dumps a rulebook in sections, once, and re-dumps only the section or item a
    mutation touches: the text must be exactly the dump of the whole mutated rulebook."""
    from engine.checks.mutations import JUNK, _mutate

    text = context(treaty).rulebook_text
    path, junk, how = data.draw(text.paths), data.draw(JUNK), data.draw(st.integers(0, 3))
    whole = _mutate(copy.deepcopy(text.data), path, junk, how)
    expected = strategies.to_yaml(whole) if isinstance(whole, dict) else json.dumps(whole, default=str)
    assert text.broken(path, junk, how).text == expected
    assert text.data == copy.deepcopy(shipped_data(treaty))  # the base data is left intact


def shipped_data(treaty: str) -> dict[str, Any]:
    data: dict[str, Any] = shipped()[treaty].rulebook.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return data


def test_every_property_has_a_test() -> None:
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
    assert set(PROPERTIES) <= tested
    assert len(PROPERTIES) >= 12


@given(st.data())
@settings(max_examples=20)
def test_strategies_work_on_a_users_rulebook(data: st.DataObject) -> None:
    """The public strategies take any rulebook; generated scenarios load like a user's file."""
    from engine.checks.strategies import scenario_from_yaml, scenario_to_yaml, scenarios
    from engine.law.catalogue import Catalogue, load_rulebook

    book = load_rulebook(Path(__file__).parent / "fixtures/rulebooks/toy.yaml")
    scenario = data.draw(scenarios(book))
    assert scenario_from_yaml(scenario_to_yaml(scenario), Catalogue([book])) == scenario
