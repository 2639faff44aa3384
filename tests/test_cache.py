"""The compiled-rulebook cache is only a cache: it is never served stale (an edited rulebook
or compiler is a new key), and a cache that cannot be read or written changes nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from engine.formats.paths import rules_dir
from engine.law import cache


def _count(calls: list[int]) -> object:
    def build() -> dict[str, int]:
        calls.append(1)
        return {"built": len(calls)}

    return build


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    return folder


def test_a_second_call_reads_the_cache(tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASUS_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []
    first = cache.cached("t", rules_copy, _count(calls))  # type: ignore[arg-type]
    second = cache.cached("t", rules_copy, _count(calls))  # type: ignore[arg-type]
    assert first == second == {"built": 1} and len(calls) == 1
    assert len(list((tmp_path / "cache").glob("t-*.pickle"))) == 1


def test_an_edited_rulebook_is_a_new_key(tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASUS_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []
    cache.cached("t", rules_copy, _count(calls))  # type: ignore[arg-type]
    book = rules_copy / "csto.yaml"
    book.write_text(book.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.cached("t", rules_copy, _count(calls)) == {"built": 2}  # type: ignore[arg-type]
    shared = rules_copy / "shared" / "readings.yaml"
    stat = shared.stat()
    os.utime(shared, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cache.cached("t", rules_copy, _count(calls)) == {"built": 3}  # type: ignore[arg-type]
    assert len(list((tmp_path / "cache").glob("t-*.pickle"))) == 1  # dead keys are removed


def test_the_compiler_code_is_part_of_the_key(rules_copy: Path) -> None:
    inputs = {p.name for p in cache._inputs(rules_copy)}
    assert {"compiler.py", "conditions.py", "rulebook.py", "csto.yaml", "readings.yaml"} <= inputs


def test_a_corrupt_entry_is_rebuilt(tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASUS_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []
    cache.cached("t", rules_copy, _count(calls))  # type: ignore[arg-type]
    (entry,) = (tmp_path / "cache").glob("t-*.pickle")
    entry.write_bytes(b"\x80\x05garbage")
    assert cache.cached("t", rules_copy, _count(calls)) == {"built": 2}  # type: ignore[arg-type]


def test_an_unwritable_cache_changes_nothing(tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("CASUS_CACHE_DIR", str(blocker / "casus"))
    calls: list[int] = []
    assert cache.cached("t", rules_copy, _count(calls)) == {"built": 1}  # type: ignore[arg-type]
    assert cache.cached("t", rules_copy, _count(calls)) == {"built": 2}  # type: ignore[arg-type]


def test_no_cache_when_turned_off(tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASUS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CASUS_NO_CACHE", "1")
    calls: list[int] = []
    cache.cached("t", rules_copy, _count(calls))  # type: ignore[arg-type]
    assert not (tmp_path / "cache").exists()


def test_the_cached_catalogue_judges_as_a_fresh_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.evaluators.python import PythonEvaluator
    from engine.law.catalogue import Catalogue, load_rulebook, load_scenario
    from engine.verdict.judging import judge

    monkeypatch.setenv("CASUS_CACHE_DIR", str(tmp_path / "cache"))
    fresh = Catalogue(load_rulebook(p) for p in sorted(rules_dir().glob("*.yaml")))
    build = lambda: fresh  # noqa: E731
    cache.cached("shipped-rulebooks", rules_dir(), build)
    stored = cache.cached("shipped-rulebooks", rules_dir(), lambda: pytest.fail("not read from the cache"))
    assert stored is not fresh and list(stored) == list(fresh)
    path = rules_dir().parent / "scenarios" / "csto" / "kyrgyz-tajik-2021.yaml"
    scenario = load_scenario(path, fresh).scenario
    assert judge(scenario, stored, PythonEvaluator()).to_json() == judge(scenario, fresh, PythonEvaluator()).to_json()
