"""casus memo: a briefing note for every shipped scenario, every section, every citation real."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.analyses.briefing import SECTIONS, Memo, memo_for_file
from engine.cli.main import app
from engine.formats.errors import InputError
from engine.law.catalogue import shipped
from engine.render.memo import memo_markdown
from tests.conftest import REPO

SCENARIOS = sorted((REPO / "scenarios").rglob("*.yaml"))
# The memos in docs/examples, by scenario file: regenerated with the command in the message.
EXAMPLES = {
    "kyrgyz-tajik-2021.md": REPO / "scenarios/csto/kyrgyz-tajik-2021.yaml",
    "nato-september-11-2001.md": REPO / "scenarios/nato/nato-september-11-2001.yaml",
    "nato-greece-turkey-1974.md": REPO / "scenarios/nato/nato-greece-turkey-1974.yaml",
}
CITE = re.compile(r"`([A-Za-z0-9][A-Za-z0-9_.()-]*)` \[([^\]]+)\]")
SOURCE_REF = re.compile(r"(?<![\]\w])\[(\d+)\]")
SAYS_YES_CONTESTED = re.compile(r"\b(yes|no)\b\W{0,3}\s*(contested|triggered|not[ _]triggered)\b", re.IGNORECASE)
runner = CliRunner()


_REFUSED: dict[Path, str] = {}  # scenarios whose memo could not be built, and why


@pytest.fixture(scope="module")
def memos() -> dict[Path, tuple[Memo, str]]:
    """Every shipped scenario's memo, built once for the checks below (whatif makes it slow).
    A file the memo refuses is reported by its own test, not as an error of every check."""
    out = {}
    for path in SCENARIOS:
        try:
            memo = memo_for_file(path, shipped())
        except InputError as exc:
            _REFUSED[path] = str(exc)
            continue
        out[path] = (memo, memo_markdown(memo))
    return out


def test_every_shipped_scenario_gets_a_memo(memos: dict[Path, tuple[Memo, str]]) -> None:
    assert not _REFUSED, "\n".join(f"{p.relative_to(REPO)}: {why}" for p, why in _REFUSED.items())
    assert len(memos) == len(SCENARIOS) >= 50


def test_every_scenario_has_every_section_in_order(memos: dict[Path, tuple[Memo, str]]) -> None:
    for path, (_, text) in memos.items():
        headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
        assert headings == list(SECTIONS), path


def test_every_citation_is_a_provision_of_its_rulebook(memos: dict[Path, tuple[Memo, str]]) -> None:
    books = shipped()
    provisions = {(p.id, str(p.source.cites)) for b in books.values() for p in b.provisions}
    for path, (memo, text) in memos.items():
        for cite in memo.cites():
            assert cite.provision in {p.id for p in books[cite.treaty].provisions}, (path, cite)
            assert cite.cites == str(books[cite.treaty].provision(cite.provision).source.cites), (path, cite)
        found = CITE.findall(text)
        assert found or not memo.law, path
        for pid, cites in found:
            assert (pid, cites) in provisions, (path, pid, cites)


def test_every_source_number_is_listed(memos: dict[Path, tuple[Memo, str]]) -> None:
    for path, (memo, text) in memos.items():
        body = text.split("\n## Sources\n", 1)[0]
        used = {int(n) for n in SOURCE_REF.findall(body)}
        assert used <= set(range(1, len(memo.sources) + 1)), path
        listed = re.findall(r"^(\d+)\. <", text, re.MULTILINE)
        assert listed == [str(i) for i in range(1, len(memo.sources) + 1)], path


def test_short_answer_has_one_sentence_per_result(memos: dict[Path, tuple[Memo, str]]) -> None:
    for path, (memo, text) in memos.items():
        short = text.split("## Short answer\n", 1)[1].split("\n## ", 1)[0]
        for f in memo.short_answer:
            assert f"- {f.sentence.replace('_', chr(92) + '_')}" in short, (path, f.sentence)
            assert f.sentence.count(": ") >= 1 and f.sentence.endswith(".")


def test_no_memo_says_a_reading_is_yes_contested(memos: dict[Path, tuple[Memo, str]]) -> None:
    for path, (_, text) in memos.items():
        assert not SAYS_YES_CONTESTED.search(text.replace("\\_", "_")), path


def test_same_file_same_bytes() -> None:
    # Two processes with different hash seeds: no set or dict order may leak into the memo.
    path = str(REPO / "scenarios/csto/kyrgyz-tajik-2021.yaml")
    outputs = [
        subprocess.run(
            [sys.executable, "-m", "engine.cli.main", "memo", path],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "2")
    ]
    assert outputs[0].returncode == 0, outputs[0].stderr
    assert outputs[0].stdout.startswith("# Briefing note: ")
    assert outputs[0].stdout == outputs[1].stdout


def test_an_alliance_joined_later_is_in_the_memo() -> None:
    finland = REPO / "tests/fixtures/scenarios/finland-before-nato-2022.yaml"
    text = runner.invoke(app, ["memo", str(finland)]).stdout
    short = text.split("## Short answer\n", 1)[1].split("\n## ", 1)[0]
    assert "- NATO: none of FIN, RUS is a party on 2022-06-01 (FIN party from 2023-04-04)" in short
    changes = text.split("## What would change it\n", 1)[1].split("\n## ", 1)[0]
    assert "If the date were 2023-04-04" in changes and "NATO collective defence would be triggered" in changes


def test_output_file_and_bad_input(tmp_path: Path) -> None:
    target = tmp_path / "memo.md"
    path = REPO / "scenarios/eu/eu-paris-attacks-2015.yaml"
    result = runner.invoke(app, ["memo", str(path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# Briefing note: ")
    missing = runner.invoke(app, ["memo", str(tmp_path / "nothing.yaml")])
    assert missing.exit_code == 2
    unwritable = runner.invoke(app, ["memo", str(path), "-o", str(tmp_path / "no" / "such" / "dir.md")])
    assert unwritable.exit_code == 2 and "cannot write the memo" in unwritable.output


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_docs_examples_are_current(name: str, memos: dict[Path, tuple[Memo, str]]) -> None:
    source = EXAMPLES[name]
    shipped_text = (REPO / "docs" / "examples" / name).read_text(encoding="utf-8")
    assert shipped_text == memos[source][1], (
        f"docs/examples/{name} is out of date; regenerate it with "
        f"`casus memo {source.relative_to(REPO)} -o docs/examples/{name}`"
    )


def test_assume_unstated_no_leaves_no_unstated_fact_open() -> None:
    path = str(REPO / "scenarios/csto/kyrgyz-tajik-2021.yaml")
    as_is = runner.invoke(app, ["memo", path]).stdout
    as_no = runner.invoke(app, ["memo", path, "--assume-unstated", "no"]).stdout
    assert "The file does not say whether" in as_is
    assert "does not say" not in as_no and "## Open questions" in as_no
