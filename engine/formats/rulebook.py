"""Rulebook format: one treaty's instruments, membership over time, readings, provisions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.formats.scenario import Date, LongText, ShortText, SourceUrl, YesNo, empty_dict, empty_list
from engine.formats.vocabulary import Outcome, RequestKind

MembershipStatus = Literal["member", "suspended", "frozen"]
ProvisionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.()-]*$", max_length=60)]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]


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


class PracticeNote(_Strict):
    date: Date
    answer: YesNo
    summary: LongText
    sources: list[SourceUrl] = Field(default_factory=empty_list)


class Reading(_Strict):
    """A legal question the text leaves open; both answers are modelled, neither is chosen."""

    question: ShortText
    yes: LongText
    no: LongText
    # Optional short clauses completing "if ..." for each answer, so that a contested result
    # reads "if <if_yes>: triggered; if not: not triggered" (engine/verdict/wording.py).
    if_yes: ShortText | None = None
    if_no: ShortText | None = None
    practice: list[PracticeNote] = Field(default_factory=empty_list)
    sources: list[SourceUrl] = Field(default_factory=empty_list)

    def practice_on(self, date: dt.date) -> PracticeNote | None:
        """The organisation's latest position adopted on or before `date`."""
        notes = [p for p in self.practice if p.date <= date]
        return max(notes, key=lambda p: p.date) if notes else None


class Citation(_Strict):
    instrument: ProvisionId
    article: str
    paragraph: str | None = None

    def __str__(self) -> str:
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
    readings: dict[Name, Reading] = Field(default_factory=empty_dict)
    provisions: Annotated[list[Provision], Field(min_length=1)]
    constants: dict[Name, Any] = Field(default_factory=empty_dict)
    # Outcomes the text extends beyond the parties (Rio Art. 3: "an American State"), with
    # the clause that does so. Consistency checks must not expect non-parties to be left out.
    protects_non_parties: dict[Outcome, ShortText] = Field(default_factory=empty_dict)

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

    def members_on(self, date: dt.date) -> dict[str, str]:
        out = {}
        for state in sorted(self.membership):
            status = self.status_on(state, date)
            if status not in ("former", "non_member"):
                out[state] = status
        return out

    def provision(self, pid: str) -> Provision:
        for p in self.provisions:
            if p.id == pid:
                return p
        raise KeyError(pid)
