"""`casus report`: one self-contained HTML page, deterministic, with map, timeline and trees."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from engine.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
PRZEWODOW = ROOT / "scenarios" / "nato" / "nato-przewodow-2022.yaml"
runner = CliRunner()


def report(tmp_path: Path, *files: Path, extra: tuple[str, ...] = ("--no-whatif",)) -> tuple[int, str, str]:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", *map(str, files), "-o", str(out), *extra])
    return result.exit_code, out.read_text(encoding="utf-8") if out.exists() else "", result.output


def test_one_scenario_has_every_part(tmp_path: Path) -> None:
    code, html, _ = report(tmp_path, PRZEWODOW, extra=())
    assert code == 0
    assert '<tr class="result" data-treaty="NATO" data-outcome="consultation" data-status="triggered">' in html
    assert 'href="https://www.nato.int' in html  # the deciding provision links to its source
    assert '<svg class="map"' in html and 'class="event-country"' in html  # no longitude: Poland is marked
    assert '<svg class="timeline" data-treaty="NATO"' in html and "POL member from 1999-03-12" in html
    assert '<details class="proof"' in html
    assert 'class="practice"' in html and "2022-11-16" in html  # practice, dated, apart from the verdict
    assert 'class="whatif"' in html and "--- a/" in html  # a flip as a sentence with its diff
    assert "<nav" not in html  # one scenario: no table of contents


def test_nothing_is_fetched_from_anywhere(tmp_path: Path) -> None:
    _, html, _ = report(tmp_path, PRZEWODOW)
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert "default-src 'none'" in html
    assert "src=" not in html and "url(" not in html  # links a reader may follow, nothing loaded


def test_same_input_same_bytes(tmp_path: Path) -> None:
    first = report(tmp_path, PRZEWODOW)[1]
    second = report(tmp_path, PRZEWODOW)[1]
    assert first == second


def test_several_files_and_a_directory_give_one_page_with_contents(tmp_path: Path) -> None:
    code, html, output = report(tmp_path, ROOT / "scenarios" / "eu", PRZEWODOW)
    assert code == 0, output
    assert "<nav" in html
    anchors = re.findall(r'<section class="scenario" id="([^"]+)"', html)
    assert len(anchors) == 3 and len(set(anchors)) == 3
    assert all(f'href="#{a}"' in html for a in anchors)


def test_a_bad_file_is_reported_at_its_line_and_the_rest_still_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(PRZEWODOW.read_text(encoding="utf-8").replace("date: 2022-11-16\n", "date: 2022-13-16\n", 1))
    code, html, output = report(tmp_path, bad, PRZEWODOW)
    assert code == 2
    assert f"{bad}:3:7: date:" in output
    assert html.count('<section class="scenario"') == 1


def test_an_unwritable_output_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(PRZEWODOW), "-o", str(tmp_path / "no" / "such" / "dir.html")])
    assert result.exit_code == 2
    assert "cannot write the report" in result.output and "Traceback" not in result.output


def test_help_and_run_do_not_import_the_web_or_map_libraries() -> None:
    # The web stack and the report's map libraries load only for `casus serve` / `casus report`.
    # (shapely may load in `casus run` through the law wing's area tests, not through these.)
    heavy = ("fastapi", "starlette", "uvicorn", "pyproj", "engine.web", "engine.render.htmlmap")
    probe = (
        "import sys, runpy; sys.argv = ['casus'] + sys.argv[1:]\n"
        "try:\n    runpy.run_module('engine.cli.main', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print('HEAVY', sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"
    )
    for args in (["--help"], ["run", str(PRZEWODOW)]):
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT)
        assert "HEAVY []" in done.stderr, (args, done.stderr[-500:])


def test_contested_results_list_the_unstated_facts_they_turn_on(tmp_path: Path) -> None:
    code, html, _ = report(tmp_path, ROOT / "scenarios" / "csto" / "batken-2022.yaml")
    assert code == 0
    assert "unstated fact (state it at <code>events.border-fighting.in_self_defence</code>)" in html
    assert "the file does not say whether TJK acted in self-defence" in html


def test_an_event_at_sea_is_drawn_as_its_region_or_the_parallel_across_it(tmp_path: Path) -> None:
    # nato-turkey-jet-2012: no territory, region mediterranean, latitude 35.9 (no longitude).
    _, html, _ = report(tmp_path, ROOT / "scenarios" / "nato" / "nato-turkey-jet-2012.yaml")
    assert 'class="event-line"' in html and "at latitude 35.90" in html
    # danzig-1939: no territory, region europe, no latitude.
    _, html, _ = report(tmp_path, ROOT / "scenarios" / "franco-polish" / "danzig-1939.yaml")
    assert 'class="event-region"' in html and "somewhere in the region europe" in html
    assert "drawn in today&#x27;s borders" in html  # parties' land, with its caveat


def test_timelines_show_who_joined_or_left_around_the_date(tmp_path: Path) -> None:
    _, html, _ = report(tmp_path, PRZEWODOW)
    nato = html[html.index('<svg class="timeline" data-treaty="NATO"') :]
    nato = nato[: nato.index("</svg>")]
    rows = re.findall(r'class="tl-state"[^>]*>([A-Z]{3})<', nato)
    assert "POL" in rows and "FIN" in rows and "SWE" in rows  # the victim, and the 2023/2024 accessions
    assert "USA" not in rows  # a large treaty shows only the rows that matter here
    eu = html[html.index('<svg class="timeline" data-treaty="EU"') :]
    assert "withdrawn 2020-01-31" in eu[: eu.index("</svg>")]  # the United Kingdom left the EU


def test_a_former_state_is_drawn_as_its_successors(tmp_path: Path) -> None:
    _, html, _ = report(tmp_path, ROOT / "scenarios" / "warsaw-pact" / "czechoslovakia-1968.yaml")
    assert "territory of CSK (drawn as its successor states in today's borders)" in html
