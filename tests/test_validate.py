"""`casus validate` (and the shared loading path): every problem of a file in one pass,
sources that are URLs, scenario ids unique in a batch and matching their file names."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from engine.cli.main import app
from engine.formats.errors import InputError
from engine.formats.schema import scenario_schema
from engine.law.catalogue import Catalogue, load_scenario
from tests.conftest import REPO, dump

runner = CliRunner()
LOCATED = re.compile(r"^(?P<file>[^:]+\.yaml):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")


def located_lines(stderr: str) -> list[tuple[str, int, str]]:
    """(file name, line, message) of every located message on stderr."""
    found = []
    for text in stderr.splitlines():
        match = LOCATED.match(text)
        if match:
            found.append((Path(match["file"]).name, int(match["line"]), match["msg"]))
    return found


def line_of(path: Path, number: int) -> str:
    return path.read_text().splitlines()[number - 1]


def several_mistakes(data: dict[str, Any]) -> dict[str, Any]:
    """A scenario with a model error, two undeclared actors and a source that is no URL."""
    data["sources"] = ["notaurl"]
    data["events"][0]["by"] = "TJK"
    data["events"][0]["where"]["region"] = "central_asa"
    data["requests"] = [{"by": "UZB", "treaty": "CSTO", "asks": "consultation"}]
    return data


def test_validate_reports_model_and_reference_problems_in_one_pass(
    write: Callable[..., Path], scenario_data: dict[str, Any]
) -> None:
    path = write(dump(several_mistakes(scenario_data)), "minimal.yaml")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    found = located_lines(result.stderr)
    assert len(found) == 4, result.stderr
    by_text = {message.split(";")[0]: line for _, line, message in found}
    assert line_of(path, by_text["sources.0: 'notaurl' is not an http(s) URL with a host"]).strip() == "- notaurl"
    assert line_of(path, by_text["'TJK' is not declared under actors"]).strip() == "by: TJK"
    assert "region: central_asa" in line_of(path, next(ln for _, ln, m in found if "central_asa" in m))
    assert "by: UZB" in line_of(path, by_text["'UZB' is not declared under actors"])
    assert [ln for _, ln, _ in found] == sorted(ln for _, ln, _ in found), "problems come in line order"


@pytest.mark.parametrize("command", [["run", "--engine", "python"], ["test", "--engine", "python"]])
def test_run_and_test_report_the_same_problems_as_validate(
    write: Callable[..., Path], scenario_data: dict[str, Any], command: list[str]
) -> None:
    path = write(dump(several_mistakes(scenario_data)), "minimal.yaml")
    validated = runner.invoke(app, ["validate", str(path)])
    judged = runner.invoke(app, [command[0], str(path), *command[1:]])
    assert judged.exit_code == 2
    assert located_lines(judged.stderr) == located_lines(validated.stderr)


def test_undeclared_actor_beside_a_malformed_actor(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue
) -> None:
    scenario_data["actors"]["CHN"] = {"kind": "stat"}
    scenario_data["events"][0]["against"] = "KAZ"
    with pytest.raises(InputError) as info:
        load_scenario(write(dump(scenario_data)), catalogue)
    messages = [p.message for p in info.value.problems]
    assert any("'stat' is not one of" in m for m in messages)
    assert "'KAZ' is not declared under actors" in " ".join(messages)
    # CHN is declared (its kind is what is wrong): `by: CHN` must not be called undeclared or a non-state.
    assert not any("'CHN'" in m for m in messages), messages


def test_a_missing_actors_block_does_not_make_every_reference_undeclared(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue
) -> None:
    del scenario_data["actors"]
    scenario_data["requests"] = [{"by": "KGZ", "treaty": "CTSO", "asks": "consultation"}]
    with pytest.raises(InputError) as info:
        load_scenario(write(dump(scenario_data)), catalogue)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 2, messages
    assert "missing required key 'actors'" in messages[0] or "missing required key 'actors'" in messages[1]
    assert any("unknown treaty 'CTSO'; did you mean 'CSTO'?" in m for m in messages)


def test_a_malformed_value_is_not_also_reported_as_a_reference(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue
) -> None:
    scenario_data["events"][0]["by"] = "not an id!"
    with pytest.raises(InputError) as info:
        load_scenario(write(dump(scenario_data)), catalogue)
    (problem,) = info.value.problems
    assert "events.0.by" in problem.message and "not declared" not in problem.message


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        ("notaurl", "write the full address"),
        ("example.org/report", "add the scheme: https://example.org/report"),
        ("ftp://example.org/report", "write the full address"),
        ("https://", "write the full address"),
        ("https:///path-only", "write the full address"),
        ("https://example.org/a report", "write the full address"),
        ("https://[::1/", "write the full address"),
    ],
)
def test_sources_must_be_http_urls_with_a_host(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue, source: str, hint: str
) -> None:
    scenario_data["sources"] = ["https://example.org/fine", source]
    path = write(dump(scenario_data))
    with pytest.raises(InputError) as info:
        load_scenario(path, catalogue)
    (problem,) = info.value.problems
    assert problem.line is not None and source in line_of(path, problem.line)
    assert "is not an http(s) URL with a host" in problem.message and hint in problem.message


def test_practice_sources_must_be_urls_too(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue
) -> None:
    scenario_data["practice"] = [{"treaty": "CSTO", "summary": "Nothing.", "sources": ["a press release"]}]
    with pytest.raises(InputError) as info:
        load_scenario(write(dump(scenario_data)), catalogue)
    (problem,) = info.value.problems
    assert problem.message.startswith("practice.0.sources.0: 'a press release' is not an http(s) URL")


@pytest.mark.parametrize("source", ["http://example.org", "https://www.example.org/a/b?c=d#e", "https://[::1]:8080/x"])
def test_good_sources_pass(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue, source: str
) -> None:
    scenario_data["sources"] = [source]
    assert load_scenario(write(dump(scenario_data)), catalogue).scenario.sources == [source]


def test_schema_tells_editors_that_sources_are_urls(scenario_data: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(scenario_schema())
    assert not list(validator.iter_errors(scenario_data))
    scenario_data["sources"] = ["notaurl"]
    assert [list(e.path) for e in validator.iter_errors(scenario_data)] == [["sources", 0]]
    printed = json.loads(runner.invoke(app, ["schema"]).stdout)
    assert printed["properties"]["sources"]["items"]["format"] == "uri"


def test_every_shipped_scenario_and_rulebook_validates() -> None:
    result = runner.invoke(app, ["validate", str(REPO / "scenarios"), str(REPO / "rules")])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr, "every shipped scenario is named after its id"
    assert result.stdout.count("ok ") == len(list((REPO / "scenarios").rglob("*.yaml"))) + len(
        list((REPO / "rules").rglob("*.yaml"))  # the shared readings library included
    )


def test_duplicate_ids_in_a_batch_name_both_files_and_lines(
    write: Callable[..., Path], scenario_data: dict[str, Any], tmp_path: Path
) -> None:
    first = write(dump(scenario_data), "minimal.yaml")
    scenario_data["title"] = "Another case that kept the id"
    (tmp_path / "sub").mkdir()
    second = write(dump(scenario_data), "sub/minimal.yaml")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    (duplicate,) = [t for t in result.stderr.splitlines() if "scenario id 'minimal'" in t]
    assert duplicate.startswith(f"{second}:1:5: ") or duplicate.startswith(f"{first}:1:5: ")
    assert f"{first}:1:5" in duplicate and f"{second}:1:5" in duplicate
    assert "rename one" in duplicate


def test_the_same_file_twice_is_not_a_duplicate(write: Callable[..., Path], scenario_data: dict[str, Any]) -> None:
    path = write(dump(scenario_data), "minimal.yaml")
    result = runner.invoke(app, ["validate", str(path), str(path.parent)])
    assert result.exit_code == 0, result.output


def test_id_that_is_not_the_file_name_is_a_warning(write: Callable[..., Path], scenario_data: dict[str, Any]) -> None:
    path = write(dump(scenario_data), "kyrgyz-case.yaml")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert f"ok   {path}" in result.stdout
    (warning,) = result.stderr.strip().splitlines()
    line, message = located_lines(warning)[0][1:]
    assert line_of(path, line).startswith("id: minimal")
    assert message == (
        "warning: id 'minimal' differs from the file name 'kyrgyz-case.yaml'; "
        "rename the file to minimal.yaml or set id: kyrgyz-case"
    )


def test_a_warning_does_not_hide_errors(write: Callable[..., Path], scenario_data: dict[str, Any]) -> None:
    scenario_data["sources"] = ["notaurl"]
    result = runner.invoke(app, ["validate", str(write(dump(scenario_data), "other.yaml"))])
    assert result.exit_code == 2
    messages = [m for _, _, m in located_lines(result.stderr)]
    assert messages[0].startswith("warning: id 'minimal'") and "notaurl" in messages[1]


def test_rulebook_sources_must_be_urls_too(write: Callable[..., Path]) -> None:
    toy = (REPO / "tests" / "fixtures" / "rulebooks" / "toy.yaml").read_text()
    assert "sources: [https://example.org/toy]" in toy
    path = write(toy.replace("sources: [https://example.org/toy]", "sources: [the toy treaty]", 1), "toy.yaml")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    ((name, line, message),) = located_lines(result.stderr)
    assert name == "toy.yaml"
    assert line_of(path, line).startswith("sources: [the toy treaty]")
    assert message.startswith("sources.0: 'the toy treaty' is not an http(s) URL with a host")
