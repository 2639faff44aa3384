"""Rulebook format: one treaty's instruments, membership over time, readings, provisions.

A reading several treaties share (the gravity threshold of "armed attack", say) is
defined once in the shared readings library, rules/shared/readings.yaml, with each
treaty's own dated practice; a rulebook lists the ones it uses under `shared_readings`
and gets them exactly as if it had written them under `readings`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from engine.formats.modelcheck import suggestion, validate
from engine.formats.paths import rules_dir
from engine.formats.scenario import Date, LongText, ShortText, SourceUrl, YesNo, empty_dict, empty_list
from engine.formats.vocabulary import Outcome, RequestKind
from engine.formats.yamlsafe import load_yaml, read_text

MembershipStatus = Literal["member", "suspended", "frozen"]
ProvisionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.()-]*$", max_length=60)]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
TreatyId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9-]*$", max_length=20)]
SHARED_READINGS_FILE = "shared/readings.yaml"  # under rules/


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Instrument(_Strict):
    id: ProvisionId
    title: ShortText
    signed: Date | None = None
    in_force: Date | None = None
    sources: list[SourceUrl] = Field(default_factory=empty_list)
    note: LongText | None = None


class Interval(_Strict):
    """A stretch of time with one membership status; `to` is the last day, inclusive."""

    from_: Date = Field(alias="from")
    to: Date | None = None
    status: MembershipStatus = "member"
    source: SourceUrl | None = None
    note: LongText | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Interval:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"interval ends ({self.to}) before it starts ({self.from_})")
        return self


# practice: what the organisation did; declaration: what it said (a summit communique, a joint
# statement); subsequent_agreement: an answer all the parties agreed (VCLT Art. 31(3)(a)-(b)).
# Only a subsequent agreement settles the reading: from its date the verdict takes its answer.
PracticeKind = Literal["practice", "declaration", "subsequent_agreement"]


class SuspendedObligation(_Strict):
    """One party's obligation to another, suspended while the treaty stays in force between
    the others (the United States towards New Zealand under ANZUS from 1986). `to` is the
    last day, inclusive; without it the suspension lasts."""

    owed_by: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    # Without owed_to: towards every victim. With only_against: the obligation stands against
    # those attackers and is suspended against any other (SEATO: the United States' 1954
    # understanding confines its Art. IV(1) obligation to communist aggression). With
    # outcomes: only those outcomes' obligations are suspended (the United States still
    # consults under SEATO Art. IV(2)).
    owed_to: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    only_against: list[Annotated[str, Field(pattern=r"^[A-Z]{3}$")]] = Field(default_factory=empty_list)
    outcomes: list[Outcome] = Field(default_factory=empty_list)
    from_: Date = Field(alias="from")
    to: Date | None = None
    source: SourceUrl
    note: LongText | None = None

    def on(self, date: dt.date) -> bool:
        return self.from_ <= date and (self.to is None or date <= self.to)

    def applies(self, victim: str, date: dt.date, attacker: str | None = None, outcome: str | None = None) -> bool:
        """The suspension holds for this victim, date, (state behind the) attacker and outcome."""
        return (
            self.on(date)
            and self.owed_to in (None, victim)
            and (not self.outcomes or outcome is None or outcome in self.outcomes)
            and (not self.only_against or attacker is None or attacker not in self.only_against)
        )


class PracticeNote(_Strict):
    date: Date
    answer: YesNo
    summary: LongText
    sources: list[SourceUrl] = Field(default_factory=empty_list)
    kind: PracticeKind = "practice"
    cites: ShortText | None = None  # how the act is cited, e.g. "NAC statement of 12 Sept. 2001"


class Reading(_Strict):
    """A legal question the text leaves open; both answers are modelled, neither is chosen."""

    question: ShortText
    yes: LongText
    no: LongText
    # Optional short clauses completing "if ..." for each answer, so that a contested result
    # reads "if <if_yes>: triggered; if not: not triggered" (engine/verdict/wording.py).
    if_yes: ShortText | None = None
    if_no: ShortText | None = None
    doc: LongText | None = None
    practice: list[PracticeNote] = Field(default_factory=empty_list)
    sources: list[SourceUrl] = Field(default_factory=empty_list)

    def practice_on(self, date: dt.date) -> PracticeNote | None:
        """The organisation's latest position adopted on or before `date`."""
        notes = [p for p in self.practice if p.date <= date]
        return max(notes, key=lambda p: p.date) if notes else None

    def settled_on(self, date: dt.date) -> PracticeNote | None:
        """The latest subsequent agreement of all the parties on or before `date`, if any:
        it answers the reading from its date (it is no longer open, nor `contested`)."""
        notes = [p for p in self.practice if p.kind == "subsequent_agreement" and p.date <= date]
        return max(notes, key=lambda p: p.date) if notes else None


