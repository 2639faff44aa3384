"""JSON Schema of the file formats, generated from the pydantic models."""

from __future__ import annotations

from typing import Any

from engine.formats.rulebook import Rulebook
from engine.formats.scenario import Scenario

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def scenario_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema(by_alias=True)
    schema["$schema"] = DRAFT
    schema["title"] = "casus scenario (format v1)"
    schema["description"] = "What happened, when, to whom; judged by `casus run`. See docs/scenario-format.md."
    return schema


def rulebook_schema() -> dict[str, Any]:
    schema = Rulebook.model_json_schema(by_alias=True)
    schema["$schema"] = DRAFT
    schema["title"] = "casus rulebook"
    return schema
