"""Stage 2: meaning checks that a schema cannot make.

``check_library`` checks a rule library as a whole (ids unique and matching their file,
citations pointing at text that exists, references bound before use, overrides and
interpretations that exist, fact types that something produces). ``check_scenario`` checks a
scenario against the library (treaty ids, ISO 3166-1 alpha-3 state codes, act fields,
conflicts that end only after they began, interpretation choices).

Both collect every problem and raise one :class:`InputError` listing them with positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .countries import is_state_code
from .errors import Diagnostic, InputError, did_you_mean
from .load import Library, LoadedScenario
from .model import CONSENT_ACTS, RESULT_FIELDS, STATUSES, Event, Rule, Scenario
from .vocabulary import BUILTIN

__all__ = ["CheckedScenario", "check_library", "check_scenario", "interpretation_overrides"]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDER_OK = re.compile(r"^(today|deadline|treaty|depositary|period|[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)$")
_REF = re.compile(r"^\$([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)$")
_OPERATORS = {"eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"}


@dataclass
class CheckedScenario:
    """A scenario whose meaning has been checked, with what the simulation needs resolved."""

    scenario: Scenario
    path: str
    #: event index -> treaty id ('' for conflict events)
    treaty_of: dict[int, str] = field(default_factory=dict)
    #: conflict id -> parties
    conflict_parties: dict[str, list[str]] = field(default_factory=dict)
    #: every declared interpretation -> the choice in force (scenario's or default)
    interpretations: dict[str, str] = field(default_factory=dict)

    @property
    def events(self) -> list[Event]:
        return self.scenario.events


def _refs_in(value: Any) -> list[tuple[str, str]]:
    out = []
    if isinstance(value, str):
        m = _REF.match(value)
        if m:
            out.append((m.group(1), m.group(2)))
    elif isinstance(value, dict):
        for v in value.values():
            out.extend(_refs_in(v))
    elif isinstance(value, list):
        for v in value:
            out.extend(_refs_in(v))
    return out


def check_library(lib: Library) -> None:
    """Raise :class:`InputError` listing every static problem of the library."""
    diags: list[Diagnostic] = []
    seen_ids: dict[str, str] = {}
    all_rules: dict[str, tuple[Any, Any, Rule, int]] = {}
    produced: set[str] = set(BUILTIN)
    scheduled: set[str] = set()
    interps: dict[str, Any] = {}

    for t in lib.treaties.values():
        for a in t.articles:
            for i, r in enumerate(a.model.rules):
                for act in r.then:
                    if act.assert_ is not None and "fact" in act.assert_:
                        produced.add(str(act.assert_["fact"]))
                    if act.signal is not None and "fact" in act.signal:
                        produced.add(str(act.signal["fact"]))
                    if act.schedule is not None:
                        scheduled.add(act.schedule.deadline)
            for interp in a.model.interpretations:
                interps[interp.name] = interp

    for t, a, r in lib.rules():
        i = [x.id for x in a.model.rules].index(r.id)
        doc = a.doc

        def at(*loc: Any, key: bool = False, _doc: Any = doc, _i: int = i) -> tuple[int, int]:
            return _doc.pos(("rules", _i, *loc), key=key)

        def err(pos: tuple[int, int], msg: str, _doc: Any = doc) -> None:
            diags.append(Diagnostic(_doc.path, pos[0], pos[1], msg))

        prefix = f"{t.model.id}.art-{a.model.article}."
        if not r.id.startswith(prefix):
            err(at("id"), f"expected a rule id starting with '{prefix}' (the file's place), found '{r.id}'")
        if r.id in seen_ids:
            err(at("id"), f"duplicate rule id '{r.id}': expected ids to be unique, found it also in {seen_ids[r.id]}")
        seen_ids[r.id] = doc.path
        all_rules[r.id] = (t, a, r, i)

        para = next((p for p in a.model.paragraphs if p.number == r.cites.paragraph), None)
        if para is None:
            nums = [p.number for p in a.model.paragraphs]
            err(at("cites", "paragraph"), f"expected a paragraph of Article {a.model.article} ({', '.join(nums)}), found '{r.cites.paragraph}'")
        else:
            if r.cites.sentence is not None and r.cites.sentence > len(para.sentences):
                err(at("cites", "sentence"), f"expected a sentence number from 1 to {len(para.sentences)}, found {r.cites.sentence}")
            if r.cites.subparagraph is not None and r.cites.subparagraph not in para.subparagraphs:
                err(at("cites", "subparagraph"), f"expected one of {sorted(para.subparagraphs)}, found '{r.cites.subparagraph}'")

        bound: dict[str, str] = {}
        general = t.model.scope == "general"
        for j, pat in enumerate(r.when):
            if pat.type not in produced:
                err(at("when", j), f"expected a fact type that something produces ({', '.join(sorted(produced))}), found '{pat.type}'{did_you_mean(pat.type, produced)}")
            if j == 0 and pat.absent is not None:
                err(at("when", j), "expected the first pattern to be a fact that exists (it triggers the rule), found 'absent'")
            if j == 0 and general and pat.type in BUILTIN and not BUILTIN[pat.type].treaty_scoped:
                err(at("when", j), f"expected the first pattern of a general rule to be a treaty fact, found '{pat.type}'")
            if pat.type == "deadline" and isinstance(pat.where.get("name"), str) and pat.where["name"] not in scheduled:
                err(at("when", j, "where", "name"), f"expected a deadline some rule schedules ({', '.join(sorted(scheduled))}), found '{pat.where['name']}'")
            for fname, spec in pat.where.items():
                if isinstance(spec, dict):
                    for op in spec:
                        if op not in _OPERATORS:
                            err(at("when", j, "where", fname, op, key=True), f"expected an operator ({', '.join(sorted(_OPERATORS))}), found '{op}'{did_you_mean(op, _OPERATORS)}")
                for b, _f in _refs_in(spec):
                    if b not in bound:
                        err(at("when", j, "where", fname), f"expected a reference to a name bound by an earlier pattern ({', '.join(bound) or 'none'}), found '${b}'")
            if pat.as_ is not None:
                if pat.as_ in bound:
                    err(at("when", j, "as"), f"expected a new name, found '{pat.as_}' bound twice")
                bound[pat.as_] = pat.type
            elif pat.fact is not None:
                bound[f"p{j}"] = pat.type

        for j, act in enumerate(r.then):
            payload: Any = act.assert_ or act.signal or act.conclude or (act.schedule.model_dump(by_alias=True) if act.schedule else None)
            for b, _f in _refs_in(payload):
                if b not in bound:
                    err(at("then", j), f"expected a reference to a bound name ({', '.join(bound)}), found '${b}'")
            if act.retract is not None and act.retract not in bound:
                err(at("then", j, "retract"), f"expected a bound name to retract ({', '.join(bound)}), found '{act.retract}'")
            if act.conclude is not None:
                if "state" not in act.conclude:
                    err(at("then", j, "conclude"), "expected key 'state' in conclude, found none")
                for k, v in act.conclude.items():
                    if k not in ("state", "status", *RESULT_FIELDS):
                        err(at("then", j, "conclude", k, key=True), f"unknown result field '{k}': expected one of state, status, {', '.join(RESULT_FIELDS)}{did_you_mean(k, RESULT_FIELDS)}")
                    if k == "status" and v not in STATUSES:
                        err(at("then", j, "conclude", k), f"expected a status ({', '.join(STATUSES)}), found '{v}'{did_you_mean(str(v), STATUSES)}")
            if (act.assert_ is not None and "fact" not in act.assert_) or (act.signal is not None and "fact" not in act.signal):
                err(at("then", j), "expected key 'fact' naming the fact type, found none")
            for k in ("sid", "id"):
                if (act.assert_ and k in act.assert_) or (act.signal and k in act.signal):
                    err(at("then", j), f"expected a field name other than '{k}' (reserved by durable-rules)")

        for key in ("explain", "why_not"):
            template = getattr(r, key)
            if template is None:
                continue
            for ph in _PLACEHOLDER.findall(template):
                ok = _PLACEHOLDER_OK.match(ph)
                if not ok or ("." in ph and ph.split(".")[0] not in bound):
                    err(at(key), f"expected a placeholder naming a bound fact field or one of today, deadline, treaty, depositary, period; found '{{{ph}}}'")
                if key == "why_not" and "." in ph and ph.split(".")[0] != (r.when[0].as_ or "p0"):
                    err(at(key), f"expected why_not to use only the trigger '{r.when[0].as_ or 'p0'}' (the rule did not match the others), found '{{{ph}}}'")

        if r.interpretation is not None:
            interp = interps.get(r.interpretation.name)
            if interp is None:
                err(at("interpretation", "name"), f"expected a declared interpretation{did_you_mean(r.interpretation.name, interps)}, found '{r.interpretation.name}'")
            elif r.interpretation.choice not in [c.name for c in interp.choices]:
                err(at("interpretation", "choice"), f"expected one of {[c.name for c in interp.choices]}, found '{r.interpretation.choice}'")

    for rid, (t, a, r, i) in all_rules.items():
        for k, target in enumerate(r.overrides):
            pos = a.doc.pos(("rules", i, "overrides", k))
            if target not in all_rules:
                diags.append(Diagnostic(a.doc.path, pos[0], pos[1], f"expected the id of a rule to override{did_you_mean(target, all_rules)}, found '{target}' (no such rule)"))
            elif all_rules[target][0].model.scope != "general":
                diags.append(Diagnostic(a.doc.path, pos[0], pos[1], f"expected a general (VCLT) rule to override, found '{target}' of treaty '{all_rules[target][0].model.id}'"))
            elif target == rid:
                diags.append(Diagnostic(a.doc.path, pos[0], pos[1], "expected another rule, found the rule itself"))
    if diags:
        raise InputError(sorted(diags, key=lambda d: (d.path, d.line, d.col)))


def interpretation_overrides(pairs: list[str]) -> dict[str, str]:
    """``["name=choice", ...]`` from the command line -> a mapping (format checked here)."""
    out: dict[str, str] = {}
    for p in pairs:
        if "=" not in p:
            raise InputError.at("--interpretation", 1, 1, f"expected NAME=CHOICE, found '{p}'")
        name, choice = p.split("=", 1)
        out[name.strip()] = choice.strip()
    return out


def check_scenario(loaded: LoadedScenario, lib: Library, *, overrides: dict[str, str] | None = None) -> CheckedScenario:
    """Check a scenario against ``lib``; raise :class:`InputError` listing every problem."""
    sc = loaded.model
    doc = loaded.doc
    diags: list[Diagnostic] = []

    def err(loc: tuple[Any, ...], msg: str, *, key: bool = False) -> None:
        line, col = doc.pos(loc, key=key)
        diags.append(Diagnostic(doc.path, line, col, msg))

    known = {tid for tid, t in lib.treaties.items() if t.model.scope == "treaty"}
    for i, tid in enumerate(sc.treaties):
        if tid not in known:
            general = " (the VCLT is general law, applied to every treaty: do not list it)" if tid.lower() == "vclt" else ""
            err(("treaties", i), f"expected a treaty id ({', '.join(sorted(known))}), found '{tid}'{did_you_mean(tid.lower(), known)}{general}")

    valid = [t for t in sc.treaties if t in known]
    checked = CheckedScenario(scenario=sc, path=doc.path)
    interps: dict[str, Any] = {}
    for t in lib.treaties.values():
        if t.model.id in sc.treaties or t.model.scope == "general":
            for a in t.articles:
                for interp in a.model.interpretations:
                    interps[interp.name] = interp
    for name, interp in interps.items():
        checked.interpretations[name] = interp.default
    for name, choice in sc.interpretations.items():
        if name not in interps:
            err(("interpretations", name), f"expected a declared interpretation ({', '.join(sorted(interps)) or 'none'}), found '{name}'{did_you_mean(name, interps)}", key=True)
            continue
        choices = [c.name for c in interps[name].choices]
        if choice not in choices:
            err(("interpretations", name), f"expected one of {', '.join(choices)}, found '{choice}'{did_you_mean(choice, choices)}")
        checked.interpretations[name] = choice
    for name, choice in (overrides or {}).items():
        if name not in interps:
            diags.append(Diagnostic("--interpretation", 1, 1, f"expected a declared interpretation ({', '.join(sorted(interps)) or 'none'}), found '{name}'{did_you_mean(name, interps)}"))
            continue
        choices = [c.name for c in interps[name].choices]
        if choice not in choices:
            diags.append(Diagnostic("--interpretation", 1, 1, f"expected one of {', '.join(choices)} for {name}, found '{choice}'{did_you_mean(choice, choices)}"))
        checked.interpretations[name] = choice

    def check_state(loc: tuple[Any, ...], code: str) -> None:
        if not is_state_code(code):
            from .countries import all_codes, alpha3_of

            hint = alpha3_of(code)
            suggestion = f"; did you mean '{hint}'?" if hint else did_you_mean(code.upper(), all_codes())
            err(loc, f"expected an ISO 3166-1 alpha-3 state code, found '{code}'{suggestion}")

    # conflicts are checked in date order: an end needs an earlier (or same-day) beginning
    # the simulation's same-day order: a conflict begins first in the day and ends last
    day_phase = {"armed_conflict_begins": 0, "armed_conflict_ends": 2}
    order = sorted(range(len(sc.events)), key=lambda k: (sc.events[k].date, day_phase.get(sc.events[k].act, 1), k))
    first_begin: dict[str | None, Event] = {}
    for ev in sorted(sc.events, key=lambda e: e.date):
        if ev.act == "armed_conflict_begins":
            first_begin.setdefault(ev.conflict, ev)
    began: dict[str, Any] = {}
    ended: dict[str, Any] = {}
    for idx in order:
        ev = sc.events[idx]
        base = ("events", idx)
        if ev.act in ("armed_conflict_begins", "armed_conflict_ends"):
            for k in ("state", "treaty", "reasons", "reservation"):
                if getattr(ev, k) is not None:
                    err(base + (k,), f"unexpected key '{k}' for act '{ev.act}': expected conflict{', parties' if ev.act == 'armed_conflict_begins' else ''}", key=True)
            if ev.conflict is None:
                err(base, f"expected key 'conflict' (the conflict's name) for act '{ev.act}', found none")
                continue
            if ev.act == "armed_conflict_begins":
                if not ev.parties:
                    err(base, "expected key 'parties' (a list of state codes) for act 'armed_conflict_begins', found none")
                for j, p in enumerate(ev.parties or []):
                    check_state(base + ("parties", j), p)
                if ev.conflict in began:
                    err(base + ("conflict",), f"expected a new conflict name, found '{ev.conflict}', which already began on {began[ev.conflict].date.isoformat()}")
                    continue
                began[ev.conflict] = ev
                checked.conflict_parties[ev.conflict] = list(ev.parties or [])
            else:
                if ev.parties is not None:
                    err(base + ("parties",), "unexpected key 'parties' for act 'armed_conflict_ends': expected only the conflict's name", key=True)
                if ev.conflict not in began:
                    later = first_begin.get(ev.conflict)
                    if later is not None:
                        err(base + ("conflict",), f"expected a conflict that began on or before {ev.date.isoformat()}, found '{ev.conflict}', which begins only on {later.date.isoformat()}")
                    else:
                        names = list(first_begin)
                        err(base + ("conflict",), f"expected a conflict that began on or before {ev.date.isoformat()}, found '{ev.conflict}', which never began{did_you_mean(ev.conflict, names)}")
                elif ev.conflict in ended:
                    err(base + ("conflict",), f"expected a conflict still going on, found '{ev.conflict}', which already ended on {ended[ev.conflict].date.isoformat()}")
                else:
                    ended[ev.conflict] = ev
            checked.treaty_of[idx] = ""
            continue
        # a state's act
        if ev.state is None:
            err(base, f"expected key 'state' (an ISO 3166-1 alpha-3 code) for act '{ev.act}', found none")
        else:
            check_state(base + ("state",), ev.state)
        for k in ("conflict", "parties"):
            if getattr(ev, k) is not None:
                err(base + (k,), f"unexpected key '{k}' for act '{ev.act}': it belongs to armed_conflict_begins/ends", key=True)
        if ev.reservation is not None and ev.act not in CONSENT_ACTS + ("sign",):
            err(base + ("reservation",), f"unexpected key 'reservation' for act '{ev.act}': reservations go with signature or consent", key=True)
        if ev.reasons is not None and ev.act not in ("withdraw", "denounce"):
            err(base + ("reasons",), f"unexpected key 'reasons' for act '{ev.act}': reasons go with withdraw or denounce", key=True)
        if ev.treaty is None:
            if len(valid) > 1:
                err(base, f"expected key 'treaty' (one of {', '.join(valid)}): the scenario names more than one treaty, found none")
            checked.treaty_of[idx] = sc.treaties[0]
        else:
            if ev.treaty not in valid and valid:
                err(base + ("treaty",), f"expected one of the scenario's treaties ({', '.join(valid)}), found '{ev.treaty}'{did_you_mean(ev.treaty.lower(), valid)}")
            checked.treaty_of[idx] = ev.treaty
    for i, exp in enumerate(sc.expect):
        check_state(("expect", i, "state"), exp.state)
        if exp.treaty is None and len(valid) > 1:
            err(("expect", i), f"expected key 'treaty' (one of {', '.join(valid)}): the scenario names more than one treaty, found none")
        if exp.treaty is not None and exp.treaty not in valid and valid:
            err(("expect", i, "treaty"), f"expected one of the scenario's treaties ({', '.join(valid)}), found '{exp.treaty}'{did_you_mean(exp.treaty.lower(), valid)}")
    if diags:
        raise InputError(sorted(diags, key=lambda d: (d.line, d.col)))
    return checked
