"""The web app's HTTP API through the ASGI test client: every endpoint, every error code."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from engine.cli.main import app as cli
from engine.web.app import MAX_BODY_BYTES, create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "nato" / "nato-przewodow-2022.yaml"
YAML = {"content-type": "application/yaml"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(workers=1, time_limit=60)) as c:
        yield c


def text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def without_engine(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "engine"}


def test_verdict_is_what_casus_run_prints(client: TestClient) -> None:
    answer = client.post("/verdict", content=text(), headers=YAML)
    assert answer.status_code == 200
    printed = CliRunner().invoke(cli, ["run", str(EXAMPLE), "--format", "json", "--engine", "python"])
    assert printed.exit_code == 0, printed.output
    assert without_engine(answer.json()) == without_engine(json.loads(printed.stdout))


def test_verdict_takes_the_same_scenario_as_json(client: TestClient) -> None:
    import yaml

    as_json = json.dumps(yaml.safe_load(text()), default=str)
    answer = client.post("/verdict", content=as_json, headers={"content-type": "application/json"})
    assert answer.status_code == 200
    assert answer.json()["results"] == client.post("/verdict", content=text(), headers=YAML).json()["results"]


def test_bad_yaml_is_422_with_located_messages(client: TestClient) -> None:
    answer = client.post("/verdict", content="id: x\ntitle: [unclosed\n", headers=YAML)
    assert answer.status_code == 422
    problem = answer.json()["problems"][0]
    assert problem["text"].startswith("scenario.yaml:")
    assert problem["line"] >= 2


def test_bad_json_is_422_with_its_position(client: TestClient) -> None:
    answer = client.post("/verdict", content='{"id": "x",\n  "title": }', headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["text"].startswith("scenario.yaml:2:")


def test_validate_locates_each_problem_as_the_cli_does(client: TestClient) -> None:
    broken = text().replace("date: 2022-11-16\n", "date: 2022-13-16\n", 1)
    answer = client.post("/validate", content=broken, headers=YAML)
    assert answer.status_code == 200
    body = answer.json()
    assert body["ok"] is False
    assert body["problems"][0]["text"].startswith("scenario.yaml:3:7: date:")
    assert client.post("/validate", content=text(), headers=YAML).json() == {"ok": True, "problems": []}


def test_explain_gives_proof_trees(client: TestClient) -> None:
    answer = client.post("/explain?treaty=NATO&outcome=consultation", content=text(), headers=YAML)
    assert answer.status_code == 200
    [tree] = answer.json()
    assert (tree["treaty"], tree["outcome"], tree["status"]) == ("NATO", "consultation", "triggered")
    assert tree["tree"]["children"]
    assert client.post("/explain?treaty=NOPE", content=text(), headers=YAML).status_code == 404


def test_whatif_gives_flips_with_diffs(client: TestClient) -> None:
    answer = client.post("/whatif", content=text(), headers=YAML)
    assert answer.status_code == 200
    flips = answer.json()["counterfactuals"]
    assert flips and all(f["diff"].startswith("--- a/scenario.yaml") for f in flips)
    assert client.post("/whatif?max_changes=9", content=text(), headers=YAML).status_code == 422


def test_report_is_a_whole_page_with_map_and_timeline(client: TestClient) -> None:
    answer = client.post("/report", content=text(), headers=YAML)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert '<svg class="map"' in answer.text and '<svg class="timeline"' in answer.text


def test_treaties_on_a_date(client: TestClient) -> None:
    before = {t["treaty"]: t for t in client.get("/treaties?date=1998-01-01").json()}
    after = {t["treaty"]: t for t in client.get("/treaties?date=2000-01-01").json()}
    assert "POL" not in before["NATO"]["members"] and "POL" in after["NATO"]["members"]
    assert client.get("/treaties?date=1998-02-30").status_code == 422


def test_one_treaty_and_an_unknown_one(client: TestClient) -> None:
    nato = client.get("/treaties/NATO?date=2022-11-16").json()
    assert any(p["id"] == "NATO-5" for p in nato["provisions"])
    missing = client.get("/treaties/NOPE")
    assert missing.status_code == 404 and "known:" in missing.json()["detail"]


def test_schema_is_the_scenario_schema(client: TestClient) -> None:
    schema = client.get("/schema").json()
    assert "events" in schema["properties"]


def test_examples_are_looked_up_not_read_from_request_paths(client: TestClient) -> None:
    names = client.get("/scenarios").json()
    assert "nato/nato-przewodow-2022.yaml" in names
    assert client.get("/scenarios/nato/nato-przewodow-2022.yaml").text == text()
    for sneaky in ("../pyproject.toml", "..%2F..%2Fpyproject.toml", "/etc/passwd", "nato/../../README.md"):
        assert client.get(f"/scenarios/{sneaky}").status_code == 404


def test_body_over_a_megabyte_is_413(client: TestClient) -> None:
    big = b"# padding\n" * (MAX_BODY_BYTES // 10 + 1)
    assert client.post("/verdict", content=big, headers=YAML).status_code == 413


def test_streamed_body_over_a_megabyte_is_413_without_content_length(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(30):
            yield b"#" * 50_000 + b"\n"

    assert client.post("/verdict", content=chunks(), headers=YAML).status_code == 413


def test_openapi_document_is_valid_and_lists_every_endpoint(client: TestClient) -> None:
    from openapi_spec_validator import validate

    doc = client.get("/openapi.json").json()
    validate(doc)
    for path in ("/verdict", "/explain", "/whatif", "/validate", "/report", "/treaties", "/treaties/{treaty_id}"):
        assert path in doc["paths"], path
    assert "503" in doc["paths"]["/verdict"]["post"]["responses"]


def test_docs_and_page_load_nothing_from_elsewhere(client: TestClient) -> None:
    for page in ("/docs", "/"):
        html = client.get(page).text
        assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html, page
    assert client.get("/swagger/swagger-ui-bundle.js").status_code == 200
    assert '"validatorUrl": null' in client.get("/docs").text  # no badge from the online validator
    assert client.get("/static/editor.js").status_code == 200


def test_a_request_past_the_time_limit_is_503_and_the_server_goes_on() -> None:
    with TestClient(create_app(workers=1, time_limit=60)) as c:
        assert c.get("/schema").status_code == 200  # the worker is up and warm
        c.app.state.pool.time_limit = 0.01  # type: ignore[attr-defined]
        slow = c.post("/whatif?max_changes=3", content=text(), headers=YAML)
        assert slow.status_code == 503
        assert "limit of 0.01 s" in slow.json()["detail"]
        c.app.state.pool.time_limit = 60  # type: ignore[attr-defined]
        assert c.post("/verdict", content=text(), headers=YAML).status_code == 200


def test_the_server_process_never_loads_an_engine() -> None:
    # Judging happens in worker processes: the server itself imports neither durable_rules
    # (whose C core could take it down) nor the evaluators.
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from fastapi.testclient import TestClient\n"
        "from engine.web.app import create_app\n"
        f"body = open({str(EXAMPLE)!r}, encoding='utf-8').read()\n"
        "with TestClient(create_app(workers=1, time_limit=60)) as c:\n"
        "    assert c.post('/verdict', content=body).status_code == 200\n"
        "    assert c.post('/explain', content=body).status_code == 200\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('durable', 'rules')"
        " or m.startswith('engine.evaluators')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-1000:]
    assert done.stdout.strip() == "[]", done.stdout


def test_requests_waiting_for_a_worker_are_not_counted_as_runaways() -> None:
    # One worker, a limit of a few times one search: twelve at once queue for longer than the
    # limit in all, yet each runs within it, so none is answered 503.
    from concurrent.futures import ThreadPoolExecutor

    with TestClient(create_app(workers=1, time_limit=60)) as c:
        assert c.post("/whatif", content=text(), headers=YAML).status_code == 200  # warm
        c.app.state.pool.time_limit = 2.0  # type: ignore[attr-defined]
        with ThreadPoolExecutor(12) as threads:
            codes = list(threads.map(lambda _: c.post("/whatif", content=text(), headers=YAML).status_code, range(12)))
    assert codes == [200] * 12


def test_serve_on_a_taken_port_is_one_line_and_exit_2() -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port} (Address already in use); choose another --port" in result.output


def test_a_judging_limit_is_422_located_in_the_body() -> None:
    # Judging's own limits name the scenario id; the API moves them into scenario.yaml.
    from engine.law.cases import CombinationLimitError
    from engine.web.work import _refused

    status, body = _refused(CombinationLimitError("big-case", "too many combinations; state some facts"))
    assert status == 422
    assert body["problems"][0]["text"] == "scenario.yaml: too many combinations; state some facts"
