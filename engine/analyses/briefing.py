"""A briefing memo as data: the sections a legal adviser writes, built from the verdict objects.

Question, Short answer, The law, Application, Open questions, What would change it,
Sources: each section is built from what `judge`, `explain` and `whatif` return for the
scenario, never from text written per scenario, so a memo says exactly what the other
commands say. The model holds no formatting: engine.render.memo writes it as Markdown,
and an HTML report can render the same `Memo`.

Provisions are cited as (provision id, citation) pairs that name a provision of the
rulebook; sources are numbered in the order the memo first uses them (the scenario's own
first, then each provision's, then the readings' and the organisations' practice), so the
same file always gives the same memo.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.analyses.whatif import whatif
from engine.evaluators.python import PythonEvaluator
from engine.formats.scenario import Scenario
from engine.law.catalogue import Catalogue, LoadedScenario
from engine.law.compiler import CompiledRulebook
from engine.law.provenance import span_words
from engine.verdict.explain import Explanation, Node, explain
from engine.verdict.judging import Result, Verdict, judge
from engine.verdict.wording import status_words

SECTIONS = (
    "Question",
    "Short answer",
    "The law",
    "Application",
    "Open questions",
    "What would change it",
    "Sources",
)
STEP_DEPTH = 3  # levels of a proof shown under each event (the full tree: casus explain)
STEPS_PER_RESULT = 30  # lines of Application per treaty and outcome, at most
CHANGES_PER_RESULT = 2  # smallest flips shown per treaty and outcome
WHATIF_CHANGES = 1  # the memo proposes single changes: the smallest flips


@dataclass(frozen=True)
class Cite:
    """A provision of a rulebook as the memo cites it."""

    treaty: str
    provision: str
    cites: str  # "CST-2010 Art. 4(1)"


@dataclass
class Sources:
    """Numbered sources, in the order first used; a URL used twice keeps its first number."""

    entries: list[tuple[str, str]] = field(default_factory=list)  # (url, what it is)

    def number(self, url: str, what: str) -> int:
        for i, (known, _) in enumerate(self.entries, 1):
            if known == url:
                return i
        self.entries.append((url, what))
        return len(self.entries)

    def numbers(self, urls: Sequence[str], what: str) -> list[int]:
        return sorted({self.number(u, what) for u in urls})


@dataclass
class Finding:
    """One treaty and outcome in one sentence."""

    treaty: str
    outcome: str
    status: str
    sentence: str
    cite: Cite | None = None


@dataclass
class LawEntry:
    cite: Cite
    title: str
    instrument: str  # the instrument's title
    summary: str
    in_force: str  # "in force from 2012-12-19", or ""
    sources: list[int]


@dataclass
class Step:
    """One line of a proof: a provision, a derived fact or a test, met or not, at a depth."""

    depth: int
    holds: bool | None
    text: str
    cite: Cite | None = None


@dataclass
class Application:
    treaty: str
    outcome: str
    status: str
    steps: list[Step]
    more: int = 0  # steps left out (the full proof: casus explain)


@dataclass
class OpenQuestion:
    """A reading or an unstated fact a result turns on, with the answer under each side."""

    treaty: str
    outcomes: list[str]
    name: str
    question: str
    answers: list[str]  # "if <clause>: <status>" under each answer
    arguments: list[str] = field(default_factory=list)  # the case for yes, the case for no
    practice: str = ""  # the organisation's position on the date, with its date
    sources: list[int] = field(default_factory=list)


@dataclass
class Change:
    treaty: str
    outcome: str
    sentence: str


@dataclass
class Memo:
    scenario: str
    title: str
    date: dt.date
    question: str
    question_sources: list[int]
    short_answer: list[Finding]
    not_applicable: list[str]
    law: list[LawEntry]
    application: list[Application]
    open_questions: list[OpenQuestion]
    changes: list[Change]
    no_change: list[str]  # treaty outcomes no single change flips
    sources: list[tuple[str, str]]

    def cites(self) -> list[Cite]:
        """Every provision the memo cites, in order (for checks that each one exists)."""
        found = [f.cite for f in self.short_answer if f.cite]
        found += [e.cite for e in self.law]
        found += [s.cite for a in self.application for s in a.steps if s.cite]
        return found


def build_memo(
    loaded: LoadedScenario,
    text: str,
    catalogue: Catalogue,
    *,
    treaties: Sequence[str] = (),
    readings: Mapping[str, bool] | None = None,
) -> Memo:
    """The memo for one scenario file (`text`: the file's text, which whatif edits)."""
    scenario = loaded.scenario
    overrides = dict(readings or {})
    verdict = judge(scenario, catalogue, PythonEvaluator(), treaties=treaties, readings=overrides)
    explanations = explain(scenario, catalogue, treaties=treaties, readings=overrides)
    sources = Sources()
    question_sources = sources.numbers(scenario.sources, "the scenario")
    books = {r.treaty: catalogue[r.treaty] for r in verdict.results}
    law = _law(verdict, books, sources)
    flips = whatif(loaded, text, catalogue, treaties=treaties, readings=overrides, max_changes=WHATIF_CHANGES, shown=2)
    # Also the treaties that do not apply on the date: the change that makes one apply.
    kept = _first_per_result([Change(cf.treaty, cf.outcome, cf.reason) for cf in flips])
    flipped = {(c.treaty, c.outcome) for c in kept}
    return Memo(
        scenario=scenario.id,
        title=scenario.title,
        date=scenario.date,
        question=_question(scenario, verdict, books),
        question_sources=question_sources,
        short_answer=[_finding(r, books[r.treaty], _tree(explanations, r)) for r in verdict.results],
        not_applicable=[f"{n.treaty}: {n.reason}" for n in verdict.absent.listed]
        + ([verdict.absent.others_words(verdict.date)] if verdict.absent.others else []),
        law=law,
        application=[_application(e, books[e.treaty], _result(verdict, e)) for e in explanations],
        open_questions=_open_questions(verdict, books, sources),
        changes=kept,
        no_change=[
            f"{r.treaty} {status_words(r.outcome)}" for r in verdict.results if (r.treaty, r.outcome) not in flipped
        ],
        sources=sources.entries,
    )


def memo_for_file(path: Path, catalogue: Catalogue, **options: Any) -> Memo:
    """Load a scenario file and build its memo (for tests and scripts)."""
    from engine.formats.yamlsafe import read_text
    from engine.law.catalogue import load_scenario

    return build_memo(load_scenario(path, catalogue), read_text(path), catalogue, **options)


# --- sections ---------------------------------------------------------------------------


def _question(scenario: Scenario, verdict: Verdict, books: Mapping[str, CompiledRulebook]) -> str:
    events = "; ".join(
        f"{status_words(e.kind)} by {e.by} against {e.against}" + (f" ({e.date.isoformat()})" if e.date else "")
        for e in scenario.events
    )
    names = [f"{b.rulebook.name} ({tid})" for tid, b in books.items()]
    under = ", ".join(names) if names else "any treaty a state of the scenario is party to"
    hypothetical = "A hypothetical case. " if scenario.hypothetical else ""
    return (
        f"{hypothetical}{scenario.title}, {scenario.date.isoformat()}. {' '.join(scenario.summary.split())} "
        f"Events: {events}. Could these events, on the law as it stood on {scenario.date.isoformat()}, "
        f"trigger collective action under {under}?"
    )


def _cite(book: CompiledRulebook, pid: str) -> Cite:
    return Cite(book.id, pid, str(book.provision(pid).source.cites))


def _result(verdict: Verdict, e: Explanation) -> Result | None:
    return next((r for r in verdict.results if (r.treaty, r.outcome) == (e.treaty, e.outcome)), None)


def _tree(explanations: Sequence[Explanation], result: Result) -> Node | None:
    return next((e.root for e in explanations if (e.treaty, e.outcome) == (result.treaty, result.outcome)), None)


def _finding(result: Result, book: CompiledRulebook, tree: Node | None) -> Finding:
    head = f"{book.rulebook.name} ({book.id}), {status_words(result.outcome)}: {status_words(result.status)}"
    lead = _cite(book, result.provisions[0]) if result.provisions else None
    if result.status == "triggered" and lead:
        sentence = f"{head}, under {lead.provision} ({lead.cites})"
    elif result.status == "not_triggered" and lead:
        sentence = f"{head}; {lead.provision} ({lead.cites}) does not apply"
        why_not = _first_failures(tree) if tree else []
        if why_not:
            sentence += f" (not met: {'; '.join(why_not)})"
    elif result.status == "contested":
        unstated = [f.words() for f in getattr(result, "facts", [])]  # unstated facts, where judged
        said = "; ".join(x for x in [result.in_words, *unstated] if x)
        sentence = f"{head}: {said}" if said else head
    else:
        sentence = head
    if result.needs:
        sentence += f" (it needs a {' and a '.join(result.needs)}, which the file does not record)"
    return Finding(result.treaty, result.outcome, result.status, sentence + ".", lead)


def _first_failures(tree: Node) -> list[str]:
    """Per event, the first condition that failed ("for 'x': victim_status is member (here: ...)")."""
    events = [n for n in tree.children if n.kind == "event"]
    out = []
    for event in events:
        failed = next((n for n in event.walk() if n.kind == "test" and n.holds is False), None)
        if failed is None:
            continue
        words = failed.label.removeprefix("also: ")
        out.append(f"for {event.label.split(':', 1)[0].removeprefix('event ')}, {words}" if len(events) > 1 else words)
    return out


def _law(verdict: Verdict, books: Mapping[str, CompiledRulebook], sources: Sources) -> list[LawEntry]:
    entries: list[LawEntry] = []
    seen: set[tuple[str, str]] = set()
    for r in verdict.results:
        book = books[r.treaty]
        for pid in r.provisions:
            if (r.treaty, pid) in seen:
                continue
            seen.add((r.treaty, pid))
            p = book.provision(pid).source
            instrument = next((i for i in book.rulebook.instruments if i.id == p.cites.instrument), None)
            urls = list(p.sources) or (list(instrument.sources) if instrument else []) or list(book.rulebook.sources)
            in_force = f"in force {span_words(p.valid_from, p.valid_to)}" if p.valid_from or p.valid_to else ""
            entries.append(
                LawEntry(
                    _cite(book, pid),
                    p.title,
                    instrument.title if instrument else p.cites.instrument,
                    " ".join(p.summary.split()),
                    in_force,
                    sources.numbers(urls, f"{book.id}: {instrument.title if instrument else pid}"),
                )
            )
    return entries


def _application(e: Explanation, book: CompiledRulebook, result: Result | None) -> Application:
    # A branch of a contested tree names every open reading; the memo keeps those it turns on.
    relevant = {r.name.split(".", 1)[1] for r in result.readings} if result else set()
    relevant |= {f.key for f in getattr(result, "facts", [])}
    steps: list[Step] = []
    for child in e.root.children:
        _steps(child, 0, book, steps, relevant)
    shown = steps[:STEPS_PER_RESULT]
    return Application(e.treaty, e.outcome, e.status, shown, len(steps) - len(shown))


def _steps(node: Node, depth: int, book: CompiledRulebook, out: list[Step], relevant: set[str]) -> None:
    if depth > STEP_DEPTH or node.kind == "reading":  # readings are the Open questions
        return
    cite = None
    text = _branch_words(node.label, relevant) if node.kind == "branch" else node.label
    if node.kind in ("provision", "exception"):
        pid = node.label.split(" — ", 1)[0]
        if _has(book, pid):
            cite = _cite(book, pid)
            text = node.label.split(" — ", 1)[1] if " — " in node.label else ""
            if node.kind == "exception":
                text = f"exception: {text}"
    out.append(Step(depth, node.holds, text, cite))
    for child in node.children:
        _steps(child, depth + 1, book, out, relevant)


def _branch_words(label: str, relevant: set[str]) -> str:
    """'triggered, under a=no, b=yes, x.y: no' keeping only the assignments the result turns on."""
    status, sep, assignments = label.partition(", under ")
    if not sep:
        return label
    kept = [a for a in assignments.split(", ") if re.split(r"[=:]", a, maxsplit=1)[0].strip() in relevant]
    return f"{status}, under {', '.join(kept)}" if kept else label


def _has(book: CompiledRulebook, pid: str) -> bool:
    try:
        book.provision(pid)
    except KeyError:
        return False
    return True


def _open_questions(verdict: Verdict, books: Mapping[str, CompiledRulebook], sources: Sources) -> list[OpenQuestion]:
    found: dict[tuple[str, str], OpenQuestion] = {}
    for r in verdict.results:
        book = books[r.treaty]
        for e in r.readings:
            key = (r.treaty, e.name)
            if key in found:
                found[key].outcomes.append(r.outcome)
                continue
            reading = book.rulebook.readings[e.name.split(".", 1)[1]]
            note = reading.practice_on(verdict.date)
            urls = list(reading.sources)
            practice = ""
            if note:
                view = e.if_yes if note.answer else e.if_no
                practice = (
                    f"Since {note.date.isoformat()} the organisation's position is that {view}: "
                    f"{' '.join(note.summary.split())}"
                )
                urls += list(note.sources)
            found[key] = OpenQuestion(
                r.treaty,
                [r.outcome],
                e.name,
                e.question,
                [e.given_yes, e.given_no],
                [f"For yes: {' '.join(reading.yes.split())}", f"For no: {' '.join(reading.no.split())}"],
                practice,
                sources.numbers(urls, f"{e.name}"),
            )
        for f in getattr(r, "facts", []):  # unstated facts, where the verdict judges them
            key = (r.treaty, f.key)
            if key in found:
                found[key].outcomes.append(r.outcome)
                continue
            found[key] = OpenQuestion(r.treaty, [r.outcome], f.key, f"The file does not say {f.question}.", [f.words()])
    return list(found.values())


def _first_per_result(changes: Sequence[Change]) -> list[Change]:
    kept: list[Change] = []
    counts: dict[tuple[str, str], int] = {}
    for c in changes:
        n = counts.get((c.treaty, c.outcome), 0)
        if n < CHANGES_PER_RESULT:
            kept.append(c)
            counts[(c.treaty, c.outcome)] = n + 1
    return kept
