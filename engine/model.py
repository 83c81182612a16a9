"""The file formats: rule files (``rules/<treaty>/treaty.yaml``, ``art-<n>.yaml``) and scenarios.

These pydantic models are the single definition of both formats; the JSON Schemas in docs/
are generated from them (``treaty schema rules|scenario``). Unknown keys are rejected.

The rule vocabulary (see docs/rules-format.md) is deliberately small: a rule is a list of
patterns over facts (``when``) and a list of generic actions (``then``). Rule files are data;
nothing in them is executed.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Literal, Union

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .calendar import MissingDay, Snap

__all__ = [
    "Source",
    "Adoption",
    "Depositary",
    "EntryIntoForce",
    "DateConvention",
    "Treaty",
    "Paragraph",
    "Citation",
    "Pattern",
    "PeriodSpec",
    "Schedule",
    "Action",
    "Gate",
    "Rule",
    "Choice",
    "Interpretation",
    "Article",
    "Event",
    "Expectation",
    "Scenario",
    "STATE_ACTS",
    "CONSENT_ACTS",
    "CONFLICT_ACTS",
    "STATUSES",
    "RESULT_FIELDS",
    "IsoDate",
    "date_problem",
    "describe_value",
    "parse_iso_date",
]


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def date_problem(text: str) -> str:
    """Why ``YYYY-MM-DD`` text is not a real date, in words (``''`` when it is one)."""
    import calendar

    m = _ISO.match(text)
    if not m:
        return ""
    y, mo, d = (int(x) for x in m.groups())
    if not 1 <= mo <= 12:
        return f" (there is no month {mo})"
    if d == 0:
        return " (there is no day 0)"
    last = calendar.monthrange(y, mo)[1] if y >= 1 else 31
    if d > last:
        return f" ({_dt.date(y, mo, 1):%B} {y} has {last} days)"
    return ""


def describe_value(value: Any) -> str:
    """How a found value is named in messages: ``'text'``, ``12``, ``the boolean true``, ``a list``."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    return repr(value) if isinstance(value, str) else f"{value!r}"


def parse_iso_date(value: Any) -> _dt.date:
    """``"2025-06-27"`` -> a date; anything else raises ValueError saying what was found."""
    return _iso_date(value)  # type: ignore[no-any-return]


def _iso_date(value: Any) -> Any:
    """Dates are written ``YYYY-MM-DD`` and must exist; numbers and times are refused."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    shown = describe_value(value)
    if isinstance(value, str) and _ISO.match(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"expected a real calendar date written YYYY-MM-DD, found {shown}{date_problem(value) if isinstance(value, str) else ''}")


#: A date as the files write it ("2025-06-27"), strictly.
IsoDate = Annotated[_dt.date, BeforeValidator(_iso_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Text = str
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*\.art-[0-9a-z]+(?:\.[a-z0-9][a-z0-9-]*)+$")
NAME = r"^[a-z][a-z0-9_]*$"

#: Acts a state performs (the scenario contract).
CONSENT_ACTS = ("ratify", "accept", "approve", "accede")
STATE_ACTS = ("sign", *CONSENT_ACTS, "withdraw", "denounce", "revoke_withdrawal")
CONFLICT_ACTS = ("armed_conflict_begins", "armed_conflict_ends")
ALL_ACTS = (*STATE_ACTS, *CONFLICT_ACTS)

#: Statuses a result can have (the JSON output contract).
STATUSES = (
    "not_party",
    "signatory",
    "consented",
    "party",
    "withdrawal_pending",
    "withdrawal_suspended",
    "withdrawn",
)
#: Fields a ``conclude`` action may set on a result besides ``status``.
RESULT_FIELDS = ("party_since", "withdrawal_received", "withdrawal_effective")


class Source(_Strict):
    """Where a fact or a text was read."""

    citation: Text = Field(description="Document, article or notification, e.g. 'C.N.284.2025.TREATIES-XXVI.5'.")
    url: str | None = Field(default=None, description="Where it can be read, if online.")
    quote: Text | None = Field(default=None, description="The words relied on, verbatim.")


class Adoption(_Strict):
    date: IsoDate
    place: Text
    source: Source


class Depositary(_Strict):
    name: Text = Field(description="Who receives instruments, e.g. 'Secretary-General of the United Nations'.")
    article: Text | None = Field(default=None, description="The article designating the depositary.")
    source: Source


class EntryIntoForce(_Strict):
    """The treaty's own entry into force, as recorded by the depositary."""

    date: IsoDate | None = Field(default=None, description="Recorded date of entry into force (None: not in force).")
    instruments_required: int | None = Field(default=None, ge=1)
    threshold_deposit: IsoDate | None = Field(
        default=None, description="Date the last instrument needed for entry into force was deposited."
    )
    source: Source


