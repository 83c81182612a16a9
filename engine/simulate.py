"""Stage 4: run a scenario through the compiled rules in simulated time.

An engine-side queue orders dated items by (date, phase, sequence); popping one sets the
simulated date, which never goes backwards. Same-day order is a legal choice, made here once:

====  ======================  ==========================================================
phase item                    why this place in the day
====  ======================  ==========================================================
0     armed conflict begins   a conflict that begins on the expiry date is "on" that day
1     a state's act           an act done on the expiry date (a revocation) precedes it
2     depositary record       the threshold deposit follows the acts deposited that day
3     deadline                the expiry of a period
4     armed conflict ends     the state was still engaged in the conflict on its last day
====  ======================  ==========================================================

Three kinds of item are sent to the rules engine as facts: a state of affairs that starts
(asserted), one that ends (retracted by the exact dict kept when it was asserted), and an
instant (asserted, rules run, retracted at once). A fired rule reports its bindings; this
module applies the rule's declared generic actions (assert, signal, retract, schedule,
conclude, warn). Nothing here decides a legal question: every conclusion is an action of a
rule that fired.
"""

from __future__ import annotations

import copy
import datetime as _dt
import heapq
import itertools
from dataclasses import dataclass, field
from typing import Any

from . import rete
from .calendar import Period, reckon, to_ordinal
from .compile import CompiledRule, Program, parse_ref
from .model import Scenario
from .validate import CheckedScenario
from .vocabulary import BUILTIN, INSTRUMENT_OF_ACT

__all__ = ["RawStep", "RawWarning", "ResultState", "Outcome", "simulate", "PHASES"]

PHASES = {"conflict_begins": 0, "act": 1, "record": 2, "deadline": 3, "conflict_ends": 4}
_ACT_ORDER = {
    "sign": 0, "ratify": 1, "accept": 1, "approve": 1, "accede": 1,
    "withdraw": 2, "denounce": 2, "revoke_withdrawal": 3,
}


@dataclass
class RawStep:
    """A rule that fired (``applied``) or was considered and did not apply, with its bindings."""

    date: int
    rule: str  # durable name
    treaty: str
    state: str | None
    bindings: dict[str, dict[str, Any]]
    extra: dict[str, Any]
    applied: bool = True


@dataclass
class RawWarning:
    date: int
    treaty: str | None
    state: str | None
    rule: str | None
    message: str
    bindings: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ResultState:
    treaty: str
    state: str
    status: str = "not_party"
    party_since: int | None = None
    withdrawal_received: int | None = None
    withdrawal_effective: int | None = None
    first_seen: int = 0


@dataclass
class Outcome:
    """What a run produced: results at ``as_of``, the full run's results, steps and warnings."""

    as_of: int
    results: dict[tuple[str, str], ResultState]
    final: dict[tuple[str, str], ResultState]
    steps: list[RawStep]
    warnings: list[RawWarning]
    interpretations: dict[str, str]