class SharedReading(_Strict):
    """A reading defined once for several treaties; `practice` is each treaty's own, by id."""

    question: ShortText
    yes: LongText
    no: LongText
    if_yes: ShortText | None = None
    if_no: ShortText | None = None
    doc: LongText | None = None
    sources: list[SourceUrl] = Field(default_factory=empty_list)
    practice: dict[TreatyId, list[PracticeNote]] = Field(default_factory=empty_dict)

    def for_treaty(self, treaty: str) -> Reading:
        """The reading as the treaty `treaty` uses it: the shared text, that treaty's practice."""
        practice = sorted(self.practice.get(treaty, []), key=lambda p: p.date)
        return Reading(
            question=self.question,
            yes=self.yes,
            no=self.no,
            if_yes=self.if_yes,
            if_no=self.if_no,
            doc=self.doc,
            practice=practice,
            sources=self.sources,
        )


class ReadingLibrary(_Strict):
    """The shared readings file: readings by name."""

    readings: dict[Name, SharedReading]


def shared_readings_path() -> Path:
    return rules_dir() / SHARED_READINGS_FILE


@lru_cache(maxsize=1)
def shared_library() -> ReadingLibrary:
    """The shipped library of shared readings; a broken library is reported at its own lines."""
    path = shared_readings_path()
    return validate(ReadingLibrary, load_yaml(read_text(path), str(path)))


def _known_shared(name: str) -> str:
    library = shared_library().readings
    if name not in library:
        hint = suggestion(name, library)
        raise ValueError(
            f"{name!r} is not a shared reading in rules/{SHARED_READINGS_FILE} (it has: {', '.join(sorted(library))})"
            f"{hint}; a reading for this treaty alone goes under `readings`"
        )
    return name


SharedName = Annotated[Name, AfterValidator(_known_shared)]


class Citation(_Strict):
    instrument: ProvisionId
    article: str
    paragraph: str | None = None
    # How a text that has no articles is cited (a communiqué's paragraph, a dated statement):
    # `NAC statement of 12 Sept. 2001` reads as a citation, `NAC-2001 Art. statement` does not.
    label: ShortText | None = None

    def __str__(self) -> str:
        if self.label:
            return self.label
        para = f"({self.paragraph})" if self.paragraph else ""
        return f"{self.instrument} Art. {self.article}{para}"


class Conclusion(_Strict):
    outcome: Outcome | None = None
    fact: Name | None = None

    @model_validator(mode="after")
    def _one(self) -> Conclusion:
        if (self.outcome is None) == (self.fact is None):
            raise ValueError("a provision concludes exactly one of `outcome` or `fact`")
        return self

    @property
    def atom(self) -> str:
        return f"outcome.{self.outcome}" if self.outcome else str(self.fact)


class Example(_Strict):
    """A worked example: base facts that differ from the baseline case, and whether it fires."""

    facts: dict[str, Any] = Field(default_factory=empty_dict)
    fires: bool
    note: ShortText | None = None