class DateConvention(_Strict):
    """How the depositary reckons periods (a documented practice, with its source)."""

    missing_day: MissingDay = Field(description="Result of a month period whose day does not exist in the target month.")
    practice: Text = Field(description="What the depositary does, in a sentence.")
    source: Source


class Treaty(_Strict):
    """``rules/<id>/treaty.yaml``: the treaty's identity and its depositary's practice."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Text
    short_title: Text
    scope: Literal["treaty", "general"] = Field(
        default="treaty",
        description="'general' for background law (the VCLT) whose rules apply to every treaty unless displaced.",
    )
    adopted: Adoption
    depositary: Depositary
    entry_into_force: EntryIntoForce
    date_convention: DateConvention
    sources: list[Source] = Field(min_length=1)


class Paragraph(_Strict):
    number: str = Field(description="'1', '2', ... or '' for an article without numbered paragraphs.")
    sentences: list[Text] = Field(min_length=1, description="The verbatim text, one sentence per item.")
    subparagraphs: dict[str, Text] = Field(default_factory=dict, description="'(a)': verbatim text.")


class Citation(_Strict):
    paragraph: str
    sentence: int | None = Field(default=None, ge=1)
    subparagraph: str | None = None


Scalar = Union[str, int, bool, None]


class Pattern(_Strict):
    """One condition of a rule: a fact that must exist (``fact``) or must not (``absent``)."""

    fact: str | None = Field(default=None, pattern=NAME)
    absent: str | None = Field(default=None, pattern=NAME)
    as_: str | None = Field(default=None, alias="as", pattern=NAME)
    where: dict[str, Union[Scalar, dict[str, Union[Scalar, list[Scalar]]]]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_kind(self) -> "Pattern":
        if (self.fact is None) == (self.absent is None):
            raise ValueError("expected exactly one of 'fact' or 'absent'")
        if self.absent is not None and self.as_ is not None:
            raise ValueError("an 'absent' pattern matches nothing, so it cannot be named with 'as'")
        return self

    @property
    def type(self) -> str:
        return self.fact if self.fact is not None else self.absent  # type: ignore[return-value]


class PeriodSpec(_Strict):
    days: int = Field(default=0, ge=0)
    months: int = Field(default=0, ge=0)
    years: int = Field(default=0, ge=0)


class Schedule(_Strict):
    """Queue a dated instant (a deadline) computed by the calendar from a date and a period."""

    deadline: str = Field(pattern=NAME)
    from_: str = Field(alias="from", description="A reference to a date, e.g. '$n.date'.")
    period: PeriodSpec = PeriodSpec()
    snap: Snap = Snap.NONE
    offset_days: int = 0
    not_before: str | None = Field(default=None, description="A reference to a date the deadline cannot precede.")
    carry: dict[str, Scalar] = Field(default_factory=dict, description="Fields copied onto the deadline fact.")


class Action(_Strict):
    """One generic action; exactly one key is set."""

    assert_: dict[str, Scalar] | None = Field(default=None, alias="assert")
    signal: dict[str, Scalar] | None = None
    retract: str | None = Field(default=None, pattern=NAME)
    schedule: Schedule | None = None
    conclude: dict[str, Scalar] | None = None
    warn: Text | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> "Action":
        chosen = [k for k in ("assert_", "signal", "retract", "schedule", "conclude", "warn") if getattr(self, k) is not None]
        if len(chosen) != 1:
            raise ValueError(
                "expected exactly one of 'assert', 'signal', 'retract', 'schedule', 'conclude', 'warn'"
            )
        return self

    @property
    def kind(self) -> str:
        for k in ("assert_", "signal", "retract", "schedule", "conclude", "warn"):
            if getattr(self, k) is not None:
                return k.rstrip("_")
        raise AssertionError("unreachable")  # pragma: no cover


class Gate(_Strict):
    name: str
    choice: str


class Rule(_Strict):
    """A rule: patterns that must hold together, and what follows when they do."""

    id: str = Field(description="Stable id '<treaty>.art-<n>.<name>'; never reused.")
    cites: Citation
    summary: Text = Field(description="One line: what the rule decides.")
    when: list[Pattern] = Field(min_length=1)
    then: list[Action] = Field(min_length=1)
    explain: Text = Field(description="Plain sentence template, e.g. '{n.state} ... {deadline}'.")
    why_not: Text | None = Field(default=None, description="Sentence when the rule was considered and did not apply.")
    overrides: list[str] = Field(default_factory=list, description="Ids of rules (VCLT defaults) this rule displaces for its treaty.")
    interpretation: Gate | None = Field(default=None, description="The rule applies only under this reading.")

    @field_validator("id")
    @classmethod
    def _id_form(cls, v: str) -> str:
        if not RULE_ID.match(v):
            raise ValueError(f"expected a rule id like 'apmbc.art-20.takes-effect', found '{v}'")
        return v


class Choice(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    summary: Text
    source: Source


class Interpretation(_Strict):
    """A contested reading, with named choices; scenarios pick with ``interpretations:``."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*\.art-[0-9a-z]+\.[a-z0-9-]+$")
    question: Text
    default: str
    choices: list[Choice] = Field(min_length=2)

    @model_validator(mode="after")
    def _default_is_a_choice(self) -> "Interpretation":
        names = [c.name for c in self.choices]
        if self.default not in names:
            raise ValueError(f"expected 'default' to be one of {names}, found '{self.default}'")
        return self


