"""Stage 3: rule models -> one durable-rules ruleset definition (pure data) and its rule table.

The whole library compiles into one ruleset. Treaty scoping, VCLT displacement and
interpretation gating are all expressed as conditions, so that one ruleset serves every
scenario (durable-rules cannot unregister a ruleset; see ../shared/notes/durable-rules.md):

* a treaty's own rule gets ``treaty == <its treaty>`` on every treaty-scoped pattern;
* a general rule (VCLT) binds the treaty of its first pattern and correlates the others to it;
  each rule that ``overrides`` it adds ``treaty != <overriding treaty>`` (displacement is
  declared, never a matter of file order);
* a rule gated on an interpretation gets a pattern on the ``interpretation`` fact.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .load import Library, LoadedArticle, LoadedTreaty
from .model import Interpretation, Pattern, Rule, Treaty
from .vocabulary import BUILTIN

__all__ = ["CompiledRule", "Program", "compile_library", "citation_text", "parse_ref", "durable_name"]

_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
_REF = re.compile(r"^\$([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)$")
_OPS = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}


def parse_ref(value: Any) -> tuple[str, str] | None:
    """``"$n.date"`` -> ``("n", "date")``; anything else -> None (``$today`` is handled apart)."""
    if isinstance(value, str):
        m = _REF.match(value)
        if m:
            return m.group(1), m.group(2)
    return None


def durable_name(rule_id: str) -> str:
    """Rule ids contain dots; durable-rules names are kept to letters, digits and underscores."""
    return re.sub(r"[^a-zA-Z0-9]", "_", rule_id)


def citation_text(article: str, paragraph: str, sentence: int | None, subparagraph: str | None, *, prefix: str = "Article") -> str:
    """``Article 20(3), second sentence``."""
    out = f"{prefix} {article}"
    if paragraph:
        out += f"({paragraph})"
    if subparagraph:
        out += subparagraph
    if sentence is not None:
        word = _ORDINALS[sentence - 1] if sentence <= len(_ORDINALS) else f"{sentence}th"
        out += f", {word} sentence"
    return out


@dataclass(frozen=True)
class CompiledRule:
    """What the simulation and the explanation need to know about one rule."""

    id: str
    name: str  # durable-rules name
    treaty: str  # the folder the rule lives in
    general: bool
    rule: Rule
    citation: str
    text: str
    path: str
    line: int
    col: int
    #: binding name of each pattern, in order (None for absent patterns)
    bindings: tuple[str | None, ...]
    trigger: Pattern
    trigger_binding: str


@dataclass
class Program:
    """A compiled library: the ruleset definition, its rules and what they refer to."""

    name: str
    definition: dict[str, Any]
    rules: dict[str, CompiledRule]  # by durable name
    by_id: dict[str, CompiledRule]
    treaties: dict[str, Treaty]
    interpretations: dict[str, Interpretation]
    overridden_by: dict[str, list[str]] = field(default_factory=dict)  # general rule id -> overriding rule ids
    #: fact type -> rules whose first pattern (trigger) is of that type and that have a why_not
    triggered_by: dict[str, list[CompiledRule]] = field(default_factory=dict)


def _value(v: Any) -> Any:
    ref = parse_ref(v)
    if ref is not None:
        return {ref[0]: ref[1]}
    return v


def _test(field_name: str, spec: Any) -> list[dict[str, Any]]:
    """One ``where`` entry -> durable-rules tests (a list joined by $and)."""
    if not isinstance(spec, dict):
        return [{field_name: _value(spec)}]
    tests: list[dict[str, Any]] = []
    for op, operand in spec.items():
        if op == "eq":
            tests.append({field_name: _value(operand)})
        elif op in _OPS:
            tests.append({_OPS[op]: {field_name: _value(operand)}})
        elif op == "in":
            tests.append({"$or": [{field_name: _value(x)} for x in operand]})
        elif op == "not_in":
            tests.extend({"$neq": {field_name: _value(x)}} for x in operand)
        else:  # validate.py rejects unknown operators before we get here
            raise ValueError(f"unknown operator {op!r}")
    return tests


def _fact_scoped(type_name: str) -> bool:
    builtin = BUILTIN.get(type_name)
    return builtin.treaty_scoped if builtin is not None else True


def _compile_rule(
    treaty: LoadedTreaty, rule: Rule, overriders: list[str], gates: bool
) -> tuple[list[dict[str, Any]], tuple[str | None, ...]]:
    general = treaty.model.scope == "general"
    conditions: list[dict[str, Any]] = []
    bindings: list[str | None] = []
    first_binding: str | None = None
    for i, pat in enumerate(rule.when):
        name = pat.as_ or f"p{i}"
        tests: list[dict[str, Any]] = [{"fact": pat.type}]
        if _fact_scoped(pat.type):
            if not general:
                tests.append({"treaty": treaty.model.id})
            elif first_binding is None:
                tests.extend({"$neq": {"treaty": t}} for t in overriders)
            else:
                tests.append({"treaty": {first_binding: "treaty"}})
        for fname, spec in pat.where.items():
            tests.extend(_test(fname, spec))
        cond = {"$and": tests} if len(tests) > 1 else tests[0]
        if pat.absent is not None:
            conditions.append({f"n{i}$not": cond})
            bindings.append(None)
        else:
            conditions.append({name: cond})
            bindings.append(name)
            if first_binding is None and _fact_scoped(pat.type):
                first_binding = name
    if rule.interpretation is not None and gates:
        conditions.append(
            {"gate": {"$and": [{"fact": "interpretation"}, {"name": rule.interpretation.name}, {"choice": rule.interpretation.choice}]}}
        )
    return conditions, tuple(bindings)


def compile_library(lib: Library) -> Program:
    """Compile every rule of ``lib`` (already checked by ``validate.check_library``)."""
    overridden_by: dict[str, list[str]] = {}
    overriding_treaties: dict[str, list[str]] = {}
    for t, _a, r in lib.rules():
        for target in r.overrides:
            overridden_by.setdefault(target, []).append(r.id)
            overriding_treaties.setdefault(target, [])
            if t.model.id not in overriding_treaties[target]:
                overriding_treaties[target].append(t.model.id)

    definition: dict[str, Any] = {}
    rules: dict[str, CompiledRule] = {}
    by_id: dict[str, CompiledRule] = {}
    interpretations: dict[str, Interpretation] = {}
    for t, a, r in lib.rules():
        conditions, bindings = _compile_rule(t, r, sorted(overriding_treaties.get(r.id, [])), True)
        name = durable_name(r.id)
        definition[name] = {"all": conditions, "run": name}
        line, col = a.rule_pos[r.id]
        compiled = CompiledRule(
            id=r.id,
            name=name,
            treaty=t.model.id,
            general=t.model.scope == "general",
            rule=r,
            citation=citation_text(a.model.article, r.cites.paragraph, r.cites.sentence, r.cites.subparagraph),
            text=_quote(a, r),
            path=a.doc.path,
            line=line,
            col=col,
            bindings=bindings,
            trigger=r.when[0],
            trigger_binding=bindings[0] or "p0",
        )
        rules[name] = compiled
        by_id[r.id] = compiled
    for t in lib.treaties.values():
        for a in t.articles:
            for interp in a.model.interpretations:
                interpretations[interp.name] = interp
    # Every session fires this no-op rule first: durable-rules segfaults when a session in
    # which no action ever fired is deleted (defect 4 in the notes).
    definition["__session_open"] = {"all": [{"m": {"fact": "__session_open"}}], "run": "__session_open"}
    triggered_by: dict[str, list[CompiledRule]] = {}
    for compiled in rules.values():
        if compiled.rule.why_not is not None:
            triggered_by.setdefault(compiled.trigger.type, []).append(compiled)
    digest = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()[:16]
    return Program(
        name=f"treaty_rules_{digest}",
        definition=definition,
        rules=rules,
        by_id=by_id,
        treaties={tid: t.model for tid, t in lib.treaties.items()},
        interpretations=interpretations,
        overridden_by=overridden_by,
        triggered_by=triggered_by,
    )


def _quote(article: LoadedArticle, rule: Rule) -> str:
    for p in article.model.paragraphs:
        if p.number == rule.cites.paragraph:
            if rule.cites.subparagraph is not None:
                return p.subparagraphs[rule.cites.subparagraph]
            if rule.cites.sentence is not None:
                return p.sentences[rule.cites.sentence - 1]
            return " ".join(p.sentences)
    raise KeyError(rule.cites.paragraph)  # validate.py guarantees the paragraph exists


