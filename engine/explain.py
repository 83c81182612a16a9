"""Stage 5: turn what the simulation recorded into typed results a person can follow.

Each applied rule becomes a step: its date, rule id, article citation, the quoted sentence
and a plain sentence with the dates filled in. A rule that was considered at a decisive
moment and did not apply becomes a "did not apply" step built from its ``why_not`` text.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from .calendar import format_date, from_ordinal
from .compile import Program
from .countries import state_name
from .model import Scenario
from .report import Result, ScenarioReport, Step, Warning
from .simulate import Outcome, RawStep, RawWarning, ResultState
from .vocabulary import is_date_field

__all__ = ["explain", "render_template"]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _show(field: str, value: Any) -> str:
    if value is None:
        return "(none)"
    if field == "state" or field.endswith("_state"):
        return state_name(str(value))
    if is_date_field(field) and isinstance(value, int):
        return format_date(from_ordinal(value))
    return str(value)


def render_template(template: str, bindings: dict[str, dict[str, Any]], extra: dict[str, Any], program: Program) -> str:
    """Fill ``{b.field}``, ``{today}``, ``{deadline}``, ``{treaty}``, ``{depositary}``, ``{period}``."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if "." in key:
            b, f = key.split(".", 1)
            return _show(f, bindings.get(b, {}).get(f))
        if key in ("today", "deadline"):
            v = extra.get(key)
            return format_date(from_ordinal(v)) if isinstance(v, int) else "(not scheduled)"
        if key == "treaty":
            t = program.treaties.get(str(extra.get("treaty")))
            return t.short_title if t else str(extra.get("treaty"))
        if key == "depositary":
            t = program.treaties.get(str(extra.get("treaty")))
            return t.depositary.name if t else "the depositary"
        if key == "period":
            return str(extra.get("period", ""))
        return m.group(0)

    return _PLACEHOLDER.sub(sub, template)


def _date(v: int | None) -> _dt.date | None:
    return from_ordinal(v) if isinstance(v, int) else None


def _step(raw: RawStep, program: Program, as_of: int) -> Step:
    rule = program.rules[raw.rule]
    if raw.applied:
        sentence = render_template(rule.rule.explain, raw.bindings, raw.extra, program)
    else:
        assert rule.rule.why_not is not None
        comma = "," if rule.rule.cites.sentence is not None else ""
        sentence = f"{rule.citation}{comma} did not apply: " + render_template(rule.rule.why_not, raw.bindings, raw.extra, program)
    treaty_prefix = "" if not rule.general else "VCLT "
    return Step(
        date=from_ordinal(raw.date),
        rule=rule.id,
        article=treaty_prefix + rule.citation,
        text=rule.text,
        sentence=sentence,
        applied=raw.applied,
        after_as_of=raw.date > as_of,
    )


def _warning(w: RawWarning, program: Program) -> Warning:
    if w.message == "missing_day":
        e = w.extra
        message = (
            f"{format_date(from_ordinal(e['start']))} plus {e['period']} falls on {e['missing']}, which does not exist; "
            f"the depositary's convention ({e['convention'].replace('_', ' ')}) gives {format_date(from_ordinal(e['chosen']))}, "
            f"the other reading gives {format_date(from_ordinal(e['other']))}"
        )
    else:
        message = render_template(w.message, w.bindings, w.extra, program)
    rule = program.rules.get(w.rule) if w.rule else None
    return Warning(
        date=from_ordinal(w.date), treaty=w.treaty, state=w.state,
        rule=rule.id if rule else None, article=rule.citation if rule else None, message=message,
    )


def explain(outcome: Outcome, program: Program, scenario: Scenario, path: str) -> ScenarioReport:
    """Build the report of one scenario run."""
    # Steps keep the order in which the simulation recorded them (date, then same-day phase,
    # then firing order), so a state's own deposit precedes the depositary record that day.
    by_key: dict[tuple[str, str], list[tuple[int, RawStep]]] = {k: [] for k in outcome.results}
    treaty_level: list[tuple[int, RawStep]] = []
    for index, raw in enumerate(outcome.steps):
        if raw.state is None:
            treaty_level.append((index, raw))
        else:
            by_key.setdefault((raw.treaty, str(raw.state)), []).append((index, raw))
    results = []
    order = {t: i for i, t in enumerate(scenario.treaties)}
    keys = sorted(outcome.results, key=lambda k: (order.get(k[0], 99), outcome.results[k].first_seen, k[1]))
    for key in keys:
        snap = outcome.results[key]
        final = outcome.final.get(key, snap)
        effective = snap.withdrawal_effective
        if (
            snap.status in ("withdrawal_pending", "withdrawal_suspended")
            and final.status == "withdrawn"
            and final.withdrawal_received == snap.withdrawal_received
        ):
            effective = final.withdrawal_effective  # determined by the events after as_of
        chosen = [(i, raw) for i, raw in treaty_level if raw.treaty == key[0] and raw.date >= snap.first_seen]
        chosen += by_key.get(key, [])
        chosen.sort(key=lambda pair: pair[0])
        steps = [_step(raw, program, outcome.as_of) for _i, raw in chosen]
        results.append(_result(snap, effective, steps))
    return ScenarioReport(
        scenario=path,
        title=scenario.title,
        as_of=from_ordinal(outcome.as_of),
        interpretations=dict(sorted(outcome.interpretations.items())),
        results=results,
        warnings=[_warning(w, program) for w in outcome.warnings],
    )


def _result(snap: ResultState, effective: int | None, steps: list[Step]) -> Result:
    return Result(
        treaty=snap.treaty,
        state=snap.state,
        state_name=state_name(snap.state),
        status=snap.status,  # type: ignore[arg-type]
        party_since=_date(snap.party_since),
        withdrawal_received=_date(snap.withdrawal_received),
        withdrawal_effective=_date(effective),
        explanation=steps,
    )
