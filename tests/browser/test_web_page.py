"""The editor page and the report in a real Chromium, as a reader uses them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

EXAMPLE = "nato/nato-przewodow-2022.yaml"
# Poland joined NATO on 1999-03-12: read at an earlier date, Art. 4 consultation is not open to it.
BEFORE_POLAND_JOINED = "1998-11-16"


def casus_run(path: Path) -> list[tuple[str, str, str]]:
    """(treaty, outcome, status) rows as `casus run --format json` gives them."""
    casus = Path(sys.executable).with_name("casus")
    out = subprocess.run([str(casus), "run", str(path), "--format", "json"], capture_output=True, text=True, check=True)
    return [(r["treaty"], r["outcome"], r["status"]) for r in json.loads(out.stdout)["results"]]


def table_rows(page: Any) -> list[tuple[str, str, str]]:
    rows = page.locator("#verdict tbody tr")
    return [
        (r.get_attribute("data-treaty"), r.get_attribute("data-outcome"), r.get_attribute("data-status"))
        for r in rows.all()
    ]


def test_edit_the_date_and_the_verdict_follows_casus_run(browser: Any, server: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(server + "/")
    page.select_option("#examples", EXAMPLE)
    page.wait_for_selector("#verdict tbody tr")
    text = (ROOT / "scenarios" / EXAMPLE).read_text(encoding="utf-8")
    assert table_rows(page) == casus_run(ROOT / "scenarios" / EXAMPLE)
    page.screenshot(path=str(ARTIFACTS / "web-app-example.png"))

    # Type into the editor as a user would: select the date line's value and overwrite it.
    line = page.locator(".cm-line", has_text="date: 2022-11-16").first
    line.click()
    page.keyboard.press("End")
    for _ in range(len("2022-11-16")):
        page.keyboard.press("Backspace")
    page.keyboard.type(BEFORE_POLAND_JOINED)
    before = table_rows(page)
    page.click("#run")
    expect(page.locator("#status")).to_contain_text(f"Law read at {BEFORE_POLAND_JOINED}")
    edited = tmp_path / "edited.yaml"
    edited.write_text(text.replace("date: 2022-11-16\n", f"date: {BEFORE_POLAND_JOINED}\n", 1), encoding="utf-8")
    expected = casus_run(edited)
    assert table_rows(page) == expected
    assert table_rows(page) != before, "the earlier date should change the verdict"
    page.screenshot(path=str(ARTIFACTS / "web-app-edited.png"))


def test_a_bad_value_is_marked_at_its_line(browser: Any, server: str) -> None:
    page = browser.new_page()
    page.goto(server + "/")
    page.select_option("#examples", EXAMPLE)
    page.wait_for_selector("#verdict tbody tr")
    page.evaluate("CasusEditor.setTopLevel(window.casusView, 'date', '2022-13-40')")
    page.click("#run")
    problem = page.locator("#problems li").first
    problem.wait_for()
    assert problem.inner_text().startswith("scenario.yaml:3:7: date:")
    page.wait_for_selector(".cm-lintRange-error")  # the editor underlines the value
    page.screenshot(path=str(ARTIFACTS / "web-app-problem.png"))


def test_report_opens_offline_with_map_timeline_and_trees(browser: Any, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    casus = Path(sys.executable).with_name("casus")
    subprocess.run(
        [str(casus), "report", str(ROOT / "scenarios" / EXAMPLE), "-o", str(report)], check=True, capture_output=True
    )
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
    page.goto(report.as_uri())
    assert page.locator("svg.map path.land").count() > 10
    assert page.locator("svg.map .event").count() >= 1
    assert page.locator("svg.timeline[data-treaty='NATO'] rect").count() >= 1
    assert page.locator("svg.timeline .tl-date").count() >= 1
    trees = page.locator("details.proof")
    assert trees.count() >= 2
    trees.first.locator("summary").first.click()
    assert trees.first.get_attribute("open") is not None
    assert page.locator("tr.result[data-treaty='NATO'][data-outcome='consultation']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert requests == [report.as_uri()], f"the report fetched something: {requests[1:]}"


def test_api_docs_render_offline(browser: Any, server: str) -> None:
    page = browser.new_page()
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else elsewhere.append(r.url))
    page.goto(server + "/docs")
    page.locator(".opblock-summary-path", has_text="/verdict").first.wait_for()
    assert not elsewhere, f"/docs fetched from elsewhere: {elsewhere}"
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"))
