// The editor the casus web app ships (engine/web/static/editor.js): CodeMirror 6 with YAML
// highlighting and lint markers. `npm ci && npm run build` here rebuilds it; users need no node.
import { EditorView, basicSetup } from "codemirror";
import { yaml } from "@codemirror/lang-yaml";
import { setDiagnostics, lintGutter } from "@codemirror/lint";

// A new editor in `parent` holding `text`; `onChange` is called after each edit.
export function create(parent, text, onChange) {
  return new EditorView({
    doc: text,
    parent,
    extensions: [
      basicSetup,
      EditorView.lineWrapping,
      yaml(),
      lintGutter(),
      EditorView.updateListener.of((u) => { if (u.docChanged && onChange) onChange(); }),
    ],
  });
}

export function getText(view) {
  return view.state.doc.toString();
}

export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

// Mark problems ({line, column, text}, 1-based as the CLI prints them) in the editor.
export function showProblems(view, problems) {
  const doc = view.state.doc;
  const diagnostics = problems.map((p) => {
    const line = doc.line(Math.min(Math.max(p.line || 1, 1), doc.lines));
    const from = Math.min(line.from + Math.max((p.column || 1) - 1, 0), line.to);
    return { from, to: Math.max(from, line.to), severity: p.severity === "warning" ? "warning" : "error", message: p.text };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

// Replace the text of the line that starts with `key:` (e.g. "date") at the top level.
export function setTopLevel(view, key, value) {
  const doc = view.state.doc;
  for (let i = 1; i <= doc.lines; i++) {
    const line = doc.line(i);
    if (line.text.startsWith(key + ":")) {
      view.dispatch({ changes: { from: line.from, to: line.to, insert: `${key}: ${value}` } });
      return true;
    }
  }
  return false;
}
