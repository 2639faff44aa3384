"""`casus new`: a skeleton that is refused, placeholder by placeholder, until filled in, and
that validates and runs as written once it is; every optional key is in it, commented out."""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from engine.cli.main import app
from engine.formats import vocabulary as v
from engine.formats.scenario import Scenario
from engine.formats.yamlsafe import load_yaml
from engine.law.catalogue import shipped

runner = CliRunner()
LOCATED = re.compile(r"^(?P<file>[^:]+\.yaml):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")
PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_-]*>")
DATE = "2020-06-01"


def write_new(tmp_path: Path, *options: str, name: str = "my-case.yaml") -> tuple[Path, str]:
    path = tmp_path / name
    result = runner.invoke(app, ["new", str(path), *options])
    assert result.exit_code == 0, result.output
    return path, path.read_text(encoding="utf-8")


def values_for(treaty: str, kind: str) -> dict[str, str]:
    """What a user would write in place of each placeholder: a member state of `treaty` as the victim
    (on DATE, or for a treaty no longer in force then, on the day it began)."""
    rulebook = shipped()[treaty].rulebook
    date = dt.date.fromisoformat(DATE)
    if "member" not in rulebook.members_on(date).values():
        date = min(i.from_ for intervals in rulebook.membership.values() for i in intervals)
    members = rulebook.members_on(date)
    victim = next(state for state, status in members.items() if status == "member")
    attacker = "armed-group" if kind in ("terrorist_attack", "domestic_unrest", "insurgency") else "IRN"
    return {
        "<TITLE>": "A case written from the skeleton",
        "<YYYY-MM-DD>": date.isoformat(),
        "<SUMMARY>": "Something happened.",
        "<URL>": "https://example.org/report",
        "<VICTIM>": victim,
        "<ATTACKER>": attacker if attacker != victim else "PRK",
        "<TARGET>": "territory",
        "<REGION>": "europe",
        "<ATTRIBUTION>": "confirmed",
        "<EFFECTS>": "casualties",
        "<ASKS>": "assistance",
        # Only in the keys that are commented out:
        "<GROUP>": "other-group",
        "<STATE>": victim,
        "<LATITUDE>": "45.5",
        "<LONGITUDE>": "7.5",
        "<STATUS>": "contested",
        "<WHAT-IT-DID>": "It met and issued a statement.",
        "<NOTES>": "Why the expect block says what it says.",
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Each placeholder below the header replaced (the header names <PLACEHOLDER> itself)."""
    head, _, body = text.partition("\nid: ")
    return head + "\nid: " + PLACEHOLDER.sub(lambda m: values[m.group(0)], body)


def uncomment_every_key(text: str) -> str:
    """The skeleton with each optional key's `# ` removed (the header comments stay)."""
    head, _, body = text.partition("\nid: ")
    return head + "\nid: " + re.sub(r"(?m)^( *)# ", r"\1", body)


def validate_and_run(path: Path) -> None:
    validated = runner.invoke(app, ["validate", str(path)])
    assert validated.exit_code == 0, validated.output
    assert validated.stderr == "", "no warning either: the id is the file name"
    ran = runner.invoke(app, ["run", str(path), "--engine", "python", "--format", "json"])
    assert ran.exit_code == 0, ran.output


@pytest.mark.parametrize("treaty", sorted(shipped()))
def test_filled_skeleton_validates_and_runs_for_every_treaty(tmp_path: Path, treaty: str) -> None:
    path, text = write_new(tmp_path, "--treaty", treaty)
    assert f"treaty: {treaty}" in text and "kind: armed_attack" in text
    path.write_text(fill(text, values_for(treaty, "armed_attack")), encoding="utf-8")
    validate_and_run(path)


@pytest.mark.parametrize("kind", v.EVENT_KINDS)
def test_filled_skeleton_validates_and_runs_for_every_event_kind(tmp_path: Path, kind: str) -> None:
    path, text = write_new(tmp_path, "--kind", kind)
    assert f"    kind: {kind}" in text and "treaty: CSTO" in text
    path.write_text(fill(text, values_for("CSTO", kind)), encoding="utf-8")
    validate_and_run(path)


def test_every_optional_key_is_there_commented_out_and_valid_once_uncommented(tmp_path: Path) -> None:
    path, text = write_new(tmp_path, "--treaty", "NATO")
    full = fill(uncomment_every_key(text), values_for("NATO", "armed_attack"))
    path.write_text(full, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    data = load_yaml(full, str(path)).data
    assert set(data["readings"]) == {f"NATO.{r}" for r in shipped()["NATO"].rulebook.readings}
    missing = [key for key in model_keys(Scenario) if not has_key(data, key)]
    assert not missing, f"keys of the format the skeleton does not show: {missing}"
    filled_only = fill(text, values_for("NATO", "armed_attack"))
    assert set(load_yaml(filled_only, "x").data) < set(data), "optional keys are commented out until wanted"


def model_keys(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every key path of the format; `*` stands for the ids of a mapping keyed by id (actors)."""
    keys: list[tuple[str, ...]] = []
    for name, field in model.model_fields.items():
        path = (*prefix, name)
        keys.append(path)
        for inner, keyed in nested_models(field.annotation):
            keys += model_keys(inner, (*path, "*") if keyed else path)
    return keys


def nested_models(tp: Any, keyed: bool = False) -> list[tuple[type[BaseModel], bool]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [(tp, keyed)]
    if typing.get_origin(tp) is dict:
        return nested_models(typing.get_args(tp)[1], True)
    return [m for arg in typing.get_args(tp) for m in nested_models(arg, keyed)]


def has_key(data: Any, path: tuple[str, ...]) -> bool:
    """Whether some entry of `data` has the key path (lists are looked through)."""
    if not path:
        return True
    if isinstance(data, list):
        return any(has_key(item, path) for item in data)
    if not isinstance(data, dict):
        return False
    if path[0] == "*":
        return any(has_key(value, path[1:]) for value in data.values())
    return path[0] in data and has_key(data[path[0]], path[1:])


def test_unfilled_skeleton_names_each_placeholder_line(tmp_path: Path) -> None:
    path, text = write_new(tmp_path)
    expected = {
        (number, PLACEHOLDER.search(line.split(" # ")[0]).group(0))  # type: ignore[union-attr]
        for number, line in enumerate(text.splitlines(), 1)
        if not line.lstrip().startswith("#") and PLACEHOLDER.search(line.split(" # ")[0])
    }
    assert len(expected) >= 10
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    reported = set()
    for message in result.stderr.splitlines()[:-1]:
        match = LOCATED.match(message)
        assert match, message
        assert "placeholder" in match["msg"] and "not filled in" in match["msg"], message
        reported.add((int(match["line"]), PLACEHOLDER.search(match["msg"]).group(0)))  # type: ignore[union-attr]
    assert reported == expected


def test_run_refuses_an_unfilled_skeleton_too(tmp_path: Path) -> None:
    path, _ = write_new(tmp_path)
    result = runner.invoke(app, ["run", str(path), "--engine", "python"])
    assert result.exit_code == 2 and "placeholder <TITLE> not filled in" in result.stderr


def test_header_points_editors_at_the_schema(tmp_path: Path) -> None:
    _, text = write_new(tmp_path)
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=./casus.schema.json"
    assert "casus schema > casus.schema.json" in lines[2]
    result = runner.invoke(app, ["new", str(tmp_path / "other.yaml")])
    assert "casus schema >" in result.stdout
    (tmp_path / "casus.schema.json").write_text(runner.invoke(app, ["schema"]).stdout)
    result = runner.invoke(app, ["new", str(tmp_path / "third.yaml")])
    assert "casus schema >" not in result.stdout, "no hint once the schema is there"
    assert "id: my-case " in text


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("id: mine\n")
    result = runner.invoke(app, ["new", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {path} exists; pass --force to overwrite it"
    assert path.read_text() == "id: mine\n"
    forced = runner.invoke(app, ["new", str(path), "--force"])
    assert forced.exit_code == 0 and path.read_text().startswith("# yaml-language-server")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--treaty", "NATOO"], "error: --treaty NATOO: unknown treaty; did you mean 'NATO'?"),
        (["--treaty", "nato"], "error: --treaty nato: unknown treaty; did you mean 'NATO'?"),
        (["--treaty", "FOO"], "error: --treaty FOO: unknown treaty; known: ANGLO-JAPANESE, ANGLO-POLISH, ANZUS, "),
        (["--kind", "armed_atack"], "error: --kind armed_atack: unknown event kind; did you mean 'armed_attack'?"),
        (["--kind", "bombing"], "error: --kind bombing: unknown event kind; known: invasion, armed_attack"),
    ],
)
def test_unknown_treaty_or_kind_is_one_error_line(tmp_path: Path, options: list[str], message: str) -> None:
    path = tmp_path / "my-case.yaml"
    result = runner.invoke(app, ["new", str(path), *options])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(message)
    assert not path.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("My Case.yaml", "the file name is the scenario id, which takes a-z, 0-9 and -; e.g."),
        ("case.txt", "a scenario file name ends in .yaml"),
        ("no-such-dir/case.yaml", "is not a directory; create it first"),
    ],
)
def test_bad_paths_say_what_to_do(tmp_path: Path, name: str, message: str) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / name)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and message in line
