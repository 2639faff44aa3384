"""The properties of files (P11, P13-P16): what reading a scenario or rulebook file must give.

A generated scenario survives a round trip through YAML (P11); random bytes, YAML-like
garbage, and a valid scenario or rulebook with one value broken (mutations) load, or
fail with an InputError and nothing else (P13-P16). P12 checks the JSON Schema and
lives in tests/test_properties.py only. Each registers itself with `@prop` from
engine.checks.propertykit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from engine.checks import strategies
from engine.checks.mutations import _HOW, JUNK, BrokenRulebook, _leaves, _mutate, _text_of
from engine.checks.propertykit import Context, PropertyFailure, _differ, _scenarios, prop
from engine.formats.errors import InputError
from engine.formats.rulebook import Rulebook
from engine.formats.scenario import Scenario
from engine.law.compiler import compile_rulebook

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