class Provision(_Strict):
    id: ProvisionId
    title: ShortText
    cites: Citation
    summary: LongText
    valid_from: Date | None = None
    valid_to: Date | None = None
    when: Any
    concludes: Conclusion
    needs_request: RequestKind | None = None
    decided_by: ShortText | None = None
    defeats: list[ProvisionId] = Field(default_factory=empty_list)
    examples: list[Example] = Field(default_factory=empty_list)
    sources: list[SourceUrl] = Field(default_factory=empty_list)

    def valid_on(self, date: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (self.valid_to is None or date <= self.valid_to)


class Rulebook(_Strict):
    id: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9-]*$", max_length=20)]
    name: ShortText
    summary: LongText
    sources: Annotated[list[SourceUrl], Field(min_length=1)]
    instruments: Annotated[list[Instrument], Field(min_length=1)]
    membership: dict[str, list[Interval]]
    outcomes: Annotated[list[Outcome], Field(min_length=1)]
    # Declared before `readings`: the readings validator adds these to the rulebook's own.
    shared_readings: list[SharedName] = Field(default_factory=empty_list)
    readings: dict[Name, Reading] = Field(default_factory=empty_dict, validate_default=True)
    provisions: Annotated[list[Provision], Field(min_length=1)]
    constants: dict[Name, Any] = Field(default_factory=empty_dict)
    # Obligations between two parties suspended while both stay parties: results then say
    # which parties are bound to act for the victim (JSON `bound`).
    suspended_obligations: list[SuspendedObligation] = Field(default_factory=empty_list)
    # Outcomes the text extends beyond the parties (Rio Art. 3: "an American State"), with
    # the clause that does so. Consistency checks must not expect non-parties to be left out.
    protects_non_parties: dict[Outcome, ShortText] = Field(default_factory=empty_dict)

    @field_validator("readings")
    @classmethod
    def _with_shared(cls, own: dict[str, Reading], info: ValidationInfo) -> dict[str, Reading]:
        """The rulebook's own readings plus the shared ones it uses, each with this treaty's
        practice. A reading both defined here and shared must be the same reading (as it is
        when a loaded rulebook is written out and read back); otherwise the file is ambiguous."""
        names = info.data.get("shared_readings") or []
        treaty = info.data.get("id", "")
        merged = dict(own)
        for name in names:
            shared = shared_library().readings[name].for_treaty(treaty)
            if name in own and own[name] != shared:
                raise ValueError(
                    f"reading {name!r} is defined under `readings` and also listed under `shared_readings`;"
                    " remove one of them (or rename this treaty's own reading)"
                )
            merged[name] = shared
        return merged

    def status_on(self, state: str, date: dt.date) -> str:
        """member | suspended | frozen | former | non_member, for `state` on `date`."""
        intervals = self.membership.get(state)
        if not intervals:
            return "non_member"
        for interval in intervals:
            if interval.from_ <= date and (interval.to is None or date <= interval.to):
                return interval.status
        if any(i.from_ <= date for i in intervals):
            return "former"
        return "non_member"

    def bound_to_act(
        self, victim: str, date: dt.date, attacker: str | None = None, outcome: str | None = None
    ) -> list[str] | None:
        """The parties bound to act for `victim` on `date` (against `attacker`, for `outcome`),
        where obligations differ by pair (some party's obligation to the victim is
        suspended); None where they do not."""
        suspended = {s.owed_by for s in self.suspended_obligations if s.applies(victim, date, attacker, outcome)}
        if not suspended:
            return None
        members = self.members_on(date)
        return sorted(s for s, status in members.items() if status == "member" and s != victim and s not in suspended)

    def members_on(self, date: dt.date) -> dict[str, str]:
        out = {}
        for state in sorted(self.membership):
            status = self.status_on(state, date)
            if status not in ("former", "non_member"):
                out[state] = status
        return out

    def provision_summaries(self) -> list[dict[str, str]]:
        """Each provision's id, citation, title and dates, as `casus treaties` and the web API list them."""
        return [
            {
                "id": p.id,
                "cites": str(p.cites),
                "title": p.title,
                "valid_from": str(p.valid_from or ""),
                "valid_to": str(p.valid_to or ""),
            }
            for p in self.provisions
        ]

    def provision(self, pid: str) -> Provision:
        for p in self.provisions:
            if p.id == pid:
                return p
        raise KeyError(pid)
