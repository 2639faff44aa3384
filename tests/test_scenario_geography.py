"""Scenario keys of issue 10: `where.longitude` (and the region it lets a file leave out),
`hypothetical: true` without sources, and the event kind `coercion`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from engine.cli.main import app
from engine.evaluators.python import PythonEvaluator
from engine.formats.scenario import Scenario
from engine.formats.vocabulary import REGIONS
from engine.law.catalogue import load_scenario, shipped
from engine.verdict.judging import judge
from tests.conftest import dump

runner = CliRunner()


def _file(tmp_path: Path, where: dict[str, Any], **top: Any) -> Path:
    data: dict[str, Any] = {
        "id": "placed",
        "title": "An air strike on a US base",
        "date": "2020-01-01",
        "summary": "A state strikes a US base.",
        "sources": ["https://example.org/report"],
        "actors": {"USA": {"kind": "state"}, "IRN": {"kind": "state"}},
        "events": [
            {
                "id": "strike",
                "kind": "air_or_missile_strike",
                "by": "IRN",
                "against": "USA",
                "target": "armed_forces",
                "where": where,
                "attribution": "confirmed",
                "effects": "casualties",
            }
        ],
    }
    data.update(top)
    for key in [k for k, v in top.items() if v is None]:
        del data[key]
    path = tmp_path / "placed.yaml"
    path.write_text(dump(data), encoding="utf-8")
    return path


def test_region_is_derived_from_latitude_and_longitude(tmp_path: Path) -> None:
    path = _file(tmp_path, {"latitude": 21.35, "longitude": -157.95})  # Pearl Harbor
    loaded = load_scenario(path, shipped())
    assert loaded.scenario.events[0].where.region == "pacific"


def test_without_region_both_coordinates_are_needed(tmp_path: Path) -> None:
    path = _file(tmp_path, {"latitude": 21.35})
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "placed.yaml:" in result.stderr and "longitude" in result.stderr


def test_a_region_the_coordinates_contradict_is_warned_about(tmp_path: Path) -> None:
    path = _file(tmp_path, {"region": "europe", "latitude": 21.35, "longitude": -157.95})
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    line = next(x for x in (result.stdout + result.stderr).splitlines() if "not in europe" in x)
    assert "lie in pacific" in line and "placed.yaml:" in line


def test_a_region_the_coordinates_agree_with_is_not_warned_about(tmp_path: Path) -> None:
    path = _file(tmp_path, {"region": "pacific", "latitude": 21.35, "longitude": -157.95})
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0 and "not in" not in result.stdout + result.stderr


def test_longitude_is_bounded(tmp_path: Path) -> None:
    path = _file(tmp_path, {"region": "pacific", "latitude": 21.35, "longitude": 200.0})
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "longitude" in result.stderr


def test_a_hypothetical_may_cite_no_source(tmp_path: Path) -> None:
    path = _file(tmp_path, {"region": "pacific"}, sources=None, hypothetical=True)
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0


def test_a_historical_case_must_cite_a_source(tmp_path: Path) -> None:
    path = _file(tmp_path, {"region": "pacific"}, sources=None)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "hypothetical: true" in result.stderr and "placed.yaml:" in result.stderr


def _pressure(treaty: str, kind: str, region: str) -> Scenario:
    """`kind` done to a party by an outsider, on the party's territory, on a date it is a party."""
    book = shipped()[treaty].rulebook
    date, victim = next(
        (i.to or max(i.from_, dt.date(2020, 1, 1)), state)
        for state, intervals in sorted(book.membership.items())
        for i in intervals
        if i.status == "member"
    )
    attacker = next(s for s in ("NRU", "TUV", "KIR") if s not in book.membership)  # Pacific micro-states
    return Scenario.model_validate(
        {
            "id": "pressure",
            "title": kind,
            "date": date.isoformat(),
            "summary": "A party under pressure.",
            "hypothetical": True,
            "actors": {victim: {"kind": "state"}, attacker: {"kind": "state"}},
            "events": [
                {
                    "id": f"e{n}",
                    "kind": kind,
                    "by": attacker,
                    "against": victim,
                    "target": target,
                    "where": {"territory_of": victim, "region": region},
                    "attribution": "confirmed",
                    "effects": effects,
                    "foreign_backing": "none",
                    "in_self_defence": False,
                }
                for n, (target, effects) in enumerate((("territory", "casualties"), ("government", "disruption")))
            ],
        }
    )


def _defence(treaty: str, scenario: Scenario) -> set[str]:
    results = judge(scenario, shipped(), PythonEvaluator(), treaties=[treaty]).results
    return {r.status for r in results if r.outcome == "collective_defence"}


@pytest.mark.parametrize("treaty", sorted(shipped()))
def test_coercion_is_no_armed_attack_under_any_treaty(treaty: str) -> None:
    """Where an invasion would reach the treaty's defence clause, coercion with the same
    parties, place, targets and effects does not."""
    reached = None
    for region in REGIONS:
        try:
            if _defence(treaty, _pressure(treaty, "invasion", region)) - {"not_triggered"}:
                reached = region
                break
        except StopIteration:
            pytest.skip(f"{treaty} lists no member")
    if reached is None:
        pytest.skip(f"no invasion of a {treaty} party reaches its defence clause")
    assert _defence(treaty, _pressure(treaty, "coercion", reached)) == {"not_triggered"}


@pytest.mark.parametrize("treaty", sorted(shipped()))
def test_coercion_never_reaches_collective_defence_on_generated_files(treaty: str) -> None:
    """Not only where a probe invasion would reach the defence clause: on generated files of
    this treaty's states, dates and places (members or not, requests, pinned readings,
    unstated facts), a file whose every event is coercion never gets collective defence,
    under any reading."""
    from hypothesis import HealthCheck, given, settings

    from engine.checks.strategies import scenario_dicts

    book = shipped()[treaty]
    if "collective_defence" not in book.rulebook.outcomes:
        pytest.skip(f"{treaty} has no collective_defence outcome")

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(data=scenario_dicts(book))
    def check(data: dict[str, object]) -> None:
        for event in data["events"]:  # type: ignore[attr-defined]
            event["kind"] = "coercion"
        scenario = Scenario.model_validate(data)
        assert _defence(treaty, scenario) <= {"not_triggered"}, data

    check()
