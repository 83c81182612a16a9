"""The public entry points: load a library once, run scenario files against it.

>>> from engine import Engine
>>> report = Engine().run_file("scenarios/ottawa/2025-withdrawals.yaml")
>>> report.result("LTU").withdrawal_effective
datetime.date(2025, 12, 27)
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from .compile import Program, compile_library
from .explain import explain
from .load import Library, LoadedScenario, load_library, load_scenario
from .report import ExpectationFailure, ScenarioReport
from .simulate import simulate
from .validate import CheckedScenario, check_library, check_scenario

__all__ = ["Engine", "check_expectations"]


class Engine:
    """A checked and compiled rule library, ready to run scenarios (reuse it: it is costly to build)."""

    def __init__(self, rules_dir: Path | str | None = None) -> None:
        self.library: Library = load_library(rules_dir)
        check_library(self.library)
        self.program: Program = compile_library(self.library)

    def check(self, path: Path | str, *, interpretations: dict[str, str] | None = None) -> CheckedScenario:
        """Load and check a scenario file (raises :class:`engine.errors.InputError`)."""
        loaded: LoadedScenario = load_scenario(path)
        return check_scenario(loaded, self.library, overrides=interpretations)

    def run_checked(self, checked: CheckedScenario, *, as_of: _dt.date | None = None) -> ScenarioReport:
        """Simulate an already checked scenario and explain the outcome."""
        outcome = simulate(self.program, checked, as_of=as_of)
        report = explain(outcome, self.program, checked.scenario, checked.path)
        report.expectation_failures = check_expectations(report, checked)
        return report

    def run_file(
        self,
        path: Path | str,
        *,
        as_of: _dt.date | None = None,
        interpretations: dict[str, str] | None = None,
    ) -> ScenarioReport:
        """Load, check, simulate and explain one scenario file."""
        return self.run_checked(self.check(path, interpretations=interpretations), as_of=as_of)


def _s(v: object) -> str | None:
    if v is None:
        return None
    return v.isoformat() if isinstance(v, _dt.date) else str(v)


def check_expectations(report: ScenarioReport, checked: CheckedScenario) -> list[ExpectationFailure]:
    """Compare the scenario's ``expect:`` entries with the report, field by field."""
    failures = []
    default_treaty = checked.scenario.treaties[0]
    for exp in checked.scenario.expect:
        treaty = exp.treaty or default_treaty
        got = report.result(exp.state, treaty)
        for text in exp.warnings:
            messages = [w.message for w in report.warnings if w.state == exp.state and w.treaty == treaty]
            if not any(text in m for m in messages):
                failures.append(ExpectationFailure(
                    state=exp.state, treaty=treaty, field="warnings", expected=text,
                    got="; ".join(messages) if messages else None,
                ))
        for name in sorted(exp.model_fields_set - {"state", "treaty", "warnings"}):
            want = getattr(exp, name)
            have = getattr(got, name) if got is not None else ("not_party" if name == "status" else None)
            if want != have:
                failures.append(ExpectationFailure(state=exp.state, treaty=treaty, field=name, expected=_s(want), got=_s(have)))
    return failures
