// The editor page: load a shipped example, run it (POST /verdict), show problems at their
// line and column (POST /validate), show the HTML report of the current text (POST /report).
"use strict";
const $ = (id) => document.getElementById(id);
const WORDS = { triggered: "triggered", not_triggered: "not triggered", contested: "contested" };
let checkTimer = null;
const view = CasusEditor.create($("editor"), "", () => {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, 600);
});

function post(path) {
  return fetch(path, { method: "POST", headers: { "content-type": "application/yaml" }, body: CasusEditor.getText(view) });
}

function showProblems(problems) {
  CasusEditor.showProblems(view, problems);
  const list = $("problems");
  list.replaceChildren(...problems.map((p) => Object.assign(document.createElement("li"), { textContent: p.text })));
}

async function check() {
  const answer = await post("/validate");
  if (answer.ok) showProblems((await answer.json()).problems || []);
}

function cell(text, className) {
  const td = document.createElement("td");
  if (className) {
    const span = Object.assign(document.createElement("span"), { className, textContent: text });
    td.append(span);
  } else {
    td.textContent = text;
  }
  return td;
}

async function run() {
  $("status").textContent = "Running…";
  const answer = await post("/verdict");
  const body = await answer.json();
  const table = $("verdict");
  if (!answer.ok) {
    showProblems(body.problems || []);
    table.hidden = true;
    $("status").textContent = body.detail || `error ${answer.status}`;
    return;
  }
  showProblems([]);
  const rows = body.results.map((r) => {
    const tr = document.createElement("tr");
    Object.assign(tr.dataset, { treaty: r.treaty, outcome: r.outcome, status: r.status });
    tr.append(cell(r.treaty), cell(r.outcome.replaceAll("_", " ")),
      cell(WORDS[r.status] || r.status, `status status-${r.status}`), cell(r.provisions.join(", ")));
    return tr;
  });
  table.tBodies[0].replaceChildren(...rows);
  table.hidden = rows.length === 0;
  $("status").textContent = rows.length ? `Law read at ${body.date}.` : "No treaty applies: no state in the scenario is a party on this date.";
}

async function report() {
  $("status").textContent = "Writing the report…";
  const answer = await post("/report");
  if (!answer.ok) {
    const body = await answer.json();
    showProblems(body.problems || []);
    $("status").textContent = body.detail || `error ${answer.status}`;
    return;
  }
  const frame = $("report-view");
  frame.srcdoc = await answer.text();
  frame.hidden = false;
  $("status").textContent = "Report of the text in the editor:";
}

async function loadExamples() {
  const names = await (await fetch("/scenarios")).json();
  for (const name of names) $("examples").append(new Option(name, name));
}

$("examples").addEventListener("change", async (e) => {
  if (!e.target.value) return;
  const answer = await fetch(`/scenarios/${e.target.value}`);
  CasusEditor.setText(view, await answer.text());
  await run();
});
$("run").addEventListener("click", run);
$("report").addEventListener("click", report);
window.casusView = view; // for tests and the curious: the CodeMirror view
loadExamples();
