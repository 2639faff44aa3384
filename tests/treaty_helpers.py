"""Build one-event scenarios in code and judge them under one treaty (pure-Python evaluator)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.evaluators.python import PythonEvaluator
from engine.formats.scenario import Scenario
from engine.law.catalogue import shipped
from engine.verdict.judging import Verdict, judge


def event_scenario(
    date: str,
    *,
    by: str,
    against: str,
    kind: str = "air_or_missile_strike",
    target: str = "territory",
    territory_of: str | None = None,
    region: str = "europe",
    latitude: float | None = None,
    longitude: float | None = None,
    administered_by: str | None = None,
    status: str = "undisputed",
    attacker: dict[str, Any] | None = None,
    effects: str = "casualties",
    attribution: str = "confirmed",
    requests: list[dict[str, Any]] | None = None,
    extra_actors: dict[str, dict[str, Any]] | None = None,
    in_self_defence: bool = False,
) -> Scenario:
    actors: dict[str, dict[str, Any]] = {against: {"kind": "state"}}
    if by != "unknown":
        actors[by] = attacker or {"kind": "state"}
    actors.update(extra_actors or {})
    where: dict[str, Any] = {"territory_of": territory_of, "region": region, "status": status}
    if latitude is not None:
        where["latitude"] = latitude
    if longitude is not None:
        where["longitude"] = longitude
    if administered_by is not None:
        where["administered_by"] = administered_by
    event: dict[str, Any] = {
        "id": "e",
        "kind": kind,
        "by": by,
        "against": against,
        "target": target,
        "where": where,
        "attribution": attribution,
        "effects": effects,
        "in_self_defence": in_self_defence,
    }
    return Scenario.model_validate(
        {
            "id": "t",
            "title": "t",
            "date": date,
            "summary": "t",
            "sources": ["https://example.org/"],
            "actors": actors,
            "events": [event],
            "requests": requests or [],
        }
    )


def verdict(treaty: str, scenario: Scenario, readings: dict[str, bool] | None = None) -> Verdict:
    return judge(scenario, shipped(), PythonEvaluator(), treaties=[treaty], readings=readings or {})


def statuses(treaty: str, scenario: Scenario, readings: dict[str, bool] | None = None) -> dict[str, str]:
    return {r.outcome: r.status for r in verdict(treaty, scenario, readings).results}


def status_on(treaty: str, state: str, date: str) -> str:
    return shipped()[treaty].rulebook.status_on(state, dt.date.fromisoformat(date))
