"""The self-contained HTML report (`casus report`, and the web app's report view).

One file, styles inline, no script and nothing fetched: it opens offline in any browser and
can be mailed as it is. Several scenarios give one page with a table of contents. The same
input gives byte-identical output (no timestamps, sorted iterations).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from engine.render.htmlsection import ScenarioReport, section_html, status_badge

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:1em 1.5em;color:#1d1d1f}
h1{font-size:1.6em}h2{border-top:2px solid #ccc;padding-top:.8em;margin-top:2em}h4{margin:1.4em 0 .4em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f2f2f2}.meta{color:#555}.status{font-weight:600;padding:.05em .45em;border-radius:.3em;white-space:nowrap}
.status-triggered{background:#d4f7d4;color:#145214;border:1px solid #2a7a2a}
.status-not_triggered{background:#f9d6d5;color:#6b1512;border:1px solid #a33}
.status-contested{background:#fff1c2;color:#5c4500;border:1px solid #b38f00}
.practice{background:#f4f0fa;border-left:4px solid #7a5ea8;padding:.2em 1em;margin:1em 0}
.practice-note{color:#5a4a7a}
.figures figure{margin:.6em 0}
.map{width:560px;max-width:100%;height:auto;border:1px solid #bbb}.sea{fill:#e8f1fa}.land{fill:#e6e2d8;stroke:#9a958a;stroke-width:1.5}
.area{opacity:.35;stroke:none}.event-country{fill:#222;opacity:.55}.event-region{fill:#222;opacity:.25}.event-line{fill:none;stroke:#d62728;stroke-width:40;stroke-dasharray:120 60}.event{fill:#d62728;stroke:#fff;stroke-width:4}
.legend{list-style:none;padding:0;margin:.3em 0}.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.4em;opacity:.6}
figcaption{font-size:.85em;color:#555;max-width:640px}
.timeline{border:1px solid #ddd;background:#fff;font:11px system-ui,sans-serif}.tl-grid{stroke:#eee}.tl-year{fill:#888}
.tl-member{fill:#4477aa}.tl-suspended{fill:#ee9944}.tl-frozen{fill:#999}.tl-withdrawn{fill:#a33}.tl-state{fill:#333}
.tl-date{stroke:#d62728;stroke-width:2}.tl-date-label{fill:#d62728}
details.proof{margin:.3em 0;border:1px solid #ddd;border-radius:.3em;padding:.2em .6em}
details.tree{margin-left:1.1em}.leaf{margin-left:2.2em}.node-held::before{content:"✔ ";color:#2a7a2a}
.node-failed::before{content:"✘ ";color:#a33}.node-note::before{content:"· "}.cite{color:#555;font-style:italic}
.detail{margin-left:2.2em;color:#555;font-size:.9em}
pre.diff{background:#f7f7f7;border:1px solid #ddd;padding:.5em;overflow-x:auto;font-size:.85em}
nav.toc td{border:none;padding:.1em .5em}
@media print{details{display:block}.map{width:100%}}
"""


def toc_html(reports: Sequence[ScenarioReport]) -> str:
    """One line per scenario: its link and the statuses of its results."""
    rows = []
    for r in reports:
        counts = " ".join(
            f"{escape(res.treaty)} {escape(res.outcome.replace('_', ' '))} {status_badge(res.status)}"
            for res in r.verdict.results
        )
        rows.append(
            f'<tr><td><a href="#{escape(r.anchor)}">{escape(r.scenario.title)}</a></td>'
            f"<td>{r.scenario.date.isoformat()}</td><td>{counts}</td></tr>"
        )
    return f'<nav class="toc"><h2>Contents</h2><table>{"".join(rows)}</table></nav>'


def report_html(reports: Sequence[ScenarioReport], title: str = "casus report") -> str:
    """The whole page; a table of contents when there is more than one scenario."""
    body = [f"<h1>{escape(title)}</h1>"]
    body.append(
        "<p>Each verdict applies the treaty text in force on the scenario's date. <em>Contested</em> means the "
        "answer depends on an open reading of the law or on a fact the file does not state; what each turns on "
        "is listed. Practice is shown beside the verdict and never decides it.</p>"
    )
    if len(reports) > 1:
        body.append(toc_html(reports))
    body.extend(section_html(r) for r in reports)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # Nothing on this page may be fetched: the policy makes the browser refuse it too.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>" + "".join(body) + "</body></html>\n"
    )