class _Run:
    def __init__(self, program: Program, checked: CheckedScenario, as_of: _dt.date | None) -> None:
        self.p = program
        self.sc: Scenario = checked.scenario
        self.checked = checked
        self.as_of = to_ordinal(as_of) if as_of is not None else None
        self.queue: list[tuple[int, int, str, int, str, Any]] = []
        self.seq = itertools.count()
        self.today = 0
        self.phase = 0
        self.outbox: list[tuple[str, dict[str, dict[str, Any]]]] = []
        self.steps: list[RawStep] = []
        self.warnings: list[RawWarning] = []
        self.results: dict[tuple[str, str], ResultState] = {}
        self.status_facts: dict[tuple[str, str], dict[str, Any]] = {}
        self.conflict_facts: dict[str, list[dict[str, Any]]] = {}
        self.snapshot: dict[tuple[str, str], ResultState] | None = None
        self.snapshot_date: int | None = None
        self.session: rete.Session | None = None
        self.fired_on_instant: set[str] = set()
        self.current_instant: dict[str, Any] | None = None

    # ----------------------------------------------------------------- queue
    def push(self, date: int, phase: int, kind: str, payload: Any, order: str = "") -> None:
        """Queue an item; ``order`` settles same-date, same-phase items by content, not file position."""
        heapq.heappush(self.queue, (date, phase, order, next(self.seq), kind, payload))

    def seed(self) -> None:
        for idx, ev in enumerate(self.checked.events):
            d = to_ordinal(ev.date)
            if ev.act == "armed_conflict_begins":
                self.push(d, PHASES["conflict_begins"], "conflict_begins", ev, str(ev.conflict))
            elif ev.act == "armed_conflict_ends":
                self.push(d, PHASES["conflict_ends"], "conflict_ends", ev, str(ev.conflict))
            else:
                # the same state's acts of one day: signature, consent, withdrawal, revocation
                order = f"{self.checked.treaty_of[idx]}:{ev.state}:{_ACT_ORDER[ev.act]}"
                self.push(d, PHASES["act"], "act", (idx, ev), order)
                key = (self.checked.treaty_of[idx], ev.state or "")
                if key not in self.results:
                    self.results[key] = ResultState(key[0], key[1], first_seen=d)
        for exp in self.sc.expect:
            key = (exp.treaty or self.sc.treaties[0], exp.state)
            self.results.setdefault(key, ResultState(key[0], key[1], first_seen=10**9))
        for tid in self.sc.treaties:
            eif = self.p.treaties[tid].entry_into_force
            if eif.threshold_deposit is not None:
                self.push(
                    to_ordinal(eif.threshold_deposit), PHASES["record"], "record",
                    {"fact": "threshold_reached", "treaty": tid, "date": to_ordinal(eif.threshold_deposit),
                     "count": eif.instruments_required or 0},
                )

    # ----------------------------------------------------------------- main loop
    def run(self) -> Outcome:
        self.seed()
        rete.register(self.p.name, self.p.definition)
        with rete.Session(self.p.name, self._sink) as session:
            self.session = session
            for name, choice in sorted(self.checked.interpretations.items()):
                session.assert_fact({"fact": "interpretation", "name": name, "choice": choice})
            self.drain()
            while self.queue:
                date, phase, _order, _seq, kind, payload = heapq.heappop(self.queue)
                if self.as_of is not None and date > self.as_of and self.snapshot is None:
                    self.take_snapshot(self.as_of)
                self.today, self.phase = date, phase
                getattr(self, f"do_{kind}")(payload)
            self.session = None
        if self.snapshot is None:
            self.take_snapshot(self.as_of if self.as_of is not None else self.today)
        assert self.snapshot is not None and self.snapshot_date is not None
        return Outcome(
            as_of=self.snapshot_date,
            results=self.snapshot,
            final=self.results,
            steps=self.steps,
            warnings=self.warnings,
            interpretations=dict(self.checked.interpretations),
        )

    def take_snapshot(self, date: int) -> None:
        self.snapshot = copy.deepcopy(self.results)
        self.snapshot_date = date

    # ----------------------------------------------------------------- items
    def instant(self, fact: dict[str, Any]) -> None:
        assert self.session is not None
        self.current_instant = fact
        self.fired_on_instant = set()
        self.session.assert_fact(fact)
        self.session.retract_fact(fact)
        self.drain()
        self.why_not(fact)
        self.current_instant = None

    def do_act(self, payload: tuple[int, Any]) -> None:
        idx, ev = payload
        act, instrument = INSTRUMENT_OF_ACT[ev.act]
        fact = {
            "fact": "act", "act": act, "instrument": instrument, "treaty": self.checked.treaty_of[idx],
            "state": ev.state, "date": self.today, "ref": idx,
            "reasons_given": bool(ev.reasons), "reservation": bool(ev.reservation),
        }
        self.instant(fact)

    def do_record(self, fact: dict[str, Any]) -> None:
        self.instant(fact)

    def do_deadline(self, fact: dict[str, Any]) -> None:
        self.instant(fact)

    def do_conflict_begins(self, ev: Any) -> None:
        assert self.session is not None
        facts = []
        for party in ev.parties:
            fact = {"fact": "armed_conflict", "conflict": ev.conflict, "state": party, "since": self.today}
            facts.append(fact)
            self.session.assert_fact(fact)
            self.drain()
        self.conflict_facts[ev.conflict] = facts

    def do_conflict_ends(self, ev: Any) -> None:
        assert self.session is not None
        for fact in self.conflict_facts.pop(ev.conflict, []):
            self.session.retract_fact(fact)
            self.drain()
        for party in self.checked.conflict_parties[ev.conflict]:
            self.instant({"fact": "conflict_ended", "conflict": ev.conflict, "state": party, "date": self.today})

    # ----------------------------------------------------------------- rules
    def _sink(self, rule_name: str, bindings: dict[str, dict[str, Any]]) -> None:
        self.outbox.append((rule_name, bindings))

    def drain(self) -> None:
        while self.outbox:
            rule_name, raw = self.outbox.pop(0)
            bindings = {k: {f: v for f, v in fact.items() if f != "sid"} for k, fact in raw.items() if k != "gate"}
            rule = self.p.rules[rule_name]
            if self.current_instant is not None and bindings.get(rule.trigger_binding) == self.current_instant:
                self.fired_on_instant.add(rule_name)
            self.apply(rule, bindings)

    def context_treaty(self, rule: CompiledRule, bindings: dict[str, dict[str, Any]]) -> str:
        if not rule.general:
            return rule.treaty
        for name in rule.bindings:
            if name is not None and "treaty" in bindings.get(name, {}):
                return str(bindings[name]["treaty"])
        raise AssertionError(f"general rule {rule.id} matched no treaty fact")  # validate.py prevents it

    def resolve(self, value: Any, bindings: dict[str, dict[str, Any]]) -> Any:
        if value == "$today":
            return self.today
        ref = parse_ref(value)
        if ref is not None:
            return bindings[ref[0]].get(ref[1])
        return value

    def apply(self, rule: CompiledRule, bindings: dict[str, dict[str, Any]]) -> None:
        assert self.session is not None
        treaty = self.context_treaty(rule, bindings)
        extra: dict[str, Any] = {"today": self.today, "treaty": treaty}
        state = bindings.get(rule.trigger_binding, {}).get("state")
        for action in rule.rule.then:
            kind = action.kind
            if kind == "assert" or kind == "signal":
                spec = action.assert_ if kind == "assert" else action.signal
                assert spec is not None
                fact = {"fact": spec["fact"]}
                if BUILTIN.get(str(spec["fact"])) is None or BUILTIN[str(spec["fact"])].treaty_scoped:
                    fact["treaty"] = treaty
                for k, v in spec.items():
                    if k != "fact":
                        fact[k] = self.resolve(v, bindings)
                self.session.assert_fact(fact)
                if kind == "signal":
                    self.session.retract_fact(fact)
            elif kind == "retract":
                assert action.retract is not None
                self.session.retract_fact(bindings[action.retract])
            elif kind == "schedule":
                self.schedule(rule, action.schedule, bindings, treaty, extra)
            elif kind == "conclude":
                assert action.conclude is not None
                state = self.conclude(treaty, action.conclude, bindings) or state
            elif kind == "warn":
                self.warnings.append(RawWarning(self.today, treaty, state, rule.name, str(action.warn), bindings, dict(extra)))
        self.steps.append(RawStep(self.today, rule.name, treaty, state, bindings, extra))

    def schedule(self, rule: CompiledRule, spec: Any, bindings: dict[str, dict[str, Any]], treaty: str, extra: dict[str, Any]) -> None:
        start = self.resolve(spec.from_, bindings)
        convention = self.p.treaties[treaty].date_convention.missing_day
        period = Period(days=spec.period.days, months=spec.period.months, years=spec.period.years)
        r = reckon(_dt.date.fromordinal(start), period, snap=spec.snap, offset_days=spec.offset_days, missing_day=convention)
        due = to_ordinal(r.date)
        if spec.not_before is not None:
            later = self.resolve(spec.not_before, bindings)
            if isinstance(later, int) and later > due:
                due = later
        if r.candidates is not None:
            self.warnings.append(RawWarning(
                self.today, treaty, bindings.get(rule.trigger_binding, {}).get("state"), rule.name,
                "missing_day",
                bindings,
                {"missing": r.missing, "chosen": to_ordinal(r.candidates[0]), "other": to_ordinal(r.candidates[1]),
                 "start": start, "period": period.describe(), "convention": convention.value},
            ))
        fact: dict[str, Any] = {"fact": "deadline", "name": spec.deadline, "treaty": treaty, "date": due}
        for k, v in spec.carry.items():
            fact[k] = self.resolve(v, bindings)
        extra["deadline"] = due
        extra["period"] = period.describe()
        date, phase = due, PHASES["deadline"]
        if (date, phase) < (self.today, self.phase):  # never schedule into the past
            date, phase = max(date, self.today), self.phase
        self.push(date, phase, "deadline", fact)

    def conclude(self, treaty: str, spec: dict[str, Any], bindings: dict[str, dict[str, Any]]) -> str:
        assert self.session is not None
        state = str(self.resolve(spec["state"], bindings))
        key = (treaty, state)
        res = self.results.get(key)
        if res is None:
            res = self.results[key] = ResultState(treaty, state, first_seen=self.today)
        for k, v in spec.items():
            if k == "state":
                continue
            value = self.resolve(v, bindings)
            if k == "status":
                old = self.status_facts.pop(key, None)
                if old is not None:
                    self.session.retract_fact(old)
                new = {"fact": "status", "treaty": treaty, "state": state, "status": value}
                self.status_facts[key] = new
                res.status = str(value)
                self.session.assert_fact(new)
            else:
                setattr(res, k, value)
        return state

    def why_not(self, instant: dict[str, Any]) -> None:
        """Rules triggered by this kind of instant that were considered and did not apply.

        Only at a decisive moment: when some rule did fire on this instant. (A deadline that
        finds nothing to decide, such as the expiry of a revoked withdrawal, explains nothing.)
        """
        if not self.fired_on_instant:
            return
        for rule in self.p.triggered_by.get(instant["fact"], ()):
            if rule.name in self.fired_on_instant:
                continue
            if rule.trigger.fact != instant["fact"]:
                continue
            if not _literal_match(rule.trigger.where, instant):
                continue
            treaty = instant.get("treaty")
            if not rule.general and rule.treaty != treaty:
                continue
            if rule.general and any(
                self.p.by_id[o].treaty == treaty for o in self.p.overridden_by.get(rule.id, [])
            ):
                continue
            gate = rule.rule.interpretation
            if gate is not None and self.checked.interpretations.get(gate.name) != gate.choice:
                continue
            self.steps.append(RawStep(
                self.today, rule.name, str(treaty), instant.get("state"),
                {rule.trigger_binding: dict(instant)}, {"today": self.today, "treaty": treaty}, applied=False,
            ))


def _literal_match(where: dict[str, Any], fact: dict[str, Any]) -> bool:
    for k, spec in where.items():
        if isinstance(spec, dict):
            if "in" in spec and fact.get(k) not in spec["in"]:
                return False
            if "eq" in spec and parse_ref(spec["eq"]) is None and fact.get(k) != spec["eq"]:
                return False
        elif parse_ref(spec) is None and spec != "$today" and fact.get(k) != spec:
            return False
    return True


def simulate(program: Program, checked: CheckedScenario, *, as_of: _dt.date | None = None) -> Outcome:
    """Run ``checked`` through ``program``; ``as_of`` overrides the scenario's own."""
    return _Run(program, checked, as_of if as_of is not None else checked.scenario.as_of).run()