class Article(_Strict):
    """``rules/<treaty>/art-<n>.yaml``: an article's verbatim text and the rules encoding it."""

    article: str = Field(pattern=r"^[0-9a-z]+$")
    heading: Text
    source: Source
    paragraphs: list[Paragraph] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)
    interpretations: list[Interpretation] = Field(default_factory=list)


# --------------------------------------------------------------------------- scenarios

ActName = Literal[ALL_ACTS]  # type: ignore[valid-type]


class Event(_Strict):
    """One dated act. For ``withdraw``/``denounce`` the date is the depositary's receipt."""

    date: IsoDate
    act: ActName
    state: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code of the acting state.")
    treaty: str | None = Field(default=None, description="Required when the scenario names several treaties.")
    reasons: Text | None = None
    reservation: Text | None = Field(default=None, description="A reservation made with a consent instrument.")
    conflict: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    parties: list[str] | None = None
    source: Text | None = Field(default=None, description="Where this act is documented.")
    hypothetical: bool = Field(default=False, description="True for an act that did not happen (a what-if).")
    note: Text | None = None


class Expectation(_Strict):
    """What the scenario's author expects; checked by ``treaty run`` and the pytest plugin."""

    state: str
    treaty: str | None = None
    status: Literal[STATUSES] | None = None  # type: ignore[valid-type]
    party_since: IsoDate | None = None
    withdrawal_received: IsoDate | None = None
    withdrawal_effective: IsoDate | None = None
    warnings: list[Text] = Field(
        default_factory=list,
        description="Text each of which must appear in a warning about this state and treaty.",
    )


class Scenario(_Strict):
    """A scenario file: dated acts of states and what should follow from them."""

    title: Text
    description: Text | None = None
    sources: list[Text] = Field(default_factory=list)
    treaties: list[str] = Field(min_length=1)
    as_of: IsoDate | None = None
    interpretations: dict[str, str] = Field(default_factory=dict)
    events: list[Event] = Field(min_length=1)
    expect: list[Expectation] = Field(default_factory=list)
