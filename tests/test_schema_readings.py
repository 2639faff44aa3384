"""Regression: the exported JSON Schema accepted only booleans for readings, but the docs
(and YAML 1.2, which reads `yes` as text) write `{CSTO.non_state_aggression: yes}`."""

from __future__ import annotations

import jsonschema
import pytest

from engine.formats.schema import rulebook_schema, scenario_schema
from tests.conftest import MINIMAL


@pytest.mark.parametrize("value", ["yes", "no", "Yes", "true", True, False])
def test_schema_accepts_the_documented_reading_spellings(value: object) -> None:
    data = {**MINIMAL, "readings": {"CSTO.non_state_aggression": value}}
    jsonschema.Draft202012Validator(scenario_schema()).validate(data)


def test_schema_still_refuses_other_reading_values() -> None:
    data = {**MINIMAL, "readings": {"CSTO.non_state_aggression": "maybe"}}
    assert list(jsonschema.Draft202012Validator(scenario_schema()).iter_errors(data))


def test_rulebook_schema_accepts_yes_in_practice_answers() -> None:
    schema = rulebook_schema()
    assert "anyOf" in schema["$defs"]["PracticeNote"]["properties"]["answer"]
