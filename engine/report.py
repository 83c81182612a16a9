"""Stage 6: the typed report of a run, and its renderings (JSON, table, Markdown).

JSON comes from the models, never from string building. The keys of ``ScenarioReport``,
``Result`` and ``Step`` are a contract read by outside checks: extend, never rename.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Step",
    "Result",
    "Warning",
    "ExpectationFailure",
    "ScenarioReport",
    "to_json",
    "to_markdown",
    "render_table",
]

Status = Literal[
    "not_party", "signatory", "consented", "party", "withdrawal_pending", "withdrawal_suspended", "withdrawn"
]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Step(_Out):
    """One step of an explanation: a rule that applied, or one that was considered and did not."""

    date: _dt.date
    rule: str
    article: str
    text: str = Field(description="The verbatim sentence(s) of the article the rule encodes.")
    sentence: str = Field(description="A plain sentence with the dates filled in.")
    applied: bool = True
    after_as_of: bool = False


class Result(_Out):
    """Where one state stands under one treaty at ``as_of``."""

    treaty: str
    state: str
    state_name: str
    status: Status
    party_since: _dt.date | None = None
    withdrawal_received: _dt.date | None = None
    withdrawal_effective: _dt.date | None = Field(
        default=None, description="When the withdrawal takes or took effect, also after as_of; null if not determined."
    )
    explanation: list[Step] = Field(default_factory=list)


class Warning(_Out):  # noqa: A001 - the report's own name for it
    date: _dt.date
    treaty: str | None = None
    state: str | None = None
    rule: str | None = None
    article: str | None = None
    message: str


class ExpectationFailure(_Out):
    state: str
    treaty: str
    field: str
    expected: str | None
    got: str | None


class ScenarioReport(_Out):
    """The result of running one scenario file."""

    scenario: str
    title: str
    as_of: _dt.date
    interpretations: dict[str, str] = Field(default_factory=dict)
    results: list[Result]
    warnings: list[Warning] = Field(default_factory=list)
    expectation_failures: list[ExpectationFailure] = Field(default_factory=list)

    def result(self, state: str, treaty: str | None = None) -> Result | None:
        for r in self.results:
            if r.state == state and (treaty is None or r.treaty == treaty):
                return r
        return None


def to_json(reports: list[ScenarioReport], *, explain: bool = True) -> str:
    """One object for one report, an array for several (the CLI contract)."""
    dumped = []
    for rep in reports:
        d = json.loads(rep.model_dump_json())
        if not explain:
            for r in d["results"]:
                r["explanation"] = [s for s in r["explanation"] if s["applied"]]
        dumped.append(d)
    return json.dumps(dumped[0] if len(dumped) == 1 else dumped, indent=2, ensure_ascii=False)


def _d(day: _dt.date | None) -> str:
    return f"{day.day} {day:%B} {day.year}" if day else "—"


def to_markdown(reports: list[ScenarioReport], *, explain: bool = False) -> str:
    """A Markdown report: a table per scenario and, with ``explain``, each result's steps."""
    out: list[str] = []
    for rep in reports:
        out.append(f"# {rep.title}\n")
        out.append(f"Scenario `{rep.scenario}`, as of {_d(rep.as_of)}.\n")
        if rep.interpretations:
            out.append("Readings: " + ", ".join(f"`{k}` = {v}" for k, v in rep.interpretations.items()) + "\n")
        out.append("| treaty | state | status | party since | withdrawal received | withdrawal effective |")
        out.append("|---|---|---|---|---|---|")
        for r in rep.results:
            out.append(
                f"| {r.treaty} | {r.state_name} ({r.state}) | {r.status.replace('_', ' ')} | {_d(r.party_since)} "
                f"| {_d(r.withdrawal_received)} | {_d(r.withdrawal_effective)} |"
            )
        out.append("")
        if explain:
            for r in rep.results:
                out.append(f"## {r.state_name}: {r.treaty}\n")
                for s in r.explanation:
                    later = " *(after the as-of date)*" if s.after_as_of else ""
                    lead = f"{s.article}{later}: " if s.applied else (f"{later.strip()} " if later else "")
                    out.append(f"- **{_d(s.date)}**, {lead}{s.sentence}")
                    out.append(f"  > {s.text}")
                out.append("")
        if rep.warnings:
            out.append("Warnings:\n")
            for w in rep.warnings:
                out.append(f"- {_d(w.date)}: {w.message}")
            out.append("")
        if rep.expectation_failures:
            out.append("Expectations not met:\n")
            for f in rep.expectation_failures:
                out.append(f"- {f.state} ({f.treaty}) {f.field}: expected {f.expected}, got {f.got}")
            out.append("")
    return "\n".join(out)


def render_table(reports: list[ScenarioReport], *, explain: bool = False) -> object:
    """A rich renderable (tables and explanation trees) for the terminal."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[object] = []
    for rep in reports:
        table = Table(title=f"{rep.title}\n[dim]{rep.scenario} · as of {_d(rep.as_of)}[/dim]", title_justify="left")
        for col in ("treaty", "state", "status", "party since", "withdrawal received", "withdrawal effective"):
            table.add_column(col)
        for r in rep.results:
            table.add_row(
                r.treaty, f"{r.state_name} ({r.state})", r.status.replace("_", " "),
                _d(r.party_since), _d(r.withdrawal_received), _d(r.withdrawal_effective),
            )
        parts.append(table)
        if explain:
            for r in rep.results:
                parts.append(Text(f"\n{r.state_name} — {r.treaty}", style="bold"))
                for s in r.explanation:
                    style = "" if s.applied else "dim"
                    later = " (after the as-of date)" if s.after_as_of else ""
                    lead = f"{s.article}{later}: " if s.applied else (f"{later.strip()} " if later else "")
                    parts.append(Text(f"  {_d(s.date)}  {lead}{s.sentence}", style=style))
                    parts.append(Text(f"      “{s.text}”", style="italic dim"))
        for w in rep.warnings:
            parts.append(Text(f"warning: {_d(w.date)}: {w.message}", style="yellow"))
        for f in rep.expectation_failures:
            parts.append(Text(f"expectation failed: {f.state} ({f.treaty}) {f.field}: expected {f.expected}, got {f.got}", style="red"))
        parts.append(Text(""))
    return Group(*parts)
