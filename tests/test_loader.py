"""Every kind of bad input gives one located message and exit code 2, never a traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from engine.cli.main import app
from engine.formats.errors import InputError
from engine.formats.yamlsafe import MAX_FILE_BYTES
from engine.law.catalogue import Catalogue, load_scenario
from tests.conftest import dump

runner = CliRunner()
LOCATED = re.compile(r"^(?P<file>[^:]+\.yaml):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")


def problems(path: Path, catalogue: Catalogue) -> list[str]:
    with pytest.raises(InputError) as info:
        load_scenario(path, catalogue)
    return [str(p) for p in info.value.problems]


def located(message: str) -> tuple[int, int, str]:
    match = LOCATED.match(message)
    assert match, f"not file:line:col: {message!r}"
    return int(match["line"]), int(match["col"]), match["msg"]


def test_valid_minimal_scenario_loads(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue
) -> None:
    loaded = load_scenario(write(dump(scenario_data)), catalogue)
    assert loaded.scenario.events[0].where.status == "undisputed"


def test_malformed_yaml_names_line_and_column(write: Callable[..., Path], catalogue: Catalogue) -> None:
    path = write("id: x\ntitle: [unclosed\ndate: 2021-01-01\n")
    (message,) = problems(path, catalogue)
    line, _, text = located(message)
    assert line in (2, 3) and "invalid YAML" in text


def test_wrong_type(write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    scenario_data["events"][0]["where"]["latitude"] = "north"
    path = write(dump(scenario_data))
    (message,) = problems(path, catalogue)
    line, _, text = located(message)
    assert "latitude" in text
    assert path.read_text().splitlines()[line - 1].strip().startswith("latitude:")


def test_unknown_key_suggests_nearest(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue
) -> None:
    scenario_data["events"][0]["attributon"] = scenario_data["events"][0].pop("attribution")
    path = write(dump(scenario_data))
    messages = problems(path, catalogue)
    unknown = next(m for m in messages if "unknown key" in m)
    line, _, text = located(unknown)
    assert "did you mean 'attribution'?" in text
    assert "attributon" in path.read_text().splitlines()[line - 1]


def test_misspelt_enum_value_suggests(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue
) -> None:
    scenario_data["events"][0]["kind"] = "armed_atack"
    (message,) = problems(write(dump(scenario_data)), catalogue)
    assert "did you mean 'armed_attack'?" in message


def test_unknown_actor(write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    scenario_data["events"][0]["by"] = "CHM"
    path = write(dump(scenario_data))
    (message,) = problems(path, catalogue)
    line, _, text = located(message)
    assert "'CHM' is not declared under actors; did you mean 'CHN'?" in text
    assert "by: CHM" in path.read_text().splitlines()[line - 1]


def test_state_must_be_iso_code(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue
) -> None:
    scenario_data["actors"]["GMY"] = {"kind": "state"}
    (message,) = problems(write(dump(scenario_data)), catalogue)
    assert "'GMY' is not a state code: use an ISO 3166-1 alpha-3 code" in message
    assert message.endswith("did you mean 'DEU'?")  # the COW abbreviation of a continuing state


def test_unknown_treaty(write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    scenario_data["expect"] = {"CTSO": {"collective_defence": "triggered"}}
    (message,) = problems(write(dump(scenario_data)), catalogue)
    assert "unknown treaty 'CTSO'; did you mean 'CSTO'?" in message


def test_unknown_outcome_in_expect(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue
) -> None:
    scenario_data["expect"] = {"CSTO": {"collective_defense": "triggered"}}
    (message,) = problems(write(dump(scenario_data)), catalogue)
    assert "collective_defense" in message and "collective_defence" in message


def test_unknown_reading(write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    scenario_data["readings"] = {"CSTO.non_state_agression": "yes"}
    (message,) = problems(write(dump(scenario_data)), catalogue)
    assert "did you mean 'non_state_aggression'?" in message


def test_impossible_date(write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue) -> None:
    scenario_data["date"] = "2021-02-30"
    path = write(dump(scenario_data))
    (message,) = problems(path, catalogue)
    line, _, text = located(message)
    assert text.startswith("date:") and path.read_text().splitlines()[line - 1].startswith("date:")


def test_empty_file(write: Callable[..., Path], catalogue: Catalogue) -> None:
    (message,) = problems(write("# only a comment\n\n"), catalogue)
    assert "file is empty" in message


def test_binary_file(write: Callable[..., Path], catalogue: Catalogue) -> None:
    (message,) = problems(write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), catalogue)
    assert "binary" in message


def test_non_utf8_file(write: Callable[..., Path], catalogue: Catalogue) -> None:
    (message,) = problems(write("id: caf\xe9\n".encode("latin-1")), catalogue)
    line, col, text = located(message)
    assert (line, col) == (1, 8) and "UTF-8" in text


def test_huge_file(write: Callable[..., Path], catalogue: Catalogue) -> None:
    (message,) = problems(write("a: " + "x" * (MAX_FILE_BYTES + 1)), catalogue)
    assert "limit" in message


def test_alias_bomb(write: Callable[..., Path], catalogue: Catalogue) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    (message,) = problems(write("\n".join(lines) + "\n"), catalogue)
    assert "aliases" in message


def test_deep_nesting(write: Callable[..., Path], catalogue: Catalogue) -> None:
    (message,) = problems(write("a: " + "[" * 5000 + "]" * 5000 + "\n"), catalogue)
    assert "nesting deeper" in message


def test_python_object_tag(write: Callable[..., Path], catalogue: Catalogue) -> None:
    path = write("id: !!python/object/apply:os.system ['echo pwned']\n")
    (message,) = problems(path, catalogue)
    line, _, text = located(message)
    assert line == 1 and "not allowed" in text


def test_duplicate_key(write: Callable[..., Path], catalogue: Catalogue) -> None:
    (message,) = problems(write("id: a\nid: b\n"), catalogue)
    assert located(message)[0] == 2 and "duplicate key" in message


def test_top_level_must_be_mapping(write: Callable[..., Path], catalogue: Catalogue) -> None:
    (message,) = problems(write("- a\n- b\n"), catalogue)
    assert "mapping" in message


def test_two_documents(write: Callable[..., Path], catalogue: Catalogue) -> None:
    (message,) = problems(write("id: a\n---\nid: b\n"), catalogue)
    assert "exactly one YAML document" in message


def test_missing_key_is_located_at_its_parent(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue
) -> None:
    del scenario_data["events"][0]["where"]["region"]
    path = write(dump(scenario_data))
    (message,) = problems(path, catalogue)
    line, _, text = located(message)
    # region may be left out when both coordinates are given, so the message says so.
    assert "give `region` (or both `latitude` and `longitude`" in text
    assert "territory_of" in path.read_text().splitlines()[line - 1]


def test_missing_required_key_is_named_and_located_at_its_parent(
    write: Callable[..., Path], scenario_data: dict[str, Any], catalogue: Catalogue
) -> None:
    del scenario_data["events"][0]["target"]
    path = write(dump(scenario_data))
    (message,) = problems(path, catalogue)
    line, _, text = located(message)
    assert "missing required key 'target'" in text
    assert "id: " in path.read_text().splitlines()[line - 1]


def test_cli_batch_goes_on_past_bad_files(
    write: Callable[..., Path], scenario_data: dict[str, Any], tmp_path: Path
) -> None:
    good = write(dump(scenario_data), "good.yaml")
    bad = write("id: [\n", "bad.yaml")
    binary = write(b"\x00\x01", "binary.yaml")
    result = runner.invoke(app, ["run", str(bad), str(good), str(binary), "--format", "json", "--engine", "python"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert '"scenario": "minimal"' in result.stdout
    assert "bad.yaml:" in result.stderr and "binary.yaml" in result.stderr


@pytest.mark.parametrize(
    "content",
    [
        "",
        "::::",
        "- [",
        "id: !!binary aGVsbG8=",
        "? [a, b]\n: c\n",
        "a: *undefined\n",
        "\ufeff",
        "%YAML 9.9\n---\na: 1\n",
        "a: &a [*a]\n",
        "a: \x01\n",
        "a: [" + "[" * 2000 + "\n",
    ],
)
def test_cli_validate_never_tracebacks(write: Callable[..., Path], content: str) -> None:
    result = runner.invoke(app, ["validate", str(write(content))])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
